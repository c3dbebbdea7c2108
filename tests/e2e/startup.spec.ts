import { test, expect } from './fixtures';
import { readFileSync } from 'node:fs';
import { KEY, watchErrors } from './helpers';

// Startup of the release build: what the page requests, what the app has drawn when it marks
// itself interactive, and what follows after the first paint.

const large = readFileSync('tests/fixtures/large.json', 'utf8');

test('one request each for the page, its loader, the app module and its wasm; styles come with the page', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const errors = watchErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-diagram').length > 0);
  const wasm = requested.filter((p) => p.endsWith('_bg.wasm'));
  // The preloaded wasm is the one the app instantiates: fetched once.
  expect(wasm, requested.join(' ')).toHaveLength(1);
  // The JS glue, and the loader (a file, not an inline script: the Content-Security-Policy).
  const scripts = requested.filter((p) => p.endsWith('.js') && !p.includes('worker'));
  expect(scripts, requested.join(' ')).toHaveLength(2);
  expect(scripts.filter((p) => /^\/erwiz-loader-[0-9a-f]{16}\.js$/.test(p)), requested.join(' ')).toHaveLength(1);
  expect(requested.filter((p) => p.endsWith('.css')), 'stylesheets are inlined').toEqual([]);
  // The loader compiled the wasm from its download (before the JS glue ran) into the module the
  // app runs.
  expect(await page.evaluate(async () => (await (window as any).erwizWasm) instanceof WebAssembly.Module)).toBe(true);
  // The inlined styles apply: main.css (first) and diagram.css (last).
  await expect(page.locator('nav.stepper ol')).toHaveCSS('list-style-type', 'none');
  await expect(page.locator('.diagram-tools')).toHaveCSS('display', 'flex');
  expect(errors).toEqual([]);
});

test('a server sending the wasm under another MIME type: the app still starts', async ({ page }) => {
  // Compiling from the stream needs application/wasm; the loader then hands the glue a plain
  // response, which it compiles from its bytes.
  await page.route('**/*_bg.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const errors = watchErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  expect(await page.evaluate(async () => (await (window as any).erwizWasm) instanceof Response), 'the fallback').toBe(true);
  expect(errors).toEqual([]);
});

test('erwiz-interactive: the open step, its findings and the stepper are drawn; the diagram follows', async ({ page }) => {
  // Snapshot the page at the moment each mark is set.
  await page.addInitScript(([key, json]) => {
    localStorage.setItem(key, json);
    const mark = performance.mark.bind(performance);
    (window as any).__atMark = {};
    performance.mark = (name: string, options?: PerformanceMarkOptions) => {
      const m = mark(name, options);
      // From the start on, what each frame is about to paint (frame callbacks run just before).
      if (name === 'erwiz-start') {
        (window as any).__frames = [];
        const frame = () => {
          (window as any).__frames.push({
            step: document.querySelector('#f-circuits-0-name') !== null,
            diagram: document.querySelectorAll('[data-testid="diagram"] [data-id]').length,
          });
          if (performance.getEntriesByName('erwiz-diagram').length === 0) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }
      (window as any).__atMark[name] = {
        // The value property, set by Leptos in a microtask after the element is built.
        field: (document.querySelector('#f-circuits-0-name') as HTMLInputElement | null)?.value ?? null,
        steps: document.querySelectorAll('.stepper li').length,
        totals: document.querySelector('[data-testid="totals"]')?.textContent ?? '',
        diagram: document.querySelectorAll('[data-testid="diagram"] [data-id]').length,
      };
      return m;
    };
  }, [KEY, large]);
  const errors = watchErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-diagram').length > 0);
  const at = await page.evaluate(() => (window as any).__atMark);
  const name = JSON.parse(large).circuits[0].name;
  expect(at['erwiz-start']).toMatchObject({ field: null, steps: 0 });
  expect(at['erwiz-interactive']).toMatchObject({ field: name, steps: 8, diagram: 0 });
  expect(at['erwiz-interactive'].totals).toMatch(/^\d+ errors? · \d+ warnings?$/);
  expect(at['erwiz-diagram'].diagram).toBeGreaterThan(50);
  const order = await page.evaluate(() => ['erwiz-start', 'erwiz-interactive', 'erwiz-diagram']
    .map((n) => performance.getEntriesByName(n)[0].startTime));
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // A frame paints the step before the diagram is drawn.
  const frames = await page.evaluate(() => (window as any).__frames);
  expect(frames).toContainEqual({ step: true, diagram: 0 });
  // Inputs respond: typing reaches the design.
  await page.locator('#f-circuits-0-name').fill('er-startup-check');
  await expect(page.getByTestId('diagram')).toContainText('er-startup-check');
  expect(errors).toEqual([]);
});

for (const design of ['empty', 'large']) {
  test(`the open step stays in place when the diagram is drawn after the first paint (${design} design, 1280 px)`, async ({ page }) => {
    // Below 1500 px the diagram sits above the step: its space is kept from the start.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.addInitScript(([key, json]) => {
      if (json) localStorage.setItem(key, json);
      const mark = performance.mark.bind(performance);
      (window as any).__top = {};
      performance.mark = (name: string, options?: PerformanceMarkOptions) => {
        const m = mark(name, options);
        const field = document.querySelector('#f-resourceGroup');
        if (field) (window as any).__top[name] = field.getBoundingClientRect().top + window.scrollY;
        return m;
      };
    }, [KEY, design === 'large' ? large : ''] as const);
    const errors = watchErrors(page);
    await page.goto('/');
    await page.waitForFunction(() => performance.getEntriesByName('erwiz-diagram').length > 0);
    await expect(page.getByTestId('diagram')).toBeVisible();
    const top = await page.evaluate(() => (window as any).__top);
    const now = await page.locator('#f-resourceGroup').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(top['erwiz-interactive']).toBeGreaterThan(300);
    expect(now).toBe(top['erwiz-interactive']);
    await expect(page.locator('.diagram-space')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}
