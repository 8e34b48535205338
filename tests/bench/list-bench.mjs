// Benchmark of the connectors list in headless Chromium: 2,000 connectors (LIST_N) served by a
// RELEASE sim-server, the release build in dist/ (BENCH_DIST to measure another build, e.g.
// one of main's code). It prints numbers and asserts nothing.
//
//  - navigation → first screen of rows, and the time from the last list answer to those rows;
//  - every poll: wall time from the poll's start to the first animation frame after its data
//    was set (the DOM is patched by then), and main-thread time from a CDP trace (every task
//    on the page's main thread between the two, the frame that paints the patch included),
//    the longest of those tasks, and long tasks (≥ 50 ms) seen by a PerformanceObserver;
//    first polls where nothing changed, then polls where 1 % of the connectors changed state
//    (sim-server's `/__sim/churn`), from the third poll on (the list worker, started at the
//    second, answers from then on; the count of polls it answered is printed);
//  - the same polls (1 % changed) with no DevTools client attached: CDP's Network domain, which
//    Playwright always enables, makes every fetch() record its initiator and inflates the
//    main thread; so one more page runs in a Chromium of its own that records a trace from
//    startup (`--trace-startup`), read afterwards: main-thread time and the script within it;
//  - SOAK_MINUTES=N (not by default): the list polling every second for N minutes with 1 %
//    changing per poll, JS heap and wasm memory (the page's and the list worker's) at the start and the end.
//
// Run: `node tests/bench/list-bench.mjs` after scripts/build.sh and
// `cargo build --release --bin sim-server`. Also run by form-bench.mjs (`npm run bench`).
import { chromium } from 'playwright';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const SIM = process.env.SIM_SERVER || path.join(targetDir, 'release/sim-server');
const DIST = process.env.BENCH_DIST || 'dist';
const PORT = Number(process.env.LIST_BENCH_PORT || 8798);
const N = Number(process.env.LIST_N || 2000);
const RUNS = Number(process.env.LIST_RUNS || process.env.BENCH_RUNS || 3);
const QUIET_POLLS = Number(process.env.LIST_QUIET_POLLS || 2);
const CHURN_POLLS = Number(process.env.LIST_CHURN_POLLS || 4);
const CHURN = Math.max(1, Math.round(N / 100));
const SOAK_MINUTES = Number(process.env.SOAK_MINUTES || 0);
// A list worker's wasm memory, read in the worker (its loader keeps it as `__ccWasmMemory`).
const WORKER_WASM = 'self.__ccWasmMemory ? self.__ccWasmMemory.buffer.byteLength : 0';

if (!fs.existsSync(SIM)) {
  console.error(`list-bench: ${SIM} is missing: run \`cargo build --release --bin sim-server\` first`);
  process.exit(1);
}
const server = spawn(SIM, ['--port', String(PORT), '--dist', DIST, '--config', 'tests/e2e/config.e2e.json',
  '--bench-connectors', String(N)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));
const base = `http://127.0.0.1:${PORT}`;
const control = (q) => fetch(`${base}/__sim/${q}`, { method: 'POST' });

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const max = (xs) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
const ms = (n) => `${Number.isFinite(n) ? n.toFixed(1) : '–'} ms`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;

// Before the app starts: a frame mark after every poll mark for builds whose own mark comes
// before the DOM update (main before this benchmark), the first screen of rows, long tasks,
// and the wasm memory (captured from the instantiation, so it works with any build).
const INIT = () => {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    const r = mark(name, ...rest);
    if (name === 'cc-poll-rendered' && performance.getEntriesByName('cc-poll-data').length === 0) {
      requestAnimationFrame(() => mark('bench-poll-frame'));
    }
    return r;
  };
  window.__longtasks = [];
  try {
    new PerformanceObserver((l) => window.__longtasks.push(...l.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))))
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no long-task timing */ }
  const keep = (r) => { const i = r.instance || r; if (i && i.exports && i.exports.memory) window.__wasmMemory = i.exports.memory; return r; };
  const is = WebAssembly.instantiateStreaming, inst = WebAssembly.instantiate;
  if (is) WebAssembly.instantiateStreaming = (...a) => is.apply(WebAssembly, a).then(keep);
  WebAssembly.instantiate = (...a) => inst.apply(WebAssembly, a).then(keep);
  const seen = () => {
    const rows = document.querySelectorAll('tbody tr[data-name]').length;
    if (rows >= 15 && !window.__firstRows) {
      window.__firstRows = true;
      requestAnimationFrame(() => mark('bench-first-rows'));
    }
    return window.__firstRows;
  };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true });
};

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});

