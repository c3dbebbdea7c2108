import { test, expect } from './fixtures';

// The Content-Security-Policy (issue 15): in the page as a meta element (static hosting keeps it)
// and from the local server as a header with frame-ancestors. The shared fixture fails every test
// on a violation; these check the policy itself, and that a page may not frame the app.

const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
];

test('the page carries a strict policy, and no inline script or style attribute', async ({ page }) => {
  const response = await page.goto('/');
  const header = response!.headers()['content-security-policy'];
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-diagram').length > 0);
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const d of DIRECTIVES) {
    expect(meta, 'meta').toContain(d);
    expect(header, 'header').toContain(d);
  }
  // Styles inlined by the build are allowed by their hashes, not by 'unsafe-inline'.
  const styleSrc = meta!.split(';').map((d) => d.trim()).find((d) => d.startsWith('style-src '))!;
  expect(styleSrc).not.toContain('unsafe-inline');
  const hashes = styleSrc.split(' ').filter((s) => s.startsWith("'sha256-"));
  expect(hashes.length).toBe(await page.locator('style').count());
  expect(meta).not.toContain('frame-ancestors');
  expect(header).toContain("frame-ancestors 'none'");
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(await page.locator('[style]').count()).toBe(0);
  // The loader is a file with a content-hashed name.
  expect(await page.locator('script[src]').getAttribute('src')).toMatch(/^\/erwiz-loader-[0-9a-f]{16}\.js$/);
});

test.describe('framed by another page', () => {
  test.use({ allowedErrors: [/frame-ancestors/] });

  test('the app refuses to be framed (frame-ancestors)', async ({ page }) => {
    await page.goto('/');
    const refused = page.waitForEvent(
      'console',
      (m) => m.type() === 'error' && /frame-ancestors/.test(m.text()),
    );
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      f.id = 'framed';
      f.src = '/';
      document.body.append(f);
    });
    await refused;
    await expect(page.frameLocator('#framed').locator('#f-resourceGroup')).toHaveCount(0);
  });
});
