import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

// The `test` every spec imports: it fails a test on any uncaught page error, console error,
// Content-Security-Policy violation or page crash, in every page the test opens (also in other
// tabs and in browser contexts it creates), including those that come after its last assertion
// (a trap in the release build shows only as a page error). A test that provokes an error on
// purpose lists it in `allowedErrors` (`test.use({ allowedErrors: [/…/] })`).

export { expect };

type Options = {
  /** Errors the test provokes on purpose: a problem matching one of these is not a failure. */
  allowedErrors: RegExp[];
};

/** Name of the binding the pages report Content-Security-Policy violations through. */
const CSP_BINDING = '__erwizCspViolation';

export const test = base.extend<Options & { pageProblems: string[] }>({
  allowedErrors: [[], { option: true }],
  pageProblems: [
    async ({ context, browser, allowedErrors }, use) => {
      const problems: string[] = [];
      const pages: Page[] = [];
      const watchPage = (page: Page) => {
        pages.push(page);
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('crash', () => problems.push('the page crashed'));
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
        });
      };
      const watchContext = async (c: BrowserContext) => {
        c.pages().forEach(watchPage);
        c.on('page', watchPage);
        await c.exposeBinding(CSP_BINDING, (_source, text: string) => {
          problems.push(`CSP violation: ${text}`);
        });
        await c.addInitScript((binding) => {
          document.addEventListener('securitypolicyviolation', (e) => {
            const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
            (window as any)[binding](`${e.effectiveDirective} refused ${e.blockedURI || 'inline'}${where}`);
          });
        }, CSP_BINDING);
      };
      await watchContext(context);
      // Contexts the test creates itself are watched as well.
      const newContext = browser.newContext;
      browser.newContext = async function (...args: Parameters<typeof newContext>) {
        const c = await newContext.apply(browser, args);
        await watchContext(c);
        return c;
      };
      try {
        await use(problems);
      } finally {
        browser.newContext = newContext;
      }
      // What the pages still had queued when the test ended runs before the check: a task
      // queued now runs after them. (Not a frame: a page in a background tab draws none; nor a
      // timer: a test may have paused the clock.)
      for (const page of pages) {
        if (page.isClosed()) continue;
        await page
          .evaluate(
            () =>
              new Promise((r) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = r;
                channel.port2.postMessage(0);
              }),
          )
          .catch(() => {});
      }
      const unexpected = problems.filter((p) => !allowedErrors.some((re) => re.test(p)));
      expect(unexpected, 'page errors, console errors and CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});
