// Where the Playground's first render goes, phase by phase (not part of the test command):
// the same page and generated schemas the side-by-side benchmark (compare.mjs) opens, fresh
// Chromium context per run, medians. It prints numbers and asserts nothing.
//
//   wasm in         navigation → the wasm's response ended (Resource Timing)
//   app running     → the Playground's component started (`__bench.marks.scriptStart`):
//                   the wasm's compile and instantiation, the loader, `start()`, routing
//   schema in       → the linked schema was read (`schemaLoaded`; fetched by the loader)
//   first screen    → the task after the first frame with the form in it (`firstScreen`): a
//                   large form (over 200 fields) shows its first screen of fields, then adds
//                   the rest a chunk per task; for a smaller one this is the first render
//   form built      → the animation frame after the form was built (`raf`): the shell's paint
//                   the page waits for, then the build
//   painted         → the task after that frame (`firstRender`): style, layout and paint
//   FCP             first contentful paint (the shell)
//
// Run: `node tests/bench/startup.mjs` after scripts/build.sh and
// `cargo build --release --bin sim-server`. STARTUP_N=100,1000 STARTUP_RUNS=5 BENCH_DIST=dist.
import { chromium } from 'playwright';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const SIM = process.env.SIM_SERVER || path.join(targetDir, 'release/sim-server');
const DIST = path.resolve(root, process.env.BENCH_DIST || 'dist');
const SIZES = (process.env.STARTUP_N || '100,1000').split(',').map(Number);
const RUNS = Number(process.env.STARTUP_RUNS || 5);
const PORT = Number(process.env.STARTUP_PORT || 8797);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

if (!fs.existsSync(SIM)) {
  console.error(`startup: ${SIM} is missing: run \`cargo build --release --bin sim-server\` first`);
  process.exit(1);
}
if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`startup: ${DIST}/index.html is missing: run scripts/build.sh first`);
  process.exit(1);
}
// A copy of the build with the generated schemas beside index.html, as compare.mjs does.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-startup-'));
fs.cpSync(DIST, dir, { recursive: true });
for (const n of SIZES) {
  const made = spawnSync('node', [path.join(root, 'tests/bench/rjsf/gen_schema.mjs'), String(n), path.join(dir, `schema-${n}.json`)], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`gen_schema.mjs failed: ${made.stderr}`);
}
const server = spawn(SIM, ['--port', String(PORT), '--dist', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

const median = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const ms = (n) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '–');
try {
  console.log(`\nPlayground first render by phase (${RUNS} runs per size, fresh context each, medians; dist: ${DIST})`);
  console.log('| N | wasm in | app running | schema in | first screen of fields | form built (frame) | painted (first render) | FCP |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const n of SIZES) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/playground?schema=schema-${n}.json`);
      await page.waitForFunction(() => window.__bench && window.__bench.ready, null, { timeout: 120_000 });
      runs.push(await page.evaluate(() => {
        const m = window.__bench.marks;
        const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return { wasm: wasm ? wasm.responseEnd : NaN, app: m.scriptStart, schema: m.schemaLoaded, screen: m.firstScreen, raf: m.raf, first: m.firstRender, fcp: fcp ? fcp.startTime : NaN };
      }));
      await context.close();
    }
    const at = (k) => median(runs.map((x) => x[k]));
    const step = (k, prev) => median(runs.map((x) => x[k] - x[prev]));
    console.log(`| ${n} | ${ms(at('wasm'))} | ${ms(at('app'))} (+${ms(step('app', 'wasm'))}) | ${ms(at('schema'))} (+${ms(step('schema', 'app'))}) | ` +
      `${ms(at('screen'))} (+${ms(step('screen', 'schema'))}) | ${ms(at('raf'))} (+${ms(step('raf', 'schema'))}) | ${ms(at('first'))} (+${ms(step('first', 'raf'))}) | ${ms(at('fcp'))} |`);
  }
  console.log('(times since navigation; in brackets the median of each run\'s step from the phase before)');
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
