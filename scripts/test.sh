#!/usr/bin/env bash
# Command 2 of the README (and what CI runs): set up (idempotent), then run every check and
# test: formatting, clippy, native tests, browser tests, the release build with its bundle
# size, end-to-end tests in headless Chromium, and the benchmark (numbers only).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# The shared public fixtures, when this checkout sits beside them, feed the conformance tests.
if [ -z "${CONNECTOR_CONSOLE_SHARED_FIXTURES:-}" ] && [ -d ../shared/fixtures ]; then
  export CONNECTOR_CONSOLE_SHARED_FIXTURES="$PWD/../shared/fixtures"
fi

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all -- --check
step "clippy (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step "clippy for the shipped build and each single-vendor one (wasm32, simulators in the page, in the worker, none)"
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features \
  --features streamkap,kafka-connect,confluent-cloud,laminar,sim-worker,poll-worker,split -- -D warnings
for vendor in streamkap kafka-connect confluent-cloud laminar; do
  for extra in "" ",simulators" ",sim-worker" ",poll-worker"; do
    echo "  --no-default-features --features $vendor$extra"
    cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features \
      --features "$vendor$extra" -- -D warnings
  done
done
step "native tests (pure core, simulator, conformance)"
cargo test
step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web
step "release builds: the default and each single-vendor one (bundle sizes below)"
scripts/build.sh
step "end-to-end tests (Playwright, headless Chromium)"
npx playwright test -c tests/e2e/playwright.config.mjs
step "benchmark (reports numbers; asserts nothing)"
cargo build --quiet --release --bin sim-server   # timings against a release server
BENCH_RUNS="${BENCH_RUNS:-3}" node tests/bench/form-bench.mjs
COMPARE_RUNS="${COMPARE_RUNS:-3}" node tests/bench/compare.mjs
step "all checks passed"
