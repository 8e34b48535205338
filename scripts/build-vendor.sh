#!/usr/bin/env bash
# A release build of one vendor: scripts/build-vendor.sh <vendor> [<dist dir>] [--simulator]
# (vendor: streamkap, kafka-connect, confluent-cloud or laminar; dist defaults to
# target/vendor-builds/<vendor>). Without --simulator the build has no simulators at all (what a
# portal that talks to one real API ships); with it, the vendor's simulator comes as the
# sim-worker, loaded only when a simulated backend is used. A vendor with a connector list gets
# the poll-worker (loaded when a list polls). index.html names the default
# build's features, so this builds from a copy of it that names these (removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

vendor="${1:?usage: scripts/build-vendor.sh <vendor> [<dist dir>] [--simulator]}"
dist="target/vendor-builds/$vendor"
simulator=0
for arg in "${@:2}"; do
  case "$arg" in
    --simulator) simulator=1 ;;
    *) dist="$arg" ;;
  esac
done

node -e '
  const fs = require("fs");
  const [vendor, simulator] = [process.argv[1], process.argv[2] === "1"];
  let html = fs.readFileSync("index.html", "utf8");
  const main = /data-cargo-features="[^"]*,sim-worker,poll-worker"/;
  const worker = /data-cargo-features="[^"]*,sim-worker-module"/;
  const poller = /data-cargo-features="[^"]*,poll-worker-module"/;
  if (!main.test(html) || !worker.test(html) || !poller.test(html)) throw new Error("build-vendor.sh: index.html has changed shape");
  // The list worker, for a vendor with a connector list (Laminar has none).
  const poll = vendor !== "laminar";
  html = html.replace(main, `data-cargo-features="${vendor}${simulator ? ",sim-worker" : ""}${poll ? ",poll-worker" : ""}"`);
  if (simulator) {
    html = html.replace(worker, `data-cargo-features="${vendor},sim-worker-module"`);
  } else {
    html = html.replace(/\s*<!-- The simulators[^>]*-->\s*<link data-trunk rel="rust" data-bin="sim-worker"[^>]*>/, "");
    if (html.includes("data-bin=\"sim-worker\"")) throw new Error("build-vendor.sh: could not leave the sim-worker out");
  }
  if (poll) {
    html = html.replace(poller, `data-cargo-features="${vendor},poll-worker-module"`);
  } else {
    html = html.replace(/\s*<!-- The connector list[^>]*-->\s*<link data-trunk rel="rust" data-bin="poll-worker"[^>]*>/, "");
    if (html.includes("data-bin=\"poll-worker\"")) throw new Error("build-vendor.sh: could not leave the poll-worker out");
  }
  fs.writeFileSync("index.vendor.html", html);' "$vendor" "$simulator"
trap 'rm -f index.vendor.html' EXIT
node scripts/release-html.mjs index.vendor.html "target/html-$vendor"   # split by page
trunk build "target/html-$vendor/index.html" --release --dist "$dist"
