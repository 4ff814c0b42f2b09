// Benchmark sections for the metrics feature, printed after bench.mjs's own sections:
//  4. a generated 100,000-row GBK 生意参谋 product export imported end to end in the app (file
//     input 'change' → preview on screen) vs PapaParse parsing the same File, same browser run;
//  5. dashboard recompute after one edit with 146,000 product-day rows, and the stored size vs
//     JSON — measured in wasm by bench/web.rs; scripts/bench.sh runs it and hands its BENCH
//     lines over in the file named by SOP_BENCH_WEB;
//  6. the main bundle (index js + main wasm + split loader) gzipped, the page chunks and the
//     import worker apart.
// Standalone (sections 4 and 6 only, against an existing build): node bench/metrics.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const IMPORT_RUNS = 3;

// Page hooks (installed before any app code on every load): the time of the file input's
// 'change' (capture phase, so before the app's own handler) and of the preview appearing (laid
// out), the File itself for PapaParse, and the longest main-thread task in between.
const HOOKS = `
  window.__t0 = null; window.__tPreview = null; window.__file = null; window.__longest = 0;
  document.addEventListener('change', (e) => {
    if (e.target && e.target.matches && e.target.matches('[data-testid=metrics-file]') && e.target.files.length) {
      window.__file = e.target.files[0]; window.__t0 = performance.now();
    }
  }, true);
  new MutationObserver(() => {
    if (window.__t0 !== null && window.__tPreview === null && document.querySelector('[data-testid=metrics-preview]')) {
      document.body.offsetHeight;
      window.__tPreview = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
  // Where the time goes, per worker (a large CSV is read by one worker per part): created, its
  // wasm instantiated ('ready'), first 'rows' progress (decoded, split, header found), and its
  // answer received ('result' for a whole file, 'part' for a part; 'unsplit' if it could not).
  window.__marks = { workers: [] };
  const W = window.Worker;
  window.Worker = function (url, opts) {
    const w = new W(url, opts);
    const m = { created: performance.now() };
    window.__marks.workers.push(m);
    w.addEventListener('message', (e) => {
      if (e.data && (e.data.type === 'result' || e.data.type === 'part')) {
        m.done = performance.now(); m.kind = e.data.type;
        m.bytes = e.data.json.length + e.data.records.byteLength;
        return;
      }
      if (typeof e.data !== 'string') return;
      // JSON keys come sorted ("type" last), so look at both ends of the message.
      const ends = e.data.slice(0, 64) + e.data.slice(-64);
      if (ends.includes('"type":"ready"')) m.ready ??= performance.now();
      if (ends.includes('"stage":"rows"')) m.rows ??= performance.now();
      if (ends.includes('"type":"unsplit"')) { m.done = performance.now(); m.kind = 'unsplit'; }
    });
    return w;
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (window.__t0 !== null && e.startTime >= window.__t0 && (window.__tPreview === null || e.startTime <= window.__tPreview)) {
          window.__longest = Math.max(window.__longest, e.duration);
        }
      }
    }).observe({ type: 'longtask' });
  } catch (_) {}`;

const fmt = (xs) => xs.map((t) => t.toFixed(0)).join(', ');

