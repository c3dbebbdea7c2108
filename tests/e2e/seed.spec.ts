import { test, expect } from './fixtures';
import { KEY, openEmpty, Wizard } from './helpers';

// The seed scenario typed by a user from an empty design, against the release build: Contoso's
// circuit at London through British Telecom (1 Gbps, Standard, Metered), provisioned by the
// provider, with private and Microsoft peering (route filter for Azure global services), a hub
// VNet with its GatewaySubnet and an ErGw1AZ gateway, and the connection. Review shows no error,
// and every value survives a reload.

const PP = 'f-circuits-0-privatePeering';
const MS = 'f-circuits-0-microsoftPeering';

test('the seed scenario from an empty design: zero errors, restored after reload', async ({ page }) => {
  const problems = await openEmpty(page);
  const w = new Wizard(page);
  await expect(w.field('f-resourceGroup')).toBeVisible();

  // Basics: where the circuit resource lives.
  await w.fill('f-resourceGroup', 'rg-contoso-er');
  await w.field('f-circuits-0-region').selectOption('uksouth');
  await w.fill('f-circuits-0-name', 'ContosoExpressRoute');
  await expect(page.locator('[role="tab"]')).toHaveCount(1);

  // Configuration: Provider, British Telecom at London, 1 Gbps, Standard, Metered.
  await page.getByTestId('next').click();
  await expect(page.locator('#step-title')).toHaveText('Configuration');
  await w.field('f-circuits-0-portType-Provider').check();
  await w.field('f-circuits-0-peeringLocation').selectOption('London');
  await w.field('f-circuits-0-provider').selectOption('British Telecom');
  await w.field('f-circuits-0-bandwidthMbps').selectOption('1000');
  await w.field('f-circuits-0-skuTier-Standard').check();
  await w.field('f-circuits-0-skuFamily-MeteredData').check();
  await expect(w.errors('f-circuits-0-provider')).toHaveCount(0);

  // Provider status: the provider has provisioned the circuit.
  await w.step('provider-status', 'Provider status');
  await w.field('f-circuits-0-providerStatus-Provisioned').check();

  // Private peering.
  await w.step('private-peering', 'Private peering');
  await expect(page.getByTestId('provisioning-notice')).toHaveCount(0);
  await page.getByTestId('add-peering').click();
  await w.fill(`${PP}-peerAsn`, '65001');
  await w.fill(`${PP}-primarySubnet`, '192.168.100.128/30');
  await w.fill(`${PP}-secondarySubnet`, '192.168.100.132/30');
  await w.fill(`${PP}-vlanId`, '100');
  await expect(page.getByTestId('address-sheet').locator('tbody tr')).toHaveCount(2);

  // Microsoft peering with its route filter.
  await w.step('microsoft-peering', 'Microsoft peering');
  await page.getByTestId('add-peering').click();
  await w.fill(`${MS}-peerAsn`, '12345');
  await w.fill(`${MS}-primarySubnet`, '193.0.10.0/30');
  await w.fill(`${MS}-secondarySubnet`, '193.0.10.4/30');
  await w.fill(`${MS}-vlanId`, '200');
  await w.field(`${MS}-advertisedPrefixes`).fill('193.0.12.0/24');
  await expect(w.errors(`${MS}-advertisedPrefixes`)).toHaveCount(0);
  // The routing registry is under Advanced (collapsed while it holds nothing to check).
  await page.getByTestId('advanced').locator('summary').click();
  await w.field(`${MS}-routingRegistry`).selectOption('RIPENCC');
  await w.fill('f-routeFilters-0-name', 'rf-azure-global');
  await w.fill('f-routeFilters-0-ruleName', 'allow-azure-global-services');
  await expect(w.field(`${MS}-routeFilter`)).toHaveValue('rf-azure-global');
  await expect(w.field('f-routeFilters-0-region')).toHaveValue('uksouth');
  await page.getByLabel(/12076:5050/).check();

  // Virtual network, GatewaySubnet and an ErGw1AZ gateway.
  await w.step('gateway', 'Gateway');
  await page.getByTestId('add-gateway').click();
  await expect(w.field('f-virtualNetworks-0-name')).toHaveValue('vnet-hub');
  await expect(w.field('f-virtualNetworks-0-region')).toHaveValue('uksouth');
  await w.field('f-virtualNetworks-0-addressSpaces').fill('10.1.0.0/16');
  await w.fill('f-virtualNetworks-0-subnets-0-addressPrefix', '10.1.255.0/27');
  await w.field('f-gateways-0-sku').selectOption('ErGw1AZ');
  await expect(w.field('f-gateways-0-name')).toHaveValue('ergw-hub');

  // The connection.
  await w.step('connection', 'Connection');
  await page.getByTestId('add-connection').click();
  await expect(page.getByTestId('connection-summary')).toHaveText('Gateway ergw-hub ↔ circuit ContosoExpressRoute');
  await expect(w.field('f-connections-0-name')).toHaveValue('cn-ContosoExpressRoute');
  await expect(page.locator('[data-testid="connection-card"] li.error')).toHaveCount(0);

  // Review: zero errors (the one warning reminds not to advertise the public prefixes elsewhere).
  await w.step('review', 'Review');
  await expect(page.getByTestId('totals')).toHaveText(/^0 errors · /);
  await expect(page.locator('.review-group li.finding.error')).toHaveCount(0);
  await expect(page.locator('.stepper li.has-errors')).toHaveCount(0);
  await expect(page.getByTestId('checklist')).not.toContainText('has errors');
  await expect(page.getByTestId('resources')).toContainText('ExpressRoute gateway');
  await page.screenshot({ path: 'test-artifacts/seed-review.png', fullPage: true });

  // Saved after the debounce: wait on storage, not on time. Then reload.
  await page.waitForFunction((k) => {
    const s = localStorage.getItem(k) || '';
    return s.includes('12076:5050') && s.includes('cn-ContosoExpressRoute') && s.includes('10.1.255.0/27');
  }, KEY);
  await page.reload();
  await expect(page.getByTestId('totals')).toHaveText(/^0 errors · /);
  // The reload returns to the step it was on.
  await expect(page.locator('#step-title')).toHaveText('Review');
  await w.step('basics', 'Basics');
  await expect(w.field('f-resourceGroup')).toHaveValue('rg-contoso-er');
  await expect(w.field('f-circuits-0-region')).toHaveValue('uksouth');
  await expect(w.field('f-circuits-0-name')).toHaveValue('ContosoExpressRoute');
  await w.step('configuration', 'Configuration');
  await expect(w.field('f-circuits-0-portType-Provider')).toBeChecked();
  await expect(w.field('f-circuits-0-peeringLocation')).toHaveValue('London');
  await expect(w.field('f-circuits-0-provider')).toHaveValue('British Telecom');
  await expect(w.field('f-circuits-0-bandwidthMbps')).toHaveValue('1000');
  await expect(w.field('f-circuits-0-skuTier-Standard')).toBeChecked();
  await expect(w.field('f-circuits-0-skuFamily-MeteredData')).toBeChecked();
  await w.step('provider-status', 'Provider status');
  await expect(w.field('f-circuits-0-providerStatus-Provisioned')).toBeChecked();
  await w.step('private-peering', 'Private peering');
  await expect(w.field(`${PP}-peerAsn`)).toHaveValue('65001');
  await expect(w.field(`${PP}-primarySubnet`)).toHaveValue('192.168.100.128/30');
  await expect(w.field(`${PP}-secondarySubnet`)).toHaveValue('192.168.100.132/30');
  await expect(w.field(`${PP}-vlanId`)).toHaveValue('100');
  await w.step('microsoft-peering', 'Microsoft peering');
  await expect(w.field(`${MS}-peerAsn`)).toHaveValue('12345');
  await expect(w.field(`${MS}-primarySubnet`)).toHaveValue('193.0.10.0/30');
  await expect(w.field(`${MS}-secondarySubnet`)).toHaveValue('193.0.10.4/30');
  await expect(w.field(`${MS}-vlanId`)).toHaveValue('200');
  await expect(w.field(`${MS}-advertisedPrefixes`)).toHaveValue('193.0.12.0/24');
  await expect(w.field(`${MS}-routingRegistry`)).toHaveValue('RIPENCC');
  await expect(w.field(`${MS}-routeFilter`)).toHaveValue('rf-azure-global');
  await expect(w.field('f-routeFilters-0-name')).toHaveValue('rf-azure-global');
  await expect(w.field('f-routeFilters-0-ruleName')).toHaveValue('allow-azure-global-services');
  await expect(w.field('f-routeFilters-0-region')).toHaveValue('uksouth');
  await expect(page.getByLabel(/12076:5050/)).toBeChecked();
  await w.step('gateway', 'Gateway');
  await expect(w.field('f-virtualNetworks-0-name')).toHaveValue('vnet-hub');
  await expect(w.field('f-virtualNetworks-0-addressSpaces')).toHaveValue('10.1.0.0/16');
  await expect(w.field('f-virtualNetworks-0-subnets-0-addressPrefix')).toHaveValue('10.1.255.0/27');
  await expect(w.field('f-gateways-0-sku')).toHaveValue('ErGw1AZ');
  await w.step('connection', 'Connection');
  await expect(w.field('f-connections-0-name')).toHaveValue('cn-ContosoExpressRoute');
  await expect(w.field('f-connections-0-circuit')).toHaveValue('ContosoExpressRoute');
  await expect(w.field('f-connections-0-gateway')).toHaveValue('ergw-hub');
  await expect(w.field('f-connections-0-routingWeight')).toHaveValue('0');
  expect(problems).toEqual([]);
});
