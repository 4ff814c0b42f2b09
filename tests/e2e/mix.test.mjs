// Paid mix (issue 15 §1–§2): on the sample store (clock pinned), every channel has a fitted
// curve and a chart; a typed budget is split into per-channel totals that add up to it to the
// fen; a typed maximum is kept and said; bad input gets a message and no result; English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, shot, settled } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const NOW = new Date('2026-12-05T04:00:00Z');

const fen = (s) => { // "¥1,234.56" → integer fen
  const m = s.trim().match(/^(-?)¥([\d,]+)\.(\d\d)$/);
  assert.ok(m, `not an exact yuan figure: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
};

async function sampleMix(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('page-dashboard').waitFor();
  await page.getByRole('link', { name: locale === 'zh-CN' ? '投放组合' : 'Ad mix' }).click();
  await page.getByTestId('mx-split').waitFor();
  return { ctx, page };
}

async function totals(page) {
  return (await page.getByTestId('mx-total').allTextContents()).map(fen);
}

test('sample store: curves per channel, a budget split that adds up to it, a maximum kept', async () => {
  const { ctx, page } = await sampleMix();
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  // four channels of the sample, each fitted, each with a chart
  const status = await page.getByTestId('mx-status').allTextContents();
  assert.deepEqual(status, ['已拟合', '已拟合', '已拟合', '已拟合']);
  assert.equal(await page.getByTestId('mx-chart').count(), 4);
  assert.match(await page.getByTestId('mx-chart').first().getByRole('img').getAttribute('aria-label'), /^关键词推广（直通车）：\d+ 天的日花费与成交，R² 0\.\d\d；/);
  // type a budget for 30 days
  await page.getByLabel('预算（元）').fill('90000');
  await page.getByLabel('预算（元）').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=mx-sum]')?.textContent === '¥90,000.00');
  let t = await totals(page);
  assert.equal(t.length, 4);
  assert.equal(t.reduce((a, b) => a + b, 0), 9000000);
  // each channel's total split over its plans, to the fen; the two 关键词推广 plans by their curves
  const byChannel = await page.evaluate(() => {
    const out = {};
    for (const r of document.querySelectorAll('[data-testid=mx-row]')) {
      out[r.dataset.channel] = { total: r.querySelector('[data-testid=mx-total]').textContent, plans: [] };
    }
    for (const r of document.querySelectorAll('[data-testid=mx-plan-row]')) {
      out[r.dataset.channel].plans.push([r.querySelector('[data-testid=mx-plan-total]').textContent, r.querySelector('[data-testid=mx-plan-how]').textContent]);
    }
    return out;
  });
  assert.equal(await page.getByTestId('mx-plan-left').count(), 0);
  let planCount = 0;
  for (const [ch, v] of Object.entries(byChannel)) {
    assert.ok(v.plans.length >= 1, ch);
    planCount += v.plans.length;
    assert.equal(v.plans.map(([t]) => fen(t)).reduce((a, b) => a + b, 0), fen(v.total), ch);
  }
  assert.equal(planCount, 5);
  const keyword = Object.values(byChannel).find((v) => v.plans.length === 2);
  assert.ok(keyword, JSON.stringify(byChannel));
  assert.deepEqual(keyword.plans.map(([, how]) => how), ['按计划曲线（各计划每多投一元的回报相等）', '按计划曲线（各计划每多投一元的回报相等）']);
  assert.ok(keyword.plans.every(([t]) => fen(t) > 0), JSON.stringify(keyword));
  // the reasons, one per channel, in words
  const reasons = await page.getByTestId('mx-reason').allTextContents();
  assert.equal(reasons.length, 4);
  assert.match(reasons[0], /^关键词推广（直通车） 日花费超过 ¥[\d,]+\.\d\d 即不再保本：建议每天 ¥[\d,]+\.\d\d，此时每多投 ¥100 带来 ¥[\d,]+\.\d\d 成交，(高于|低于)保本（保本需 ¥[\d,]+\.\d\d）。/);
  // compared with the current shares and an equal split: same money
  for (const id of ['mx-cmp-best', 'mx-cmp-current', 'mx-cmp-equal']) {
    assert.equal(await page.getByTestId(id).locator('td').first().textContent(), '¥90,000.00', id);
  }
  // the suggested split returns at least as much as either
  const gmv = async (id) => fen((await page.getByTestId(id).locator('td').nth(1).textContent()).split(' ± ')[0]);
  assert.ok(await gmv('mx-cmp-best') >= await gmv('mx-cmp-current'));
  assert.ok(await gmv('mx-cmp-best') >= await gmv('mx-cmp-equal'));
  // a maximum for 关键词推广（直通车） below its share: ¥300 a day → ¥9,000.00 over 30 days, said in its reason
  await page.getByLabel('关键词推广（直通车） · 日花费上限').fill('300');
  await page.getByLabel('关键词推广（直通车） · 日花费上限').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=mx-total]')?.textContent === '¥9,000.00');
  t = await totals(page);
  assert.equal(t.reduce((a, b) => a + b, 0), 9000000);
  assert.match((await page.getByTestId('mx-reason').allTextContents())[0], /已到你设的上限。$/);
  // bad input: a message in Chinese, no result, nothing stored changed
  await page.getByLabel('预算（元）').fill('九万');
  await page.getByLabel('预算（元）').press('Enter');
  await page.getByText('请输入大于 0 的预算金额，如 30000 或 30000.50。').waitFor();
  assert.equal(await page.getByTestId('mx-split').count(), 0);
  await page.getByLabel('关键词推广（直通车） · 最低 ROI').fill('abc');
  await page.getByLabel('关键词推广（直通车） · 最低 ROI').press('Enter');
  await page.getByText('关键词推广（直通车）：最低 ROI 请输入数字，如 2.5；留空表示不限。').waitFor();
  assert.equal(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort())), stored);
  // minimums above the budget: the reason, not a split
  await page.getByLabel('关键词推广（直通车） · 最低 ROI').fill('');
  await page.getByLabel('关键词推广（直通车） · 最低 ROI').press('Enter');
  await page.getByLabel('关键词推广（直通车） · 日花费上限').fill('');
  await page.getByLabel('关键词推广（直通车） · 日花费上限').press('Enter');
  await page.getByLabel('关键词推广（直通车） · 日花费下限').fill('5000');
  await page.getByLabel('关键词推广（直通车） · 日花费下限').press('Enter');
  await page.getByLabel('预算（元）').fill('90000');
  await page.getByLabel('预算（元）').press('Enter');
  await page.getByTestId('mx-error').waitFor();
  assert.match(await page.getByTestId('mx-error').textContent(), /^预算不够：保持不变的渠道和各渠道下限合计需要 ¥[\d,]+\.\d\d。$/);
  // the profit goal never spends more than the budget
  await page.getByLabel('关键词推广（直通车） · 日花费下限').fill('');
  await page.getByLabel('关键词推广（直通车） · 日花费下限').press('Enter');
  await page.getByLabel('目标').selectOption({ label: '利润最大（扣商品毛利）' });
  await page.getByTestId('mx-split').waitFor();
  const sum = fen(await page.getByTestId('mx-sum').textContent());
  assert.ok(sum <= 9000000, String(sum));
  assert.equal((await totals(page)).reduce((a, b) => a + b, 0), sum);
  await shot(page, 'mix');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('English: labels, reasons and the split', async () => {
  const { ctx, page } = await sampleMix('en-US');
  await page.getByLabel('Budget (¥)').fill('30000');
  await page.getByLabel('Budget (¥)').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=mx-sum]')?.textContent === '¥30,000.00');
  assert.equal((await totals(page)).reduce((a, b) => a + b, 0), 3000000);
  assert.match((await page.getByTestId('mx-reason').allTextContents())[0], /^Search \(through train\) is saturated above ¥[\d,]+\.\d\d a day: at the suggested ¥[\d,]+\.\d\d a day each extra ¥100 returns ¥[\d,]+\.\d\d of GMV, (above|under) break-even \(break-even needs ¥[\d,]+\.\d\d\)\.$/);
  assert.equal(await page.getByLabel('Search (through train) · Max spend a day').count(), 1);
  assert.deepEqual(await page.getByTestId('mx-status').allTextContents(), ['Fitted', 'Fitted', 'Fitted', 'Fitted']);
  await page.getByRole('heading', { name: 'Split by plan' }).waitFor();
  assert.equal(await page.getByTestId('mx-plan-row').count(), 5);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a split saved into a target plan\'s November ad budget: lines add up to it, spend from the metrics, undo, a typed line', async () => {
  const { ctx, page } = await sampleMix();
  // no plan yet: the page says where to make one
  await page.getByTestId('mx-save-none').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: '目标' }).click();
  await page.getByTestId('new-plan').click();
  await page.getByTestId('month-table').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: '投放组合' }).click();
  await page.getByTestId('mx-split').waitFor();
  await page.getByLabel('预算（元）').fill('90000');
  await page.getByLabel('预算（元）').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=mx-sum]')?.textContent === '¥90,000.00');
  const split = await totals(page);
  await page.getByTestId('mx-save-month').selectOption('10');
  await page.getByRole('button', { name: '保存到预算' }).click();
  await page.getByText(/^已保存到「2026 .+」11月的广告预算行（可撤销）。$/).waitFor();
  // the Targets page: November's ad lines are the split, to the fen
  await page.getByRole('navigation').getByRole('link', { name: '目标' }).click();
  await page.getByTestId('budget-panel').waitFor();
  await page.getByTestId('budget-month').selectOption('10');
  const planned = async () => Promise.all((await page.getByTestId('budget-planned').all()).map(async (i) => Math.round(Number(await i.inputValue()) * 100)));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=budget-line]').length === 4);
  assert.deepEqual(await planned(), split);
  assert.equal(await page.getByTestId('budget-total').textContent(), '¥90,000.00');
  // spend of November 2026 from the sample's ad rows, and what is left, to the fen
  const spent = (await page.getByTestId('budget-spent').allTextContents()).map(fen);
  const left = (await page.getByTestId('budget-left').allTextContents()).map(fen);
  spent.forEach((s, i) => { assert.ok(s > 0); assert.equal(left[i], split[i] - s); });
  assert.match(await page.getByTestId('budget-ads-check').textContent(), /^本月广告预算行合计 ¥90,000\.00；按推广占比，本月广告预算为 ¥[\d,]+\.\d\d。$/);
  // one undo takes the save back; redo brings it again
  await page.getByTestId('undo').click();
  await page.getByTestId('budget-none').waitFor();
  await page.getByTestId('redo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=budget-line]').length === 4);
  // a typed line: 促销让利 "双12 红包", ¥12,000 in November
  await page.getByLabel('类型').selectOption({ label: '促销让利' });
  await page.getByLabel('名称（可选）').fill('双12 红包');
  await page.getByRole('button', { name: '添加预算行' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=budget-line]').length === 5);
  const box = page.getByLabel('双12 红包 本月计划');
  await box.fill('12000'); await box.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid=budget-total]').textContent === '¥102,000.00');
  assert.equal((await page.getByTestId('budget-spent').allTextContents())[4], '—');
  // a bad amount is refused with a message; nothing changes
  await settled(page);
  const before = await page.evaluate(() => localStorage.getItem('sop/targets'));
  await box.fill('一万'); await box.press('Tab');
  await page.getByTestId('targets-error').waitFor();
  assert.equal(await box.inputValue(), '12000.00');
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/targets')), before);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
