import { test, expect } from './fixtures';
import { fixture, openWith, violations } from './helpers';

// Long lists a page at a time (connections, Global Reach links, virtual networks, gateways): a
// design at the element limits has 10,000 connections, and a card each would hold the page for
// seconds. A finding on an item opens its page and focuses its field; every VNet and gateway of
// a design is editable, not only the first.

function manyConnections(n: number) {
  const design = JSON.parse(fixture('seed.json'));
  const first = design.connections[0];
  design.connections = Array.from({ length: n }, (_, k) => ({ ...first, name: `cn-${k}` }));
  return design;
}

test('45 connections: 20 a page, the pager moves, a finding opens its page and field', async ({ page }) => {
  const design = manyConnections(45);
  design.connections[44].name = 'bad name!';
  await openWith(page, JSON.stringify(design));
  await page.click('button[data-step="connection"]');
  const pager = page.locator('nav.pager').first();
  await expect(pager).toContainText('Connections 1–20 of 45');
  await expect(page.getByTestId('remove-connection')).toHaveCount(20);
  await expect(pager.locator('[data-page="Previous"]')).toBeDisabled();
  await pager.locator('[data-page="Next"]').click();
  await expect(pager).toContainText('Connections 21–40 of 45');
  await expect(page.locator('#f-connections-20-name')).toHaveValue('cn-20');
  await pager.locator('[data-page="Last"]').click();
  await expect(pager).toContainText('Connections 41–45 of 45');
  await expect(page.getByTestId('remove-connection')).toHaveCount(5);
  await expect(pager.locator('[data-page="Next"]')).toBeDisabled();
  await pager.locator('[data-page="First"]').click();
  await expect(page.locator('#f-connections-0-name')).toHaveValue('cn-0');
  expect(await violations(page)).toEqual([]);

  // From Review, the finding on connection 45 opens page 3 and its field.
  await page.click('button[data-step="review"]');
  await page.locator('li[data-path="connections[44].name"] button.link').first().click();
  await expect(page.locator('#f-connections-44-name')).toBeFocused();
  await expect(pager).toContainText('Connections 41–45 of 45');
});

test('every virtual network and gateway of a design is editable', async ({ page }) => {
  const design = JSON.parse(fixture('large.json'));
  const n = design.virtualNetworks.length;
  expect(n).toBeGreaterThan(1);
  await openWith(page, JSON.stringify(design));
  await page.click('button[data-step="gateway"]');
  await expect(page.locator('h3', { hasText: /^Virtual network \d+$/ })).toHaveCount(n);
  await expect(page.locator('h3', { hasText: /^ExpressRoute gateway \d+$/ })).toHaveCount(design.gateways.length);
  // The last VNet's name, renamed: its gateways follow.
  const last = n - 1;
  const name = page.locator(`#f-virtualNetworks-${last}-name`);
  await expect(name).toHaveValue(design.virtualNetworks[last].name);
  await name.fill('vnet-renamed');
  const placed = design.gateways.findIndex((g: any) => g.virtualNetwork === design.virtualNetworks[last].name);
  expect(placed).toBeGreaterThanOrEqual(0);
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('erwiz.design.v1') || '{}'));
  expect(stored.virtualNetworks[last].name).toBe('vnet-renamed');
  expect(stored.gateways[placed].virtualNetwork).toBe('vnet-renamed');
  expect(stored.virtualNetworks[0].name).toBe(design.virtualNetworks[0].name);
});

test('more than 100 gateways: a connection types its gateway with the names suggested once', async ({ page }) => {
  const design = JSON.parse(fixture('seed.json'));
  const gw = design.gateways[0];
  design.gateways = Array.from({ length: 120 }, (_, k) => ({ ...gw, name: k === 0 ? gw.name : `ergw-${k}` }));
  await openWith(page, JSON.stringify(design));
  await page.click('button[data-step="gateway"]');
  await expect(page.locator('nav.pager', { hasText: 'Gateways' })).toContainText('Gateways 1–20 of 120');
  await page.click('button[data-step="connection"]');
  const field = page.locator('#f-connections-0-gateway');
  await expect(field).toHaveAttribute('list', 'gateway-names');
  await expect(page.locator('datalist#gateway-names option')).toHaveCount(120);
  // The circuits are few: still a select.
  await expect(page.locator('select#f-connections-0-circuit')).toHaveCount(1);
  expect(await violations(page)).toEqual([]);
  await field.fill('ergw-77');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('erwiz.design.v1') || '{}'));
  expect(stored.connections[0].gateway).toBe('ergw-77');

  // Review lists the first 100 resources until asked for all.
  await page.click('button[data-step="review"]');
  const resources = page.getByTestId('resources').locator('li');
  await expect(resources).toHaveCount(100);
  const all = page.locator('button[data-action="show-all"]', { hasText: 'resources' });
  await expect(all).toHaveText(/^Show all \d+ resources$/);
  const total = Number((await all.textContent())!.match(/\d+/)![0]);
  expect(total).toBeGreaterThan(120);
  expect(await violations(page)).toEqual([]);
  await all.click();
  await expect(resources).toHaveCount(total);
  await expect(page.locator('#resources-title')).toBeFocused();
});

test('Add another virtual network and gateway: a new pair with free names, its first field focused', async ({ page }) => {
  await openWith(page, fixture('seed.json'));
  await page.click('button[data-step="gateway"]');
  await page.getByTestId('add-another-gateway').click();
  const name = page.locator('#f-virtualNetworks-1-name');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('vnet-hub-2');
  await expect(page.locator('#f-gateways-1-name')).toHaveValue('ergw-hub-2');
  await expect(page.locator('h3', { hasText: /^Virtual network 2$/ })).toHaveCount(1);
  // The second pair sits where the only circuit is.
  await expect(page.locator('#f-virtualNetworks-1-region')).toHaveValue('uksouth');
});
