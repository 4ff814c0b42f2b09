// What an assistant does every day: first run with the sample store, edit products inline,
// add/duplicate/delete, undo, filters, bulk actions, reload, language switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, firstRunSample, shot, settled } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const rows = (page) => page.locator('[data-testid=products-table] tbody tr');
const row = (page, text) => rows(page).filter({ hasText: text });

test('first run: sample store loads 60 products in 4 categories, in Chinese by default', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(server.url + '/');
  await page.getByTestId('first-run').waitFor();
  await shot(page, 'first-run-zh');
  await page.getByTestId('load-sample').click();
  assert.equal(await page.locator('[data-testid=tile-products] .tile-value').textContent(), '60');
  await page.getByRole('link', { name: '商品', exact: true }).click();
  await page.getByTestId('products-table').waitFor();
  assert.equal(await rows(page).count(), 60);
  const cats = await page.locator('[data-testid=filter-category] option').allTextContents();
  assert.equal(cats.length, 5, 'all + 4 categories: ' + cats.join(','));
  assert.match(await page.getByTestId('row-count').textContent(), /显示 60 \/ 共 60/);
  await shot(page, 'products-zh');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('inline edit: a valid price is saved and survives a reload; an invalid one is refused with a message', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/products');
  const r = row(page, 'AJ-BT-0001');
  await r.locator('td[data-field=list_price]').click();
  const input = page.getByTestId('cell-input');
  await input.fill('-5');
  await input.press('Enter');
  assert.match(await page.getByTestId('cell-error').textContent(), /不小于 0/);
  await input.press('Escape');
  assert.equal(await r.locator('td[data-field=list_price]').textContent(), '¥89.00');
  await r.locator('td[data-field=list_price]').click();
  await page.getByTestId('cell-input').fill('1,299.5');
  await page.getByTestId('cell-input').press('Enter');
  assert.equal(await row(page, 'AJ-BT-0001').locator('td[data-field=list_price]').textContent(), '¥1,299.50');
  await row(page, 'AJ-BT-0001').locator('td[data-field=stock]').click();
  await page.getByTestId('cell-input').fill('12.5');
  await page.getByTestId('cell-input').press('Enter');
  assert.match(await page.getByTestId('cell-error').textContent(), /整数/);
  await page.getByTestId('cell-input').press('Escape');
  await settled(page);
  await page.reload();
  assert.equal(await row(page, 'AJ-BT-0001').locator('td[data-field=list_price]').textContent(), '¥1,299.50');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('add, duplicate and delete a product; undo brings it back; everything persists across reload', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/products');
  await page.getByTestId('add-product').click();
  const input = page.getByTestId('cell-input');
  await input.waitFor();
  await input.fill('新款测试商品 <b>不加粗</b>');
  await input.press('Enter');
  const added = row(page, '新款测试商品');
  assert.equal(await added.count(), 1);
  assert.equal(await added.locator('td[data-field=title] .title-text').textContent(), '新款测试商品 <b>不加粗</b>', 'text stays text');
  assert.equal(await page.locator('[data-testid=products-table] b').count(), 0);
  await row(page, 'AJ-BT-0002').locator('[data-action=duplicate]').click();
  assert.equal(await row(page, 'AJ-BT-0002').count(), 2, 'duplicate keeps the SKU code for editing');
  await row(page, 'AJ-BT-0003').locator('[data-action=delete]').click();
  assert.equal(await row(page, 'AJ-BT-0003').count(), 0);
  assert.equal(await rows(page).count(), 61);
  await page.getByTestId('undo').click();
  assert.equal(await row(page, 'AJ-BT-0003').count(), 1, 'undo restores the deleted product');
  await page.keyboard.press('Control+Shift+Z');
  assert.equal(await row(page, 'AJ-BT-0003').count(), 0, 'redo deletes it again');
  await page.keyboard.press('Control+Z');
  assert.equal(await row(page, 'AJ-BT-0003').count(), 1, 'Ctrl+Z undoes');
  await settled(page);
  await page.reload();
  await page.getByTestId('products-table').waitFor();
  assert.equal(await rows(page).count(), 62);
  assert.equal(await row(page, '新款测试商品').count(), 1);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('filters, sort, title problems and bulk unshelve', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await page.goto(server.url + '/products');
  await page.getByTestId('filter-problems').check();
  const flagged = await rows(page).count();
  assert.ok(flagged >= 8 && flagged < 30, `flagged ${flagged}`);
  assert.ok(await page.locator('.issue.high').count() >= 4);
  await page.getByTestId('filter-problems').uncheck();
  await page.getByTestId('search').fill('保温杯');
  const n = await rows(page).count();
  assert.ok(n > 0 && n < 60);
  await page.getByTestId('search').fill('');
  await page.getByTestId('sort-price').click();
  const first = await rows(page).first().locator('td[data-field=list_price]').textContent();
  await page.getByTestId('sort-price').click();
  const firstDesc = await rows(page).first().locator('td[data-field=list_price]').textContent();
  const yuan = (s) => Number(s.replace(/[¥,]/g, ''));
  assert.ok(yuan(first) < yuan(firstDesc), `${first} < ${firstDesc}`);
  await page.getByTestId('filter-status').selectOption('on_shelf');
  const onShelf = await rows(page).count();
  await rows(page).nth(0).locator('td.c-check input').check();
  await rows(page).nth(1).locator('td.c-check input').check();
  await page.getByTestId('bulk-unshelve').click();
  assert.equal(await rows(page).count(), onShelf - 2);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('language switch to English is remembered; deep links work after reload', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await firstRunSample(page, server.url);
  await page.getByTestId('lang-switch').click();
  await page.getByRole('link', { name: 'Products', exact: true }).click();
  await page.getByTestId('products-table').waitFor();
  assert.match(await page.getByTestId('row-count').textContent(), /Showing 60 of 60 products/);
  await settled(page);
  await page.goto(server.url + '/settings');
  await page.getByTestId('page-settings').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Settings');
  await page.goto(server.url + '/products');
  assert.match(await page.getByTestId('row-count').textContent(), /Showing/);
  await shot(page, 'products-en');
  await page.goto(server.url + '/targets');
  await page.getByTestId('new-plan').waitFor();
  assert.match(await page.getByTestId('page-targets').textContent(), /No year plan yet/);
  await page.goto(server.url + '/no/such/page');
  await page.getByTestId('page-not-found').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('an English browser starts in English', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await page.goto(server.url + '/');
  assert.match(await page.getByTestId('first-run').textContent(), /Load sample store/);
  await shot(page, 'first-run-en');
  await ctx.close();
});
