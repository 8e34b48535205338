// End-to-end tests: headless Chromium (the system's, never a downloaded one) against the
// release build in dist/, served with the simulator by target/debug/sim-server.
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PORT = Number(process.env.E2E_PORT || 8787);
/** The sub-path + strict CSP server. */
export const HOSTING_PORT = PORT + 1;
/** A single-vendor build (see scripts/build.sh), served by a third sim-server. */
export const VENDOR_PORT = PORT + 2;
export const VENDOR_DIST = path.join(root, 'target/vendor-builds/kafka-connect');
/** Exactly the policy the hosting issue asks for (every API is same-origin here). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: path.join(root, 'test-results'),
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `${path.join(root, 'target/debug/sim-server')} --port ${PORT} --dist dist --config tests/e2e/config.e2e.json --bench-connectors 1000`,
      cwd: root,
      url: `http://127.0.0.1:${PORT}/__sim/health`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The same build served from a sub-path under the strict Content-Security-Policy.
      command: `${path.join(root, 'target/debug/sim-server')} --port ${HOSTING_PORT} --dist dist --config tests/e2e/config.e2e.json --base /tools/connectors --csp "${CSP}"`,
      cwd: root,
      url: `http://127.0.0.1:${HOSTING_PORT}/__sim/health`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The Kafka Connect-only build, with a config that also names vendors it does not have.
      command: `${path.join(root, 'target/debug/sim-server')} --port ${VENDOR_PORT} --dist ${VENDOR_DIST} --config tests/e2e/config.single-vendor.json`,
      cwd: root,
      url: `http://127.0.0.1:${VENDOR_PORT}/__sim/health`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
