// 爆款计划 (issue 15 §3): on the sample store (clock pinned), a plan for the first candidate
// started 1 November (a start in 2200 refused first): four stages back to back with defaults, each past stage's gate passed or
// failed with what to do, the running one passed or not yet; a bad value refused with nothing
// changed; an edit stored and undone; the plan stored as a shared record; English labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, settled } from './helpers.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const NOW = new Date('2026-12-05T04:00:00Z');

async function sampleHero(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('page-dashboard').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: locale === 'zh-CN' ? '爆款计划' : 'Best-seller plans' }).click();
  await page.getByTestId('page-hero').waitFor();
  return { ctx, page };
}

test('a plan for the first candidate: stages, gates from the sample data, a refused value, an edit and its undo', async () => {
  const { ctx, page } = await sampleHero();
  await page.getByTestId('hp-none').waitFor();
  assert.match(await page.getByTestId('hp-candidates').textContent(), /：[1-9]\d* 个，/);
  const first = await page.getByLabel('商品').locator('option').first().textContent();
  assert.match(first, /^★候选 /);
  // a start past the years a plan may have: a message, nothing stored
  await page.getByLabel('开始日期').fill('2200-01-01');
  await page.getByRole('button', { name: '新建爆款计划' }).click();
  await page.getByText('请输入 2000 年到 2100 年之间的有效开始日期（YYYY-MM-DD）。').waitFor();
  await settled(page);
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('sop/hero-plans')) ?? '{"data":[]}').data.length, 0);
  await page.getByLabel('开始日期').fill('2026-11-01');
  await page.getByRole('button', { name: '新建爆款计划' }).click();
  await page.getByTestId('hp-plan').waitFor();
  assert.match(await page.getByTestId('hp-name').textContent(), / 爆款计划$/);
  // four stages back to back: 7, 14, 10 and 30 days
  assert.deepEqual(await page.getByTestId('hp-tracking').locator('tbody tr td:nth-child(2)').allTextContents(), [
    '2026-11-01 – 2026-11-07', '2026-11-08 – 2026-11-21', '2026-11-22 – 2026-12-01', '2026-12-02 – 2026-12-31',
  ]);
  assert.equal(await page.getByLabel('测款 开始').inputValue(), '2026-11-01');
  // the three past stages are decided; the running one is passed or not yet
  const gates = await page.getByTestId('hp-gate').allTextContents();
  for (const g of gates.slice(0, 3)) assert.match(g, /^(已通过（\d\d-\d\d）|未通过（最长连续 \d+ 天）)$/);
  assert.match(gates[3], /^(已通过（\d\d-\d\d）|未达到（最长连续 \d+ 天）)$/);
  // a failed gate says what to do, with a link
  const rows = page.getByTestId('hp-track');
  for (let i = 0; i < 4; i++) {
    const failed = /^未/.test(gates[i]);
    assert.equal(await rows.nth(i).getByTestId('hp-fix').count(), failed ? 1 : 0, gates[i]);
  }
  // the days with data add up: 7 + 14 + 10 + 3 (to 4 December)
  assert.deepEqual(await page.getByTestId('hp-tracking').locator('tbody tr td:nth-child(3)').allTextContents(), ['7', '14', '10', '3']);
  // stored as a shared record
  await settled(page);
  const stored = await page.evaluate(() => localStorage.getItem('sop/hero-plans'));
  assert.equal(JSON.parse(stored).data.length, 1);
  // a bad value: a message, the box back to its value, nothing stored changes
  const visitors = page.getByLabel('推广 访客/天');
  const was = await visitors.inputValue();
  await visitors.fill('很多'); await visitors.press('Tab');
  await page.getByTestId('hp-error').waitFor();
  assert.match(await page.getByTestId('hp-error').textContent(), /^「很多」不是有效的值/);
  assert.equal(await visitors.inputValue(), was);
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('sop/hero-plans')), stored);
  // an edit is stored; undo takes it back
  await visitors.fill('2500'); await visitors.press('Tab');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=hp-track] td:nth-child(4)')][1]?.textContent.endsWith('/ 2500'));
  await page.getByTestId('undo').click();
  await page.waitForFunction((w) => document.querySelector('[data-testid=hp-visitors-2]')?.value === w, was);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('English: labels and gate words', async () => {
  const { ctx, page } = await sampleHero('en-US');
  await page.getByLabel('Start date').fill('2026-11-01');
  await page.getByRole('button', { name: 'New best-seller plan' }).click();
  await page.getByTestId('hp-plan').waitFor();
  assert.equal(await page.getByLabel('Test From').inputValue(), '2026-11-01');
  const gates = await page.getByTestId('hp-gate').allTextContents();
  for (const g of gates.slice(0, 3)) assert.match(g, /^(Passed \(\d\d-\d\d\)|Failed \(best run \d+ days\))$/);
  assert.match(await page.getByTestId('hp-stages').locator('tbody tr').first().locator('td').nth(7).textContent(), /^CTR ≥ \d+(\.\d+)?% for 3 days in a row$/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
