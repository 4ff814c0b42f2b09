// Promotions: the sample's list, a 资损 flag on a promotion priced at cost, editing with refused
// input, export of one promotion and import into a fresh profile, the review of a finished one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, serve, newPage, firstRunSample, shot, settled } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

// The sample's promotions are dated from today: pinned to 5 December 2026 (12:00 Beijing time),
// its planned promotions are 双12's (main days 10–12 December).
const NOW = new Date('2026-12-05T04:00:00Z');

const stored = async (page, key) => JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key))?.data;

async function openPromotion(page, name) {
  await page.goto(server.url + '/promotions');
  await page.getByTestId('promo-table').waitFor();
  await page.locator('[data-testid=promo-row] a', { hasText: name }).click();
  await page.getByTestId('page-promotion').waitFor();
}

test('a promotion priced at cost shows a 资损 flag; export it and import it in a fresh profile', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/promotions');
  await page.getByTestId('page-promotions').waitFor();
  assert.equal(await page.getByTestId('promo-row').count(), 6);
  // the list counts warnings for the 聚划算 promotion
  const jhs = page.locator('[data-testid=promo-row]', { hasText: '双12 聚划算 引流款' });
  assert.match(await jhs.getByTestId('promo-warnings').textContent(), /\d+ 项预警/);
  await shot(page, 'promotions-list-zh');

  await openPromotion(page, '双12 聚划算 引流款');
  await page.getByTestId('check-table').waitFor();
  assert.ok(await page.getByTestId('flag-below-cost').count() >= 1, 'a 资损 flag');
  assert.match(await page.getByTestId('flag-below-cost').first().textContent(), /资损/);
  assert.ok(await page.getByTestId('flag-not-lowest').count() >= 1, 'the price was lower two weeks ago');
  // stacked with the store coupon and 跨店满减 on the same days: a conflict
  assert.ok(await page.getByTestId('promo-conflict').count() >= 1);
  // each ↗ link is named after the promotion it opens
  const open = page.getByTestId('promo-conflict').first().getByTestId('conflict-open');
  assert.ok(await open.count() >= 2);
  for (const label of await open.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))) assert.match(label, /^打开“.+”$/);
  assert.equal(await page.getByRole('link', { name: '打开“双12 聚划算 引流款”' }).count() >= 1, true);
  await shot(page, 'promotion-checks-zh');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-promotion').click()]);
  const text = fs.readFileSync(await dl.path(), 'utf8');
  const env = JSON.parse(text);
  assert.equal(env.version, 2);
  assert.equal(env.scope, 'promotion');
  assert.equal(env.payload.promotions.length, 1);
  assert.equal(env.payload.products.length, 4);
  assert.deepEqual(page.errors, []);
  await ctx.close();

  // a teammate's fresh profile
  const fresh = await newPage(browser);
  await fresh.page.goto(server.url + '/');
  await fresh.page.getByTestId('start-empty').click();
  await fresh.page.goto(server.url + '/data');
  await fresh.page.getByTestId('import-file').setInputFiles({ name: 'promo.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await fresh.page.getByTestId('import-preview').waitFor();
  assert.equal(await fresh.page.locator('[data-testid=pv-new] .tile-value').textContent(), '5');
  await fresh.page.getByTestId('apply-merge').click();
  await fresh.page.getByTestId('import-done').waitFor();
  await settled(fresh.page);
  const promos = await stored(fresh.page, 'sop/promotions');
  assert.deepEqual(promos.map((p) => [p.id, p.rev]), env.payload.promotions.map((p) => [p.id, p.rev]));
  await openPromotion(fresh.page, '双12 聚划算 引流款');
  assert.ok(await fresh.page.getByTestId('flag-below-cost').count() >= 1, 'same flag in the fresh profile');
  assert.deepEqual(fresh.page.errors, []);
  await fresh.ctx.close();
});

