// The release build is split by groups of pages (scripts/split.mjs, `page!` in src/app.rs) and
// by vendor (`verbs!` in src/vendor.rs): the first load carries the main module, the landing
// page's code and the code of the backend's vendor; another group's code is fetched the first
// time one of its pages is shown, another vendor's when one of its backends is, each once; a
// page whose code cannot download says so, and "Try again" loads it.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole } from './helpers.mjs';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

// A group's own module: app-<hash>/split_<group>.wasm (a vendor's: split_vendor_<id>.wasm).
const module = (url) => new URL(url).pathname.match(/\/app-[0-9a-f]+\/split_([a-z_]+)\.wasm$/)?.[1];
const pageModule = (url) => (module(url)?.startsWith('vendor_') ? undefined : module(url));
const vendorModule = (url) => (module(url)?.startsWith('vendor_') ? module(url) : undefined);

test("a group of pages' code is fetched the first time one is shown, and only then", async ({ page }) => {
  const problems = watchConsole(page);
  const fetched = [];
  page.on('request', (r) => pageModule(r.url()) && fetched.push(pageModule(r.url())));
  await page.goto('/catalog');
  await expect(page.getByRole('link', { name: /PostgreSQL/ }).first()).toBeVisible();
  expect(fetched, 'the first load has the catalog only').toEqual(['catalog']);
  await page.getByRole('link', { name: 'Playground', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Playground/ })).toBeVisible();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page.getByRole('link', { name: /PostgreSQL/ }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Playground', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Playground/ })).toBeVisible();
  await page.getByRole('link', { name: 'Catalog', exact: true }).click();
  await page.getByRole('link', { name: /PostgreSQL/ }).first().click();
  await expect(page.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();
  expect(fetched, 'each group once, when one of its pages is first shown').toEqual(['catalog', 'playground', 'lists', 'forms']);
  expect(problems).toEqual([]);
});

test("a vendor's code is fetched the first time one of its backends is shown, and only then", async ({ page }) => {
  const problems = watchConsole(page);
  const fetched = [];
  page.on('request', (r) => vendorModule(r.url()) && fetched.push(vendorModule(r.url())));
  await page.goto('/catalog?backend=demo');
  await expect(page.getByRole('link', { name: /PostgreSQL/ }).first()).toBeVisible();
  expect(fetched, "the first load has the backend's vendor only").toEqual(['vendor_streamkap']);
  await page.getByLabel('Backend').selectOption('kc-demo');
  await expect(page).toHaveURL(/backend=kc-demo/);
  await expect(page.getByRole('link', { name: /Postgres/ }).first()).toBeVisible();
  await page.getByLabel('Backend').selectOption('demo');
  await expect(page.getByRole('link', { name: /PostgreSQL/ }).first()).toBeVisible();
  await page.getByLabel('Backend').selectOption('kc-demo');
  await expect(page.getByRole('link', { name: /Postgres/ }).first()).toBeVisible();
  expect(fetched, 'each vendor once').toEqual(['vendor_streamkap', 'vendor_kafka_connect']);
  expect(problems).toEqual([]);
});

test("a backend whose vendor's code cannot download says so, and Try again shows its page", async ({ page }) => {
  await page.goto('/catalog?backend=demo');
  await expect(page.getByRole('link', { name: /PostgreSQL/ }).first()).toBeVisible();
  await page.route(/\/split_vendor_kafka_connect\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.getByLabel('Backend').selectOption('kc-demo');
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await expect(alert).toBeVisible();
  await page.unroute(/\/split_vendor_kafka_connect\.wasm$/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('link', { name: /Postgres/ }).first()).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test('a page whose code cannot download says so, and Try again shows it', async ({ page }) => {
  await page.goto('/catalog');
  await expect(page.getByRole('link', { name: /PostgreSQL/ }).first()).toBeVisible();
  await page.route(/\/split_lists\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Check the connection and try again');
  await expect(alert).toContainText('reload the page');
  await page.unroute(/\/split_lists\.wasm$/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(alert).toHaveCount(0);
});
