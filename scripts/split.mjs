// The release build of the app's own module, split by page (called by post-build.mjs when the
// page names `<meta name="cc-split-app" content="<cargo features>">` instead of Trunk's rust link;
// build.sh and build-vendor.sh put it there):
//  1. cargo builds the library for wasm32 with the `split` feature (each routed page is a
//     `wasm_split` function: src/app.rs `page!`), keeping the linker's relocations, which the
//     splitter needs. Its own target directory: other flags than Trunk's builds.
//  2. wasm-split-cli (wasm_split_cli_support, installed by setup.sh) cuts it into the main module,
//     one module per page, and chunks of code that several pages share, plus __wasm_split.js,
//     which fetches a page's modules the first time it is shown.
//  3. wasm-bindgen makes the main module's JavaScript, as Trunk would.
//  4. wasm-opt shrinks every module, with Trunk's flags (index.html's data-wasm-opt-params).
//  5. All of it goes into one directory named by the hash of its contents, app-<hash>/, so the
//     files inside keep the names they refer to each other by and a new build is a new URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';

const NAME = 'connector-console';
const OPT_FLAGS = ['-Oz', '--strip-debug', '--strip-producers', '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
  '--enable-reference-types', '--enable-multivalue'];

const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });

// The wasm32 rustflags of .cargo/config.toml (one place for them), plus the relocations.
function rustflags(root) {
  const config = fs.readFileSync(path.join(root, '.cargo/config.toml'), 'utf8');
  const list = config.match(/^rustflags\s*=\s*\[([^\]]*)\]/m);
  if (!list) throw new Error('split: no rustflags in .cargo/config.toml');
  const flags = [...list[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  return [...flags, '-C', 'link-arg=--emit-relocs'].join(' ');
}

async function optimize(files) {
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      await new Promise((resolve, reject) => {
        const p = spawn('wasm-opt', [...OPT_FLAGS, f, '-o', f], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt ${f}: ${err}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.cpus().length) }, worker));
}

// Which module files each page needs, from the loader the splitter wrote: its own
// (`split_<page>.wasm`) and the chunks it shares (`/* <pages> */ const __chunk_N = makeLoad(...
// "./chunk_N.wasm"`).
export function pageFiles(loaderJs, files) {
  const pages = {};
  for (const f of files) {
    const m = f.match(/^split_(.+)\.wasm$/);
    if (m) (pages[m[1]] ??= []).push(f);
  }
  for (const m of loaderJs.matchAll(/\/\* ([^*]+) \*\/\s*const __chunk_\d+ = makeLoad\([\s\S]*?"\.\/(chunk_\d+\.wasm)"/g)) {
    for (const p of m[1].split(', ')) (pages[p] ??= []).push(m[2]);
  }
  return pages;
}

// Builds the split app into `<out>/app-<hash>/`; returns the JS and wasm paths (relative to
// `out`), the directory, and each page's files.
export async function buildSplitApp({ root, out, features }) {
  const targetDir = path.join(root, 'target/split');
  const work = path.join(targetDir, 'work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--target-dir', targetDir,
    '--no-default-features', '--features', `${features},split`], { RUSTFLAGS: rustflags(root) });
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
  const files = fs.readdirSync(app).sort();
  await optimize(files.filter((f) => f.endsWith('.wasm')).map((f) => path.join(app, f)));
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(f).update(fs.readFileSync(path.join(app, f)));
  const dir = `app-${h.digest('hex').slice(0, 16)}`;
  fs.rmSync(path.join(out, dir), { recursive: true, force: true });
  fs.cpSync(app, path.join(out, dir), { recursive: true });
  const pages = pageFiles(fs.readFileSync(path.join(app, '__wasm_split.js'), 'utf8'), files);
  return { dir, js: `${dir}/${NAME}.js`, wasm: `${dir}/${NAME}_bg.wasm`, pages, splitMain: path.join(split, `${NAME}.wasm`) };
}
