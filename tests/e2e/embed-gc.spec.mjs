// An embedded app stays mounted until unmount() — also when the portal does not keep the handle
// and the JavaScript engine collects it (Chromium with --expose-gc, so the test can force it).
import { test, expect } from '@playwright/test';
import config from './playwright.config.mjs';

const launch = config.use.launchOptions;
test.use({ launchOptions: { ...launch, args: [...launch.args, '--js-flags=--expose-gc'] } });

test('stays mounted and working after the handle is garbage-collected', async ({ page }) => {
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/embed-example.html');
  await expect(page.locator('#console-a').getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  await page.evaluate(async () => {
    const el = document.createElement('div');
    el.id = 'console-gc';
    document.querySelector('.portal-main').append(el);
    const { mount } = await import('./embed.js');
    mount(el, { theme: 'light' }); // the handle is not kept
  });
  const app = page.locator('#console-gc');
  await expect(app.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  // Collect, let finalizers run, collect again.
  for (let i = 0; i < 4; i++) {
    await page.evaluate(async () => {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 100));
    });
  }
  await page.waitForTimeout(500);
  await expect(app.locator('.cc-app')).toHaveCount(1);
  await app.getByRole('link', { name: /PostgreSQL/ }).click();
  await expect(app.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();
  expect(problems).toEqual([]);
});
