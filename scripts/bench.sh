#!/usr/bin/env bash
# Prints the speed and size figures (release build, headless Chromium). Not a test: no pass/fail.
# Figures also go to bench-results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release

# Dashboard recompute and stored size, measured in wasm in headless Chromium
# (bench/web.rs; the runner finds chromedriver on PATH and reads webdriver.json).
# Release optimizations as shipped, but panic=unwind: with the release profile's panic=abort,
# `cargo test --release` builds the library twice (abort for the bins, unwind for the test) under
# one file name and the bins fail to link against the wrong copy.
mkdir -p bench-results
echo "== building and running bench/web.rs (wasm, release) =="
CARGO_PROFILE_RELEASE_PANIC=unwind cargo test --release --target wasm32-unknown-unknown --test bench_web -- --nocapture 2>&1 \
  | tee bench-results/bench_web.log | grep -E 'BENCH|test result|panicked|error' || true
grep -o 'BENCH .*' bench-results/bench_web.log > bench-results/bench_web.txt || true
if [ ! -s bench-results/bench_web.txt ]; then
  echo "bench/web.rs printed no BENCH lines; see bench-results/bench_web.log" >&2
fi

# Every section, the new ones (metrics import vs PapaParse, the BENCH lines above with their
# targets, the main bundle) after the existing ones.
SOP_BENCH_WEB=bench-results/bench_web.txt node bench/bench.mjs
