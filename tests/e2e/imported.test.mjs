// Data page: the import preview's file totals beside what is stored on the same days, and the
// list of imported days with a delete that asks first and can be undone (issue 13 §4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, newPage, shot, settled, DIST, ROOT } from './helpers.mjs';
import { startServer } from './server.mjs';

const FIX = path.join(ROOT, 'tests/fixtures/import');
let browser, server;
before(async () => {
  browser = await launch();
  server = await startServer(DIST);
});
after(async () => { await browser?.close(); await server?.close(); });

const fixture = (rel) => ({ name: path.basename(rel), mimeType: 'text/csv', buffer: fs.readFileSync(path.join(FIX, rel)) });

async function choose(page, file) {
  await page.getByTestId('metrics-file').setInputFiles(file);
  await page.locator('[data-testid=metrics-preview], [data-testid=metrics-error]').first().waitFor();
}

/** The totals table as {metric: [file, stored, difference]}. */
async function totals(page) {
  const rows = page.getByTestId('metrics-total');
  const out = {};
  for (let i = 0; i < await rows.count(); i++) {
    const r = rows.nth(i);
    out[await r.getAttribute('data-metric')] = [
      (await r.getByTestId('total-file').textContent()).trim(),
      (await r.getByTestId('total-stored').textContent()).trim(),
      (await r.getByTestId('total-diff').textContent()).trim(),
    ];
  }
  return out;
}

async function runs(page) {
  const rows = page.getByTestId('run-row');
  const out = [];
  for (let i = 0; i < await rows.count(); i++) {
    out.push((await rows.nth(i).locator('td').allTextContents()).slice(0, 5).map((s) => s.trim()).join(' | '));
  }
  return out;
}

