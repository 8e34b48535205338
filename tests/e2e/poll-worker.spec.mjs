// The connectors list of a real backend is polled in a Web Worker, off the page's main thread
// (the first poll, and any while the worker starts, are the page's own): once it answers, the page's
// own network log has no new list request in it (a worker's requests are its own), yet a change
// on the server reaches its row. A worker that cannot load leaves the page polling itself.
import { test, expect } from '@playwright/test';

const rows = (page) => page.locator('tbody tr[data-name]');
const pageListRequests = (page) =>
  page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\/api\/bench\/(sources|destinations)/.test(e.name)).length);

test.afterEach(async ({ request }) => {
  await request.post('/__sim/churn?count=0&mount=bench');
});

test('a real backend\'s list is polled in the worker, and changes reach their rows', async ({ page, request }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const workers = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await page.goto('/connectors?backend=bench');
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
  // The first rows come from the page's own poll, before the worker is even started.
  expect(workers, 'no worker before the first rows').toEqual([]);
  await page.waitForFunction(() => performance.getEntriesByName('cc-poll-in-worker').length > 0, null, { timeout: 30_000 });
  expect(workers.filter((w) => w.endsWith('poll-worker_loader.js'))).toHaveLength(1);
  expect(workers.filter((w) => w.includes('sim-worker')), 'a real backend needs no simulator').toEqual([]);
  const before = await pageListRequests(page);
  await request.post('/__sim/churn?count=5&mount=bench');
  await expect(page.getByTestId('announcer')).toContainText('is now', { timeout: 15_000 });
  await request.post('/__sim/churn?count=0&mount=bench');
  const announced = (await page.getByTestId('announcer').textContent()).match(/bulk-\d+/g);
  expect(announced).toHaveLength(5);
  // Each announced row shows its new state.
  const first = page.locator(`tr[data-name="${announced[0]}"]`);
  await page.evaluate((n) => document.querySelector(`tr[data-name="${n}"]`)?.scrollIntoView(), announced[0]);
  await expect(first).toBeAttached();
  expect(await pageListRequests(page), 'the page itself fetched no list page since').toBe(before);
  expect(errors).toEqual([]);
});

test('a list worker that cannot load leaves the page polling itself', async ({ page, context, request }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await context.route(/poll-worker_loader\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/connectors?backend=bench');
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
  await request.post('/__sim/churn?count=3&mount=bench');
  await expect(page.getByTestId('announcer')).toContainText('is now', { timeout: 15_000 });
  expect(await pageListRequests(page)).toBeGreaterThan(0);
  expect(await page.evaluate(() => performance.getEntriesByName('cc-poll-in-worker').length)).toBe(0);
  expect(warnings.some((w) => w.includes('lists poll in the page'))).toBeTruthy();
  expect(errors).toEqual([]);
});
