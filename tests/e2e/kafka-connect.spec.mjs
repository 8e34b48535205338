// Kafka Connect against sim-server: a form driven by the validate endpoint, server errors on
// fields, create, RUNNING, a failed task with its trace, restart failed tasks, edit keeping
// unknown keys and secret references; Confluent Cloud: sign-in, custom plugin paging, 429,
// masked secrets on edit.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole, field } from './helpers.mjs';

const JDBC = '/new?backend=kc&kind=destinations&type=io.confluent.connect.jdbc.JdbcSinkConnector';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

async function openAdvanced(page, groupName) {
  const section = page.locator('section.form-section', { has: page.getByRole('heading', { name: groupName, exact: true }) });
  await section.locator('details.advanced > summary').click();
}

test('JDBC sink: fields follow the connection method, server errors land on fields, then it runs', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(JDBC);
  await expect(page.getByRole('heading', { name: 'New Jdbc Sink destination' })).toBeVisible();
  // The form comes from the validate endpoint: the password applies to the default method.
  await expect(field(page, 'connection.password')).toBeVisible();
  await expect(field(page, 'aws.region')).toHaveCount(0);
  const method = page.getByLabel('Authentication method');
  await method.selectOption('iam');
  await expect(field(page, 'aws.region')).toBeVisible();
  await expect(field(page, 'aws.role.arn')).toBeVisible();
  await expect(field(page, 'connection.password')).toHaveCount(0);
  await method.selectOption('ssl');
  await expect(field(page, 'ssl.truststore.location')).toBeVisible();
  await expect(field(page, 'aws.region')).toHaveCount(0);
  await method.selectOption('iam');

  // Recommended values change with the config: SQLite allows fewer insert modes.
  await openAdvanced(page, 'Dialect');
  await page.getByLabel('Database Dialect').selectOption('SqliteDatabaseDialect');
  await expect(page.getByLabel('Insert Mode').locator('option')).toHaveText(['— None —', 'insert', 'upsert']);

  // Only the server knows what a valid role ARN is: its error appears at the field.
  await page.getByLabel('IAM role ARN').fill('my-role');
  await expect(field(page, 'aws.role.arn')).toContainText('Must be an IAM role ARN');
  await expect(page.getByLabel('IAM role ARN')).toHaveAttribute('aria-invalid', 'true');

  // Creating is refused while the server counts errors; they show on their fields.
  await page.getByLabel('Name', { exact: true }).fill('orders-jdbc');
  await page.getByLabel('Topics', { exact: true }).fill('orders');
  await page.getByLabel('Topics', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.locator('[role="alert"]').first()).toContainText('JDBC URL');
  await page.getByLabel('JDBC URL').fill('jdbc:postgresql://warehouse.example.com:5432/dw');
  await page.getByLabel('IAM role ARN').fill('arn:aws:iam::123456789012:role/connect');
  await page.getByLabel('AWS region').selectOption('eu-west-1');
  await expect(field(page, 'aws.role.arn').locator('.error')).toHaveCount(0);
  const [put] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/connectors/orders-jdbc/config')),
    page.getByRole('button', { name: 'Create connector' }).click(),
  ]);
  const body = put.postDataJSON();
  expect(body['connector.class']).toBe('io.confluent.connect.jdbc.JdbcSinkConnector');
  expect(body.name).toBe('orders-jdbc');
  expect(body.topics).toBe('orders');
  expect(body['connection.method']).toBe('iam');
  expect(body).not.toHaveProperty('connection.password');
  expect(Object.values(body).every((v) => typeof v === 'string')).toBe(true);

  await expect(page.getByRole('heading', { name: 'orders-jdbc' })).toBeVisible();
  await expect(page.locator('.status-block .badge')).toHaveText('RUNNING', { timeout: 20_000 });
  expect(problems).toEqual([]);
});

