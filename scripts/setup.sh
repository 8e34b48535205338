#!/usr/bin/env bash
# Installs everything Connector Console needs to build, run and test, idempotently.
# Safe to run again: every step checks first and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release builds compile the standard library with the app (scripts/split.mjs: -Z build-std).
if ! rustup component list --installed | grep -q '^rust-src'; then
  log "adding the rust-src component (release builds compile std for size)"
  rustup component add rust-src
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked on purpose: a yanked transitive dependency breaks --locked.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! twiggy --version 2>/dev/null | grep -q "0.7.0"; then
  log "installing twiggy 0.7.0 (the build prints the wasm's largest items)"
  cargo install twiggy --version 0.7.0 --locked
fi

# The release builds split the app by page (scripts/split.mjs). `wasm-split-cli --version` does not
# exist: cargo's own record of installed crates says which version is there.
if ! cargo install --list | grep -q '^wasm_split_cli_support v0.2.4:'; then
  log "installing wasm-split-cli 0.2.4 (release builds load each page's code when it is shown)"
  cargo install wasm_split_cli_support --version 0.2.4 --locked --features build-binary
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromedriver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (binaryen's wasm-opt, playwright-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

log "fetching crates"
cargo fetch --quiet
log "ready"
