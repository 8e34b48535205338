// A list of 1,000 connectors (sim-server's bench backend): only the rows near the viewport are
// in the DOM, yet the table says how many there are, scrolling and Tab reach every row, the
// filters count them all, and a poll that changes a few connectors patches only their rows.
// (Timings are in the benchmark.)
import { test, expect } from '@playwright/test';

const rows = (page) => page.locator('tbody tr[data-name]');

test.afterEach(async ({ request }) => {
  await request.post('/__sim/churn?count=0&mount=bench');
});

test('a list of 1,000 renders the rows in view, and scrolling brings the rest', async ({ page }) => {
  await page.goto('/connectors?backend=bench');
  const table = page.getByTestId('connector-table');
  await expect(table).toHaveAttribute('aria-rowcount', '1001', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'All (1000)' })).toBeVisible();
  const n = await rows(page).count();
  expect(n).toBeGreaterThan(15);
  expect(n).toBeLessThan(150);
  await expect(rows(page).first()).toHaveAttribute('aria-rowindex', '2');

  // The end of the list, at its place in the whole.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = page.locator('tr[data-name="bulk-0999"]');
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-rowindex', '1001');
  expect(await rows(page).count()).toBeLessThan(150);
  // And the middle.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await expect(page.locator('tr[data-name="bulk-0500"]')).toBeAttached();

  // Filters count the whole list; a short result is rendered whole.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByRole('button', { name: /^Failed \(\d+\)$/ })).toBeVisible();
  await page.getByRole('button', { name: /^Paused \(\d+\)$/ }).click();
  const paused = Number((await page.getByRole('button', { name: /^Paused/ }).textContent()).match(/\d+/)[0]);
  await expect(rows(page)).toHaveCount(paused);
  await expect(table).toHaveAttribute('aria-rowcount', String(paused + 1));
  await page.getByRole('searchbox', { name: 'Search by name or type' }).fill('bulk-09');
  await expect(rows(page).first()).toHaveAttribute('data-name', /^bulk-09/);
});

test('Tab walks through rows beyond the first screen', async ({ page }) => {
  await page.goto('/connectors?backend=bench');
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  await rows(page).first().getByRole('link').focus();
  for (let i = 0; i < 120; i++) await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex'));
  expect(focused).toBe('122');
  await expect(page.locator('tr[aria-rowindex="122"] a')).toBeInViewport();
});

test('a poll that changes ten connectors patches only their rows', async ({ page, request }) => {
  await page.goto('/connectors?backend=bench');
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('poll-status')).toContainText('live');
  await page.evaluate(() => {
    window.__touched = new Set();
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        window.__touched.add(el?.closest('tr')?.dataset.name ?? '(outside a row)');
      }
    }).observe(document.querySelector('tbody'), { subtree: true, childList: true, attributes: true, characterData: true });
    // The filter chips: a changed count rewrites its chip's text, nothing else.
    window.__chips = [];
    new MutationObserver((records) => {
      for (const r of records) window.__chips.push(r.type === 'attributes' ? `${r.attributeName} set` : r.type);
    }).observe(document.querySelector('.filters'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await request.post('/__sim/churn?count=10&mount=bench');
  await expect(page.getByTestId('announcer')).toContainText('is now', { timeout: 15_000 });
  await request.post('/__sim/churn?count=0&mount=bench');
  const announced = (await page.getByTestId('announcer').textContent()).match(/bulk-\d+/g);
  expect(announced).toHaveLength(10);
  const touched = await page.evaluate(() => [...window.__touched]);
  expect(touched.sort()).toEqual([...announced].sort());
  const chips = await page.evaluate(() => window.__chips);
  expect(chips).toContain('characterData');
  expect(chips.filter((c) => c !== 'characterData')).toEqual([]);
});
