#!/usr/bin/env bash
# Serve the app on http://127.0.0.1:8080 (installs whatever is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
echo "Store Ops Planner: http://127.0.0.1:8080/"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
