// The connectors list of a real backend is polled in a Web Worker (a SharedWorker of the page's own
// where the browser has them, a dedicated one otherwise), off the page's main thread
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

// Records the workers the page starts (a SharedWorker is not among Playwright's workers).
// `mode`: 'shared' as the browser has it; 'no-shared' a browser without SharedWorker; 'shared-throws'
// one whose SharedWorker refuses (as in an opaque origin); `missing`: the poller's file is not there.
const setUp = ({ mode, missing }) => {
  window.__ccWorkers = [];
  if (mode === 'no-shared') delete window.SharedWorker;
  for (const kind of ['Worker', 'SharedWorker']) {
    const Orig = window[kind];
    if (!Orig) continue;
    window[kind] = class extends Orig {
      constructor(url, opts) {
        if (kind === 'SharedWorker' && mode === 'shared-throws') throw new DOMException('refused', 'SecurityError');
        const u = missing ? String(url).replace('poll-worker_loader.js', 'poll-worker-missing.js') : String(url);
        super(u, opts);
        window.__ccWorkers.push({ kind, file: new URL(u, location.href).pathname.split('/').pop() });
      }
    };
  }
};
const started = (page) => page.evaluate(() => window.__ccWorkers);

// Chromium reports a dedicated worker's every request to the page's main thread and none of a
// shared worker's, so where the browser has SharedWorker the list worker is one (the page's own).
const kinds = [['shared', 'SharedWorker'], ['no-shared', 'Worker'], ['shared-throws', 'Worker']];
for (const [mode, kind] of kinds) {
  test(`a real backend's list is polled in the worker (${mode}: a ${kind}), and changes reach their rows`, async ({ page, request }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(setUp, { mode, missing: false });
    await page.goto('/connectors?backend=bench');
    await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
    // The first rows come from the page's own poll, before the worker is even started.
    expect(await started(page), 'no worker before the first rows').toEqual([]);
    await page.waitForFunction(() => performance.getEntriesByName('cc-poll-in-worker').length > 0, null, { timeout: 30_000 });
    expect(await started(page), 'one list worker, no simulator').toEqual([{ kind, file: 'poll-worker_loader.js' }]);
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
    // The worker's answers were diffs (its first one against the rows the page described):
    // every row is still there, in the server's order.
    await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(rows(page).first()).toHaveAttribute('data-name', 'bulk-0000');
    expect(errors).toEqual([]);
  });
}

for (const [mode, kind] of kinds.slice(0, 2)) {
  test(`a list worker that cannot load leaves the page polling itself (${kind})`, async ({ page, request }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.addInitScript(setUp, { mode, missing: true });
    await page.goto('/connectors?backend=bench');
    await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
    await request.post('/__sim/churn?count=3&mount=bench');
    await expect(page.getByTestId('announcer')).toContainText('is now', { timeout: 15_000 });
    expect(await started(page)).toEqual([{ kind, file: 'poll-worker-missing.js' }]);
    expect(await pageListRequests(page)).toBeGreaterThan(0);
    expect(await page.evaluate(() => performance.getEntriesByName('cc-poll-in-worker').length)).toBe(0);
    expect(warnings.some((w) => w.includes('lists poll in the page'))).toBeTruthy();
    expect(errors).toEqual([]);
  });
}

// A worker that goes wrong after it has answered once leaves the page polling itself. One that throws:
// a shared worker's uncaught errors do not reach the page's `onerror` as a dedicated worker's do, so
// its loader tells the page. One that gets stuck (a loop: it never answers again, and throws nothing):
// found by the pings the page sends while it waits. Either way the list does not wait on it forever.
const failures = [
  // The worker starts, answers, then throws.
  ['fails while running', 'list worker boom', 15_000,
    (loader) => `${loader}\nsetTimeout(() => { throw new Error('list worker boom'); }, 4000);\n`],
  // The worker answers the page once, then loops forever.
  ['gets stuck', 'stopped answering', 40_000, (loader) => `
    const stick = (target) => {
      const post = target.postMessage;
      target.postMessage = function (data, ...rest) {
        const out = post.call(this, data, ...rest);
        if (typeof data === 'string' && /"kind":"(rows|diff)"/.test(data)) setTimeout(() => { for (;;) {} }, 0);
        return out;
      };
    };
    stick(MessagePort.prototype);
    // (A dedicated worker's global object has its own postMessage.)
    if (self.DedicatedWorkerGlobalScope) stick(self);
    ${loader}`],
];
for (const [mode, kind] of kinds.slice(0, 2)) {
  for (const [what, why, within, patch] of failures) {
    test(`a list worker that ${what} leaves the page polling itself (${kind})`, async ({ page, context, request }) => {
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const warnings = [];
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      await page.addInitScript(setUp, { mode, missing: false });
      await context.route(/poll-worker_loader\.js$/, async (route) => {
        const resp = await route.fetch();
        await route.fulfill({ response: resp, body: patch(await resp.text()) });
      });
      await page.goto('/connectors?backend=bench');
      await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
      await page.waitForFunction(() => performance.getEntriesByName('cc-poll-in-worker').length > 0, null, { timeout: 30_000 });
      await expect.poll(() => warnings.some((w) => w.includes('lists poll in the page') && w.includes(why)),
        { timeout: within }).toBe(true);
      const before = await pageListRequests(page);
      await request.post('/__sim/churn?count=3&mount=bench');
      await expect(page.getByTestId('announcer')).toContainText('is now', { timeout: 15_000 });
      expect(await pageListRequests(page), 'the page polls itself again').toBeGreaterThan(before);
      await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
      expect(errors).toEqual([]);
    });
  }
}
