// 售后 (issue 17 §2): a store file for November, then the GBK refund export of the native
// fixture: preview, import, the rate and reasons worked by hand, the quality feedback naming the
// jacket with its reasons, a re-import of its XLSX form that only updates, kept after reload; a bad file changes
// nothing; English labels.
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
const REFUNDS = fs.readFileSync(path.join(ROOT, 'tests/fixtures/refunds_2026-11.csv'));
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The refund fixture as the xlsx form of the export: text cells, the two amounts as numbers. */
function refundsXlsx() {
  const csv = XLSX.read(new TextDecoder('gbk').decode(REFUNDS), { type: 'string', raw: true });
  const rows = XLSX.utils.sheet_to_json(csv.Sheets[csv.SheetNames[0]], { header: 1, raw: true, defval: '' });
  const out = rows.map((r, i) => r.map((c, j) => (i > 0 && (j === 6 || j === 7) && c !== '' ? Number(String(c).replace(/[=",]/g, '')) : c)));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(out), '退款明细');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
}

async function start(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.goto(server.url + '/data');
  await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  const rows = ['统计日期,访客数,支付买家数,支付金额'];
  for (let d = 1; d <= 30; d++) rows.push(`2026-11-${String(d).padStart(2, '0')},400,40,4000.00`);
  await page.getByTestId('metrics-file').setInputFiles({ name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  await settled(page);
  return { ctx, page };
}

const text = async (page, id) => (await page.getByTestId(id).textContent()).trim();

test('refund export imported: rate, reasons, quality feedback, re-import, reload', async () => {
  const { ctx, page } = await start();
  await page.getByRole('navigation').getByRole('link', { name: '售后' }).click();
  await page.getByTestId('page-service').waitFor();
  await page.getByTestId('sv-empty').waitFor();
  await page.getByTestId('sv-file').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await page.getByText('找不到表头：需要有「退款编号」「退款金额」和「申请时间」列。', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/refunds')), null);
  // a broken workbook: read by the worker, refused with a message, nothing stored
  await page.getByTestId('sv-file').setInputFiles({ name: 'broken.xlsx', mimeType: XLSX_MIME, buffer: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]) });
  await page.getByText('无法读取这个文件：它既不是 CSV 等文本表格，也不是可读的 Excel 工作簿', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/refunds')), null);

  await page.getByTestId('sv-file').setInputFiles({ name: '退款明细.csv', mimeType: 'text/csv', buffer: REFUNDS });
  assert.match(await text(page, 'sv-preview'), /退款明细\.csv：7 笔退款，申请日期 2026-11-03 至 2026-12-01；新增 7 笔，更新 0 笔（按退款编号），跳过 1 行。/);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('sv-done').waitFor();

  // last 90 days to 1 Dec: six refunds count (one closed), one still open
  assert.equal(await text(page, 'sv-refunds'), '6');
  assert.equal(await text(page, 'sv-amount'), '¥1,534.00');
  assert.equal(await text(page, 'sv-open'), '1');
  assert.equal(await text(page, 'sv-buyers'), '1200');
  assert.equal(await text(page, 'sv-rate'), '0.50%');
  assert.equal(await text(page, 'sv-quality'), '3');
  assert.equal(await text(page, 'sv-quality-rate'), '0.25%');
  const reasons = await page.getByTestId('sv-reason').allTextContents();
  assert.deepEqual(reasons.map((r) => r.replace(/\s+/g, ' ').trim()), ['质量问题233.33%', '尺码不符233.33%', '描述不符116.67%', '物流116.67%']);
  assert.equal(await page.getByTestId('sv-month').count(), 2);
  // the jacket: 2 quality refunds of its 3 (the store: 3 of 6), no product data → by share
  const flags = page.getByTestId('sv-flag');
  assert.equal(await flags.count(), 1);
  const flag = (await flags.first().textContent()).replace(/\s+/g, ' ');
  assert.match(flag, /612345678901/);
  assert.match(flag, /质量问题 2 · 尺码不符 1/);

  // the same refunds as an Excel workbook (made here by SheetJS, amounts as numbers): nothing new
  await page.getByTestId('sv-file').setInputFiles({ name: '退款明细.xlsx', mimeType: XLSX_MIME, buffer: refundsXlsx() });
  assert.match(await text(page, 'sv-preview'), /退款明细\.xlsx：7 笔退款，申请日期 2026-11-03 至 2026-12-01；新增 0 笔，更新 7 笔/);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('sv-done').waitFor();
  await shot(page, 'service');
  await page.reload();
  await page.getByTestId('page-service').waitFor();
  assert.equal(await text(page, 'sv-refunds'), '6');
  await page.getByLabel('统计期间').selectOption({ label: '全部' });
  assert.equal(await text(page, 'sv-refunds'), '6');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('in English: labels, and a file with a bad row says which', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Customer service' }).click();
  await page.getByTestId('page-service').waitFor();
  assert.equal(await page.getByLabel(/^Period/).count(), 1);
  const bad = '退款编号,退款金额,申请时间\nR1,12.00,2026-11-01\nR2,abc,2026-11-01\n';
  await page.getByTestId('sv-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByText('Unreadable rows: 1; nothing was imported: row 3: the refund amount is not a number').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/refunds')), null);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('typed complaints: added, counted by reason and product, handled, refused when empty, kept after reload', async () => {
  const { ctx, page } = await start();
  await page.goto(server.url + '/service');
  await page.getByTestId('sv-complaints').waitFor();
  await page.getByTestId('sv-c-empty').waitFor();
  const before = await page.evaluate(() => localStorage.getItem('sop/complaints'));
  // nothing said: refused, nothing stored
  await page.getByRole('button', { name: '添加投诉' }).click();
  await page.getByText('请填写投诉内容（最多 500 个字）。').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/complaints')), before);

  const add = async (day, item, reason, text) => {
    await page.getByLabel('日期', { exact: true }).fill(day);
    await page.getByLabel('商品ID', { exact: true }).fill(item);
    await page.getByLabel(/^原因/).selectOption({ label: reason });
    await page.getByLabel('投诉内容').fill(text);
    await page.getByRole('button', { name: '添加投诉' }).click();
    await page.getByText('已添加投诉。').waitFor();
  };
  await add('2026-11-20', '612345678901', '质量问题', '袖口开线');
  await add('2026-11-22', '612345678901', '描述不符', '颜色和图片不一样');
  await add('2026-11-25', '612345678902', '物流', '快递一周没到');
  assert.equal(await page.getByTestId('sv-c-row').count(), 3);
  assert.equal(await page.getByTestId('sv-c-summary').textContent(), '本期投诉 3 件，未处理 3 件。');
  assert.equal(await page.getByTestId('sv-c-reasons').textContent(), '质量问题 1 · 描述不符 1 · 物流 1');
  assert.equal(await page.getByTestId('sv-c-products').textContent(), '612345678901：2 件（质量相关 2）；612345678902：1 件（质量相关 0）');
  await page.getByLabel('已处理：快递一周没到').check();
  await page.getByText('本期投诉 3 件，未处理 2 件。').waitFor();
  await page.getByTestId('sv-complaints').scrollIntoViewIfNeeded();
  await shot(page, 'service-complaints');
  await settled(page);
  await page.reload();
  await page.getByTestId('sv-c-list').waitFor();
  assert.equal(await page.getByTestId('sv-c-summary').textContent(), '本期投诉 3 件，未处理 2 件。');
  assert.equal(await page.getByLabel('已处理：快递一周没到').isChecked(), true);
  await page.getByRole('button', { name: '删除投诉：袖口开线' }).click();
  await page.getByText('本期投诉 2 件，未处理 1 件。').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
