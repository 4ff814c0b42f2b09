// 竞品 (issue 17 §1): the sample plan file (AJ-BT-0001 at ¥89.00, 8.5折 on 31 May – 1 Jun and
// 18 Jun), then a competitor log: preview, import, the pair's gap against our price after
// promotions worked by hand (85 − 89, 79 − 75.65, 82 − 89), the alert when their price falls
// below ours again, a snapshot typed in the grid that lifts it, bad input refused with nothing
// changed, an item added by hand and refused twice, kept after reload, the weekly report's
// competitor moves; the same log as an Excel workbook; English labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import XLSX from 'xlsx';
import { launch, serve, newPage, settled, ROOT, shot } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const NOW = new Date('2026-12-05T04:00:00Z');
const PLAN = fs.readFileSync(path.join(ROOT, 'tests/fixtures/plan/v2-workspace.json'));
const LOG = '\ufeff日期,竞品店铺,商品,价格,月销量,收藏,活动名称,我方SKU\n'
  + '2026-05-25,乙家杯具店,真空保温杯 500ml,85,"1,200",3000,日常,AJ-BT-0001\n'
  + '2026/5/31,乙家杯具店,真空保温杯 500ml,¥79.00,1500,3100,618开门红,AJ-BT-0001\n'
  + '2026-06-10,乙家杯具店,真空保温杯 500ml,82,1600,3200,,AJ-BT-0001\n';

async function start(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.goto(server.url + '/data');
  await page.getByTestId('import-file').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: PLAN });
  await page.getByTestId('import-preview').waitFor();
  await page.getByTestId('apply-merge').click();
  await page.getByTestId('import-done').waitFor();
  await settled(page);
  return { ctx, page };
}

const text = async (page, id) => (await page.getByTestId(id).first().textContent()).trim();
const stored = (page) => page.evaluate(() => localStorage.getItem('sop/competitors'));

