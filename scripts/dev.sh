#!/usr/bin/env bash
# Command 1 of the README: set up (idempotent) and serve the app with live reload on
# http://127.0.0.1:8080, running against the built-in simulated Streamkap backend.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
echo "Connector Console: http://127.0.0.1:${PORT:-8080}/ (simulated backend; Ctrl-C to stop)"
exec trunk serve --port "${PORT:-8080}" "$@"
