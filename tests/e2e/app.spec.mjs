// The catalog, runtime configuration and its fallbacks, the in-browser simulator, the live
// list, and keyboard-only use.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resetSim, watchConsole } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

test('catalog: sources and destinations, search, icons with initials', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Sources' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  await expect(page.locator('.card', { hasText: 'PostgreSQL' }).locator('.connector-icon')).toHaveText('PO');
  await page.getByRole('link', { name: 'Destinations' }).click();
  await expect(page).toHaveURL(/kind=destinations/);
  await expect(page.getByRole('link', { name: /Snowflake/ })).toBeVisible();
  await page.getByLabel('Search connectors').fill('snow');
  await expect(page.locator('.card')).toHaveCount(1);
  await expect(page.getByText('1 connector')).toBeVisible();
  await page.getByLabel('Search connectors').fill('nothing-like-this');
  await expect(page.locator('.card')).toHaveCount(0);
});

test('a malformed catalog entry is skipped with a notice and the rest still works', async ({ page }) => {
  await page.route('**/api/streamkap/sources/connectors', async (route) => {
    const resp = await route.fetch();
    const body = await resp.json();
    body['Broken Thing'] = { connector: 'broken', config: 'not-a-list' };
    body.PostgreSQL.config.push({ name: 'weird.prop', user_defined: true, value: 7 });
    await route.fulfill({ response: resp, json: body });
  });
  await page.goto('/catalog');
  const notice = page.locator('.banner-notice');
  await expect(notice).toContainText('2 catalog entries could not be read');
  await notice.getByText('Details').click();
  await expect(notice).toContainText('Connector “Broken Thing”');
  await expect(notice).toContainText('property “weird.prop” skipped');
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
});

test('an unknown control kind renders as text and says so', async ({ page }) => {
  await page.goto('/new?kind=sources&type=webhook');
  await expect(page.getByRole('heading', { name: 'New Webhook source' })).toBeVisible();
  for (const summary of await page.locator('details.advanced > summary').all()) await summary.click();
  const f = page.locator('.field', { has: page.locator('.note', { hasText: 'doesn\'t know' }) }).first();
  await expect(f).toContainText('sparkline-picker');
  await expect(f.locator('input[type="text"]')).toBeVisible();
});

test('a missing or broken config.json falls back to the simulated backend with a notice', async ({ page }) => {
  for (const body of [null, '{ "backends": ']) {
    await page.route('**/config.json', (route) =>
      body === null ? route.fulfill({ status: 404, body: 'nope' }) : route.fulfill({ status: 200, body }));
    await page.goto('/catalog');
    await expect(page.locator('.app-notices')).toContainText('using the built-in simulated backend');
    await expect(page.getByLabel('Backend')).toHaveValue('demo');
    await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
    await page.unroute('**/config.json');
  }
});

test('the shipped config.json: all four APIs, simulated in the page, switched from the header', async ({ page }) => {
  const problems = watchConsole(page);
  const shipped = readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8');
  await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: shipped }));
  const apiCalls = [];
  page.on('request', (r) => r.url().includes('/api/') && apiCalls.push(r.url()));
  await page.goto('/');
  await expect(page.getByLabel('Backend')).toHaveValue('demo');
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  const picker = page.getByLabel('Backend');
  await picker.selectOption({ label: 'Kafka Connect (simulated)' });
  await expect(page).toHaveURL(/backend=kafka-connect-demo/);
  await expect(page.getByRole('link', { name: /Postgres/ })).toBeVisible();
  await page.getByLabel('Backend').selectOption({ label: 'Confluent Cloud (simulated)' });
  await expect(page).toHaveURL(/backend=confluent-demo/);
  await expect(page.getByText(/All \d+ custom plugins loaded\./)).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Backend').selectOption({ label: 'Laminar (simulated)' });
  await expect(page).toHaveURL(/backend=laminar-demo/);
  await expect(page.getByRole('heading', { name: 'Laminar connectors' })).toBeVisible();
  await expect(page.locator('.lam-card').first()).toBeVisible();
  // No server was asked anything.
  expect(apiCalls).toEqual([]);
  expect(problems).toEqual([]);
});

test('?backend= selects a backend; an unknown one says so', async ({ page }) => {
  await page.goto('/catalog?backend=demo');
  await expect(page.getByLabel('Backend')).toHaveValue('demo');
  // Links keep the chosen backend.
  await expect(page.getByRole('link', { name: 'Connectors', exact: true })).toHaveAttribute('href', '/connectors?backend=demo');
  await page.goto('/catalog?backend=nope');
  await expect(page.locator('.app-notices')).toContainText('There is no backend “nope”');
});

test('the in-browser simulator: create a connector with no server at all', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/catalog?backend=demo');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/connectors?backend=demo');
  await expect(page.locator('tr[data-name="orders-postgres"]')).toBeVisible();
  await page.goto('/new?kind=destinations&type=snowflake&backend=demo');
  await page.getByLabel('Name', { exact: true }).fill('warehouse');
  await page.getByLabel('Account URL').fill('acme.snowflakecomputing.com');
  await page.getByLabel('Username', { exact: true }).fill('LOADER');
  await page.getByLabel('Private Key', { exact: true }).fill('MIIEvQ-not-real');
  await page.getByLabel('Database', { exact: true }).fill('RAW');
  await page.getByLabel('Schema', { exact: true }).fill('PUBLIC');
  await page.getByRole('button', { name: 'Create connector' }).click();
  const summary = page.locator('#error-summary');
  if (await summary.isVisible().catch(() => false)) {
    throw new Error(`unexpected validation errors: ${await summary.innerText()}`);
  }
  await expect(page.getByRole('heading', { name: 'warehouse' })).toBeVisible();
  await expect(page.locator('.status-block .badge')).toHaveText('Active', { timeout: 20_000 });
  // The in-browser simulator keeps its state across a reload, without secrets.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'warehouse' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain('MIIEvQ-not-real');
  expect(problems).toEqual([]);
});

