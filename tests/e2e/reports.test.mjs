// Reports (issue 17 §4): a weekly report of hand-checked imported days, the sample store's
// daily and monthly reports adding up, copy as text, CSV and XLSX export (formula-looking text
// neutralised; the XLSX read back with SheetJS), print to PDF (page count and text), English.
// The clock is pinned (2026-12-05 12:00 Beijing time); the imported days are fixed dates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import XLSX from 'xlsx';
import { launch, serve, newPage, shot, settled, pdfPages } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const NOW = new Date('2026-12-05T04:00:00Z');

const fen = (s) => { // "¥1,234.56" → integer fen
  const m = s.trim().match(/^(-?)¥([\d,]+)\.(\d\d)$/);
  assert.ok(m, `not an exact yuan figure: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
};

/** Mon 3 – Wed 5 June 2019: GMV ¥500 + ¥900 + ¥300 = ¥1,700; visitors 100 + 200 + 80. */
const CSV = '统计日期,访客数,支付买家数,支付金额\n2019-06-03,100,6,500.00\n2019-06-04,200,20,900.00\n2019-06-05,80,8,300.00\n';

async function emptyStoreWithDays(page) {
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByRole('link', { name: /^(设置|Settings)$/ }).click();
  await page.getByTestId('store-name-input').fill('=安居小店');
  await page.getByTestId('store-name-input').blur();
  await page.getByRole('link', { name: /^(数据导入导出|Data)$/ }).click();
  await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  await page.getByTestId('metrics-file').setInputFiles({ name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await page.getByTestId('metrics-preview').waitFor();
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  await settled(page);
}

test('weekly report to date: hand-checked figures, copy as text, CSV with neutralised text, print to PDF', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await emptyStoreWithDays(page);
  await page.getByRole('link', { name: '报告' }).click();
  await page.getByTestId('page-reports').waitFor();
  // the default day is the last imported one; weekly: Monday 3 June to date
  assert.equal(await page.getByTestId('rp-day').inputValue(), '2019-06-05');
  await page.getByRole('button', { name: '周报' }).click();
  assert.equal(await page.getByTestId('rp-title').textContent(), '=安居小店 周报 2019-06-03 – 2019-06-09（截至 2019-06-05）');
  assert.match(page.url(), /\/reports\?k=weekly&d=2019-06-05$/);
  const overview = page.getByTestId('rp-overview');
  const row = (name) => overview.locator('tr', { has: page.locator('td', { hasText: new RegExp(`^${name}$`) }) });
  assert.equal(fen(await row('支付金额').locator('td').nth(1).textContent()), 170000);
  assert.equal(await row('访客数').locator('td').nth(1).textContent(), '380');
  // one trend line per imported day, adding up to the overview to the fen
  const trend = await page.getByTestId('rp-trend').locator('tbody tr').allTextContents();
  assert.equal(trend.length, 3);
  const gmvs = await page.getByTestId('rp-trend').locator('tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(gmvs.map(fen), [50000, 90000, 30000]);
  // no product data, no plan, no target: each section says so
  await page.getByTestId('rp-best-empty').waitFor();
  assert.match(await page.getByTestId('rp-competitors-empty').textContent(), /这一周没有竞品记录/);
  assert.match(await page.getByTestId('rp-sec-plan').locator('h2').textContent(), /2019-06-10 至 2019-06-16/);
  await shot(page, 'report-weekly-zh');

  // copy as text (for a chat message)
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.getByTestId('rp-copy').click();
  await page.getByTestId('rp-copied').filter({ hasText: '已复制' }).waitFor();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(text.startsWith('=安居小店 周报 2019-06-03 – 2019-06-09（截至 2019-06-05）\n'));
  assert.match(text, /【概况】\n支付金额：数值 ¥1,700\.00，环比 —，同比 —\n访客数：数值 380，/);
  assert.match(text, /【销售趋势（按日）】\n2019-06-03：支付金额 ¥500\.00，访客数 100，支付买家数 6，支付转化率 6\.0000%\n/);

  // CSV: BOM, plain numbers, the store name that looks like a formula neutralised
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rp-csv').click()]);
  assert.equal(dl.suggestedFilename(), 'report-weekly-2019-06-05.csv');
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF\'=安居小店 周报'), 'formula-looking text neutralised');
  assert.match(csv, /\r\n2019-06-04,900\.00,200,20,0\.100000\r\n/);
  assert.match(csv, /\r\n支付金额,1700\.00,,\r\n/);
  assert.ok(!/(^|\r\n)[=+\-@]/.test(csv.replace(/^\uFEFF/, '')), 'no cell starts a formula');

  // XLSX (written by the xlsx worker), read back with SheetJS: typed cells, text neutralised
  const [xl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 XLSX' }).click()]);
  assert.equal(xl.suggestedFilename(), 'report-weekly-2019-06-05.xlsx');
  const wb = XLSX.read(fs.readFileSync(await xl.path()), { type: 'buffer' });
  assert.equal(wb.SheetNames.length, 1);
  const ws = wb.Sheets[wb.SheetNames[0]];
  const grid = XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null });
  assert.equal(grid[0][0], "'=安居小店 周报 2019-06-03 – 2019-06-09（截至 2019-06-05）");
  const day = grid.find((r) => r[0] === '2019-06-04');
  assert.deepEqual(day.slice(0, 5), ['2019-06-04', 900, 200, 20, 0.1]);
  const gmv = grid.find((r) => r[0] === '支付金额');
  assert.equal(gmv[1], 1700);
  assert.equal(ws[XLSX.utils.encode_cell({ r: grid.indexOf(gmv), c: 1 })].t, 'n', 'money is a number');
  for (const r of grid) for (const c of r) if (typeof c === 'string') assert.ok(!/^[=+\-@]/.test(c), c);
  assert.equal(await page.getByTestId('xlsx-failed').count(), 0);

  // print: the report alone, on A4 pages (nav and toolbar hidden)
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.sidenav').isVisible(), false);
  assert.equal(await page.getByTestId('rp-copy').isVisible(), false);
  assert.ok(await page.getByTestId('rp-title').isVisible());
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 3, `${pages} pages`);
  // the PDF's own text (PDF.js): the report's title and figures, not the nav or the buttons
  const printed = await pdfPages(pdf);
  assert.equal(printed.length, pages);
  const all = printed.join('\n').replace(/\s+/g, ' ');
  assert.ok(all.includes('=安居小店 周报 2019-06-03 – 2019-06-09（截至 2019-06-05）'.normalize('NFKC')), all.slice(0, 300));
  assert.ok(all.includes('¥1,700.00') && all.includes('¥900.00'), all.slice(0, 600));
  assert.ok(!all.includes('复制为文字') && !all.includes('导出 XLSX') && !all.includes('数据导入导出'), 'no toolbar or nav in print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('English: kinds, headings and a bad date keep the report', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await emptyStoreWithDays(page);
  await page.goto(server.url + '/reports?k=monthly&d=2019-06-30');
  await page.getByTestId('page-reports').waitFor();
  assert.equal(await page.getByTestId('rp-title').textContent(), '=安居小店 Monthly report 2019-06-01 – 2019-06-30');
  assert.equal(await page.getByTestId('rp-sec-promotions').locator('h2').textContent(), 'Promotion reviews');
  assert.equal(await page.getByTestId('rp-sec-target').locator('h2').textContent(), "Next month's target");
  assert.equal(fen(await page.getByTestId('rp-overview').locator('tr', { hasText: 'GMV (paid)' }).locator('td').nth(1).textContent()), 170000);
  // daily: no trend or categories; the day before has no data and says so
  await page.getByRole('button', { name: 'Daily report' }).click();
  await page.getByTestId('rp-day').fill('2019-06-02');
  await page.getByTestId('rp-day').dispatchEvent('change');
  assert.equal(await page.getByTestId('rp-title').textContent(), '=安居小店 Daily report 2019-06-02');
  assert.equal(await page.getByTestId('rp-overview-empty').textContent(), 'No imported store data for these days.');
  assert.equal(await page.getByTestId('rp-sec-trend').count(), 0);
  await shot(page, 'report-daily-en');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a comment kept with the weekly report: shown, copied, exported (neutralised), printed, kept after reload, removed', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await emptyStoreWithDays(page);
  await page.goto(server.url + '/reports?k=weekly&d=2019-06-05');
  await page.getByTestId('page-reports').waitFor();
  assert.equal(await page.getByTestId('rp-sec-note').count(), 0, 'no comment, no section');
  const box = page.getByLabel(/^这份报告的备注/);
  await box.fill('周三流量回落，明天加大直通车\n=SUM(A1)');
  await page.getByRole('button', { name: '保存备注' }).click();
  await page.getByText('备注已保存。').waitFor();
  const rows = await page.getByTestId('rp-note').locator('tbody tr').allTextContents();
  assert.deepEqual(rows.map((r) => r.trim()), ['周三流量回落，明天加大直通车', '=SUM(A1)']);
  // the CSV neutralises the line that looks like a formula
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rp-csv').click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  assert.match(csv, /\r\n备注\r\n备注\r\n周三流量回落，明天加大直通车\r\n'=SUM\(A1\)\r\n/);
  // copied as text with the report
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.getByTestId('rp-copy').click();
  await page.getByTestId('rp-copied').filter({ hasText: '已复制' }).waitFor();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /【备注】\n周三流量回落，明天加大直通车\n=SUM\(A1\)\n/);
  // printed with the report; the editor is not
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.getByTestId('rp-sec-note').isVisible());
  assert.equal(await box.isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  // kept after reload, only on this week's report
  await settled(page);
  await page.reload();
  await page.getByTestId('rp-note').waitFor();
  assert.match(await page.getByLabel(/^这份报告的备注/).inputValue(), /^周三流量回落/);
  await page.getByRole('button', { name: '日报' }).click();
  assert.equal(await page.getByTestId('rp-sec-note').count(), 0);
  await page.getByRole('button', { name: '周报' }).click();
  await page.getByTestId('rp-sec-note').waitFor();
  // emptied and saved: the comment goes
  await page.getByLabel(/^这份报告的备注/).fill('');
  await page.getByRole('button', { name: '保存备注' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=rp-sec-note]'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
