// 对账结算 (issue 17 §3): a store file for October–December, then the GBK Alipay statement of the
// native fixture: preview, import, November's account and its reconciliation worked by hand (a
// refund on 1 December is December's on both sides), the confirmation lag as a setting, a rule
// that books the unclassified line, the month settled and reopened, everything still there after
// a reload; a bad file says why and changes nothing; English labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, settled, ROOT, shot } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const NOW = new Date('2026-12-05T04:00:00Z');
const STATEMENT = fs.readFileSync(path.join(ROOT, 'tests/fixtures/alipay_statement_2026-11.csv'));

// 29–31 Oct ¥100 a day; November ¥70 a day (5 Nov ¥150, with the ¥199 refund), its last three
// days ¥50; 1 Dec ¥50 and the ¥100 refund of a November order.
function storeCsv() {
  const rows = ['统计日期,访客数,支付买家数,支付金额,成功退款金额'];
  for (const d of [29, 30, 31]) rows.push(`2026-10-${d},100,1,100.00,0`);
  for (let d = 1; d <= 30; d++) {
    const paid = d === 5 ? '150.00' : d >= 28 ? '50.00' : '70.00';
    rows.push(`2026-11-${String(d).padStart(2, '0')},100,1,${paid},${d === 5 ? '199.00' : '0'}`);
  }
  rows.push('2026-12-01,100,1,50.00,100.00');
  return rows.join('\n') + '\n';
}

async function emptyStoreWithMetrics(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.goto(server.url + '/data');
  await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  await page.getByTestId('metrics-file').setInputFiles({ name: 'store.csv', mimeType: 'text/csv', buffer: Buffer.from(storeCsv()) });
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  await settled(page);
  return { ctx, page };
}

const text = async (page, id) => (await page.getByTestId(id).textContent()).trim();

