// The calendar: seeded platform events, a promotion created from a day, month / week / timeline,
// filters, editing an event (and refusing bad dates), deadlines within 7 days, price conflicts.
// Dates are computed from today's date in UTC+8 (the app's day), so the test runs on any day.
// SOP_DIST=<dir> serves another build than dist/; SHOTS=<dir> puts the screenshots elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { launch, serve, newPage, firstRunSample, settled, SHOTS as DEFAULT_SHOTS } from './helpers.mjs';

const SHOTS = process.env.SHOTS ? path.resolve(process.env.SHOTS) : DEFAULT_SHOTS;

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

/** Today in UTC+8 plus `n` days, as YYYY-MM-DD. */
const day = (n = 0) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
const YEAR = Number(day().slice(0, 4));
const Y = String(YEAR);

const cell = (page, date) => page.getByTestId(`cal-day-${date}`);
const entries = (loc, kind) => loc.locator(`[data-testid=cal-entry]${kind ? `[data-kind=${kind}]` : ''}`);

async function openCalendar(page, query) {
  await page.goto(server.url + '/calendar' + (query ? '?' + query : ''));
  await page.getByTestId('page-calendar').waitFor();
}

/** Click "+" on a day: the new promotion's editor opens; returns its id. */
async function addOn(page, date) {
  await cell(page, date).hover();
  await page.getByTestId(`cal-add-${date}`).click();
  await page.getByTestId('page-promotion').waitFor();
  return new URL(page.url()).pathname.split('/').pop();
}