test('a failed task: honest status, readable trace, restart failed tasks; edit keeps unknown keys and secret references', async ({ page }) => {
  await page.goto(JDBC);
  await page.getByLabel('Name', { exact: true }).fill('flaky-jdbc');
  await page.getByLabel('Tasks max').fill('3');
  await page.getByLabel('Topics', { exact: true }).fill('payments');
  await page.getByLabel('Topics', { exact: true }).press('Enter');
  await page.getByLabel('JDBC URL').fill('jdbc:postgresql://db.example.com/dw');
  await page.getByLabel('JDBC Password', { exact: true }).fill('${file:/opt/secrets/db.properties:password}');
  // Keys the plugin does not describe go in "Other properties" and survive.
  await page.getByRole('button', { name: 'Add property' }).click();
  await page.getByLabel('Property key').last().fill('simulate.task.failure');
  await page.getByLabel('Property key').last().blur();
  await page.getByLabel('Value of simulate.task.failure').fill('true');
  await page.getByLabel('Value of simulate.task.failure').blur();
  await page.getByRole('button', { name: 'Add property' }).click();
  await page.getByLabel('Property key').last().fill('consumer.override.max.poll.records');
  await page.getByLabel('Property key').last().blur();
  await page.getByLabel('Value of consumer.override.max.poll.records').fill('250');
  await page.getByLabel('Value of consumer.override.max.poll.records').blur();
  await page.getByRole('button', { name: 'Create connector' }).click();

  await expect(page.getByRole('heading', { name: 'flaky-jdbc' })).toBeVisible();
  // One task of three fails: the connector still says RUNNING, and health says degraded.
  await expect(page.locator('table tr[data-task]')).toHaveCount(3, { timeout: 20_000 });
  await expect(page.locator('tr[data-task] .badge', { hasText: 'FAILED' })).toHaveCount(1, { timeout: 20_000 });
  await expect(page.locator('.status-block .badge')).toHaveAttribute('data-health', 'degraded');
  const why = page.getByRole('region', { name: 'Why it failed' });
  // The root cause ("Caused by:") comes first, on its own; the rest is behind a disclosure.
  await expect(why.locator('.trace-head')).toHaveCount(1);
  const head = await why.locator('.trace-head').innerText();
  expect(head).toBe('org.apache.kafka.connect.errors.DataException: Poison record in orders at offset 4211: field "amount" is not a valid DECIMAL(10,2)');
  await why.getByText('Full trace').click();
  await expect(why.locator('pre')).toContainText('Caused by');

  // The list finds it fast.
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await page.getByRole('button', { name: /^Degraded \(\d+\)$/ }).click();
  await expect(page.locator('tbody tr[data-name="flaky-jdbc"]')).toBeVisible();
  await page.getByRole('link', { name: 'flaky-jdbc' }).click();

  const [restart] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/restart')),
    page.getByRole('button', { name: 'Restart failed tasks' }).click(),
  ]);
  expect(restart.url()).toContain('includeTasks=true');
  expect(restart.url()).toContain('onlyFailed=true');
  await expect(page.locator('tr[data-task] .badge', { hasText: /RESTARTING|RUNNING/ }).first()).toBeVisible();

  // Restart one task.
  const [one] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && /\/tasks\/\d+\/restart/.test(r.url())),
    page.getByRole('button', { name: 'Restart task 1' }).click(),
  ]);
  expect(one.url()).toContain('/connectors/flaky-jdbc/tasks/1/restart');

  // Edit: unknown keys are listed and kept; the secret reference round-trips untouched.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit flaky-jdbc' })).toBeVisible();
  await expect(page.locator('[data-other-key="consumer.override.max.poll.records"]')).toBeVisible();
  await openAdvanced(page, 'Writes');
  await page.getByLabel('Batch Size').fill('1000');
  const [save] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/connectors/flaky-jdbc/config')),
    (async () => {
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('button', { name: 'Confirm and save' }).click();
    })(),
  ]);
  const saved = save.postDataJSON();
  expect(saved['batch.size']).toBe('1000');
  expect(saved['consumer.override.max.poll.records']).toBe('250');
  expect(saved['simulate.task.failure']).toBe('true');
  expect(saved['connection.password']).toBe('${file:/opt/secrets/db.properties:password}');
});

