// A 1,000-field form: typing in one field must not re-render any other field, and a
// condition change touches only the fields that depend on it. (Timings are in the benchmark.)
import { test, expect } from '@playwright/test';

test('typing in one field of 1,000 leaves the other fields untouched', async ({ page }) => {
  await page.goto('/new?kind=sources&type=synthetic1000&backend=bench');
  await expect(page.getByRole('heading', { name: /Synthetic/ })).toBeVisible();
  // Every field is in (a large form adds the fields after its first screen a chunk per task).
  await expect(page.locator('.form-section[aria-busy="true"]')).toHaveCount(0);
  await page.evaluate(() => document.querySelectorAll('details.advanced').forEach((d) => (d.open = true)));
  const count = await page.locator('.field[data-key^="synthetic.field"]').count();
  expect(count).toBeGreaterThan(950);

  // Record every DOM mutation in the form, then type into field 500 (a text field).
  await page.evaluate(() => {
    window.__mutations = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const f = (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest('.field');
        window.__mutations.push(f ? f.dataset.key : '(outside a field)');
      }
    }).observe(document.querySelector('form'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const input = page.locator('.field[data-key="synthetic.field.0504"] input');
  await input.click();
  await page.keyboard.type('hello world');
  await expect(input).toHaveValue('hello world');
  const touched = await page.evaluate(() => [...new Set(window.__mutations)]);
  expect(touched.filter((k) => k !== 'synthetic.field.0504')).toEqual([]);

  // Turning the controlling toggle on shows exactly its dependents, nothing else changes.
  await page.evaluate(() => (window.__mutations = []));
  const before = await page.locator('.field[data-key^="synthetic.field"]').count();
  await page.locator('.field[data-key="synthetic.field.0002"] input').click();
  const after = await page.locator('.field[data-key^="synthetic.field"]').count();
  const touched2 = await page.evaluate(() => [...new Set(window.__mutations)]);
  expect(after).not.toBe(before);
  // Only the toggle itself and the section containers receiving the shown fields change.
  expect(touched2.filter((k) => k !== 'synthetic.field.0002' && k !== '(outside a field)')).toEqual([]);
});

// Off-screen fields skip style and layout only in large forms. In a form of 200 controls or
// fewer Chromium's autofill reads every field after each change, and a field under
// `content-visibility: auto` then costs a layout of its own (95–118 ms on a 100-field form).
// A large form defers blocks of at most 40 fields, not each field: a keystroke then lays out
// its block and the list of blocks, not every field.
test('only forms of more than 200 fields defer off-screen fields (content-visibility, in blocks)', async ({ page }) => {
  const visibility = () => page.evaluate(() => {
    const blocks = [...document.querySelectorAll('.fields > .field-block')];
    const kinds = (els) => [...new Set(els.map((e) => getComputedStyle(e).contentVisibility))];
    return {
      blocks: kinds(blocks),
      fields: kinds([...document.querySelectorAll('.field')]),
      largest: Math.max(0, ...blocks.map((b) => b.children.length)),
    };
  });

  await page.goto('/new?kind=sources&type=synthetic1000&backend=bench');
  await expect(page.getByRole('heading', { name: /Synthetic/ })).toBeVisible();
  // Every field in (the rest come a chunk per task after the first screen).
  await expect(page.locator('.field[data-key="synthetic.field.0999"]')).toBeAttached({ timeout: 30_000 });
  expect(await visibility()).toEqual({ blocks: ['auto'], fields: ['visible'], largest: 40 });

  await page.goto('/new?kind=sources&type=postgresql');
  await expect(page.getByLabel('Hostname', { exact: true })).toBeVisible();
  expect(await visibility()).toEqual({ blocks: [], fields: ['visible'], largest: 0 });

  // The same for a JSON Schema form (the Playground, as the rjsf benchmark drives it).
  const schema = (n) => JSON.stringify({
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string', title: `Field ${i}` }])),
  });
  for (const [n, want] of [[20, 'visible'], [300, 'auto']]) {
    await page.route(`**/s${n}.schema.json`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: schema(n) }));
    await page.goto(`/playground?schema=s${n}.schema.json`);
    await expect(page.getByLabel(`Field ${n - 1}`, { exact: true })).toBeAttached();
    expect(await visibility(), `${n} fields`).toEqual(want === 'auto'
      ? { blocks: ['auto'], fields: ['visible'], largest: 40 }
      : { blocks: [], fields: ['visible'], largest: 0 });
  }
});

