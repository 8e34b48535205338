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

test('modal dialogs keep keyboard focus inside, close on Escape and give focus back', async ({ page }) => {
  // The sign-in prompt opens by itself when a backend needs credentials.
  await page.goto('/catalog?backend=sk-auth');
  const dialog = page.getByRole('dialog', { name: /Sign in to/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Client ID')).toBeFocused();
  const inside = () => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));
  // Tab past the last control wraps to the first; Shift+Tab from the first wraps to the last.
  for (let i = 0; i < 9; i += 1) {
    await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
  }
  await dialog.getByLabel('Client ID').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Client ID')).toBeFocused();
  // Escape closes it; focus returns to the header's sign-in button.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.app-header').getByRole('button', { name: 'Sign in' })).toBeFocused();
  // Reopened from the keyboard, it works the same.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.app-header').getByRole('button', { name: 'Sign in' })).toBeFocused();

  // Laminar's "source or sink?" question wraps focus the same way.
  await page.goto('/catalog?backend=laminar');
  await page.getByRole('button', { name: 'Use Confluent Cloud' }).click();
  const side = page.getByRole('dialog', { name: /Use Confluent Cloud as/ });
  await expect(side.getByRole('button', { name: /Source/ })).toBeFocused();
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await inside()).toBe(true);
});

test('a long list, rendered near the viewport only, passes the audit scrolled anywhere', async ({ page }) => {
  await page.goto('/connectors?backend=bench');
  await expect(page.getByTestId('connector-table')).toHaveAttribute('aria-rowcount', '1001', { timeout: 30_000 });
  expect(await audit(page)).toEqual([]);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await expect(page.locator('tr[data-name="bulk-0500"]')).toBeAttached();
  expect(await audit(page)).toEqual([]);
});

test('on a 390 px phone screen nothing scrolls sideways, header included', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  for (const [url, ready] of [
    ['/catalog?backend=sk-auth', '.app-header'],
    ['/catalog?backend=laminar', '.lam-card'],
    ['/connectors?backend=kc', '.status-table, .status-list, table'],
    ['/connectors?backend=bench', 'tbody tr[data-name]'],
    ['/new?kind=sources&type=postgresql', 'form'],
    ['/jobs?backend=laminar', 'h1'],
  ]) {
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${url} is ${width} px wide`).toBeLessThanOrEqual(390);
  }
  await page.close();
});
