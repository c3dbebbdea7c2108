import { test, expect } from './fixtures';
import { Wizard } from './helpers';

// Private peering end to end, against the release build: opened from the stepper, filled in,
// the address sheet computed, and everything restored after a reload.

const PP = 'f-circuits-0-privatePeering';

test('private peering: fill in, see the address sheet, reload restores it', async ({ page }) => {
  const w = new Wizard(page);
  const errors = await w.open();

  await w.stepButton('private-peering').click();
  await expect(page.locator('#step-title')).toHaveText('Private peering');
  await expect(page.getByTestId('provisioning-notice')).toContainText('status: Not recorded');
  await page.getByTestId('add-peering').click();
  await expect(w.field(`${PP}-peerAsn`)).toBeFocused();

  await w.field(`${PP}-peerAsn`).fill('65001');
  await w.field(`${PP}-primarySubnet`).fill('192.168.100.128/30');
  await w.field(`${PP}-secondarySubnet`).fill('192.168.100.132/30');
  await w.field(`${PP}-vlanId`).fill('100');
  await w.field(`${PP}-sharedKey`).fill('s3cretKey42');
  await expect(w.field(`${PP}-sharedKey`)).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(w.field(`${PP}-sharedKey`)).toHaveAttribute('type', 'text');

  for (const f of ['peerAsn', 'primarySubnet', 'secondarySubnet', 'vlanId']) {
    await expect(page.locator(`#${PP}-${f}-msg li.error`)).toHaveCount(0);
  }
  // The link summary note (ER-P-006) is information, not a problem.
  await expect(page.locator(`#${PP}-primarySubnet-msg li[data-code="ER-P-006"]`)).toHaveClass(/info/);
  const rows = page.getByTestId('address-sheet').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute(
    'data-sentence',
    'Primary link: your router 192.168.100.129/30, Microsoft 192.168.100.130, VLAN 100, your ASN 65001 ↔ 12076',
  );
  await expect(rows.nth(1)).toContainText('192.168.100.133/30');
  await expect(rows.nth(1)).toContainText('192.168.100.134');

  // A bad VLAN is flagged live.
  await w.field(`${PP}-vlanId`).fill('4095');
  await expect(w.findings(`${PP}-vlanId`).first()).toHaveAttribute('data-code', 'ER-P-007');
  await w.field(`${PP}-vlanId`).fill('100');
  await expect(w.findings(`${PP}-vlanId`)).toHaveCount(0);

  // Saved after the debounce: wait on storage, not on time.
  await page.waitForFunction(() => {
    const s = localStorage.getItem('erwiz.design.v1') || '';
    return s.includes('192.168.100.132/30') && s.includes('"vlanId":"100"');
  });
  await page.reload();
  await w.stepButton('private-peering').click();
  await expect(w.field(`${PP}-peerAsn`)).toHaveValue('65001');
  await expect(w.field(`${PP}-primarySubnet`)).toHaveValue('192.168.100.128/30');
  await expect(w.field(`${PP}-secondarySubnet`)).toHaveValue('192.168.100.132/30');
  await expect(w.field(`${PP}-vlanId`)).toHaveValue('100');
  // The MD5 key is a secret: kept in the tab, never written to storage, so not restored.
  await expect(w.field(`${PP}-sharedKey`)).toHaveValue('');
  expect(await page.evaluate(() => localStorage.getItem('erwiz.design.v1'))).not.toContain('s3cretKey42');
  await expect(page.getByTestId('address-sheet').locator('tbody tr')).toHaveCount(2);
  await page.screenshot({ path: 'test-artifacts/private-peering.png', fullPage: true });

  // At phone width the sheet still fits.
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const wide = await page.evaluate(() => [...document.querySelectorAll('#main *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).length);
  expect(wide).toBe(0);
  await page.screenshot({ path: 'test-artifacts/private-peering-360.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('Microsoft peering: a route filter is created and a private prefix is flagged', async ({ page }) => {
  const w = new Wizard(page);
  const errors = await w.open();
  await w.stepButton('microsoft-peering').click();
  await page.getByTestId('add-peering').click();
  await expect(w.field('f-circuits-0-microsoftPeering-routeFilter')).toHaveValue('rf-circuit');
  const list = 'f-circuits-0-microsoftPeering-advertisedPrefixes';
  await w.field(list).fill('131.107.10.0/24\n10.0.0.0/8');
  await expect(page.locator(`#${list}-msg li[data-code="ER-MP-004"]`)).toContainText('10.0.0.0/8');
  await page.getByLabel(/12076:5050/).check();
  await page.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('12076:5050'));
  await page.screenshot({ path: 'test-artifacts/microsoft-peering.png', fullPage: true });
  expect(errors).toEqual([]);
});
