// Targets and the profit plan (issue 14) through the UI: a year's target on the sample store,
// a typed and locked month, the year still adding up to the fen; bad values refused with nothing
// changed; attainment on the Dashboard; export as a plan file, import in a fresh profile, the
// same table; the month table as CSV; English labels.
//
// The clock is pinned (2026-12-05 12:00 Beijing time): the sample store's 400 days of metrics
// end the day before, so what is "to date" never depends on when the test runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import XLSX from 'xlsx';
import { launch, serve, newPage, settled, shot } from './helpers.mjs';

const NOW = new Date('2026-12-05T04:00:00Z');

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const tid = (page, id) => page.getByTestId(id);
const text = async (loc) => (await loc.textContent()).trim();
async function commit(loc, value) { await loc.fill(value); await loc.press('Tab'); }
const stored = (page) => page.evaluate(() => localStorage.getItem('sop/targets'));
const monthValues = async (page) => {
  const out = [];
  for (let m = 1; m <= 12; m++) out.push(await tid(page, `month-${m}`).inputValue());
  return out;
};
const fen = (s) => Math.round(parseFloat(s.replace(/[^0-9.]/g, '')) * 100);

async function sampleStore(page, url) {
  await page.clock.setFixedTime(NOW);
  await page.goto(url + '/');
  await tid(page, 'load-sample').click();
  await tid(page, 'page-dashboard').waitFor();
  await settled(page);
}

async function openTargets(page, name = /^(目标|Targets)$/) {
  await page.getByRole('navigation').getByRole('link', { name }).click();
  await tid(page, 'page-targets').waitFor();
}

