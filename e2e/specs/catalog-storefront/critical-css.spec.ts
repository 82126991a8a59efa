import { expect, test } from '../../fixtures/test';
import { DESKTOP, PHONE } from '../../fixtures/viewport';

// Issue 16: a server-rendered page paints with only the CSS rules that can match its HTML inlined in its <head>
// (apps/api/src/critical-css.ts); the full stylesheets arrive meanwhile and the app applies them before hydrating.
// Nothing may look different: every element of the rendered page must have the same computed style with the
// inlined rules alone as with the full stylesheets.

/** Every element's computed style, in document order. */
function computedStyles(): string[] {
  return Array.from(document.querySelectorAll('body *')).map((el) => {
    const style = getComputedStyle(el);
    const props: string[] = [];
    for (let i = 0; i < style.length; i++) props.push(`${style[i]}:${style.getPropertyValue(style[i]!)}`);
    const path = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${Array.from(el.classList).join('.')}`;
    return `${path} {${props.join(';')}}`;
  });
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`${label}: the inlined critical CSS styles the catalog and a module page exactly as the full stylesheets do`, async ({
    browser,
    baseURL,
  }) => {
    // Without scripts: the page as it first paints, with the inlined rules only.
    const context = await browser.newContext({ baseURL, viewport, javaScriptEnabled: false, locale: 'en-GB', timezoneId: 'UTC' });
    try {
      const page = await context.newPage();
      for (const url of ['/modules', '/modules/crm-pro']) {
        await page.goto(url);
        await expect(page.locator('main h1')).toBeVisible({ timeout: 30_000 });
        const deferred = page.locator('link[rel="preload"][as="style"][data-wk-css]');
        expect(await deferred.count()).toBeGreaterThan(0);
        await expect(page.locator('head link[rel="stylesheet"]')).toHaveCount(0);
        const critical = await page.evaluate(computedStyles);

        // Then the full stylesheets, applied as the app's entry script applies them (no load events in a page
        // without scripts: wait until each link has its sheet).
        await page.evaluate(() => {
          for (const link of Array.from(document.querySelectorAll<HTMLLinkElement>('link[data-wk-css]'))) link.rel = 'stylesheet';
        });
        await expect
          .poll(() =>
            page.evaluate(() => Array.from(document.querySelectorAll<HTMLLinkElement>('link[data-wk-css]')).every((l) => !!l.sheet)),
          )
          .toBe(true);
        const full = await page.evaluate(computedStyles);
        expect(full.length).toBe(critical.length);
        const differences = critical.flatMap((c, i) => (c === full[i] ? [] : [`${c}\n  !=\n${full[i]}`]));
        expect(differences.slice(0, 3), `${url}: ${differences.length} elements styled differently`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
}
