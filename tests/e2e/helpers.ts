import { expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// Helpers shared by the Playwright specs (this file holds no tests).

/** The localStorage key of the open design. */
export const KEY = 'erwiz.design.v1';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations on the current page, one readable line each. */
export async function violations(page: Page) {
  // Evaluated, not added as an inline <script>: the page's Content-Security-Policy refuses those.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
  });
}

/** Collects the page's uncaught errors and console errors from now on. */
export function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  return problems;
}

/** A fixture design's JSON text (`tests/fixtures/<name>`). */
export const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');

/**
 * Opens the app with `json` stored as the design, once (a reload keeps what the page saved), and
 * waits for the first step; returns the errors seen from now on.
 */
export async function openWith(page: Page, json: string): Promise<string[]> {
  const problems = watchErrors(page);
  await page.addInitScript(([key, text]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, text);
      sessionStorage.setItem('seeded', '1');
    }
  }, [KEY, json]);
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  return problems;
}

/** Opens the app with no stored design; returns the errors seen from now on. */
export async function openEmpty(page: Page): Promise<string[]> {
  const problems = watchErrors(page);
  await page.goto('/');
  await page.evaluate((k) => localStorage.removeItem(k), KEY);
  await page.reload();
  return problems;
}

/** The wizard's fields, findings and steps. */
export class Wizard {
  constructor(readonly page: Page) {}
  field(id: string) { return this.page.locator(`#${id}`); }
  findings(id: string) { return this.page.locator(`#${id}-msg li`); }
  errors(id: string) { return this.page.locator(`#${id}-msg li.error`); }
  tab(n: number) { return this.page.locator(`#circuit-tab-${n}`); }
  stepButton(slug: string) { return this.page.locator(`button[data-step="${slug}"]`); }
  /** Opens the app (keeping what is stored); returns the errors seen from now on. */
  async open() {
    const errors = watchErrors(this.page);
    await this.page.goto('/');
    await expect(this.field('f-resourceGroup')).toBeVisible();
    return errors;
  }
  /** Opens a step from the stepper and waits for its title. */
  async step(slug: string, title: string) {
    await this.stepButton(slug).click();
    await expect(this.page.locator('#step-title')).toHaveText(title);
  }
  /** Fills a field and waits until it shows no error. */
  async fill(id: string, value: string) {
    await this.field(id).fill(value);
    await expect(this.errors(id)).toHaveCount(0);
  }
}

/** The app open in this page and in a second tab of the same context; returns the second page. */
export async function twoTabs(page: Page, context: BrowserContext): Promise<Page> {
  const rg = (p: Page) => p.locator('#f-resourceGroup');
  await page.goto('/');
  await expect(rg(page)).toBeVisible();
  const other = await context.newPage();
  await other.goto('/');
  await expect(rg(other)).toBeVisible();
  return other;
}
