import { type BrowserContext, type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { twoTabs } from './helpers';

// Storage that never loses work, against the release build: two tabs on one design, named designs
// across a reload, undo/redo from the keyboard.

const rg = (p: Page) => p.locator('#f-resourceGroup');
// The other tab is hidden: it writes its pending edit at once.
const flush = (p: Page) => p.evaluate(() => window.dispatchEvent(new Event('pagehide')));
const stored = (p: Page, key = 'erwiz.design.v1') => p.evaluate((k) => localStorage.getItem(k) || '', key);

/** Two tabs on one design whose timers then run only when the test says so. An installed clock
 * flows on its own until paused: on a slow machine a debounced save would fire mid-test. */
async function pausedTwoTabs(page: Page, context: BrowserContext): Promise<Page> {
  await page.clock.install();
  const other = await twoTabs(page, context);
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 50);
  return other;
}

test('an edit in one tab reaches the other tab when that one has no edits', async ({ page, context }) => {
  const other = await twoTabs(page, context);

  await rg(page).fill('rg-from-a');
  await expect(rg(other)).toHaveValue('rg-from-a');
  await expect(other.locator('#status')).toHaveText('Updated from another tab');
  await expect(other.getByTestId('conflict-banner')).toHaveCount(0);
});

test('edits in both tabs: conflict banner, nothing overwritten silently, then the user decides', async ({ page, context }) => {
  // Timers (in both tabs: the clock belongs to the context) only run when the test says so: the
  // debounced saves stay pending; the other tab saves when it is hidden (pagehide flushes).
  const other = await pausedTwoTabs(page, context);

  await rg(page).fill('rg-mine');
  await rg(other).fill('rg-theirs');
  await flush(other);
  await other.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('rg-theirs'));
  await expect(page.getByTestId('conflict-banner')).toContainText('changed in another tab');
  await expect(rg(page)).toHaveValue('rg-mine');

  // This tab's pending save runs now: it must not replace the newer version.
  await page.clock.runFor(2000);
  await expect(page.getByTestId('conflict-banner')).toBeVisible();
  expect(await stored(page)).toContain('rg-theirs');
  expect(await stored(page)).not.toContain('rg-mine');

  // Keep mine: written on purpose; the other tab (no edits of its own since) follows.
  await page.getByRole('button', { name: 'Keep mine (overwrites theirs)' }).click();
  await expect(page.getByTestId('conflict-banner')).toHaveCount(0);
  expect(await stored(page)).toContain('rg-mine');
  await expect(rg(other)).toHaveValue('rg-mine');
  await expect(other.getByTestId('conflict-banner')).toHaveCount(0);
});

test('conflict resolved by loading the other version', async ({ page, context }) => {
  const other = await pausedTwoTabs(page, context);

  await rg(page).fill('rg-mine');
  await rg(other).fill('rg-theirs');
  await flush(other);
  await expect(page.getByTestId('conflict-banner')).toBeVisible();
  await page.getByRole('button', { name: 'Load their version' }).click();
  await expect(rg(page)).toHaveValue('rg-theirs');
  await expect(page.getByTestId('conflict-banner')).toHaveCount(0);
  await page.clock.runFor(2000);
  expect(await stored(page)).toContain('rg-theirs');
});

test('named designs survive a reload, and the open one is remembered', async ({ page }) => {
  await page.goto('/');
  await rg(page).fill('rg-first');
  await page.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('rg-first'));

  await page.getByRole('button', { name: 'New' }).click();
  await expect(rg(page)).toHaveValue('');
  await page.getByRole('button', { name: 'Rename' }).click();
  const name = page.getByLabel('New name');
  await expect(name).toBeFocused();
  await name.fill('Staging');
  await name.press('Enter');
  await rg(page).fill('rg-staging');
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('erwiz.design.v1.')
    && (localStorage.getItem(k) || '').includes('rg-staging')));

  await page.reload();
  const select = page.getByLabel('Design', { exact: true });
  await expect(select.locator('option')).toHaveText(['Design 1', 'Staging']);
  await expect(select.locator('option:checked')).toHaveText('Staging');
  await expect(rg(page)).toHaveValue('rg-staging');

  await select.selectOption({ label: 'Design 1' });
  await expect(rg(page)).toHaveValue('rg-first');
  const index = JSON.parse(await stored(page, 'erwiz.designs.v1'));
  expect(index.designs.map((d: { name: string }) => d.name)).toEqual(['Design 1', 'Staging']);
});

test('Ctrl+Z undoes and Ctrl+Shift+Z / Ctrl+Y redo, from the keyboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#undo')).toBeDisabled();
  await rg(page).focus();
  await page.keyboard.type('rg-keys');
  await expect(page.locator('#undo')).toBeEnabled();

  await page.keyboard.press('Control+z');
  await expect(rg(page)).toHaveValue('');
  await expect(page.locator('#status')).toContainText('Undone: Resource group');
  await expect(page.locator('#redo')).toBeEnabled();

  await page.keyboard.press('Control+Shift+z');
  await expect(rg(page)).toHaveValue('rg-keys');
  await expect(page.locator('#status')).toContainText('Redone: Resource group');

  await page.keyboard.press('Control+z');
  await expect(rg(page)).toHaveValue('');
  await page.keyboard.press('Control+y');
  await expect(rg(page)).toHaveValue('rg-keys');
  await page.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('rg-keys'));
});
