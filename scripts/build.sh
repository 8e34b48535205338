#!/usr/bin/env bash
# Release build of the app into dist/ (prints the bundle's gzip size), plus the sim-server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
cargo build --quiet --bin sim-server