test('a year target on the sample store: typed and locked months, the year adds up to the fen', async () => {
  const { ctx, page } = await newPage(browser);
  await sampleStore(page, server.url);
  await openTargets(page);
  await tid(page, 'targets-none').waitFor();
  assert.equal(await tid(page, 'new-plan-year').inputValue(), '2026');
  await tid(page, 'new-plan').click();
  await tid(page, 'month-table').waitFor();

  await commit(page.getByLabel('年度目标（支付金额）'), '5600万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥56,000,000.00');
  assert.equal(await text(tid(page, 'year-target-exact')), '¥56,000,000.00');
  // the sample store has no full year before 2026: the default curve, said so on screen
  assert.match(await text(tid(page, 'curve-note')), /默认曲线/);
  const first = await monthValues(page);
  assert.equal(first.reduce((a, v) => a + fen(v), 0), 5_600_000_000);

  // type March: it is pinned, the other months absorb, the year holds
  await commit(page.getByLabel('3月目标', { exact: true }), '600万');
  await page.waitForFunction(() => document.querySelector('[data-testid=month-3]').value === '6,000,000.00');
  assert.ok(await page.getByLabel('锁定3月').isChecked());
  assert.equal(await text(tid(page, 'months-sum')), '¥56,000,000.00');
  const typed = await monthValues(page);
  assert.equal(typed.reduce((a, v) => a + fen(v), 0), 5_600_000_000);

  // lock November too, then raise the year: the two pinned months stay
  await page.getByLabel('锁定11月').check();
  const nov = await tid(page, 'month-11').inputValue();
  await commit(page.getByLabel('年度目标（支付金额）'), '6,000万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥60,000,000.00');
  assert.equal(await tid(page, 'month-3').inputValue(), '6,000,000.00');
  assert.equal(await tid(page, 'month-11').inputValue(), nov);
  const raised = await monthValues(page);
  assert.equal(raised.reduce((a, v) => a + fen(v), 0), 6_000_000_000);

  // a quarter: Q4 set, the year still holds
  await commit(page.getByLabel('Q4 目标'), '2000万');
  await page.waitForFunction(() => document.querySelector('[data-testid=quarter-4]').value === '20,000,000.00');
  assert.equal(await text(tid(page, 'months-sum')), '¥60,000,000.00');

  // what the months need and plan against actual (sample data runs to 2026-12-04)
  assert.match(await text(tid(page, 'year-attainment')), /\d+\.\d\d%/);
  assert.match(await text(tid(page, 'targets-progress')), /2026-12-04/);
  assert.match(await text(tid(page, 'forecast')), /¥[\d,]+\.\d\d/);
  assert.equal(await page.locator('[data-testid=pnl-profit] td').count(), 13);
  assert.equal(await page.locator('[data-testid=sens-row]').count(), 7);
  // every month of 2026 has sample actuals: each gap is split into its three causes
  assert.equal(await page.locator('[data-testid=gap-row]').count(), 12);
  // days: the data's month (December) first, then February; the days add up to the month
  assert.equal(await page.locator('[data-testid=day-row]').count(), 31);
  assert.equal(await text(tid(page, 'days-sum')), '¥' + await tid(page, 'month-12').inputValue());
  await page.getByLabel('拆分月份').selectOption('1');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=day-row]').length === 28);
  assert.equal(await text(tid(page, 'days-sum')), '¥' + await tid(page, 'month-2').inputValue());
  await settled(page);
  await shot(page, 'targets-zh');

  // undo (outside a field) takes back the last edit, the Q4 change
  await page.locator('h1').click();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid=quarter-4]').value !== '20,000,000.00');
  assert.equal(await text(tid(page, 'months-sum')), '¥60,000,000.00');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('bad values are refused with a message and nothing changes', async () => {
  const { ctx, page } = await newPage(browser);
  await sampleStore(page, server.url);
  await openTargets(page);
  await tid(page, 'new-plan').click();
  await commit(page.getByLabel('年度目标（支付金额）'), '1200万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥12,000,000.00');
  await settled(page);
  const before = await stored(page);
  const cells = await monthValues(page);
  for (const [where, bad, says] of [
    ['年度目标（支付金额）', '-5', /不能为负数/],
    ['年度目标（支付金额）', 'abc', /不是金额/],
    ['年度目标（支付金额）', '1e309', /不是金额/],
    ['5月目标', '-100', /不能为负数/],
    ['5月目标', '99999999999999999', /过大/],
    ['支付转化率（%）', '150', /不是有效的百分比/],
    ['客单价（元）', 'abc', /不是有效的金额/],
  ]) {
    await commit(page.getByLabel(where, { exact: true }), bad);
    await tid(page, 'targets-error').waitFor();
    assert.match(await text(tid(page, 'targets-error')), says, `${where} ${bad}`);
    assert.match(await text(tid(page, 'targets-error')), /未做任何改动/);
    assert.notEqual(await page.getByLabel(where, { exact: true }).inputValue(), bad, 'the box shows the kept value again');
  }
  await settled(page);
  assert.equal(await stored(page), before, 'storage is byte-for-byte unchanged');
  assert.deepEqual(await monthValues(page), cells);
  assert.equal(await text(tid(page, 'months-sum')), '¥12,000,000.00');
  // a good value clears the message
  await commit(page.getByLabel('年度目标（支付金额）'), '1300万');
  await tid(page, 'targets-error').waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the Dashboard shows attainment; a plan file carries the plan to a fresh profile, the same table', async () => {
  const { ctx, page } = await newPage(browser);
  await sampleStore(page, server.url);
  await openTargets(page);
  await tid(page, 'new-plan').click();
  await commit(page.getByLabel('年度目标（支付金额）'), '5600万');
  await commit(page.getByLabel('7月目标', { exact: true }), '480万');
  await page.waitForFunction(() => document.querySelector('[data-testid=month-7]').value === '4,800,000.00');
  await commit(page.getByLabel('毛利率（%，留空用商品成本）'), '45');
  await tid(page, 'fixed-add').click();
  await commit(tid(page, 'fixed-1'), '60000');
  await page.waitForFunction(() => document.querySelector('[data-testid=pnl-fixed] td').textContent.trim() === '¥60,000.00');
  // a scenario: an independent copy
  await commit(tid(page, 'scenario-name'), '乐观');
  await tid(page, 'scenario-copy').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=scenario-row]').length === 2);
  assert.equal(await tid(page, 'plan-name').inputValue(), '乐观');
  await commit(page.getByLabel('年度目标（支付金额）'), '6600万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥66,000,000.00');
  const rows = await page.locator('[data-testid=scenario-row]').allTextContents();
  assert.ok(rows.some((r) => r.includes('¥56,000,000.00')) && rows.some((r) => r.includes('¥66,000,000.00')), rows.join('\n'));
  // back to the main plan
  await page.getByRole('button', { name: /查看 2026 年度计划/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥56,000,000.00');
  const table = await monthValues(page);
  const pnl = await text(tid(page, 'pnl'));
  await settled(page);

  // CSV of the month table
  const [csv] = await Promise.all([page.waitForEvent('download'), tid(page, 'targets-export').click()]);
  const body = fs.readFileSync(await csv.path(), 'utf8');
  assert.match(body, /月份,目标,锁定/);
  assert.match(body, /\n全年,56000000\.00,/);
  assert.match(body, /\n7月,4800000\.00,1,/);
  // the same table as XLSX, read back with SheetJS: money as numbers, shares as percentages
  const [xl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 XLSX' }).click()]);
  assert.match(xl.suggestedFilename(), /\.xlsx$/);
  const wb = XLSX.read(fs.readFileSync(await xl.path()), { type: 'buffer' });
  const grid = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: null });
  assert.deepEqual(grid[1].slice(0, 3), ['月份', '目标', '锁定']);
  const july = grid.find((r) => r[0] === '7月');
  assert.deepEqual(july.slice(0, 3), ['7月', 4800000, 1]);
  const year = grid.find((r) => r[0] === '全年');
  assert.deepEqual(year.slice(0, 4), ['全年', 56000000, null, 1]);
  const months = grid.filter((r) => /^\d+月$/.test(r[0]));
  assert.equal(months.length, 12);
  assert.equal(Math.round(months.reduce((a, r) => a + r[1] * 100, 0)), 5600000000, 'months add up to the fen');

  // the Dashboard measures against the main plan, to date
  await page.getByRole('navigation').getByRole('link', { name: '概览' }).click();
  await tid(page, 'dash-targets').waitFor();
  assert.match(await text(tid(page, 'dash-targets')), /\d+\.\d\d%/);
  assert.match(await text(tid(page, 'dash-targets')), /2026 年度计划/);

  // plan file → fresh profile
  await page.goto(server.url + '/data');
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-all').click()]);
  const file = fs.readFileSync(await dl.path(), 'utf8');
  assert.equal(JSON.parse(file).payload.targets.length, 2);
  const fresh = await newPage(browser);
  const p2 = fresh.page;
  await p2.clock.setFixedTime(NOW);
  await p2.goto(server.url + '/');
  await tid(p2, 'start-empty').click();
  await p2.goto(server.url + '/data');
  await tid(p2, 'import-file').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await tid(p2, 'import-preview').waitFor();
  await tid(p2, 'apply-merge').click();
  await tid(p2, 'import-done').waitFor();
  await openTargets(p2);
  await tid(p2, 'month-table').waitFor();
  assert.equal(await tid(p2, 'plan-name').inputValue(), '2026 年度计划');
  assert.deepEqual(await monthValues(p2), table);
  // no products and no store data here: the P&L uses the plan's own 45% margin all the same
  assert.equal(await text(tid(p2, 'pnl')), pnl);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(p2.errors, []);
  await fresh.ctx.close();
  await ctx.close();
});

test('in English: labelled controls and exact figures', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await sampleStore(page, server.url);
  await openTargets(page, 'Targets');
  await tid(page, 'new-plan').click();
  await commit(page.getByLabel('Year target (GMV)'), '0.56亿');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥56,000,000.00');
  await commit(page.getByLabel('Feb target', { exact: true }), '3,000,000');
  assert.ok(await page.getByLabel('Lock Feb').isChecked());
  await commit(page.getByLabel('Year target (GMV)'), 'lots');
  assert.match(await text(tid(page, 'targets-error')), /is not an amount.*Nothing was changed/);
  assert.match(await text(tid(page, 'curve-note')), /default curve/);
  await shot(page, 'targets-en');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