test('statement imported, November reconciled by hand, a rule, settled, reopened, kept after reload', async () => {
  const { ctx, page } = await emptyStoreWithMetrics();
  await page.getByRole('navigation').getByRole('link', { name: '对账结算' }).click();
  await page.getByTestId('page-settle').waitFor();
  await page.getByTestId('st-empty').waitFor();

  // a file that is not a statement: a message, nothing stored
  await page.getByTestId('st-file').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await page.getByText('找不到表头：需要有「入账时间」（或「发生时间」）和「收入」「支出」列。', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/statement')), null);

  await page.getByTestId('st-file').setInputFiles({ name: '账务明细.csv', mimeType: 'text/csv', buffer: STATEMENT });
  await page.getByTestId('st-preview').waitFor();
  assert.match(await text(page, 'st-preview'), /账务明细\.csv：11 笔账务，2026-11-01 至 2026-12-01，跳过 5 行/);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/statement')), null);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('st-done').waitFor();
  assert.notEqual(await page.evaluate(() => localStorage.getItem('sop/statement')), null);

  // the last month of the file is shown; November is chosen
  assert.equal(await page.getByLabel('月份').inputValue(), '2026-12');
  await page.getByLabel('月份').selectOption('2026-11');
  await page.getByText('2026-11 账务').waitFor();
  assert.equal(await text(page, 'st-income'), '¥2,140.50');
  assert.equal(await text(page, 'st-refunds'), '¥199.00');
  assert.equal(await text(page, 'st-promotion'), '¥30.60');
  assert.equal(await text(page, 'st-platform'), '¥58.08');
  assert.equal(await text(page, 'st-unclassified'), '-¥3.00');
  assert.equal(await text(page, 'st-net'), '¥1,849.82');
  assert.equal(await text(page, 'st-other'), '-¥1,000.00');
  const lines = await page.getByTestId('st-line').allTextContents();
  assert.ok(lines.some((l) => l.includes('天猫佣金') && l.includes('-¥38.40')), lines.join('\n'));

  // reconciliation: paid 26 × 70 + 150 + 3 × 50 = 2,120.00, refunded 199.00
  assert.equal(await text(page, 'st-paid'), '¥2,120.00');
  assert.equal(await text(page, 'st-refunded'), '¥199.00');
  assert.equal(await text(page, 'st-expected'), '¥1,921.00');
  assert.equal(await text(page, 'st-received'), '¥1,941.50');
  assert.equal(await text(page, 'st-difference'), '¥20.50');
  // 10 days by default: only 29–31 Oct have data, so what they carried in is unknown
  await page.getByText('上月最后几天没有店铺数据，无法估计上月转入的金额。').waitFor();
  // a bad lag: refused, the setting kept
  await page.getByLabel('付款到确认收货（天）').fill('40');
  await page.getByLabel('付款到确认收货（天）').press('Tab');
  await page.getByText('请输入 0 到 28 之间的整数天数；设置没有改变。').waitFor();
  assert.equal(await page.getByLabel('付款到确认收货（天）').inputValue(), '10');
  await page.getByLabel('付款到确认收货（天）').fill('3');
  await page.getByLabel('付款到确认收货（天）').press('Tab');
  await page.getByText('上月最后 3 天的支付，本月确认收货（估计）').waitFor();
  assert.equal(await text(page, 'st-carried-in'), '+¥300.00');
  assert.equal(await text(page, 'st-carried-out'), '−¥150.00');
  assert.equal(await text(page, 'st-unexplained'), '-¥129.50');

  // December: only the crossing refund
  await page.getByLabel('月份').selectOption('2026-12');
  assert.equal(await text(page, 'st-refunds'), '¥100.00');
  assert.equal(await text(page, 'st-refunded'), '¥100.00');
  await page.getByLabel('月份').selectOption('2026-11');

  // the unclassified line gets a rule
  await page.getByRole('button', { name: '为此添加规则' }).click();
  assert.equal(await page.getByLabel('含有文字').inputValue(), '神秘费用');
  await page.getByLabel('类别').selectOption('platform');
  await page.getByLabel('费用项（留空则用文字）').fill('神秘平台费');
  await page.getByRole('button', { name: '添加规则', exact: true }).click();
  await page.getByTestId('st-rule').waitFor();
  assert.equal(await text(page, 'st-platform'), '¥61.08');
  assert.equal(await text(page, 'st-unclassified'), '¥0.00');
  assert.equal(await text(page, 'st-net'), '¥1,849.82');

  // settle with a note, then reload: all kept
  await page.getByLabel('结算备注').fill('已核对佣金和提现');
  await page.getByRole('button', { name: '标记为已结算' }).click();
  await page.getByText('2026-11 已结算。').waitFor();
  await settled(page);
  const ledger = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/ledger'))).data;
  assert.deepEqual(ledger.map((e) => e.entry).sort(), ['close', 'rule']);
  assert.equal(ledger.find((e) => e.entry === 'close').id, 'settle-2026-11');
  await shot(page, 'settle-november');
  await page.reload();
  await page.getByTestId('page-settle').waitFor();
  await page.getByLabel('月份').selectOption('2026-11');
  await page.getByText('2026-11 已结算。').waitFor();
  assert.equal(await text(page, 'st-note'), '已核对佣金和提现');
  assert.equal(await text(page, 'st-platform'), '¥61.08');
  assert.equal(await page.getByLabel('付款到确认收货（天）').inputValue(), '3');

  // importing the file again changes nothing, and warns that November is settled
  await page.getByTestId('st-file').setInputFiles({ name: '账务明细.csv', mimeType: 'text/csv', buffer: STATEMENT });
  await page.getByTestId('st-settled-warn').waitFor();
  const before = await page.evaluate(() => localStorage.getItem('sop/statement'));
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('st-done').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/statement')), before);

  // reopen: the month is open again; undo brings the closing back
  await page.getByLabel('月份').selectOption('2026-11');
  await page.getByRole('button', { name: '重新打开这个月' }).click();
  await page.getByText('2026-11 未结算。').waitFor();
  await page.getByTestId('undo').click();
  await page.getByText('2026-11 已结算。').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('in English: bad rows are listed by row number and nothing is stored', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Settlement' }).click();
  await page.getByTestId('page-settle').waitFor();
  const bad = '入账时间,收入（+元）,支出（-元）,账务类型\n2026-11-01,12.00,,交易付款\n2026-11-02,twelve,,交易付款\n';
  await page.getByTestId('st-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByText("Unreadable rows: 1; nothing was imported: row 3: an amount is not a number").waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/statement')), null);
  for (const label of ['Payment to confirmation (days)', 'Text contains', 'Fee line (empty: the text)']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
  }
  // a select's name also has its chosen option's text
  assert.equal(await page.getByLabel(/^Class/).count(), 1);
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await page.getByText('A rule needs a text of at most 60 characters').waitFor();
  await settled(page);
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('sop/ledger')) ?? '{"data":[]}').data.length, 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a stored statement that cannot be read is kept aside, never overwritten', async () => {
  const { ctx, page } = await newPage(browser);
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await settled(page);
  await page.evaluate(() => localStorage.setItem('sop/statement', 'sop-statement 9\nfrom a newer version'));
  await page.goto(server.url + '/settle');
  await page.getByTestId('page-settle').waitFor();
  const banner = await text(page, 'facts-unreadable');
  assert.match(banner, /已原样另存为 sop\/corrupt\/sop\/statement\/\d+/);
  const aside = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sop/corrupt/sop/statement/')));
  assert.equal(aside.length, 1);
  await page.getByTestId('st-file').setInputFiles({ name: '账务明细.csv', mimeType: 'text/csv', buffer: STATEMENT });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByTestId('st-done').waitFor();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), aside[0]), 'sop-statement 9\nfrom a newer version');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