/** Marks of the page, in order: name → [startTime…]. */
const marks = (page) => page.evaluate(() => {
  const out = {};
  for (const e of performance.getEntriesByType('mark')) (out[e.name] ||= []).push(e.startTime);
  return out;
});

/** Wall time of each poll: start → the first frame after its data was set. */
function pollWalls(m) {
  const starts = m['cc-poll-start'] || [];
  const ends = m['cc-poll-data'] ? (m['cc-poll-rendered'] || []) : (m['bench-poll-frame'] || []);
  return starts.map((s) => [s, ends.find((e) => e > s)]).filter(([, e]) => e !== undefined);
}

/** Main-thread tasks from a trace: [{ts, end}] in µs, and the user-timing marks by name. */
function readTrace(buf) {
  const events = JSON.parse(buf.toString()).traceEvents;
  // The renderer's main thread: where our marks are.
  const markEvents = events.filter((e) => e.cat && e.cat.includes('blink.user_timing') && (e.name.startsWith('cc-') || e.name.startsWith('bench-')));
  const tid = markEvents[0]?.tid, pid = markEvents[0]?.pid;
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'RunTask' && e.dur > 0)
    .map((e) => ({ ts: e.ts, end: e.ts + e.dur }))
    .sort((a, b) => a.ts - b.ts);
  const tmarks = {};
  for (const e of markEvents) (tmarks[e.name] ||= []).push(e.ts);
  for (const k of Object.keys(tmarks)) tmarks[k].sort((a, b) => a - b);
  return { tasks, tmarks };
}

/** Main-thread time (ms) and longest task (ms) from `from` to the end of the task holding `to` (µs). */
function mainThread(tasks, from, to) {
  let sum = 0, longest = 0;
  for (const t of tasks) {
    if (t.end <= from || t.ts > to) continue;
    const d = (t.end - Math.max(t.ts, from)) / 1000;
    sum += d;
    longest = Math.max(longest, d);
  }
  return { sum, longest };
}

const results = { nav_first_rows: [], after_data: [], data_at: [], rows_in_dom: [],
  quiet_wall: [], quiet_main: [], quiet_longest: [], churn_wall: [], churn_main: [], churn_longest: [], long_tasks: [] };

async function waitPolls(page, n) {
  await page.waitForFunction((n) => {
    const m = performance.getEntriesByName(performance.getEntriesByName('cc-poll-data').length ? 'cc-poll-rendered' : 'bench-poll-frame');
    return m.length >= n;
  }, n, { timeout: 120_000, polling: 200 });
}

