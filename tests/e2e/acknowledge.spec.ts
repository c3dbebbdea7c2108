import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { KEY, fixture, openWith } from './helpers';

// Advisory warnings acknowledged per design (issue 16, item 3): from the field or from Review; an
// acknowledged warning stops counting in the totals, is listed apart in Review with a way back,
// and stays acknowledged after a reload. And one design name everywhere (item 6).



test('a warning acknowledged stops counting, is listed apart in Review and stays after a reload', async ({ page }) => {
  await openWith(page, fixture('errors.json'));
  const totals = page.getByTestId('totals');
  await expect(totals).toHaveText('21 errors · 3 warnings');

  // From the field.
  await page.click('button[data-step="configuration"]');
  const item = page.locator('#f-circuits-0-bandwidthMbps-msg li[data-code="ER-C-015"]');
  const ack = item.locator('button[data-action="acknowledge"]');
  await ack.click();
  await expect(totals).toHaveText('21 errors · 2 warnings');
  await expect(ack).toHaveAttribute('aria-pressed', 'true');
  await expect(ack).toBeFocused();
  await expect(item).toHaveClass(/acknowledged/);
  // Errors have no such button.
  await expect(page.locator('li.finding.error button[data-action="acknowledge"]')).toHaveCount(0);

  // Review lists it apart; the finish says so.
  await page.click('button[data-step="review"]');
  const acked = page.getByTestId('acknowledged');
  await expect(acked).toContainText('Acknowledged warnings (1)');
  await expect(acked.locator('li[data-code="ER-C-015"]')).toHaveCount(1);
  await expect(page.locator('.review-group:not(.acknowledged) li[data-code="ER-C-015"]')).toHaveCount(0);
  await expect(page.getByTestId('remaining-summary')).toContainText('1 warning acknowledged');

  // Acknowledged from Review too, then a reload: both stay.
  await page.locator('.review-group li[data-path="gateways[0].publicIp"][data-code="ER-GW-009"] button[data-action="acknowledge"]').click();
  await expect(totals).toHaveText('21 errors · 1 warning');
  await expect(page.locator('#findings-title')).toBeFocused();
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await page.reload();
  // (The shared key with a space is not stored, so its error is gone after the reload.)
  await expect(totals).toHaveText('20 errors · 1 warning');
  const stored = await page.evaluate((k) => localStorage.getItem(k) || '', KEY);
  expect(JSON.parse(stored).acknowledged).toEqual([
    'ER-C-015 circuits[0].bandwidthMbps',
    'ER-GW-009 gateways[0].publicIp',
  ]);

  // Taken back in Review: it counts again.
  await page.click('button[data-step="review"]');
  await acked.locator('li[data-code="ER-C-015"] button[data-action="acknowledge"]').click();
  await expect(totals).toHaveText('20 errors · 2 warnings');
  await expect(acked).toContainText('Acknowledged warnings (1)');
});

test('one design name everywhere: the list, the design, its file and its share link', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  await page.locator('[data-action="rename"]').click();
  await page.locator('#design-name').fill('Backbone plan');
  await page.locator('.rename button[type="submit"]').click();
  await expect(page.locator('#design-select option:checked')).toHaveText('Backbone plan');
  await page.locator('#f-resourceGroup').fill('rg-backbone');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="download-design"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('backbone-plan.json');
  const text = readFileSync((await download.path())!, 'utf8');
  expect(JSON.parse(text).name).toBe('Backbone plan');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  const stored = await page.evaluate(() => {
    const index = JSON.parse(localStorage.getItem('erwiz.designs.v1') || '{}');
    const id = localStorage.getItem('erwiz.designs.current') || 'main';
    const key = id === 'main' ? 'erwiz.design.v1' : `erwiz.design.v1.${id}`;
    return { listed: index.designs.find((d: any) => d.id === id)?.name, design: JSON.parse(localStorage.getItem(key) || '{}').name };
  });
  expect(stored).toEqual({ listed: 'Backbone plan', design: 'Backbone plan' });
  // Undo does not take the name back (renaming is not an edit of the form).
  await page.locator('#undo').click();
  await expect(page.locator('#f-resourceGroup')).toHaveValue('');
  await expect(page.locator('#design-select option:checked')).toHaveText('Backbone plan');
  const [again] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="download-design"]').click(),
  ]);
  expect(again.suggestedFilename()).toBe('backbone-plan.json');
  // The share link carries it: pasted into this tab, its offer says the name.
  await page.locator('#f-resourceGroup').fill('rg-backbone');
  await page.click('button[data-step="review"]');
  await page.getByTestId('copy-share-link').click();
  const link = await page.locator('#share-link').inputValue();
  await page.evaluate((hash) => { location.hash = hash; }, new URL(link).hash);
  await expect(page.getByTestId('share-offer')).toContainText('This link contains a design: Backbone plan with');
  await page.getByTestId('share-offer').getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('#design-select option:checked')).toHaveText('Backbone plan 2');
  await page.locator('#design-select').selectOption({ label: 'Backbone plan' });
  await page.click('button[data-step="basics"]');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('rg-backbone');
});

test('removing a connection moves the acknowledgements of the later ones with them', async ({ page }) => {
  const design = JSON.parse(fixture('seed.json'));
  const second = { ...design.connections[0], name: 'cn-er-london-2' };
  design.connections.push(second);
  design.acknowledged = ['ER-CN-001 connections[0].name', 'ER-CN-001 connections[1].name'];
  design.givenAtDeployment = ['connections[1].authorizationKey'];
  await openWith(page, JSON.stringify(design));
  await page.click('button[data-step="connection"]');
  await page.getByTestId('remove-connection').first().click();
  await expect(page.getByTestId('remove-connection')).toHaveCount(1);
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k) || '{}', KEY));
  expect(stored.connections.map((c: any) => c.name)).toEqual(['cn-er-london-2']);
  // The removed connection's record went with it; the second one's moved to index 0.
  expect(stored.acknowledged).toEqual(['ER-CN-001 connections[0].name']);
  expect(stored.givenAtDeployment).toEqual(['connections[0].authorizationKey']);
});
