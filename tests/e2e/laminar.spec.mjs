// Laminar end to end, against sim-server (`?backend=laminar`) and the in-browser simulator
// (`?backend=laminar-demo`): the catalog and its side choice, a Kafka profile with SASL (a
// oneOf) tested and saved, a source table whose test streams in live, oneOf switching,
// reloading saved configs with a non-default variant, errors in both documented shapes, and
// jobs moving through their states to a failure with its reason.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { resetSim, watchConsole, fillTableData } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe-core violations on the page, in both color schemes. */
async function audit(page) {
  const out = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axePath });
    // eslint-disable-next-line no-undef
    const result = await page.evaluate(async () => axe.run(document, { resultTypes: ['violations'] }));
    out.push(...result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${scheme}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
  }
  return out;
}

const L = (path) => `${path}${path.includes('?') ? '&' : '?'}backend=laminar`;

/** Fills the Kafka profile form up to the authentication choice. */
async function startKafkaProfile(page, name, servers = 'broker-1:9092,broker-2:9092') {
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Bootstrap servers').fill(servers);
}

async function chooseSasl(page) {
  const auth = page.getByRole('group', { name: 'Authentication' });
  await auth.getByRole('radio', { name: 'SASL', exact: true }).check();
  await page.getByLabel('Mechanism').selectOption('SCRAM-SHA-256');
  await page.getByLabel('Username', { exact: true }).fill('laminar');
  await page.getByLabel('Password', { exact: true }).fill('{{ KAFKA_PASSWORD }}');
}

