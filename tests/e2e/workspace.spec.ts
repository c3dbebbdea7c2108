import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { KEY, fixture } from './helpers';
import * as path from 'path';

// The workspace at the sizes people use it, light and dark: a new design, the Contoso seed design
// and a two-circuit design with Global Reach, every step. At each step: the step's first field is
// on the first screen (no scrolling), nothing is wider than the page, and every export tab is
// visible; a new design shows no error before its first edit. A screenshot of each step's first
// screen is kept in test-artifacts/screenshots/<viewport>-<scheme>-<design>-<step>.png.
// Also: the skip link, the diagram panel of narrow layouts, the Settings menu, the live region.

const shots = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

const STEPS = [
  ['basics', 'Basics'],
  ['configuration', 'Configuration'],
  ['provider-status', 'Provider status'],
  ['private-peering', 'Private peering'],
  ['microsoft-peering', 'Microsoft peering'],
  ['gateway', 'Gateway'],
  ['connection', 'Connection'],
  ['review', 'Review'],
] as const;

const VIEWPORTS = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '1600x900', width: 1600, height: 900 },
  { name: '390x844', width: 390, height: 844 },
] as const;

/** The open step's first field as rendered, its box: its first input, select or text area, else
 * (a step with nothing to fill in yet) its first button or disclosure. The circuit switcher
 * above the per-circuit steps does not count. Review has nothing to fill in: its first control
 * (the finish's or what remains to fix). */
async function firstControl(page: Page, review: boolean) {
  return page.evaluate((review) => {
    const shown = (sel: string) =>
      [...document.querySelectorAll<HTMLElement>(sel)].find(
        (e) => e.getClientRects().length > 0 && !e.closest('.circuit-bar'),
      );
    const el = review
      ? shown('.step-content :is(button, summary, input, select, textarea)')
      : shown('.step-content :is(input:not([type=hidden]), select, textarea)') ??
        shown('.step-content :is(button, summary)');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {
      what: `${el.tagName.toLowerCase()}#${el.id || el.textContent?.trim().slice(0, 30)}`,
      top: r.top, bottom: r.bottom, left: r.left, right: r.right,
      width: window.innerWidth, height: window.innerHeight,
    };
  }, review);
}

/** How far the page is wider than the viewport (0 when nothing sticks out sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Opens `json` as the only stored design (the library starts over and adopts it). */
async function openDesign(page: Page, json: string | null) {
  await page.evaluate(([k, text]) => {
    localStorage.clear();
    if (text) localStorage.setItem(k, text);
  }, [KEY, json] as const);
  await page.reload();
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
}

async function openStep(page: Page, slug: string, title: string) {
  await page.click(`.stepper button[data-step="${slug}"]`);
  await expect(page.locator('#step-title')).toHaveText(title);
  // The first screen: the page as it opens, not scrolled.
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The checks every step passes at every size, and its screenshot. */
async function checkStep(page: Page, file: string, label: string) {
  const first = await firstControl(page, file.endsWith('-review.png'));
  expect(first, `${label}: a first control`).not.toBeNull();
  const f = first!;
  expect(
    f.top >= 0 && f.bottom <= f.height && f.left >= 0 && f.right <= f.width,
    `${label}: first control ${f.what} at ${Math.round(f.left)},${Math.round(f.top)}–${Math.round(f.right)},${Math.round(f.bottom)} inside ${f.width}×${f.height}`,
  ).toBe(true);
  expect(await overflow(page), `${label}: horizontal overflow`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(shots, file) });
}

/** Every export tab is visible and inside the page's width (none clipped or scrolled away). */
async function checkExportTabs(page: Page, label: string) {
  const tabs = page.locator('.export-tabs [role="tab"]');
  await expect(tabs).toHaveCount(7);
  const width = page.viewportSize()!.width;
  for (const tab of await tabs.all()) {
    await expect(tab).toBeVisible();
    const box = (await tab.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= width, `${label}: tab ${await tab.textContent()} inside the page`).toBe(true);
  }
}

