// Side by side with react-jsonschema-form: the shared driver (tests/bench/rjsf/, copied
// unchanged from the rjsf anchor benchmark) measures rjsf's page and this app's Playground
// (`index.html?schema=schema-N.json`) with the same generated schemas, in the same Chromium,
// alternating runs, and prints one table with the ratio (this app / rjsf) per figure.
// Numbers only; nothing is asserted. Needs the release build in dist/ (scripts/build.sh).
//
// Then, apart from the driver (whose timings start at the keydown and so include the
// browser's own text editing and layout), "script per key": the same 20 keystrokes into the
// same field of each page under a CDP CPU profile, the sampled JavaScript and wasm time (GC
// included; idle and the browser's native work excluded) divided by the keys.
//
//   node tests/bench/compare.mjs            COMPARE_RUNS=5 COMPARE_SIZES=100,1000 COMPARE_PROFILE_RUNS=3
//
// The rjsf page is built once into $RJSF_BENCH_DIR/run (default /tmp/rjsf-bench, npm ci +
// vite build, about a minute) and reused while its sources are unchanged.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupFiles, firstLoadFiles } from '../../scripts/split.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DRIVER = path.join(root, 'tests/bench/rjsf');
const WORK = path.join(process.env.RJSF_BENCH_DIR || '/tmp/rjsf-bench', 'run');
const APP = path.join(process.env.RJSF_BENCH_DIR || '/tmp/rjsf-bench', 'app');
const RUNS = Number(process.env.COMPARE_RUNS || 5);
const SIZES = (process.env.COMPARE_SIZES || '100,1000').split(',').map(Number);
const PROFILE_RUNS = Number(process.env.COMPARE_PROFILE_RUNS ?? 3);
// The keystroke target: the generated schema's top-level field, by its key, also where a large
// form puts its fields in blocks (`.fields > .field-block > .field`); `{name}` once (the driver
// replaces the first only).
const SELECTOR = '.pg-form .schema-form > .fields [data-key="{name}"]:not(.sf-group *) input';

const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });

