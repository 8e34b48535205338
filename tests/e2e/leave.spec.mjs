// Nothing kills the app (issue 10.3): leaving a page while its request is in flight — a slow
// validate, a streaming table test, an autocomplete, a create — cancels that work. The app
// keeps working, with zero page errors, and never navigates on the user's behalf afterwards.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole, fillPostgres, fillTableData } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

/** Uses the app after leaving: the catalog renders and a link works. */
async function keepUsing(page) {
  await page.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Catalog' })).toBeVisible();
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Connectors' })).toBeVisible();
}

test('leaving during a slow Kafka Connect validate', async ({ page, request }) => {
  const problems = watchConsole(page);
  await page.goto('/new?backend=kc&kind=destinations&type=io.confluent.connect.jdbc.JdbcSinkConnector');
  await expect(page.getByLabel('JDBC URL')).toBeVisible();
  await request.post('/__sim/latency?ms=1500');
  await page.getByLabel('JDBC URL').fill('jdbc:postgresql://db:5432/x');
  await page.waitForTimeout(400); // the debounced validate is now in flight
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Connectors' })).toBeVisible();
  await page.waitForTimeout(2000); // the answer would have arrived by now
  await request.post('/__sim/latency?ms=0');
  await keepUsing(page);
  expect(problems).toEqual([]);
});

test('leaving during a create: the request is dropped and the app does not navigate', async ({ page, request }) => {
  const problems = watchConsole(page);
  await page.goto('/catalog?backend=sim');
  await page.getByRole('link', { name: /PostgreSQL/ }).click();
  await page.getByRole('button', { name: 'Create connector' }).click();
  await fillPostgres(page, { name: 'left-behind', host: 'db.example.com' });
  await request.post('/__sim/latency?ms=1500');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await page.waitForTimeout(200);
  await page.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Catalog' })).toBeVisible();
  await page.waitForTimeout(2500);
  await expect(page).toHaveURL(/\/catalog/);
  await request.post('/__sim/latency?ms=0');
  await keepUsing(page);
  expect(problems).toEqual([]);
});

test('leaving during a streaming table test and during an autocomplete', async ({ page, request }) => {
  const problems = watchConsole(page);
  await page.goto('/new-table?connector=kafka&side=source&backend=laminar');
  await expect(page.getByRole('heading', { name: 'New Apache Kafka source table' })).toBeVisible();
  await page.getByLabel('Table name').fill('leaving');
  // Choosing a profile asks for its topics (autocomplete); leave while it is slow.
  await request.post('/__sim/latency?ms=1500');
  await page.getByLabel('Connection profile').selectOption({ label: 'production-kafka' });
  await page.waitForTimeout(200);
  await page.getByRole('link', { name: 'Tables', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Connection tables' })).toBeVisible();
  await page.waitForTimeout(2000);
  await request.post('/__sim/latency?ms=0');

  // The table test streams its messages over about two seconds; leave in the middle.
  await page.goto('/new-table?connector=kafka&side=source&backend=laminar');
  await page.getByLabel('Table name').fill('leaving');
  await page.getByLabel('Connection profile').selectOption({ label: 'production-kafka' });
  await page.getByLabel('Topic', { exact: true }).fill('orders');
  await page.getByLabel('Start from').selectOption('earliest');
  await fillTableData(page, '5 seconds');
  await page.getByRole('button', { name: 'Test table' }).click();
  await expect(page.getByRole('log', { name: 'Test' }).getByRole('listitem').first()).toBeVisible();
  await page.getByRole('link', { name: 'Tables', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Connection tables' })).toBeVisible();
  await page.waitForTimeout(3000);
  await expect(page).toHaveURL(/\/tables/);
  expect(problems).toEqual([]);
});
