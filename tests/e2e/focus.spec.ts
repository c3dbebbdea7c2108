import { type Locator, type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { fixture, openWith } from './helpers';

// Focus and navigation (issue 16, item 5): after every add, fix and jump the focus lands on the
// affected field (a list item's own control for findings on list items) and it is scrolled into
// view; a reload returns to the step and circuit you were on, with the same findings shown.



/** `el` has the keyboard focus and is inside the window. */
async function expectFocusedInView(el: Locator) {
  await expect(el).toBeFocused();
  await expect(el).toBeInViewport();
}

const review = (page: Page) => page.locator('button[data-step="review"]').click();

test('Add gateway, Connect and the GatewaySubnet advisor focus what they added or changed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await page.click('button[data-step="gateway"]');
  await page.getByTestId('add-gateway').click();
  // The new virtual network's first field.
  await expectFocusedInView(page.locator('#f-virtualNetworks-0-name'));

  await page.locator('#f-virtualNetworks-0-addressSpaces').fill('10.1.0.0/16');
  await page.locator('#f-virtualNetworks-0-subnets-0-addressPrefix').fill('10.1.0.0/28');
  await page.getByTestId('gateway-subnet-advice').getByRole('button').click();
  await expectFocusedInView(page.locator('#f-virtualNetworks-0-subnets-0-addressPrefix'));

  await page.click('button[data-step="connection"]');
  await page.getByTestId('add-connection').click();
  // The new connection (a list item): its first control.
  await expectFocusedInView(page.locator('#f-connections-0-circuit'));
});

test('Add Microsoft peering focuses its first field', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await page.click('button[data-step="microsoft-peering"]');
  await page.getByTestId('add-peering').click();
  await expect(page.locator('.step-content :focus')).toHaveCount(1);
});

test('Create a route filter focuses its services', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // A Microsoft peering without a route filter (the seed's, its filter taken away).
  const seed = JSON.parse(fixture('seed.json'));
  seed.routeFilters = [];
  seed.circuits[0].microsoftPeering.routeFilter = '';
  await openWith(page, JSON.stringify(seed));
  await page.click('button[data-step="microsoft-peering"]');
  await page.getByTestId('create-filter').click();
  const focused = page.locator('#f-routeFilters-0-communities :focus');
  await expect(focused).toHaveCount(1);
  await expect(focused).toBeInViewport();
});

test('Enable Global Reach focuses the new link\'s /29', async ({ page }) => {
  const two = JSON.parse(fixture('two-circuits.json'));
  two.globalReach = [];
  await openWith(page, JSON.stringify(two));
  await page.click('button[data-step="connection"]');
  await page.getByTestId('add-global-reach').click();
  await expectFocusedInView(page.locator('#f-globalReach-0-addressPrefix'));
});

test('a one-click fix keeps the focus on the field it fixed', async ({ page }) => {
  await openWith(page, fixture('errors.json'));
  // A field of its own.
  const rg = page.locator('#f-resourceGroup');
  await page.locator('#f-resourceGroup-msg button.fix').click();
  await expect(rg).toHaveValue('rg-contoso');
  await expectFocusedInView(rg);
  // A field further down another step (the fix button goes away with the finding).
  await page.click('button[data-step="gateway"]');
  const sku = page.locator('#f-gateways-0-sku');
  await page.locator('#f-gateways-0-sku-msg li[data-code="ER-CN-008"] button.fix').click();
  await expect(sku).toHaveValue('ErGw3AZ');
  await expectFocusedInView(sku);
});

test('Review links open the step, the circuit and the list item, and focus the field', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWith(page, fixture('errors.json'));
  await review(page);
  // The second circuit's finding: its tab is selected and its field focused.
  await page.locator('.review-group li[data-path="circuits[1].privatePeering.vlanId"] button.link').click();
  await expect(page.locator('#step-title')).toHaveText('Private peering');
  await expect(page.locator('#circuit-tab-1')).toHaveAttribute('aria-selected', 'true');
  await expectFocusedInView(page.locator('#f-circuits-1-privatePeering-vlanId'));

  // A finding on a list item with no field of its own (a connection's region): the item's
  // first control.
  await review(page);
  await page.locator('.review-group li[data-path="connections[0].region"] button.link').click();
  await expect(page.locator('#step-title')).toHaveText('Connection');
  await expectFocusedInView(page.locator('#f-connections-0-circuit'));

  // A finding at the end of a long step.
  await review(page);
  await page.locator('.review-group li[data-path="virtualNetworks[0].subnets[0].addressPrefix"] button.link').click();
  await expectFocusedInView(page.locator('#f-virtualNetworks-0-subnets-0-addressPrefix'));
});

test('the readiness list and the finish open their step at the field to fix', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWith(page, fixture('errors.json'));
  await review(page);
  await page.getByTestId('checklist').getByRole('button', { name: 'Create the virtual network gateway' }).click();
  await expect(page.locator('#step-title')).toHaveText('Gateway');
  // The step's first error.
  await expectFocusedInView(page.locator('#f-gateways-0-sku'));

  await review(page);
  // The finish: the step's first error (by field path: the circuit's region).
  await page.getByTestId('remaining').locator('li[data-step="basics"] button').click();
  await expect(page.locator('#step-title')).toHaveText('Basics');
  await expectFocusedInView(page.locator('#f-circuits-0-region'));

  // A step without errors: its first field.
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await review(page);
  await page.getByTestId('checklist').getByRole('button', { name: 'Create the virtual network gateway' }).click();
  await expectFocusedInView(page.getByTestId('add-gateway'));
});

test('a reload returns to the step and circuit you were on, with the same findings shown', async ({ page }) => {
  await openWith(page, fixture('two-circuits.json'));
  await page.click('button[data-step="private-peering"]');
  await page.locator('#circuit-tab-1').click();
  await expect(page.locator('#circuit-tab-1')).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await expect(page.locator('#step-title')).toHaveText('Private peering');
  await expect(page.locator('#circuit-tab-1')).toHaveAttribute('aria-selected', 'true');

  // A new design: one touched field shows its error, the others stay quiet, also after a reload.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.click('button[data-step="basics"]');
  const rg = page.locator('#f-resourceGroup');
  await rg.fill('bad name');
  await expect(page.locator('#f-resourceGroup-msg li.error')).toHaveCount(1);
  await expect(page.locator('#f-circuits-0-name-msg li.error')).toHaveCount(0);
  await page.click('button[data-step="configuration"]');
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  // Saved (debounced) before the reload.
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await page.reload();
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  await expect(page.locator('.findings li.error')).toHaveCount(0);
  await page.click('button[data-step="basics"]');
  await expect(page.locator('#f-resourceGroup-msg li.error')).toHaveCount(1);
  await expect(page.locator('#f-circuits-0-name-msg li.error')).toHaveCount(0);

  // Corrupt stored places are ignored: the page opens at Basics and works.
  await page.evaluate(() => localStorage.setItem('erwiz.places.v1', '{"version":1,"designs":{"x":'));
  await page.reload();
  await expect(page.locator('#step-title')).toHaveText('Basics');
  await rg.fill('rg-ok');
  await expect(rg).toHaveValue('rg-ok');
});
