// A single-vendor build (`--no-default-features --features kafka-connect`, built by
// scripts/build.sh into target/vendor-builds/kafka-connect) served with a config.json that also
// names a Laminar backend and a simulated one: both are refused with a clear notice, the page
// does not panic, and Kafka Connect works.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { watchConsole } from './helpers.mjs';
import { VENDOR_PORT, VENDOR_DIST } from './playwright.config.mjs';

const base = `http://127.0.0.1:${VENDOR_PORT}`;

test.skip(!fs.existsSync(VENDOR_DIST), `no single-vendor build in ${VENDOR_DIST} (VENDOR_BUILDS=0?)`);

test('a Kafka Connect-only build refuses other vendors and simulators with a notice, and works', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`${base}/catalog`);
  const notices = page.locator('.app-notices');
  await expect(notices).toContainText('does not include the “laminar” API (it has: kafka-connect)');
  await expect(notices).toContainText('has no simulators');
  // The default named a backend that was dropped: the first usable one is shown instead.
  await expect(page.getByRole('combobox', { name: 'Backend' }).locator('option')).toHaveText(['Kafka Connect (sim-server)']);
  await expect(page.getByRole('link', { name: /Datagen/ }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.getByRole('link', { name: 'clickstream-datagen' })).toBeVisible();
  // A route of a capability this build has no pages for is simply not found.
  await page.goto(`${base}/profiles`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(problems).toEqual([]);
});
