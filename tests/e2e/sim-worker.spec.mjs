// The simulated backend lives in a Web Worker the app loads only when a simulated backend is
// used: a page on a real backend never downloads it; a simulated one does, once, and keeps
// working from it; a worker that cannot load says so where the data would be.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

const isWorkerFile = (url) => /\/sim-worker[^/]*\.(js|wasm)$/.test(new URL(url).pathname);

test('a real backend never loads the simulators; a simulated one loads them once', async ({ page }) => {
  const problems = watchConsole(page);
  const loaded = [];
  page.on('request', (r) => isWorkerFile(r.url()) && loaded.push(new URL(r.url()).pathname));
  await page.goto('/catalog?backend=kc');
  await expect(page.getByRole('link', { name: /Datagen/ }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.getByRole('link', { name: 'clickstream-datagen' })).toBeVisible();
  expect(loaded, 'the first load of a real backend has no simulator in it').toEqual([]);
  // Switching to a simulated backend starts the worker: its loader, glue and module.
  // (Switching shows the new backend's catalog.)
  await page.getByLabel('Backend').selectOption({ label: 'Kafka Connect (simulated in browser)' });
  await expect(page.getByRole('link', { name: /Datagen/ }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.getByRole('link', { name: 'clickstream-datagen' })).toBeVisible();
  await page.getByLabel('Backend').selectOption({ label: 'Streamkap (simulated in browser)' });
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.locator('tr[data-name="orders-postgres"]')).toBeVisible();
  expect(loaded.filter((p) => p.endsWith('sim-worker_loader.js'))).toHaveLength(1);
  expect(loaded.filter((p) => p.endsWith('.wasm'))).toHaveLength(1);
  expect(problems).toEqual([]);
});

// Both ways a worker fails to start: its script missing (the Worker's error event), and its
// module missing (the loader's message). Routed on the context: the module is the worker's fetch.
for (const [what, missing] of [['script', /sim-worker_loader\.js$/], ['module', /sim-worker-[0-9a-f]+_bg\.wasm$/]]) {
  test(`a worker whose ${what} cannot load says so where the data would be, and the page goes on`, async ({ page, context }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await context.route(missing, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto('/catalog?backend=demo');
    await expect(page.getByText(/simulated backend could not start/)).toBeVisible();
    await page.screenshot({ path: `test-results/sim-worker-failed-${what}.png` });
    // Once the file is back, "Try again" starts a new worker and the catalog comes.
    await context.unroute(missing);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
    // A real backend on the same page is unaffected.
    await page.getByLabel('Backend').selectOption({ label: 'Kafka Connect (sim-server)' });
    await expect(page.getByRole('link', { name: /Datagen/ }).first()).toBeVisible();
    expect(errors).toEqual([]);
  });
}
