// Shared helpers for the end-to-end specs.
import { expect } from '@playwright/test';

/** Resets the simulator (seed: "demo" or "none") and clears the browser's storage. */
export async function resetSim(page, request, seed = 'none') {
  const r = await request.post(`/__sim/reset?seed=${seed}`);
  expect(r.ok()).toBeTruthy();
}

/** Fails the test on any uncaught page error or console error. */
export function watchConsole(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  return problems;
}

/** The field wrapper of a config key. */
export function field(page, key) {
  return page.locator(`.field[data-key="${key}"]`);
}

/** Fills the required PostgreSQL settings with valid values. */
export async function fillPostgres(page, { name, host }) {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Hostname', { exact: true }).fill(host);
  await page.getByLabel('Username', { exact: true }).fill('streamkap');
  await page.getByLabel('Password', { exact: true }).fill('s3cret-pass');
  await page.getByLabel('Database', { exact: true }).fill('orders');
  await page.getByLabel('Schemas', { exact: true }).fill('public');
  await page.getByLabel('Tables', { exact: true }).fill('public.orders');
}

/** Fills a table form's data section: JSON, columns id BIGINT and ts TIMESTAMP, event time ts. */
export async function fillTableData(page, watermark) {
  await page.getByLabel('Format').selectOption('json');
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByLabel('Column 1 name').fill('id');
  await page.getByLabel('Column 1 type').selectOption('BIGINT');
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByLabel('Column 2 name').fill('ts');
  await page.getByLabel('Column 2 type').selectOption('TIMESTAMP');
  await page.getByLabel('Event time column').selectOption('ts');
  await page.getByLabel('Watermark delay').fill(watermark);
}
