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

// A simulator answers at once, so a worker that does not answer a request in time is stuck (a
// loop: it throws nothing): the request fails saying so where the data would be, the worker is
// stopped, and "Try again" starts a new one.
test('a simulated backend that gets stuck says so, and Try again starts a new one', async ({ page, context }) => {
  test.setTimeout(120_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const loader = /sim-worker_loader\.js$/;
  // This worker loops forever on the first request for a connector list.
  await context.route(loader, async (route) => {
    const resp = await route.fetch();
    const stick = `self.addEventListener('message', (e) => {
      if (typeof e.data === 'string' && /"path":"\\/(sources|destinations)"/.test(e.data)) for (;;) {}
    });`;
    await route.fulfill({ response: resp, body: `${stick}\n${await resp.text()}` });
  });
  await page.goto('/catalog?backend=demo');
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.getByText(/simulated backend did not answer in 15 s/)).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'test-results/sim-worker-stuck.png' });
  await context.unroute(loader);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('tr[data-name="orders-postgres"]')).toBeVisible();
  expect(errors).toEqual([]);
});
