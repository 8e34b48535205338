// The network cannot hang the UI: a stalled body times out (the whole answer counts), an
// oversized answer is refused, a portal's token provider that hangs or rejects is a sign-in
// error (never a request without credentials), and a server whose pages repeat stops paging.
// Each time the user sees what happened, and what they typed is still there.
import { test, expect } from '@playwright/test';
import { resetSim, watchConsole, field } from './helpers.mjs';

const FILE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

test('a body that stalls after the headers times out, for lists and for checks while typing', async ({ page, request }) => {
  const problems = watchConsole(page);
  await request.post('/__sim/stall?path=/connectors&count=20');
  await page.goto('/connectors?backend=kc-slow');
  await expect(page.locator('.banner-error')).toContainText('The server is not answering', { timeout: 10_000 });
  await request.post('/__sim/reset?seed=demo');

  await page.goto(`/new?backend=kc-slow&kind=sources&type=${FILE}`);
  const file = field(page, 'file').locator('input');
  await expect(file).toBeVisible();
  await request.post('/__sim/stall?path=/config/validate&count=5');
  await file.fill('/var/log/typed-by-hand.log');
  await expect(page.getByText(/did not answer within 2 seconds/)).toBeVisible({ timeout: 10_000 });
  await expect(file).toHaveValue('/var/log/typed-by-hand.log');
  expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
});

test('an oversized answer is refused with a clear message', async ({ page, request }) => {
  await request.post('/__sim/oversize?path=/connectors&bytes=20000000&count=20');
  await page.goto('/connectors?backend=kc');
  await expect(page.locator('.banner-error')).toContainText("The server's answer is too large", { timeout: 20_000 });
  await expect(page.locator('.banner-error')).toContainText('16 MiB');
});

for (const [what, provider, expected] of [
  ['hangs', '() => new Promise(() => {})', 'it did not answer within 2 seconds'],
  ['rejects', "() => Promise.reject(new Error('portal session expired'))", 'portal session expired'],
  ['gives nothing', "async () => ''", 'it gave no token'],
]) {
  test(`a portal token provider that ${what} is a sign-in error, never an anonymous request`, async ({ page }) => {
    const anonymous = [];
    page.on('request', (r) => r.url().includes('/api/kafka-connect/') && !r.headers()['authorization'] && anonymous.push(r.url()));
    await page.goto('/embed-example.html');
    await expect(page.locator('#console-a').getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
    await page.evaluate(async (providerSource) => {
      const el = document.createElement('div');
      el.id = 'console-p';
      document.querySelector('.portal-main').append(el);
      const { mount } = await import('./embed.js');
      window.__p = mount(el, {
        backends: [{ id: 'p', label: 'Portal Connect', dialect: 'kafka-connect', base_url: '/api/kafka-connect', auth: 'bearer', timeout_seconds: 2 }],
        default_backend: 'p',
        token_provider: eval(providerSource),
      });
    }, provider);
    const app = page.locator('#console-p');
    await expect(app.getByText(`The portal could not provide credentials for this backend (${expected})`).first()).toBeVisible({ timeout: 10_000 });
    expect(anonymous).toEqual([]);
  });
}

test('a user-added backend never gets the portal token', async ({ page }) => {
  const seen = [];
  page.on('request', (r) => r.url().includes('/api/kafka-connect/') && seen.push(r.headers()['authorization'] || ''));
  await page.goto('/embed-example.html');
  await page.evaluate(() => localStorage.setItem('connector-console.backends', JSON.stringify([
    { id: 'mine', label: 'Mine', dialect: 'kafka-connect', base_url: '/api/kafka-connect', auth: 'none' },
  ])));
  await page.evaluate(async () => {
    const el = document.createElement('div');
    el.id = 'console-u';
    document.querySelector('.portal-main').append(el);
    const { mount } = await import('./embed.js');
    window.__u = mount(el, { backends: [{ id: 'portal', dialect: 'kafka-connect', base_url: '/api/kafka-connect', auth: 'bearer' }], token_provider: async () => 'portal-secret-token' });
  });
  const app = page.locator('#console-u');
  await expect(app.getByRole('link', { name: /Datagen/ }).first()).toBeVisible();
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((h) => h === 'Bearer portal-secret-token')).toBe(true);
  seen.length = 0;
  await app.getByRole('combobox', { name: 'Backend' }).selectOption('mine');
  await expect(app.getByRole('link', { name: /Datagen/ }).first()).toBeVisible();
  expect(seen.length).toBeGreaterThan(0);
  expect(seen).toEqual(seen.map(() => ''));
});

test('custom plugin pages that repeat stop paging, with a note', async ({ page, request }) => {
  await request.post('/__sim/repeat-page-token');
  await page.goto('/catalog?backend=cc');
  const dialog = page.getByRole('dialog', { name: /Sign in to Confluent Cloud/ });
  await dialog.getByLabel('Cloud API key').fill('CKEY123');
  await dialog.getByLabel('Cloud API secret').fill('csecret-abc');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/custom plugins loaded\. The server sent a page of custom plugins it had sent before/)).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.card').first()).toBeVisible();
});