test.describe('Laminar on sim-server', () => {
  test.beforeEach(async ({ page, request }) => {
    await resetSim(page, request, 'demo');
  });

  test('Kafka: SASL profile tested and saved, then a source table whose test streams in live', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(L('/catalog'));
    // Kafka is both source and sink: the console asks which side.
    await page.getByRole('button', { name: 'Use Apache Kafka' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use Apache Kafka as…' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: /Source/ }).click();
    await expect(page).toHaveURL(/new-profile\?connector=kafka&side=source/);
    await expect(page.getByRole('heading', { name: 'New Apache Kafka connection profile' })).toBeVisible();

    await startKafkaProfile(page, 'e2e-kafka');
    const auth = page.getByRole('group', { name: 'Authentication' });
    await expect(auth.getByRole('radio', { name: 'None' })).toBeChecked();
    await chooseSasl(page);
    // The var-str field says it takes environment references.
    await expect(page.getByText('You can use an environment reference such as {{ MY_VARIABLE }}').first()).toBeVisible();
    // The password is masked.
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');

    // Test before saving: the result is announced in a live region.
    await page.getByRole('button', { name: 'Test connection' }).click();
    const outcome = page.getByTestId('test-outcome');
    await expect(outcome).toHaveAttribute('aria-live', 'polite');
    await expect(outcome).toContainText('Test passed: Successfully connected to broker-1:9092, broker-2:9092');

    // What went over the wire: no UI bookkeeping, the secret as typed.
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/laminar/api/v1/connection_profiles') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Create profile' }).click();
    const body = (await sent).postDataJSON();
    expect(body).toEqual({
      name: 'e2e-kafka',
      connector: 'kafka',
      config: {
        bootstrapServers: 'broker-1:9092,broker-2:9092',
        authentication: { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-256', username: 'laminar', password: '{{ KAFKA_PASSWORD }}' },
      },
    });
    // (The optional schema registry left on “None” is not sent at all.)
    expect(JSON.stringify(body)).not.toContain('$variant');

    // On to the source table, with the new profile chosen.
    await expect(page.getByRole('heading', { name: 'New Apache Kafka source table' })).toBeVisible();
    await expect(page.getByLabel('Connection profile')).toHaveValue(/prof_/);
    await expect(page.getByLabel('Connection profile').locator('option:checked')).toHaveText('e2e-kafka');
    await page.getByLabel('Table name').fill('clicks');
    // Topic suggestions come from the profile's autocomplete endpoint.
    await page.getByRole('group', { name: 'Suggested values for Topic' }).getByRole('button', { name: 'orders' }).click();
    await expect(page.getByLabel('Topic', { exact: true })).toHaveValue('orders');
    await page.getByLabel('Start from').selectOption('earliest');
    await fillTableData(page, '5 seconds');

    // Record when each test message appears: they must arrive over time, not all at once.
    await page.evaluate(() => {
      window.__logTimes = [];
      const log = document.querySelector('[data-testid="test-log"]');
      new MutationObserver((ms) => {
        for (const m of ms) for (const n of m.addedNodes) if (n.nodeName === 'LI') window.__logTimes.push(performance.now());
      }).observe(log, { childList: true });
    });
    await page.getByRole('button', { name: 'Test table' }).click();
    const log = page.getByRole('log', { name: 'Test' });
    await expect(log.getByRole('listitem').first()).toContainText('Connecting to broker-1:9092');
    // The first messages are on screen while the test is still running.
    await expect(outcome).toContainText('Testing…');
    await expect(outcome).toContainText('Test passed: Table “clicks” can be read.');
    const items = log.getByRole('listitem');
    await expect(items).toHaveCount(5);
    await expect(items.nth(2)).toContainText('Fetched 3 messages from “orders”');
    await expect(items.nth(3)).toContainText('Inferred schema: 2 fields (id, ts)');
    const times = await page.evaluate(() => window.__logTimes);
    expect(times.length).toBe(5);
    expect(times[4] - times[0]).toBeGreaterThan(800);

    await page.getByRole('button', { name: 'Create table' }).click();
    await expect(page).toHaveURL(/\/tables\?created=clicks/);
    await expect(page.getByText('Created table “clicks”.')).toBeVisible();
    const row = page.locator('tr', { hasText: 'clicks' });
    await expect(row).toContainText('e2e-kafka');
    await expect(row).toContainText('json');
    expect(problems).toEqual([]);
  });

  test('a failing connection test says why, and client checks stop bad values first', async ({ page }) => {
    await page.goto(L('/new-profile?connector=kafka'));
    await page.getByLabel('Profile name').fill('bad');
    await page.getByLabel('Bootstrap servers').fill('localhost');
    await page.getByRole('button', { name: 'Test connection' }).click();
    // The pattern is explained at the field and in the summary, focus goes to the field.
    const servers = page.getByLabel('Bootstrap servers');
    await expect(servers).toHaveAttribute('aria-invalid', 'true');
    await expect(servers).toBeFocused();
    const summary = page.getByRole('alert').filter({ hasText: 'problem to fix' });
    await expect(summary).toContainText('Bootstrap servers: Must match the pattern');
    await expect(summary).toContainText('comma-separated host:port pairs');
    await servers.fill('old-broker.unreachable.invalid:9092');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('test-outcome')).toContainText(
      'Test failed: Failed to connect to Apache Kafka: Could not resolve old-broker.unreachable.invalid');
    await expect(servers).toHaveAttribute('aria-invalid', 'false');
  });

  test('oneOf variants switch and back: the variant starts again from its defaults', async ({ page }) => {
    await page.goto(L('/new-profile?connector=kafka'));
    const auth = page.getByRole('group', { name: 'Authentication' });
    await auth.getByRole('radio', { name: 'SASL', exact: true }).check();
    await expect(page.getByLabel('Protocol')).toHaveValue('SASL_SSL');
    await page.getByLabel('Protocol').selectOption('SASL_PLAINTEXT');
    await page.getByLabel('Username', { exact: true }).fill('someone');
    await auth.getByRole('radio', { name: 'AWS MSK IAM' }).check();
    await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
    await expect(page.getByLabel('AWS region')).toBeVisible();
    await expect(page.getByLabel('AWS region')).toHaveAttribute('placeholder', 'us-east-1');
    await auth.getByRole('radio', { name: 'SASL', exact: true }).check();
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Protocol')).toHaveValue('SASL_SSL');
    // The other oneOf is independent.
    const registry = page.getByRole('group', { name: 'Schema registry' });
    await registry.getByRole('radio', { name: 'Confluent Schema Registry' }).check();
    await page.getByLabel('Endpoint').fill('schema-registry:8081');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByLabel('Endpoint')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.field', { has: page.getByLabel('Endpoint') })).toContainText('Must be a URL such as http://schema-registry:8081.');
    await expect(auth.getByRole('radio', { name: 'SASL', exact: true })).toBeChecked();
  });

  test('reloading: a draft keeps its non-default variant (without the secret), a saved profile opens on its own', async ({ page }) => {
    await page.goto(L('/new-profile?connector=kafka'));
    await startKafkaProfile(page, 'draft-kafka');
    await chooseSasl(page);
    await page.waitForTimeout(700); // the draft is saved shortly after typing stops
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    expect(stored).toContain('draft-kafka');
    expect(stored).not.toContain('KAFKA_PASSWORD');
    await page.reload();
    await expect(page.getByText('Restored your unsaved draft')).toBeVisible();
    const auth = page.getByRole('group', { name: 'Authentication' });
    await expect(auth.getByRole('radio', { name: 'SASL', exact: true })).toBeChecked();
    await expect(page.getByLabel('Mechanism')).toHaveValue('SCRAM-SHA-256');
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue('laminar');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Profile name')).toHaveValue('draft-kafka');
    // Discarding starts afresh.
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await expect(auth.getByRole('radio', { name: 'None' })).toBeChecked();
    await expect(page.getByLabel('Profile name')).toHaveValue('');

    // A profile saved on the server (SASL with SCRAM) opens on SASL when duplicated.
    await page.goto(L('/profiles'));
    await page.getByRole('link', { name: 'Duplicate production-kafka' }).click();
    await expect(page.getByRole('heading', { name: 'New Apache Kafka profile from “production-kafka”' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Authentication' }).getByRole('radio', { name: 'SASL', exact: true })).toBeChecked();
    await expect(page.getByLabel('Mechanism')).toHaveValue('SCRAM-SHA-256');
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue('laminar');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Connection properties: key 1')).toHaveValue('socket.timeout.ms');
    await expect(page.getByLabel('Value of socket.timeout.ms')).toHaveValue('60000');
  });

  test('reloading a half-filled table form keeps it: settings, format, columns, event time', async ({ page }) => {
    await page.goto(L('/new-table?connector=kafka&side=source'));
    await expect(page.getByRole('heading', { name: 'New Apache Kafka source table' })).toBeVisible();
    await page.getByLabel('Table name').fill('draft-orders');
    await page.getByLabel('Connection profile').selectOption({ label: 'production-kafka' });
    await page.getByLabel('Topic', { exact: true }).fill('orders');
    await fillTableData(page, '10 seconds');
    await page.waitForTimeout(700); // the draft is saved shortly after typing stops
    await page.reload();

    await expect(page.getByText('Restored your unsaved draft')).toBeVisible();
    await expect(page.getByLabel('Table name')).toHaveValue('draft-orders');
    await expect(page.getByLabel('Connection profile').locator('option:checked')).toHaveText('production-kafka');
    await expect(page.getByLabel('Topic', { exact: true })).toHaveValue('orders');
    await expect(page.getByLabel('Format')).toHaveValue('json');
    await expect(page.getByLabel('Column 1 name')).toHaveValue('id');
    await expect(page.getByLabel('Column 1 type')).toHaveValue('BIGINT');
    await expect(page.getByLabel('Column 2 name')).toHaveValue('ts');
    await expect(page.getByLabel('Column 2 type')).toHaveValue('TIMESTAMP');
    await expect(page.getByLabel('Event time column')).toHaveValue('ts');
    await expect(page.getByLabel('Watermark delay')).toHaveValue('10 seconds');
    // A column added after the reload gets its own, new position.
    await page.getByRole('button', { name: 'Add column' }).click();
    await expect(page.getByLabel('Column 3 name')).toHaveValue('');

    // Discarding starts afresh.
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await expect(page.getByLabel('Table name')).toHaveValue('');
    await expect(page.getByLabel('Column 1 name')).toHaveCount(0);
    await expect(page.getByText('Restored your unsaved draft')).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel('Table name')).toHaveValue('');
  });

  test('server errors in both shapes land on fields or in a banner', async ({ page }) => {
    await page.goto(L('/new-profile?connector=kafka'));
    await startKafkaProfile(page, 'production-kafka');
    // Laminar's shape, a conflict: a banner.
    await page.getByRole('button', { name: 'Create profile' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Conflict (409)' });
    await expect(banner).toContainText("A connection profile named 'production-kafka' already exists");
    // Laminar's shape with field details, and Arroyo's serde message: on the fields.
    await page.route('**/api/laminar/api/v1/connection_profiles', (route) => route.fulfill({
      status: 400, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'VALIDATION_ERROR', message: 'The configuration has 1 problem',
        details: { fields: [{ field: 'config.bootstrapServers', message: 'Broker refused the address.' }] } } }),
    }));
    await page.getByLabel('Profile name').fill('other');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByLabel('Bootstrap servers')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.field', { has: page.getByLabel('Bootstrap servers') })).toContainText('Broker refused the address.');
    await page.unroute('**/api/laminar/api/v1/connection_profiles');
    await page.route('**/api/laminar/api/v1/connection_profiles', (route) => route.fulfill({
      status: 400, contentType: 'application/json',
      body: JSON.stringify({ error: 'Invalid config: Error("missing field `bootstrapServers`", line: 0, column: 0)' }),
    }));
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.locator('.field', { has: page.getByLabel('Bootstrap servers') })).toContainText('Bootstrap servers is required.');
    await expect(page.getByRole('alert').filter({ hasText: 'missing field' })).toBeVisible();
  });

  test('catalog: filters by category, side, feature and format; one-sided connectors go straight on', async ({ page }) => {
    await page.goto(L('/catalog'));
    await expect(page.locator('.lam-card')).toHaveCount(7);
    await page.getByLabel('Category').selectOption('messaging');
    await expect(page).toHaveURL(/category=messaging/);
    await expect(page.locator('.lam-card')).toHaveCount(3);
    await page.getByLabel('Category').selectOption('');
    await page.getByRole('group', { name: 'Use as' }).getByRole('button', { name: 'Sinks' }).click();
    await expect(page.locator('.lam-card')).toHaveCount(6);
    await expect(page.locator('.lam-card', { hasText: 'Impulse' })).toHaveCount(0);
    await page.getByRole('group', { name: 'Filter by features' }).getByRole('button', { name: 'ttl' }).click();
    await expect(page.locator('.lam-card')).toHaveCount(1);
    await expect(page.locator('.lam-card')).toContainText('Redis');
    await page.getByRole('group', { name: 'Filter by features' }).getByRole('button', { name: 'ttl' }).click();
    await page.getByRole('group', { name: 'Filter by formats' }).getByRole('button', { name: 'parquet' }).click();
    await expect(page.locator('.lam-card')).toHaveCount(1);
    await expect(page.getByText('1 connector', { exact: true })).toBeVisible();

    // Escape closes the side question and gives focus back.
    await page.goto(L('/catalog'));
    const use = page.getByRole('button', { name: 'Use Confluent Cloud' });
    await use.click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(use).toBeFocused();
    // A sink-only connector needs no question and no profile.
    await page.getByRole('button', { name: 'Use Webhook' }).click();
    await expect(page).toHaveURL(/new-table\?connector=webhook&side=sink/);
    await expect(page.getByRole('heading', { name: 'New Webhook sink table' })).toBeVisible();
    await expect(page.getByLabel('Method')).toHaveValue('POST');
    await expect(page.getByLabel('Retries')).toHaveValue('3');
  });

  test('one table schema for both sides: each side offers only its variant; const discriminators are sent, not shown', async ({ page }) => {
    const problems = watchConsole(page);
    // NATS describes both sides in one schema: a `connector_type` oneOf of "Source" and "Sink",
    // each variant (and each authentication variant) identified by a `type` const.
    await page.goto(L('/new-table?connector=nats&side=source'));
    await expect(page.getByRole('heading', { name: 'New NATS source table' })).toBeVisible();
    await expect(page.getByLabel('Subject', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Queue group')).toBeVisible();
    // The sink variant is not offered; one variant left needs no picker.
    await expect(page.getByRole('radio', { name: 'Sink' })).toHaveCount(0);
    await expect(page.getByRole('radio', { name: 'Source' })).toHaveCount(0);
    // The const is implied by the variant: no one-option select.
    await expect(page.getByLabel('Type', { exact: true })).toHaveCount(0);
    await expect(page.locator('option[value="source"], option[value="none"]')).toHaveCount(0);
    const auth = page.getByRole('group', { name: 'Authentication' });
    await expect(auth.getByRole('radio', { name: 'None' })).toBeChecked();
    await auth.getByRole('radio', { name: 'NKey' }).check();
    // The seed is marked writeOnly: masked.
    await expect(page.getByLabel('NKey seed', { exact: true })).toHaveAttribute('type', 'password');
    await expect(page.getByLabel('Type', { exact: true })).toHaveCount(0);

    // The sink side: only the sink's fields, and what is sent carries both discriminators.
    await page.goto(L('/new-table?connector=nats&side=sink'));
    await expect(page.getByRole('heading', { name: 'New NATS sink table' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Source' })).toHaveCount(0);
    await expect(page.getByLabel('Queue group')).toHaveCount(0);
    await expect(page.getByLabel('Type', { exact: true })).toHaveCount(0);
    await page.getByLabel('Table name').fill('nats-alerts');
    await page.getByLabel('Servers').fill('nats-1:4222');
    await page.getByRole('group', { name: 'Authentication' }).getByRole('radio', { name: 'NKey' }).check();
    await page.getByLabel('NKey seed', { exact: true }).fill('SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY');
    await page.getByLabel('Subject', { exact: true }).fill('alerts');
    await page.getByLabel('Format').selectOption('json');
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/laminar/api/v1/connection_tables') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Create table' }).click();
    const body = (await sent).postDataJSON();
    expect(body.table_type).toBe('sink');
    expect(body.config).toEqual({
      servers: 'nats-1:4222',
      authentication: { type: 'nkey', nkey_seed: 'SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY' },
      connector_type: { type: 'sink', subject: 'alerts' },
    });
    await expect(page).toHaveURL(/\/tables\?created=nats-alerts/);
    expect(problems).toEqual([]);
  });

  test('jobs: states move live, a failure shows its reason', async ({ page }) => {
    await page.goto(L('/jobs'));
    const rows = page.getByTestId('job-table').locator('tbody tr');
    await expect(rows).toHaveCount(4);
    const replay = page.locator('tr[data-pipeline="legacy_replay"]');
    // Coming up first…
    await expect(replay.locator('.badge')).toHaveText(/Created|Compiling|Scheduling/);
    await expect(page.getByTestId('poll-status')).toContainText('every second while jobs change');
    await expect(replay.locator('.badge')).toHaveText('Running', { timeout: 15_000 });
    // …then failing, with the reason.
    await expect(replay.locator('.badge')).toHaveText('Failed', { timeout: 20_000 });
    await expect(replay).toHaveAttribute('data-health', 'failed');
    await expect(replay).toContainText("Source 'legacy_events' failed: could not connect to old-broker.unreachable.invalid:9092");
    await expect(page.getByTestId('announcer')).toContainText(/legacy_replay is now (Failing|Failed)/);
    const rollup = page.locator('tr[data-pipeline="session_rollup"]');
    await expect(rollup.locator('.badge')).toHaveText('Stopped', { timeout: 15_000 });
    await expect(page.locator('tr[data-pipeline="order_totals"] .badge')).toHaveText('Running');
    await expect(page.getByTestId('poll-status')).toContainText(/Updated (just now|\d+s ago) · live/);
    await page.getByRole('group', { name: 'Filter by state' }).getByRole('button', { name: 'Failed (1)' }).click();
    await expect(rows).toHaveCount(1);
  });

  test('profiles: delete asks first; a profile in use is refused with the reason', async ({ page }) => {
    await page.goto(L('/profiles'));
    await page.getByRole('button', { name: 'Delete production-kafka' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('Delete the profile “production-kafka”?');
    await confirm.getByRole('button', { name: 'Delete permanently' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Conflict (409)' })).toContainText('in use by connection tables: orders');
    // An unused one goes.
    await page.goto(L('/new-profile?connector=redis'));
    await page.getByLabel('Profile name').fill('spare-redis');
    await page.getByLabel('Address').fill('redis://spare:6379');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByText('Created profile “spare-redis”.')).toBeVisible();
    await page.getByRole('button', { name: 'Delete spare-redis' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete permanently' }).click();
    await expect(page.getByText('Deleted “spare-redis”.').first()).toBeVisible();
    await expect(page.locator('tr[data-name="spare-redis"]')).toHaveCount(0);
  });
});

test("Arroyo's catalog shape: schemas as strings, booleans for sides, inline SVG icons drawn safely", async ({ page }) => {
  const hostile = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><script>window.__pwned = 1</script>"
    + "<rect width='10' height='10' fill='teal' onload='window.__pwned = 2'/><a href='javascript:alert(1)'><circle r='3'/></a></svg>";
  const table = JSON.stringify({ type: 'object', properties: { event_rate: { type: 'number', title: 'Events per second', minimum: 0 } }, required: ['event_rate'] });
  await page.route('**/api/laminar/api/v1/connectors*', (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ data: [
      { id: 'impulse', name: 'Impulse', icon: hostile, description: 'Numbered events', enabled: true, source: true, sink: false,
        customSchemas: false, testing: true, hidden: false, tableConfig: table, connectionConfig: null },
      { id: 'secret-thing', name: 'Hidden Thing', icon: '', description: '', enabled: true, source: true, sink: true,
        customSchemas: false, testing: false, hidden: true, tableConfig: table },
      { id: 'broken', name: 'Broken', source: true, sink: false, tableConfig: '{ not json' },
    ] }),
  }));
  await page.goto(L('/catalog'));
  const card = page.locator('.lam-card', { hasText: 'Impulse' });
  await expect(card).toBeVisible();
  await expect(page.locator('.lam-card')).toHaveCount(1); // hidden left out, broken skipped…
  await expect(page.locator('.banner-notice')).toContainText('Connector “Broken”'); // …and listed
  const img = card.locator('img');
  await expect(img).toHaveAttribute('alt', '');
  const src = await img.getAttribute('src');
  expect(src.startsWith('data:image/svg+xml')).toBeTruthy();
  const svg = decodeURIComponent(src.split(',')[1]);
  expect(svg).toContain('<rect');
  expect(svg).not.toMatch(/script|onload|javascript/i);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // Source only and no connection config: straight to the table.
  await card.getByRole('button', { name: 'Use Impulse' }).click();
  await expect(page.getByRole('heading', { name: 'New Impulse source table' })).toBeVisible();
  await expect(page.getByLabel('Events per second')).toHaveAttribute('aria-required', 'true');
});

test('axe finds no serious violations on the Laminar pages', async ({ page, request }) => {
  await resetSim(page, request, 'demo');
  await page.goto(L('/catalog'));
  await expect(page.locator('.lam-card')).toHaveCount(7);
  expect(await audit(page)).toEqual([]);
  await page.getByRole('button', { name: 'Use Apache Kafka' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await audit(page)).toEqual([]);
  await page.goto(L('/new-profile?connector=kafka'));
  await page.getByRole('group', { name: 'Authentication' }).getByRole('radio', { name: 'SASL', exact: true }).check();
  await page.getByRole('button', { name: 'Add entry to Connection properties' }).click();
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'to fix' })).toBeVisible();
  expect(await audit(page)).toEqual([]);
  await page.goto(L('/new-table?connector=kafka&side=source'));
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByRole('button', { name: 'Create table' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'to fix' })).toBeVisible();
  expect(await audit(page)).toEqual([]);
  // One variant left of a side's oneOf (no picker) and implied const fields, with errors shown.
  await page.goto(L('/new-table?connector=nats&side=source'));
  await page.getByRole('button', { name: 'Create table' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'to fix' })).toBeVisible();
  expect(await audit(page)).toEqual([]);
  for (const path of ['/profiles', '/tables', '/jobs']) {
    await page.goto(L(path));
    await expect(page.locator('table.table tbody tr').first()).toBeVisible();
    expect(await audit(page)).toEqual([]);
  }
});

test('in-browser simulator: a Redis profile with clustered addresses is created', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/profiles?backend=laminar-demo');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('tr[data-name="production-kafka"]')).toBeVisible();
  await page.getByLabel('Connector for the new profile').selectOption('redis');
  await page.getByRole('button', { name: 'New profile' }).click();
  await expect(page.getByRole('heading', { name: 'New Redis connection profile' })).toBeVisible();
  await page.getByLabel('Profile name').fill('demo-redis');
  const connection = page.getByRole('group', { name: 'Connection' });
  await connection.getByRole('radio', { name: 'Clustered' }).check();
  const addresses = page.getByRole('textbox', { name: 'Addresses' });
  await addresses.fill('redis://node-1:6379');
  await addresses.press('Enter');
  await addresses.fill('redis://node-2:6379');
  await addresses.press('Enter');
  await expect(page.getByRole('list', { name: 'Addresses: entered values' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-outcome')).toContainText('Test passed');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByText('Created profile “demo-redis”.')).toBeVisible();
  const row = page.locator('tr[data-name="demo-redis"]');
  await expect(row).toContainText('Redis: redis://node-1:6379,redis://node-2:6379');
  expect(problems).toEqual([]);
});
