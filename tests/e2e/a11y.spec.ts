import { test, expect } from './fixtures';
import { KEY, violations } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// axe-core on every enabled step of the release build, in light and dark colour schemes, of a
// new design and of a full two-circuit one, wide and at phone width: no violations allowed.
// Also: the first steps can be completed with the keyboard alone.


for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations on any step (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.locator('#f-resourceGroup')).toBeVisible();
    // Some findings on screen, so their styles are checked too.
    await page.locator('#f-circuits-0-name').fill('-bad name');
    const steps = await page.locator('.stepper button:not([disabled])').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-step')));
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const step of steps) {
      await page.click(`button[data-step="${step}"]`);
      await expect(page.locator(`button[data-step="${step}"]`)).toHaveAttribute('aria-current', 'step');
      const add = page.locator('button.add:not([disabled])');
      if (await add.count()) await add.first().click();
      expect(await violations(page), `step ${step}`).toEqual([]);
    }
  });
}

test('keyboard only: fill Basics, move on with Next, fix by keyboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  // Tab from the top of the page to the first field of the step.
  const focusIs = async (id: string) => expect(page.locator(`#${id}`)).toBeFocused();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'f-subscriptionId')) break;
  }
  await focusIs('f-subscriptionId');
  await page.keyboard.press('Tab');
  await focusIs('f-resourceGroup');
  await page.keyboard.type('rg-keyboard');
  // The circuit tabs (one tab stop for the selected circuit), the Add button, "Why two circuits?".
  await page.keyboard.press('Tab');
  await focusIs('circuit-tab-0');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('add-circuit')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('.circuit-why summary')).toBeFocused();
  // The region's (i) help ("restricted" regions) comes after its label, before the control.
  await page.keyboard.press('Tab');
  await expect(page.locator('button.help-toggle[aria-controls^="help-restricted-"]')).toBeFocused();
  await page.keyboard.press('Tab');
  await focusIs('f-circuits-0-region');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await focusIs('f-circuits-0-name');
  await page.keyboard.type('bad name');
  // The fix button is reachable and works from the keyboard.
  await page.keyboard.press('Tab');
  await expect(page.locator('#f-circuits-0-name-msg button.fix')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#f-circuits-0-name')).toHaveValue('bad-name');
  // Next by keyboard: focus moves to the next step's heading.
  await page.getByTestId('next').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  await expect(page.locator('#step-title')).toBeFocused();
  // Visible focus: the focused element draws an outline.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
});

// Every step of a full two-circuit design (Global Reach, both peerings, connections), light and
// dark, in the wide layout (the diagram beside the form) and the phone layout (the diagram panel
// open), and the Settings menu open: no violations.
const twoCircuits = readFileSync(join(__dirname, '..', 'fixtures', 'two-circuits.json'), 'utf8');
for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations on any step of a two-circuit design, wide and phone (${scheme})`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await page.evaluate(([k, text]) => { localStorage.clear(); localStorage.setItem(k, text); }, [KEY, twoCircuits] as const);
    await page.reload();
    await expect(page.getByTestId('diagram')).toBeVisible();
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      if (size.width < 1100) {
        await page.getByTestId('diagram-toggle').click();
        await expect(page.getByTestId('diagram')).toBeVisible();
      }
      const steps = await page.locator('.stepper button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-step')));
      for (const step of steps) {
        await page.click(`button[data-step="${step}"]`);
        await expect(page.locator(`button[data-step="${step}"]`)).toHaveAttribute('aria-current', 'step');
        expect(await violations(page), `${size.width} px, step ${step}`).toEqual([]);
      }
    }
    await page.getByTestId('settings').click();
    await expect(page.locator('#remember-secrets')).toBeVisible();
    expect(await violations(page), 'Settings menu open').toEqual([]);
  });
}