try {
  for (let run = 0; run < RUNS; run++) {
    await control('reset?seed=none');
    await control('churn?count=0&mount=bench');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${base}/connectors?backend=bench`);
    await page.waitForFunction(() => performance.getEntriesByName('bench-first-rows').length > 0, null, { timeout: 60_000 });
    await waitPolls(page, 1);
    const first = await page.evaluate(() => {
      const lists = performance.getEntriesByType('resource').filter((r) => /\/api\/bench\/(sources|destinations)\?/.test(r.name));
      const firstRows = performance.getEntriesByName('bench-first-rows')[0].startTime;
      const before = lists.filter((r) => r.responseEnd <= firstRows);
      return {
        firstRows,
        dataAt: Math.max(...before.map((r) => r.responseEnd)),
        firstRequest: Math.min(...lists.map((r) => r.startTime)),
        requests: before.length,
        rows: document.querySelectorAll('tbody tr[data-name]').length,
      };
    });
    results.nav_first_rows.push(first.firstRows);
    results.data_at.push(first.dataAt);
    results.after_data.push(first.firstRows - first.dataAt);
    results.rows_in_dom.push(first.rows);
    if (run === 0) {
      console.log(`list: ${N} connectors; first list request at ${ms(first.firstRequest)}, ${first.requests} list requests before the first rows; ${first.rows} rows in the DOM`);
    }

    // Polls: quiet ones, then ones where 1 % changes, traced — from the third poll on, which
    // the list worker (started at the second) answers, in builds that have it.
    await waitPolls(page, 2);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'] });
    const already = (await marks(page))['cc-poll-start'].length;
    await waitPolls(page, already + QUIET_POLLS);
    await control(`churn?count=${CHURN}&mount=bench`);
    await waitPolls(page, already + QUIET_POLLS + CHURN_POLLS);
    const trace = readTrace(await browser.stopTracing());
    await control('churn?count=0&mount=bench');
    const m = await marks(page);
    const walls = pollWalls(m);
    // In the trace: the same polls by their marks (trace clock, µs).
    const tStarts = trace.tmarks['cc-poll-start'] || [];
    const tEnds = trace.tmarks['cc-poll-data'] ? trace.tmarks['cc-poll-rendered'] : trace.tmarks['bench-poll-frame'];
    const traced = tStarts.map((s) => [s, (tEnds || []).find((e) => e > s)]).filter(([, e]) => e !== undefined);
    // Traced polls are the last ones: align them with the page's list of polls.
    const offset = walls.length - traced.length;
    const inWorker = trace.tmarks['cc-poll-in-worker'] || [];
    traced.forEach(([s, e], i) => {
      const [ws, we] = walls[offset + i];
      results.polls_traced = (results.polls_traced || 0) + 1;
      if (inWorker.some((t) => t >= s && t <= e)) results.polls_in_worker = (results.polls_in_worker || 0) + 1;
      const { sum, longest } = mainThread(trace.tasks, s, e);
      // The churn control is sent while the poll loop waits, so the poll after it is the
      // first to see 1 % changed (the simulator flips them when its first page is asked for).
      const quiet = i < QUIET_POLLS;
      const churned = !quiet;
      if (quiet) { results.quiet_wall.push(we - ws); results.quiet_main.push(sum); results.quiet_longest.push(longest); }
      if (churned) { results.churn_wall.push(we - ws); results.churn_main.push(sum); results.churn_longest.push(longest); }
    });
    const long = await page.evaluate(() => window.__longtasks);
    const firstRows = results.nav_first_rows.at(-1);
    results.long_tasks.push(long.filter((t) => t.start > firstRows).length);
    await cdp.detach();
    await context.close();
  }

  console.log(`\nConnector list benchmark (${RUNS} runs, ${N} connectors, release sim-server, headless Chromium, dist: ${DIST})`);
  console.log(`  navigation → first screen of rows:                 median ${ms(median(results.nav_first_rows))}`);
  console.log(`  last list answer received (since navigation):      median ${ms(median(results.data_at))}`);
  console.log(`  last list answer → first screen of rows:           median ${ms(median(results.after_data))}`);
  console.log(`  rows in the DOM after the first render:            median ${median(results.rows_in_dom)}`);
  console.log(`  poll, nothing changed: wall (start → patched frame) median ${ms(median(results.quiet_wall))}; main thread median ${ms(median(results.quiet_main))}, longest task ${ms(max(results.quiet_longest))}`);
  console.log(`  poll, 1 % changed (${CHURN}):  wall (start → patched frame) median ${ms(median(results.churn_wall))}; main thread median ${ms(median(results.churn_main))}, longest task ${ms(max(results.churn_longest))}`);
  console.log(`  long tasks (≥ 50 ms) after the first rows, per run: ${results.long_tasks.join(', ')}`);
  console.log(`  traced polls answered by the list worker (the rest polled in the page): ${results.polls_in_worker || 0} of ${results.polls_traced || 0}`);
  const clean = await untracedPolls();
  if (clean) {
    console.log(`  poll, 1 % changed, no DevTools attached (${clean.polls} polls, ${clean.inWorker} by the list worker): main thread median ${ms(clean.main)}, of it script ${ms(clean.script)}; longest task ${ms(clean.longest)}`);
    console.log(`    rendering per poll (mean, ms): ${clean.rendering || 'none traced'}`);
  }

  if (SOAK_MINUTES > 0) await soak();
} finally {
  await browser.close();
  server.kill();
}

/** Polls with 1 % changed, traced by Chromium itself from startup (no DevTools client). */
async function untracedPolls() {
  const SECS = 12;
  await control('reset?seed=none');
  await control(`churn?count=${CHURN}&mount=bench`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-list-bench-'));
  const file = path.join(tmp, 'trace.json');
  const proc = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${tmp}/profile`,
    '--window-size=1280,900', '--trace-startup-format=json', `--trace-startup-duration=${SECS}`, `--trace-startup-file=${file}`,
    '--trace-startup=devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,toplevel,v8.execute',
    `${base}/connectors?backend=bench&refresh=1`], { stdio: 'ignore' });
  let events = null;
  for (let waited = 0; !events && waited < (SECS + 60) * 1000; waited += 500) {
    await new Promise((r) => setTimeout(r, 500));
    try { events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents; } catch { /* not written yet */ }
  }
  const exited = new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  proc.kill();
  await exited;
  await control('churn?count=0&mount=bench');
  try { fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }); } catch { /* a temp dir left behind */ }
  if (!events) { console.log('  (no startup trace from Chromium: the untraced polls are left out)'); return null; }
  // LIST_TRACE_FILE=path keeps the trace's events (for a look at what one poll costs).
  if (process.env.LIST_TRACE_FILE) fs.writeFileSync(process.env.LIST_TRACE_FILE, JSON.stringify(events));
  const markEvents = events.filter((e) => e.cat && e.cat.includes('blink.user_timing') && e.name.startsWith('cc-'));
  const tid = markEvents[0]?.tid, pid = markEvents[0]?.pid;
  const onMain = (e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur > 0;
  const tasks = events.filter((e) => onMain(e) && e.name === 'RunTask').map((e) => ({ ts: e.ts, end: e.ts + e.dur }));
  const SCRIPT = new Set(['FunctionCall', 'v8.callFunction', 'EvaluateScript', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame']);
  const script = events.filter((e) => onMain(e) && SCRIPT.has(e.name)).sort((a, b) => a.ts - b.ts);
  const at = (n) => markEvents.filter((e) => e.name === n).map((e) => e.ts).sort((a, b) => a - b);
  const ends = at('cc-poll-rendered');
  const mains = [], scripts = [], longs = [];
  // Rendering work inside those tasks, by kind (summed over the polls, then divided by them).
  const KINDS = { UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'pre-paint', Paint: 'paint',
    Layerize: 'layerize', Commit: 'commit', HitTest: 'hit test', ParseHTML: 'parse HTML' };
  const kinds = {};
  let inWorker = 0;
  // The first poll is the page's first load; the rest poll a list that is on screen.
  for (const s of at('cc-poll-start').slice(1)) {
    const e = ends.find((x) => x > s);
    if (e === undefined) continue;
    const { sum, longest } = mainThread(tasks, s, e);
    let busy = 0, until = 0;
    for (const f of script) {
      if (f.ts < s || f.ts > e || f.ts < until) continue;
      busy += f.dur / 1000;
      until = f.ts + f.dur;
    }
    mains.push(sum); scripts.push(busy); longs.push(longest);
    // Within the tasks counted above (the frame that paints the patch starts before `e`).
    const inTasks = tasks.filter((t) => t.end > s && t.ts < e);
    for (const f of events) {
      const k = KINDS[f.name];
      if (k && onMain(f) && inTasks.some((t) => f.ts >= t.ts && f.ts < t.end)) kinds[k] = (kinds[k] || 0) + f.dur / 1000;
    }
    if (at('cc-poll-in-worker').some((t) => t >= s && t <= e)) inWorker++;
  }
  if (!mains.length) { console.log('  (the startup trace holds no complete poll)'); return null; }
  const rendering = Object.entries(kinds).sort((a, b) => b[1] - a[1])
    .map(([k, t]) => `${k} ${(t / mains.length).toFixed(1)}`).join(', ');
  return { polls: mains.length, inWorker, main: median(mains), script: median(scripts), longest: max(longs), rendering };
}

// The wasm memory of the shared workers (the list worker is one where the browser has them):
// Playwright lists only dedicated workers, so this asks each through the browser's own CDP session.
async function sharedWorkersWasm() {
  const cdp = await browser.newBrowserCDPSession();
  let total = 0;
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    for (const t of targetInfos.filter((x) => x.type === 'shared_worker')) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      const answer = new Promise((resolve) => {
        const on = (e) => {
          const m = JSON.parse(e.message);
          if (e.sessionId !== sessionId || m.id !== 1) return;
          cdp.off('Target.receivedMessageFromTarget', on);
          resolve(m.result?.result?.value || 0);
        };
        cdp.on('Target.receivedMessageFromTarget', on);
      });
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1,
        method: 'Runtime.evaluate', params: { expression: WORKER_WASM, returnByValue: true } }) });
      total += await Promise.race([answer, new Promise((r) => setTimeout(() => r(0), 5000))]);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
  return total;
}

