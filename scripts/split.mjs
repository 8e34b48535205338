// The release build of the app's own module, split by groups of pages (called by post-build.mjs
// when the page names `<meta name="cc-split-app" content="<cargo features>" data-wasm-opt=…>`
// instead of Trunk's rust link; release-html.mjs puts it there for build.sh and build-vendor.sh):
//  1. cargo builds the library (and std, for size) for wasm32 with the `split` feature (each
//     routed page is a `wasm_split` function in a group: src/app.rs `page!`; so is each vendor's
//     `open`: src/vendor.rs `verbs!`), keeping the linker's relocations, which the splitter
//     needs. Its own target directory: other flags than Trunk's builds.
//  2. wasm-split-cli (wasm_split_cli_support, installed by setup.sh) cuts it into the main module,
//     one module per group, and chunks of code that several groups share, plus __wasm_split.js,
//     which fetches a group's modules the first time one of its pages (or a backend of its
//     vendor) is shown. The small chunks then go into one file, chunks.bin (packChunks).
//  3. wasm-bindgen makes the main module's JavaScript, as Trunk would.
//  4. wasm-opt shrinks every module, with the app's rust link's data-wasm-opt and
//     data-wasm-opt-params from index.html (as Trunk would have).
//  5. All of it goes into one directory named by the hash of its contents, app-<hash>/, so the
//     files inside keep the names they refer to each other by and a new build is a new URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';

const NAME = 'connector-console';

const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });

// The wasm32 rustflags of .cargo/config.toml (one place for them), plus the relocations, plus
// panics that abort at once: the release build's panic machinery (message formatting, the
// hook) is gone from the download. A panic is a bug and ended the app before as well
// (`panic = "abort"`); it now shows in the console as `RuntimeError: unreachable` without its
// message: debug builds (`trunk serve`, the browser tests) keep the messages.
function rustflags(root) {
  const config = fs.readFileSync(path.join(root, '.cargo/config.toml'), 'utf8');
  const list = config.match(/^rustflags\s*=\s*\[([^\]]*)\]/m);
  if (!list) throw new Error('split: no rustflags in .cargo/config.toml');
  const flags = [...list[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  return [...flags, '-C', 'link-arg=--emit-relocs', '-Zunstable-options', '-Cpanic=immediate-abort'].join(' ');
}

async function optimize(files, flags) {
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      await new Promise((resolve, reject) => {
        const p = spawn('wasm-opt', [...flags, f, '-o', f], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt ${f}: ${err}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.cpus().length) }, worker));
}

