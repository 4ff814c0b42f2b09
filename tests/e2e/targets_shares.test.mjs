// Issue 14 through the UI: the planned promotions' discount in the profit plan, a month split
// down to categories and items (typed shares, every level adding up to the fen), a net headline,
// the weeks of a month, and attainment per category on the Dashboard.
//
// The clock is pinned (2026-12-05 12:00 Beijing time): the sample's 双12 promotions then run
// 10–12 December and its metrics end on 4 December.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, settled, shot } from './helpers.mjs';

const NOW = new Date('2026-12-05T04:00:00Z');

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const tid = (page, id) => page.getByTestId(id);
const text = async (loc) => (await loc.textContent()).trim();
async function commit(loc, value) { await loc.fill(value); await loc.press('Tab'); }
const stored = (page) => page.evaluate(() => localStorage.getItem('sop/targets'));
// "¥1,234.56" → 123456 fen (exact: integer arithmetic on the digits)
const fen = (s) => {
  const m = s.replace(/[¥,\s]/g, '').match(/^(-?)(\d+)\.(\d\d)$/);
  assert.ok(m, `not an exact amount: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};
const cells = (page, row) => page.locator(`[data-testid=${row}] td`).allTextContents();

async function planOnSample(page, url) {
  await page.clock.setFixedTime(NOW);
  await page.goto(url + '/');
  await tid(page, 'load-sample').click();
  await tid(page, 'page-dashboard').waitFor();
  await settled(page);
  await page.getByRole('navigation').getByRole('link', { name: /^(目标|Targets)$/ }).click();
  await tid(page, 'page-targets').waitFor();
  await tid(page, 'new-plan').click();
  await tid(page, 'month-table').waitFor();
}

test('the profit plan takes the 双12 promotions\' discount; categories and items add up; typed shares', async () => {
  const { ctx, page } = await newPage(browser);
  await planOnSample(page, server.url);
  await commit(page.getByLabel('年度目标（支付金额）'), '5600万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥56,000,000.00');

  // P&L: December carries the 双12 promotions' discount; sales at list = 支付金额 + discount
  const promo = await cells(page, 'pnl-promo');
  const list = await cells(page, 'pnl-list');
  const gmv = await cells(page, 'pnl-gmv');
  assert.ok(fen(promo[11]) > 0, `December discount ${promo[11]}`);
  assert.ok(fen(promo[5]) > 0, `June (618) discount ${promo[5]}`);
  assert.equal(fen(promo[0]), 0, 'no promotion in January');
  for (const m of [0, 5, 11, 12]) assert.equal(fen(list[m]), fen(gmv[m]) + fen(promo[m]));
  assert.match(await text(tid(page, 'pnl')), /促销让利/);

  // December down the store
  await page.getByLabel('拆分期间').selectOption('11');
  const dec = fen(await tid(page, 'month-12').inputValue());
  await page.waitForFunction((d) => {
    const t = document.querySelector('[data-testid=shares-total-target]');
    return t && t.textContent.trim() === d;
  }, '¥' + (dec / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
  const catRows = page.locator('[data-testid=share-category-row]');
  assert.equal(await catRows.count(), 4, 'the sample has 4 categories');
  const catTargets = (await page.locator('[data-testid=share-category-row] [data-testid=share-target]').allTextContents()).map(fen);
  assert.equal(catTargets.reduce((a, b) => a + b, 0), dec, 'categories add up to December to the fen');
  assert.match(await text(tid(page, 'shares-basis')), /去年同月/);

  // type 床上用品 at 40%: exactly 40% of December, the others share the rest, still to the fen
  await settled(page);
  const before = await stored(page);
  await commit(page.getByLabel('床上用品 占比'), '40');
  const bed = page.locator('[data-testid=share-category-row]', { hasText: '床上用品' });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=share-category-row]')].some((r) => r.textContent.includes('床上用品') && r.querySelector('[data-testid=share-effective]').textContent.trim() === '40.00%'));
  assert.equal(fen(await text(bed.getByTestId('share-target'))), Math.round(dec * 0.4));
  const after40 = (await page.locator('[data-testid=share-category-row] [data-testid=share-target]').allTextContents()).map(fen);
  assert.equal(after40.reduce((a, b) => a + b, 0), dec);
  await settled(page);
  assert.notEqual(await stored(page), before, 'the typed share is stored');
  const withShare = await stored(page);

  // bad shares are refused with a message, nothing stored changes
  for (const [bad, says] of [['abc', /不是 0% 到 100% 之间/], ['101', /不是 0% 到 100% 之间/], ['1e309', /不是 0% 到 100% 之间/], ['70', /超过 100%（其余已输入 40.00%）/]]) {
    await commit(page.getByLabel('厨房收纳 占比'), bad);
    await tid(page, 'targets-error').waitFor();
    assert.match(await text(tid(page, 'targets-error')), says, bad);
    assert.match(await text(tid(page, 'targets-error')), /未做任何改动/);
    assert.equal(await page.getByLabel('厨房收纳 占比').inputValue(), '');
  }
  await settled(page);
  assert.equal(await stored(page), withShare, 'storage is byte-for-byte unchanged');

  // the items of 床上用品 add up to its target, each with its role
  await tid(page, 'shares-category').selectOption('床上用品');
  await page.waitForFunction(() => document.querySelector('[data-testid=shares-items] caption').textContent.includes('床上用品'));
  const itemTargets = (await page.locator('[data-testid=share-item-row] [data-testid=share-target]').allTextContents()).map(fen);
  assert.ok(itemTargets.length >= 2);
  assert.equal(itemTargets.reduce((a, b) => a + b, 0), Math.round(dec * 0.4));
  assert.match(await text(page.locator('[data-testid=share-item-row]').first()), /引流款|利润款|主推款|常规款|常规/);

  // the whole year: the categories add up to the year
  await page.getByLabel('拆分期间').selectOption('12');
  await page.waitForFunction(() => document.querySelector('[data-testid=shares-total-target]').textContent.trim() === '¥56,000,000.00');
  const yearTargets = (await page.locator('[data-testid=share-category-row] [data-testid=share-target]').allTextContents()).map(fen);
  assert.equal(yearTargets.reduce((a, b) => a + b, 0), 5_600_000_000);

  // weeks of December add up to the month
  await tid(page, 'day-month').selectOption('11');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=week-row]').length === 5);
  const weeks = (await page.locator('[data-testid=week-target]').allTextContents()).map(fen);
  assert.equal(weeks.reduce((a, b) => a + b, 0), dec);
  // 双12's main days are named with the event and weigh last year's 双12 uplift: Thursday the
  // 10th (its promotions' own targets plus the rest of the store at the event's weight) is
  // above Thursday the 3rd, and above it by more than the promotions' own ¥40,000 a day
  const day = (d) => page.locator('[data-testid=day-row]', { hasText: d });
  assert.match(await text(day('2026-12-10')), /2026 双12/);
  assert.doesNotMatch(await text(day('2026-12-03')), /双12/);
  const dayTarget = async (d) => fen((await day(d).locator('td').nth(1).textContent()).trim());
  assert.ok(await dayTarget('2026-12-10') - await dayTarget('2026-12-03') > 4_000_000);

  // clearing the share goes back to history
  await commit(page.getByLabel('床上用品 占比'), '');
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=share-category-row] [data-testid=category-share]')].some((i) => i.value !== ''));

  // the Dashboard: attainment per category this month and this year
  await page.getByRole('navigation').getByRole('link', { name: '概览' }).click();
  await tid(page, 'dash-category-attainment').waitFor();
  assert.equal(await page.locator('[data-testid=dash-category-row]').count(), 4);
  assert.match(await text(tid(page, 'dash-category-attainment')), /\d+\.\d\d%/);
  await shot(page, 'dash-categories');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a net headline becomes the smallest year of GMV that reaches it; in English', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await planOnSample(page, server.url);
  await commit(page.getByLabel('Year target (GMV)'), '5600万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() === '¥56,000,000.00');
  await page.getByLabel(/^Headline/).selectOption('net');
  const box = page.getByLabel('Net GMV (less refunds) target');
  await box.waitFor();
  // switching the headline moves nothing
  assert.equal(await text(tid(page, 'months-sum')), '¥56,000,000.00');
  await commit(box, '4500万');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-sum]').textContent.trim() !== '¥56,000,000.00');
  const reached = await text(tid(page, 'headline-reached'));
  const m = reached.match(/Net GMV \(less refunds\) (¥[\d,]+\.\d\d), from GMV of (¥[\d,]+\.\d\d)/);
  assert.ok(m, reached);
  assert.ok(fen(m[1]) >= 4_500_000_000, reached);
  assert.ok(fen(m[1]) - 4_500_000_000 < 100, 'the smallest year: within a few fen of the headline');
  assert.equal(m[2], await text(tid(page, 'months-sum')));
  // refused: letters and a negative net
  for (const bad of ['lots', '-5']) {
    await commit(box, bad);
    await tid(page, 'targets-error').waitFor();
    assert.match(await text(tid(page, 'targets-error')), /Nothing was changed/);
    assert.equal(await box.inputValue(), '45,000,000.00');
  }
  // English labels of the split
  await page.getByLabel('Period to split').selectOption('11');
  await tid(page, 'shares-categories').waitFor();
  assert.match(await text(tid(page, 'shares')), /By category and item/);
  assert.match(await text(tid(page, 'pnl')), /Promotion discounts/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