async function soak() {
  await control('reset?seed=none');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${base}/connectors?backend=bench&refresh=1`);
  await waitPolls(page, 3);
  await control(`churn?count=${CHURN}&mount=bench`);
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    const page_ = await page.evaluate(() => ({
      wasm: window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : NaN,
      polls: performance.getEntriesByName('cc-poll-start').length,
      rows: document.querySelectorAll('tbody tr[data-name]').length,
    }));
    // The list worker's wasm memory (its loader keeps it reachable as `__ccWasmMemory`).
    const inWorkers = await Promise.all(page.workers().map((w) => w.evaluate(WORKER_WASM).catch(() => 0)));
    const workerWasm = inWorkers.reduce((a, b) => a + b, 0) + await sharedWorkersWasm();
    return { heap: heap.usedSize, heapTotal: heap.totalSize, nodes: metrics.Nodes, listeners: metrics.JSEventListeners, workerWasm, ...page_ };
  };
  const start = await sample();
  const t0 = Date.now();
  const samples = [start];
  while (Date.now() - t0 < SOAK_MINUTES * 60_000) {
    await new Promise((r) => setTimeout(r, Math.min(60_000, SOAK_MINUTES * 60_000 - (Date.now() - t0))));
    samples.push(await sample());
    const s = samples.at(-1);
    console.log(`  soak ${((Date.now() - t0) / 60000).toFixed(1)} min: JS heap ${mb(s.heap)}, wasm ${mb(s.wasm)}, list worker wasm ${mb(s.workerWasm)}, DOM nodes ${s.nodes}, polls ${s.polls}`);
  }
  const end = samples.at(-1);
  console.log(`\nSoak: ${SOAK_MINUTES} min, ${N} connectors polled every second, ${CHURN} changing per poll (${end.polls - start.polls} polls)`);
  console.log(`  JS heap (after GC):  start ${mb(start.heap)}, end ${mb(end.heap)} (${end.heap >= start.heap ? '+' : ''}${mb(end.heap - start.heap)})`);
  console.log(`  wasm memory:         start ${mb(start.wasm)}, end ${mb(end.wasm)} (${end.wasm >= start.wasm ? '+' : ''}${mb(end.wasm - start.wasm)})`);
  console.log(`  list worker's wasm:  start ${mb(start.workerWasm)}, end ${mb(end.workerWasm)} (${end.workerWasm >= start.workerWasm ? '+' : ''}${mb(end.workerWasm - start.workerWasm)})`);
  console.log(`  DOM nodes:           start ${start.nodes}, end ${end.nodes}; JS event listeners: start ${start.listeners}, end ${end.listeners}`);
  await control('churn?count=0&mount=bench');
  await context.close();
}
