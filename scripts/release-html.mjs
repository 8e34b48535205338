// Release builds load the app split by page: `node scripts/release-html.mjs <in.html> <out dir>`
// writes <out dir>/index.html, a copy of a Trunk page with the app's rust link (the one for the
// `connector_console` library) replaced by `<meta name="cc-split-app" content="<its cargo
// features>" data-wasm-opt="<its wasm-opt flags>">`, which post-build.mjs builds with split.mjs. Debug builds (`trunk serve`) keep the
// rust link: Trunk builds the app whole.
// The copy lives two directories down (target/html-<name>/), away from Cargo.toml: beside it,
// Trunk would add a rust link of its own for the missing one. So its paths get a `../../`.
import fs from 'node:fs';
import path from 'node:path';

const [from, outDir] = process.argv.slice(2);
let html = fs.readFileSync(from, 'utf8');
const link = html.match(/<link data-trunk rel="rust" data-target-name="connector_console"[^>]*>/);
const attr = (name) => link?.[0].match(new RegExp(`${name}="([^"]+)"`))?.[1];
const [features, level, params] = ['data-cargo-features', 'data-wasm-opt', 'data-wasm-opt-params'].map(attr);
if (!features || !level) throw new Error(`release-html: ${from} has no rust link for the app with its features and wasm-opt level`);
// wasm-opt's flags, as Trunk would have passed them.
const opt = [`-O${level}`, ...(params ?? '').split(/\s+/).filter(Boolean)].join(' ');
html = html.replace(link[0], `<meta name="cc-split-app" content="${features}" data-wasm-opt="${opt}" />`);
if (path.resolve(outDir, '../..') !== path.resolve(path.dirname(from))) {
  throw new Error('release-html: the copy must sit two directories below the page');
}
html = html
  .replace(/(<link data-trunk[^>]*\shref=")([^"]+")/g, '$1../../$2')
  .replace(/<link data-trunk rel="rust"(?![^>]*\shref=)/g, '<link data-trunk rel="rust" href="../../Cargo.toml"');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'index.html'), html);
