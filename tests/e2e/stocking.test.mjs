// 备货 (issue 15 §4): the sample 双12 聚划算 promotion (1,500 units target; clock pinned, so its
// main days are 双12's, 10–12 December 2026): expected units add up to the target, order-by dates
// are the start minus the default lead time, nothing to order with a week of safety stock, some with
// 300 days, a typed in-transit quantity lowers that SKU's order by as much, a bad value changes nothing, and the
// purchase list downloads as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import XLSX from 'xlsx';
import { launch, serve, newPage, settled } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const NOW = new Date('2026-12-05T04:00:00Z');
const num = (s) => Number(s.replaceAll(',', ''));

/** A fresh profile in Chinese with the sample store loaded, the clock pinned, on the Dashboard. */
async function sampleStore() {
  const { ctx, page } = await newPage(browser, { locale: 'zh-CN' });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('page-dashboard').waitFor();
  return { ctx, page };
}

test('the sample 双12 promotion: expected units, orders, order-by dates, in transit, safety stock, CSV', async () => {
  const { ctx, page } = await sampleStore();
  await page.getByRole('navigation').getByRole('link', { name: '促销活动' }).click();
  await page.getByTestId('promo-table').getByRole('link', { name: '双12 聚划算 引流款' }).click();
  await page.getByTestId('promo-stocking').waitFor();
  const rows = page.getByTestId('st-row');
  await rows.first().waitFor();
  const n = await rows.count();
  assert.ok(n >= 2);
  const ints = async (id) => (await page.getByTestId(id).allTextContents()).map(num);
  // the target's 1,500 units, split over the SKUs
  assert.equal((await ints('st-event')).reduce((a, b) => a + b, 0), 1500);
  // the order total is the rows' sum; order-by is 10 Dec − 7 days
  const orders = await ints('st-order');
  assert.equal(num(await page.getByTestId('st-order-total').textContent()), orders.reduce((a, b) => a + b, 0));
  for (const t of await page.getByTestId('st-order-by').allTextContents()) assert.match(t, /2026-12-03/);
  // the sample's stock covers the event with a week of safety stock: nothing to order
  assert.deepEqual(orders, orders.map(() => 0));
  for (const t of await page.getByTestId('st-out').allTextContents()) assert.equal(t, '够卖到活动结束');
  // 300 days of safety stock: the bigger sellers need more than they have
  const need7 = await ints('st-need');
  const safety = page.getByLabel('安全库存（天）');
  await safety.fill('300'); await safety.press('Tab');
  await page.waitForFunction((s) => [...document.querySelectorAll('[data-testid=st-need]')].map((e) => e.textContent).join() !== s, need7.join());
  const need300 = await ints('st-need');
  need300.forEach((v, k) => assert.ok(v > need7[k]));
  const ordered = await ints('st-order');
  assert.equal(num(await page.getByTestId('st-order-total').textContent()), ordered.reduce((a, b) => a + b, 0));
  // in transit for the first SKU with something to order: its order falls by as much
  orders.splice(0, orders.length, ...ordered);
  const i = orders.findIndex((o) => o > 0);
  assert.ok(i >= 0, 'some SKU needs stock');
  const sku = await rows.nth(i).locator('th').textContent();
  const typed = Math.min(orders[i], 5);
  const box = page.getByLabel(`${sku} 在途`);
  await box.fill(String(typed)); await box.press('Tab');
  await page.waitForFunction(([k, v]) => Number(document.querySelectorAll('[data-testid=st-order]')[k].textContent.replaceAll(',', '')) === v, [i, orders[i] - typed]);
  // a bad value: a message, nothing changed
  await settled(page);
  const before = await page.evaluate(() => localStorage.getItem('sop/products'));
  await box.fill('-3'); await box.press('Tab');
  await page.getByTestId('st-error').waitFor();
  assert.match(await page.getByTestId('st-error').textContent(), /^「-3」不是有效的整数/);
  assert.equal(await box.inputValue(), String(typed));
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), before);
  // the purchase list: one line per SKU to order
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('st-csv').click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  const toOrder = (await ints('st-order')).filter((o) => o > 0).length;
  assert.equal(csv.length, 1 + toOrder);
  assert.match(csv[0], /^SKU|^商家编码|^货号/);
  // XLSX: the same rows, quantities as numbers (read back with SheetJS)
  const [xl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('st-xlsx').click()]);
  assert.equal(xl.suggestedFilename(), 'purchase-list.xlsx');
  const wb = XLSX.read(fs.readFileSync(await xl.path()), { type: 'buffer' });
  const grid = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: null });
  assert.equal(grid.length, 1 + toOrder);
  assert.deepEqual(grid.slice(1).map((r) => r[3]), (await ints('st-order')).filter((o) => o > 0));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a stock file sets in transit and lead times for many SKUs at once: preview, bad file, undo', async () => {
  const { ctx, page } = await sampleStore();
  await page.getByRole('navigation').getByRole('link', { name: '促销活动' }).click();
  await page.getByTestId('promo-table').getByRole('link', { name: '双12 聚划算 引流款' }).click();
  const rows = page.getByTestId('st-row');
  await rows.first().waitFor();
  const skus = (await rows.locator('th').allTextContents()).map((s) => s.trim());
  await settled(page);
  const before = await page.evaluate(() => localStorage.getItem('sop/products'));
  await page.getByText('导入库存表（库存、在途、采购周期）').click();
  // a bad number: the row named, nothing changed
  await page.getByTestId('st-file-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`商家编码,在途\n${skus[0]},-5\n`) });
  assert.match(await page.getByTestId('st-file-error').textContent(), /^1 行的数字无法识别或超出范围.*行号：2$/);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), before);
  // the first SKU: 40 in transit and a 20-day lead time; an unknown SKU is listed and skipped
  const csv = `商家编码,在途,采购周期（天）\n${skus[0]},40,20\nNO-SUCH-SKU,1,\n`;
  await page.getByTestId('st-file-input').setInputFiles({ name: '库存.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  assert.equal((await page.getByTestId('st-file-preview').locator('p').first().textContent()).trim(), '库存.csv：将更新 1 个商品，0 个商品没有变化。');
  assert.match(await page.getByTestId('st-file-unmatched').textContent(), /NO-SUCH-SKU/);
  await page.getByTestId('st-file-confirm').click();
  assert.equal((await page.getByTestId('st-file-done').textContent()).trim(), '已从 库存.csv 更新 1 个商品的库存信息。');
  assert.equal(await page.getByLabel(`${skus[0]} 在途`).inputValue(), '40');
  assert.equal(await page.getByLabel(`${skus[0]} 采购周期`).inputValue(), '20');
  // one undo step puts both back
  await page.getByTestId('undo').click();
  await page.waitForFunction((s) => document.querySelector(`[aria-label="${s} 在途"]`)?.value === '0', skus[0]);
  assert.equal(await page.getByLabel(`${skus[0]} 采购周期`).inputValue(), '');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// 备货 for a month of the sales plan (issue 15 §4): on the sample store (clock pinned to
// 5 December 2026) a 2026 plan of ¥56,000,000 offers December only; what December still has to
// sell is its target less what 1–4 December sold; the units per SKU at their selling prices add up
// to it; every order is late (the month has begun); the purchase list downloads; English.
test('stock for a month of the sales plan: what is left of December, in units, orders, CSV', async () => {
  const { ctx, page } = await sampleStore();
  await page.getByRole('navigation').getByRole('link', { name: '目标' }).click();
  await page.getByTestId('new-plan').click();
  const year = page.getByLabel('年度目标（支付金额）');
  await year.fill('5600万'); await year.press('Tab');
  const panel = page.getByTestId('month-stock');
  await panel.getByRole('heading', { name: '按月备货' }).waitFor();
  // only December is not over
  assert.deepEqual(await panel.getByLabel('备货月份').locator('option').allTextContents(), ['12月']);
  const fenOf = (s) => Math.round(Number(s.replace(/[¥,]/g, '')) * 100);
  const left = (await panel.getByTestId('ms-left').textContent()).trim();
  // the sample's store days end yesterday: sold counts 1–4 December, nothing is missing
  const m = left.match(/^12月：目标 (¥[\d,]+\.\d\d)，已成交 (¥[\d,]+\.\d\d)（导入数据截至 2026-12-04），2026-12-05 至 2026-12-31 还需成交 (¥[\d,]+\.\d\d)。$/);
  assert.ok(m, left);
  const [target, sold, rest] = m.slice(1).map(fenOf);
  assert.ok(sold > 0 && target > sold, left);
  assert.equal(rest, target - sold);
  assert.equal(await panel.getByTestId('ms-stale').count(), 0);
  // December's target is the month table's
  assert.equal(fenOf(await page.getByTestId('month-12').inputValue()), target);
  // the units at each SKU's price add up to what is left (each SKU's count is rounded)
  const rows = panel.getByTestId('st-row');
  await rows.first().waitFor();
  const units = (await panel.getByTestId('st-event').allTextContents()).map(num);
  const prices = await rows.evaluateAll((rs) => rs.map((r) => r.querySelectorAll('td')[0].textContent));
  const worth = units.reduce((a, u, k) => a + u * fenOf(prices[k]), 0);
  const slack = prices.reduce((a, p) => a + fenOf(p), 0);
  assert.ok(Math.abs(worth - rest) <= slack, `${worth} vs ${rest}`);
  assert.ok(units.some((u) => u > 0));
  // the month has begun: whatever is to order is late (some SKUs need stock)
  const orders = (await panel.getByTestId('st-order').allTextContents()).map(num);
  assert.ok(orders.some((o) => o > 0), String(orders));
  assert.equal(num(await panel.getByTestId('st-order-total').textContent()), orders.reduce((a, b) => a + b, 0));
  const by = await panel.getByTestId('st-order-by').allTextContents();
  orders.forEach((o, k) => { if (o > 0) assert.match(by[k], /^已过（2026-11-28）：尽快下单$/); });
  const outs = await panel.getByTestId('st-out').allTextContents();
  for (const t of outs) assert.match(t, /^(够卖到月底|月内断货（2026-12-\d\d）)$/);
  // a SKU without sales in the last 28 days gets no units; typing its units a day gives it a
  // share (the month's total stays what is left to sell), emptying the box takes it back
  const paces = await panel.getByTestId('st-pace').evaluateAll((els) => els.map((e) => e.placeholder));
  const k = paces.findIndex((p) => p === '0.00');
  assert.ok(k >= 0, `a SKU without sales: ${paces}`);
  assert.equal(units[k], 0);
  const sku = (await rows.nth(k).locator('th').textContent()).trim();
  const paceBox = panel.getByLabel(`${sku} 日均件数（空 = 近 28 天）`);
  await settled(page);
  const before = await page.evaluate(() => localStorage.getItem('sop/products'));
  await paceBox.fill('1.5x'); await paceBox.press('Tab');
  await panel.getByTestId('st-error').waitFor();
  assert.match(await panel.getByTestId('st-error').textContent(), /^「1\.5x」不是有效的日均件数/);
  assert.equal(await paceBox.inputValue(), '');
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/products')), before);
  await paceBox.fill('3'); await paceBox.press('Tab');
  await page.waitForFunction((i) => document.querySelectorAll('[data-testid=month-stock] [data-testid=st-event]')[i].textContent !== '0', k);
  assert.equal(await paceBox.inputValue(), '3.00');
  const typed = (await panel.getByTestId('st-event').allTextContents()).map(num);
  assert.ok(typed[k] > 0);
  const typedWorth = typed.reduce((a, u, i) => a + u * fenOf(prices[i]), 0);
  assert.ok(Math.abs(typedWorth - rest) <= slack, `${typedWorth} vs ${rest}`);
  await settled(page);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/products'))).data;
  assert.equal(saved.find((p) => p.sku === sku).typed_pace_x100, 300);
  await paceBox.fill(''); await paceBox.press('Tab');
  await page.waitForFunction((i) => document.querySelectorAll('[data-testid=month-stock] [data-testid=st-event]')[i].textContent === '0', k);
  // the purchase list: one line per SKU to order
  const [dl] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('st-csv').click()]);
  assert.equal(dl.suggestedFilename(), 'purchase-list-month.csv');
  const csv = fs.readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(csv.length, 1 + orders.filter((o) => o > 0).length);
  // English
  await page.getByTestId('lang-switch').click();
  await panel.getByRole('heading', { name: 'Stock for a month' }).waitFor();
  const monthBox = panel.getByTestId('ms-month');
  assert.match(await monthBox.evaluate((e) => e.labels[0].textContent.trim()), /^Month to stock for/);
  await monthBox.locator('option', { hasText: 'Dec' }).waitFor({ state: 'attached' });
  assert.deepEqual(await monthBox.locator('option').allTextContents(), ['Dec']);
  assert.match((await panel.getByTestId('ms-left').textContent()).trim(), /^Dec: target ¥[\d,]+\.\d\d, sold ¥[\d,]+\.\d\d \(imported data up to 2026-12-04\), still to sell ¥[\d,]+\.\d\d from 2026-12-05 to 2026-12-31\.$/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
