// The three deployments: a sub-path with deep links, a strict Content-Security-Policy, and
// embedding in a portal with hostile CSS (two instances, events, unmount); plus auth: token
// refresh, a 401 answered by one refresh and retry, a sign-in prompt that keeps the form, and
// no secret left in storage, the URL or the console.
import { test, expect } from '@playwright/test';
import { PORT, HOSTING_PORT, CSP } from './playwright.config.mjs';
import { resetSim, fillPostgres } from './helpers.mjs';

const hosted = `http://127.0.0.1:${HOSTING_PORT}/tools/connectors`;

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
  await request.post(`http://127.0.0.1:${HOSTING_PORT}/__sim/reset?seed=demo`);
});

test('served from a sub-path: every asset loads and deep links survive a reload', async ({ page }) => {
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  // A clean console on load: no warning either (Trunk's wasm preload once drew one per load).
  const said = [];
  page.on('console', (m) => ['warning', 'error'].includes(m.type()) && said.push(`${m.type()}: ${m.text()}`));
  await page.goto(`${hosted}/`);
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  await page.waitForTimeout(300);
  expect(said).toEqual([]);
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page).toHaveURL(`${hosted}/connectors`);
  await page.getByRole('link', { name: 'inventory-mysql' }).click();
  await expect(page).toHaveURL(new RegExp(`^${hosted}/connector\\?kind=sources&id=`));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'inventory-mysql' })).toBeVisible();
  await page.goto(`${hosted}/new?kind=sources&type=postgresql`);
  await expect(page.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'inventory-mysql' })).toBeVisible();
  expect(failed).toEqual([]);
});

test('runs under the strict Content-Security-Policy without a single violation', async ({ page }) => {
  const violations = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp = window.__csp || [];
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  const resp = await page.goto(`${hosted}/catalog`);
  expect(resp.headers()['content-security-policy']).toBe(CSP);
  const html = await resp.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  await page.getByRole('link', { name: /PostgreSQL/ }).click();
  await page.getByRole('button', { name: 'Create connector' }).click();
  await fillPostgres(page, { name: 'csp-pg', host: 'db.example.com' });
  await page.getByLabel('Connect via SSH tunnel').check();
  await page.getByLabel('SSH Host').fill('bastion.example.com');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { name: 'csp-pg' })).toBeVisible();
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.locator('tbody tr')).toHaveCount(4);
  await page.goto(`${hosted}/settings`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  let seen = await page.evaluate(() => window.__csp || []);
  expect([...violations, ...seen]).toEqual([]);

  // Every dialect's pages, icons included.
  const pages = {
    kc: ['/catalog', '/connectors?kind=sources', '/new?kind=sources&type=io.debezium.connector.postgresql.PostgresConnector'],
    cc: ['/catalog', '/connectors?kind=sources'],
    'kc-demo': ['/catalog', '/connectors?kind=sources'],
    'cc-demo': ['/catalog', '/connectors?kind=destinations'],
    laminar: ['/catalog', '/profiles', '/tables', '/jobs', '/new-profile?connector=kafka', '/new-table?connector=impulse&side=source'],
    'laminar-demo': ['/catalog', '/tables'],
  };
  for (const [backend, paths] of Object.entries(pages)) {
    for (const path of paths) {
      await page.goto(`${hosted}${path}${path.includes('?') ? '&' : '?'}backend=${backend}`);
      await expect(page.locator('main h1, main h2').first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      seen = await page.evaluate(() => window.__csp || []);
      expect([...violations, ...seen], `${backend} ${path}`).toEqual([]);
    }
  }
  // The Laminar catalog's SVG icons (inline SVG, as Arroyo ships them) are shown, not blocked.
  await page.route('**/api/laminar/api/v1/connectors', async (route) => {
    const resp = await route.fetch();
    const body = await resp.json();
    const list = Array.isArray(body) ? body : (body.data || body.connectors);
    list[0].icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0074a2"/></svg>';
    await route.fulfill({ response: resp, json: body });
  });
  await page.goto(`${hosted}/catalog?backend=laminar`);
  const icon = page.locator('img[src^="data:image/svg+xml"]').first();
  await expect(icon).toBeVisible();
  expect(await icon.evaluate((i) => i.complete && i.naturalWidth > 0)).toBe(true);
});