test('409 while Kafka Connect rebalances is retried with backoff and explained', async ({ page, request }) => {
  await page.goto('/connectors?backend=kc');
  await page.getByRole('link', { name: 'clickstream-datagen' }).click();
  await expect(page.locator('.status-block .badge')).toHaveText('RUNNING');
  await request.post('/__sim/conflict?count=2');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.waiting')).toContainText('rebalancing');
  await expect(page.locator('.status-block .badge')).toHaveText('PAUSED', { timeout: 20_000 });
  await expect(page.locator('.waiting')).toBeEmpty();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.status-block .badge')).toHaveText('RUNNING', { timeout: 20_000 });
});

test('a connector deleted elsewhere is handled gracefully', async ({ page, request }) => {
  await page.goto('/connectors?backend=kc');
  await page.getByRole('link', { name: 'clickstream-datagen' }).click();
  await expect(page.locator('.status-block .badge')).toHaveText('RUNNING');
  await request.delete('/api/kafka-connect/connectors/clickstream-datagen');
  await expect(page.getByRole('heading', { name: 'This connector no longer exists' })).toBeVisible({ timeout: 15_000 });
});

test('Confluent Cloud: sign in, page through custom plugins, filter by cloud', async ({ page }) => {
  await page.goto('/catalog?backend=cc');
  // Without credentials the API answers 401: the sign-in prompt opens by itself.
  const dialog = page.getByRole('dialog', { name: /Sign in to Confluent Cloud/ });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Cloud API key').fill('CKEY123');
  await dialog.getByLabel('Cloud API secret').fill('csecret-abc');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  // Signing in retries what failed; nothing else to click.
  await expect(page.getByText(/All \d+ custom plugins loaded\./)).toBeVisible({ timeout: 30_000 });
  const total = Number((await page.getByText(/All \d+ custom plugins loaded\./).innerText()).match(/\d+/)[0]);
  expect(total).toBeGreaterThan(200);
  const before = await page.locator('.card').count();
  const clouds = page.getByRole('group', { name: 'Filter by label' });
  await clouds.getByRole('button', { name: 'GCP' }).click();
  const after = await page.locator('.card').count();
  expect(after).toBeLessThan(before);
  expect(after).toBeGreaterThan(0);
  // No secret reached storage or the URL.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + location.href);
  expect(stored).not.toContain('csecret-abc');

  // Every failed connector says why in the list, whichever field Confluent put the reason in:
  // a trace that opens with a lead-in, errors_from_trace, validation_errors.
  await page.getByRole('link', { name: 'Connectors' }).click();
  const reason = (name) => page.locator(`tr[data-name="${name}"] td.reason`);
  await expect(reason('archive-s3')).toHaveText('There were some errors with your configuration: kafka.api.key: Provided Kafka ApiKey is invalid');
  await expect(reason('directory-custom')).toContainText('UnknownHostException: ldap.corp.invalid');
  await expect(reason('legacy-custom')).toContainText(/^connection\.\S+: /);
  await expect(reason('events-custom')).toHaveText('');
});

test('Confluent Cloud: 429 waits as told; a masked secret stays set on edit', async ({ page, request }) => {
  await page.goto('/connectors?backend=cc');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Cloud API key').fill('CKEY123');
  await dialog.getByLabel('Cloud API secret').fill('csecret-abc');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('tbody tr').first()).toBeVisible({ timeout: 15_000 });
  await request.post('/__sim/rate-limit?count=1');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.locator('.waiting')).toContainText('rate limiting');
  await expect(page.locator('.waiting')).toBeEmpty({ timeout: 10_000 });
  await expect(page.locator('.banner-error')).toHaveCount(0);

  const first = page.locator('tbody tr a').first();
  const name = await first.innerText();
  await first.click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${name}` })).toBeVisible();
  const kept = page.locator('.note', { hasText: 'Set — unchanged' });
  await expect(kept.first()).toBeVisible();
  const [put] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/config')),
    (async () => {
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('button', { name: 'Confirm and save' }).click();
    })(),
  ]);
  expect(put.postData()).not.toContain('****');
  expect(put.headers()['authorization']).toMatch(/^Basic /);
});
