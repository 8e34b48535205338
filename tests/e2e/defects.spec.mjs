// Defects found by using the documented features as a portal developer and a user would; each
// test failed before its fix.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.mjs';

test('a Confluent custom sink is edited as a sink and stays one after saving', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/connector?backend=cc-demo&kind=destinations&id=directory-custom');
  await expect(page.getByRole('heading', { name: 'directory-custom' })).toBeVisible();
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit directory-custom' })).toBeVisible();
  await expect(page.locator('.page-head .muted')).toHaveText(/Sink \d+ destination$/);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/connector\?kind=destinations&id=directory-custom/);
  expect(problems).toEqual([]);
});
