// Issue 12 "Correct money and honest periods", end to end:
//  16 exact figures behind compact ones (hover title, keyboard focus), chart table views, the
//     Dashboard's CSV export (BOM, exact money);
//  15 Analysis has the Dashboard's period control (presets with their dates, custom range, month
//     picker) and total rows;
//  17 a reversed range is kept as typed until applied, and applying it swaps and says so;
//  18 a plan report without 场景名字 is split into channels by plan name.
//
// The clock is pinned (page.clock.setFixedTime before the app loads) to 2026-03-15 12:00 in
// Beijing, so presets and the sample store's dates never depend on today's date.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, newPage, shot, serve, ROOT } from './helpers.mjs';

const NOW = new Date('2026-03-15T04:00:00Z'); // 12:00 UTC+8: today 2026-03-15, yesterday 03-14

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  return { ctx, page };
}

async function startSample(page) {
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('metrics-dashboard').waitFor();
}

const fen = (s) => { // "¥1,234.56" / "-¥1.00" → integer fen
  const m = s.trim().match(/^(-?)¥([\d,]+)\.(\d\d)$/);
  assert.ok(m, `not an exact yuan figure: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
};
const dates = (page) => page.getByTestId('period-dates').textContent();

test('exact figures: hover title, keyboard focus, chart tables, CSV export', async () => {
  const { ctx, page } = await open();
  await startSample(page);
  assert.equal(await dates(page), '2026-02-13 至 2026-03-14（30 天）');
  const gmv = page.locator('[data-testid=kpi-gmv] .figure');
  assert.match(await gmv.textContent(), /^¥[\d,.]+万$/);
  const exact = await gmv.getAttribute('title');
  assert.match(exact, /^¥\d{1,3}(,\d{3})*\.\d\d$/);
  assert.equal(await gmv.getAttribute('aria-label'), exact);
  // keyboard: Tab reaches the figure and the exact value becomes visible
  await page.locator('[data-testid=kpi-gmv] .kpi-label').click();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[data-testid]')?.dataset.testid), 'kpi-gmv');
  assert.equal(await gmv.evaluate((el) => getComputedStyle(el, '::after').content), JSON.stringify(exact));
  await shot(page, 'periods-kpi-focus-zh');
  // catalog money tiles too
  assert.match(await page.locator('[data-testid=tile-stock-value] .figure').getAttribute('title'), /^¥[\d,]+\.\d\d$/);

  // the trend chart's table: one row per day, exact values that add up to the KPI to the fen
  const trend = page.locator('.panel', { has: page.getByTestId('trend-chart') });
  await trend.getByRole('button', { name: '以表格查看' }).click();
  const rows = page.getByTestId('trend-chart-table').locator('tbody tr');
  assert.equal(await rows.count(), 30);
  const cells = await rows.locator('td.num').allTextContents();
  assert.equal(cells.reduce((a, c) => a + fen(c), 0), fen(exact));
  await trend.getByRole('button', { name: '隐藏表格' }).waitFor();
  // copied as tab-separated text: a header row and the same 30 exact figures
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await trend.getByRole('button', { name: '复制表格' }).click();
  await page.getByTestId('trend-chart-copied').filter({ hasText: '已复制' }).waitFor();
  const tsv = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  assert.equal(tsv.length, 31);
  assert.deepEqual(tsv.slice(1).map((l) => l.split('\t')[1]), cells);
  // the waterfall's table: exact signed changes, before + changes = after
  const decomp = page.locator('.panel', { has: page.getByTestId('decomp-chart') });
  await decomp.getByRole('button', { name: '以表格查看' }).click();
  const steps = (await page.getByTestId('decomp-chart-table').locator('td.num').allTextContents()).map((s) => fen(s.replace(/^\+/, '')));
  assert.equal(steps.length, 5);
  assert.equal(steps[0] + steps[1] + steps[2] + steps[3], steps[4]);
  assert.equal(steps[4], fen(exact));
  // the line under the waterfall names the factor that moved GMV most, with its exact change
  const labels = await page.getByTestId('decomp-chart-table').locator('tr td:first-child').allTextContents();
  const nums = await page.getByTestId('decomp-chart-table').locator('td.num').allTextContents();
  let top = 1;
  for (const i of [2, 3]) if (Math.abs(steps[i]) > Math.abs(steps[top])) top = i;
  assert.equal(await page.getByTestId('decomp-cause').textContent(), `主因：${labels[top]} ${nums[top]}`);
  assert.match(await page.locator('[data-testid=decomp-chart] .bar-group').first().getAttribute('aria-label'), /: [+-]?¥[\d,]+\.\d\d$/);

  // CSV export of the period figures
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出本期数据 CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'dashboard_2026-02-13_2026-03-14.csv');
  const bytes = fs.readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = bytes.toString('utf8').slice(1).split('\r\n');
  assert.match(lines[0], /^指标,本期 2026-02-13 ~ 2026-03-14,环比期 2026-01-14 ~ 2026-02-12,同比期 2025-02-13 ~ 2025-03-14,环比,同比$/);
  const gmvRow = lines.find((l) => l.startsWith('支付金额,'));
  assert.equal(gmvRow.split(',')[1], (fen(exact) / 100).toFixed(2));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('period entry: a reversed range is kept as typed, and applying it swaps visibly', async () => {
  const { ctx, page } = await open();
  await startSample(page);
  await page.getByLabel('月份').fill('2026-02');
  await page.getByTestId('period-dates').filter({ hasText: '2026-02-01 至 2026-02-28（28 天）' }).waitFor();
  const gmvFeb = await page.locator('[data-testid=kpi-gmv] .figure').getAttribute('title');
  const from = page.getByLabel('自定义：从');
  const to = page.getByLabel('至', { exact: true });
  assert.equal(await from.inputValue(), '2026-02-01');
  assert.equal(await to.inputValue(), '2026-02-28');
  // With February shown, 03-01 typed into "from" stays 03-01; nothing applied yet, and it says why.
  await from.fill('2026-03-01');
  await page.getByTestId('period-pending').waitFor();
  assert.equal(await from.inputValue(), '2026-03-01');
  assert.equal(await to.inputValue(), '2026-02-28');
  assert.equal(await dates(page), '2026-02-01 至 2026-02-28（28 天）');
  assert.equal(await page.locator('[data-testid=kpi-gmv] .figure').getAttribute('title'), gmvFeb);
  await shot(page, 'periods-reversed-zh');
  // fixing "to" applies the range as typed
  await to.fill('2026-03-10');
  await page.getByTestId('period-dates').filter({ hasText: '2026-03-01 至 2026-03-10（10 天）' }).waitFor();
  assert.equal(await page.getByTestId('period-pending').count(), 0);
  assert.equal(await page.getByTestId('period-note').count(), 0);
  // reversed again, then applied: swapped, and the swap is said
  await to.fill('2026-02-20');
  await page.getByTestId('period-pending').waitFor();
  await page.getByRole('button', { name: '对调并应用' }).click();
  await page.getByTestId('period-note').filter({ hasText: '已对调为 2026-02-20 至 2026-03-01' }).waitFor();
  assert.equal(await from.inputValue(), '2026-02-20');
  assert.equal(await to.inputValue(), '2026-03-01');
  assert.equal(await dates(page), '2026-02-20 至 2026-03-01（10 天）');
  // Enter applies too
  await from.fill('2026-03-05');
  await page.getByTestId('period-pending').waitFor();
  await from.press('Enter');
  await page.getByTestId('period-note').filter({ hasText: '已对调为 2026-03-01 至 2026-03-05' }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('Analysis: the shared period control, preset dates, month picker, total rows', async () => {
  const { ctx, page } = await open();
  await startSample(page);
  await page.getByRole('link', { name: '数据分析' }).click();
  await page.getByTestId('page-analysis').waitFor();
  await page.getByTestId('product-ranking').waitFor();
  assert.equal(await dates(page), '2026-02-13 至 2026-03-14（30 天）');
  assert.equal(await page.getByRole('button', { name: '近7天' }).getAttribute('title'), '2026-03-08 – 2026-03-14');
  await page.getByRole('button', { name: '本月' }).click();
  assert.equal(await dates(page), '2026-03-01 至 2026-03-14（14 天）');
  // last year's March
  await page.getByLabel('月份').fill('2025-03');
  await page.getByTestId('period-dates').filter({ hasText: '2025-03-01 至 2025-03-31（31 天）' }).waitFor();
  const table = page.getByTestId('product-ranking');
  const n = await table.locator('tbody tr').count();
  assert.ok(n > 0 && n <= 100);
  const total = table.getByTestId('product-total');
  assert.match(await total.locator('td').nth(1).textContent(), new RegExp(`^合计（${n} 个商品）$`));
  // ranked by 支付金额: its column once (5th), the total the exact sum of the rows
  assert.equal(await table.locator('thead th', { hasText: '支付金额' }).count(), 1);
  assert.equal(await page.getByTestId('rank-by-paid_amount').getAttribute('aria-sort'), 'descending');
  const paid = (await table.locator('tbody tr td:nth-child(5)').allTextContents()).reduce((a, c) => a + fen(c), 0);
  assert.equal(fen(await total.locator('td').nth(4).textContent()), paid);
  // conversion from the totals: buyers are not shown, but the ratio must be a percentage, not a sum
  assert.match(await total.locator('td').nth(3).textContent(), /^\d+\.\d\d%$/);
  // a header ranks by its metric: visitors, largest first
  await page.getByTestId('rank-by-visitors').getByRole('button').click();
  assert.equal(await page.getByTestId('rank-by-visitors').getAttribute('aria-sort'), 'descending');
  const visitors = (await table.locator('tbody tr td:nth-child(3)').allTextContents()).map((s) => Number(s.replaceAll(',', '')));
  assert.deepEqual(visitors, [...visitors].sort((a, b) => b - a));
  // another metric from the list gets its own column
  assert.equal(await table.locator('thead th').count(), 7);
  await page.getByTestId('rank-metric').selectOption('paid_units');
  assert.equal(await table.locator('thead th').count(), 8);
  await page.getByTestId('rank-metric').selectOption('paid_amount');
  await shot(page, 'periods-analysis-zh');
  await page.getByRole('button', { name: '推广分析' }).click();
  const plans = page.getByTestId('ads-by-plan');
  await plans.waitFor();
  const spend = (await plans.locator('tbody tr td:nth-child(2)').allTextContents()).reduce((a, c) => a + fen(c), 0);
  assert.equal(fen(await page.getByTestId('plan-total').locator('td').nth(1).textContent()), spend);
  const chSpend = (await page.getByTestId('ads-by-channel').locator('tbody tr td:nth-child(2)').allTextContents()).reduce((a, c) => a + fen(c), 0);
  assert.equal(chSpend, spend);
  await page.screenshot({ path: path.join(ROOT, 'tests/e2e/screenshots/periods-analysis-ads-zh.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a plan report without 场景名字 is split into channels by plan name', async () => {
  const { ctx, page } = await open();
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByTestId('page-dashboard').waitFor();
  // the fixture without its 场景名字 column
  const src = fs.readFileSync(path.join(ROOT, 'tests/fixtures/import/wxt_plan_report.csv'), 'utf8');
  const noScene = src.split('\n').map((l) => {
    const cells = l.match(/("[^"]*"|[^,]*)(,|$)/g) || [];
    return cells.filter((_, i) => i !== 1).join('').replace(/,$/, '');
  }).join('\n');
  assert.ok(!noScene.includes('场景名字'));
  await page.getByRole('link', { name: '数据导入导出' }).click();
  await page.getByTestId('metrics-file').setInputFiles({ name: '计划报表_20240303.csv', mimeType: 'text/csv', buffer: Buffer.from(noScene) });
  await page.getByTestId('metrics-preview').waitFor({ timeout: 15000 });
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  await page.getByRole('link', { name: '数据分析' }).click();
  await page.getByTestId('page-analysis').waitFor();
  await page.getByLabel('月份').fill('2024-03');
  await page.getByTestId('period-dates').filter({ hasText: '2024-03-01 至 2024-03-31' }).waitFor();
  await page.getByRole('button', { name: '推广分析' }).click();
  const channels = page.getByTestId('ads-by-channel');
  await channels.waitFor();
  const names = await channels.locator('tbody tr td:first-child').allTextContents();
  assert.deepEqual(names.sort(), ['人群推广（钻展/引力魔方）', '关键词推广（直通车）', '货品全站推广'].sort());
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('English labels: period control, table toggle, CSV export', async () => {
  const { ctx, page } = await open('en-US');
  await startSample(page);
  assert.equal(await dates(page), '2026-02-13 to 2026-03-14 (30 days)');
  await page.getByLabel('Month', { exact: true }).fill('2026-01');
  await page.getByTestId('period-dates').filter({ hasText: '2026-01-01 to 2026-01-31 (31 days)' }).waitFor();
  await page.getByLabel('Custom: from').fill('2026-02-15');
  await page.getByTestId('period-pending').filter({ hasText: 'The start is after the end' }).waitFor();
  await page.getByRole('button', { name: 'Swap and apply' }).click();
  await page.getByTestId('period-note').filter({ hasText: 'swapped to 2026-01-31 to 2026-02-15' }).waitFor();
  await page.getByRole('button', { name: 'Show as table' }).first().click();
  await page.getByRole('button', { name: 'Hide table' }).waitFor();
  await page.getByRole('button', { name: 'Export period figures (CSV)' }).waitFor();
  assert.match(await page.locator('[data-testid=kpi-gmv] .figure').textContent(), /^¥[\d,.]+K$|^¥[\d,.]+M$/);
  await shot(page, 'periods-dashboard-en');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
