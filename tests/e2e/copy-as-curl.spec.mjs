// "Copy as curl" where the connector forms' spec (raw-config.spec.mjs) does not reach: the
// Laminar profile and table forms, and the connector detail page. Each command must be the
// request the app sends — method, the backend's URL, the body — with no credential and no
// secret in it, only placeholders.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

/** The JSON body of a curl command (`--data-raw '…'`). */
function bodyOf(cmd) {
  const m = cmd.match(/--data-raw '([\s\S]*)'\s*$/);
  expect(m, cmd).toBeTruthy();
  return JSON.parse(m[1].replaceAll("'\\''", "'"));
}

/** Opens the "Copy as curl" panel and returns its command once it shows `expected`. */
async function openCurl(page, expected) {
  await page.getByText('Copy as curl').click();
  const curl = page.getByTestId('curl');
  await expect(curl).toContainText(expected);
  return curl;
}

test('Laminar profile form: the create request, the secret typed as a placeholder', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/new-profile?connector=kafka&backend=laminar');
  await page.getByLabel('Profile name').fill('curl-kafka');
  await page.getByLabel('Bootstrap servers').fill('broker-1:9092');
  await page.getByRole('group', { name: 'Authentication' }).getByRole('radio', { name: 'SASL', exact: true }).check();
  await page.getByLabel('Mechanism').selectOption('SCRAM-SHA-256');
  await page.getByLabel('Username', { exact: true }).fill('laminar');
  await page.getByLabel('Password', { exact: true }).fill('hunter2-secret');

  const curl = await openCurl(page, 'connection_profiles');
  await expect(curl).toContainText(/^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/laminar\/api\/v1\/connection_profiles'/);
  await expect(curl).toContainText('"password": "$SECRET_PASSWORD"');
  await expect(curl).not.toContainText('hunter2-secret');
  // This backend takes no credentials: the command sends none.
  await expect(curl).not.toContainText('Authorization');
  // It follows what is typed while it is open.
  await page.getByLabel('Username', { exact: true }).fill('laminar-2');
  await expect(curl).toContainText('"username": "laminar-2"');
  const cmd = await curl.textContent();

  // Exactly what "Create profile" sends, but for the secret.
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/laminar/api/v1/connection_profiles') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Create profile' }).click();
  const body = (await sent).postDataJSON();
  expect(body.config.authentication.password).toBe('hunter2-secret');
  body.config.authentication.password = '$SECRET_PASSWORD';
  expect(bodyOf(cmd)).toEqual(body);
  await expect(page.getByText('Created profile “curl-kafka”.')).toBeVisible();
  expect(problems).toEqual([]);
});

test('Laminar table form: the create request with the side, the const discriminators and a placeholder', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/new-table?connector=nats&side=source&backend=laminar');
  await expect(page.getByRole('heading', { name: 'New NATS source table' })).toBeVisible();
  await page.getByLabel('Table name').fill('nats-orders');
  await page.getByLabel('Servers').fill('nats-1:4222');
  await page.getByRole('group', { name: 'Authentication' }).getByRole('radio', { name: 'Credentials' }).check();
  await page.getByLabel('Username', { exact: true }).fill('reader');
  await page.getByLabel('Password', { exact: true }).fill('hunter2-secret');
  await page.getByLabel('Subject', { exact: true }).fill('orders.>');
  await page.getByLabel('Format').selectOption('json');

  const curl = await openCurl(page, 'connection_tables');
  await expect(curl).toContainText(/^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/laminar\/api\/v1\/connection_tables'/);
  await expect(curl).toContainText('"password": "$SECRET_PASSWORD"');
  await expect(curl).not.toContainText('hunter2-secret');
  const cmd = await curl.textContent();
  const shown = bodyOf(cmd);
  expect(shown.table_type).toBe('source');
  expect(shown.config.connector_type).toEqual({ type: 'source', subject: 'orders.>' });

  const sent = page.waitForRequest((r) => r.url().endsWith('/api/laminar/api/v1/connection_tables') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Create table' }).click();
  const body = (await sent).postDataJSON();
  expect(body.config.authentication).toEqual({ type: 'credentials', username: 'reader', password: 'hunter2-secret' });
  body.config.authentication.password = '$SECRET_PASSWORD';
  expect(shown).toEqual(body);
  await expect(page).toHaveURL(/\/tables\?created=nats-orders/);
  expect(problems).toEqual([]);
});

test('connector detail: the request that saves the stored config again, its secret a placeholder', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/connector?backend=kc&kind=destinations&id=warehouse-jdbc-sink');
  await expect(page.getByRole('heading', { name: 'warehouse-jdbc-sink' })).toBeVisible();
  const curl = await openCurl(page, 'warehouse-jdbc-sink');
  await expect(curl).toContainText(/^curl -X PUT 'http:\/\/127\.0\.0\.1:\d+\/api\/kafka-connect\/connectors\/warehouse-jdbc-sink\/config'/);
  await expect(curl).toContainText('"connection.password": "$SECRET_CONNECTION_PASSWORD"');
  await expect(curl).not.toContainText('demo-password');
  const body = bodyOf(await curl.textContent());
  expect(body['connection.url']).toBe('jdbc:postgresql://warehouse.internal.example.com:5432/dw');
  expect(body['table.name.format']).toBe('dw.${topic}');
  // The panel stays open while the page polls the connector's status.
  await page.waitForTimeout(3500);
  await expect(curl).toBeVisible();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  expect(problems).toEqual([]);
});
