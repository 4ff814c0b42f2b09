// The local store under stress: storage unavailable, storage full, corrupted data at start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, firstRunSample, shot, settled, fillStorage, freeStorage } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

test('storage unavailable: the app runs in memory and says so', async () => {
  const { ctx, page } = await newPage(browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(server.url + '/');
  await page.getByTestId('banner-memory').waitFor();
  await page.getByTestId('load-sample').click();
  assert.equal(await page.locator('[data-testid=tile-products] .tile-value').textContent(), '60');
  await shot(page, 'memory-only-zh');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('storage full at start: the stored data is shown, the full banner (not "unavailable") offers a backup, and saving resumes once space is freed', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const before = await page.evaluate(() => localStorage.getItem('sop/products'));
  await fillStorage(page);
  await page.reload();
  await page.getByTestId('banner-quota').waitFor();
  assert.equal(await page.getByTestId('banner-memory').count(), 0, 'full is not unavailable');
  await page.getByTestId('page-dashboard').waitFor();
  assert.equal(await page.locator('[data-testid=tile-products] .tile-value').textContent(), '60', 'everything stored is read');
  await shot(page, 'quota-full-at-start-zh');
  // An edit while full stays in memory; storage keeps its old value whole.
  await page.getByRole('link', { name: '商品', exact: true }).click();
  await page.getByTestId('add-product').click();
  await settled(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.save), 'failed');
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), before, 'nothing written partially');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('banner-quota').getByRole('button').first().click()]);
  assert.match(dl.suggestedFilename(), /\.json$/);
  // The user frees space (here: the other app's data); saving resumes by itself.
  await freeStorage(page);
  await page.getByTestId('banner-quota').waitFor({ state: 'detached', timeout: 20000 });
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/products')));
  assert.equal(stored.data.length, 61);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('storage full while working: a banner offers a backup, memory keeps the edits, the retry button saves once space is freed', async () => {
  const { ctx, page } = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').waitFor();
  await settled(page);
  await fillStorage(page);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('banner-quota').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), null, 'nothing written partially');
  assert.equal(await page.locator('[data-testid=tile-products] .tile-value').textContent(), '60', 'memory keeps the data');
  await shot(page, 'quota-full-zh');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('banner-quota').getByRole('button').first().click()]);
  assert.match(dl.suggestedFilename(), /\.json$/);
  await freeStorage(page);
  await page.getByTestId('banner-quota').getByRole('button').nth(1).click();
  await page.getByTestId('banner-quota').waitFor({ state: 'detached' });
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/products')));
  assert.equal(stored.data.length, 60);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a corrupted value at start is kept aside, downloadable from Settings, and the app opens', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  await page.evaluate(() => localStorage.setItem('sop/products', '{"schema":1,"data":[{"id":"broken"'));
  await page.reload();
  await page.getByTestId('banner-load').waitFor();
  assert.match(await page.getByTestId('banner-load').textContent(), /sop\/corrupt\/sop\/products\//);
  await page.getByRole('link', { name: '设置', exact: true }).click();
  await page.getByTestId('corrupt-list').waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-corrupt').click()]);
  const fs = await import('node:fs');
  assert.equal(fs.readFileSync(await dl.path(), 'utf8'), '{"schema":1,"data":[{"id":"broken"');
  assert.match(await page.getByTestId('storage-used').textContent(), /5,242,880/);
  await shot(page, 'settings-corrupt-zh');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sop/corrupt/')));
  assert.equal(kept.length, 1);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('data from a newer app version is refused at start and never overwritten', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const future = '{"schema":7,"data":{"whatever":true}}';
  await page.evaluate((f) => localStorage.setItem('sop/products', f), future);
  await page.reload();
  assert.match(await page.getByTestId('banner-load').textContent(), /更新版本/);
  await page.getByRole('link', { name: '商品', exact: true }).click();
  await page.getByTestId('add-product').click();
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), future);
  await ctx.close();
});

test('a newer app version writing our data in another tab: this tab says so and never saves over it', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const future = '{"schema":7,"data":{"whatever":true}}';
  // What a newer version in another tab leaves behind (written here, so no storage event).
  await page.evaluate((f) => localStorage.setItem('sop/products', f), future);
  await page.getByRole('link', { name: '商品', exact: true }).click();
  await page.getByTestId('add-product').click();
  await page.getByTestId('banner-newer').waitFor();
  await shot(page, 'newer-elsewhere-zh');
  await page.getByTestId('add-product').click();
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), future);
  assert.equal(await page.getByTestId('banner-quota').count(), 0, 'not mistaken for a full storage');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