for (const vp of VIEWPORTS) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`workspace at ${vp.name}, ${scheme}: first field on the first screen at every step`, async ({ page }) => {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await page.emulateMedia({ colorScheme: scheme });
      const prefix = `${vp.name}-${scheme}`;
      await page.goto('/');

      // A new design: nothing is marked wrong before the first edit on any step up to Review
      // (which shows every finding, as the portal's Review + create does).
      await openDesign(page, null);
      await expect(page.getByTestId('totals')).toHaveText('Nothing checked yet');
      for (const [slug, title] of STEPS) {
        await openStep(page, slug, title);
        if (slug !== 'review') {
          await expect(page.locator('.step-content li.finding.error'), `new design, ${slug}`).toHaveCount(0);
          await expect(page.locator('.step-content [aria-invalid="true"]'), `new design, ${slug}`).toHaveCount(0);
          await expect(page.locator('.stepper li.has-errors')).toHaveCount(0);
          await expect(page.locator('.nav-status')).toHaveText('');
        }
        if (slug === 'basics' || slug === 'review') {
          await checkStep(page, `${prefix}-new-${slug}.png`, `${prefix} new ${slug}`);
        }
      }

      for (const [design, file] of [['seed', 'seed.json'], ['two-circuits', 'two-circuits.json']] as const) {
        await openDesign(page, fixture(file));
        await expect(page.getByTestId('totals')).toHaveText(/^0 errors · /);
        if (design === 'two-circuits') await expect(page.locator('[role="tab"]')).toHaveCount(2);
        for (const [slug, title] of STEPS) {
          await openStep(page, slug, title);
          await checkStep(page, `${prefix}-${design}-${slug}.png`, `${prefix} ${design} ${slug}`);
        }
        // Review (open): every export format's tab can be seen; the whole page as well.
        await checkExportTabs(page, `${prefix} ${design}`);
        await page.screenshot({ path: path.join(shots, `${prefix}-${design}-review-full.png`), fullPage: true });
      }

      if (vp.width < 1100) {
        // Narrow: the diagram is a panel after the step title, closed at first, opened from the
        // keyboard, and it stays open after a reload.
        await openStep(page, 'connection', 'Connection');
        const toggle = page.getByTestId('diagram-toggle');
        await expect(toggle).toHaveAttribute('aria-expanded', 'false');
        await expect(page.getByTestId('diagram')).toBeHidden();
        const title = (await page.locator('#step-title').boundingBox())!;
        const t = (await toggle.boundingBox())!;
        const field = (await page.locator('#f-connections-0-circuit').boundingBox())!;
        expect(t.y > title.y && t.y < field.y, 'the panel sits between the title and the form').toBe(true);
        await toggle.focus();
        await page.keyboard.press('Enter');
        await expect(toggle).toHaveAttribute('aria-expanded', 'true');
        await expect(page.getByTestId('diagram')).toBeVisible();
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(shots, `${prefix}-two-circuits-connection-diagram.png`) });
        await page.reload();
        await expect(page.getByTestId('diagram-toggle')).toHaveAttribute('aria-expanded', 'true');
        await page.getByTestId('diagram-toggle').click();
        await expect(page.getByTestId('diagram')).toBeHidden();
      } else {
        // Wide: the diagram is beside the form, on the first screen, and stays in view (sticky)
        // while the form scrolls.
        await openStep(page, 'connection', 'Connection');
        await expect(page.getByTestId('diagram-toggle')).toBeHidden();
        const form = (await page.locator('.step-form').boundingBox())!;
        const topo = (await page.locator('aside.topology').boundingBox())!;
        expect(topo.x >= form.x + form.width, 'the diagram is to the right of the form').toBe(true);
        expect(form.width, 'the form is at least 34rem wide').toBeGreaterThanOrEqual(34 * 16);
        // It starts on the first screen; as a sticky column as tall as the window, it is whole
        // once the page scrolls (the drawing keeps its text at 11 px or more rather than shrink
        // into what the first screen leaves below the header).
        expect(topo.y, 'the diagram column starts on the first screen').toBeLessThan(vp.height / 2);
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        const stuck = (await page.locator('aside.topology').boundingBox())!;
        expect(stuck.y >= 0 && stuck.y + stuck.height <= vp.height, 'the diagram stays in view').toBe(true);
      }
    });
  }
}

test('skip link: the first Tab stop, shown when focused; it moves focus to the step\'s first field', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText('Skip to the form');
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#f-subscriptionId')).toBeFocused();
  // A step without fields yet: its first control.
  await page.click('.stepper button[data-step="gateway"]');
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('add-gateway')).toBeFocused();
});

test('Settings: a menu with Remember secrets; Escape closes it and focus returns to its button', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  const settings = page.getByTestId('settings');
  const remember = page.locator('#remember-secrets');
  // Not in the header any more: only in the menu.
  await expect(remember).toBeHidden();
  await settings.focus();
  await page.keyboard.press('Enter');
  await expect(settings).toHaveAttribute('aria-expanded', 'true');
  await expect(remember).toBeFocused();
  await expect(page.locator('#remember-secrets-help')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(remember).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(remember).toBeHidden();
  await expect(settings).toBeFocused();
  await expect(settings).toHaveAttribute('aria-expanded', 'false');
  // The choice was made for the open design and is kept.
  await page.waitForFunction(() => (localStorage.getItem('erwiz.designs.v1') || '').includes('"secrets":true'));
  // A click outside closes it too.
  await settings.click();
  await expect(remember).toBeVisible();
  await expect(remember).toBeChecked();
  await page.locator('#step-title').click();
  await expect(remember).toBeHidden();
});

test('live region: visually hidden, cleared after a while; the bar under the form says only what is true now', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  const status = page.locator('#status');
  const box = (await status.boundingBox())!;
  expect(box.width <= 1 && box.height <= 1, 'the live region takes no room on screen').toBe(true);
  // Next with errors: the live region and the bar say so.
  await page.getByTestId('next').click();
  await expect(status).toContainText('errors in Basics');
  const bar = page.locator('.nav-status');
  await expect(bar).toHaveText(/^\d+ errors in Basics: fix them before you continue\.$/);
  // The bar follows the design: fixing the errors empties it at once.
  await page.locator('#f-resourceGroup').fill('rg-ok');
  await page.locator('#f-circuits-0-region').selectOption('uksouth');
  await page.locator('#f-circuits-0-name').fill('er-ok');
  await expect(bar).toHaveText('');
  // The live region's message goes once said (STATUS_CLEAR_MS, 10 s).
  await expect(status).toHaveText('', { timeout: 15_000 });
  // Next from the keyboard: the new step's title takes focus, marked without an input-like ring.
  await page.getByTestId('next').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  await expect(page.locator('#step-title')).toBeFocused();
  await expect(page.locator('#step-title')).toHaveCSS('outline-style', 'none');
  await expect(page.locator('#step-title')).toHaveCSS('text-decoration-line', 'underline');
});
