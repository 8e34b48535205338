#!/usr/bin/env bash
# Release build of the app into dist/ (prints the bundle's gzip size), the single-vendor builds
# into target/vendor-builds/<vendor>/ (without simulators: what a portal that talks to one API
# ships; their sizes are printed too), plus the sim-server.
# VENDOR_BUILDS=0 skips the single-vendor builds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

total_of() { grep -E '^\s+total\s' "$1" | awk '{print $NF == "gzip" ? $(NF-2) : $NF}'; }

# The app split by page (scripts/release-html.mjs, split.mjs), from a copy of index.html.
node scripts/release-html.mjs index.html target/html-default
trunk build target/html-default/index.html --release --dist dist 2>&1 | tee target/build-default.log
# Where the bytes go: the 20 largest items of the app's wasm (all pages, before the split and
# wasm-opt, which strips names; twiggy cannot read the split modules).
if command -v twiggy >/dev/null; then
  # Debug and name sections are not shipped (wasm-opt strips them): left out of the list.
  echo "Largest items of the wasm (twiggy top 20, raw bytes before the split and wasm-opt, custom sections left out):"
  # (No `head` in the pipe: with pipefail, the writer it cuts off would fail the build.)
  twiggy top -n 40 target/split/wasm32-unknown-unknown/release/connector_console.wasm >target/twiggy-raw.txt
  grep -v -e "custom section" -e "function names" -e "subsection" target/twiggy-raw.txt | sed -n '1,22p' \
    | tee target/twiggy-top.txt
fi
cargo build --quiet --bin sim-server

if [ "${VENDOR_BUILDS:-1}" != 0 ]; then
  summary="Bundle per build (wasm + JS + CSS, gzip -9):\n"
  summary+="  $(printf '%-44s' 'default (all vendors; simulators apart)') $(total_of target/build-default.log) bytes\n"
  for v in streamkap kafka-connect confluent-cloud laminar; do
    log="target/build-$v.log"
    scripts/build-vendor.sh "$v" >"$log" 2>&1 || { cat "$log"; exit 1; }
    summary+="  $(printf '%-44s' "$v only, no simulators") $(total_of "$log") bytes\n"
  done
  printf "\n$summary"
fi