async function importVsPapa({ browser, server, ROOT, results, median }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-bench-'));
  const csv = path.join(tmp, '商品_全部_100k_gbk.csv');
  const gen = spawnSync('python3', [path.join(HERE, '..', 'tests', 'fixtures', 'gen_sycm_product.py'), csv, '100000'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error('generating the 100k-row file failed: ' + gen.stderr);
  const mb = (fs.statSync(csv).size / 1048576).toFixed(1);
  const papa = path.join(ROOT, 'node_modules/papaparse/papaparse.min.js');

  const ctx = await ctxFor(browser);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByTestId('page-dashboard').waitFor();
  await page.addInitScript(HOOKS);

  const app = [], js = [], longest = [], marks = [];
  let range = '', papaRows = 0, applyMs = null, done = '';
  for (let i = 0; i < IMPORT_RUNS; i++) {
    await page.goto(server.url + '/data'); // a fresh importer (and worker) each run
    await page.getByTestId('metrics-file').waitFor({ state: 'attached' });
    await page.getByTestId('metrics-file').setInputFiles(csv);
    await page.waitForFunction(() => window.__tPreview !== null || document.querySelector('[data-testid=metrics-error]'), null, { timeout: 180000, polling: 50 });
    if (await page.getByTestId('metrics-error').count()) {
      throw new Error('the app refused the benchmark file: ' + await page.getByTestId('metrics-error').textContent());
    }
    app.push(await page.evaluate(() => window.__tPreview - window.__t0));
    marks.push(await page.evaluate(() => ({ ...window.__marks, t0: window.__t0, preview: window.__tPreview })));
    longest.push(await page.evaluate(() => window.__longest));
    range = (await page.getByTestId('metrics-range').textContent()).trim();

    // PapaParse on the very same File object, in the same page.
    await page.addScriptTag({ path: papa });
    const r = await page.evaluate(() => new Promise((resolve, reject) => {
      const t0 = performance.now();
      // eslint-disable-next-line no-undef
      Papa.parse(window.__file, {
        encoding: 'gbk', header: false,
        complete: (res) => resolve({ ms: performance.now() - t0, rows: res.data.length }),
        error: (e) => reject(String(e)),
      });
    }));
    js.push(r.ms);
    papaRows = r.rows;

    if (i === IMPORT_RUNS - 1) {
      // Apply the 100,000 rows once: size check, upsert, counts on screen (the save follows, debounced).
      applyMs = await page.evaluate(() => new Promise((resolve) => {
        const t0 = performance.now();
        new MutationObserver((_, obs) => {
          const el = document.querySelector('[data-testid=metrics-done], [data-testid=metrics-too-large]');
          if (el) { obs.disconnect(); resolve(performance.now() - t0); }
        }).observe(document, { childList: true, subtree: true });
        document.querySelector('[data-testid=metrics-apply]').click();
      }));
      done = (await page.locator('[data-testid=metrics-done], [data-testid=metrics-too-large]').first().textContent()).trim();
    }
  }
  await ctx.close();
  fs.rmSync(tmp, { recursive: true, force: true });

  const a = median(app), p = median(js);
  console.log(`\n== import a 100,000-row GBK 生意参谋 product CSV (${mb} MB): app vs PapaParse (same browser run) ==`);
  console.log(`app (input change → preview on screen; read, worker decode+parse+detect+apply, result): ${fmt(app)} ms; median ${a.toFixed(0)} ms`);
  console.log(`   preview says: ${range}`);
  // Where the time went in the median run and in the first (the first import after the page
  // loaded: the worker's wasm is compiled from scratch, later imports reuse the browser's copy).
  const timeline = (title, run) => {
    if (!run || !run.workers || !run.workers.length) return;
    const d = (x, y) => (x === undefined || y === undefined ? '?' : (y - x).toFixed(0));
    const last = Math.max(...run.workers.map((w) => w.done ?? 0));
    console.log(`   ${title}: ${run.workers.length} worker(s); times from the input's change:`);
    run.workers.forEach((w, k) => {
      console.log(`     worker ${k}: created ${d(run.t0, w.created)} → ready ${d(run.t0, w.ready)} → first rows ${d(run.t0, w.rows)} → ${w.kind ?? 'no answer'} ${d(run.t0, w.done)} ms` +
        (w.bytes ? ` (${(w.bytes / 1048576).toFixed(1)} MB)` : ''));
    });
    console.log(`     last answer → preview on screen (join, render): ${d(last, run.preview)} ms`);
  };
  timeline('run with the median', marks[app.indexOf(a)]);
  if (app.indexOf(a) !== 0) timeline(`first run (${app[0].toFixed(0)} ms; PapaParse's first: ${js[0].toFixed(0)} ms)`, marks[0]);
  console.log(`   longest main-thread task meanwhile: ${longest.map((t) => (t ? t.toFixed(0) : '<50')).join(', ')} ms (the parsing itself runs in the worker)`);
  console.log(`PapaParse 5.7.1 (Papa.parse(file, {encoding: 'gbk'}) on the main thread → complete, ${papaRows} rows): ${fmt(js)} ms; median ${p.toFixed(0)} ms`);
  console.log(`ratio app / PapaParse: ${(a / p).toFixed(2)}   (target ≤ 1.0)`);
  console.log(`apply the 100,000 rows once (size check, store, counts shown): ${applyMs?.toFixed(0)} ms → ${done}`);
  if (errors.length) console.log('page errors: ' + errors.join(' | '));
  results.import_100k_app_ms = Math.round(a);
  results.import_100k_papaparse_ms = Math.round(p);
  results.import_100k_ratio = Number((a / p).toFixed(2));
  results.import_100k_longest_task_ms = Math.round(median(longest));
  const startups = marks.flatMap((m) => (m.workers || []).filter((w) => w.ready).map((w) => w.ready - w.created));
  if (startups.length) results.import_worker_startup_ms = Math.round(median(startups));
  results.apply_100k_ms = applyMs === null ? null : Math.round(applyMs);
}

function ctxFor(browser) {
  return browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
}

/** BENCH lines of bench/web.rs (collected by scripts/bench.sh). */
function webSection({ results }) {
  console.log('\n== dashboard recompute after one edit, 146,000 product-day rows; stored size (wasm in Chromium, release) ==');
  const file = process.env.SOP_BENCH_WEB;
  if (!file || !fs.existsSync(file)) {
    console.log('not measured here: scripts/bench.sh runs bench/web.rs and passes its figures (SOP_BENCH_WEB)');
    return;
  }
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.slice(l.indexOf('BENCH ') + 6).trim()).filter(Boolean);
  if (!lines.length) { console.log('bench/web.rs printed no BENCH lines'); return; }
  const kv = (l) => Object.fromEntries(l.split(/\s+/).filter((w) => w.includes('=')).map((w) => w.split('=')));
  const labels = {
    dashboard_recompute_ms: ['upsert 1 row + dashboard() (KPIs, 环比, 同比)', 'target ≤ 16 ms'],
    dashboard_view_recompute_ms: ['upsert 1 row + whole dashboard view (KPIs, daily trend, GMV split, anomalies)', 'target ≤ 16 ms'],
    dashboard_recompute_products_only_ms: ['same, product days only (no 店铺整体 rows: KPIs sum 146,000 rows)', 'target ≤ 16 ms'],
  };
  for (const l of lines) {
    const name = l.split(/[\s=]/)[0];
    const f = kv(l);
    if (labels[name]) {
      const [label, target] = labels[name];
      console.log(`${label}, ${f.period}: ${Number(f.value).toFixed(2)} ms median of 20   (${target})`);
      results[`${name}_${f.period}`] = Number(Number(f.value).toFixed(3));
    } else if (name === 'metrics_stored_units') {
      console.log(`stored ${Number(f.metrics_stored_units).toLocaleString('en')} UTF-16 units (${(f.metrics_stored_units * 2 / 1048576).toFixed(2)} MB) vs JSON.stringify of the same rows ${Number(f.json_chars).toLocaleString('en')} chars: ratio ${f.ratio}   (target ≤ 0.25; budget ≤ 2 MB)`);
      console.log(`   encode ${f.encode_ms} ms, decode ${f.decode_ms} ms`);
      results.metrics_stored_units = Number(f.metrics_stored_units);
      results.metrics_json_chars = Number(f.json_chars);
      results.metrics_stored_ratio = Number(f.ratio);
    } else if (name === 'store_rows') {
      console.log(`store: ${l.slice('store_rows '.length)}`);
    } else {
      console.log(l);
    }
  }
}

function bundleSection({ DIST, results, kb }) {
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length;
  const files = fs.readdirSync(DIST);
  // The app's js and main wasm, and the split loader (scripts/wasm_split.py); page chunks load later.
  const main = files.filter((f) => /^(store-ops-planner-[0-9a-f]+(\.js|_bg\.wasm)|__wasm_split-[0-9a-f]+\.js)$/.test(f));
  const worker = files.filter((f) => f.startsWith('import_worker'));
  const other = files.filter((f) => /\.(html|css)$/.test(f));
  const sum = (fs_) => fs_.reduce((s, f) => s + gz(f), 0);
  const m = sum(main), w = sum(worker), o = sum(other);
  console.log('\n== main bundle ==');
  console.log(`main bundle (index js + main wasm + split loader) gz: ${kb(m)} KB (target ≤ 300 KB)   [${main.join(', ')}]`);
  console.log(`   + index.html and CSS: ${kb(o)} KB gz, first load ${kb(m + o)} KB gz`);
  const chunks = files.filter((f) => /\.wasm$/.test(f) && !main.includes(f) && !f.startsWith('import_worker'));
  const c = sum(chunks);
  console.log(`page chunks (fetched when a page is first opened; precached by the service worker): ${chunks.length} files, ${kb(c)} KB gz in all`);
  results.page_chunks_gz_kb = Number(kb(c));
  console.log(`import worker (js + wasm with the xlsx/xls reader) gz: ${kb(w)} KB — loads only when a file is imported   [${worker.join(', ')}]`);
  results.main_bundle_gz_kb = Number(kb(m));
  results.import_worker_gz_kb = Number(kb(w));
}

export async function metricsSections(ctx) {
  await importVsPapa(ctx);
  webSection(ctx);
  bundleSection(ctx);
}

// Standalone run.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('../tests/e2e/server.mjs');
  const { CHROME_ARGS } = await import('../tests/e2e/helpers.mjs');
  const ROOT = path.resolve(HERE, '..');
  const DIST = process.env.SOP_DIST || path.join(ROOT, 'dist');
  const results = {};
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const kb = (n) => (n / 1024).toFixed(1);
  const server = await startServer(DIST);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROME_ARGS });
  try {
    await metricsSections({ browser, server, ROOT, DIST, results, median, kb });
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('\n' + JSON.stringify(results));
}
