// The price-stack simulator (到手价模拟): promotions created through the editor, a cart built on
// /simulator, per-line results, totals that add up, the explained steps, bad input refused.
// SOP_DIST=<dir> runs it against another build (default dist/); SIM_SHOTS=<dir> for screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { launch, serve, newPage, firstRunSample, settled, SHOTS } from './helpers.mjs';

const SHOT_DIR = process.env.SIM_SHOTS || SHOTS;
const START = '2030-03-01', END = '2030-03-07'; // no sample promotion is in force then
// the sample's promotions are dated from today: pinned, its planned ones are 双12 2026's
const NOW = new Date('2026-12-05T04:00:00Z');

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

async function shot(page, name) {
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, name + '.png'), fullPage: true });
}

const tid = (page, id) => page.getByTestId(id);
const text = async (loc) => (await loc.textContent()).trim();
/** Fill an input and commit it (the app saves on `change`). */
async function commit(loc, value) { await loc.fill(value); await loc.press('Tab'); }
/** ¥1,234.56 / −¥12.00 / — → fen */
function fen(s) {
  const t = s.trim();
  if (t === '—') return 0;
  const neg = t.startsWith('−') || t.startsWith('-');
  const n = Math.round(parseFloat(t.replace(/[^0-9.]/g, '')) * 100);
  return neg ? -n : n;
}

/** Create a promotion through the editor over START..END; returns its id. */
async function newPromo(page, name, tool, setup = async () => {}) {
  await page.goto(server.url + '/promotions');
  await tid(page, 'new-promotion').click();
  await tid(page, 'page-promotion').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  await commit(tid(page, 'promo-name'), name);
  await commit(tid(page, 'ph-main-end'), END);
  await commit(tid(page, 'ph-main-start'), START);
  await tid(page, 'promo-tool').selectOption(tool);
  await setup();
  assert.equal(await tid(page, 'promo-error').count(), 0, 'the editor accepted every field');
  await settled(page);
  return id;
}

async function optionValue(select, sku) {
  return select.locator('option', { hasText: sku }).first().getAttribute('value');
}

/** Sample store + the HiShop promotions: 单品宝 fixed ¥400 on AJ-BD-0011 (list ¥599), store
 * coupon 400−380, cross-store 每满400减50. Returns the 单品宝's id. */
async function hishop(page) {
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  const single = await newPromo(page, 'HiShop 活动价400', 'single', async () => {
    const pick = tid(page, 'item-pick');
    await pick.selectOption(await optionValue(pick, 'AJ-BD-0011'));
    await tid(page, 'add-item').click();
    await tid(page, 'item-discount-kind').selectOption('fixed');
    await commit(tid(page, 'item-discount-value'), '400');
    assert.equal(await text(tid(page, 'item-price')), '¥400.00');
  });
  await newPromo(page, 'HiShop 店铺券400-380', 'coupon', async () => {
    await commit(tid(page, 'coupon-threshold'), '400');
    await commit(tid(page, 'coupon-face'), '380');
  });
  await newPromo(page, 'HiShop 每满400减50', 'cross_store', async () => {
    await commit(tid(page, 'cross-every'), '400');
    await commit(tid(page, 'cross-off'), '50');
  });
  return single;
}

const lines = (page) => page.locator('[data-testid=sim-line]');
const steps = (page) => page.locator('[data-testid=sim-step]');
async function stepWith(page, re) {
  const all = await steps(page).allTextContents();
  return all.find((s) => re.test(s));
}

async function addProduct(page, sku) {
  await commit(tid(page, 'sim-search'), sku);
  const pick = tid(page, 'sim-pick');
  await pick.selectOption(await optionValue(pick, sku));
  await tid(page, 'sim-add-product').click();
}