test('file totals beside the stored days; imported runs deleted after a confirmation and put back by undo', async () => {
  const { ctx, page } = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByTestId('page-dashboard').waitFor();
  await page.getByRole('link', { name: /^(数据导入导出|Data)$/ }).click();
  await page.getByTestId('imported-runs').waitFor();
  assert.equal((await page.getByTestId('runs-none').textContent()).trim(), '还没有导入的数据。');

  // plain_store.csv: 3 days; its own Total row says 3,600 visitors and ¥19,234.56 — the app's sums agree
  await choose(page, fixture('plain_store.csv'));
  assert.equal((await page.getByTestId('metrics-totals').locator('caption').textContent()).trim(), '本文件合计与已存数据（相同日期）');
  assert.deepEqual(await totals(page), {
    Visitors: ['3,600', '0', '+3,600'],
    PayingBuyers: ['196', '0', '+196'],
    PaidUnits: ['226', '0', '+226'],
    PaidAmount: ['¥19,234.56', '¥0.00', '+¥19,234.56'],
    RefundAmount: ['¥120.50', '¥0.00', '+¥120.50'],
  });
  // the first rows as the app read them: Excel serial dates, ¥ and thousands separators, '-'
  assert.equal((await page.getByTestId('metrics-first-rows').locator('caption').textContent()).trim(), '文件前 3 行（应用读到的值）');
  const first = await page.getByTestId('metrics-first-row').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | ')));
  assert.deepEqual(first, [
    '2024-03-01 | 1,200 | 64 | 75 | ¥8,000.00 | ¥120.50',
    '2024-03-02 | 1,100 | 60 | 66 | ¥1,234.56 | ¥0.00',
    '2024-03-03 | 1,300 | 72 | 85 | ¥10,000.00 | ¥0.00',
  ]);
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  assert.deepEqual(await runs(page), ['店铺整体 | 2024-03-01 | 2024-03-03 | 3 | 3']);

  // An overlapping file: days 2 and 3 are stored, day 4 is new; 2 corrected down by 100 visitors
  const csv = 'date,visitors,paying_buyers,gmv,units,page_views,add_to_cart,orders,refunds,ad_spend\n' +
    '2024-03-02,1000,60,1234.56,66,3100,140,70,0,280.00\n' +
    '2024-03-03,1300,72,"10,000.00",85,3900,170,90,0,12.35\n' +
    '2024-03-06,500,10,100.00,10,900,20,12,0,0\n';
  await choose(page, { name: 'store-days.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const t = await totals(page);
  assert.deepEqual(t.Visitors, ['2,800', '2,400', '+400']);
  assert.deepEqual(t.PaidAmount, ['¥11,334.56', '¥11,234.56', '+¥100.00']);
  await shot(page, 'metrics-totals-zh');
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  // a day without data (03-04, 03-05) starts a new run
  assert.deepEqual(await runs(page), [
    '店铺整体 | 2024-03-01 | 2024-03-03 | 3 | 3',
    '店铺整体 | 2024-03-06 | 2024-03-06 | 1 | 1',
  ]);
  await settled(page);
  const before = await page.evaluate(() => localStorage.getItem('sop/metrics'));

  // Delete asks first; cancel changes nothing
  const del = page.getByRole('button', { name: '删除店铺整体数据 2024-03-01 至 2024-03-03' });
  await del.click();
  await page.getByTestId('run-cancel').click();
  assert.equal(await page.getByTestId('run-confirm').count(), 0);
  assert.equal((await runs(page)).length, 2);

  await del.click();
  assert.equal((await page.getByTestId('run-confirm').textContent()).trim(), '确认删除 3 行');
  await page.getByTestId('run-confirm').click();
  assert.equal((await page.getByTestId('runs-deleted').textContent()).trim().replace(/\s*撤销删除$/, ''),
    '已删除店铺整体数据 2024-03-01 至 2024-03-03，共 3 行。');
  assert.deepEqual(await runs(page), ['店铺整体 | 2024-03-06 | 2024-03-06 | 1 | 1']);
  await settled(page);
  const after = await page.evaluate(() => localStorage.getItem('sop/metrics'));
  assert.notEqual(after, before, 'the deletion is saved');

  // Saved: a reload lists one run
  await page.reload();
  await page.getByTestId('imported-runs').waitFor();
  assert.deepEqual(await runs(page), ['店铺整体 | 2024-03-06 | 2024-03-06 | 1 | 1']);

  // Undo (before a reload) puts the rows back exactly
  await del.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: '删除店铺整体数据 2024-03-06 至 2024-03-06' }).click();
  await page.getByTestId('run-confirm').click();
  assert.equal((await page.getByTestId('runs-none').textContent()).trim(), '还没有导入的数据。');
  await page.getByTestId('runs-undo').click();
  assert.deepEqual(await runs(page), ['店铺整体 | 2024-03-06 | 2024-03-06 | 1 | 1']);
  assert.equal(await page.getByTestId('runs-deleted').count(), 0);
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/metrics')), after, 'undo restores the stored data exactly');

  // An undo after a newer import would overwrite it: refused with a message, nothing changes
  await page.getByRole('button', { name: '删除店铺整体数据 2024-03-06 至 2024-03-06' }).click();
  await page.getByTestId('run-confirm').click();
  // focus moves to Undo after a delete (waited for: the focus is set once the banner is drawn)
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'runs-undo');
  await choose(page, { name: 'store-days.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  await settled(page);
  const imported = await page.evaluate(() => localStorage.getItem('sop/metrics'));
  await page.getByTestId('runs-undo').click();
  assert.match((await page.getByTestId('runs-undo-stale').textContent()).trim(), /^删除之后数据又有变化/);
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/metrics')), imported);

  // English
  await page.getByTestId('lang-switch').click();
  await page.getByRole('button', { name: 'Delete Store totals data from 2024-03-06 to 2024-03-06' }).waitFor();
  assert.equal((await page.getByTestId('imported-runs').locator('h2').textContent()).trim(), 'Imported data');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
