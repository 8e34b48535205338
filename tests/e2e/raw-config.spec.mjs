// "Configuration as JSON" on connector forms: view and edit the config as JSON, apply it to
// the form, download it, load it from a file — never with a secret in it.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resetSim, watchConsole, fillPostgres, field } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

test('Streamkap form: JSON view, apply edits, bad JSON explained, download and load without secrets', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/new?kind=sources&type=postgresql');
  await fillPostgres(page, { name: 'raw-pg', host: 'db.example.com' });

  await page.getByText('Configuration as JSON').click();
  const json = page.getByLabel('Configuration (JSON)');
  await expect(json).toHaveValue(/"database\.hostname\.user\.defined": "db\.example\.com"/);
  expect(await json.inputValue()).not.toContain('s3cret-pass');
  await expect(page.getByText(/Secrets are left out: .*database\.password/)).toBeVisible();

  // Edit the text and apply it: the form follows; a key the connector does not have is named.
  const doc = JSON.parse(await json.inputValue());
  doc['database.hostname.user.defined'] = 'replica.example.com';
  doc['database.port.user.defined'] = '6543';
  doc['not.a.setting'] = 'x';
  await json.fill(JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Apply to form' }).click();
  await expect(page.getByLabel('Hostname', { exact: true })).toHaveValue('replica.example.com');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('6543');
  await expect(page.getByText('Applied to the form: 2 fields changed. Not settings of this connector, so left out: not.a.setting.')).toBeVisible();
  // The password typed earlier is still there.
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('s3cret-pass');

  // Broken JSON: an error on the text box, and nothing in the form changes.
  await json.fill('{ "database.port": ');
  await page.getByRole('button', { name: 'Apply to form' }).click();
  await expect(json).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Invalid JSON at line 1, column 19/)).toBeVisible();
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('6543');

  // Download: the file holds the config, not the password.
  await page.getByRole('button', { name: 'Refresh from form' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('raw-pg.json');
  const saved = readFileSync(await file.path(), 'utf8');
  expect(JSON.parse(saved)['database.hostname.user.defined']).toBe('replica.example.com');
  expect(saved).not.toContain('s3cret-pass');

  // Load a file: a create body ({name, config}) fills the form, name included.
  await page.getByLabel('Load a file…').setInputFiles({
    name: 'orders.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ name: 'from-file', config: { ...JSON.parse(saved), 'database.port.user.defined': '7777' } })),
  });
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('from-file');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('7777');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('s3cret-pass');

  // And it still submits: the applied config is the form's config.
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { name: 'from-file' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toContain('s3cret-pass');
  expect(problems).toEqual([]);
});

test('Kafka Connect form: keys the plugin does not describe land in Other properties', async ({ page }) => {
  await page.goto('/new?backend=kc&kind=destinations&type=io.confluent.connect.jdbc.JdbcSinkConnector');
  await expect(page.getByRole('heading', { name: 'New Jdbc Sink destination' })).toBeVisible();
  await page.getByText('Configuration as JSON').click();
  const json = page.getByLabel('Configuration (JSON)');
  await expect(json).toHaveValue(/"connector\.class": "io\.confluent\.connect\.jdbc\.JdbcSinkConnector"/);
  await json.fill(JSON.stringify({
    name: 'dw-sink',
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'connection.url': 'jdbc:postgresql://dw.example.com:5432/dw',
    'connection.password': '${file:/opt/connect/secrets.properties:dw}',
    transforms: 'unwrap',
    'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
  }, null, 2));
  await page.getByRole('button', { name: 'Apply to form' }).click();
  await expect(page.getByText(/Under “Other properties”: transforms\.unwrap\.type\./)).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('dw-sink');
  await expect(field(page, 'connection.url').locator('input')).toHaveValue('jdbc:postgresql://dw.example.com:5432/dw');
  await expect(page.locator('[data-other-key="transforms.unwrap.type"] input').nth(1)).toHaveValue('io.debezium.transforms.ExtractNewRecordState');
  // A secret reference is not a secret: it shows in the JSON view.
  await page.getByRole('button', { name: 'Refresh from form' }).click();
  await expect(json).toHaveValue(/\$\{file:\/opt\/connect\/secrets\.properties:dw\}/);
});

test('copy as curl: the request saving would send, with the backend URL and no credential or secret', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/new?backend=kc&kind=destinations&type=io.confluent.connect.jdbc.JdbcSinkConnector');
  await page.getByLabel('JDBC URL').fill('jdbc:postgresql://db:5432/x');
  await page.getByLabel('JDBC Password', { exact: true }).fill('hunter2-secret');
  await page.getByLabel('Name', { exact: true }).fill('curl-jdbc');
  await page.getByText('Copy as curl').click();
  const curl = page.getByTestId('curl');
  await expect(curl).toContainText(/curl -X PUT 'http:\/\/[^']+\/api\/kafka-connect\/connectors\/curl-jdbc\/config'/);
  await expect(curl).toContainText('jdbc:postgresql://db:5432/x');
  await expect(curl).toContainText('$SECRET_CONNECTION_PASSWORD');
  await expect(curl).not.toContainText('hunter2-secret');
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  expect(problems).toEqual([]);
});
