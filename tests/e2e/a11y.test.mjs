// Every operator can use it (issue 13 §2): axe-core finds no critical and no serious violation on
// any page, in Chinese and in English, with the sample store loaded (tables, charts, calendar
// chips and filters on screen). Also: the skip link is the first tab stop and moves the tab order
// to the content; every row checkbox on Products has a name; sort headers are buttons with aria-sort;
// the words of §4-5 that changed (全店, 满300减30, funnel rates, Avg. order value); on a
// 390 px phone no page is wider than the screen (§3); the colour convention of changes (§4).
//
// The clock is pinned (2026-12-05 12:00 Beijing time) so the calendar, the targets and the
// dashboard show the same content whenever the test runs. Each page is checked once its own
// content is on screen (a state, not a sleep).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, settled, ROOT } from './helpers.mjs';

const NOW = new Date('2026-12-05T04:00:00Z');
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A fresh profile with the sample store loaded, the clock pinned, on the Dashboard. */
async function sampleStore({ locale = 'zh-CN', context } = {}) {
  const { ctx, page } = await newPage(browser, { locale, context });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('page-dashboard').waitFor();
  return { ctx, page };
}

// path → test ids that must be on screen before the page is checked
const PAGES = [
  ['/', ['page-dashboard', 'trend-metric']],
  ['/products', ['page-products', 'filter-status']],
  ['/analysis', ['page-analysis', 'product-ranking']],
  ['/promotions', ['page-promotions', 'promo-filter-status']],
  ['/promotions/sample-promo-4', ['page-promotion']],
  ['/calendar', ['page-calendar', 'cal-filter-status']],
  ['/simulator', ['page-simulator']],
  ['/targets', ['page-targets']],
  ['/tasks', ['page-tasks']],
  ['/listings', ['page-listings', 'ls-board']],
  ['/incentives', ['page-incentives', 'inc-form']],
  ['/reports?k=weekly', ['page-reports', 'rp-overview']],
  ['/mix', ['page-mix', 'mx-split']],
  ['/hero', ['page-hero', 'hp-new']],
  ['/settle', ['page-settle', 'st-rules-panel']],
  ['/service', ['page-service', 'sv-drop']],
  ['/competitors', ['page-competitors', 'cp-drop']],
  ['/data', ['page-data']],
  ['/settings', ['page-settings']],
  ['/no-such-page', ['page-not-found']],
];

