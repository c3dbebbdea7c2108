import { test, expect } from './fixtures';
import { Wizard } from './helpers';

// The first slice end to end, against the release build: a bad circuit name is flagged live,
// fixed, and everything entered survives a reload.

test('bad name → error → fix → reload restores everything', async ({ page }) => {
  const w = new Wizard(page);
  const errors = await w.open();

  await w.field('f-resourceGroup').fill('rg-contoso-er');
  await w.field('f-circuits-0-region').selectOption('uksouth');
  await w.field('f-circuits-0-name').fill('er london.');
  const nameFindings = w.findings('f-circuits-0-name');
  await expect(nameFindings).toHaveCount(1);
  await expect(nameFindings.first()).toContainText('a space');
  await expect(w.field('f-circuits-0-name')).toHaveAttribute('aria-invalid', 'true');

  // Next refuses to leave the step and focuses the first error.
  await page.getByTestId('next').click();
  await expect(w.field('f-circuits-0-name')).toBeFocused();

  await w.field('f-circuits-0-name').fill('er-london-01');
  await expect(nameFindings).toHaveCount(0);
  await expect(w.field('f-circuits-0-name')).toHaveAttribute('aria-invalid', 'false');

  await page.getByTestId('next').click();
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  await w.field('f-circuits-0-peeringLocation').selectOption('London');
  await w.field('f-circuits-0-provider').selectOption('British Telecom');
  await w.field('f-circuits-0-bandwidthMbps').selectOption('1000');
  await expect(page.getByTestId('totals')).toHaveText('0 errors · 0 warnings');
  const diagram = page.getByTestId('diagram');
  await expect(diagram).toContainText('British Telecom');
  await expect(diagram).toContainText('Microsoft edge · London');

  // Saved after the debounce: wait on storage, not on time.
  await page.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('British Telecom'));
  await page.reload();
  // The reload returns to the step it was on.
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  await expect(w.field('f-circuits-0-provider')).toHaveValue('British Telecom');
  await w.step('basics', 'Basics');
  await expect(w.field('f-resourceGroup')).toHaveValue('rg-contoso-er');
  await expect(w.field('f-circuits-0-region')).toHaveValue('uksouth');
  await expect(w.field('f-circuits-0-name')).toHaveValue('er-london-01');
  await w.stepButton('configuration').click();
  await expect(w.field('f-circuits-0-provider')).toHaveValue('British Telecom');
  await expect(page.getByTestId('diagram')).toContainText('British Telecom');
  await page.screenshot({ path: 'test-artifacts/basics-configuration.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('corrupt stored data is kept and announced, never silently dropped', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('erwiz.design.v1', '{"version": 1, "circ'));
  await page.reload();
  const banner = page.getByTestId('storage-banner');
  await expect(banner).toContainText('could not be opened');
  expect(await page.evaluate(() => localStorage.getItem('erwiz.design.backup'))).toBe('{"version": 1, "circ');
  await expect(banner.locator('a[download]')).toHaveAttribute('href', /^data:application\/json/);
});
