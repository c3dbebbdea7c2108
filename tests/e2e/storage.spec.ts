import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

// Storage that fails: the app keeps working in memory and says so; nothing typed is lost.

test('localStorage that throws on every call: works in memory, says so', async ({ page }) => {
  await page.addInitScript(() => {
    const fail = () => { throw new DOMException('denied', 'SecurityError'); };
    (window as any).__saves = 0;
    Storage.prototype.getItem = fail;
    Storage.prototype.setItem = () => { (window as any).__saves++; fail(); };
  });
  await page.goto('/');
  await expect(page.getByTestId('storage-banner')).toContainText('does not let the page use local storage');
  await page.locator('#f-resourceGroup').fill('rg-in-memory');
  await page.locator('#f-circuits-0-name').fill('er-memory');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('rg-in-memory');
  // After the (failing) debounced save, the banner still gives the real reason.
  await page.waitForFunction(() => (window as any).__saves > 0);
  await expect(page.getByTestId('storage-banner')).toContainText('does not let the page use local storage');
  await page.click('button[data-step="review"]');
  await expect(page.getByTestId('resources')).toContainText('er-memory');
  // The banner says how to keep the design, and does it: the design as a file.
  await expect(page.getByTestId('storage-banner')).toContainText('Keep it as a file with “Download design (.json)”');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('storage-banner').getByRole('button', { name: 'Download design (.json)' }).click(),
  ]);
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(saved.resourceGroup).toBe('rg-in-memory');
  expect(saved.circuits[0].name).toBe('er-memory');
});

test('quota exceeded on save: clear message, the design stays in the tab', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await page.goto('/');
  await page.locator('#f-resourceGroup').fill('rg-full');
  await expect(page.getByTestId('storage-banner')).toContainText('could not be saved (QuotaExceededError)');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('rg-full');
  await expect(page.getByTestId('storage-banner')).toContainText('keep it as a file with “Download design (.json)”');
  await expect(page.getByTestId('storage-banner').getByRole('button', { name: 'Download design (.json)' })).toBeVisible();
});

test('a design written by a newer version is kept, not overwritten', async ({ page }) => {
  await page.goto('/');
  const newer = JSON.stringify({ version: 99, resourceGroup: 'rg-future' });
  await page.evaluate((t) => localStorage.setItem('erwiz.design.v1', t), newer);
  await page.reload();
  await expect(page.getByTestId('storage-banner')).toContainText('newer version');
  expect(await page.evaluate(() => localStorage.getItem('erwiz.design.backup'))).toBe(newer);
  expect(await page.evaluate(() => localStorage.getItem('erwiz.design.v1'))).toBe(newer);
});

test('storage full: switching to another design keeps this one open, edits and all', async ({ page }) => {
  await page.goto('/');
  await page.locator('#f-resourceGroup').fill('rg-first');
  await page.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('rg-first'));
  await page.getByRole('button', { name: 'New' }).click();
  await expect(page.locator('#f-resourceGroup')).toHaveValue('');
  const select = page.getByLabel('Design', { exact: true });
  await expect(select.locator('option')).toHaveCount(2);
  // From now on every write fails, as with a full quota.
  await page.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await page.locator('#f-resourceGroup').fill('rg-unsaved');
  await expect(page.getByTestId('storage-banner')).toContainText('could not be saved (QuotaExceededError)');
  await select.selectOption({ label: 'Design 1' });
  await expect(page.locator('#status')).toContainText('stays open');
  await expect(select.locator('option:checked')).toHaveText('Design 2');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('rg-unsaved');
});
