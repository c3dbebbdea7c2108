import { test, expect } from './fixtures';

// The gateway step against the release build: list typing keeps separators, the GatewaySubnet
// advisor fills a free /27, a /28 is flagged, FastPath on a small SKU is flagged, and the Review
// checklist follows.

test('virtual network, GatewaySubnet advisor, gateway SKU and connection', async ({ page }) => {
  await page.goto('/');
  await page.click('button[data-step="gateway"]');
  await page.getByTestId('add-gateway').click();
  const spaces = page.locator('#f-virtualNetworks-0-addressSpaces');
  await spaces.click();
  await page.keyboard.type('10.1.0.0/16, 10.2.0.0/16');
  await expect(spaces).toHaveValue('10.1.0.0/16, 10.2.0.0/16');
  const gs = page.locator('#f-virtualNetworks-0-subnets-0-addressPrefix');
  await gs.fill('10.1.0.0/28');
  await expect(page.locator('#f-virtualNetworks-0-subnets-0-addressPrefix-msg li[data-code="ER-GS-002"]')).toBeVisible();
  await page.getByTestId('gateway-subnet-advice').getByRole('button').click();
  await expect(gs).toHaveValue('10.1.0.0/27');
  await expect(page.locator('#f-virtualNetworks-0-subnets-0-addressPrefix-msg li.error')).toHaveCount(0);
  await page.locator('#f-gateways-0-sku').selectOption('ErGw2AZ');

  await page.click('button[data-step="connection"]');
  await page.getByTestId('add-connection').click();
  await expect(page.getByTestId('connection-summary')).toContainText('↔ circuit');
  await page.locator('#f-connections-0-fastPath').check();
  await page.click('button[data-step="gateway"]');
  await expect(page.locator('#f-gateways-0-sku-msg li[data-code="ER-CN-008"]')).toBeVisible();
  await page.locator('#f-gateways-0-sku-msg button.fix').click();
  await expect(page.locator('#f-gateways-0-sku')).toHaveValue('ErGw3AZ');

  await page.click('button[data-step="review"]');
  await expect(page.getByTestId('checklist')).toContainText('Create the virtual network gateway');
  await expect(page.getByTestId('resources')).toContainText('ExpressRoute gateway');
  await page.screenshot({ path: 'test-artifacts/gateway-review.png', fullPage: true });
});
