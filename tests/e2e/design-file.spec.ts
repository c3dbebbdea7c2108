import { readFileSync } from 'node:fs';
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';

// The design as a file (issue 15): "Download design (.json)" in the design switcher writes the
// whole design (secrets only when asked), "Open design file" reads it back through the import,
// and download → open → download gives the same file.

const fixture = readFileSync('tests/fixtures/direct.json', 'utf8');
const SECRET = 'md5-Secret-0815';

/** Every leaf of a JSON value with its path. */
function leaves(v: unknown, path = '', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
  } else out.push([path, v]);
  return out;
}

async function importByPaste(page: Page, text: string) {
  await page.getByTestId('open-import').click();
  const dialog = page.locator('dialog.import-dialog');
  await dialog.locator('#import-dialog-text').fill(text);
  await dialog.getByTestId('import-read').click();
  await dialog.getByTestId('import-open').click();
  await expect(dialog).toBeHidden();
}

async function downloadDesign(page: Page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="download-design"]').click(),
  ]);
  const path = (await download.path())!;
  return { name: download.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

test('download then open gives back every field; secrets only when asked', async ({ page }) => {
  await page.goto('/');
  const withKey = JSON.parse(fixture);
  withKey.circuits[0].privatePeering.sharedKey = SECRET;
  await importByPaste(page, JSON.stringify(withKey));

  // Without secrets (the default): every other value of the fixture, at its path; numbers typed
  // into text fields come back as their text.
  const plain = await downloadDesign(page);
  expect(plain.name).toBe('northwind-expressroute-direct-amsterdam2-qinq-with-a-partner.json');
  await expect(page.locator('#status')).toHaveText(`Downloaded the design as “${plain.name}”`);
  const saved = JSON.parse(plain.text);
  for (const [path, value] of leaves(withKey)) {
    // The file is written in the current schema version; the fixture's older one migrates.
    if (path === 'version') continue;
    const got = leaves(saved).find(([p]) => p === path)?.[1];
    if (/(sharedKey|authorizationKey|AuthorizationKey)$/.test(path)) expect(got, path).toBe('');
    else if (typeof value === 'number') expect([value, String(value)], path).toContain(got);
    else expect(got, path).toBe(value);
  }
  expect(plain.text).not.toContain(SECRET);

  // With secrets, when ticked.
  await page.locator('#download-secrets').check();
  const full = await downloadDesign(page);
  expect(JSON.parse(full.text).circuits[0].privatePeering.sharedKey).toBe(SECRET);

  // Open design file: the same import as the Import dialog, with its result, then opened.
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="open-design-file"]').click(),
  ]);
  await chooser.setFiles(full.path);
  const dialog = page.locator('dialog.import-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('import-format')).toContainText('Detected format: ExpressRoute Wizard design');
  await expect(dialog.getByTestId('import-result')).toContainText('Everything was read.');
  await dialog.getByTestId('import-open').click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('#design-select option')).toHaveCount(3);
  await expect(page.locator('#status')).toContainText('Design opened from the import as a new design');

  // The design opened from the file downloads as the same file, under the name the design list
  // gave it (one name everywhere: the first copy kept the file's name).
  const listed = (await page.locator('#design-select option:checked').textContent())!;
  const first = JSON.parse(full.text).name;
  expect(listed).toBe(`${first} 2`);
  const again = await downloadDesign(page);
  expect(again.text).toBe(full.text.replace(JSON.stringify(first), JSON.stringify(listed)));
  // (The file name is cut at 60 characters, before the " 2".)
  expect(again.name).toBe(full.name);
});

test('a file that is not a design says why, in the Import dialog', async ({ page }) => {
  await page.goto('/');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="open-design-file"]').click(),
  ]);
  await chooser.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "name": ') });
  const dialog = page.locator('dialog.import-dialog');
  await expect(dialog.getByTestId('import-error')).toContainText('Could not import the broken.json: invalid JSON at line 1');
  await expect(dialog.getByTestId('import-open')).toHaveCount(0);
});