test('embedded in a hostile portal: isolated styles, two instances, events, unmount', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  page.on('request', (r) => r.url().includes('/api/streamkap-auth/sources') && requests.push(r.headers()['authorization'] || ''));
  await page.goto('/embed-example.html?api=sim-server');
  const a = page.locator('#console-a');
  const b = page.locator('#console-b');
  await expect(a.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  await expect(b.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();

  // The portal's layout and styles are untouched: nothing was added to its <head>.
  expect(await page.evaluate(() => document.styleSheets.length)).toBe(1);
  expect(await page.locator('head style').count()).toBe(0);
  await expect(page.locator('.portal-header')).toHaveCSS('height', '80px');
  await expect(page.locator('#portal-button')).toHaveCSS('background-color', 'rgb(255, 105, 180)');
  await expect(page.locator('#portal-button')).toHaveCSS('text-transform', 'uppercase');
  // The app is untouched by the portal's CSS: its own font, visible labels and cards.
  const card = a.locator('.card', { hasText: 'PostgreSQL' });
  await expect(card).toBeVisible();
  expect(await card.evaluate((el) => getComputedStyle(el).fontFamily)).not.toMatch(/Comic/);
  await expect(b.locator('.cc-app')).toHaveAttribute('data-theme', 'dark');
  // Inherited properties do not cross into the app either (the portal's own text has them).
  const inherited = (el) => {
    const s = getComputedStyle(el);
    return [s.letterSpacing, s.wordSpacing, s.textAlign, s.fontStyle, s.textIndent, s.textTransform, s.whiteSpace, s.lineHeight, s.color, s.fontWeight];
  };
  const portal = await page.locator('.portal-intro').evaluate(inherited);
  expect(portal.slice(0, 7)).toEqual(['2px', '9px', 'right', 'italic', '12px', 'lowercase', 'pre']);
  const app = await card.locator('.card-title').first().evaluate(inherited);
  expect(app.slice(0, 7)).toEqual(['normal', '0px', 'left', 'normal', '0px', 'none', 'normal']);
  expect(app[7]).not.toBe(portal[7]);
  expect(app[8]).not.toBe(portal[8]);

  // Create through the first instance: memory navigation leaves the portal's URL alone, and the
  // portal's token_provider supplies the bearer token.
  const url = page.url();
  await card.click();
  await expect(a.getByRole('heading', { name: 'New PostgreSQL source' })).toBeVisible();
  await expect(b.getByRole('heading', { name: 'Catalog' })).toBeVisible();
  expect(page.url()).toBe(url);
  await a.getByLabel('Name', { exact: true }).fill('portal-pg');
  await a.getByLabel('Hostname', { exact: true }).fill('db.example.com');
  await a.getByLabel('Username', { exact: true }).fill('u');
  await a.getByLabel('Password', { exact: true }).fill('pw-not-for-the-portal');
  await a.getByLabel('Database', { exact: true }).fill('orders');
  await a.getByLabel('Schemas', { exact: true }).fill('public');
  await a.getByLabel('Tables', { exact: true }).fill('public.orders');
  await a.getByRole('button', { name: 'Create connector' }).click();
  await expect(a.getByRole('heading', { name: 'portal-pg' })).toBeVisible();
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.every((h) => /^Bearer sim-access-/.test(h))).toBe(true);
  expect(await page.evaluate(() => window.__tokenRequests)).toBeGreaterThan(0);

  // The portal heard about it, with a JSON detail.
  const created = page.locator('#events li[data-type="cc:connector-created"]');
  await expect(created).toHaveCount(1);
  await expect(created).toContainText('"name":"portal-pg"');
  await a.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.locator('#events li[data-type="cc:status-changed"]').first()).toContainText('"name":"portal-pg"', { timeout: 20_000 });

  // Unmounting removes the second instance and leaves the first working.
  await page.getByRole('button', { name: 'Unmount the second instance' }).click();
  await expect(b.locator('.cc-app')).toHaveCount(0);
  await expect(a.locator('tbody tr[data-name="portal-pg"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Streamkap sign-in: tokens refresh before expiry, a 401 gets one refresh and retry, and the prompt keeps the form', async ({ page, request }) => {
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));
  const auth = [];
  page.on('request', (r) => r.url().includes('/auth/access-token') && auth.push(r.url().endsWith('/refresh') ? 'refresh' : 'login'));

  await page.goto('/catalog?backend=sk-auth');
  const dialog = page.getByRole('dialog', { name: /Sign in to/ });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Client ID').fill('e2e-client');
  await dialog.getByLabel('Client secret').fill('e2e-secret');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  expect(auth).toEqual(['login']);

  // The token lives 5 s: a request after 4.5 s refreshes it first.
  await page.waitForTimeout(4500);
  await page.getByRole('link', { name: 'Connectors', exact: true }).click();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await expect.poll(() => auth).toContain('refresh');

  // Revoked tokens: the 401 is answered by one renewal and a retry; the user sees nothing.
  await request.post('/__sim/revoke');
  const before = auth.length;
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(() => auth.slice(before)).toContain('login');
  await expect(page.getByTestId('poll-status')).toContainText('live');
  await expect(page.locator('.banner-error')).toHaveCount(0);
  await expect(dialog).toHaveCount(0);

  // A rotated secret: the prompt opens over the form, which keeps everything typed.
  await page.goto('/new?kind=sources&type=postgresql&backend=sk-auth');
  await expect(dialog).toBeVisible(); // a reload forgets in-memory credentials
  await dialog.getByLabel('Client ID').fill('e2e-client');
  await dialog.getByLabel('Client secret').fill('e2e-secret');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await fillPostgres(page, { name: 'after-rotation', host: 'db.example.com' });
  await request.post('/__sim/rotate-secret?secret=rotated-secret');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('What you were doing is kept');
  await dialog.getByLabel('Client secret').fill('rotated-secret');
  await dialog.getByLabel('Remember for this tab').check();
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Hostname', { exact: true })).toHaveValue('db.example.com');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { name: 'after-rotation' })).toBeVisible();

  // Opted in: the credentials are in this tab's sessionStorage, never localStorage.
  const storage = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }), url: location.href }));
  expect(storage.local).not.toContain('rotated-secret');
  expect(storage.local).not.toContain('e2e-secret');
  expect(storage.local).not.toContain('sim-access-');
  expect(storage.local).not.toContain('s3cret-pass');
  expect(storage.session).toContain('rotated-secret');
  expect(storage.url).not.toMatch(/secret|token/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'after-rotation' })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  // Signing out forgets them.
  await page.getByRole('button', { name: /Signed in/ }).click();
  await dialog.getByRole('button', { name: 'Sign out' }).click();
  expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain('rotated-secret');
  const logged = consoleText.join('\n');
  for (const secret of ['e2e-secret', 'rotated-secret', 'sim-access-', 's3cret-pass']) {
    expect(logged).not.toContain(secret);
  }
});

