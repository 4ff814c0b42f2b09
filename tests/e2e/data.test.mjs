// Sharing plans: export, clear, import, bad files, conflicts; two tabs; offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, serve, newPage, firstRunSample, shot, settled, settledAll, fillStorage, freeStorage } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const productsIn = async (page) => JSON.parse(await page.evaluate(() => localStorage.getItem('sop/products'))).data;
const live = (ps) => ps.filter((p) => !p.deleted);

async function exportWorkspace(page) {
  await page.goto(server.url + '/data');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all').click()]);
  assert.match(dl.suggestedFilename(), /-plan-\d{4}-\d{2}-\d{2}\.json$/);
  return fs.readFileSync(await dl.path(), 'utf8');
}

async function importText(page, name, text) {
  await page.goto(server.url + '/data');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('export, clear storage, import: the same products come back; importing twice changes nothing', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const before = await productsIn(page);
  const file = await exportWorkspace(page);
  const env = JSON.parse(file);
  assert.equal(env.type, 'store-ops-planner/plan');
  assert.equal(env.version, 2);
  assert.equal(env.payload.promotions.length, 6);
  assert.equal(env.payload.products.length, 60);

  await page.evaluate(() => localStorage.clear());
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await importText(page, 'plan.json', file);
  await page.getByTestId('import-preview').waitFor();
  // 60 products and 6 promotions are new; the 12 calendar events were seeded identically
  assert.equal(await page.locator('[data-testid=pv-new] .tile-value').textContent(), '66');
  assert.equal(await page.locator('[data-testid=pv-unchanged] .tile-value').textContent(), '12');
  await shot(page, 'import-preview-zh');
  await page.getByTestId('apply-merge').click();
  await page.getByTestId('import-done').waitFor();
  await settled(page);
  const after = await productsIn(page);
  assert.deepEqual(after.map((p) => [p.id, p.rev, p.title, p.list_price]).sort(), before.map((p) => [p.id, p.rev, p.title, p.list_price]).sort());
  await page.goto(server.url + '/products');
  await page.getByTestId('products-table').waitFor();
  assert.equal(await page.locator('[data-testid=products-table] tbody tr').count(), 60);

  await importText(page, 'plan.json', file);
  await page.getByTestId('pv-noop').waitFor();
  assert.equal(await page.locator('[data-testid=pv-unchanged] .tile-value').textContent(), '78');
  assert.ok(await page.getByTestId('apply-merge').isDisabled());
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('bad files get a precise message and leave stored data unchanged', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  // every key and value, in key order (the browser's own key order is not insertion order)
  const snapshot = () => page.evaluate(() => JSON.stringify(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));
  const stored = await snapshot();
  const good = JSON.parse(await exportWorkspace(page));
  const bad = JSON.parse(JSON.stringify(good));
  bad.payload.products[3].list_price = -100;
  bad.payload.products[5].status = 'sold';
  // a newer revision of AJ-BT-0010 without its price: refused, never read as ¥0.00
  const noPrice = JSON.parse(JSON.stringify(good));
  const p9 = noPrice.payload.products[9];
  delete p9.list_price;
  p9.anc = [p9.rev, ...(p9.anc || [])];
  p9.rev = '9-0000abcd';
  const cases = [
    ['no-price.json', JSON.stringify(noPrice), /payload\.products\[9\]\.list_price/],
    ['notes.txt', 'hello, not json', /不是有效的 JSON：第 1 行/],
    ['cut.json', JSON.stringify(good).slice(0, 500), /不完整/],
    ['other.json', JSON.stringify({ type: 'excalidraw', version: 2 }), /文件类型不对/],
    ['future.json', JSON.stringify({ ...good, version: 9 }), /更新版本/],
    ['bad-values.json', JSON.stringify(bad), /payload\.products\[3\]\.list_price/],
    ['empty.json', '', /文件是空的/],
  ];
  for (const [name, text, want] of cases) {
    await importText(page, name, text);
    const err = page.getByTestId('import-error');
    await err.waitFor();
    assert.match(await err.textContent(), want, name);
    assert.equal(await page.getByTestId('import-preview').count(), 0);
  }
  await shot(page, 'import-error-zh');
  assert.match(await page.getByTestId('import-error').textContent(), /已有数据没有任何改动/);
  assert.equal(await snapshot(), stored, 'storage untouched');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a teammate edit merges, a conflicting edit is shown side by side, and the whole import undoes in one step', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const file = JSON.parse(await exportWorkspace(page));
  // Our edit to product 1 (before importing theirs).
  await page.goto(server.url + '/products');
  const r = page.locator('[data-testid=products-table] tbody tr').filter({ hasText: 'AJ-BT-0001' });
  await r.locator('td[data-field=stock]').click();
  await page.getByTestId('cell-input').fill('7');
  await page.getByTestId('cell-input').press('Enter');
  await settled(page);
  // Their edits, made on the exported copy: product 1 (conflict) and product 2 (clean update).
  // Revisions must advance like the app does; take them from a second browser profile.
  const other = await newPage(browser);
  await importAndEdit(other.page, file);
  const theirs = await exportWorkspace(other.page);
  await other.ctx.close();

  await importText(page, 'theirs.json', theirs);
  await page.getByTestId('import-preview').waitFor();
  assert.equal(await page.locator('[data-testid=pv-conflicts] .tile-value').textContent(), '1');
  assert.equal(await page.locator('[data-testid=pv-updated] .tile-value').textContent(), '1');
  assert.equal(await page.getByTestId('conflict').count(), 1);
  await shot(page, 'import-conflict-zh');
  await page.getByTestId('pick-theirs').check();
  await page.getByTestId('apply-merge').click();
  await page.getByTestId('import-done').waitFor();
  await page.getByRole('link', { name: '商品', exact: true }).click(); // in-app: keeps the undo history
  const stock1 = await page.locator('tr', { hasText: 'AJ-BT-0001' }).locator('td[data-field=stock]').textContent();
  const stock2 = await page.locator('tr', { hasText: 'AJ-BT-0002' }).locator('td[data-field=stock]').textContent();
  assert.equal(stock1, '111');
  assert.equal(stock2, '222');
  await page.getByTestId('undo').click();
  assert.equal(await page.locator('tr', { hasText: 'AJ-BT-0001' }).locator('td[data-field=stock]').textContent(), '7');
  assert.equal(await page.locator('tr', { hasText: 'AJ-BT-0002' }).locator('td[data-field=stock]').textContent(), '920');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

async function importAndEdit(page, file) {
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await importText(page, 'mine.json', JSON.stringify(file));
  await page.getByTestId('apply-merge').click();
  await page.getByTestId('import-done').waitFor();
  await page.goto(server.url + '/products');
  for (const [sku, stock] of [['AJ-BT-0001', '111'], ['AJ-BT-0002', '222']]) {
    await page.locator('tr', { hasText: sku }).locator('td[data-field=stock]').click();
    await page.getByTestId('cell-input').fill(stock);
    await page.getByTestId('cell-input').press('Enter');
  }
  await settled(page);
}

test('two tabs: an edit in one appears in the other within a second, and edits to different products are both kept', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
  const a = (await newPage(browser, { context: ctx })).page;
  await firstRunSample(a, server.url);
  await settled(a);
  const b = (await newPage(browser, { context: ctx })).page;
  await a.goto(server.url + '/products');
  await b.goto(server.url + '/products');
  const stock = (page, sku) => page.locator('tr', { hasText: sku }).locator('td[data-field=stock]');
  await stock(a, 'AJ-BT-0004').click();
  await a.getByTestId('cell-input').fill('4444');
  await a.getByTestId('cell-input').press('Enter');
  // The other tab's write arrives through the storage event (a state to wait for, not a time:
  // how fast it arrives is the benchmark's business).
  await b.waitForFunction(() => [...document.querySelectorAll('tr')].some((r) => r.textContent.includes('AJ-BT-0004') && r.querySelector('td[data-field=stock]')?.textContent === '4444'));
  // Both tabs edit different products at nearly the same time.
  await stock(a, 'AJ-BT-0005').click();
  await stock(b, 'AJ-BT-0006').click();
  await a.getByTestId('cell-input').fill('5555');
  await b.getByTestId('cell-input').fill('6666');
  await a.getByTestId('cell-input').press('Enter');
  await b.getByTestId('cell-input').press('Enter');
  await settledAll(a, b);
  // Both edits reached storage (whichever tab saved last merged the other's first).
  await a.waitForFunction(() => {
    const stock = Object.fromEntries(JSON.parse(localStorage.getItem('sop/products')).data.map((p) => [p.sku, p.stock]));
    return stock['AJ-BT-0005'] === 5555 && stock['AJ-BT-0006'] === 6666;
  });
  for (const page of [a, b]) {
    await page.reload();
    assert.equal(await stock(page, 'AJ-BT-0004').textContent(), '4444');
    assert.equal(await stock(page, 'AJ-BT-0005').textContent(), '5555');
    assert.equal(await stock(page, 'AJ-BT-0006').textContent(), '6666');
  }
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('offline: with the server stopped, a reload opens the app from the service worker with the data', async () => {
  const own = await serve();
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, own.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null || true);
  await page.reload(); // now controlled by the service worker
  await page.evaluate(() => navigator.serviceWorker.ready);
  await settled(page);
  await own.close();
  await page.reload();
  await page.getByTestId('page-dashboard').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-testid=tile-products] .tile-value').textContent(), '60');
  await page.goto(own.url + '/products');
  await page.getByTestId('products-table').waitFor();
  assert.equal(await page.locator('[data-testid=products-table] tbody tr').count(), 60);
  await ctx.close();
});

test('a product title with a script tag is shown as text and never runs', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const file = JSON.parse(await exportWorkspace(page));
  const p0 = file.payload.products[0];
  p0.title = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  p0.anc = [p0.rev, ...(p0.anc || [])]; // a newer revision of the same record
  p0.rev = '9-0000abcd';
  await importText(page, 'x.json', JSON.stringify(file));
  await page.getByTestId('import-preview').waitFor();
  assert.equal(await page.locator('[data-testid=pv-updated] .tile-value').textContent(), '1');
  await page.getByTestId('apply-merge').click();
  await page.goto(server.url + '/products');
  await page.getByTestId('products-table').waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('[data-testid=products-table] img').count(), 0);
  assert.ok((await page.getByTestId('products-table').textContent()).includes('<script>'));
  await ctx.close();
});