async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const locale of ['zh-CN', 'en-US']) {
  test(`axe-core: no critical or serious violation on any page (${locale})`, async () => {
    const { ctx, page } = await newPage(browser, { locale });
    await page.clock.setFixedTime(NOW);
    await page.goto(server.url + '/');
    await page.getByTestId('load-sample').waitFor();
    const found = {};
    const first = await violations(page);
    if (first.length) found['first run'] = first;
    await page.getByTestId('load-sample').click();
    await page.getByTestId('page-dashboard').waitFor();
    await settled(page);
    for (const [p, ids] of PAGES) {
      await page.goto(server.url + p);
      for (const id of ids) await page.getByTestId(id).first().waitFor();
      const v = await violations(page);
      if (v.length) found[p] = v;
    }
    assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('keyboard: the skip link is the first tab stop and moves focus to the content; row checkboxes have names', async () => {
  const { ctx, page } = await sampleStore();
  await page.goto(server.url + '/products');
  await page.getByTestId('filter-status').waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
  assert.ok((await skip.boundingBox()).x >= 0, 'the focused skip link is on screen');
  // following it starts the tab order at the content: the next Tab lands inside <main>, past the nav
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('main#main')), true);
  const boxes = page.locator('tbody .c-check input[type=checkbox]');
  const n = await boxes.count();
  assert.ok(n > 0);
  const title = await boxes.first().getAttribute('aria-label');
  assert.match(title, /^选择：.+/);
  assert.equal(await page.getByRole('checkbox', { name: title, exact: true }).count() >= 1, true);
  assert.equal(await page.getByRole('combobox', { name: '按状态筛选' }).count(), 1);
  // sort headers are buttons: Enter sorts, aria-sort tells the order
  const price = page.getByTestId('sort-price');
  assert.equal(await price.getAttribute('aria-sort'), 'none');
  await price.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=sort-price]').getAttribute('aria-sort') === 'ascending');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=sort-price]').getAttribute('aria-sort') === 'descending');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('words on screen: 全店 and 满300减30 in zh; funnel rates and order value in en', async () => {
  const { ctx, page } = await sampleStore();
  await page.getByRole('navigation').getByRole('link', { name: '促销活动' }).click();
  const row = page.locator('[data-testid=promo-row]', { hasText: '双11 店铺宝' });
  await row.waitFor();
  // a store-wide tool with no product list covers the whole shop: 全店, not "0"
  assert.match(await row.textContent(), /全店/);
  await row.locator('a').click();
  await page.getByTestId('page-promotion').waitFor();
  // thresholds as operators write them: no ¥ and no .00 when whole
  await page.getByText('每满300减30', { exact: true }).waitFor();
  // English: each funnel rate says what it is a share of; 客单价 is "Avg. order value"
  await page.getByTestId('lang-switch').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
  const steps = page.getByTestId('funnel-step');
  await steps.nth(3).waitFor();
  assert.match(await steps.nth(1).textContent(), /%\s*of visitors$/);
  assert.match(await steps.nth(2).textContent(), /%\s*of cart buyers$/);
  assert.match(await steps.nth(3).textContent(), /%\s*of ordering buyers$/);
  assert.match(await page.getByTestId('page-dashboard').textContent(), /Avg\. order value/);
  assert.doesNotMatch(await page.getByTestId('page-dashboard').textContent(), /Order value per buyer/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('phone (390 × 844): no page is wider than the screen; nav labels stay on one line', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const { ctx, page } = await sampleStore({ context });
  const wide = {};
  for (const [p, ids] of PAGES) {
    await page.goto(server.url + p);
    for (const id of ids) await page.getByTestId(id).first().waitFor();
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w > 390) wide[p] = w;
  }
  assert.deepEqual(wide, {});
  // on the Dashboard's narrow cards, 环比 / 同比 stay on the line of their change
  await page.goto(server.url + '/');
  await page.locator('[data-testid=kpi-gmv] .chg').first().waitFor();
  const split = await page.locator('.kpi .cmp-pair').evaluateAll((els) => els
    .map((e) => [...e.children].map((c) => c.getBoundingClientRect().top))
    .filter(([a, b]) => Math.abs(a - b) > 4));
  assert.deepEqual(split, []);
  // 数据导入导出 on one line: its link is no taller than the one-word 概览
  const nav = page.getByRole('navigation');
  const h1 = (await nav.getByRole('link', { name: '概览' }).boundingBox()).height;
  const h2 = (await nav.getByRole('link', { name: '数据导入导出' }).boundingBox()).height;
  assert.ok(h2 <= h1 + 1, `nav link heights ${h1} and ${h2}`);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('colours of change: red up in zh by default, green-better by choice or in English; arrows always', async () => {
  const { ctx, page } = await sampleStore();
  await page.locator('[data-testid=kpi-gmv] .chg').first().waitFor();
  const mode = () => page.evaluate(() => document.documentElement.dataset.chg);
  assert.equal(await mode(), 'dir');
  // every non-zero change carries its arrow; in "dir" an up change is red, a down change green
  const cells = await page.locator('.kpi .chg').evaluateAll((els) => els.map((e) => ({
    cls: e.className, text: e.textContent.trim(), color: getComputedStyle(e).color })));
  assert.ok(cells.length >= 8);
  for (const c of cells) {
    if (c.cls.includes('up')) { assert.match(c.text, /^↑ \+/); assert.equal(c.color, 'rgb(207, 19, 34)'); }
    if (c.cls.includes('down')) { assert.match(c.text, /^↓ -/); assert.equal(c.color, 'rgb(35, 120, 4)'); }
  }
  assert.ok(cells.some((c) => c.cls.includes('up') || c.cls.includes('down')), 'the sample has changes');
  // choose green-better: a worse change is red whatever its direction; the choice is remembered
  await page.getByRole('navigation').getByRole('link', { name: '设置' }).click();
  await page.getByLabel('涨跌颜色').selectOption('good');
  await page.waitForFunction(() => document.documentElement.dataset.chg === 'good');
  await settled(page);
  await page.reload();
  await page.getByTestId('page-settings').waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.chg === 'good');
  await page.getByLabel('涨跌颜色').selectOption('');
  await page.waitForFunction(() => document.documentElement.dataset.chg === 'dir');
  // English by language: green better
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.dataset.chg === 'good');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('title editor: the byte count and the broken rules show while typing; Esc leaves the title as it was', async () => {
  const { ctx, page } = await sampleStore();
  await settled(page);
  await page.goto(server.url + '/products');
  const cell = page.locator('tr', { has: page.getByText('AJ-BT-0001', { exact: true }) }).locator('td[data-field=title]');
  await cell.click();
  const input = page.getByTestId('cell-input');
  const before = await page.evaluate(() => localStorage.getItem('sop/products'));
  // 19 汉字 = 38 bytes
  await input.fill('北欧实木餐桌家用小户型长方形饭桌椅组合');
  await page.getByTestId('title-bytes').filter({ hasText: /^38\/60 字节$/ }).waitFor();
  // a forbidden word appears as it is typed
  await input.fill('北欧实木餐桌家用小户型长方形饭桌椅组合最好');
  await page.getByTestId('title-bytes').filter({ hasText: /^42\/60 字节$/ }).waitFor();
  await page.getByTestId('title-live').filter({ hasText: '违禁词“最好”' }).waitFor();
  // over the limit: counted in red, flagged
  await input.fill('北欧实木餐桌家用小户型长方形饭桌椅组合北欧实木餐桌家用小户型长方形');
  await page.getByTestId('title-bytes').filter({ hasText: /^66\/60 字节$/ }).waitFor();
  assert.match(await page.getByTestId('title-bytes').getAttribute('class'), /\bbad\b/);
  await input.press('Escape');
  await page.getByTestId('cell-editor').waitFor({ state: 'detached' });
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), before);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('keyboard grid on Products: one tab stop, arrows move, Enter/F2 edit, Esc cancels, Tab leaves', async () => {
  const { ctx, page } = await sampleStore();
  await settled(page);
  await page.goto(server.url + '/products');
  await page.getByTestId('products-table').locator('tbody tr').first().waitFor();
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    const tr = a?.closest('tbody tr');
    return {
      inBody: !!tr,
      inTable: !!a?.closest('[data-testid=products-table]'),
      row: tr ? [...tr.parentNode.querySelectorAll('tr')].indexOf(tr) : -1,
      id: tr?.dataset.id ?? null,
      field: a?.dataset?.field ?? null,
      tag: a?.tagName.toLowerCase(),
      text: a?.textContent.trim(),
    };
  });
  // Tab from the last header control enters the grid at its first item, the row checkbox
  await page.locator('[data-testid=products-table] tbody [tabindex="0"]').waitFor();
  await page.getByTestId('sort-role').getByRole('button').focus();
  await page.keyboard.press('Tab');
  assert.deepEqual(await active().then((a) => [a.inBody, a.row, a.tag]), [true, 0, 'input']);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await active().then((a) => [a.row, a.field]), [0, 'sku']);
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await active().then((a) => [a.row, a.field]), [1, 'sku']);
  await page.keyboard.press('End');
  assert.deepEqual(await active().then((a) => [a.row, a.tag]), [1, 'button']);
  await page.keyboard.press('Home');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  const cell = await active();
  assert.deepEqual([cell.row, cell.field], [1, 'stock']);
  // the focus back on that product's (redrawn) stock cell, which shows 123
  const focusBackOn123 = () => page.waitForFunction(({ id }) => {
    const a = document.activeElement;
    return a?.dataset?.field === 'stock' && a.closest('tr')?.dataset.id === id && a.textContent.trim() === '123';
  }, { id: cell.id });
  // Enter edits; Enter saves and the focus is back on the (redrawn) cell
  await page.keyboard.press('Enter');
  const input = page.getByTestId('cell-input');
  await input.waitFor();
  assert.equal(await input.evaluate((el) => el === document.activeElement), true);
  assert.equal(await input.getAttribute('aria-label'), '库存');
  await input.fill('123');
  await page.keyboard.press('Enter');
  await page.getByTestId('cell-editor').waitFor({ state: 'detached' });
  await focusBackOn123();
  await settled(page);
  const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem('sop/products')).data.find((p) => p.id === id).stock, cell.id);
  assert.equal(stored, 123);
  // F2 edits too; Esc cancels and leaves the value as it was
  const before = await page.evaluate(() => localStorage.getItem('sop/products'));
  await page.keyboard.press('F2');
  await input.waitFor();
  await input.fill('999');
  await page.keyboard.press('Escape');
  await page.getByTestId('cell-editor').waitFor({ state: 'detached' });
  await focusBackOn123();
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), before);
  // the cell holds the one tab stop; Tab leaves the table
  assert.equal(await page.locator('[data-testid=products-table] tbody [tabindex="0"]').count(), 1);
  await page.keyboard.press('Tab');
  assert.equal((await active()).inTable, false);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