test('HiShop: ¥400 activity price, coupon 400−380 and cross-store 400−50 pay ¥0.00, not −¥30; the cut is explained', async () => {
  const { ctx, page } = await newPage(browser);
  const single = await hishop(page);
  await page.goto(`${server.url}/simulator?promo=${single}`);
  await tid(page, 'page-simulator').waitFor();
  assert.equal(await tid(page, 'sim-date').inputValue(), START, 'date = the promotion\'s main start');
  assert.equal(await page.locator('[data-testid=sim-promo]').count(), 3, 'the three overlapping promotions apply');
  await tid(page, 'sim-one-each').click();
  assert.equal(await lines(page).count(), 1);
  const line = lines(page).first();
  assert.equal(await text(line.getByTestId('sim-item-unit')), '¥400.00HiShop 活动价400');
  assert.equal(await text(line.getByTestId('sim-line-coupon')), '−¥380.00');
  assert.equal(await text(line.getByTestId('sim-line-cross')), '−¥20.00');
  assert.equal(await text(line.getByTestId('sim-line-paid')), '¥0.00');
  assert.equal(await text(tid(page, 'sim-total-goods')), '¥0.00');
  assert.equal(await text(tid(page, 'sim-total-paid')), '¥0.00');
  await tid(page, 'sim-zero-order').waitFor();
  const capped = await stepWith(page, /跨店满减“HiShop 每满400减50”/);
  assert.ok(capped, 'a cross-store step');
  assert.match(capped, /单品级金额 ¥400\.00 达到门槛（与优惠券平行判断）/);
  assert.match(capped, /减 ¥50\.00/);
  assert.match(capped, /为避免低于 0 元少减 ¥30\.00/);
  assert.match(await stepWith(page, /优惠券“HiShop 店铺券400-380”/), /达到门槛 ¥400\.00，使用，面额 ¥380\.00/);
  // the SKU panel flags the loss and the ¥0 cart
  const sku = page.locator('[data-testid=sim-sku]').first();
  assert.equal(await sku.getByTestId('flag-below-cost').count(), 1);
  assert.equal(await sku.getByTestId('flag-zero-cart').count(), 1);
  assert.equal(await text(sku.getByTestId('sim-sku-paid-one')), '¥0.00');
  await shot(page, 'simulator-hishop-zh');

  // Untick the 单品宝: the list price ¥599 applies; coupon 380 and one ¥50 step → ¥169.00.
  await page.locator('[data-testid=sim-promo]', { hasText: 'HiShop 活动价400' }).getByTestId('sim-promo-toggle').uncheck();
  assert.equal(await text(line.getByTestId('sim-line-paid')), '¥169.00');
  await page.locator('[data-testid=sim-promo]', { hasText: 'HiShop 活动价400' }).getByTestId('sim-promo-toggle').check();
  assert.equal(await text(line.getByTestId('sim-line-paid')), '¥0.00');

  // English wording of the same steps.
  await tid(page, 'lang-switch').click();
  const en = await stepWith(page, /Cross-store/);
  assert.match(en, /cut by ¥30\.00 so nothing goes below ¥0/);
  await shot(page, 'simulator-hishop-en');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('coupon threshold not met, postage added but never counted; totals add up over lines; bad input refused', async () => {
  const { ctx, page } = await newPage(browser);
  const single = await hishop(page);
  await page.goto(`${server.url}/simulator?promo=${single}`);
  await tid(page, 'page-simulator').waitFor();
  // ¥299 alone with ¥120 postage: 299 + 120 ≥ 400, but postage never counts → no coupon.
  await addProduct(page, 'AJ-BD-0001');
  await commit(tid(page, 'sim-postage'), '120');
  const line = lines(page).first();
  assert.equal(await text(line.getByTestId('sim-line-coupon')), '—');
  assert.equal(await text(line.getByTestId('sim-line-paid')), '¥299.00');
  assert.equal(await text(tid(page, 'sim-total-postage')), '+¥120.00');
  assert.equal(await text(tid(page, 'sim-total-paid')), '¥419.00');
  assert.match(await stepWith(page, /优惠券“HiShop 店铺券400-380”/), /未达门槛：需满 ¥400\.00，店铺级优惠后金额只有 ¥299\.00/);
  assert.match(await stepWith(page, /跨店满减“HiShop 每满400减50”/), /未达门槛/);
  assert.ok(await stepWith(page, /运费 ¥120\.00 在所有优惠之后加上，不计入任何门槛/));
  await shot(page, 'simulator-coupon-not-met-zh');

  // Bad quantity and postage: refused with a message, nothing changes.
  await commit(line.getByTestId('sim-qty'), '2.5');
  assert.match(await text(tid(page, 'sim-error')), /数量须为 0 到 9999 之间的整数/);
  assert.equal(await line.getByTestId('sim-qty').inputValue(), '1');
  await commit(line.getByTestId('sim-qty'), '10000');
  assert.match(await text(tid(page, 'sim-error')), /数量/);
  await commit(tid(page, 'sim-postage'), '-5');
  assert.match(await text(tid(page, 'sim-error')), /不小于 0 的金额/);
  assert.equal(await tid(page, 'sim-postage').inputValue(), '120.00');
  assert.equal(await text(tid(page, 'sim-total-paid')), '¥419.00');

  // Two lines: 3 × ¥400 + ¥299 = ¥1,499; coupon 380, cross 3 × 50; lines add up to the order.
  await tid(page, 'sim-one-each').click();
  assert.equal(await tid(page, 'sim-error').count(), 0, 'a good action clears the message');
  await commit(lines(page).nth(1).getByTestId('sim-qty'), '3');
  assert.equal(await text(tid(page, 'sim-total-item')), '¥1,499.00');
  assert.equal(await text(tid(page, 'sim-total-coupon')), '−¥380.00');
  assert.equal(await text(tid(page, 'sim-total-cross')), '−¥150.00');
  assert.equal(await text(tid(page, 'sim-total-goods')), '¥969.00');
  assert.equal(await text(tid(page, 'sim-total-paid')), '¥1,089.00');
  let sum = 0, coupon = 0, cross = 0;
  for (const r of await lines(page).all()) {
    sum += fen(await text(r.getByTestId('sim-line-paid')));
    coupon += fen(await text(r.getByTestId('sim-line-coupon')));
    cross += fen(await text(r.getByTestId('sim-line-cross')));
  }
  assert.equal(sum, 96900);
  assert.equal(coupon, -38000);
  assert.equal(cross, -15000);
  // removing a line
  await lines(page).first().getByTestId('sim-remove').click();
  assert.equal(await lines(page).count(), 1);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('without ?promo= the date defaults to today; a day without promotions uses list prices', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/simulator');
  await tid(page, 'page-simulator').waitFor();
  assert.equal(await tid(page, 'sim-date').inputValue(), '2026-12-05');
  await tid(page, 'sim-empty').waitFor();
  await commit(tid(page, 'sim-date'), '2031-01-15');
  await tid(page, 'sim-no-promos').waitFor();
  await addProduct(page, 'AJ-BT-0001');
  await tid(page, 'sim-add-product').click(); // the same product again: one more unit
  assert.equal(await lines(page).first().getByTestId('sim-qty').inputValue(), '2');
  assert.equal(await text(tid(page, 'sim-total-paid')), '¥178.00');
  await commit(lines(page).first().getByTestId('sim-qty'), 'x');
  assert.match(await text(tid(page, 'sim-error')), /whole number from 0 to 9999/);
  await commit(lines(page).first().getByTestId('sim-qty'), '0');
  assert.equal(await text(tid(page, 'sim-total-paid')), '¥0.00');
  assert.ok(await stepWith(page, /quantity 0, not counted/));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