test('a file of some products can be merged but never "replace everything": the other products, promotions and events stay', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const env = JSON.parse(await exportWorkspace(page));
  const three = env.payload.products.slice(0, 3).map((p) => ({ ...p, title: p.title + ' 新版', anc: [p.rev, ...(p.anc || [])], rev: '9-0000abc' + p.sku.slice(-1) }));
  const scoped = { ...env, scope: 'products', payload: { products: three } };
  await importText(page, 'three.json', JSON.stringify(scoped));
  await page.getByTestId('import-preview').waitFor();
  assert.equal(await page.getByTestId('replace-all').count(), 0, 'a scoped file offers no replace');
  await page.getByTestId('replace-scoped').waitFor();
  await page.getByTestId('apply-merge').click();
  await page.getByTestId('import-done').waitFor();
  await settled(page);
  assert.equal(live(await productsIn(page)).length, 60);
  const promos = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/promotions'))).data;
  assert.equal(promos.filter((p) => !p.deleted).length, 6);
  const events = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/events'))).data;
  assert.equal(events.filter((e) => !e.deleted).length, 12);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('"replace everything" with a whole-workspace file: the store profile is replaced in the same undo step', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const profileName = async () => JSON.parse(await page.evaluate(() => localStorage.getItem('sop/profile'))).data.name;
  const mine = await profileName();
  const env = JSON.parse(await exportWorkspace(page));
  const p = env.payload.profile;
  const theirs = { ...env, payload: { ...env.payload, profile: { ...p, name: '另一家店', anc: [p.rev, ...(p.anc || [])], rev: '9-0000abcd' }, products: env.payload.products.slice(0, 2) } };
  await importText(page, 'theirs.json', JSON.stringify(theirs));
  await page.getByTestId('import-preview').waitFor();
  await page.getByTestId('replace-all').click();
  await page.getByTestId('confirm-replace').click();
  await page.getByTestId('import-done').waitFor();
  await settled(page);
  assert.equal(await profileName(), '另一家店');
  assert.equal(live(await productsIn(page)).length, 2);
  // one undo puts back both the products and the profile; redo both again
  await page.getByTestId('undo').click();
  await settled(page);
  assert.equal(await profileName(), mine);
  assert.equal(live(await productsIn(page)).length, 60);
  await page.getByTestId('redo').click();
  await settled(page);
  assert.equal(await profileName(), '另一家店');
  assert.equal(live(await productsIn(page)).length, 2);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// ---- issue 18: store files that would quietly change figures ----

const storageSnapshot = (page) => page.evaluate(() => JSON.stringify(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));

async function chooseMetricsFile(page, file) {
  await page.goto(server.url + '/data');
  await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  await page.getByTestId('metrics-file').setInputFiles(file);
  await page.locator('[data-testid=metrics-preview], [data-testid=metrics-error]').first().waitFor({ timeout: 15000 });
}

test('store file with more paying buyers than visitors: rows listed, import refused until acknowledged, nothing stored before', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const stored = await storageSnapshot(page);
  // Fixed dates far from the sample's (which are relative to today): new days either way.
  const csv = '统计日期,访客数,下单买家数,支付买家数,支付金额\n'
    + '2019-06-01,100,6000,5000,500.00\n'
    + '2019-06-02,200,30,20,900.00\n'
    + '2019-06-03,80,10,12,300.00\n';
  await chooseMetricsFile(page, { name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const box = page.getByTestId('metrics-relations');
  await box.waitFor();
  assert.equal((await box.locator('h3').textContent()).trim(), '有 2 行的数字不可能同时成立，请核对：');
  assert.deepEqual((await box.locator('li').allTextContents()).map((s) => s.trim()), [
    '第 2 行：支付买家数 5000 大于 访客数 100',
    '第 4 行：支付买家数 12 大于 下单买家数 10',
  ]);
  const apply = page.getByRole('button', { name: '导入', exact: true });
  const ack = page.getByRole('checkbox', { name: '我已核对这些行，仍要导入' });
  assert.equal(await ack.isChecked(), false);
  assert.ok(await apply.isDisabled(), 'import refused until acknowledged');
  await shot(page, 'metrics-relations-zh');
  // A forced click on the disabled button still stores nothing.
  await apply.click({ force: true });
  assert.equal(await page.getByTestId('metrics-done').count(), 0);
  await settled(page);
  assert.equal(await storageSnapshot(page), stored, 'nothing changed before acknowledgment');

  await ack.check();
  await page.waitForFunction(() => !document.querySelector('[data-testid=metrics-apply]').disabled);
  await apply.click();
  await page.getByTestId('metrics-done').waitFor();
  assert.match(await page.getByTestId('metrics-done').textContent(), /新增 3/);
  await settled(page);
  assert.notEqual(await storageSnapshot(page), stored, 'stored after acknowledgment');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('English: the rows to check and the acknowledgment are in English', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await firstRunSample(page, server.url);
  await settled(page);
  const csv = 'date,visitors,paying buyers,sales\n2019-06-01,100,5000,500.00\n';
  await chooseMetricsFile(page, { name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const box = page.getByTestId('metrics-relations');
  await box.waitFor();
  assert.deepEqual((await box.locator('li').allTextContents()).map((s) => s.trim()), ['Row 2: paying buyers 5000 exceed visitors 100']);
  assert.ok(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled());
  await page.getByRole('checkbox', { name: 'I have checked these rows and still want to import' }).check();
  await page.waitForFunction(() => !document.querySelector('[data-testid=metrics-apply]').disabled);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('two 访客数 columns are named with their letters and the chosen one is read', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const csv = '统计日期,访客数,支付买家数,访客数,支付金额\n2019-06-01,100,5,300,500.00\n';
  await chooseMetricsFile(page, { name: 'dup.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const box = page.getByTestId('metrics-duplicates');
  await box.waitFor();
  assert.deepEqual((await box.locator('li').allTextContents()).map((s) => s.trim()), ['“访客数” 出现在 B, D 列']);
  const select = page.getByRole('combobox', { name: '“访客数”（访客数）使用哪一列' });
  assert.equal(await select.inputValue(), '1');
  await shot(page, 'metrics-duplicates-zh');
  await select.selectOption('3');
  // Read again with column D: the import button works again once the new preview is there.
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=metrics-apply]');
    return b && !b.disabled && document.querySelector('#dup-field-0')?.value === '3';
  });
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  await settled(page);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('an .xlsx whose 访客数 are formulas without a saved result is refused; nothing stored', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  const stored = await storageSnapshot(page);
  const buffer = fs.readFileSync(new URL('../fixtures/import/formulas/visitors_no_value.xlsx', import.meta.url));
  await chooseMetricsFile(page, { name: 'visitors_no_value.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  const err = page.getByTestId('metrics-error');
  await err.waitFor();
  assert.match(await err.textContent(), /“访客数”列（B 列）有 2 个公式单元格没有保存计算结果（第一个在第 3 行）/);
  assert.equal(await page.getByTestId('metrics-preview').count(), 0);
  await settled(page);
  assert.equal(await storageSnapshot(page), stored);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// Issue 18 item 7: the same guarantees when the file is dropped, in English, when the storage
// fills up during an import, and with a second tab open during an import. (Cancelling mid-parse:
// metrics.test.mjs, "a running import shows progress and can be cancelled".)

/** Drop a file on a drop zone, as a drag from the file manager does. */
async function dropFile(page, zone, name, type, text) {
  const dt = await page.evaluateHandle(([name, type, text]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type }));
    return dt;
  }, [name, type, text]);
  await page.getByTestId(zone).dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId(zone).dispatchEvent('drop', { dataTransfer: dt });
}

const everything = (page) => page.evaluate(() => JSON.stringify(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));

/** Three valid store days far from the sample's (relative to today): new days either way. */
const STORE_CSV = '统计日期,访客数,支付买家数,支付金额\n2019-06-01,100,6,500.00\n2019-06-02,200,20,900.00\n2019-06-03,80,8,300.00\n';

test('dropped files, in English: a plan file without a price and a store file with buyers > visitors change nothing', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await firstRunSample(page, server.url);
  await settled(page);
  const good = JSON.parse(await exportWorkspace(page));
  const noPrice = JSON.parse(JSON.stringify(good));
  const p9 = noPrice.payload.products[9];
  delete p9.list_price;
  p9.anc = [p9.rev, ...(p9.anc || [])];
  p9.rev = '9-0000abcd';
  await settled(page);
  const stored = await everything(page);

  await page.goto(server.url + '/data');
  await page.getByTestId('dropzone').waitFor();
  await dropFile(page, 'dropzone', 'no-price.json', 'application/json', JSON.stringify(noPrice));
  const err = page.getByTestId('import-error');
  await err.waitFor();
  assert.match(await err.textContent(), /payload\.products\[9\]\.list_price/);
  assert.match(await err.textContent(), /Your stored data was not changed\./);
  assert.equal(await page.getByTestId('import-preview').count(), 0);

  const csv = 'date,visitors,paying buyers,sales\n2019-06-01,100,5000,500.00\n';
  await page.getByTestId('metrics-dropzone').waitFor();
  await dropFile(page, 'metrics-dropzone', 'store.csv', 'text/csv', csv);
  const box = page.getByTestId('metrics-relations');
  await box.waitFor();
  assert.deepEqual((await box.locator('li').allTextContents()).map((s) => s.trim()), ['Row 2: paying buyers 5000 exceed visitors 100']);
  assert.ok(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled());
  await settled(page);
  assert.equal(await everything(page), stored, 'storage untouched');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('storage filling up during an import: the import stays in memory, storage keeps its old values, and it is saved once space is freed', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  await chooseMetricsFile(page, { name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(STORE_CSV) });
  await page.getByTestId('metrics-preview').waitFor();
  // Another app fills the storage while the preview is open.
  const metricsBefore = await page.evaluate(() => localStorage.getItem('sop/metrics'));
  await fillStorage(page);
  const full = await everything(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  assert.match(await page.getByTestId('metrics-done').textContent(), /新增 3/);
  await page.getByTestId('banner-quota').waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.save), 'failed');
  assert.equal(await everything(page), full, 'nothing written, nothing lost');
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/metrics')), metricsBefore);
  await shot(page, 'metrics-import-storage-full-zh');
  // Space is freed; the retry button saves the import.
  await freeStorage(page);
  await page.getByTestId('banner-quota').getByRole('button').nth(1).click();
  await page.getByTestId('banner-quota').waitFor({ state: 'detached' });
  await settled(page);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('sop/metrics')), metricsBefore);
  // After a reload the same file finds its three days already stored.
  await page.reload();
  await chooseMetricsFile(page, { name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(STORE_CSV) });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  assert.match(await page.getByTestId('metrics-done').textContent(), /新增 0，更新 0，无变化 3/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a second tab during an import: its edit and the import are both kept, and it has the imported days', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
  const a = (await newPage(browser, { context: ctx })).page;
  await firstRunSample(a, server.url);
  await settled(a);
  const b = (await newPage(browser, { context: ctx })).page;
  await b.goto(server.url + '/products');
  await chooseMetricsFile(a, { name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(STORE_CSV) });
  await a.getByTestId('metrics-preview').waitFor();
  // While A's preview is open, B edits a product; then A imports.
  const stock = b.locator('tr', { hasText: 'AJ-BT-0007' }).locator('td[data-field=stock]');
  await stock.click();
  await b.getByTestId('cell-input').fill('7777');
  await b.getByTestId('cell-input').press('Enter');
  await settled(b);
  await a.getByRole('button', { name: '导入', exact: true }).click();
  assert.match(await a.getByTestId('metrics-done').textContent(), /新增 3/);
  await settledAll(a, b);
  const stored = await a.evaluate(() => ({
    stock: JSON.parse(localStorage.getItem('sop/products')).data.find((p) => p.sku === 'AJ-BT-0007').stock,
  }));
  assert.equal(stored.stock, 7777, "B's edit kept");
  // B has the imported days in memory (no reload: the app's own navigation): the same file
  // there finds them all already stored.
  await b.getByRole('link', { name: '数据导入导出' }).click();
  await b.getByTestId('metrics-file').waitFor({ state: 'attached' });
  await b.getByTestId('metrics-file').setInputFiles({ name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(STORE_CSV) });
  await b.getByTestId('metrics-preview').waitFor();
  await b.getByRole('button', { name: '导入', exact: true }).click();
  assert.match(await b.getByTestId('metrics-done').textContent(), /新增 0，更新 0，无变化 3/);
  await settledAll(a, b);
  // and A kept B's edit in its own memory
  await a.getByRole('link', { name: '商品', exact: true }).click();
  assert.equal(await a.locator('tr', { hasText: 'AJ-BT-0007' }).locator('td[data-field=stock]').textContent(), '7777');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('the refund tolerance is a setting: a row within the default is listed once the setting is stricter', async () => {
  const { ctx, page } = await newPage(browser);
  await firstRunSample(page, server.url);
  await settled(page);
  // refunds ¥120 on ¥100 paid: within the default 50% / ¥100, over 10% / ¥0
  const csv = '统计日期,访客数,支付买家数,支付金额,成功退款金额\n2019-06-01,100,5,100.00,120.00\n';
  const file = { name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await chooseMetricsFile(page, file);
  await page.getByTestId('metrics-preview').waitFor();
  assert.equal(await page.getByTestId('metrics-relations').count(), 0);
  await page.getByRole('link', { name: '设置' }).click();
  await page.getByRole('textbox', { name: '退款可超出当日支付金额（%）' }).fill('10');
  await page.getByRole('textbox', { name: '退款可超出当日支付金额（%）' }).blur();
  await page.getByRole('textbox', { name: '且至少可超出（元）' }).fill('0');
  await page.getByRole('textbox', { name: '且至少可超出（元）' }).blur();
  await settled(page);
  const settings = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/settings'))).data;
  assert.deepEqual([settings.refund_tolerance_pct, settings.refund_tolerance_min], [10, 0]);
  await page.getByRole('link', { name: '数据导入导出' }).click();
  await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  await page.getByTestId('metrics-file').setInputFiles(file);
  const box = page.getByTestId('metrics-relations');
  await box.waitFor();
  assert.match(await box.locator('li').first().textContent(), /第 2 行：成功退款金额 ¥120\.00 超过 支付金额 ¥100\.00（超出允许的 10% 或 ¥0\.00/);
  // a bad value is refused with a message and keeps the stored one
  await page.getByRole('link', { name: '设置' }).click();
  await page.getByRole('textbox', { name: '退款可超出当日支付金额（%）' }).fill('abc');
  await page.getByRole('textbox', { name: '退款可超出当日支付金额（%）' }).blur();
  await page.getByTestId('settings-error').waitFor();
  await settled(page);
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('sop/settings'))).data.refund_tolerance_pct, 10);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the file inputs speak the UI language: a 选择文件 button, the input named by its hint', async () => {
  const { ctx, page } = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByRole('link', { name: '数据导入导出' }).click();
  await page.getByTestId('dropzone').waitFor();
  assert.match(await page.getByTestId('dropzone').innerText(), /^选择文件\s+点击选择或把 \.json 计划文件拖到这里/);
  assert.equal(await page.getByLabel('点击选择或把 .json 计划文件拖到这里（上限 20 MB）').getAttribute('data-testid'), 'import-file');
  const box = await page.getByTestId('import-file').boundingBox();
  assert.ok(box.width <= 1 && box.height <= 1, 'no native "Choose File" button');
  await shot(page, 'data-file-input-zh');
  await page.getByTestId('lang-switch').click();
  assert.match(await page.getByTestId('metrics-dropzone').innerText(), /^Choose a file\s+Click to choose, or drop an export file here/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
