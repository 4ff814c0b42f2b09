// Fails when the main bundle of a release build is over budget.
//
// Main bundle = what every first visit downloads before any page: the app's js, its main wasm and
// the split loader (scripts/wasm_split.py), gzip level 9 with Node's zlib, in KB of 1,024 bytes:
// the same count as the benchmark (bench/metrics.mjs).
// Usage: node scripts/check_bundle.mjs [DIST] [LIMIT_KB]   (defaults: dist, 300)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] || 'dist';
const limit = Number(process.argv[3] || 300);
const main = fs.readdirSync(dist)
  .filter((f) => /^(store-ops-planner-[0-9a-f]+(\.js|_bg\.wasm)|__wasm_split-[0-9a-f]+\.js)$/.test(f))
  .sort();
if (!main.some((f) => f.endsWith('_bg.wasm'))) {
  console.error(`check_bundle.mjs: no main wasm in ${dist}`);
  process.exit(1);
}
const sizes = main.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length / 1024]);
const total = sizes.reduce((s, [, n]) => s + n, 0);
console.log(`main bundle gz: ${total.toFixed(1)} KB (limit ${limit} KB): ${sizes.map(([f, n]) => `${f} ${n.toFixed(1)}`).join(', ')}`);
if (total > limit) {
  console.error(`check_bundle.mjs: main bundle ${total.toFixed(1)} KB gz is over the ${limit} KB budget`);
  process.exit(1);
}
