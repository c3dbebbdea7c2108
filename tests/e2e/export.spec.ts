import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { readFileSync } from 'node:fs';

// Export (copy, download), import by paste from the header dialog, share links opened in a fresh
// browser context, and axe on the new panels: all against the release build.

const fixture = readFileSync('tests/fixtures/two-circuits.json', 'utf8');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const MD5 = 'md5-Secret-4711';

async function violations(page: Page) {
  // Evaluated, not added as an inline <script>: the page's Content-Security-Policy refuses those.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
  });
}

async function importByPaste(page: Page, text: string) {
  await page.getByTestId('open-import').click();
  const dialog = page.locator('dialog.import-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('#import-dialog-text').fill(text);
  await dialog.getByTestId('import-read').click();
  await expect(dialog.getByTestId('import-format')).toContainText('ExpressRoute Wizard design');
  await dialog.getByTestId('import-open').click();
  await expect(dialog).toBeHidden();
}

test.describe('with clipboard access', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('export: Copy puts the selected format on the clipboard; Download saves it', async ({ page }) => {
    await page.goto('/');
    await importByPaste(page, fixture);
    await page.click('button[data-step="review"]');
    await page.click('#export-tab-terraform');
    const code = page.getByTestId('export-code');
    await expect(code).toContainText('azurerm_express_route_circuit');
    const text = await code.textContent();

    await page.getByTestId('export-copy').click();
    await expect(page.locator('#status')).toHaveText(/Copied the Terraform/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('main.tf');
    const saved = readFileSync((await download.path())!, 'utf8');
    expect(saved).toBe(text);
    expect(saved).toContain('er-amsterdam');

    // ARM downloads as azuredeploy.json and is valid JSON.
    await page.click('#export-tab-arm');
    await expect(code).toContainText('Microsoft.Network/expressRouteCircuits');
    const [arm] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    expect(arm.suggestedFilename()).toBe('azuredeploy.json');
    const armText = readFileSync((await arm.path())!, 'utf8');
    expect(JSON.parse(armText).resources.length).toBeGreaterThan(0);
  });

  test('share link: a fresh browser offers the design and opens it without the MD5 keys', async ({ page, browser }) => {
    await page.goto('/');
    const withKey = JSON.parse(fixture);
    withKey.circuits[0].privatePeering.sharedKey = MD5;
    await importByPaste(page, JSON.stringify(withKey, null, 2));
    await page.click('button[data-step="private-peering"]');
    await expect(page.locator('#f-circuits-0-privatePeering-sharedKey')).toHaveValue(MD5);

    await page.click('button[data-step="review"]');
    // Router configurations carry the MD5 key (a router needs it): the panel says so.
    await expect(page.getByTestId('export-secret')).toHaveCount(0);
    await page.click('#export-tab-iosxe');
    await expect(page.getByTestId('export-code')).toContainText(`password ${MD5}`);
    await expect(page.getByTestId('export-secret')).toContainText('contains the BGP MD5 key');
    await page.click('#export-tab-terraform');
    await expect(page.getByTestId('export-code')).not.toContainText(MD5);
    await page.getByTestId('copy-share-link').click();
    await expect(page.locator('#status')).toHaveText('Copied the share link');
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#d=v1\.[A-Za-z0-9_-]+$/);
    await expect(page.locator('#share-link')).toHaveValue(url);

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(url);
    const offer = other.getByTestId('share-offer');
    await expect(offer).toContainText('This link contains a design: Contoso dual-circuit');
    // Not opened silently: the fresh page still shows the empty design.
    await expect(other.locator('#f-resourceGroup')).toHaveValue('');
    await offer.getByRole('button', { name: 'Open' }).click();
    await expect(offer).toBeHidden();
    await expect(other.locator('#f-resourceGroup')).toHaveValue('rg-contoso-er');
    expect(new URL(other.url()).hash).toBe('');
    await other.click('button[data-step="private-peering"]');
    await expect(other.locator('#f-circuits-0-privatePeering-peerAsn')).toHaveValue('65001');
    await expect(other.locator('#f-circuits-0-privatePeering-sharedKey')).toHaveValue('');
    await fresh.close();
  });
});

test('import: invalid JSON shows line and column; a file over 5 MB is refused before reading', async ({ page }) => {
  await page.goto('/');
  await page.click('button[data-step="review"]');
  const section = page.locator('.import-section');
  await section.locator('#import-review-text').fill('{\n  "version": 1,\n  "name": }');
  await section.getByTestId('import-read').click();
  await expect(section.getByTestId('import-error')).toContainText('invalid JSON at line 3 column 11');

  await section.locator('#import-review-file').setInputFiles({
    name: 'huge.json',
    mimeType: 'application/json',
    buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20),
  });
  await expect(section.getByTestId('import-error')).toContainText('huge.json');
  await expect(section.getByTestId('import-error')).toContainText('limited to 5 MB');

  await section.locator('#import-review-file').setInputFiles({
    name: 'two-circuits.json',
    mimeType: 'application/json',
    buffer: Buffer.from(fixture),
  });
  await expect(section.getByTestId('import-format')).toContainText('(from two-circuits.json)');
  await section.getByTestId('import-open').click();
  await expect(page.getByTestId('resources')).toContainText('er-amsterdam');
});

test('import: a file dropped on the import area is read', async ({ page }) => {
  await page.goto('/');
  await page.click('button[data-step="review"]');
  const area = page.locator('.import-section .import');
  const dt = await page.evaluateHandle((text) => {
    const t = new DataTransfer();
    t.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return t;
  }, fixture);
  await area.dispatchEvent('dragover', { dataTransfer: dt });
  await expect(area).toHaveClass(/dragging/);
  await area.dispatchEvent('drop', { dataTransfer: dt });
  await expect(area).not.toHaveClass(/dragging/);
  await expect(page.locator('.import-section').getByTestId('import-format')).toContainText('(from dropped.json)');
  await page.locator('.import-section').getByTestId('import-open').click();
  await expect(page.getByTestId('resources')).toContainText('er-amsterdam');
});