test('competitor log imported: gaps after promotions, alert, typed snapshot, bad input, reload', async () => {
  const { ctx, page } = await start();
  await page.getByRole('navigation').getByRole('link', { name: '竞品' }).click();
  await page.getByTestId('page-competitors').waitFor();
  await page.getByTestId('cp-empty').waitFor();
  await page.getByTestId('cp-no-alerts').waitFor();
  const empty = await stored(page);

  // a file without the columns: a message, nothing stored
  await page.getByTestId('cp-file').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await page.getByText('没有找到表头：需要 日期、商品（或 竞品 / SPU）和 价格 三列。', { exact: false }).waitFor();
  // a bad price: the row named, nothing stored
  await page.getByTestId('cp-file').setInputFiles({ name: 'y.csv', mimeType: 'text/csv', buffer: Buffer.from('日期,商品,价格\n2026-06-01,A,abc\n') });
  await page.getByText('第 2 行价格无法识别', { exact: false }).waitFor();
  assert.equal(await stored(page), empty);

  await page.getByTestId('cp-file').setInputFiles({ name: '竞品记录.csv', mimeType: 'text/csv', buffer: Buffer.from(LOG) });
  assert.equal(await text(page, 'cp-preview').then((t) => t.split('。')[0]),
    '竞品记录.csv：2026-05-25 – 2026-06-10，新竞品 1 个，新记录 3 条，更新 0 条，未变 0 条');
  assert.equal(await text(page, 'cp-columns'),
    '读取的列：日期 ← “日期”，竞品店铺 ← “竞品店铺”，竞品商品 ← “商品”，价格（元） ← “价格”，月销量 ← “月销量”，收藏 ← “收藏”，活动 ← “活动名称”，对标我方 SKU ← “我方SKU”。');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('cp-done').waitFor();
  assert.match(await text(page, 'cp-done'), /已从 竞品记录\.csv 导入 3 条竞品记录/);

  // latest (10 Jun): ¥82.00 against our list price ¥89.00 — below, and it was above on 31 May
  const row = page.getByTestId('cp-row');
  assert.equal(await row.count(), 1);
  assert.equal(await text(page, 'cp-day'), '2026-06-10');
  assert.equal(await text(page, 'cp-their-price'), '¥82.00');
  assert.equal(await text(page, 'cp-our-price'), '¥89.00');
  assert.equal(await text(page, 'cp-gap'), '-¥7.00');
  assert.equal(await text(page, 'cp-their-sales'), '1600');
  assert.equal(await text(page, 'cp-our-units'), '—', 'no product metrics imported');
  assert.match(await page.getByLabel(/^真空保温杯 500ml 对标的我方 SKU/).inputValue(), /^5a3e0000-0000-4000-8000-000000000001$/);
  const alert = (await text(page, 'cp-alert')).replace(/\s+/g, ' ');
  assert.match(alert, /^新跌破： 真空保温杯 500ml（乙家杯具店）2026-06-10 价格 ¥82\.00，低于我方到手价 ¥89\.00，价差 -¥7\.00$/);

  // the trend's table: every day with ours after the 8.5折 on 31 May
  await page.getByTestId('cp-price-chart-table-toggle').click();
  const table = (await page.getByTestId('cp-price-chart-table').textContent()).replace(/\s+/g, ' ');
  assert.match(table, /2026-05-25/);
  assert.match(table, /75\.65/, 'our price on 31 May: 89 × 0.85');
  assert.match(table, /3\.35/, 'their 79 against our 75.65');

  // a snapshot typed for 15 Jun: ¥95 is above ours, the alert goes
  await page.getByLabel('日期', { exact: true }).fill('2026-06-15');
  const price = page.getByLabel('真空保温杯 500ml 价格（元）');
  await price.fill('abc');
  await page.getByTestId('cp-save').click();
  await page.getByText('这些竞品的价格或数量无法识别', { exact: false }).waitFor();
  await settled(page);
  const before15 = await stored(page);
  assert.ok(!before15.includes('20260615'));
  await price.fill('95');
  await page.getByLabel('真空保温杯 500ml 月销量').fill('1,700');
  await page.getByTestId('cp-save').click();
  await page.getByText('已保存 2026-06-15 的 1 条竞品记录。').waitFor();
  await page.getByTestId('cp-no-alerts').waitFor();
  assert.equal(await text(page, 'cp-gap'), '+¥6.00');
  assert.equal(await text(page, 'cp-their-sales'), '1700');

  // an item by hand; the same store and name again is refused
  await page.getByTestId('cp-new-name').fill('保温杯 A');
  await page.getByTestId('cp-new-store').fill('丙店');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.getByText('已添加竞品：保温杯 A').waitFor();
  await page.getByTestId('cp-new-name').fill('保温杯 A');
  await page.getByTestId('cp-new-store').fill('丙店');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.getByText('这个店铺的“保温杯 A”已经在列表里。').waitFor();
  assert.equal(await row.count(), 2);
  await shot(page, 'competitors');

  await settled(page);
  await page.reload();
  await page.getByTestId('page-competitors').waitFor();
  await page.getByTestId('cp-row').nth(1).waitFor();
  assert.equal(await page.getByTestId('cp-row').count(), 2);
  assert.equal(await page.getByTestId('cp-gap').allTextContents().then((g) => g.includes('+¥6.00')), true);
  // delete the hand-made item and its (no) snapshots
  await page.getByRole('button', { name: '删除竞品 保温杯 A 及其记录' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cp-row]').length === 1);

  // the weekly report of 8–14 June (to Wed 10 June): the move, with the price before and ours
  await page.goto(server.url + '/reports?k=weekly&d=2026-06-10');
  const moves = page.getByTestId('rp-competitors').locator('tbody tr');
  await moves.first().waitFor();
  assert.equal(await moves.count(), 1);
  const cells = (await moves.first().locator('td, th').allTextContents()).map((c) => c.trim());
  assert.deepEqual(cells.slice(0, 7), ['真空保温杯 500ml（乙家杯具店）', '2026-06-10', '¥82.00', '¥79.00', '¥89.00', '-¥7.00', '1,600']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the competitor log as an Excel workbook: date cells, numbers, a column not read', async () => {
  const { ctx, page } = await start();
  await page.getByRole('navigation').getByRole('link', { name: '竞品' }).click();
  await page.getByTestId('page-competitors').waitFor();
  // made here by SheetJS: dates as Excel date serials, prices and counts as numbers
  const serial = (y, m, d) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
  const date = (y, m, d) => ({ t: 'n', v: serial(y, m, d), z: 'yyyy-mm-dd' });
  const ws = XLSX.utils.aoa_to_sheet([
    ['日期', '竞品店铺', '商品', '价格', '月销量', '备注', '我方SKU'],
    [date(2026, 5, 25), '乙家杯具店', '真空保温杯 500ml', 85, 1200, '', 'AJ-BT-0001'],
    [date(2026, 5, 31), '乙家杯具店', '真空保温杯 500ml', 79, 1500, '大促', 'AJ-BT-0001'],
    [date(2026, 6, 10), '乙家杯具店', '真空保温杯 500ml', 82.5, 1600, '', 'AJ-BT-0001'],
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '竞品');
  const buffer = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
  await page.getByTestId('cp-file').setInputFiles({ name: '竞品记录.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  assert.equal(await text(page, 'cp-preview').then((t) => t.split('。')[0]),
    '竞品记录.xlsx：2026-05-25 – 2026-06-10，新竞品 1 个，新记录 3 条，更新 0 条，未变 0 条');
  assert.equal(await text(page, 'cp-columns'),
    '读取的列：日期 ← “日期”，竞品店铺 ← “竞品店铺”，竞品商品 ← “商品”，价格（元） ← “价格”，月销量 ← “月销量”，对标我方 SKU ← “我方SKU”。未使用的列：备注。');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('cp-done').waitFor();
  assert.equal(await text(page, 'cp-day'), '2026-06-10');
  assert.equal(await text(page, 'cp-their-price'), '¥82.50');
  assert.equal(await text(page, 'cp-their-sales'), '1600');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the competitors page in English', async () => {
  const { ctx, page } = await start('en-US');
  await page.goto(server.url + '/competitors');
  await page.getByRole('heading', { name: 'Competitors', level: 1 }).waitFor();
  await page.getByText('No competitor items yet. Add one above or import a competitor log.').waitFor();
  await page.getByLabel('Competitor item').fill('Cup B');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByText('Added: Cup B').waitFor();
  await page.getByLabel('Cup B Price (¥)').waitFor();
  await page.getByRole('button', { name: "Save this day's snapshot" }).waitFor();
  await page.getByRole('columnheader', { name: 'Our price' }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