// A large JSON Schema form (over 200 fields) shows its first screen of fields at once and adds
// the rest a chunk per task after that screen has painted: the page takes input meanwhile,
// the fields end up in the schema's order, and nothing typed early is lost.
test('a large JSON Schema form shows its first screen first, then the rest in order, keeping what was typed', async ({ page }) => {
  const n = 600;
  const body = JSON.stringify({
    type: 'object',
    required: [`f${n - 1}`],
    properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string', title: `Field ${i}` }])),
  });
  // The number of inputs in the form the first time any is in the page.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const c = document.querySelectorAll('.schema-form input').length;
      if (c && window.__firstInputs === undefined) window.__firstInputs = c;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.route('**/big.schema.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.goto('/playground?schema=big.schema.json');
  const first = page.getByLabel('Field 0', { exact: true });
  await first.fill('typed early');
  const firstInputs = await page.evaluate(() => window.__firstInputs);
  expect(firstInputs).toBeGreaterThan(10);
  expect(firstInputs).toBeLessThan(n);

  await expect(page.locator('.schema-form')).not.toHaveAttribute('aria-busy', 'true');
  const labels = await page.locator('.schema-form .field label').allTextContents();
  expect(labels.map((l) => l.replace(/\s*\*$/, '').trim())).toEqual(Array.from({ length: n }, (_, i) => `Field ${i}`));
  await expect(first).toHaveValue('typed early');

  // The benchmark's first render waits for every field; the first screen came before it.
  const marks = await page.evaluate(() => window.__bench.marks);
  expect(marks.firstScreen).toBeLessThan(marks.firstRender);
  expect(await page.evaluate(() => window.__bench.fields)).toBe(n);

  // Check marks the last field, and the summary's link reaches it.
  await page.getByRole('button', { name: 'Check' }).click();
  const last = page.getByLabel(`Field ${n - 1}`, { exact: true });
  await expect(last).toHaveAttribute('aria-invalid', 'true');
});

// The 1,000-field connector form likewise: its first screen first, then every field in the
// catalog's order; a value typed early is kept, and a submit straight away lists problems at
// fields that are all in the page, the last one reachable from the summary.
test('a large connector form shows its first screen first; a submit straight away reaches every field', async ({ page }) => {
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const c = document.querySelectorAll('.connector-form .field[data-key^="synthetic.field"]').length;
      if (c && window.__firstFields === undefined) window.__firstFields = c;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/new?kind=sources&type=synthetic1000&backend=bench');
  const first = page.locator('.field[data-key="synthetic.field.0000"] input');
  await first.fill('typed early');
  const firstFields = await page.evaluate(() => window.__firstFields);
  expect(firstFields).toBeGreaterThan(10);
  expect(firstFields).toBeLessThan(500);
  await page.getByRole('button', { name: /^Create/ }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'to fix' });
  await expect(summary).toBeVisible();
  await expect(page.locator('.form-section[aria-busy="true"]')).toHaveCount(0);
  const keys = await page.locator('.connector-form .field[data-key^="synthetic.field"]').evaluateAll((els) => els.map((e) => e.dataset.key));
  expect(keys.length).toBeGreaterThan(950);
  const byTab = (k) => Number(k.slice(-4)) % 4;
  expect(keys, 'each section in the catalog order').toEqual([...keys].sort((a, b) => byTab(a) - byTab(b) || a.localeCompare(b)));
  await expect(first).toHaveValue('typed early');
  await summary.getByRole('link').last().click();
  await expect(page.locator('.field[data-key="synthetic.field.0990"] :focus')).toHaveCount(1);
});
