// Trunk post-build hook (runs on every build, in the staging directory):
//  1. moves Trunk's inline module loader into a hashed external file, boot-<hash>.js, so the
//     app runs under `script-src 'self'` (no inline script); the loader calls the library's
//     `start()` (the binary's main() mounts nothing);
//  2. writes embed.js, the stable-named entry point portals import (see the README);
//  3. gives each Web Worker — the simulated backend's and the connector list's poller (Trunk
//     names their files sim-worker.js and sim-worker_bg.wasm, poll-worker.js…, unhashed) —
//     hashed names, and writes its stable-named entry point, sim-worker_loader.js and
//     poll-worker_loader.js, which tells the page when the module cannot start;
//  4. where the page names `<meta name="cc-split-app" content="<features>" data-wasm-opt=…>`
//     (release builds: build.sh, build-vendor.sh) rather than Trunk's rust link, builds the app
//     split by groups of pages (split.mjs) and preloads it the way Trunk would;
//  5. on release builds, prints the gzip size of the first load (every wasm, JS and CSS file
//     the page loads to start) and, apart, of each worker (loaded when it is used).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { backendVendorGroup, buildSplitApp, defaultVendorGroup, firstLoadFiles } from './split.mjs';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

// The app's module: the split build's (release builds, below), or the one Trunk built and wrote
// an inline loader for. `loader` is the element the boot script takes the place of.
const splitMeta = html.match(/<meta name="cc-split-app" content="([^"]+)" data-wasm-opt="([^"]+)"\s*\/?>/);
let split = null, js, wasm, loader;
if (splitMeta) {
  split = await buildSplitApp({ root: process.cwd(), out: dir, features: splitMeta[1], opt: splitMeta[2].split(' ') });
  ({ js, wasm } = split);
  loader = splitMeta[0];
  // Trunk's preloads, for the split app's main module. It imports __wasm_split.js: preloaded
  // too, or it would queue behind the group's modules that the loader preloads.
  html = html.replace('</head>', `<link rel="modulepreload" href="./${js}" crossorigin="anonymous">`
    + `<link rel="modulepreload" href="./${split.dir}/__wasm_split.js" crossorigin="anonymous">`
    + `<link rel="preload" href="./${wasm}" crossorigin="anonymous" as="fetch" type="application/wasm"></head>`);
} else {
  const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (!inline) throw new Error('post-build: no inline module script found in index.html');
  js = inline[1].match(/from '\.\/([^']+\.js)'/)?.[1];
  wasm = inline[1].match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
  if (!js || !wasm) throw new Error('post-build: could not find the module and wasm names');
  loader = inline[0];
}
const css = fs.readdirSync(dir).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
if (!css) throw new Error('post-build: main-*.css not found');

