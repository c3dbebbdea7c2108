// Page-side budgets of hostile input (issue 15), part of `make bench` (scripts/bench.mjs) and
// runnable alone: node scripts/bench-hostile.mjs <base-url>
//
// (a) Each hostile input of at most 5 MB, handled by the page of the release build: 5 MB of
//     empty circuits through "Open design file", the 6.9 KB share link that inflates to them, and
//     ARM templates through the Import dialog (createArray doubling, a union of 10^6 numbers).
//     The page must never abort (no pageerror) and say why it refuses; its peak memory is the
//     renderer process's peak resident memory (VmHWM, Linux: page, its workers, the JS heaps and
//     wasm memories together) above what it held before the input, with the page's wasm linear
//     memory (it never shrinks: its size after the input is its peak) and JS heap after it.
// (b) Keystroke latency on a design at the element limits of `bounds` for the lists that drive
//     per-keystroke work (circuits, VNets, gateways, connections): the same probe and figure as
//     the bench's keystroke latency on the large design (app share: input event → DOM, p95).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { keepWasmExports, recordKeyLatency, wasmMemoryBytes } from './key-latency.mjs';

const MB = 1048576;
const budgets = { peakMB: 200, keyP95: 4, keyP95x4: 16 };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
const median = (xs) => pct(xs, 0.5);
const mb = (b) => (b / MB).toFixed(1);

/** The limits of src/domain/bounds.rs this bench builds a design at. */
const LIMITS = { circuits: 500, virtualNetworks: 10_000, gateways: 10_000, connections: 10_000 };

/** `{"circuits":[{},{},…]}` up to 5 MB (1.7 million circuits), as tests/hostile.rs makes it. */
function emptyCircuits() {
  const n = Math.floor((5 * MB - 24) / 3);
  return `{"circuits":[${Array(n).fill('{}').join(',')}]}`;
}

function template(variables, name) {
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    variables,
    resources: [{ type: 'Microsoft.Network/expressRouteCircuits', apiVersion: '2023-09-01', name, location: 'westeurope', properties: { bandwidthInMbps: 1000 } }],
  });
}

/** 30 chained createArray(variables(x), variables(x)); the 20th printed (2^20 leaves). */
function doubling() {
  const v = { x0: 'x' };
  for (let i = 1; i <= 30; i++) v[`x${i}`] = `[createArray(variables('x${i - 1}'), variables('x${i - 1}'))]`;
  return template(v, "[string(variables('x20'))]");
}

/** A union of 10^6 distinct numbers (100 ranges of 10,000). */
function unionMillion() {
  const ranges = Array.from({ length: 100 }, (_, i) => `range(${i * 10_000}, 10000)`);
  return template({ u: `[union(${ranges.join(', ')})]` }, "[string(length(variables('u')))]");
}

/** A design at the limits: every circuit with a private peering, every VNet with its gateway,
 * every connection linking a gateway to a circuit. */
export function limitsDesign() {
  const circuits = Array.from({ length: LIMITS.circuits }, (_, i) => ({
    name: `er-${i}`, region: 'West Europe', provider: 'Equinix', peeringLocation: 'Amsterdam', bandwidthMbps: '1000',
    skuTier: 'Premium', providerStatus: 'Provisioned',
    privatePeering: { peerAsn: '65001', vlanId: String(100 + (i % 3000)), primarySubnet: '192.168.0.0/30', secondarySubnet: '192.168.0.4/30' },
  }));
  const net = (i) => `10.${Math.floor(i / 256) % 256}.${i % 256}`;
  const virtualNetworks = Array.from({ length: LIMITS.virtualNetworks }, (_, i) => ({
    name: `vnet-${i}`, region: 'West Europe', addressSpaces: [`${net(i)}.0/24`],
    subnets: [{ name: 'GatewaySubnet', addressPrefix: `${net(i)}.0/27` }],
  }));
  const gateways = Array.from({ length: LIMITS.gateways }, (_, i) => ({ name: `gw-${i}`, region: 'West Europe', virtualNetwork: `vnet-${i}`, sku: 'ErGw1AZ' }));
  const connections = Array.from({ length: LIMITS.connections }, (_, i) => ({ name: `cn-${i}`, gateway: `gw-${i % LIMITS.gateways}`, circuit: `er-${i % LIMITS.circuits}` }));
  return JSON.stringify({ resourceGroup: 'rg-er', circuits, virtualNetworks, gateways, connections });
}

/** The renderer process of `browser` that did the most work (the page's). */
async function renderer(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  const r = processInfo.filter((p) => p.type === 'renderer').sort((a, b) => b.cpuTime - a.cpuTime)[0];
  return r?.id;
}

function status(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1] || 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch { return { rss: NaN, hwm: NaN }; }
}

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** One hostile input: `act(page)` starts it, `done` is a locator whose text must contain `says`. */
async function hostile(base, name, act, done, says) {
  const browser = await launch();
  const ctx = await browser.newContext({ acceptDownloads: false });
  await keepWasmExports(ctx);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('crash', () => errors.push('the page crashed'));
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  const pid = await renderer(browser);
  const before = status(pid).rss;
  const start = Date.now();
  let ok = true;
  try {
    await act(page);
    await done(page).filter({ hasText: says }).first().waitFor({ timeout: 60_000 });
  } catch (e) {
    ok = false;
    errors.push(`no "${says}": ${String(e).split('\n')[0]}`);
  }
  const ms = Date.now() - start;
  const after = status(pid);
  let wasm = NaN, heap = NaN;
  try {
    wasm = await wasmMemoryBytes(page);
    const cdp = await page.context().newCDPSession(page);
    heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } catch (e) { errors.push(`page gone: ${String(e).split('\n')[0]}`); }
  await browser.close();
  const peak = after.hwm - before;
  const pass = ok && errors.length === 0 && peak <= budgets.peakMB * MB;
  console.log(`  ${name.padEnd(40)} ${String(ms).padStart(6)} ms  peak +${mb(peak).padStart(6)} MB (renderer VmHWM ${mb(after.hwm)} MB)  wasm ${mb(wasm)} MB  JS heap ${mb(heap)} MB  ${errors.length ? errors.join('; ') : 'no page error'}`);
  return { name, pass, value: `+${mb(peak)} MB peak, ${ms} ms${errors.length ? ', ' + errors[0] : ''}` };
}

