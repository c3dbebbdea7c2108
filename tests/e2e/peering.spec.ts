import { test, expect } from './fixtures';
import { Wizard, violations } from './helpers';

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
  // The MD5 key is under Advanced, collapsed on a new peering.
  const advanced = page.getByTestId('advanced');
  await expect(advanced).not.toHaveAttribute('open', '');
  await expect(w.field(`${PP}-sharedKey`)).toBeHidden();
  await advanced.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(advanced).toHaveAttribute('open', '');
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

/** Opens the app with `json` as the saved design (written before the page's scripts run). */
async function openWith(page: import('@playwright/test').Page, json: string) {
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('erwiz.design.v1', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, json);
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
}

const seed = () => JSON.parse(
  require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'fixtures', 'seed.json'), 'utf8'),
);

test('on-premises prefixes: edited on private peering, checked live, fixed in one click, stored', async ({ page }) => {
  const w = new Wizard(page);
  await w.open();
  await w.step('private-peering', 'Private peering');
  // The field is there before a peering is added: the prefixes are the whole design's.
  const list = 'f-onPremRoutes';
  await expect(page.getByLabel('On-premises prefixes advertised to Azure')).toBeVisible();
  await expect(page.locator(`#${list}-help`)).toContainText('4,000 IPv4 prefixes (10,000 on Premium) and 100 IPv6');
  // Its placeholder passes its own rules.
  const placeholder = await w.field(list).getAttribute('placeholder');
  await w.field(list).fill(placeholder!);
  await expect(w.findings(list)).toHaveCount(0);
  await expect(page.locator(`#${list}-count`)).toHaveText('2 prefixes');

  // A bad item is flagged under the field, naming the item in words.
  await w.field(list).fill('10.20.0.0/16\n10.30.0.0');
  const missing = page.locator(`#${list}-msg li[data-code="ER-L-001"]`);
  await expect(missing).toContainText('"10.30.0.0" needs a prefix length');
  await expect(w.field(list)).toHaveAttribute('aria-invalid', 'true');
  // Host bits set: the one-click fix rewrites that item only.
  await w.field(list).fill('10.20.0.0/16\n10.30.0.1/16');
  await page.locator(`#${list}-msg li[data-code="ER-L-001"] button.fix`).click();
  await expect(w.field(list)).toHaveValue('10.20.0.0/16\n10.30.0.0/16');
  await expect(w.errors(list)).toHaveCount(0);
  await expect(w.field(list)).toHaveAttribute('aria-invalid', 'false');
  // A default route is allowed on private peering, with its warning.
  await w.field(list).fill('10.20.0.0/16\n0.0.0.0/0');
  await expect(page.locator(`#${list}-msg li[data-code="ER-PP-005"]`)).toHaveClass(/warning/);
  await w.field(list).fill('10.20.0.0/16\n10.30.0.0/16');
  await page.waitForFunction(() => (localStorage.getItem('erwiz.design.v1') || '').includes('"onPremRoutes":["10.20.0.0/16","10.30.0.0/16"]'));
  await page.reload();
  await w.step('private-peering', 'Private peering');
  await expect(w.field(list)).toHaveValue('10.20.0.0/16\n10.30.0.0/16');
});

test('on-premises prefixes against a VNet: the message names the prefix and its entry in words', async ({ page }) => {
  const d = seed();
  d.onPremRoutes = ['172.16.0.0/16', '10.1.0.0/16'];
  await openWith(page, JSON.stringify(d));
  const w = new Wizard(page);
  await w.step('private-peering', 'Private peering');
  // The VNet's own finding (ER-VN-007) names the route in words; no internal path anywhere.
  await w.step('gateway', 'Gateway');
  const vn7 = page.locator('li[data-code="ER-VN-007"]');
  await expect(vn7).toContainText('overlaps the on-premises prefix 10.1.0.0/16 (entry 2)');
  await expect(page.locator('#main')).not.toContainText('onPremRoutes[');
});