// config.json is fetched while the wasm downloads and compiles (not after it starts), and
// handed to start() as a promise of {text} | {status} | {error}. So is a document the URL
// links (the Playground's ?schema=), left in window.__ccFirstFile for the page to take.
// A split build's loader also preloads the modules of the page the address names, so they
// download while the main module does (the page would fetch them only once the app started).
// By route: its group's files (its module, the chunks it shares, chunks.bin). Which route is in
// which group is `route_view`'s `page!` calls in src/app.rs: keep this table in step with them.
const LANDING = 'catalog';
const preload = split ? (() => {
  const routes = {
    '': LANDING, 'index.html': LANDING, catalog: LANDING,
    playground: 'playground',
    ...Object.fromEntries(['new', 'edit', 'new-profile', 'new-table'].map((r) => [r, 'forms'])),
    ...Object.fromEntries(['connectors', 'connector', 'profiles', 'tables', 'jobs', 'settings'].map((r) => [r, 'lists'])),
  };
  const map = {};
  for (const [route, group] of Object.entries(routes)) {
    if (split.groups[group]) map[route] = split.groups[group];
  }
  // And the module of the backend's vendor (src/vendor.rs `verbs!`: `vendor_<dialect>`), once
  // config.json says which backend the address (?backend=) or the default names.
  const vendors = Object.fromEntries(Object.entries(split.groups).filter(([g]) => g.startsWith('vendor_')));
  return `const pages = ${JSON.stringify(map)};
const vendors = ${JSON.stringify(vendors)};
const preload = (files) => {
  for (const f of files || []) {
    if (document.querySelector(\`link[data-cc-preload="\${f}"]\`)) continue;
    const link = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous' });
    link.dataset.ccPreload = f;
    link.href = new URL(\`./${split.dir}/\${f}\`, import.meta.url).href;
    document.head.append(link);
  }
};
const route = linked && linked.trim() ? 'playground'
  : location.pathname.slice(new URL('./', import.meta.url).pathname.length).split('/')[0];
preload(pages[route]);
const backendVendorGroup = ${backendVendorGroup};
config.then(({ text }) => {
  preload(vendors[backendVendorGroup(JSON.parse(text), new URLSearchParams(location.search).get('backend'))]);
}).catch(() => {});
`;
})() : '';
// The app's module is imported once the fetches above have started: a static import would hold
// them back until it, and every module it imports, had downloaded (the page's modulepreload
// fetches it from the start anyway).
const boot = `// Connector Console standalone loader (generated by scripts/post-build.mjs).
const load = (url) => fetch(url, { credentials: 'same-origin' })
  .then((r) => (r.ok ? r.text().then((text) => ({ text })) : { status: r.status }), (e) => ({ error: String(e) }));
const config = load(new URL('./config.json', import.meta.url));
const linked = new URLSearchParams(location.search).get('schema');
if (linked && linked.trim()) window.__ccFirstFile = { url: linked, file: load(linked) };
${preload}const { default: init, start } = await import('./${js}');
await init({ module_or_path: new URL('./${wasm}', import.meta.url) });
start(config);
`;
const hash = (s) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);
const bootName = `boot-${hash(boot)}.js`;
fs.writeFileSync(path.join(dir, bootName), boot);
const sri = (s) => 'sha384-' + crypto.createHash('sha384').update(s).digest('base64');
html = html.replace(loader,
  `<script type="module" src="./${bootName}" integrity="${sri(boot)}" crossorigin="anonymous"></script>`);
