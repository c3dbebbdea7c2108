import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { test, expect } from './fixtures';

// Share links are hostile input until the user opens them (issue 15): the page previews a bounded
// part of a link, reads the whole design only on Open, refuses what is over the limits with the
// reason, and clears a refused link from the address bar so a reload does not repeat it.

const seed = readFileSync('tests/fixtures/seed.json', 'utf8');

/** The fragment of a share link carrying `json`, packed as the page packs it (raw deflate). */
function fragment(json: string): string {
  return `#d=v1.${deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64url')}`;
}

/** `{"circuits":[{},{},…]}` with `n` circuits. */
function emptyCircuits(n: number): string {
  return `{"circuits":[${Array(n).fill('{}').join(',')}]}`;
}

test('the hostile link of issue 15 is refused from its preview; the page lives on', async ({ page }) => {
  // 5 MB unpacked, 1.7 million circuits, in a link of a few kilobytes.
  const json = emptyCircuits(1_700_000);
  expect(json.length).toBeGreaterThan(5_000_000);
  const link = fragment(json);
  expect(link.length).toBeLessThan(10_000);

  await page.goto(`/${link}`);
  const offer = page.getByTestId('share-offer');
  await expect(offer).toContainText('This share link could not be opened');
  await expect(offer).toContainText(/holds at least 21,8\d\d list items \(at least 21,8\d\d circuits\); a share link may hold 20,000 at most/);
  await expect(offer.getByRole('button', { name: 'Open' })).toHaveCount(0);
  expect(new URL(page.url()).hash, 'the refused link is cleared').toBe('');
  // The page works: the design is the empty one, and it takes input.
  await page.locator('#f-resourceGroup').fill('rg-still-here');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('rg-still-here');
  // A reload does not bring the link back.
  await page.reload();
  await expect(page.locator('#f-resourceGroup')).toBeVisible();
  await expect(offer).toHaveCount(0);
});

test('a link whose preview passes is refused on Open when the whole is over the limit', async ({ page }) => {
  // The first 64 KB hold a long name and few items; 30,000 routes come after them.
  const json = `{"name":"Padded ${'x'.repeat(70_000)}","onPremRoutes":[${Array(30_000).fill('""').join(',')}]}`;
  await page.goto(`/${fragment(json)}`);
  const offer = page.getByTestId('share-offer');
  await expect(offer).toContainText('This link contains a design: Padded x');
  await expect(offer).toContainText('; only the first 64 KB of the design were read). Open it as a new design?');
  await offer.getByRole('button', { name: 'Open' }).click();
  await expect(offer).toContainText(
    'could not be opened: the link\'s design holds 30,000 list items (30,000 on-premises routes); a share link may hold 20,000 at most.',
  );
  expect(new URL(page.url()).hash).toBe('');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('');
});

test('the offer says before Open when the preview already counts a list over its limit', async ({ page }) => {
  // 501 circuits: within what a link may hold, over the design's limit of 500 circuits.
  await page.goto(`/${fragment(emptyCircuits(501))}`);
  const offer = page.getByTestId('share-offer');
  await expect(offer).toContainText(
    'with 501 circuits (a link of ',
  );
  await expect(offer).toContainText(
    'It cannot be opened: circuits holds more than 500 circuits: the limit is 500 (10 times Azure\'s 50 ExpressRoute circuits per subscription).',
  );
  await expect(offer).not.toContainText('Open it as a new design?');
  // Open refuses it, with the same limit.
  await offer.getByRole('button', { name: 'Open' }).click();
  await expect(offer).toContainText('could not be opened');
  await expect(offer).toContainText('more than 500 circuits');
  expect(new URL(page.url()).hash).toBe('');
});

test('a link that unpacks to more than 5 MB is refused on Open', async ({ page }) => {
  // A name of 6 MB: the preview reads only its start.
  const json = `{"name":"Big ${'y'.repeat(6 * 1024 * 1024)}"}`;
  await page.goto(`/${fragment(json)}`);
  const offer = page.getByTestId('share-offer');
  await expect(offer).toContainText('This link contains a design: Big y');
  await offer.getByRole('button', { name: 'Open' }).click();
  await expect(offer).toContainText('unpacks to more than 5 MB');
  expect(new URL(page.url()).hash).toBe('');
});

test('the offer says what a link holds and how long it is; a link pasted later is offered too', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('');
  const link = fragment(JSON.stringify(JSON.parse(seed)));
  // Pasted into the address bar of the open page: only the fragment changes (hashchange).
  await page.evaluate((hash) => { location.hash = hash; }, link);
  const offer = page.getByTestId('share-offer');
  await expect(offer).toContainText(
    `This link contains a design: Contoso London ExpressRoute with 1 circuit, 1 route filter, 1 virtual network, 1 gateway, 1 connection and 2 on-premises routes (a link of ${link.length.toLocaleString('en-US')} characters). Open it as a new design?`,
  );
  // Offered, not opened.
  await expect(page.locator('#f-resourceGroup')).toHaveValue('');
  await offer.getByRole('button', { name: 'Open' }).click();
  await expect(offer).toHaveCount(0);
  await expect(page.locator('#f-resourceGroup')).toHaveValue('rg-contoso-er');
  expect(new URL(page.url()).hash).toBe('');
  await expect(page.locator('#design-select option:checked')).toHaveText('Contoso London ExpressRoute');
});