// 1. rjsf's page, built once per version of its sources.
const files = ['package.json', 'package-lock.json', 'bench.mjs', 'gen_schema.mjs', 'hook.js', 'serve.mjs', 'index.html', 'vite.config.mjs', 'src/main.jsx', 'src/style.css'];
const stamp = createHash('sha256').update(files.map((f) => readFileSync(path.join(DRIVER, f))).join('\0')).digest('hex');
if (!existsSync(path.join(WORK, 'dist/index.html')) || !existsSync(path.join(WORK, '.stamp')) || readFileSync(path.join(WORK, '.stamp'), 'utf8') !== stamp) {
  console.error(`== building the rjsf page in ${WORK}`);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  for (const f of readdirSync(DRIVER)) cpSync(path.join(DRIVER, f), path.join(WORK, f), { recursive: true });
  sh('npm', ['ci', '--no-audit', '--no-fund'], { cwd: WORK, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  sh('node', ['node_modules/vite/bin/vite.js', 'build'], { cwd: WORK });
  writeFileSync(path.join(WORK, '.stamp'), stamp);
}

// 2. This app's release build, copied so the schemas sit beside index.html as for rjsf.
if (!existsSync(path.join(root, 'dist/index.html'))) throw new Error('dist/ is missing: run scripts/build.sh first');
rmSync(APP, { recursive: true, force: true });
cpSync(path.join(root, 'dist'), APP, { recursive: true });
const targets = {};
for (const n of SIZES) {
  for (const dir of [path.join(WORK, 'dist'), APP]) {
    // gen_schema.mjs names the field the driver types into ("keystroke target").
    const said = spawnSync('node', [path.join(WORK, 'gen_schema.mjs'), String(n), path.join(dir, `schema-${n}.json`)], { encoding: 'utf8' });
    if (said.status !== 0) throw new Error(`gen_schema.mjs failed: ${said.stderr}`);
    targets[n] = `${said.stdout}${said.stderr}`.match(/keystroke target "([^"]+)"/)?.[1];
    if (!targets[n]) throw new Error(`gen_schema.mjs did not name its keystroke target: ${said.stderr}`);
  }
}
// Only what a first load of the Playground fetches counts as bundle: the wasm, its JS and the
// CSS (not the embedding example or embed.js).
const BUNDLE = path.join(path.dirname(APP), 'app-bundle');
rmSync(BUNDLE, { recursive: true, force: true });
mkdirSync(BUNDLE);
for (const f of readdirSync(APP)) {
  if (/^(connector-console|connector_console|boot|main|standalone)-.*\.(js|wasm|css)$/.test(f)) cpSync(path.join(APP, f), path.join(BUNDLE, f));
}
// A build split by groups of pages (scripts/split.mjs): its main module, the Playground's group
// and the default backend's vendor's module, as a first load of the Playground fetches them.
const splitDir = readdirSync(APP).find((f) => /^app-[0-9a-f]+$/.test(f));
if (splitDir) {
  const files = readdirSync(path.join(APP, splitDir));
  const groups = groupFiles(readFileSync(path.join(APP, splitDir, '__wasm_split.js'), 'utf8'), files);
  mkdirSync(path.join(BUNDLE, splitDir));
  const config = readFileSync(path.join(APP, 'config.json'), 'utf8');
  for (const f of firstLoadFiles(groups, groups.playground ? 'playground' : 'forms', config)) {
    cpSync(path.join(APP, splitDir, f), path.join(BUNDLE, splitDir, f));
  }
}

// 3. Both served by the driver's own static server (no compression, no-store).
async function serve(dir) {
  const p = spawn('node', [path.join(WORK, 'serve.mjs'), dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    p.stdout.once('data', (d) => resolve(String(d).trim()));
    p.once('exit', (c) => reject(new Error(`serve.mjs exited ${c}`)));
  });
  return { p, url };
}
const rjsf = await serve(path.join(WORK, 'dist'));
const app = await serve(APP);

// 4. Alternating: per round, each size, rjsf then this app, one fresh-browser run each.
const runs = { rjsf: {}, app: {} };
const scriptPerKeyRuns = {};
const bundles = {};
try {
  for (let r = 0; r < RUNS; r++) {
    for (const n of SIZES) {
      for (const [label, srv, extra] of [['rjsf', rjsf, ['--dist', path.join(WORK, 'dist')]], ['app', app, ['--dist', BUNDLE, '--selector', SELECTOR]]]) {
        const out = path.join(path.dirname(WORK), `compare-${label}.json`);
        sh('node', [path.join(WORK, 'bench.mjs'), '--base', srv.url, '--sizes', String(n), '--runs', '1', '--label', label, '--out', out, ...extra], { cwd: WORK, stdio: ['ignore', 'ignore', 'inherit'] });
        const res = JSON.parse(readFileSync(out, 'utf8'));
        (runs[label][n] ||= []).push(res.sizes[n].runs[0]);
        bundles[label] = res.bundle;
      }
    }
  }
  // Script per key, alternating likewise (playwright-core from the driver's own install).
  const { chromium } = createRequire(path.join(WORK, 'package.json'))('playwright-core');
  for (let r = 0; r < PROFILE_RUNS; r++) {
    for (const n of SIZES) {
      const target = targets[n];
      for (const [label, srv, sel] of [['rjsf', rjsf, '#root_{name}'], ['app', app, SELECTOR]]) {
        const ms = await scriptPerKey(chromium, `${srv.url.replace(/\/?$/, '/')}index.html?schema=schema-${n}.json`, sel.replace('{name}', target));
        ((scriptPerKeyRuns[label] ||= {})[n] ||= []).push(ms);
        console.error(`[script per key] ${label} N=${n} run ${r + 1}/${PROFILE_RUNS}: ${ms.toFixed(2)} ms`);
      }
    }
  }
} finally {
  rjsf.p.kill();
  app.p.kill();
}

// 5. One table: medians over the runs, and the ratio.
const med = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const figures = [
  ['first render ms', (x) => x.firstRender],
  ['FCP ms', (x) => x.fcp],
  ['key median ms', (x) => x.key.median],
  ['key p95 ms', (x) => x.key.p95],
  ['1st key ms', (x) => x.key.first],
  ['key->commit ms', (x) => x.key.toCommitMedian],
  ['ET p95 ms', (x) => x.key.etP95],
];
const f2 = (x) => (x == null ? '-' : x.toFixed(2));
const f1 = (x) => (x == null ? '-' : (Math.round(x * 10) / 10).toString());
const ratio = (a, b) => (a == null || b == null || b === 0 ? '-' : `${(a / b).toFixed(2)}×`);
const lines = [
  `Side by side with react-jsonschema-form (${RUNS} alternating runs per size, fresh Chromium each, medians; ratio = this app / rjsf, below 1 is better)`,
  '',
  '| N | figure | this app | rjsf | ratio |',
  '|---|---|---|---|---|',
];
for (const n of SIZES) {
  const fieldsApp = runs.app[n][0]?.fields, fieldsRjsf = runs.rjsf[n][0]?.fields;
  lines.push(`| ${n} | fields rendered | ${fieldsApp} | ${fieldsRjsf} | |`);
  for (const [name, get] of figures) {
    const a = med(runs.app[n].map(get)), b = med(runs.rjsf[n].map(get));
    lines.push(`| ${n} | ${name} | ${f1(a)} | ${f1(b)} | ${ratio(a, b)} |`);
  }
}
if (PROFILE_RUNS > 0) {
  lines.push('', `Script per key (CDP CPU profile, 20 keys, ${PROFILE_RUNS} alternating runs, medians; JS + wasm + GC, not the browser's layout)`, '',
    '| N | this app ms | rjsf ms | ratio |', '|---|---|---|---|');
  for (const n of SIZES) {
    const a = med(scriptPerKeyRuns.app[n]), b = med(scriptPerKeyRuns.rjsf[n]);
    lines.push(`| ${n} | ${f2(a)} | ${f2(b)} | ${ratio(a, b)} |`);
  }
  const [lo, hi] = [Math.min(...SIZES), Math.max(...SIZES)];
  if (lo !== hi) {
    const g = (l) => ratio(med(scriptPerKeyRuns[l][hi]), med(scriptPerKeyRuns[l][lo]));
    lines.push(`| N=${hi} / N=${lo} | ${g('app')} | ${g('rjsf')} | |`);
  }
  lines.push('');
}
const kb = (b) => (b / 1024).toFixed(1);
lines.push(`| | bundle gzip-9 KB | ${kb(bundles.app.gzip9)} | ${kb(bundles.rjsf.gzip9)} | ${ratio(bundles.app.gzip9, bundles.rjsf.gzip9)} |`);
const notes = Object.entries(runs).flatMap(([l, bySize]) => Object.values(bySize).flat().flatMap((x) => x.notes.map((m) => `${l}: ${m}`)));
if (notes.length) lines.push('', 'notes:', ...[...new Set(notes)].map((m) => `  ${m}`));
console.log(lines.join('\n'));
writeFileSync(path.join(path.dirname(WORK), 'compare.json'), JSON.stringify({ runs, bundles, scriptPerKeyRuns }, null, 2));

// One fresh Chromium: load, settle, focus, then 20 keys (50 ms apart, as the driver) under a
// CPU profile; the sampled script time per key.
async function scriptPerKey(chromium, url, selector) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__bench && window.__bench.ready, null, { timeout: 120_000 });
    await page.waitForTimeout(500);
    await page.focus(selector);
    await page.waitForTimeout(200);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const text = 'orders_cdc_prod_east';
    for (const ch of text) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(300);
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    let us = 0;
    profile.samples.forEach((id, i) => {
      const name = byId.get(id).callFrame.functionName;
      if (name !== '(idle)' && name !== '(program)') us += profile.timeDeltas[i + 1] || 0;
    });
    return us / 1000 / text.length;
  } finally {
    await browser.close();
  }
}
