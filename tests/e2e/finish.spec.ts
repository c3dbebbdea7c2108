import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { execFileSync } from 'node:child_process';
import { openEmpty, violations, fixture, openWith } from './helpers';

// Validation like the portal's (a new design shows no error before the first edit; the stepper's
// ✓ means visited and valid; Review ✕ while errors remain), and the finish: what remains, and
// Download all as one zip with every file; every export tab visible at 1280 px.


const icon = (page: Page, slug: string) => page.locator(`button[data-step="${slug}"] .icon`);


test('a new design shows no error before the first edit; ✓ only when visited and valid', async ({ page }) => {
  const errors = await openEmpty(page);
  await expect(page.locator('#f-circuits-0-name')).toBeVisible();
  await expect(page.locator('.findings li.error')).toHaveCount(0);
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
  await expect(page.locator('.stepper li.has-errors')).toHaveCount(0);
  await expect(page.getByTestId('totals')).toHaveText('Nothing checked yet');
  for (const slug of ['provider-status', 'review', 'basics']) {
    await expect(icon(page, slug)).not.toHaveText('✓');
  }
  expect(await violations(page), 'a new design').toEqual([]);

  // The first edit shows that field's findings only.
  await page.locator('#f-circuits-0-name').fill('bad name!');
  await expect(page.locator('#f-circuits-0-name-msg li.error').first()).toBeVisible();
  await expect(page.locator('#f-resourceGroup')).toHaveAttribute('aria-invalid', 'false');
  await expect(icon(page, 'basics')).toHaveText('✕');

  // Next shows the rest of the step's errors.
  await page.getByTestId('next').click();
  await expect(page.locator('#f-resourceGroup-msg li.error').first()).toBeVisible();

  // Provider status: visited with nothing to fix is ✓; never before.
  await expect(icon(page, 'provider-status')).toHaveText('○');
  await page.click('button[data-step="provider-status"]');
  await expect(icon(page, 'provider-status')).toHaveText('✓');

  // The header totals open Review at the findings; Review is ✕ while errors remain.
  await page.getByTestId('totals').click();
  await expect(page.locator('#step-title')).toHaveText('Review');
  await expect(page.locator('#findings-title')).toBeFocused();
  await expect(icon(page, 'review')).toHaveText('✕');
  await expect(page.getByTestId('totals')).toHaveText(/^\d+ errors? · \d+ warnings?$/);
  expect(await violations(page), 'Review of a design with errors').toEqual([]);
  expect(errors).toEqual([]);
});

test('Review finishes: what remains opens the field; Download all is one zip with every file', async ({ page }) => {
  const errors = await openWith(page, fixture('errors.json'));
  await page.click('button[data-step="review"]');
  await expect(page.getByTestId('remaining-summary')).toContainText('error');
  await expect(page.getByTestId('next')).toHaveText('Download all (.zip)');
  const first = page.getByTestId('remaining').locator('li button').first();
  const stepName = await first.textContent();
  await first.click();
  await expect(page.locator('#step-title')).toHaveText(stepName!);
  await expect(page.locator(':focus')).toHaveAttribute('id', /^f-/);

  await page.click('button[data-step="review"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-all').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const file = (await download.path())!;
  // Info-ZIP tests every entry's CRC and lists the names.
  const tested = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
  expect(tested).toContain('No errors detected');
  const listed = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  expect(listed.sort()).toEqual([
    'README.md', 'azuredeploy.json', 'deploy.ps1', 'deploy.sh', 'design.json', 'main.bicep',
    'main.tf', 'router.ios.txt', 'router.junos.txt', 'topology.svg',
  ]);
  const readme = execFileSync('unzip', ['-p', file, 'README.md'], { encoding: 'utf8' });
  expect(readme).toContain('## Deployment order');
  expect(readme).toContain('Provisioned');
  const svg = execFileSync('unzip', ['-p', file, 'topology.svg'], { encoding: 'utf8' });
  expect(svg).toContain('<svg');
  // The primary button downloads it too.
  const [again] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('next').click(),
  ]);
  expect(again.suggestedFilename()).toBe(download.suggestedFilename());
  expect(errors).toEqual([]);
});

test('every export tab is visible at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWith(page, fixture('two-circuits.json'));
  await page.click('button[data-step="review"]');
  const list = page.locator('.export-tabs');
  await expect(list).toBeVisible();
  const box = (await list.boundingBox())!;
  const tabs = list.locator('[role="tab"]');
  await expect(tabs).toHaveCount(7);
  for (let i = 0; i < 7; i++) {
    const tab = tabs.nth(i);
    await expect(tab).toBeVisible();
    const b = (await tab.boundingBox())!;
    expect(b.x, `${await tab.textContent()} starts inside the strip`).toBeGreaterThanOrEqual(box.x - 1);
    expect(b.x + b.width, `${await tab.textContent()} ends inside the strip`).toBeLessThanOrEqual(box.x + box.width + 1);
  }
  // Grouped: what deploys to Azure, then the router configurations, each under its caption.
  const groups = list.locator('.tab-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0).locator('.tab-group-label')).toHaveText('Azure deployment');
  await expect(groups.nth(0).locator('[role="tab"]')).toHaveCount(5);
  await expect(groups.nth(1).locator('.tab-group-label')).toHaveText('Router configuration');
  await expect(groups.nth(1).locator('[role="tab"]')).toHaveText(['Cisco IOS-XE', 'Juniper Junos']);
  await page.click('#export-tab-junos');
  await expect(page.getByTestId('export-code')).toContainText('set ');
});
