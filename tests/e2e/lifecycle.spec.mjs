// Drafts across reloads, server errors where they belong, and the connector lifecycle:
// pause, resume, delete with confirmation; deep links that survive a reload.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole, field, fillPostgres } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'none');
});

test('a reload mid-form keeps the draft, but never the password', async ({ page }) => {
  await page.goto('/new?kind=sources&type=postgresql');
  await page.getByLabel('Name', { exact: true }).fill('half-done');
  await page.getByLabel('Hostname', { exact: true }).fill('typed.example.com');
  await page.getByLabel('Password', { exact: true }).fill('do-not-store-me');
  await page.getByLabel('Connect via SSH tunnel').check();
  await page.getByLabel('SSH Host').fill('jump.example.com');
  await page.waitForTimeout(700); // the draft is saved shortly after typing stops
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain('typed.example.com');
  expect(stored).not.toContain('do-not-store-me');

  await page.reload();
  await expect(page.getByText('Draft restored')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('half-done');
  await expect(page.getByLabel('Hostname', { exact: true })).toHaveValue('typed.example.com');
  await expect(page.getByLabel('Connect via SSH tunnel')).toBeChecked();
  await expect(page.getByLabel('SSH Host')).toHaveValue('jump.example.com');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

  await page.getByRole('button', { name: 'Discard draft' }).click();
  await expect(page.getByLabel('Hostname', { exact: true })).toHaveValue('');
  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
  await expect(page.getByText('Draft restored')).toHaveCount(0);
});

test('server errors land on the field or in a banner, and nothing typed is lost', async ({ page, request }) => {
  // A duplicate name is a banner.
  await resetSim(page, request, 'demo');
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: 'orders-postgres', host: 'db.example.com' });
  await page.getByRole('button', { name: 'Create connector' }).click();
  const banner = page.locator('.banner-error');
  await expect(banner).toContainText('already exists');
  await expect(page.getByLabel('Hostname', { exact: true })).toHaveValue('db.example.com');

  // A 503 is a banner with "Try again"; retrying succeeds with the same values.
  await request.post('/__sim/fail?status=503&path=/sources&count=1');
  await page.getByLabel('Name', { exact: true }).fill('orders-two');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(banner).toContainText('Server error (503)');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('s3cret-pass');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'orders-two' })).toBeVisible();
});

test('a FastAPI 422 is shown at the field it names', async ({ page }) => {
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: 'typed-wrong', host: 'db.example.com' });
  // Make the server see a JSON number where it wants a string, as a buggy client would.
  await page.route('**/api/streamkap/sources?*', async (route) => {
    const body = route.request().postDataJSON();
    body.config['database.port.user.defined'] = 5432;
    await route.continue({ postData: JSON.stringify(body) });
  });
  await page.getByRole('button', { name: 'Create connector' }).click();
  const port = page.getByLabel('Port', { exact: true });
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'database.port.user.defined')).toContainText('Input should be a valid string.');
  await expect(port).toBeFocused();
  await expect(page.locator('.banner-error')).toContainText('The server rejected 1 field');
});

test('a network failure is a banner with retry', async ({ page }) => {
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: 'offline-try', host: 'db.example.com' });
  await page.route('**/api/streamkap/sources?*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Create connector' }).click();
  const banner = page.locator('.banner-error');
  await expect(banner).toContainText("Can't reach the server");
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('offline-try');
  await page.unroute('**/api/streamkap/sources?*');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'offline-try' })).toBeVisible();
});

test('submit is disabled while the request is in flight: one click, one connector', async ({ page, request }) => {
  await request.post('/__sim/latency?ms=1500');
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: 'only-once', host: 'db.example.com' });
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().includes('/sources') && posts.push(r.url()));
  const button = page.getByRole('button', { name: 'Create connector' });
  await button.click();
  await expect(page.getByRole('button', { name: 'Creating…' })).toBeDisabled();
  await page.getByRole('button', { name: 'Creating…' }).click({ force: true }).catch(() => {});
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'only-once' })).toBeVisible();
  expect(posts.length).toBe(1);
  await request.post('/__sim/latency?ms=0');
});

test('pause, resume and delete with confirmation; deep links survive reload', async ({ page, request }) => {
  const problems = watchConsole(page);
  await resetSim(page, request, 'demo');
  await page.goto('/connectors');
  await page.getByRole('link', { name: 'orders-postgres' }).click();
  await expect(page.locator('.status-block .badge')).toHaveText('Active');

  // A deep link reloads to the same place.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'orders-postgres' })).toBeVisible();

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.status-block .badge')).toHaveText('Paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.status-block .badge')).toHaveText(/Pending|Starting/);
  await expect(page.locator('.status-block .badge')).toHaveText('Active', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Delete “orders-postgres”?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page).toHaveURL(/\/connectors\?deleted=orders-postgres/);
  await expect(page.getByText('Deleted “orders-postgres”.')).toBeVisible();
  await expect(page.locator('tr[data-name="orders-postgres"]')).toHaveCount(0);
  await expect(page.locator('tr[data-name="inventory-mysql"]')).toBeVisible();

  // A link to a connector that is gone says so.
  await page.goBack();
  await expect(page).toHaveURL(/\/connector\?kind=sources&id=/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This connector no longer exists' })).toBeVisible();
  expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
});

test('edit: prefilled, set-once fields locked, unchanged secret kept', async ({ page, request }) => {
  await resetSim(page, request, 'demo');
  await page.goto('/connectors');
  await page.getByRole('link', { name: 'orders-postgres' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit orders-postgres' })).toBeVisible();
  await expect(page.getByLabel('Hostname', { exact: true })).toHaveValue('orders-db.internal.example.com');
  await expect(field(page, 'database.password')).toContainText('Set — unchanged');
  await expect(page.getByLabel('Replication Slot')).toHaveAttribute('readonly', '');
  await page.getByLabel('Hostname', { exact: true }).fill('orders-db-2.internal.example.com');
  // Review before update: the change is listed, secrets masked, nothing sent until confirmed.
  let puts = 0;
  page.on('request', (r) => { if (r.method() === 'PUT') puts += 1; });
  await page.getByRole('button', { name: 'Save changes' }).click();
  const review = page.getByTestId('review');
  await expect(review.getByRole('heading', { name: 'Review changes' })).toBeFocused();
  const row = review.locator('tr', { hasText: 'database.hostname.user.defined' });
  await expect(row).toContainText('changed');
  await expect(row).toContainText('orders-db.internal.example.com');
  await expect(row).toContainText('orders-db-2.internal.example.com');
  await expect(review).not.toContainText('s3cret');
  expect(puts).toBe(0);
  await review.getByRole('button', { name: 'Keep editing' }).click();
  await expect(review).toHaveCount(0);
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PUT'),
    (async () => {
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('button', { name: 'Confirm and save' }).click();
    })(),
  ]);
  const body = req.postDataJSON();
  expect(body.config['database.hostname.user.defined']).toBe('orders-db-2.internal.example.com');
  expect(body.config).not.toHaveProperty('database.password');
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.locator('.config-row', { hasText: 'database.hostname.user.defined' })).toContainText('orders-db-2');
});
