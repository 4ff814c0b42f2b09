// Store metrics: import each supported export kind through the UI (preview → apply → counts →
// dashboard figures), re-import, spreadsheets (.xlsx built here, HTML ".xls"), bad files leave
// storage byte-for-byte unchanged, the mapping editor, and the sample store's dashboard.
//
// Expected figures are computed by hand from tests/fixtures/import/make_fixtures.py (the sums are
// the ones tests/import_files.rs asserts); money is shown as the dashboard shows it (万 in zh,
// K in en; exact below ¥10,000).
//
// Runs against dist/ by default; SOP_DIST=/path/to/dist points it at another build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { launch, newPage, shot, settled, DIST, ROOT, SHOTS } from './helpers.mjs';
import { startServer } from './server.mjs';

const FIX = path.join(ROOT, 'tests/fixtures/import');
const dist = process.env.SOP_DIST || DIST;

let browser, server;
before(async () => {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} is missing: run trunk build --release first`);
  browser = await launch();
  server = await startServer(dist);
});
after(async () => { await browser?.close(); await server?.close(); });

// ---- helpers ---------------------------------------------------------------------------------

const fixture = (rel) => ({ name: path.basename(rel), mimeType: 'text/csv', buffer: fs.readFileSync(path.join(FIX, rel)) });
const text = async (page, id) => (await page.getByTestId(id).textContent()).trim();
const kpi = async (page, key) => (await page.locator(`[data-testid=kpi-${key}] .kpi-value`).textContent()).trim();
const storage = (page) => page.evaluate(() => JSON.stringify(Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)]))));

async function startEmpty(page) {
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByTestId('page-dashboard').waitFor();
}

async function startSample(page) {
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('metrics-dashboard').waitFor();
}

/** Choose a file in the metrics importer (on /data) and wait for the preview or an error. */
async function choose(page, file) {
  if (!page.url().endsWith('/data')) {
    await page.getByRole('link', { name: /^(数据导入导出|Data)$/ }).click();
    await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  }
  await page.getByTestId('metrics-file').setInputFiles(file);
  await page.locator('[data-testid=metrics-preview], [data-testid=metrics-error]').first().waitFor({ timeout: 15000 });
}

async function apply(page) {
  await page.getByTestId('metrics-apply').click();
  await page.getByTestId('metrics-done').waitFor();
  return text(page, 'metrics-done');
}

/** In-app navigation to the dashboard (keeps state; no reload), then a custom period. */
async function dashboardFor(page, from, to) {
  await page.getByRole('link', { name: /^(概览|Dashboard)$/ }).click();
  await page.getByTestId('metrics-dashboard').waitFor();
  await page.getByTestId('period-from').fill(from);
  await page.getByTestId('period-to').fill(to);
  assert.equal(await page.getByTestId('period-from').inputValue(), from);
  assert.equal(await page.getByTestId('period-to').inputValue(), to);
  assert.equal(await page.locator('[data-testid^=preset-].primary').count(), 0, 'custom period: no preset highlighted');
}

async function kpis(page, keys) {
  const out = {};
  for (const k of keys) out[k] = await kpi(page, k);
  return out;
}

const KEYS = ['gmv', 'visitors', 'paying_buyers', 'conversion', 'aov', 'uv_value', 'refunds', 'refund_rate', 'net_gmv', 'ad_spend', 'roi', 'fee_ratio'];

// ---- every supported kind through the UI ------------------------------------------------------

// kind: what the preview says; header: header row; from/to/n: range and records; dash: the
// dashboard's KPIs for the file's own days (all twelve, hand-computed).
const KINDS = [
  {
    file: 'sycm_store_utf8bom.csv', kind: '生意参谋 店铺整体（每日）', header: 5, from: '2024-03-01', to: '2024-03-03', n: 3,
    skipped: '跳过合计行 0 行；重复行 0 行（保留后出现的）；空值按 0 计 1 个',
    // GMV 149,343.83 = 46,890.50 + 44,120.00 + 58,333.33; visitors 5,012 + 4,876 + 6,120;
    // buyers 356 + 333 + 430 = 1,119; 1,119 / 16,008 = 6.99%; 149,343.83 / 1,119 = 133.46;
    // refunds 2,130.00 + 1,860.40 + 0; spend = 关键词 + 人群 + 智能场景 + 全站 + 淘宝客 = 15,917.90.
    dash: {
      gmv: '¥14.93万', visitors: '16,008', paying_buyers: '1,119', conversion: '6.99%', aov: '¥133.46', uv_value: '¥9.33',
      refunds: '¥3,990.40', refund_rate: '2.67%', net_gmv: '¥14.54万', ad_spend: '¥1.59万', roi: '—', fee_ratio: '10.66%',
    },
  },
  {
    file: 'sycm_product_gbk.csv', kind: '生意参谋 商品效果（商品×日）', header: 5, from: '2024-03-01', to: '2024-03-02', n: 5,
    skipped: '跳过合计行 1 行；重复行 1 行（保留后出现的）；空值按 0 计 10 个', unknown: 3,
    // Product rows summed (no store day): visitors 2,133 + 856 + 0 + 1,987 + 910 (row 11 kept);
    // GMV 7,424.50 + 1,950.00 + 6,656.00 + 1,950.00 = 17,980.50; buyers 50 + 12 + 47 + 12.
    dash: {
      gmv: '¥1.80万', visitors: '5,886', paying_buyers: '121', conversion: '2.06%', aov: '¥148.60', uv_value: '¥3.05',
      refunds: '¥1,479.00', refund_rate: '8.23%', net_gmv: '¥1.65万', ad_spend: '¥0.00', roi: '—', fee_ratio: '0.00%',
    },
  },
  {
    file: 'wxt_product_report_gbk.csv', kind: '万相台 商品报表', header: 1, from: '2024-03-01', to: '2024-03-02', n: 4, unknown: 2,
    // Ad rows only: spend 1,205.60 + 630.25 + 1,150.40 + 410.00 = 3,396.25; ROI 13,430 / 3,396.25.
    dash: { gmv: '¥0.00', visitors: '0', ad_spend: '¥3,396.25', roi: '3.95', conversion: '—', fee_ratio: '—' },
  },
  {
    file: 'wxt_plan_report.csv', kind: '万相台 计划报表', header: 1, from: '2024-03-01', to: '2024-03-02', n: 4,
    skipped: '跳过合计行 1 行；重复行 0 行（保留后出现的）；空值按 0 计 0 个',
    dash: { gmv: '¥0.00', ad_spend: '¥3,396.25', roi: '3.95' },
  },
  {
    file: 'ztc_legacy_report_gbk.csv', kind: '直通车 报表（旧版）', header: 1, from: '2022-11-10', to: '2022-11-11', n: 3,
    // spend 1,008.00 + 4,731.00 + 184.50 = 5,923.50; ROI 26,500 / 5,923.50 = 4.47.
    dash: { ad_spend: '¥5,923.50', roi: '4.47' },
  },
  {
    file: 'plain_store.csv', kind: '自制表格（店铺×日）', header: 1, from: '2024-03-01', to: '2024-03-03', n: 3,
    skipped: '跳过合计行 1 行；重复行 0 行（保留后出现的）；空值按 0 计 1 个',
    // GMV 8,000.00 + 1,234.56 + 10,000.00 (￥9999.995 half up); buyers 64 + 60 + 72 = 196;
    // 196 / 3,600 = 5.44%; 19,234.56 / 196 = 98.135… → 98.14; ad spend 300 + 280 + 12.35.
    dash: {
      gmv: '¥1.92万', visitors: '3,600', paying_buyers: '196', conversion: '5.44%', aov: '¥98.14', uv_value: '¥5.34',
      refunds: '¥120.50', refund_rate: '0.63%', net_gmv: '¥1.91万', ad_spend: '¥592.35', roi: '—', fee_ratio: '3.08%',
    },
  },
  {
    file: 'plain_product.csv', kind: '自制表格（商品×日）', header: 1, from: '2024-03-01', to: '2024-03-02', n: 3, unknown: 2,
    warnings: '2 处提示（如 123.0 形式的商品ID 已按 123 读取）',
    dash: {
      gmv: '¥1,698.00', visitors: '300', paying_buyers: '13', conversion: '4.33%', aov: '¥130.62', uv_value: '¥5.66',
      refunds: '¥100.00', refund_rate: '5.89%', net_gmv: '¥1,598.00',
    },
  },
];

for (const k of KINDS) {
  test(`import ${k.file}: kind, range and count in the preview; ${k.n} new; dashboard figures; re-import is ${k.n} unchanged`, async () => {
    const { ctx, page } = await newPage(browser);
    await startEmpty(page);
    assert.equal(await page.getByTestId('no-metrics').count(), 1);
    await choose(page, fixture(k.file));
    assert.equal(await page.getByTestId('metrics-error').count(), 0, k.file + ': ' + (await page.getByTestId('metrics-error').count() ? await text(page, 'metrics-error') : ''));
    assert.equal(await text(page, 'metrics-kind'), `识别为：${k.kind}（表头在第 ${k.header} 行）`);
    assert.equal(await text(page, 'metrics-range'), `${k.from} 至 ${k.to}：${k.n} 条记录`);
    const pv = await text(page, 'metrics-preview');
    assert.ok(pv.includes(k.file), 'file name shown');
    if (k.skipped) assert.ok(pv.includes(k.skipped), pv);
    if (k.warnings) assert.ok(pv.includes(k.warnings), pv);
    if (k.unknown) assert.match(await text(page, 'metrics-unknown'), new RegExp(`^${k.unknown} 个商品不在商品库中：`));
    else assert.equal(await page.getByTestId('metrics-unknown').count(), 0);
    if (k.file === 'sycm_product_gbk.csv') await shot(page, 'metrics-preview-zh');

    assert.equal(await apply(page), `已导入：新增 ${k.n}，更新 0，无变化 0。`);
    assert.equal(await page.getByTestId('metrics-preview').count(), 0);
    await settled(page);
    assert.ok((await page.evaluate(() => localStorage.getItem('sop/metrics')))?.length > 0, 'metrics stored');

    await dashboardFor(page, k.from, k.to);
    const want = k.dash;
    assert.deepEqual(await kpis(page, Object.keys(want)), want);
    if (k.file === 'sycm_store_utf8bom.csv') {
      // Funnel from the same sums: visitors → 加购人数 → 下单买家数 → 支付买家数.
      const steps = await page.getByTestId('funnel-step').allTextContents();
      assert.equal(steps.length, 4);
      assert.match(steps[0], /访客 16,008/);
      assert.match(steps[1], /加购 1,918.*转化 11\.98%/); // 610 + 588 + 720
      assert.match(steps[2], /下单 1,262.*转化 65\.80%/); // 402 + 380 + 480
      assert.match(steps[3], /支付 1,119.*转化 88\.67%/);
      assert.equal(await page.getByTestId('trend-chart').count(), 1);
      assert.equal(await page.getByTestId('decomp-chart').count(), 1);
      await shot(page, 'metrics-dashboard-import-zh');
    }

    // The same file again: nothing new, nothing updated.
    await choose(page, fixture(k.file));
    assert.equal(await text(page, 'metrics-range'), `${k.from} 至 ${k.to}：${k.n} 条记录`);
    assert.equal(await apply(page), `已导入：新增 0，更新 0，无变化 ${k.n}。`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('an overlapping re-import updates the changed day and adds the new one', async () => {
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await choose(page, fixture('plain_store.csv'));
  assert.equal(await apply(page), '已导入：新增 3，更新 0，无变化 0。');
  // Day 2 corrected, day 3 unchanged, day 4 new (the platform's figures for yesterday settle).
  const csv = 'date,visitors,paying_buyers,gmv,units,page_views,add_to_cart,orders,refunds,ad_spend\n' +
    '2024-03-02,1100,60,1300.00,66,3100,140,70,0,280.00\n' +
    '2024-03-03,1300,72,"10,000.00",85,3900,170,90,0,12.35\n' +
    '2024-03-04,1000,50,5000.00,55,3000,120,60,0,100.00\n';
  await choose(page, { name: 'store-week.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  assert.equal(await text(page, 'metrics-range'), '2024-03-02 至 2024-03-04：3 条记录');
  assert.equal(await apply(page), '已导入：新增 1，更新 1，无变化 1。');
  await dashboardFor(page, '2024-03-01', '2024-03-04');
  // 8,000.00 + 1,300.00 + 10,000.00 + 5,000.00
  assert.deepEqual(await kpis(page, ['gmv', 'visitors', 'paying_buyers']), { gmv: '¥2.43万', visitors: '4,600', paying_buyers: '246' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('unknown products in a product export can be added to the catalog as drafts', async () => {
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await choose(page, fixture('sycm_product_gbk.csv'));
  const unknown = page.getByTestId('metrics-unknown');
  assert.match(await unknown.textContent(), /612345678901 女士羊毛衫 秋冬款；612345678902 男士夹克, 加厚；612345678903 儿童袜子 5双装/);
  await unknown.getByRole('button').click();
  await page.getByText('导入完成：3 条记录已合并').waitFor();
  assert.equal(await page.getByTestId('metrics-unknown').count(), 0);
  assert.equal(await apply(page), '已导入：新增 5，更新 0，无变化 0。');
  await page.getByRole('link', { name: '商品', exact: true }).click();
  const rows = page.locator('[data-testid=products-table] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  assert.match(await page.getByTestId('products-table').textContent(), /男士夹克, 加厚/);
  // Imported again: every item is now in the catalog.
  await choose(page, fixture('sycm_product_gbk.csv'));
  assert.equal(await page.getByTestId('metrics-unknown').count(), 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// ---- spreadsheets -----------------------------------------------------------------------------

/** A zip archive with stored (uncompressed) entries: enough for a minimal .xlsx. */
function zip(entries) {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc32 = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const parts = [], central = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name), d = Buffer.from(content), crc = crc32(d);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); local.writeUInt16LE(0, 10); local.writeUInt16LE(0x5821, 12);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(d.length, 18); local.writeUInt32LE(d.length, 22);
    local.writeUInt16LE(n.length, 26); local.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(0, 10); cen.writeUInt16LE(0, 12); cen.writeUInt16LE(0x5821, 14);
    cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(d.length, 20); cen.writeUInt32LE(d.length, 24);
    cen.writeUInt16LE(n.length, 28); cen.writeUInt32LE(offset, 42);
    parts.push(local, n, d); central.push(cen, n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** A one-sheet .xlsx: strings as inline strings, numbers as numbers (dates as Excel serials). */
function xlsx(rows) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (i) => String.fromCharCode(65 + i);
  const sheet = rows.map((r, ri) => r.length === 0 ? '' : `<row r="${ri + 1}">${r.map((v, ci) => {
    const ref = `${col(ci)}${ri + 1}`;
    if (v === null) return '';
    return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  }).join('')}</row>`).join('');
  const X = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip([
    ['[Content_Types].xml', X + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['_rels/.rels', X + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', X + `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="店铺整体" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', X + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', X + `<worksheet xmlns="${main}"><sheetData>${sheet}</sheetData></worksheet>`],
  ]);
}