test('seeded events, a promotion created from a day, back to the calendar, views and filters', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await firstRunSample(page, server.url);
  await openCalendar(page, `v=month&d=${Y}-11-01`);
  assert.match(await page.getByTestId('cal-title').textContent(), new RegExp(`${Y}年11月`));
  assert.ok(await entries(cell(page, `${Y}-11-11`), 'event').filter({ hasText: '双11' }).count() >= 1, '双11 on 11 Nov');
  assert.equal(await page.locator('.cal-wd').first().textContent(), '一', 'weeks start on Monday');

  // next month: 双12 with its main wave on the 10th..12th
  await page.getByTestId('cal-next').click();
  assert.match(await page.getByTestId('cal-title').textContent(), new RegExp(`${Y}年12月`));
  const d12 = entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' });
  assert.equal(await d12.count(), 1);
  assert.match(await d12.getAttribute('class'), /ph-main/);
  await shot(page, 'calendar-month-zh');

  // "+" on a day → the new promotion's editor, a draft: Back without a change leaves nothing
  await addOn(page, `${Y}-12-15`);
  await page.getByTestId('promo-draft').waitFor();
  await page.goBack();
  await page.getByTestId('cal-month').waitFor();
  assert.equal(await entries(cell(page, `${Y}-12-15`), 'promotion').count(), 0, 'an unedited draft is not stored');
  await settled(page);
  assert.equal((JSON.parse(await page.evaluate(() => localStorage.getItem('sop/promotions'))).data || [])
    .filter((p) => p.name === '新促销活动').length, 0);
  // again, named this time (the first change saves it) → Back → it is on the calendar, same month
  const id = await addOn(page, `${Y}-12-15`);
  assert.equal(await page.getByTestId('promo-name').inputValue(), '新促销活动');
  await page.getByTestId('promo-name').fill('双12 返场');
  await page.getByTestId('promo-name').press('Tab');
  await page.getByTestId('promo-draft').waitFor({ state: 'detached' });
  await page.goBack();
  await page.getByTestId('cal-month').waitFor();
  assert.match(await page.getByTestId('cal-title').textContent(), new RegExp(`${Y}年12月`));
  const mine = entries(cell(page, `${Y}-12-15`), 'promotion');
  assert.equal(await mine.count(), 1);
  assert.equal(await mine.getAttribute('data-id'), id);
  assert.equal(await entries(cell(page, `${Y}-12-21`), 'promotion').and(page.locator(`[data-id="${id}"]`)).count(), 1, 'a new promotion runs 7 days');
  // clicking it opens it
  await mine.click();
  await page.waitForURL(new RegExp(`/promotions/${id}$`));
  await page.goBack();
  await page.getByTestId('cal-month').waitFor();

  // an empty part of a day also starts a promotion there
  const box = await cell(page, `${Y}-12-29`).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 8);
  await page.getByTestId('page-promotion').waitFor();
  assert.equal(await page.getByTestId('ph-main-start').inputValue(), `${Y}-12-29`);
  await page.getByTestId('promo-status').selectOption('planned');
  await page.getByTestId('promo-draft').waitFor({ state: 'detached' });
  await page.goBack();
  await page.getByTestId('cal-month').waitFor();
  assert.equal(await entries(cell(page, `${Y}-12-29`), 'promotion').count(), 1);

  // week view: 7 days with phase names
  await openCalendar(page, `v=week&d=${Y}-12-10`);
  const week = page.getByTestId('cal-week');
  await week.waitFor();
  assert.equal(await week.locator('.cal-day').count(), 7);
  assert.match(await entries(cell(page, `${Y}-12-10`), 'event').filter({ hasText: '双12' }).textContent(), /正式期/);
  await shot(page, 'calendar-week-zh');
  await page.getByTestId('cal-view-month').click();
  await page.getByTestId('cal-month').waitFor();
  await page.getByTestId('cal-view-week').click();
  await week.waitFor();

  // timeline: one row per entry, bars per phase
  await page.getByTestId('cal-view-timeline').click();
  const tl = page.getByTestId('cal-timeline');
  await tl.waitFor();
  const row12 = tl.locator('[data-testid=cal-row]').filter({ hasText: `${Y} 双12` });
  assert.equal(await row12.count(), 1);
  assert.ok(await row12.locator('.g-bar').count() >= 2, 'warm-up and main wave bars');
  assert.equal(await tl.locator('[data-testid=cal-row]').filter({ hasText: '新促销活动' }).count(), 1);
  assert.equal(await tl.locator('[data-testid=cal-row]').filter({ hasText: '双12 返场' }).count(), 1);
  await shot(page, 'calendar-timeline-zh');

  // filters: status (promotions only), hide events, back to everything
  await openCalendar(page, `v=month&d=${Y}-12-01`);
  await page.getByTestId('cal-filter-status').selectOption('live');
  assert.equal(await entries(page.getByTestId('cal-month'), 'promotion').count(), 0);
  assert.ok(await entries(page.getByTestId('cal-month'), 'event').count() > 0, 'events stay');
  await page.getByTestId('cal-filter-status').selectOption('idea');
  assert.ok(await entries(page.getByTestId('cal-month'), 'promotion').count() >= 2);
  await page.getByTestId('cal-filter-owner').selectOption('director');
  assert.equal(await entries(page.getByTestId('cal-month'), 'promotion').count(), 0, 'new promotions belong to the specialist');
  await page.getByTestId('cal-filter-owner').selectOption('');
  await page.getByTestId('cal-hide-events').check();
  assert.equal(await entries(page.getByTestId('cal-month'), 'event').count(), 0);
  // the filters live in the address: a reload keeps them
  await page.reload();
  await page.getByTestId('cal-month').waitFor();
  assert.equal(await page.getByTestId('cal-filter-status').inputValue(), 'idea');
  assert.equal(await page.getByTestId('cal-hide-events').isChecked(), true);
  assert.equal(await entries(page.getByTestId('cal-month'), 'event').count(), 0);
  // printed: no toolbars, colors kept
  await page.getByTestId('cal-hide-events').uncheck();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('cal-filter-status').isVisible(), false);
  await shot(page, 'calendar-print-zh');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('edit an event: new dates move it; bad dates are refused with a message and change nothing', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await openCalendar(page, `v=month&d=${Y}-12-01`);
  await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).click();
  const ed = page.getByTestId('cal-event-editor');
  await ed.waitFor();
  assert.equal(await page.getByTestId('ev-main_start').inputValue(), `${Y}-12-10`);
  assert.equal(await page.getByTestId('ev-registration').inputValue(), `${Y}-11-20`);

  // end before start: refused
  await page.getByTestId('ev-main_end').fill(`${Y}-12-01`);
  await page.getByTestId('ev-save').click();
  assert.match(await page.getByTestId('cal-event-error').textContent(), /正式期：结束日期不能早于开始日期/);
  // empty main start: refused
  await page.getByTestId('ev-main_end').fill(`${Y}-12-12`);
  await page.getByTestId('ev-main_start').fill('');
  await page.getByTestId('ev-save').click();
  assert.match(await page.getByTestId('cal-event-error').textContent(), /正式期的开始和结束日期必须填写/);
  // half a range: refused
  await page.getByTestId('ev-main_start').fill(`${Y}-12-10`);
  await page.getByTestId('ev-warmup_end').fill('');
  await page.getByTestId('ev-save').click();
  assert.match(await page.getByTestId('cal-event-error').textContent(), /预热：请同时填写开始和结束日期/);
  await page.getByTestId('ev-cancel').click();
  await ed.waitFor({ state: 'detached' });
  assert.match(await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).getAttribute('class'), /ph-main/, 'nothing changed');
  assert.equal(await page.getByTestId('undo').isDisabled(), true, 'no edit was recorded');

  // a valid move: main wave 14–16 Dec, renamed
  await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).click();
  await page.getByTestId('ev-name').fill(`${Y} 双12（调整）`);
  await page.getByTestId('ev-main_start').fill(`${Y}-12-14`);
  await page.getByTestId('ev-main_end').fill(`${Y}-12-16`);
  await page.getByTestId('ev-save').click();
  await ed.waitFor({ state: 'detached' });
  assert.equal(await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).count(), 0);
  const moved = entries(cell(page, `${Y}-12-15`), 'event').filter({ hasText: '双12（调整）' });
  assert.match(await moved.getAttribute('class'), /ph-main/);
  // undo brings the typical dates back, redo the new ones
  await page.getByTestId('undo').click();
  assert.equal(await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).count(), 1);
  await page.getByTestId('redo').click();
  assert.equal(await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).count(), 0);
  await settled(page);
  await page.reload();
  await page.getByTestId('cal-month').waitFor();
  assert.equal(await entries(cell(page, `${Y}-12-16`), 'event').filter({ hasText: '双12（调整）' }).count(), 1, 'saved');
  // a link with ?ev= (as from the Dashboard's deadlines) opens the event's editor
  await openCalendar(page, `d=${Y}-12-01&ev=evt-${Y}-1212`);
  assert.equal(await page.getByTestId('ev-main_start').inputValue(), `${Y}-12-14`);
  await page.getByTestId('ev-cancel').click();
  await openCalendar(page, `ev=no-such-event`);
  await page.getByTestId('cal-event-missing').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('deadlines within 7 days, price conflicts in view, English', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await firstRunSample(page, server.url);
  // a promotion starting in 5 days whose registration closes in 3 days
  const start = day(5);
  await openCalendar(page, `v=month&d=${start}`);
  const id = await addOn(page, start);
  await page.getByTestId('ph-registration').fill(day(3));
  await page.getByTestId('ph-registration').blur();
  await settled(page);
  await openCalendar(page, `v=month&d=${start}`);
  const dl = page.getByTestId('deadlines').getByTestId('deadline').filter({ hasText: '新促销活动' });
  assert.ok(await dl.count() >= 2, 'registration and start');
  assert.match(await dl.filter({ hasText: '报名截止' }).textContent(), /3 天后/);
  // the registration deadline is a marker on its day
  const reg = entries(cell(page, day(3)), 'promotion');
  if (day(3).slice(0, 7) === start.slice(0, 7)) assert.match(await reg.textContent(), /◆/);

  // a second promotion on the same days: a store coupon of ¥500 stacks with a cross-store
  // discount → every product is below cost → conflicts listed on the calendar
  await page.goto(server.url + `/promotions/${id}`);
  await page.getByTestId('promo-tool').selectOption('coupon');
  await page.getByTestId('coupon-face').fill('500');
  await page.getByTestId('coupon-face').blur();
  await page.getByTestId('coupon-threshold').fill('0');
  await page.getByTestId('coupon-threshold').blur();
  await openCalendar(page, `v=month&d=${start}`);
  await addOn(page, start);
  await page.getByTestId('promo-tool').selectOption('cross_store');
  await settled(page);
  await openCalendar(page, `v=month&d=${start}`);
  const conflicts = page.getByTestId('cal-conflicts').getByTestId('cal-conflict');
  assert.ok(await conflicts.count() >= 1, 'conflicts listed');
  assert.match(await conflicts.first().textContent(), /低于成本/);
  assert.ok(await entries(cell(page, start), 'promotion').locator('.warn-mark').count() >= 2, 'both marked');
  await shot(page, 'calendar-conflicts-zh');

  // English: labels follow the language
  await page.getByTestId('lang-switch').click();
  assert.equal(await page.locator('.cal-wd').first().textContent(), 'Mon');
  assert.match(await page.getByTestId('deadlines').textContent(), /Due in the next 7 days/);
  assert.match(await dl.filter({ hasText: 'Registration deadline' }).textContent(), /in 3 days/);
  await page.getByTestId('cal-view-timeline').click();
  await page.getByTestId('cal-timeline').waitFor();
  await shot(page, 'calendar-timeline-en');
  await page.getByTestId('cal-view-month').click();
  await openCalendar(page, `v=month&d=${Y}-12-01`);
  await entries(cell(page, `${Y}-12-11`), 'event').filter({ hasText: '双12' }).click();
  await page.getByTestId('ev-main_end').fill(`${Y}-12-01`);
  await page.getByTestId('ev-save').click();
  assert.match(await page.getByTestId('cal-event-error').textContent(), /Main wave: the end cannot be before the start/);
  await shot(page, 'calendar-editor-en');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// Issue 12 item 10: seeds follow the latest year on record, every seeded date says it is
// typical until the team edits or checks it, and the next registration deadline is shown
// however far ahead. The clock is pinned (2026-12-06 12:00 Beijing time).
test('typical seeded dates are flagged until checked; the next registration deadline shows', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await page.clock.setFixedTime(new Date('2026-12-06T04:00:00Z'));
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await openCalendar(page, 'v=month&d=2026-12-01');
  // the next registration deadline: 2027 年货节, 27 Dec, in 21 days, typical
  const next = page.getByTestId('deadlines').getByTestId('next-reg').first();
  assert.match(await next.textContent(), /下一个报名截止\s*2026-12-27\s*21 天后\s*2027 年货节\s*典型日期，待核对/);

  // 2027 双11 follows 2024: registration 13 Sep, deposit from 14 Oct; every date "typical"
  await openCalendar(page, `d=2027-10-01&ev=evt-2027-1111`);
  const ed = page.getByTestId('cal-event-editor');
  await ed.waitFor();
  assert.equal(await page.getByTestId('ev-registration').inputValue(), '2027-09-13');
  assert.equal(await page.getByTestId('ev-deposit_start').inputValue(), '2027-10-14');
  assert.equal(await page.getByTestId('ev-return_end').inputValue(), '2027-11-11');
  await page.getByTestId('ev-typical-note').waitFor();
  assert.equal(await ed.locator('.typ').count(), 12, 'all twelve dates are typical');
  // the registration deadline is the editor's first date field
  assert.equal(await ed.locator('input[type=date]').first().getAttribute('name'), 'registration');
  // the team corrects the registration deadline: that date is theirs, the others stay typical
  await page.getByTestId('ev-registration').fill('2027-09-10');
  await page.getByTestId('ev-save').click();
  await ed.waitFor({ state: 'detached' });
  await openCalendar(page, `d=2027-10-01&ev=evt-2027-1111`);
  await ed.waitFor();
  assert.equal(await page.getByTestId('ev-typical-registration').count(), 0);
  assert.equal(await ed.locator('.typ').count(), 11);
  // checked against this year's rules: no date is typical any more, and that is saved
  await page.getByTestId('ev-checked').check();
  await page.getByTestId('ev-save').click();
  await ed.waitFor({ state: 'detached' });
  await settled(page);
  await page.reload();
  await openCalendar(page, `d=2027-10-01&ev=evt-2027-1111`);
  await ed.waitFor();
  assert.equal(await ed.locator('.typ').count(), 0);
  assert.equal(await page.getByTestId('ev-typical-note').count(), 0);
  assert.equal(await page.getByTestId('ev-checked').isChecked(), true);
  await shot(page, 'calendar-event-checked-zh');

  // English: the flag and the deadline line are worded
  await page.getByTestId('ev-cancel').click();
  await page.getByTestId('lang-switch').click();
  assert.match(await page.getByTestId('next-reg').first().textContent(), /Next registration deadline\s*2026-12-27\s*in 21 days\s*2027 年货节\s*Typical date, to check/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