test('(i) help: keyboard toggle with aria-expanded, text and a Microsoft Learn link', async ({ page }) => {
  const w = new Wizard(page);
  await w.open();
  const toggle = page.locator('button.help-toggle[aria-controls^="help-restricted-"]');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  const panel = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await expect(panel).toBeHidden();
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('restricted');
  await expect(panel.locator('a')).toHaveAttribute('href', /^https:\/\/learn\.microsoft\.com\//);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();
  await page.keyboard.press(' ');
  await expect(panel).toBeVisible();
  await page.keyboard.press(' ');
  await expect(panel).toBeHidden();

  // The words of the peering steps: MSEE, the two links, BFD, private and Microsoft peering.
  await w.step('private-peering', 'Private peering');
  await page.getByTestId('add-peering').click();
  for (const key of ['private-peering', 'links', 'msee', 'bfd']) {
    await expect(page.locator(`button.help-toggle[aria-controls^="help-${key}-"]`), key).toHaveCount(1);
  }
  const msee = page.locator('button.help-toggle[aria-controls^="help-msee-"]');
  await msee.click();
  await expect(page.locator(`#${await msee.getAttribute('aria-controls')}`)).toContainText('Microsoft Enterprise Edge');
  // An open help and the collapsed Advanced section pass axe.
  expect(await violations(page)).toEqual([]);
  await w.step('microsoft-peering', 'Microsoft peering');
  await page.getByTestId('add-peering').click();
  for (const key of ['microsoft-peering', 'route-filter']) {
    await expect(page.locator(`button.help-toggle[aria-controls^="help-${key}-"]`), key).toHaveCount(1);
  }
});

test('Microsoft peering: duplicate and private prefixes removed in one click; Advanced collapsed, shorter page', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const w = new Wizard(page);
  await w.open();
  await w.step('microsoft-peering', 'Microsoft peering');
  await page.getByTestId('add-peering').click();
  const MS = 'f-circuits-0-microsoftPeering';
  const advanced = page.getByTestId('advanced');
  await expect(advanced).not.toHaveAttribute('open', '');
  await expect(w.field(`${MS}-customerAsn`)).toBeHidden();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`Microsoft peering page height at 1280x800 (new peering): ${height}px`);
  await page.screenshot({ path: 'test-artifacts/microsoft-peering-1280.png', fullPage: true });

  const list = `${MS}-advertisedPrefixes`;
  await w.field(list).fill('131.107.10.0/24\n10.0.0.0/8\n131.107.10.0/24');
  const dup = page.locator(`#${list}-msg li[data-code="ER-MP-016"]`);
  await expect(dup).toContainText('already listed (entry 1)');
  await dup.getByRole('button', { name: 'Remove the duplicate' }).click();
  await expect(w.field(list)).toHaveValue('131.107.10.0/24\n10.0.0.0/8');
  const priv = page.locator(`#${list}-msg li[data-code="ER-MP-004"]`);
  await priv.getByRole('button', { name: 'Remove this prefix' }).click();
  await expect(w.field(list)).toHaveValue('131.107.10.0/24');
  await expect(w.errors(list)).toHaveCount(0);
  // The only prefix private: no removal, advice instead.
  await w.field(list).fill('10.0.0.0/8');
  await expect(priv.locator('button')).toHaveCount(0);
  await expect(priv.locator('.advice')).toContainText('public prefix');
});

test('Advanced opens by itself when a field inside holds a value or a finding', async ({ page }) => {
  const d = seed();
  d.circuits[0].microsoftPeering.routingRegistry = '';
  d.circuits[0].microsoftPeering.customerAsn = '65517';
  await openWith(page, JSON.stringify(d));
  const w = new Wizard(page);
  await w.step('microsoft-peering', 'Microsoft peering');
  const MS = 'f-circuits-0-microsoftPeering';
  await expect(page.getByTestId('advanced')).toHaveAttribute('open', '');
  await expect(page.locator(`#${MS}-customerAsn-msg li[data-code="ER-ASN-003"]`)).toBeVisible();
  // Its fix (the customer ASN is optional) clears it.
  await page.locator(`#${MS}-customerAsn-msg li[data-code="ER-ASN-003"] button.fix`).click();
  await expect(w.field(`${MS}-customerAsn`)).toHaveValue('');
  // Private peering of the seed holds only defaults: collapsed.
  await w.step('private-peering', 'Private peering');
  await expect(page.getByTestId('advanced')).not.toHaveAttribute('open', '');
});
