// Real-world catalogs read well (issue 12): metadata rewritten on the way in, as other projects
// write it — HTML and long unbroken URLs in help, group names with spaces, dots, quotes and
// non-ASCII, empty group names, titles ending in `*`, white-drawn icons.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { resetSim, watchConsole } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LONG_URL = `https://docs.example.com/${'very-long-path-segment-without-any-break'.repeat(8)}`;
const LONG_WORD = 'Supercalifragilisticexpialidocious'.repeat(6);
const JDBC = '/new?backend=kc&kind=destinations&type=io.confluent.connect.jdbc.JdbcSinkConnector';

async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axePath });
  // eslint-disable-next-line no-undef
  const result = await page.evaluate(async () => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Rewrites every Kafka Connect validate answer: messy groups, HTML help, long words. */
async function messyValidate(page) {
  await page.route('**/api/kafka-connect/connector-plugins/*/config/validate', async (route) => {
    const resp = await route.fetch();
    const body = await resp.json();
    const groups = ['Error Handling', 'connection.settings', 'Überwachung "Fehler"', ''];
    body.groups = [...groups, ...body.groups];
    body.configs.forEach((c, i) => {
      c.definition.group = groups[i % groups.length];
      if (c.definition.name === 'connection.url') {
        c.definition.documentation = `The <code>JDBC</code> URL, see <a href="${LONG_URL}">the docs</a> or <a href="javascript:alert(1)">this</a>.<br>${LONG_URL}`;
        c.definition.display_name = `${LONG_WORD} *`;
      }
    });
    await route.fulfill({ response: resp, json: body });
  });
}

test.beforeEach(async ({ page, request }) => {
  await resetSim(page, request, 'demo');
});

test('messy Kafka Connect metadata: safe rich help, no sideways scroll, valid ids, no empty card', async ({ browser }) => {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems = watchConsole(page);
    await messyValidate(page);
    await page.goto(JDBC);
    await expect(page.getByRole('heading', { name: 'New Jdbc Sink destination' })).toBeVisible();
    // Help markup is rendered from the allowlist: code and an http(s) link, never `javascript:`.
    const help = page.locator('.help.rich-text', { has: page.locator('code', { hasText: 'JDBC' }) }).first();
    await expect(help).toBeVisible();
    await expect(help.locator('a[href^="https://docs.example.com"]').first()).toHaveAttribute('rel', 'noopener noreferrer');
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    // The title's own `*` is not doubled.
    expect(await page.locator('label', { hasText: LONG_WORD }).first().textContent()).not.toContain('*');
    // No sideways scrolling with long unbroken help and labels.
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${width} px page is ${scroll} px wide`).toBeLessThanOrEqual(width);
    // Every section has a heading and at least one field; every id reference resolves.
    const sections = page.locator('section.form-section');
    for (let i = 0; i < (await sections.count()); i += 1) {
      const s = sections.nth(i);
      expect((await s.locator('h2').first().textContent()).trim()).not.toBe('');
    }
    const broken = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('[aria-labelledby],[aria-describedby],label[for]')) {
        for (const attr of ['aria-labelledby', 'aria-describedby', 'for']) {
          const v = el.getAttribute(attr);
          if (!v) continue;
          for (const id of v.split(/\s+/).filter(Boolean)) if (!document.getElementById(id)) out.push(`${attr}=${id}`);
        }
      }
      return out;
    });
    expect(broken).toEqual([]);
    await expect(page.getByRole('region', { name: 'Überwachung "Fehler"' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Error Handling' })).toBeVisible();
    if (width === 1280) expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }
});

test('white- and black-drawn SVG icons both show on their tile, in light and dark', async ({ page }) => {
  await page.route('**/api/laminar/api/v1/connectors', async (route) => {
    const resp = await route.fetch();
    const body = await resp.json();
    const list = Array.isArray(body) ? body : (body.data || body.connectors);
    list[0].icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M4 4h24v24H4z" fill="#fff"/></svg>';
    list[1].icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M4 4h24v24H4z" fill="#000"/></svg>';
    await route.fulfill({ response: resp, json: body });
  });
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/catalog?backend=laminar');
    const icons = page.locator('img.lam-icon');
    await expect(icons.first()).toBeVisible();
    const tile = await icons.first().evaluate((i) => getComputedStyle(i).backgroundColor);
    const l = luminance(tile);
    expect(contrast(l, 1), `${scheme}: tile ${tile} vs white`).toBeGreaterThanOrEqual(3);
    expect(contrast(l, 0), `${scheme}: tile ${tile} vs black`).toBeGreaterThanOrEqual(3);
  }
});
