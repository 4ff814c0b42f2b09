// Benchmark: prints the figures the issues ask for. Run through scripts/bench.sh (it builds the
// release first). Figures, not pass/fail: targets are printed next to each measurement.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer } from '../e2e/server.mjs';
import { CHROME_ARGS } from '../e2e/helpers.mjs';
import { metricsSections } from './metrics.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.SOP_DIST || path.join(ROOT, 'dist');
const RUNS = 5;
const results = {};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => (n / 1024).toFixed(1);

// 1. Bundle size
console.log('\n== dist/ size (gzip -9) ==');
let totalGz = 0, totalRaw = 0;
for (const f of fs.readdirSync(DIST).sort()) {
  const buf = fs.readFileSync(path.join(DIST, f));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  totalGz += gz; totalRaw += buf.length;
  console.log(`${f.padEnd(52)} ${kb(buf.length).padStart(8)} KB raw ${kb(gz).padStart(8)} KB gz`);
}
console.log(`${'total'.padEnd(52)} ${kb(totalRaw).padStart(8)} KB raw ${kb(totalGz).padStart(8)} KB gz   (target ≤ 250 KB gz)`);
results.dist_total_gz_kb = Number(kb(totalGz));

// 2000 synthetic products in the stored format (valid revisions, varied titles).
function products(n) {
  const cats = ['水杯保温杯', '厨房收纳', '床上用品', '清洁用品'];
  const words = ['保温杯', '不锈钢', '大容量', '便携', '收纳盒', '抽屉式', '四件套', '纯棉', '拖把', '免手洗', '家用', '新款', '顶级', '全网最低'];
  const out = [];
  for (let i = 0; i < n; i++) {
    let t = '安居优品';
    for (let k = 0; k < 7; k++) t += words[(i * 7 + k * 3) % words.length];
    out.push({
      id: `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      rev: `1-${(0x10000000 + i).toString(16)}`,
      updated: 1767225600000,
      sku: `BN-${String(i).padStart(5, '0')}`,
      item_id: String(600000000000 + i * 7919),
      title: t,
      category: cats[i % 4],
      list_price: 990 + (i * 137) % 50000,
      cost: 500 + (i * 71) % 20000,
      stock: (i * 13) % 3000,
      status: ['on_shelf', 'on_shelf', 'off_shelf', 'draft'][i % 4],
      role: ['traffic', 'profit', 'hero', 'regular'][i % 4],
      keywords: ['保温杯', '收纳'],
    });
  }
  return out;
}

const server = await startServer(DIST);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROME_ARGS });

// Records when the products table first has `want` rows (MutationObserver, before any app code).
const observe = (want) => `
  window.__rowsAt = null;
  new MutationObserver((_, obs) => {
    const tb = document.querySelector('[data-testid=products-table] tbody');
    if (tb && tb.rows.length >= ${want} && document.querySelector('[data-testid=search]')) {
      document.body.offsetHeight; // include layout
      window.__rowsAt = performance.now(); obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });`;

// 2. Navigation → interactive Products view with the sample store
{
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('load-sample').click();
  await page.waitForTimeout(500);
  await page.addInitScript(observe(60));
  const times = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await page.goto(server.url + '/products');
    await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 10000 });
    const t = await page.evaluate(() => window.__rowsAt);
    if (i > 0) times.push(t); // first run warms the HTTP cache and service worker
  }
  console.log('\n== navigation → interactive Products view (sample store, 60 rows) ==');
  console.log(`runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(times).toFixed(0)} ms   (target ≤ 300 ms)`);
  results.nav_products_ms = Math.round(median(times));
  await ctx.close();
}

// 3. Rendering 2,000 products: the app vs a plain-JS page building the same rows, same run.
{
  const list = products(2000);
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/');
  await page.evaluate((data) => {
    localStorage.clear();
    localStorage.setItem('sop/products', JSON.stringify({ schema: 1, data }));
    localStorage.setItem('sop/prefs', JSON.stringify({ schema: 1, data: { locale: 'zh', onboarded: true } }));
  }, list);
  const appTimes = [], jsTimes = [];
  let rowsData = null;
  for (let i = 0; i < RUNS; i++) {
    await page.goto(server.url + '/');
    await page.getByTestId('page-dashboard').waitFor();
    await page.evaluate(observe(2000).replace('window.__rowsAt = null;', 'window.__rowsAt = null; window.__clickAt = null; document.addEventListener("click", () => { window.__clickAt ??= performance.now(); }, true);'));
    await page.getByRole('link', { name: '商品', exact: true }).click();
    await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 30000 });
    appTimes.push(await page.evaluate(() => window.__rowsAt - window.__clickAt));
    if (!rowsData) {
      // The rendered rows as plain data: element tree (tag, attributes, children) or text.
      rowsData = await page.evaluate(() => {
        // (comment nodes are Leptos' markers: kept as {m: data})
        const tree = (n) => n.nodeType === 3 ? n.data : n.nodeType === 8 ? { m: n.data } : {
          t: n.tagName.toLowerCase(),
          a: [...n.attributes].map((x) => [x.name, x.value]),
          c: [...n.childNodes].map(tree),
        };
        return [...document.querySelectorAll('[data-testid=products-table] tbody tr')].map(tree);
      });
    }
    // Plain JS: build the same rows (same elements, attributes and text) with createElement,
    // into the same page layout (the app's table is emptied first), then force layout.
    const js = await page.evaluate((rows) => {
      const tbody = document.querySelector('[data-testid=products-table] tbody');
      const table = tbody.parentNode;
      const fresh = document.createElement('tbody');
      table.replaceChild(fresh, tbody);
      document.body.offsetHeight;
      const build = (n) => {
        if (typeof n === 'string') return document.createTextNode(n);
        if (n.m !== undefined) return document.createComment(n.m);
        const el = document.createElement(n.t);
        for (const [k, v] of n.a) el.setAttribute(k, v);
        for (const c of n.c) el.appendChild(build(c));
        return el;
      };
      const t0 = performance.now();
      for (const r of rows) fresh.appendChild(build(r));
      document.body.offsetHeight;
      return performance.now() - t0;
    }, rowsData);
    jsTimes.push(js);
  }
  const a = median(appTimes), j = median(jsTimes);
  console.log('\n== render 2,000 products: app vs plain JS (same browser run) ==');
  console.log(`app (click Products → 2,000 rows laid out): ${appTimes.map((t) => t.toFixed(0)).join(', ')} ms; median ${a.toFixed(0)} ms`);
  console.log(`plain JS (build same rows → laid out):     ${jsTimes.map((t) => t.toFixed(0)).join(', ')} ms; median ${j.toFixed(0)} ms`);
  console.log(`ratio app / plain JS: ${(a / j).toFixed(2)}   (target ≤ 1.5)`);
  results.render_2000_app_ms = Math.round(a);
  results.render_2000_js_ms = Math.round(j);
  results.render_2000_ratio = Number((a / j).toFixed(2));
  await ctx.close();
}

// 4-6: metrics import, dashboard recompute, main bundle (tests/bench/metrics.mjs).
await metricsSections({ browser, server, ROOT, DIST, results, median, kb });

await browser.close();
await server.close();
fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench-results/latest.json'), JSON.stringify(results, null, 2));
console.log('\n' + JSON.stringify(results));