test('create and edit a promotion; bad input is refused and changes nothing; undo restores', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/promotions');
  await page.getByTestId('new-promotion').click();
  await page.getByTestId('page-promotion').waitFor();
  await page.getByTestId('promo-name').fill('周末 单品宝');
  await page.getByTestId('promo-name').press('Tab');
  // the end first: a start after the current end would be refused
  await page.getByTestId('ph-main-end').fill('2026-12-06');
  await page.getByTestId('ph-main-end').dispatchEvent('change');
  await page.getByTestId('ph-main-start').fill('2026-12-05');
  await page.getByTestId('ph-main-start').dispatchEvent('change');
  await page.getByTestId('item-search').fill('AJ-BT');
  await page.getByTestId('item-pick').selectOption({ index: 1 });
  await page.getByTestId('add-item').click();
  await page.getByTestId('promo-item').waitFor();
  await page.getByTestId('item-discount-kind').selectOption('fixed');
  await page.getByTestId('item-discount-value').fill('1');
  await page.getByTestId('item-discount-value').press('Tab');
  await page.getByTestId('item-price').filter({ hasText: '¥1.00' }).waitFor();
  await page.getByTestId('flag-below-cost').first().waitFor();
  await settled(page);
  let promos = await stored(page, 'sop/promotions');
  const mine = promos.find((p) => p.name === '周末 单品宝');
  assert.equal(mine.phases.main.start, '2026-12-05');
  assert.equal(mine.items[0].discount.price, 100);

  // refused: a budget that is not money, an end before the start, an empty name
  await page.getByTestId('promo-budget').fill('abc');
  await page.getByTestId('promo-budget').press('Tab');
  await page.getByTestId('promo-error').waitFor();
  await page.getByTestId('ph-main-end').fill('2026-12-01');
  await page.getByTestId('ph-main-end').dispatchEvent('change');
  assert.match(await page.getByTestId('promo-error').textContent(), /结束日期不能早于开始日期/);
  await page.getByTestId('promo-name').fill('');
  await page.getByTestId('promo-name').press('Tab');
  assert.match(await page.getByTestId('promo-error').textContent(), /名称不能为空/);
  await settled(page);
  promos = await stored(page, 'sop/promotions');
  const same = promos.find((p) => p.id === mine.id);
  assert.equal(same.rev, mine.rev, 'refused edits write nothing');

  // delete, then undo brings it back
  await page.getByTestId('delete-promotion').click();
  await page.getByTestId('confirm-delete-promotion').click();
  await page.getByTestId('page-promotions').waitFor();
  assert.equal(await page.locator('[data-testid=promo-row]', { hasText: '周末 单品宝' }).count(), 0);
  await page.getByTestId('undo').click();
  await page.locator('[data-testid=promo-row]', { hasText: '周末 单品宝' }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the finished 双11 promotion has a review with a baseline, band and 爆发系数 (English too)', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await openPromotion(page, '双11 主推款单品宝');
  await page.getByTestId('review').waitFor();
  await page.getByTestId('rv-burst').waitFor();
  const burst = Number((await page.locator('[data-testid=rv-burst] .tile-value').textContent()).trim());
  assert.ok(burst > 1.2, `burst factor ${burst}`);
  assert.match(await page.locator('[data-testid=rv-incremental] .small-note').textContent(), /95% 区间/);
  assert.ok(await page.getByTestId('rv-target').count() >= 1);
  await page.getByTestId('review-chart').waitFor();
  await page.getByTestId('review').scrollIntoViewIfNeeded();
  await shot(page, 'promotion-review-zh');
  await page.getByTestId('mark-reviewed').click();
  await settled(page);
  const promos = await stored(page, 'sop/promotions');
  assert.equal(promos.find((p) => p.name.startsWith('双11 主推款单品宝')).status, 'reviewed');
  await page.getByTestId('lang-switch').click();
  await page.locator('[data-testid=review] h2', { hasText: 'Review' }).waitFor();
  await page.getByTestId('review').scrollIntoViewIfNeeded();
  await shot(page, 'promotion-review-en');
  // a planned promotion has no review yet, and says why
  await openPromotion(page, '双12 聚划算 引流款');
  await page.getByTestId('review-unavailable').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('choosing the platform event fills the phase dates from it (one undo step, editable after)', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await settled(page);
  const events = await stored(page, 'sop/events');
  const ev = events.find((e) => !e.deleted && e.phases.warmup && e.phases.main.start > '2026-12-05');
  assert.ok(ev, 'a seeded event ahead with a warm-up');
  await page.goto(server.url + '/promotions');
  await page.getByTestId('new-promotion').click();
  await page.getByTestId('page-promotion').waitFor();
  // the first change stores the draft; the event is the second step
  await page.getByTestId('promo-name').fill('大促 主推');
  await page.getByTestId('promo-name').press('Tab');
  await page.getByTestId('promo-draft').waitFor({ state: 'detached' });
  const start0 = await page.getByTestId('ph-main-start').inputValue();
  await page.getByTestId('promo-event').selectOption(ev.id);
  await page.waitForFunction((d) => document.querySelector('[data-testid=ph-main-start]').value === d, ev.phases.main.start);
  assert.equal(await page.getByTestId('ph-main-end').inputValue(), ev.phases.main.end);
  await settled(page);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const mine = (await stored(page, 'sop/promotions')).find((p) => p.id === id);
  assert.equal(mine.event_id, ev.id);
  assert.equal(mine.phases.main.start, ev.phases.main.start);
  assert.deepEqual(mine.phases.warmup, ev.phases.warmup);
  // one undo step takes the event and its dates back
  await page.getByTestId('undo').click();
  await page.waitForFunction((d) => document.querySelector('[data-testid=ph-main-start]')?.value === d, start0);
  assert.equal(await page.getByTestId('promo-name').inputValue(), '大促 主推');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a finished or reviewed promotion is locked against slips; unlocking on purpose allows edits', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await settled(page);
  await openPromotion(page, '双11 主推款单品宝');
  await page.getByTestId('promo-locked').waitFor();
  assert.equal(await page.getByTestId('promo-name').isDisabled(), true);
  assert.equal(await page.getByTestId('promo-budget').isDisabled(), true);
  // the review stays usable
  await page.getByTestId('review').waitFor();
  const before = await page.evaluate(() => localStorage.getItem('sop/promotions'));
  await page.getByTestId('unlock-promotion').click();
  await page.getByTestId('promo-locked').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('promo-name').isDisabled(), false);
  await page.getByTestId('promo-name').fill('双11 主推款单品宝（已改）');
  await page.getByTestId('promo-name').press('Tab');
  await settled(page);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('sop/promotions')), before);
  assert.ok((await stored(page, 'sop/promotions')).some((p) => p.name === '双11 主推款单品宝（已改）'));
  // a planned one is not locked
  await openPromotion(page, '双12 聚划算 引流款');
  await page.getByTestId('promo-name').waitFor();
  assert.equal(await page.getByTestId('promo-locked').count(), 0);
  assert.equal(await page.getByTestId('promo-name').isDisabled(), false);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('单品宝 discounts are typed as 折 in Chinese (8.8 = pay 88%) and as a percentage in English', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/promotions');
  await page.getByTestId('new-promotion').click();
  await page.getByTestId('page-promotion').waitFor();
  await page.getByTestId('promo-name').fill('周末 8.8折');
  await page.getByTestId('promo-name').press('Tab');
  const pick = page.getByTestId('item-pick');
  await pick.selectOption(await pick.locator('option', { hasText: 'AJ-BD-0011' }).first().getAttribute('value'));
  await page.getByTestId('add-item').click();
  await page.getByTestId('promo-item').waitFor();
  await page.getByTestId('item-discount-kind').selectOption('percent');
  assert.match(await page.getByTestId('item-discount-kind').locator('option:checked').textContent(), /折扣（折，如 8\.8）/);
  // list ¥599 × 0.88 = ¥527.12
  await page.getByTestId('item-discount-value').fill('8.8');
  await page.getByTestId('item-discount-value').press('Tab');
  await page.getByTestId('item-price').filter({ hasText: '¥527.12' }).waitFor();
  await settled(page);
  const item = () => page.evaluate(() => JSON.parse(localStorage.getItem('sop/promotions')).data.find((p) => p.name === '周末 8.8折').items[0].discount);
  assert.deepEqual(await item(), { kind: 'percent', pay_bp: 8800 });
  assert.equal(await page.getByTestId('item-discount-value').inputValue(), '8.8');
  // 95折 and 90% mean what they say
  await page.getByTestId('item-discount-value').fill('95折');
  await page.getByTestId('item-discount-value').press('Tab');
  await page.getByTestId('item-price').filter({ hasText: '¥569.05' }).waitFor();
  await page.getByTestId('item-discount-value').fill('90%');
  await page.getByTestId('item-discount-value').press('Tab');
  await page.getByTestId('item-price').filter({ hasText: '¥539.10' }).waitFor();
  // refused with a message; the stored discount is unchanged
  await page.getByTestId('item-discount-value').fill('880');
  await page.getByTestId('item-discount-value').press('Tab');
  assert.match(await page.getByTestId('promo-error').textContent(), /请输入折扣，如 8\.8/);
  await settled(page);
  assert.equal((await item()).pay_bp, 9000);
  // English: the same discount as a percentage of the price paid
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=item-discount-value]')?.value === '90.00');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