// Which module files each group needs (a group of pages, or a vendor's verbs), from the loader:
// its own (`split_<group>.wasm`) and the chunks it shares (`/* <groups> */ const __chunk_N =
// makeLoad(() => { const src = fetch(... "./chunk_N.wasm"`, or `__packed(` for a chunk in
// chunks.bin: then chunks.bin).
export function groupFiles(loaderJs, files) {
  const groups = {};
  for (const f of files) {
    const m = f.match(/^split_(.+)\.wasm$/);
    if (m) (groups[m[1]] ??= []).push(f);
  }
  const chunk = /\/\* ([^*]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = (?:fetch\(new URL\("\.\/(chunk_\d+\.wasm)"|(__packed)\()/g;
  let seen = 0;
  for (const m of loaderJs.matchAll(chunk)) {
    seen++;
    const file = m[2] ?? 'chunks.bin';
    for (const g of m[1].split(', ')) {
      const list = (groups[g] ??= []);
      if (!list.includes(file)) list.push(file);
    }
  }
  if (seen !== (loaderJs.match(/const __chunk_\d+ = makeLoad/g) || []).length) {
    throw new Error('split: the loader wasm-split-cli wrote has changed shape (chunks not read)');
  }
  return groups;
}

// The vendor group (`vendor_<id>`, src/vendor.rs `verbs!`) of the backend that config.json (parsed)
// names by `id` (`?backend=`), else its default, else its first. The standalone loader runs this
// same function (post-build.mjs puts its source in boot.js) to preload that module.
export function backendVendorGroup(config, id) {
  const list = config.backends || [];
  const b = list.find((x) => x.id === (id || config.default_backend)) || list[0];
  return b ? `vendor_${String(b.dialect).replace(/-/g, '_')}` : null;
}

// The vendor group of the backend a first load shows: config.json's default (its text;
// `?backend=` aside; backendVendorGroup). When the build does not have that vendor
// (a single-vendor build beside the shipped config.json), its only vendor, or the largest by
// `size(file)` (`confluent-cloud` builds carry `kafka-connect` too): the figure errs high.
export function defaultVendorGroup(groups, configText, size = () => 0) {
  const vendors = Object.keys(groups).filter((g) => g.startsWith('vendor_'));
  try {
    const g = backendVendorGroup(JSON.parse(configText));
    if (vendors.includes(g)) return g;
  } catch { /* no config: below */ }
  const bytes = (g) => groups[g].reduce((n, f) => n + size(f), 0);
  return vendors.sort((a, b) => bytes(b) - bytes(a))[0] ?? null;
}

// The files of a split app's first load showing a page of `group` (in `app-<hash>/`): the main
// module, its JS and loader, the group's files and the default backend's vendor's (`size`: as
// for defaultVendorGroup).
export function firstLoadFiles(groups, group, configText, size) {
  const vendor = defaultVendorGroup(groups, configText, size);
  return [...new Set(['connector-console.js', 'connector-console_bg.wasm', '__wasm_split.js',
    ...(groups[group] || []), ...(vendor ? groups[vendor] : [])])];
}

// Chunks smaller than this (bytes, after wasm-opt) travel together in one file, chunks.bin.
// The splitter makes a chunk per set of modules that share some code, so the vendors' modules
// (src/vendor.rs `verbs!`) beside the groups of pages make dozens of chunks, most of a few
// hundred bytes: as files, a group needed 20-50 requests. Packed, the small ones are one
// request, and compress better together (their imports repeat the same names).
const PACK_BELOW = 8192;

// Moves the small chunks of the split app in `app` into chunks.bin and makes the loader take
// them from it (each still compiled only when a module that needs it loads).
function packChunks(app) {
  const loaderPath = path.join(app, '__wasm_split.js');
  let loader = fs.readFileSync(loaderPath, 'utf8');
  const small = fs.readdirSync(app).filter((f) => /^chunk_\d+\.wasm$/.test(f))
    .filter((f) => fs.statSync(path.join(app, f)).size < PACK_BELOW).sort();
  if (!small.length) return;
  const at = {};
  const parts = [];
  let offset = 0;
  for (const f of small) {
    const bytes = fs.readFileSync(path.join(app, f));
    at[f] = [offset, bytes.length];
    parts.push(bytes);
    offset += bytes.length;
  }
  let replaced = 0;
  loader = loader.replace(
    /const src = fetch\(new URL\("\.\/(chunk_\d+\.wasm)", import\.meta\.url\)\);(\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \()WebAssembly\.instantiateStreaming\(src, imports\)\)/g,
    (whole, f, middle) => {
      if (!at[f]) return whole;
      replaced++;
      return `const src = __packed(${at[f][0]}, ${at[f][1]});${middle}WebAssembly.instantiate(await src, imports))`;
    });
  const first = loader.indexOf('\n/* ');
  if (replaced !== small.length || first < 0) {
    throw new Error(`split: the loader wasm-split-cli wrote has changed shape (packed ${replaced} of ${small.length} chunks)`);
  }
  // One fetch of chunks.bin, shared; a failed one is not remembered (like the modules' loads).
  const helper = `
let __pack;
const __packed = (at, len) => {
    if (__pack === undefined) {
        const p = fetch(new URL("./chunks.bin", import.meta.url)).then((r) => {
            if (!r.ok) throw new Error(\`chunks.bin: HTTP \${r.status}\`);
            return r.arrayBuffer();
        });
        p.catch(() => { if (__pack === p) __pack = undefined; });
        __pack = p;
    }
    return __pack.then((b) => new Uint8Array(b, at, len));
};`;
  loader = loader.slice(0, first) + helper + loader.slice(first);
  fs.writeFileSync(loaderPath, loader);
  fs.writeFileSync(path.join(app, 'chunks.bin'), Buffer.concat(parts));
  for (const f of small) fs.rmSync(path.join(app, f));
}

// Builds the split app into `<out>/app-<hash>/`; returns the JS and wasm paths (relative to
// `out`), the directory, and each group's files. `opt`: wasm-opt's flags.
export async function buildSplitApp({ root, out, features, opt }) {
  const targetDir = path.join(root, 'target/split');
  const work = path.join(targetDir, 'work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  // The standard library is built with the app (`-Z build-std`, from the toolchain's rust-src,
  // which setup.sh adds) so that it, too, is optimized for size and aborts on panic. These are
  // unstable options of the same pinned stable compiler, allowed by RUSTC_BOOTSTRAP for this one
  // build: no second (nightly) toolchain to install. It took the main module from 326 to 293 KB
  // gzip (the README's bundle section).
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--target-dir', targetDir,
    '--no-default-features', '--features', `${features},split`,
    '-Z', 'build-std=std,panic_abort', '-Z', 'build-std-features=optimize_for_size'],
  { RUSTFLAGS: rustflags(root), RUSTC_BOOTSTRAP: '1' });
  const input = path.join(targetDir, 'wasm32-unknown-unknown/release/connector_console.wasm');
  const split = path.join(work, 'split');
  run('wasm-split-cli', [input, split, '--out-name', NAME]);
  const app = path.join(work, 'app');
  // --keep-lld-exports: the page modules import the table and the shared globals by these names.
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--out-dir', app,
    path.join(split, `${NAME}.wasm`)]);
  for (const f of fs.readdirSync(split)) {
    if (f !== `${NAME}.wasm`) fs.copyFileSync(path.join(split, f), path.join(app, f));
  }
  // WASM_KEEP_NAMES=1: the modules keep their function names (wasm-opt `-g`, no `--strip-debug`),
  // for a CPU profile that names Rust functions; larger files, never for shipping.
  const flags = process.env.WASM_KEEP_NAMES === '1' ? [...opt.filter((f) => f !== '--strip-debug'), '-g'] : opt;
  await optimize(fs.readdirSync(app).filter((f) => f.endsWith('.wasm')).map((f) => path.join(app, f)), flags);
  packChunks(app);
  const files = fs.readdirSync(app).sort();
  const groups = groupFiles(fs.readFileSync(path.join(app, '__wasm_split.js'), 'utf8'), files);
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(f).update(fs.readFileSync(path.join(app, f)));
  const dir = `app-${h.digest('hex').slice(0, 16)}`;
  fs.rmSync(path.join(out, dir), { recursive: true, force: true });
  fs.cpSync(app, path.join(out, dir), { recursive: true });
  return { dir, js: `${dir}/${NAME}.js`, wasm: `${dir}/${NAME}_bg.wasm`, groups };
}
