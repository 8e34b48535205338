// Benchmark of the heavy paths in headless Chromium against the release build:
//  - a synthetic 1,000-field form: its first screen of fields, every field in, and per-keystroke
//    cost;
//  - then the connectors list (tests/bench/list-bench.mjs: 2,000 connectors, first rows, polls,
//    main-thread time per poll; it needs `cargo build --release --bin sim-server`).
// Reports numbers only; nothing here is asserted. Run: `npm run bench` after scripts/build.sh.
import { chromium } from 'playwright';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PORT = Number(process.env.BENCH_PORT || 8797);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const server = spawn(path.join(root, 'target/debug/sim-server'),
  ['--port', String(PORT), '--dist', 'dist', '--config', 'tests/e2e/config.e2e.json'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const fmt = (n) => `${n.toFixed(1)} ms`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const base = `http://127.0.0.1:${PORT}`;
const results = { form_first_render_ms: [], form_load_ms: [], form_complete_ms: [], form_complete_load_ms: [], keystroke_ms: [], keystroke_to_frame_ms: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/new?kind=sources&type=synthetic1000&backend=bench`);
    // A large form shows its first screen of fields (`cc-form-rendered`), then adds the rest
    // a chunk per task (`cc-form-complete` once every field is in).
    await page.waitForFunction(() => performance.getEntriesByName('cc-form-complete').length > 0, null, { timeout: 60_000 });
    const t = await page.evaluate(() => ({
      start: performance.getEntriesByName('cc-form-start')[0].startTime,
      end: performance.getEntriesByName('cc-form-rendered')[0].startTime,
      complete: performance.getEntriesByName('cc-form-complete')[0].startTime,
      fields: document.querySelectorAll('.field[data-key]').length,
    }));
    results.form_first_render_ms.push(t.end - t.start);
    results.form_load_ms.push(t.end);
    results.form_complete_ms.push(t.complete - t.start);
    results.form_complete_load_ms.push(t.complete);
    // Per keystroke: the input event handler (signal update, DOM patch) and until the next frame.
    const keys = await page.evaluate(async () => {
      const input = document.querySelector('.field[data-key="synthetic.field.0504"] input');
      const sync = [], frame = [];
      for (let i = 0; i < 100; i++) {
        const t0 = performance.now();
        input.value += 'x';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        sync.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => r()));
        frame.push(performance.now() - t0);
      }
      return { sync, frame };
    });
    results.keystroke_ms.push(...keys.sync);
    results.keystroke_to_frame_ms.push(...keys.frame);
    if (run === 0) console.log(`form: ${t.fields} fields rendered`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(`\nConnector Console benchmark (${RUNS} runs, headless Chromium, release build)`);
console.log(`  1,000-field form, first screen of fields (component start → effects run): median ${fmt(median(results.form_first_render_ms))}`);
console.log(`  1,000-field form, every field in (component start → last chunk built):   median ${fmt(median(results.form_complete_ms))}`);
console.log(`  1,000-field form, navigation → first screen (incl. wasm + fetches):      median ${fmt(median(results.form_load_ms))}`);
console.log(`  1,000-field form, navigation → every field in:                          median ${fmt(median(results.form_complete_load_ms))}`);
console.log(`  keystroke in a 1,000-field form (input handler):                      median ${fmt(median(results.keystroke_ms))}, p95 ${fmt(pct(results.keystroke_ms, 0.95))}`);
console.log(`  keystroke to next frame:                                               median ${fmt(median(results.keystroke_to_frame_ms))}, p95 ${fmt(pct(results.keystroke_to_frame_ms, 0.95))}`);
console.log('');
const list = spawnSync(process.execPath, [path.join(root, 'tests/bench/list-bench.mjs')], { cwd: root, stdio: 'inherit' });
process.exitCode = list.status ?? 1;