test('a damaged share link says so and opens nothing', async ({ page }) => {
  await page.goto('/#d=v1.AAAA');
  await expect(page.getByTestId('share-offer')).toContainText('could not be opened');
  await expect(page.locator('#f-resourceGroup')).toHaveValue('');
  expect(new URL(page.url()).hash).toBe('');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations in export, import and share (${scheme}, 360 px)`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/#d=v1.AAAA');
    await expect(page.getByTestId('share-offer')).toBeVisible();
    await page.click('button[data-step="review"]');
    await page.click('#export-tab-bicep');
    await page.locator('#import-review-text').fill('{"version": 1, "name": ');
    await page.locator('.import-section').getByTestId('import-read').click();
    await expect(page.locator('.import-section').getByTestId('import-error')).toBeVisible();
    expect(await violations(page), 'review').toEqual([]);
    // Nothing wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByTestId('open-import').click();
    await page.locator('#import-dialog-text').fill(fixture);
    await page.locator('dialog').getByTestId('import-read').click();
    await expect(page.locator('dialog').getByTestId('import-open')).toBeVisible();
    expect(await violations(page), 'import dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog.import-dialog')).toBeHidden();
  });
}

test('the export worker is not loaded with the page, only when the Export panel is shown', async ({ page }) => {
  const requested: string[] = [];
  page.context().on('request', (r) => requested.push(new URL(r.url()).pathname));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await page.goto('/');
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  await page.locator('#f-resourceGroup').fill('rg-network');
  expect(requested.some((p) => p.endsWith('_bg.wasm') && !p.includes('erwiz-worker')), requested.join(' ')).toBe(true);
  expect(requested.filter((p) => p.includes('erwiz-worker')), 'at load').toEqual([]);
  expect(workers).toEqual([]);

  await page.click('button[data-step="review"]');
  await expect(page.getByTestId('export-code')).toContainText('Microsoft.Network/expressRouteCircuits');
  await expect(page.getByTestId('export-busy')).toHaveText('');
  // Every file of the worker has a content-hashed name (scripts/hash-worker.sh), as the page's own.
  const hash = workers[0]?.match(/^\/erwiz-worker_loader-([0-9a-f]{16})\.js$/)?.[1];
  expect(hash, workers.join(' ')).toBeTruthy();
  expect(workers).toHaveLength(1);
  expect(requested).toContain(`/erwiz-worker-${hash}_bg.wasm`);
  expect(requested).toContain(`/erwiz-worker-${hash}.js`);
  // One worker serves every later export and import.
  await page.click('#export-tab-junos');
  await expect(page.getByTestId('export-code')).toContainText('Juniper Junos customer edge configuration');
  expect(requested.filter((p) => p === `/erwiz-worker-${hash}_bg.wasm`)).toHaveLength(1);
});

test('an export worker whose wasm fails to download is reported at once, not after the timeout', async ({ page }) => {
  await page.route('**/erwiz-worker-*_bg.wasm', (route) => route.abort());
  await page.goto('/');
  await page.click('button[data-step="review"]');
  const failed = page.getByTestId('export-failed');
  // The request timeout is 30 s; the loader's report must come well before it.
  await expect(failed).toContainText('could not be loaded', { timeout: 10_000 });
  await page.unroute('**/erwiz-worker-*_bg.wasm');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('export-code')).toContainText('Microsoft.Network/expressRouteCircuits');
});

test('an export worker that fails to load is reported, and Try again starts a new one', async ({ page }) => {
  await page.route('**/erwiz-worker_loader-*.js', (route) => route.abort());
  await page.goto('/');
  await page.click('button[data-step="review"]');
  const failed = page.getByTestId('export-failed');
  await expect(failed).toContainText('could not be loaded');
  await expect(page.getByTestId('export-copy')).toBeDisabled();
  const section = page.locator('.import-section');
  await section.locator('#import-review-text').fill(fixture);
  await section.getByTestId('import-read').click();
  await expect(section.getByTestId('import-error')).toContainText('could not be loaded');

  await page.unroute('**/erwiz-worker_loader-*.js');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('export-code')).toContainText('Microsoft.Network/expressRouteCircuits');
  await expect(failed).toBeHidden();
  await expect(page.getByTestId('export-copy')).toBeEnabled();
});

test('import: an ARM template chosen with its parameters file takes its values', async ({ page }) => {
  await page.goto('/');
  await page.click('button[data-step="review"]');
  const section = page.locator('.import-section');
  const template = readFileSync('tests/fixtures/import/circuit-create.json');
  const parameters = readFileSync('tests/fixtures/import/circuit-create.parameters.json');
  // The parameters file first: the order does not matter.
  await section.locator('#import-review-file').setInputFiles([
    { name: 'main.parameters.json', mimeType: 'application/json', buffer: parameters },
    { name: 'main.json', mimeType: 'application/json', buffer: template },
  ]);
  await expect(section.getByTestId('import-format')).toContainText('ARM deployment template (from main.parameters.json and main.json)');
  await expect(section.locator('li[data-code="ER-IMP-014"]')).toContainText('unusedByTemplate');
  await section.getByTestId('import-open').click();
  await expect(page.getByTestId('resources')).toContainText('er-fra-prod');
  // A parameters file alone says what to add.
  await section.locator('#import-review-file').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: parameters });
  await expect(section.getByTestId('import-error')).toContainText('import the template it belongs to');
});