test('live list: counts per state, filter, and status changes announced', async ({ page }) => {
  await page.goto('/connectors');
  await expect(page.getByRole('button', { name: 'All (3)' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Failed (1)' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr')).toContainText('inventory-mysql');
  await page.getByRole('button', { name: 'All (3)' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('poll-status')).toContainText(/Updated (just now|\ds ago) · live/);

  // A change made elsewhere shows up by itself and is announced.
  const list = await (await page.request.get('/api/streamkap/sources?page=1&page_size=10')).json();
  const pg = list.result.find((c) => c.name === 'orders-postgres');
  pg.config['database.password'] = 'x';
  await page.request.put(`/api/streamkap/sources/${pg.id}`, {
    data: { name: pg.name, connector: pg.connector, config: pg.config, desired_state: 'Paused' },
  });
  await expect(page.locator('tr[data-name="orders-postgres"] .badge').first()).toHaveText('Paused', { timeout: 10_000 });
  await expect(page.getByTestId('announcer')).toHaveText('orders-postgres is now Paused.');
});

test('the status line says "refreshing…" only for a slow poll', async ({ page, request }) => {
  await page.goto('/connectors');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('poll-status')).toContainText('live');
  // Every text the line shows from now on.
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid=poll-status]');
    window.__lines = [];
    new MutationObserver(() => window.__lines.push(el.textContent))
      .observe(el, { subtree: true, characterData: true, childList: true });
  });
  const polls = () => page.evaluate(() => performance.getEntriesByName('cc-poll-data').length);
  // Quick polls: the line stays "live" (no repaint for a refresh nobody waits on).
  for (let i = 0; i < 2; i++) {
    const before = await polls();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(polls).toBeGreaterThan(before);
  }
  expect((await page.evaluate(() => window.__lines)).filter((l) => l.includes('refreshing'))).toEqual([]);
  // A slow poll says so while it lasts, then the line is live again.
  await request.post('/__sim/latency?ms=2500');
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('poll-status')).toContainText('refreshing…');
    await expect(page.getByTestId('poll-status')).toContainText('live', { timeout: 10_000 });
  } finally {
    await request.post('/__sim/latency?ms=0');
  }
});

test('polling backs off after errors and recovers', async ({ page, request }) => {
  await page.goto('/connectors');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  // Both lists fail (a list that fails in part shows the rest: see defects.spec.mjs); "s" is in
  // /sources and /destinations, and each poll reads both.
  await request.post('/__sim/fail?status=500&path=s&count=4');
  await expect(page.locator('.banner-error')).toContainText('Server error (500)', { timeout: 10_000 });
  await expect(page.getByTestId('poll-status')).toContainText('retrying in');
  // The last good data stays visible while it retries.
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await expect(page.locator('.banner-error')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('poll-status')).toContainText('live');

  // Failing from the first request: no endless "Loading…", no made-up count of zero.
  await request.post('/__sim/fail?status=503&path=s&count=4');
  await page.reload();
  await expect(page.locator('.banner-error')).toContainText('Server error (503)', { timeout: 10_000 });
  await expect(page.getByText('Loading connectors…')).toHaveCount(0);
  await expect(page.getByText('Nothing to show until the server answers.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Filter by state' }).getByRole('button').first()).toHaveText('All');
  await expect(page.locator('tbody tr')).toHaveCount(3, { timeout: 40_000 });
  await expect(page.getByRole('group', { name: 'Filter by state' }).getByRole('button').first()).toHaveText('All (3)');
});

test('keyboard only: from the catalog to a created connector', async ({ page, request }) => {
  await resetSim(page, request, 'none');
  await page.goto('/catalog');
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  // The skip link is first; then the header; Tab into the cards and open PostgreSQL.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  let found = false;
  for (let i = 0; i < 30 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.textContent?.includes('PostgreSQL'));
  }
  expect(found).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();

  // Enter in a text field submits; focus lands on the first invalid field.
  await page.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.type('kbd-pg');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Hostname', { exact: true })).toBeFocused();
  await page.keyboard.type('db.example.com');
  await page.keyboard.press('Tab'); // port (prefilled)
  await page.keyboard.press('Tab');
  await page.keyboard.type('streamkap');
  await page.keyboard.press('Tab');
  await page.keyboard.type('pw');
  await page.keyboard.press('Tab'); // Show button
  await page.keyboard.press('Tab');
  await page.keyboard.type('orders');
  await page.keyboard.press('Tab'); // SSL mode select
  await page.keyboard.press('Tab'); // SSH switch
  await page.keyboard.press('Space');
  await expect(page.getByLabel('SSH Host')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('SSH Host')).toHaveCount(0);
  // The summary's links move focus to the field.
  await page.getByRole('button', { name: 'Create connector' }).press('Enter');
  const link = page.locator('#error-summary a', { hasText: 'Schemas' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Schemas', { exact: true })).toBeFocused();
  await page.keyboard.type('public');
  await page.keyboard.press('Tab');
  await page.keyboard.type('public.orders');
  await page.getByRole('button', { name: 'Create connector' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'kbd-pg' })).toBeVisible();
});