// Trunk's preload of the wasm (`as="fetch"`) carries an `integrity` attribute that Chromium
// ignores for that destination, with a console warning on every load. It protected nothing
// (the loader's fetch of the wasm has no integrity of its own), so it goes.
html = html.replace(/<link rel="preload"[^>]*as="fetch"[^>]*>/g, (tag) => tag.replace(/\s+integrity="[^"]*"/, ''));
fs.writeFileSync(indexPath, html);

const embed = `// Connector Console embedding entry point (generated by scripts/post-build.mjs).
// Stable name, no-cache: it points at this build's hashed files.
//   import init, { mount } from '<where dist/ is served>/embed.js';
//   await init();
//   const app = mount(element, { backends, default_backend, base_path, theme, token_provider });
//   app.unmount();
import init, { mountWithAssets } from './${js}';
export default function initConnectorConsole() {
  return init({ module_or_path: new URL('./${wasm}', import.meta.url) });
}
export function mount(element, options = {}) {
  return mountWithAssets(element, options, {
    stylesheet: new URL('./${css}', import.meta.url).href,
    asset_base: new URL('./', import.meta.url).href,
  });
}
`;
fs.writeFileSync(path.join(dir, 'embed.js'), embed);

// The Web Workers: the simulated backend's, and the connector list's poller.
const workers = { 'sim-worker': 'simulated backend', 'poll-worker': 'connector list poller' };
for (const [name, what] of Object.entries(workers)) {
  const workerJs = path.join(dir, `${name}.js`);
  const workerWasm = path.join(dir, `${name}_bg.wasm`);
  if (!fs.existsSync(workerJs) || !fs.existsSync(workerWasm)) continue;
  const h = crypto.createHash('sha256').update(fs.readFileSync(workerJs)).update(fs.readFileSync(workerWasm))
    .digest('hex').slice(0, 16);
  const js2 = `${name}-${h}.js`;
  const wasm2 = `${name}-${h}_bg.wasm`;
  fs.renameSync(workerJs, path.join(dir, js2));
  fs.renameSync(workerWasm, path.join(dir, wasm2));
  // Relative URLs resolve against this script's own URL, wherever the app is served from.
  fs.writeFileSync(path.join(dir, `${name}_loader.js`), `// Connector Console ${what} (generated by scripts/post-build.mjs).
// Stable name, no-cache: it points at this build's hashed files.
// Started as a SharedWorker (the list poller, where the browser has them), the page connects
// before the module has loaded: its port waits in \`__ccPorts\` for the module to take it over.
const shared = typeof SharedWorkerGlobalScope !== 'undefined' && self instanceof SharedWorkerGlobalScope;
const ports = (self.__ccPorts = []);
let failed = null;
const fail = (e) => {
  failed = JSON.stringify({ kind: 'failed', error: String(e) });
  if (shared) ports.forEach((p) => p.postMessage(failed)); else postMessage(failed);
};
if (shared) {
  self.onconnect = (e) => { ports.push(e.ports[0]); if (failed) e.ports[0].postMessage(failed); };
  // A dedicated worker's uncaught errors reach the page's \`onerror\`; a shared worker's do not:
  // tell the page (a panic would otherwise leave its poll waiting for an answer).
  self.addEventListener('error', (e) => fail(e.message || 'the worker failed'));
  self.addEventListener('unhandledrejection', (e) => fail(e.reason));
}
try {
  importScripts('./${js2}');
  // The worker's memory stays reachable from its own scope (the list benchmark's soak reads it).
  wasm_bindgen({ module_or_path: './${wasm2}' }).then((w) => { self.__ccWasmMemory = w.memory; }, fail);
} catch (e) {
  fail(e);
}
`);
}

if (process.env.TRUNK_PROFILE === 'release') {
  const sizes = (files) => {
    let total = 0;
    for (const f of files) {
      const raw = fs.readFileSync(path.join(dir, f));
      const gz = zlib.gzipSync(raw, { level: 9 }).length;
      total += gz;
      console.log(`  ${f.padEnd(48)} ${String(raw.length).padStart(8)} bytes raw  ${String(gz).padStart(8)} bytes gzip`);
    }
    return total;
  };
  const all = fs.readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
  const isWorker = (f) => Object.keys(workers).some((w) => f.startsWith(w));
  // embed.js is the other entry point (for portals), a few hundred bytes: counted, like boot.js.
  // A split build's first load is its main module and the landing pages' group (the catalog, or
  // Laminar's schema catalog); the other groups of pages come when one of them is first shown.
  const first = all.filter((f) => !isWorker(f));
  // And the module of the default backend's vendor (config.json's default; see
  // defaultVendorGroup in split.mjs).
  let vendor = null;
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dir, split.dir, f)), { level: 9 }).length;
  if (split) {
    const config = fs.existsSync(path.join(dir, 'config.json')) ? fs.readFileSync(path.join(dir, 'config.json'), 'utf8') : '';
    vendor = defaultVendorGroup(split.groups, config, gz);
    first.push(...firstLoadFiles(split.groups, LANDING, config, gz).map((f) => `${split.dir}/${f}`));
  }
  console.log(`Bundle size, first load${split ? ` (main module, ${LANDING}'s${vendor ? ` and ${vendor}'s` : ''})` : ''} (gzip -9):`);
  const total = sizes(first);
  console.log(`  ${'total'.padEnd(48)} ${''.padStart(8)}            ${String(total).padStart(8)} bytes gzip`);
  if (split) {
    console.log('Each group of pages (or vendor\'s verbs), the first time it is needed (its modules, shared ones included; gzip -9):');
    for (const [group, files] of Object.entries(split.groups).sort()) {
      const bytes = files.reduce((n, f) => n + gz(f), 0);
      console.log(`  ${group.padEnd(48)} ${String(files.length).padStart(8)} files      ${String(bytes).padStart(8)} bytes gzip`);
    }
  }
  for (const [name, what] of Object.entries(workers)) {
    const files = all.filter((f) => f.startsWith(name));
    if (!files.length) continue;
    console.log(`The ${what}'s worker, loaded when it is used (gzip -9):`);
    const w = sizes(files);
    console.log(`  ${name.padEnd(48)} ${''.padStart(8)}            ${String(w).padStart(8)} bytes gzip`);
  }
}
