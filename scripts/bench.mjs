// Browser benchmark of the release build (dist/): transfer sizes, load-to-interactive, keystroke
// latency, memory, and the rules engine's speed inside wasm. Prints figures against budgets.
// Usage: node scripts/bench.mjs <base-url> [native-seed-µs] [hooks-url]
// hooks-url serves the build with the `bench` feature, whose wasm exports the in-wasm timings
// (src/bench.rs); without it those figures are "not measured".
import { chromium } from 'playwright-core';
import { keepWasmExports, recordKeyLatency, wasmMemoryBytes } from './key-latency.mjs';
import { hostileBench } from './bench-hostile.mjs';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const base = process.argv[2] || 'http://127.0.0.1:4174/';
const nativeSeedUs = Number(process.argv[3] || NaN);
const hooks = process.argv[4] || '';
const LOADS = Number(process.env.BENCH_LOADS || 15);
const KEYS = Number(process.env.BENCH_KEYS || 200);
const MANY_KEYS = Number(process.env.BENCH_MANY_KEYS || 1000);
const DIAGRAM_EDITS = Number(process.env.BENCH_DIAGRAM_EDITS || 300);
const DIAGRAM_WARMUP = 100;
// Budgets: issue 2 (foundation, empty design), issue 4 (whole wizard) and issue 5 (diagram), on the large design:
// tests/fixtures/large.json = two circuits, both peerings, 200 advertised prefixes, 4 VNets).
const budgets = {
  brotliKB2: 80, brotliKB4: 150, lti1x: 150, lti1xLarge: 200, keyP95: 4, keyP95x4: 16,
  wasmMB: 8, heapMB: 8, growthMB: 0.5, wasmNativeRatio: 3,
};
const large = readFileSync('tests/fixtures/large.json', 'utf8');
// Stores the design before any page script runs (the app migrates older keys itself).
async function withDesign(ctx, json) {
  if (json) await ctx.addInitScript((j) => { localStorage.setItem('erwiz.design.v1', j); }, json);
}
const rows = [];
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const line = (name, value, budget, ok) => rows.push({ name, value, budget, ok });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
const kb = (n) => (n / 1024).toFixed(1) + ' KB';

// 1. Sizes of what the page transfers.
let totalBr = 0;
let lazyBr = 0;
console.log('file sizes (raw / gzip -9 / brotli -11); erwiz-worker* load only when exports or imports are first used');
for (const f of readdirSync('dist')) {
  if (!/\.(wasm|js|css|html)$/.test(f)) continue;
  const b = readFileSync(`dist/${f}`);
  const gz = gzipSync(b, { level: 9 }).length;
  const br = brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  if (f.startsWith('erwiz-worker')) lazyBr += br; else totalBr += br;
  console.log(`  ${f.padEnd(48)} ${String(b.length).padStart(8)} ${String(gz).padStart(8)} ${String(br).padStart(8)}`);
}
line('on-demand transfer (export worker), brotli', kb(lazyBr), '(reported)', true);
line('total transfer, brotli (issue 4)', kb(totalBr), `≤ ${budgets.brotliKB4} KB`, totalBr <= budgets.brotliKB4 * 1024);
line('total transfer, brotli (issue 2)', kb(totalBr), `≤ ${budgets.brotliKB2} KB`, totalBr <= budgets.brotliKB2 * 1024);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

// 2. Load to interactive: cold loads (fresh context, empty cache), app mark set after mount.
async function loadOnce(rate, json) {
  const ctx = await browser.newContext();
  await withDesign(ctx, json);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  const [t, start] = await page.evaluate(() => [
    performance.getEntriesByName('erwiz-interactive')[0].startTime,
    performance.getEntriesByName('erwiz-start')[0].startTime,
  ]);
  await ctx.close();
  mounts.push(t - start);
  return t;
}
let mounts = [];
for (const [rate, json, what] of [[1, null, 'empty'], [1, large, 'large'], [4, large, 'large']]) {
  const times = [];
  mounts = [];
  for (let i = 0; i < LOADS; i++) times.push(await loadOnce(rate, json));
  const m = median(times);
  console.log(`load-to-interactive ${rate}x, ${what} design: median ${m.toFixed(1)} ms, min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)} (${LOADS} cold loads); of which mount (start → interactive) median ${median(mounts).toFixed(1)} ms`);
  const name = `load-to-interactive median, ${rate}x, ${what}`;
  if (rate === 1 && !json) line(name, `${m.toFixed(1)} ms`, `≤ ${budgets.lti1x} ms`, m <= budgets.lti1x);
  else if (rate === 1) line(name, `${m.toFixed(1)} ms`, `≤ ${budgets.lti1xLarge} ms`, m <= budgets.lti1xLarge);
  else line(name, `${m.toFixed(1)} ms`, '(reported)', true);
}