test('an .xlsx 店铺整体 export (serial dates, numeric cells, preamble, 合计 row) imports like the CSV', async () => {
  // 45383 = 2024-04-01 in Excel's calendar.
  const file = xlsx([
    ['店铺整体'],
    ['统计时间：2024-04-01 ~ 2024-04-02'],
    [],
    [],
    ['统计日期', '访客数', '浏览量', '加购人数', '下单买家数', '支付买家数', '支付件数', '支付金额', '成功退款金额'],
    [45383, 2000, 6000, 240, 120, 100, 130, 12345.67, 0],
    [45384, 2500, 7400, 300, 170, 150, 190, 23456.78, 500],
    ['合计', 4500, 13400, 540, 290, 250, 320, 35802.45, 500],
  ]);
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await choose(page, { name: '店铺整体.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  assert.equal(await page.getByTestId('metrics-error').count(), 0, await page.getByTestId('metrics-error').count() ? await text(page, 'metrics-error') : '');
  assert.equal(await text(page, 'metrics-kind'), '识别为：生意参谋 店铺整体（每日）（表头在第 5 行）');
  assert.equal(await text(page, 'metrics-range'), '2024-04-01 至 2024-04-02：2 条记录');
  assert.ok((await text(page, 'metrics-preview')).includes('跳过合计行 1 行'));
  assert.equal(await apply(page), '已导入：新增 2，更新 0，无变化 0。');
  await dashboardFor(page, '2024-04-01', '2024-04-02');
  // 12,345.67 + 23,456.78 = 35,802.45; 250 / 4,500 = 5.56%; 35,802.45 / 250 = 143.2098 → 143.21
  assert.deepEqual(await kpis(page, ['gmv', 'visitors', 'paying_buyers', 'conversion', 'aov', 'refunds']),
    { gmv: '¥3.58万', visitors: '4,500', paying_buyers: '250', conversion: '5.56%', aov: '¥143.21', refunds: '¥500.00' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('an HTML-table ".xls" download (生意参谋 商品) imports', async () => {
  const html = '<html><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"></head><body><table>' +
    '<tr><td colspan=4>【生意参谋平台】商品_全部</td></tr><tr><td colspan=4>统计时间：2024-03-01 ~ 2024-03-01</td></tr>' +
    '<tr><td></td></tr><tr><td></td></tr>' +
    '<tr><th>统计日期</th><th>商品ID</th><th>商品访客数</th><th>支付买家数</th><th>支付金额</th></tr>' +
    '<tr><td>2024-03-01</td><td>612345678901</td><td>2,133</td><td>50</td><td>7,424.50</td></tr>' +
    '<tr><td>合计</td><td></td><td>2,133</td><td>50</td><td>7,424.50</td></tr></table></body></html>';
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await choose(page, { name: '商品_全部.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from(html) });
  assert.equal(await text(page, 'metrics-kind'), '识别为：生意参谋 商品效果（商品×日）（表头在第 5 行）');
  assert.equal(await text(page, 'metrics-range'), '2024-03-01 至 2024-03-01：1 条记录');
  assert.equal(await apply(page), '已导入：新增 1，更新 0，无变化 0。');
  await dashboardFor(page, '2024-03-01', '2024-03-01');
  assert.deepEqual(await kpis(page, ['gmv', 'visitors', 'conversion']), { gmv: '¥7,424.50', visitors: '2,133', conversion: '2.34%' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// ---- bad files --------------------------------------------------------------------------------

test('bad files get a precise message and leave localStorage byte-for-byte unchanged', async () => {
  const { ctx, page } = await newPage(browser);
  await startSample(page);
  await settled(page);
  const stored = await storage(page);
  assert.ok(JSON.parse(stored)['sop/metrics'], 'the sample store has metrics');
  const nothing = '已有数据没有任何改动。';
  const cases = [
    [fixture('bad/picture.csv'), '这是 PNG 文件，不是数据导出。', []],
    [{ name: 'photo.png', mimeType: 'image/png', buffer: fixture('bad/picture.csv').buffer }, '这是 PNG 文件，不是数据导出。', []],
    [fixture('bad/empty.csv'), '文件是空的。', []],
    [fixture('bad/no_header.csv'), '前 30 行中找不到可识别的表头。', []],
    [fixture('bad/truncated_gbk.csv'), '文件在第 8 行中途结束（下载不完整？）。', []],
    [fixture('bad/sci_ids.csv'), '2 个单元格有问题，未导入任何数据：', [
      '第 3 行 [商品ID]：商品ID“9.88E+11”被 Excel 转成了科学计数法，数字已丢失：请重新导出，或把该列设为文本',
      '第 4 行 [商品ID]：商品ID“6.12345E+11”被 Excel 转成了科学计数法，数字已丢失：请重新导出，或把该列设为文本',
    ]],
    [fixture('bad/negative_visitors.csv'), '1 个单元格有问题，未导入任何数据：', ['第 3 行 [访客数]：负数“-15”']],
    [fixture('bad/fractional_buyers.csv'), '1 个单元格有问题，未导入任何数据：', ['第 2 行 [支付买家数]：人数/件数须为整数“12.5”']],
    [fixture('bad/range_row.csv'), '1 个单元格有问题，未导入任何数据：', ['第 3 行 [日期]：日期是多天的范围，无法拆分到每天']],
  ];
  for (const [file, message, rows] of cases) {
    await page.goto(server.url + '/data'); // a fresh importer for each file
    await choose(page, file);
    const err = page.getByTestId('metrics-error');
    assert.equal(await err.count(), 1, file.name);
    assert.equal((await err.locator('div').first().textContent()).trim(), message, file.name);
    assert.deepEqual((await err.locator('li').allTextContents()).map((s) => s.trim()), rows, file.name);
    assert.equal((await err.locator('.muted').textContent()).trim(), nothing);
    assert.equal(await page.getByTestId('metrics-preview').count(), 0, file.name);
    assert.equal(await page.getByTestId('metrics-done').count(), 0, file.name);
    if (file.name === 'sci_ids.csv') await shot(page, 'metrics-error-zh');
  }
  await settled(page);
  assert.equal(await storage(page), stored, 'storage untouched');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a running import shows progress and can be cancelled; nothing is stored; the next import works', async () => {
  const { ctx, page } = await newPage(browser);
  await startSample(page);
  await settled(page);
  const stored = await storage(page);
  // 40,000 product days (200 products × 200 days): read with progress reports along the way.
  let csv = 'Date,Item ID,Item Name,Visitors,Paying Buyers,Units,Paid Amount,Refunds\n';
  for (let d = 0; d < 200; d++) {
    const day = new Date(Date.UTC(2023, 0, 1) + d * 86400e3).toISOString().slice(0, 10);
    for (let p = 0; p < 200; p++) csv += `${day},${700000000000 + p},Item ${p},${100 + p},${p % 7},${p % 9},${(p * 13) % 1000}.50,0\n`;
  }
  await page.getByRole('link', { name: '数据导入导出' }).click();
  await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
  // Cancel from inside the page as soon as the first rows are reported: the worker's next
  // message can't be handled before this click, however fast the parsing is (a click from the
  // test, a round trip later, could come after the import had finished).
  await page.evaluate(() => {
    window.__progressSeen = null;
    new MutationObserver((_, obs) => {
      const bar = document.querySelector('[data-testid=metrics-progress]');
      const cancel = document.querySelector('[data-testid=metrics-cancel]');
      if (bar && cancel && /已处理 [1-9]/.test(bar.textContent)) {
        window.__progressSeen = bar.textContent;
        obs.disconnect();
        cancel.click();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.getByTestId('metrics-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('metrics-error').waitFor();
  assert.match(await page.evaluate(() => window.__progressSeen), /已处理 [1-9]\d* \/ \d+ 行/);
  assert.equal((await page.getByTestId('metrics-error').locator('div').first().textContent()).trim(), '已取消。');
  assert.equal(await page.getByTestId('metrics-progress').count(), 0);
  // A cancelled job's worker is terminated, so it can never come back with a preview: every
  // range the page ever shows from here on is logged, and the only one is the next file's.
  await page.evaluate(() => {
    window.__ranges = [];
    new MutationObserver(() => {
      const r = document.querySelector('[data-testid=metrics-range]');
      if (r && window.__ranges.at(-1) !== r.textContent) window.__ranges.push(r.textContent);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  assert.equal(await page.getByTestId('metrics-preview').count(), 0);
  assert.equal(await storage(page), stored, 'storage untouched');
  await choose(page, fixture('plain_store.csv'));
  assert.equal(await text(page, 'metrics-range'), '2024-03-01 至 2024-03-03：3 条记录');
  assert.deepEqual(await page.evaluate(() => window.__ranges), ['2024-03-01 至 2024-03-03：3 条记录']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a large CSV is read by two workers in parts and gives exactly what one worker gives', async () => {
  // 40,000 rows of the benchmark's 生意参谋 export (5.5 MB of GBK: two parts), with the first
  // data row repeated at the end: a duplicate across the parts.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-parts-'));
  const file = path.join(tmp, '商品_全部_40k.csv');
  const gen = spawnSync('python3', [path.join(ROOT, 'tests/fixtures/gen_sycm_product.py'), file, '40000'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const lines = fs.readFileSync(file).toString('latin1').split('\n');
  const firstData = lines.findIndex((l) => /^\d{4}-\d\d-\d\d,/.test(l));
  fs.appendFileSync(file, Buffer.from(lines[firstData] + '\n', 'latin1'));
  const csv = fs.readFileSync(file);
  fs.rmSync(tmp, { recursive: true, force: true });

  const read = async (cores) => {
    const { ctx, page } = await newPage(browser);
    await page.addInitScript(`Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${cores} });
      window.__workers = 0; const W = window.Worker;
      window.Worker = function (u, o) { window.__workers += 1; return new W(u, o); };`);
    await startEmpty(page);
    await choose(page, { name: '商品_全部_40k.csv', mimeType: 'text/csv', buffer: csv });
    const preview = await text(page, 'metrics-preview');
    const workers = await page.evaluate(() => window.__workers);
    await apply(page);
    const done = await text(page, 'metrics-done');
    assert.deepEqual(page.errors, []);
    await ctx.close();
    return { preview, workers, done };
  };
  const one = await read(1);
  const two = await read(2);
  assert.equal(one.workers, 1);
  assert.equal(two.workers, 2, 'two workers, one per part');
  assert.equal(two.preview, one.preview);
  assert.match(two.preview, /40000 条记录/);
  assert.match(two.preview, /重复行 1 行/);
  assert.equal(two.done, one.done);
});

// ---- mapping editor ---------------------------------------------------------------------------

const mappingRow = (page, header) => page.locator('[data-testid=mapping-table] tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${header}$`) }) });

/** plain_store.csv read with "orders" as the paying buyers and "paying_buyers" ignored. */
async function remap(page) {
  await choose(page, fixture('plain_store.csv'));
  await page.locator('[data-testid=metrics-preview] details.mapping summary').click();
  await mappingRow(page, 'orders').locator('select').selectOption('paying_buyers');
  await mappingRow(page, 'paying_buyers').locator('select').selectOption('ignore');
  await page.getByTestId('reapply-mapping').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=metrics-progress]') && document.querySelector('[data-testid=metrics-preview]'));
  assert.equal(await page.getByTestId('metrics-error').count(), 0);
}

test('mapping editor: a column given another meaning is read again with it', async () => {
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await choose(page, fixture('plain_store.csv'));
  await page.locator('[data-testid=metrics-preview] details.mapping summary').click();
  const table = page.getByTestId('mapping-table');
  await table.waitFor(); // built when the mapping is opened
  assert.equal(await table.locator('tbody tr').count(), 11);
  assert.equal(await mappingRow(page, 'orders').locator('select').inputValue(), 'order_buyers');
  assert.equal(await mappingRow(page, 'paying_buyers').locator('select').inputValue(), 'paying_buyers');
  assert.equal(await mappingRow(page, 'conversion_rate').locator('select').inputValue(), 'ignore');

  // This store's "orders" column is really its paying buyers; the other column is ignored.
  await remap(page);
  await page.locator('[data-testid=metrics-preview] details.mapping summary').click();
  assert.equal(await mappingRow(page, 'orders').locator('select').inputValue(), 'paying_buyers');
  assert.equal(await mappingRow(page, 'paying_buyers').locator('select').inputValue(), 'ignore');
  assert.equal(await text(page, 'metrics-range'), '2024-03-01 至 2024-03-03：3 条记录');
  assert.equal(await apply(page), '已导入：新增 3，更新 0，无变化 0。');
  await dashboardFor(page, '2024-03-01', '2024-03-03');
  // paying buyers now from "orders": 80 + 70 + 90 = 240; 240 / 3,600 = 6.67%; 19,234.56 / 240 = 80.144 → 80.14
  assert.deepEqual(await kpis(page, ['paying_buyers', 'conversion', 'aov']), { paying_buyers: '240', conversion: '6.67%', aov: '¥80.14' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('mapping editor: a correction that was read again and imported is remembered for the same layout', async () => {
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await remap(page);
  assert.equal(await apply(page), '已导入：新增 3，更新 0，无变化 0。');
  await settled(page);
  const prefs = JSON.parse(await page.evaluate(() => localStorage.getItem('sop/prefs')));
  assert.equal(Object.keys(prefs.data.mappings || {}).length, 1, 'a mapping is remembered');
  // The same layout next time is read with the remembered meanings, so nothing changes.
  await choose(page, fixture('plain_store.csv'));
  await page.locator('[data-testid=metrics-preview] details.mapping summary').click();
  assert.equal(await mappingRow(page, 'orders').locator('select').inputValue(), 'paying_buyers');
  assert.equal(await apply(page), '已导入：新增 0，更新 0，无变化 3。');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('mapping editor: two columns with one meaning is refused with a precise message', async () => {
  const { ctx, page } = await newPage(browser);
  await startEmpty(page);
  await choose(page, fixture('plain_store.csv'));
  await settled(page);
  const stored = await storage(page);
  await page.locator('[data-testid=metrics-preview] details.mapping summary').click();
  await mappingRow(page, 'orders').locator('select').selectOption('paying_buyers');
  await page.getByTestId('reapply-mapping').click();
  await page.getByTestId('metrics-error').waitFor();
  assert.equal((await page.getByTestId('metrics-error').locator('div').first().textContent()).trim(), '有两列都被设为“支付买家数”。');
  await settled(page);
  assert.equal(await page.getByTestId('metrics-preview').count(), 0);
  assert.equal(await storage(page), stored, 'storage untouched');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// ---- sample store dashboard -------------------------------------------------------------------

const ymd = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10); // the platform's day (UTC+8)

test('sample store: the dashboard shows KPIs, and the presets change the period', async () => {
  const { ctx, page } = await newPage(browser);
  await startSample(page);
  const now = Date.now();
  const yesterday = ymd(now - 86400e3);
  const from = async () => page.getByTestId('period-from').inputValue();
  const to = async () => page.getByTestId('period-to').inputValue();
  // Default: 近30天, ending yesterday.
  assert.ok(await page.locator('[data-testid=preset-last30].primary').count());
  assert.equal(await to(), yesterday);
  assert.equal(await from(), ymd(now - 30 * 86400e3));
  const last30 = await kpis(page, KEYS);
  for (const k of ['gmv', 'visitors', 'paying_buyers', 'conversion', 'aov', 'uv_value', 'net_gmv', 'ad_spend', 'roi', 'fee_ratio']) {
    assert.notEqual(last30[k], '—', k);
  }
  assert.match(last30.gmv, /^¥[\d,.]+万$/);
  assert.match(last30.conversion, /^\d+\.\d\d%$/);
  // The sample covers more than a year: 环比 and 同比 both have figures.
  assert.match(await page.locator('[data-testid=kpi-gmv] .kpi-cmp').textContent(), /环比\s*[↑↓]?\s*[+-]?\d+\.\d%\s*同比\s*[↑↓]?\s*[+-]?\d+\.\d%/);
  assert.equal(await page.getByTestId('funnel-step').count(), 4);
  assert.equal(await page.getByTestId('trend-chart').count(), 1);
  assert.equal(await page.getByTestId('decomp-chart').count(), 1);
  assert.equal(await page.locator('[data-testid=anomalies], [data-testid=no-anomalies]').count(), 1);
  await shot(page, 'metrics-dashboard-zh');
  await page.screenshot({ path: path.join(SHOTS, 'metrics-dashboard-full-zh.png'), fullPage: true });

  await page.getByTestId('preset-last7').click();
  assert.equal(await from(), ymd(now - 7 * 86400e3));
  assert.equal(await to(), yesterday);
  assert.ok(await page.locator('[data-testid=preset-last7].primary').count());
  const last7 = await kpis(page, ['gmv', 'visitors']);
  assert.notEqual(last7.gmv, last30.gmv);
  assert.notEqual(last7.visitors, last30.visitors);

  await page.getByTestId('preset-yesterday').click();
  assert.equal(await from(), yesterday);
  assert.equal(await to(), yesterday);
  assert.notEqual(await kpi(page, 'gmv'), last7.gmv);

  await page.getByTestId('preset-this_month').click();
  const today = ymd(now);
  const first = today.slice(0, 8) + '01';
  assert.equal(await from(), today === first ? today : first);
  assert.equal(await to(), today === first ? today : yesterday);

  // A custom period the sample does not cover (before its data) shows no figures.
  await page.getByTestId('period-from').fill('2001-01-01');
  await page.getByTestId('period-to').fill('2001-01-31');
  assert.equal(await kpi(page, 'gmv'), '¥0.00');
  assert.equal(await kpi(page, 'conversion'), '—');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('English: import preview and dashboard', async () => {
  const { ctx, page } = await newPage(browser, { locale: 'en-US' });
  await startEmpty(page);
  await choose(page, fixture('sycm_store_utf8bom.csv'));
  assert.equal(await text(page, 'metrics-kind'), 'Detected: Sycm store daily overview (header on row 5)');
  assert.equal(await text(page, 'metrics-range'), '2024-03-01 to 2024-03-03: 3 records');
  await page.locator('[data-testid=metrics-preview] details.mapping summary').click();
  await shot(page, 'metrics-preview-en');
  assert.equal(await apply(page), 'Imported: 3 new, 0 updated, 0 unchanged.');
  await dashboardFor(page, '2024-03-01', '2024-03-03');
  assert.deepEqual(await kpis(page, ['gmv', 'visitors', 'conversion', 'aov', 'net_gmv', 'ad_spend']),
    { gmv: '¥149.34K', visitors: '16,008', conversion: '6.99%', aov: '¥133.46', net_gmv: '¥145.35K', ad_spend: '¥15.92K' });
  await page.evaluate(() => localStorage.clear());
  await startSample(page);
  await shot(page, 'metrics-dashboard-en');
  assert.notEqual(await kpi(page, 'gmv'), '—');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
