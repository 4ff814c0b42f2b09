// Benchmark section for the settlement (issue 17 §6): a generated 100,000-line GBK Alipay
// statement (支付宝账务明细, tests/fixtures/gen_alipay_statement.py) imported in the app — file
// input 'change' → the preview on screen (read, decode, split, parse, sum by day and text, the
// size check) — against PapaParse parsing the same File with encoding 'gbk' in the same page and
// run; then the import confirmed once (stored, November's account drawn).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNS = 3;

const HOOKS = `
  window.__t0 = null; window.__tPreview = null; window.__file = null;
  document.addEventListener('change', (e) => {
    if (e.target && e.target.matches && e.target.matches('[data-testid=st-file]') && e.target.files.length) {
      window.__file = e.target.files[0]; window.__t0 = performance.now();
    }
  }, true);
  new MutationObserver(() => {
    if (window.__t0 !== null && window.__tPreview === null && document.querySelector('[data-testid=st-preview], [data-testid=st-error]')) {
      document.body.offsetHeight;
      window.__tPreview = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });`;

export async function settleSection({ browser, server, ROOT, results, median }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-bench-st-'));
  const csv = path.join(tmp, '支付宝账务明细_100k_gbk.csv');
  const gen = spawnSync('python3', [path.join(ROOT, 'tests/fixtures/gen_alipay_statement.py'), csv, '100000'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error('generating the statement failed: ' + gen.stderr);
  const mb = (fs.statSync(csv).size / 1048576).toFixed(1);
  const papa = path.join(ROOT, 'node_modules/papaparse/papaparse.min.js');
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + '/');
  await page.getByTestId('start-empty').click();
  await page.getByTestId('page-dashboard').waitFor();
  await page.addInitScript(HOOKS);
  const app = [], js = [], marks = [];
  let preview = '', rows = 0, confirmMs = null;
  for (let i = 0; i < RUNS; i++) {
    await page.goto(server.url + '/settle');
    await page.getByTestId('st-file').waitFor({ state: 'attached' });
    await page.getByTestId('st-file').setInputFiles(csv);
    await page.waitForFunction(() => window.__tPreview !== null, null, { timeout: 180000, polling: 50 });
    if (await page.getByTestId('st-error').count()) throw new Error('the app refused the statement: ' + await page.getByTestId('st-error').textContent());
    app.push(await page.evaluate(() => window.__tPreview - window.__t0));
    marks.push(await page.evaluate(() => {
      const m = {};
      for (const e of performance.getEntriesByType('mark')) if (e.name.startsWith('sop-st-')) m[e.name.slice(7)] = e.startTime - window.__t0;
      performance.clearMarks();
      return m;
    }));
    preview = (await page.getByTestId('st-preview').locator('p').first().textContent()).trim();
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
    rows = r.rows;
    if (i === RUNS - 1) {
      confirmMs = await page.evaluate(() => new Promise((resolve) => {
        const t0 = performance.now();
        new MutationObserver((_, obs) => {
          if (document.querySelector('[data-testid=st-done], [data-testid=st-error]') && document.querySelector('[data-testid=st-income]')) {
            obs.disconnect(); document.body.offsetHeight; resolve(performance.now() - t0);
          }
        }).observe(document, { childList: true, subtree: true });
        document.querySelector('[data-testid=st-confirm]').click();
      }));
    }
  }
  const stored = await page.evaluate(() => (localStorage.getItem('sop/statement') || '').length);
  await ctx.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  const a = median(app), p = median(js);
  const fmt = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
  console.log(`\n== Settlement: import a 100,000-line GBK Alipay statement (${mb} MB): app vs PapaParse (same browser run) ==`);
  console.log(`app (input change → preview on screen: read, decode, parse, sum by day and text, size check): ${fmt(app)} ms; median ${a.toFixed(0)} ms`);
  console.log(`   preview says: ${preview}`);
  const mm = marks[app.indexOf(a)] || {};
  const d = (k) => (mm[k] === undefined ? '?' : mm[k].toFixed(0));
  console.log(`   median run, ms from the change: file read ${d('read')}, copied into wasm ${d('copied')}, parsed ${d('parsed')} (on the bytes, descriptions decoded), size checked ${d('checked')}, preview painted ${a.toFixed(0)}`);
  console.log(`PapaParse 5.7.1 (Papa.parse(file, {encoding: 'gbk'}) → complete, ${rows} rows): ${fmt(js)} ms; median ${p.toFixed(0)} ms`);
  console.log(`ratio app / PapaParse: ${(a / p).toFixed(2)}   (target ≤ 1.0)`);
  console.log(`confirm the import once (stored, the month's account drawn): ${confirmMs?.toFixed(0)} ms; stored as ${(stored / 1024).toFixed(0)} K characters`);
  if (errors.length) console.log('page errors: ' + errors.join(' | '));
  results.statement_100k_app_ms = Math.round(a);
  results.statement_100k_papaparse_ms = Math.round(p);
  results.statement_100k_ratio = Number((a / p).toFixed(2));
  results.statement_confirm_ms = confirmMs === null ? null : Math.round(confirmMs);
  results.statement_stored_kchars = Math.round(stored / 1024);
}

// Standalone run against an existing build: node bench/settle.mjs
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('../tests/e2e/server.mjs');
  const { CHROME_ARGS } = await import('../tests/e2e/helpers.mjs');
  const ROOT = path.resolve(HERE, '..');
  const results = {};
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const server = await startServer(process.env.SOP_DIST || path.join(ROOT, 'dist'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROME_ARGS });
  try {
    await settleSection({ browser, server, ROOT, results, median });
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('\n' + JSON.stringify(results));
}
