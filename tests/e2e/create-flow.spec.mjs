// Create a PostgreSQL source end to end against sim-server: required errors, the SSH tunnel
// appearing and disappearing, the exact request sent, and the connector coming up live.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole, field, fillPostgres } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'none');
});

test('PostgreSQL with an SSH tunnel: required errors, submit, watch it reach Active', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/catalog');
  await page.getByRole('link', { name: /PostgreSQL/ }).click();
  await expect(page.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();

  // Submitting the empty form shows the summary, marks fields and focuses the first.
  await page.getByRole('button', { name: 'Create connector' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Name: Name is required.');
  await expect(summary).toContainText('Hostname: Hostname is required.');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  const host = page.getByLabel('Hostname', { exact: true });
  await expect(host).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await host.getAttribute('aria-describedby');
  expect(describedBy).toContain('-err');
  const errId = describedBy.split(' ').find((id) => id.endsWith('-err'));
  await expect(page.locator(`#${errId}`)).toHaveText(/Hostname is required/);

  // The SSH fields appear only with the tunnel on; the server-filled key is shown, read-only.
  await expect(field(page, 'ssh.host')).toHaveCount(0);
  await page.getByLabel('Connect via SSH tunnel').check();
  await expect(field(page, 'ssh.host')).toBeVisible();
  await expect(page.getByLabel('SSH Public Key')).toHaveValue('<SSH.PUBLIC.KEY>');
  await expect(page.getByLabel('SSH Public Key')).toHaveAttribute('readonly', '');
  await page.getByLabel('Connect via SSH tunnel').uncheck();
  await expect(field(page, 'ssh.host')).toHaveCount(0);
  await page.getByLabel('Connect via SSH tunnel').check();

  await fillPostgres(page, { name: 'orders-pg', host: 'db.example.com' });
  await expect(host).toHaveAttribute('aria-invalid', 'false');
  // SSH host is required while the tunnel is on.
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(summary).toContainText('SSH Host: SSH Host is required.');
  await expect(page.getByLabel('SSH Host')).toBeFocused();
  await page.getByLabel('SSH Host').fill('bastion.example.com');

  const [req] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/api/streamkap/sources')),
    page.getByRole('button', { name: 'Create connector' }).click(),
  ]);
  const body = req.postDataJSON();
  expect(req.url()).toContain('secret_returned=true');
  expect(body.name).toBe('orders-pg');
  expect(body.connector).toBe('postgresql');
  expect(body.created_from).toBe('web');
  expect(body.config['database.port.user.defined']).toBe('5432');
  expect(body.config['ssh.enabled']).toBe(true);
  expect(body.config['ssh.host']).toBe('bastion.example.com');
  expect(body.config).not.toHaveProperty('ssh.public.key.user.displayed');
  expect(body.config).not.toHaveProperty('signal.data.collection.schema.or.database');
  expect(body.config).not.toHaveProperty('snapshot.custom.table.config.user.defined');

  // The detail page follows the connector up: Pending/Starting, then Active with tasks.
  await expect(page.getByRole('heading', { name: 'orders-pg' })).toBeVisible();
  await expect(page.locator('.status-block .badge')).toHaveText(/Pending|Starting/);
  await expect(page.locator('.status-block .badge')).toHaveText('Active', { timeout: 20_000 });
  await expect(page.locator('.status-block .badge')).toHaveAttribute('data-health', 'running');
  await expect(page.getByRole('table').first()).toContainText('RUNNING');
  // Secrets are masked in the config view.
  await expect(page.locator('.config-list')).not.toContainText('s3cret-pass');
  await expect(page.locator('.config-row', { hasText: 'database.password' })).toContainText('••••');
  expect(problems).toEqual([]);
});

test('an unreachable host goes Broken and says why', async ({ page }) => {
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: 'doomed-pg', host: 'db.unreachable.invalid' });
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { name: 'doomed-pg' })).toBeVisible();
  await expect(page.locator('.status-block .badge')).toHaveText('Broken', { timeout: 20_000 });
  const failure = page.getByRole('region', { name: 'Why it failed' });
  await expect(failure).toContainText('java.net.UnknownHostException: db.unreachable.invalid');
  await failure.getByText('Full trace').click();
  await expect(failure.locator('pre')).toContainText('ConnectException');

  // The list shows it as failed, with the reason.
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  const row = page.locator('tr[data-name="doomed-pg"]');
  await expect(row).toHaveAttribute('data-health', 'failed');
  await expect(row).toContainText('UnknownHostException');
});

test('a click right after typing an invalid value is not lost', async ({ page }) => {
  // Regression: typing a bad port and then checking the SSH switch did nothing. Playwright
  // scrolls the switch to the bottom edge, under the sticky action bar; the bar's transparent
  // gradient took the press, and the port's error appearing on blur moved the switch.
  await page.setViewportSize({ width: 1100, height: 1000 });
  await page.goto('/new?kind=sources&type=postgresql');
  await page.getByLabel('Name', { exact: true }).fill('orders-pg');
  await page.getByLabel('Port', { exact: true }).fill('54a');
  const toggle = page.getByLabel('Connect via SSH tunnel');
  await toggle.check();
  await expect(toggle).toBeChecked();
  await expect(page.locator('.field[data-key="database.port.user.defined"]')).toContainText('“54a” is not a number.');
  await expect(page.getByLabel('SSH Host')).toBeVisible();
  // Focus moved to an invalid field is shown clear of the bar.
  await page.getByRole('button', { name: 'Create connector' }).click();
  const bar = await page.locator('.form-actions').boundingBox();
  const f = await page.locator(':focus').boundingBox();
  expect(f.y + f.height).toBeLessThanOrEqual(bar.y);
});