test("embedded with the portal's token provider, a Laminar table test still streams live", async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const auth = [];
  page.on('request', (r) => r.url().includes('/api/laminar/') && auth.push(r.headers()['authorization'] || ''));
  await page.goto('/embed-example.html');
  await expect(page.locator('#console-a').getByRole('link', { name: /PostgreSQL/ })).toBeVisible();
  // A third instance, talking to sim-server's Laminar with the portal's bearer tokens.
  await page.evaluate(async () => {
    const { mount } = await import('/embed.js');
    const el = document.createElement('div');
    el.id = 'console-c';
    document.body.append(el);
    window.__provided = 0;
    window.__consoles.c = mount(el, {
      backends: [{ id: 'lam', label: 'Laminar (portal)', dialect: 'laminar', base_url: '/api/laminar', auth: 'bearer' }],
      default_backend: 'lam',
      token_provider: async (id) => { window.__provided += 1; return `portal-token-${id}`; },
    });
  });
  const c = page.locator('#console-c');
  await c.getByRole('button', { name: 'Use Webhook' }).click();
  await expect(c.getByRole('heading', { name: 'New Webhook sink table' })).toBeVisible();
  await c.getByLabel('Table name').fill('alerts');
  await c.getByLabel('Endpoint').fill('https://hooks.example.com/alerts');
  await page.evaluate(() => {
    window.__logTimes = [];
    const log = document.querySelector('#console-c').shadowRoot.querySelector('[data-testid="test-log"]');
    new MutationObserver((ms) => {
      for (const m of ms) for (const n of m.addedNodes) if (n.nodeName === 'LI') window.__logTimes.push(performance.now());
    }).observe(log, { childList: true });
  });
  await c.getByRole('button', { name: 'Test table' }).click();
  await expect(c.getByTestId('test-outcome')).toContainText('Test passed', { timeout: 20_000 });
  // The messages arrived over time (read from the stream), not all at once at the end.
  const times = await page.evaluate(() => window.__logTimes);
  expect(times.length).toBeGreaterThan(2);
  expect(times[times.length - 1] - times[0]).toBeGreaterThan(600);
  // Every request, the streamed test included, carried the portal's token.
  expect(auth.length).toBeGreaterThan(0);
  expect(auth.every((h) => h === 'Bearer portal-token-lam')).toBe(true);
  expect(await page.evaluate(() => window.__provided)).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
