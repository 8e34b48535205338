// Accessibility: an axe-core audit of every page (serious and critical violations fail), and
// polling that pauses while the tab is hidden.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { resetSim, fillPostgres } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function audit(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

test('axe finds no serious violations on any page', async ({ page }) => {
  await page.goto('/catalog');
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  expect(await audit(page)).toEqual([]);

  await page.goto('/new?kind=sources&type=postgresql');
  await expect(page.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();
  await page.getByLabel('Connect via SSH tunnel').check();
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.locator('#error-summary')).toBeVisible();
  expect(await audit(page)).toEqual([]);

  await page.goto('/new?kind=destinations&type=kafka');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.goto('/new?kind=sources&type=webhook');
  await expect(page.getByRole('heading', { name: 'New Webhook source' })).toBeVisible();
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  expect(await audit(page)).toEqual([]);

  await page.goto('/connectors');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  expect(await audit(page)).toEqual([]);

  await page.getByRole('link', { name: 'inventory-mysql' }).click();
  await expect(page.getByRole('heading', { name: 'inventory-mysql' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete' }).click();
  expect(await audit(page)).toEqual([]);
});

test('dark scheme passes the audit too', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('/connectors');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  expect(await audit(page)).toEqual([]);
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: '', host: '' });
  await page.getByRole('button', { name: 'Create connector' }).click();
  expect(await audit(page)).toEqual([]);
  await context.close();
});

test('polling pauses while the tab is hidden and resumes when shown', async ({ page }) => {
  await page.goto('/connectors');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(page.getByTestId('poll-status')).toContainText('paused while this tab is hidden', { timeout: 10_000 });
  let polls = 0;
  page.on('request', (r) => r.url().includes('/api/streamkap/sources?') && polls++);
  await page.waitForTimeout(5000);
  expect(polls).toBe(0);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(page.getByTestId('poll-status')).toContainText('live', { timeout: 10_000 });
  expect(polls).toBeGreaterThan(0);
});
