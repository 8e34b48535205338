// A 1,000-field form: typing in one field must not re-render any other field, and a
// condition change touches only the fields that depend on it. (Timings are in the benchmark.)
import { test, expect } from '@playwright/test';

test('typing in one field of 1,000 leaves the other fields untouched', async ({ page }) => {
  await page.goto('/new?kind=sources&type=synthetic1000&backend=bench');
  await expect(page.getByRole('heading', { name: /Synthetic/ })).toBeVisible();
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
