#!/usr/bin/env bash
# Fuzzes every parser of outside input natively (examples/fuzz.rs): plan files, CSV/TSV/HTML
# imports in UTF-8/GBK/UTF-16, mappings, parallel parts, cell values, wire bytes, xlsx/xls through
# calamine, the stored-metrics codec and store::load. Not part of CI. Exits 1 on any panic, with
# the input saved under fuzz-crashes/.
#
#   bash scripts/fuzz.sh              10,000,000 inputs (about 15-20 minutes on 2 cores)
#   bash scripts/fuzz.sh 100000       that many inputs
#   bash scripts/fuzz.sh 60s          about 60 seconds, shared by the targets
#   bash scripts/fuzz.sh 1e7 --seed 7 --target csv,plan --threads 2   (any example flag after)
#   bash scripts/fuzz.sh --replay csv fuzz-crashes/csv-1-123.bin
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --profile fuzz --features fuzz --example fuzz
bin="${CARGO_TARGET_DIR:-target}/fuzz/examples/fuzz"
args=()
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then
  case "$1" in
    *s) args+=(--seconds "${1%s}") ;;
    *) args+=(--count "$(python3 -c "print(int(float('$1')))" 2>/dev/null || echo "$1")") ;;
  esac
  shift
fi
seed_given=no
for a in "$@"; do [ "$a" = "--seed" ] && seed_given=yes; done
if [ "$seed_given" = no ]; then args+=(--seed "${FUZZ_SEED:-1}"); fi
exec "$bin" "${args[@]}" "$@"
