#!/usr/bin/env bash
# Runs every test: native (cargo test), browser (wasm-bindgen-test in headless Chromium) and
# end-to-end (Playwright driving Chromium against the release build). Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
# Property tests draw the same cases on every run (a test that passes only on lucky draws is a
# failing test); scripts/fuzz.sh and a manual PROPTEST_RNG_SEED=... explore further.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261205}"

step() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings

step "native tests (cargo test)"
cargo test --quiet

step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "release build (trunk build --release)"
trunk build --release
node scripts/check_bundle.mjs dist 315

step "end-to-end tests (Playwright, node --test)"
node --test --test-concurrency=1 tests/e2e/
