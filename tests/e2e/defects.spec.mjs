// Defects found by using the documented features as a portal developer and a user would; each
// test failed before its fix.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole, fillPostgres } from './helpers.mjs';

test('a Confluent custom sink is edited as a sink and stays one after saving', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/connector?backend=cc-demo&kind=destinations&id=directory-custom');
  await expect(page.getByRole('heading', { name: 'directory-custom' })).toBeVisible();
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit directory-custom' })).toBeVisible();
  await expect(page.locator('.page-head .muted')).toHaveText(/Sink \d+ destination$/);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page).toHaveURL(/connector\?kind=destinations&id=directory-custom/);
  expect(problems).toEqual([]);
});

test('defaults inside an optional object prefill, are sent, and can be cleared on purpose', async ({ page, request }) => {
  const problems = watchConsole(page);
  await resetSim(page, request, 'demo');
  await page.goto('/new-table?connector=impulse&side=source&backend=laminar');
  await expect(page.getByRole('heading', { name: /Impulse source table/ })).toBeVisible();
  const retention = page.getByRole('group', { name: 'Retention' });
  await expect(retention.getByLabel('Hours')).toHaveValue('24');
  await expect(retention.getByLabel('Policy')).toHaveValue('delete');
  await page.getByLabel('Table name').fill('ticks-kept');
  await page.getByLabel('Events per second').fill('5');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/laminar/api/v1/connection_tables') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Create table' }).click();
  const body = (await sent).postDataJSON();
  expect(body.config.retention).toEqual({ hours: 24, policy: 'delete' });
  await expect(page).toHaveURL(/\/tables\?created=ticks-kept/);

  // Cleared on purpose: nothing of it is sent; added back, its defaults return.
  await page.goto('/new-table?connector=impulse&side=source&backend=laminar');
  await page.getByRole('button', { name: 'Clear Retention' }).click();
  await expect(page.getByRole('group', { name: 'Retention' }).getByLabel('Hours')).toBeHidden();
  await page.getByLabel('Table name').fill('ticks-forever');
  await page.getByLabel('Events per second').fill('5');
  const sent2 = page.waitForRequest((r) => r.url().endsWith('/api/laminar/api/v1/connection_tables') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Create table' }).click();
  expect((await sent2).postDataJSON().config.retention).toBeUndefined();
  await page.goto('/new-table?connector=impulse&side=source&backend=laminar');
  await page.getByRole('button', { name: 'Clear Retention' }).click();
  await page.getByRole('button', { name: 'Add Retention' }).click();
  await expect(page.getByRole('group', { name: 'Retention' }).getByLabel('Hours')).toHaveValue('24');
  expect(problems).toEqual([]);
});

test('a list that fails in part shows what loaded and names what failed', async ({ page, request }) => {
  const problems = watchConsole(page);
  await resetSim(page, request, 'demo');
  await request.post('/__sim/fail?status=503&path=/destinations&count=1000');
  await page.goto('/connectors?backend=sim');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  const rows = await page.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((t) => t.includes('source'))).toBe(true);
  await expect(page.getByTestId('partial-list')).toContainText('The destinations could not be loaded');
  await resetSim(page, request, 'demo');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('partial-list')).toHaveCount(0);
  expect(problems.filter((p) => !p.includes('503'))).toEqual([]);
});

test('trying a create again after its answer was lost finds it instead of creating it twice', async ({ page, request }) => {
  const problems = watchConsole(page);
  await resetSim(page, request, 'demo');
  await page.goto('/catalog?backend=sim');
  await page.getByRole('link', { name: /PostgreSQL/ }).click();
  await page.getByRole('button', { name: 'Create connector' }).click();
  await fillPostgres(page, { name: 'retry-pg', host: 'db.example.com' });
  await request.post('/__sim/lose?path=/sources&count=1');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/streamkap/sources')) posts += 1; });
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'retry-pg' })).toBeVisible();
  expect(posts).toBe(0);
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.locator('tr[data-name="retry-pg"]')).toHaveCount(1);
  expect(problems.filter((p) => !p.includes('502'))).toEqual([]);
});
