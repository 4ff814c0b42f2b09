#!/usr/bin/env bash
# Prints the speed and size figures (release build, headless Chromium). Not a test: no pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
node tests/bench/bench.mjs
