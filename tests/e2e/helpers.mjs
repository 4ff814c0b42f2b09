// Shared set-up for the end-to-end tests: one Chromium, a fresh context (profile) per test.
import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.SOP_DIST || path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'tests/e2e/screenshots');

export const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROME_ARGS });
}

export async function serve(port) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/ is missing: run trunk build --release first');
  return startServer(DIST, port);
}

/** A new page in a fresh profile with the given UI language; fails the test on any page error. */
export async function newPage(browser, { locale = 'zh-CN', context } = {}) {
  const ctx = context || await browser.newContext({ locale, viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return { ctx, page };
}

export async function firstRunSample(page, url) {
  await page.goto(url + '/');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('page-dashboard').waitFor();
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: false });
}

/**
 * Wait until the save loop has nothing due: the app marks `data-save` on <html> "pending" when an
 * edit schedules a save and "saved" / "failed" when the save ran (no attribute: nothing was ever
 * due). A state, not a sleep: it holds on a slow or busy machine as on a fast one.
 */
export async function settled(page) {
  await page.waitForFunction(() => document.documentElement.dataset.save !== 'pending', null, { timeout: 30000 });
}

/** Several tabs of one profile settled at once (a save in one can make another save again). */
export async function settledAll(...pages) {
  for (let round = 0; round < 20; round++) {
    for (const p of pages) await settled(p);
    const states = await Promise.all(pages.map((p) => p.evaluate(() => document.documentElement.dataset.save)));
    if (!states.includes('pending')) return;
  }
  throw new Error('tabs never settled');
}

/**
 * Fill the origin's localStorage to the last UTF-16 unit with another app's data: big chunks,
 * then the longest values that still fit. Whatever today's date or the data's size, not one
 * more unit fits afterwards. Returns the keys written.
 */
export async function fillStorage(page) {
  return page.evaluate(() => {
    const keys = [];
    const put = (k, v) => { try { localStorage.setItem(k, v); return true; } catch { return false; } };
    let n = 0;
    for (const size of [1 << 20, 1 << 16, 1 << 10]) {
      const chunk = 'x'.repeat(size);
      while (put('other-app/' + n, chunk)) keys.push('other-app/' + n++);
    }
    // Then, under fresh one-character keys (U+E000…, private use), the longest value that still
    // fits, until not even an empty value under a one-character key fits (each trial on a
    // removed key: a failed write keeps the old value).
    for (let round = 0; round < 10 && put('z', ''); round++) {
      localStorage.removeItem('z');
      const key = String.fromCharCode(0xE000 + round);
      let lo = -1, hi = 1 << 16; // lo fits (-1: not even the key), hi does not
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        localStorage.removeItem(key);
        if (put(key, 'x'.repeat(mid))) lo = mid; else hi = mid;
      }
      localStorage.removeItem(key);
      if (lo >= 0) { put(key, 'x'.repeat(lo)); keys.push(key); }
    }
    if (put('z', '')) throw new Error('storage not full');
    return keys;
  });
}

/** Remove what fillStorage wrote. */
export async function freeStorage(page) {
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith('other-app/') || (k.length === 1 && k.charCodeAt(0) >= 0xE000 && k.charCodeAt(0) < 0xE100)) localStorage.removeItem(k);
    }
  });
}

/** The text of each page of a PDF (read with PDF.js), a string per page. NFKC-normalised: the
 * CJK font maps some glyphs to their Kangxi radicals (⼩ for 小), and dashes to U+2012. */
export async function pdfPages(buffer) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => it.str + (it.hasEOL ? '\n' : '')).join('').normalize('NFKC').replace(/[\u2012\u2013]/g, '–'));
  }
  await doc.destroy();
  return pages;
}
