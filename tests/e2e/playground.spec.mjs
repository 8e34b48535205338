// The Playground: paste, load or link a definition — a JSON Schema, a Kafka Connect validate
// answer, a Streamkap property list — and see its form, its validation and the config it
// would send (without secrets). Also the page the rjsf benchmark driver opens.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { watchConsole } from './helpers.mjs';

const fixture = (p) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const S3 = fixture('playground/s3-sink.schema.json');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function serveSchema(page, name, body) {
  await page.route(`**/${name}`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
}

test('a linked JSON Schema: form, validation, config without secrets, and window.__bench', async ({ page }) => {
  const problems = watchConsole(page);
  await serveSchema(page, 's3.schema.json', S3);
  await page.goto('/playground?schema=s3.schema.json');
  await expect(page.getByText('Read as JSON Schema.')).toBeVisible();
  const bucket = page.getByLabel('Bucket', { exact: true });
  await expect(bucket).toBeVisible();
  // HTML help is rendered, not printed.
  await expect(page.locator('.pg-form code', { hasText: 'orders-archive' })).toBeVisible();
  // Both secret markers mask their inputs.
  await expect(page.getByLabel('Access key id', { exact: true })).toHaveAttribute('type', 'password');
  await expect(page.getByLabel('Secret access key', { exact: true })).toHaveAttribute('type', 'password');

  // Check: what is missing or wrong is listed and marked on its field.
  await bucket.fill('Not A Bucket!');
  await page.getByRole('button', { name: 'Check' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'to fix' });
  await expect(summary).toContainText('Bucket');
  await expect(summary).toContainText('Access key id');
  await expect(bucket).toHaveAttribute('aria-invalid', 'true');

  await bucket.fill('orders-archive');
  await page.getByLabel('Access key id', { exact: true }).fill('AKIAEXAMPLEKEY');
  await page.getByLabel('Secret access key', { exact: true }).fill('wJalr-very-secret');
  await page.getByLabel('Key prefix', { exact: true }).fill('cdc/');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('No problems found.')).toBeVisible();

  // The config it would send: typed values and defaults; secrets left out, and named.
  await page.locator('summary', { hasText: 'Config it would send' }).click();
  const pre = page.locator('.pg-config pre');
  await expect(pre).toContainText('"bucket": "orders-archive"');
  await expect(pre).toContainText('"batch_size": 500');
  await expect(pre).not.toContainText('AKIAEXAMPLEKEY');
  await expect(pre).not.toContainText('wJalr-very-secret');
  // It follows edits.
  await page.getByLabel('Key prefix', { exact: true }).fill('cdc/orders/');
  await expect(pre).toContainText('"prefix": "cdc/orders/"');

  const bench = await page.evaluate(() => ({ ...window.__bench, commits: window.__bench.commits.length }));
  expect(bench.ready).toBe(true);
  expect(bench.fields).toBeGreaterThanOrEqual(7);
  expect(bench.marks.firstRender).toBeGreaterThan(bench.marks.schemaLoaded);
  expect(bench.commits).toBeGreaterThan(0);

  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0].target}`));
  expect(violations).toEqual([]);
  expect(problems).toEqual([]);
});

test('index.html?schema= opens the Playground (the benchmark driver\'s URL)', async ({ page }) => {
  const problems = watchConsole(page);
  await serveSchema(page, 's3.schema.json', S3);
  let fetched = 0;
  page.on('request', (r) => { if (r.url().endsWith('/s3.schema.json')) fetched++; });
  await page.goto('/index.html?schema=s3.schema.json');
  await expect(page.getByLabel('Bucket', { exact: true })).toBeVisible();
  await page.waitForFunction(() => window.__bench && window.__bench.ready);
  // The linked document is fetched by the loader while the wasm downloads and compiles (not
  // once the page has started), and only once: the page takes the loader's fetch.
  const t = await page.evaluate(() => ({
    schema: performance.getEntriesByType('resource').find((e) => /s3\.schema\.json$/.test(e.name)).startTime,
    pageStart: window.__bench.marks.scriptStart,
  }));
  expect(t.schema).toBeLessThan(t.pageStart);
  expect(fetched).toBe(1);
  expect(problems).toEqual([]);
});

test('a pasted Kafka Connect validate answer shows its values and errors at their fields', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/playground');
  await page.getByLabel('Definition (JSON)').fill(fixture('kafka-connect/validate-jdbc-sink.json'));
  await page.getByRole('button', { name: 'Show form' }).click();
  await expect(page.getByText('Read as Kafka Connect connector definition.')).toBeVisible();
  await expect(page.getByLabel('JDBC User', { exact: true })).toHaveValue('loader');
  const attempts = page.getByLabel('JDBC connection attempts', { exact: true });
  await expect(attempts).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field[data-key="connection.attempts"]')).toContainText('Not a number of type INT');
  // The secret is masked and never shown in the config.
  await expect(page.getByLabel('JDBC Password', { exact: true })).toHaveAttribute('type', 'password');
  await page.getByLabel('JDBC Password', { exact: true }).fill('hunter2-secret');
  await page.locator('summary', { hasText: 'Config it would send' }).click();
  const pre = page.locator('.pg-config pre');
  await expect(pre).toContainText('"connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector"');
  await expect(pre).not.toContainText('hunter2-secret');
  await expect(page.getByText(/Secrets are left out of this view: .*connection\.password/)).toBeVisible();
  expect(problems).toEqual([]);
});

test('a pasted Streamkap property list, then bad JSON: the error says where and the text stays', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/playground');
  const catalog = JSON.parse(fixture('streamkap/catalog-object-shape.json'));
  const [name, entry] = Object.entries(catalog)[0];
  const editor = page.getByLabel('Definition (JSON)');
  await editor.fill(JSON.stringify(entry, null, 2));
  await page.getByRole('button', { name: 'Show form' }).click();
  await expect(page.getByText('Read as Streamkap connector definition.')).toBeVisible();
  await expect(page.locator('.pg-form .field').first()).toBeVisible();
  expect(name).toBeTruthy();

  const broken = '{\n  "type": "object",\n  "properties": {\n    "a": {"type": "string"},\n  }\n}';
  await editor.fill(broken);
  await page.getByRole('button', { name: 'Show form' }).click();
  await expect(page.getByRole('alert')).toContainText(/not valid JSON.*line 5/);
  await expect(editor).toHaveValue(broken);
  // A link that cannot be loaded says so, and the editor opens for a paste instead.
  await page.goto('/playground?schema=missing.json');
  await expect(page.getByRole('alert')).toContainText('missing.json could not be loaded (HTTP 404)');
  await expect(page.getByLabel('Definition (JSON)')).toBeVisible();
  expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
});

test('a recursive schema: each nested level is built when the user adds it, as deep as they go', async ({ page }) => {
  const problems = watchConsole(page);
  const schema = {
    definitions: { filter: { type: 'object', title: 'Filter', required: ['field'], properties: {
      field: { type: 'string', title: 'Field', minLength: 2 },
      and: { type: 'array', title: 'And', items: { $ref: '#/definitions/filter' } },
    } } },
    type: 'object',
    properties: { filter: { $ref: '#/definitions/filter' } },
  };
  await serveSchema(page, 'filters.schema.json', JSON.stringify(schema));
  await page.goto('/playground?schema=filters.schema.json');
  const fields = page.getByLabel('Field', { exact: true });
  await expect(fields).toHaveCount(1);
  // Six levels: past the two the parser builds up front, each added on demand.
  for (let level = 2; level <= 6; level++) {
    await page.getByRole('button', { name: /^Add .* to And$/ }).last().click();
    await expect(fields).toHaveCount(level);
    await fields.last().fill(`level${level}`);
  }
  await fields.last().fill('x');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'to fix' })).toContainText('Field');
  await expect(fields.last()).toHaveAttribute('aria-invalid', 'true');
  await page.locator('summary', { hasText: 'Config it would send' }).click();
  await expect(page.locator('.pg-config pre')).toContainText('"field": "level5"');
  expect(problems).toEqual([]);
});