/** Keystroke → DOM latency on the design at the limits (as scripts/bench.mjs measures it). */
async function limitsKeystrokes(base, json, rate, keys) {
  const browser = await launch();
  try {
    const ctx = await browser.newContext();
    await ctx.addInitScript((j) => { localStorage.setItem('erwiz.design.v1', j); }, json);
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const cdp = await ctx.newCDPSession(page);
    // The load event waits for the app's first mount, which at the limits can take longer than
    // Playwright's default 30 s: wait for the page to commit, then for the app's own mark.
    await page.goto(base, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0, null, { timeout: 180_000 });
    const input = page.locator('#f-circuits-0-name');
    await input.waitFor({ timeout: 60_000 });
    await recordKeyLatency(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await input.click();
    const text = 'er-london-primary-circuit-001-abcdefghijklmnopqrstuvwxyz0123456789';
    // Far over budget, a key can take seconds: stop after a minute of typing (at least 3 keys).
    const start = Date.now();
    for (let i = 0; i < keys; i++) {
      await page.keyboard.press(text[i % text.length]);
      await page.waitForFunction((n) => window.__lat.length >= n, i + 1, { timeout: 120_000 });
      if (i >= 2 && Date.now() - start > 60_000) break;
    }
    const lat = await page.evaluate(() => window.__lat);
    const app = await page.evaluate(() => window.__app);
    return { lat, app, errors };
  } finally {
    await browser.close().catch(() => {});
  }
}

/** Runs both parts (`keys` keystrokes at each CPU rate; 0 skips them); `line(name, value,
 * budget, ok)` records a figure against its budget. */
export async function hostileBench(base, line, keys = Number(process.env.BENCH_LIMIT_KEYS || 100)) {
  console.log('hostile inputs through the page (release build), each in a fresh browser:');
  const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const empty = emptyCircuits();
  const cases = [
    ['Open design file: 5 MB of empty circuits',
      (p) => p.locator('#open-design-file').setInputFiles(file('circuits.json', empty)),
      (p) => p.locator('dialog.import-dialog [data-testid="import-error"]'), 'more than 500 circuits'],
    ['share link of 5 MB of empty circuits',
      (p) => p.evaluate((h) => { location.hash = h; }, `#d=v1.${deflateRawSync(Buffer.from(empty), { level: 9 }).toString('base64url')}`),
      (p) => p.getByTestId('share-offer'), 'could not be opened'],
    ['Import: createArray doubling, printed',
      async (p) => { await p.getByTestId('open-import').click(); await p.locator('#import-dialog-file').setInputFiles(file('doubling.json', doubling())); },
      (p) => p.locator('dialog.import-dialog [data-testid="import-result"]'), 'the limit is 1000000'],
    ['Import: union of 10^6 numbers',
      async (p) => { await p.getByTestId('open-import').click(); await p.locator('#import-dialog-file').setInputFiles(file('union.json', unionMillion())); },
      (p) => p.locator('dialog.import-dialog [data-testid="import-result"]'), 'the limit is 1000000'],
  ];
  for (const [name, act, done, says] of cases) {
    const r = await hostile(base, name, act, done, says);
    line(`page, ${r.name}`, r.value, `≤ ${budgets.peakMB} MB, no page error`, r.pass);
  }
  if (keys <= 0) return;
  const json = limitsDesign();
  console.log(`keystrokes on a design at the limits (${LIMITS.circuits} circuits, ${LIMITS.virtualNetworks} VNets, ${LIMITS.gateways} gateways, ${LIMITS.connections} connections; ${mb(json.length)} MB of JSON):`);
  for (const rate of [1, 4]) {
    const budget = rate === 1 ? budgets.keyP95 : budgets.keyP95x4;
    let r;
    try {
      r = await limitsKeystrokes(base, json, rate, keys);
    } catch (e) {
      const why = String(e).split('\n')[0];
      console.log(`  keystroke → DOM ${rate}x at the limits: not measured: ${why}`);
      line(`  app share p95 at the limits, ${rate}x`, 'not measured', `≤ ${budget} ms`, false);
      continue;
    }
    const p95 = pct(r.lat, 0.95), appP95 = pct(r.app, 0.95);
    console.log(`  keystroke → DOM ${rate}x at the limits: median ${median(r.lat).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${r.lat.length} keys; app share (input → DOM) median ${median(r.app).toFixed(2)} ms, p95 ${appP95.toFixed(2)} ms${r.errors.length ? '; ' + r.errors[0] : ''}`);
    line(`  app share p95 at the limits, ${rate}x`, `${appP95.toFixed(2)} ms`, `≤ ${budget} ms`, appP95 <= budget && r.errors.length === 0);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  await hostileBench(process.argv[2] || 'http://127.0.0.1:4174/', (name, value, budget, ok) => rows.push({ name, value, budget, ok }));
  console.log('\nbudgets');
  for (const r of rows) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(48)} ${String(r.value).padEnd(36)} ${r.budget}`);
}