// 3. Keystroke → DOM latency: real key events into the circuit name; the diagram title changes
// with every key, so a mutation follows each one.
async function keystrokes(rate) {
  const ctx = await browser.newContext();
  await withDesign(ctx, large);
  await keepWasmExports(ctx);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  await recordKeyLatency(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const input = page.locator('#f-circuits-0-name');
  await input.click();
  const text = 'er-london-primary-circuit-001-abcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(text[i % text.length]);
    await page.waitForFunction((n) => window.__lat.length >= n, i + 1);
  }
  const lat = await page.evaluate(() => window.__lat);
  const app = await page.evaluate(() => window.__app);
  // Memory with the large design loaded, after a forced garbage collection; then again after
  // MANY_KEYS more keystrokes (type and delete, so the text stays the same size): it must not grow.
  const memory = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return {
      heap: (await cdp.send('Runtime.getHeapUsage')).usedSize,
      wasm: await wasmMemoryBytes(page),
    };
  };
  let before = null, after = null;
  if (rate === 1) {
    before = await memory();
    for (let i = 0; i < MANY_KEYS; i++) {
      const n = await page.evaluate(() => window.__lat.length);
      await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
      await page.waitForFunction((k) => window.__lat.length > k, n);
    }
    after = await memory();
  }
  await ctx.close();
  return { lat, app, before, after };
}

// The rules engine, the diagram's layout and its re-render timed inside wasm, by the hooks of
// the build with the `bench` feature (served at `hooks`; the page users get has none).
async function inWasm() {
  if (!hooks) return { wasmSeedUs: NaN, layoutUs: NaN, diagram: null };
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(hooks);
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  const seed = readFileSync('tests/fixtures/seed.json', 'utf8');
  const wasmSeedUs = await page.evaluate((j) => window.wasmBindings.erwiz_bench_validate_us(j, 200), seed);
  const layoutUs = await page.evaluate((j) => window.wasmBindings.erwiz_bench_layout_us(j, 100), large);
  // The diagram alone (issue 5): mounted off screen on the large design, edits applied one at a
  // time (name letter, primary /30, VLAN); each timed until its SVG is updated and laid out.
  // The first DIAGRAM_WARMUP edits let V8 tier up and are left out.
  const diagram = await page.evaluate(([j, n]) => window.wasmBindings.erwiz_bench_diagram(j, n), [large, DIAGRAM_EDITS + DIAGRAM_WARMUP]);
  await ctx.close();
  return { wasmSeedUs, layoutUs, diagram };
}
// The floor of the keystroke figures: the same probe and keys on a bare page (one input whose
// input handler writes one text node), in the same browser and at the same CPU rate. keydown →
// DOM includes the browser's own key handling (keydown, keypress, text insertion, its layout),
// which no app can go below.
async function bareKeystrokes(rate) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await page.setContent('<input id="bare" aria-label="bare"><p id="echo"></p><script>document.getElementById("bare").addEventListener("input", (e) => { document.getElementById("echo").textContent = e.target.value; });</script>');
  await recordKeyLatency(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.locator('#bare').click();
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press('abcdefgh'[i % 8]);
    await page.waitForFunction((n) => window.__lat.length >= n, i + 1);
  }
  const lat = await page.evaluate(() => window.__lat);
  await ctx.close();
  return lat;
}
for (const rate of [1, 4]) {
  const bare = await bareKeystrokes(rate);
  console.log(`keystroke → DOM ${rate}x, bare page (the browser's floor): median ${median(bare).toFixed(2)} ms, p95 ${pct(bare, 0.95).toFixed(2)} ms over ${bare.length} keys`);
  const r = await keystrokes(rate);
  const m = median(r.lat), p95 = pct(r.lat, 0.95), appP95 = pct(r.app, 0.95);
  console.log(`keystroke → DOM ${rate}x, large design: median ${m.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${r.lat.length} keys; of which input event → DOM (the app): median ${median(r.app).toFixed(2)} ms, p95 ${appP95.toFixed(2)} ms`);
  const budget = rate === 1 ? budgets.keyP95 : budgets.keyP95x4;
  line(`keystroke → DOM p95, ${rate}x`, `${p95.toFixed(2)} ms (bare page ${pct(bare, 0.95).toFixed(2)})`, `≤ ${budget} ms`, p95 <= budget);
  line(`  app share (input → DOM) p95, ${rate}x`, `${appP95.toFixed(2)} ms`, `≤ ${budget} ms`, appP95 <= budget);
  if (rate === 1) {
    const mb = (b) => (b / 1048576).toFixed(2);
    line('wasm linear memory, large', `${mb(r.after.wasm)} MB`, `≤ ${budgets.wasmMB} MB`, r.after.wasm <= budgets.wasmMB * 1048576);
    line('JS heap used, large', `${mb(r.after.heap)} MB`, `≤ ${budgets.heapMB} MB`, r.after.heap <= budgets.heapMB * 1048576);
    const grow = Math.max(r.after.wasm - r.before.wasm, r.after.heap - r.before.heap);
    line(`memory growth over ${MANY_KEYS} keys`, `wasm ${mb(r.after.wasm - r.before.wasm)}, heap ${mb(r.after.heap - r.before.heap)} MB`, `≤ ${budgets.growthMB} MB`, grow <= budgets.growthMB * 1048576);
    Object.assign(r, await inWasm());
    console.log(`validate seed design in wasm: median ${r.wasmSeedUs.toFixed(2)} µs`);
    if (Number.isFinite(nativeSeedUs)) {
      const ratio = r.wasmSeedUs / nativeSeedUs;
      line('validate seed, wasm / native', `${ratio.toFixed(2)} (${r.wasmSeedUs.toFixed(1)} / ${nativeSeedUs.toFixed(1)} µs)`, `≤ ${budgets.wasmNativeRatio}`, ratio <= budgets.wasmNativeRatio);
    }
    if (Number.isFinite(r.layoutUs) && r.diagram) {
      // Re-render = the layout (inside the view model's recompute) + the diagram's DOM update,
      // style and layout. Budgeted at p95 of the update plus the median layout.
      const draw = r.diagram.draw.slice(DIAGRAM_WARMUP);
      const view = r.diagram.view.slice(DIAGRAM_WARMUP);
      const layoutMs = r.layoutUs / 1000;
      console.log(`diagram alone, large design, ${draw.length} edits: layout median ${layoutMs.toFixed(3)} ms; DOM update + style/layout median ${median(draw).toFixed(2)} ms, p95 ${pct(draw, 0.95).toFixed(2)} ms, max ${Math.max(...draw).toFixed(2)} ms; whole view model (validate + layout + review) median ${median(view).toFixed(2)} ms (browser clock: 0.1 ms steps)`);
      const p95 = layoutMs + pct(draw, 0.95);
      if (r.diagram.stale !== 0) console.log(`diagram timing ended before ${r.diagram.stale} redraws: figures invalid`);
      line('diagram re-render p95, large (issue 5)', `${p95.toFixed(2)} ms (layout ${layoutMs.toFixed(2)} + update ${pct(draw, 0.95).toFixed(2)})`, '≤ 2 ms', p95 <= 2 && r.diagram.stale === 0);
    } else {
      line('diagram re-render (issue 5)', 'not measured', '≤ 2 ms', false);
    }
  }
}
await browser.close();

// 4. Hostile input through the page, and keystrokes at the limits (issue 15).
await hostileBench(base, line);

console.log('\nbudgets');
for (const r of rows) console.log(`  ${verdict(r.ok)}  ${r.name.padEnd(40)} ${String(r.value).padEnd(30)} ${r.budget}`);
const failed = rows.filter((r) => !r.ok).length;
console.log(`${rows.length - failed} within budget, ${failed} over budget`);
