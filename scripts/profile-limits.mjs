// The page on a design at the element limits, without the whole benchmark: serves a release
// build, opens the design of scripts/bench-hostile.mjs (`limitsDesign()`), prints the time to
// the app's interactive mark, then types KEYS keys into circuit 1's name at each CPU rate and
// prints keydown → DOM and input → DOM (the app's share). With PROFILE=1, the functions with
// the most self time while typing at the first rate (build with `data-keep-debug` and
// `data-wasm-opt="0"` on the rust link to see Rust names).
// Usage: node scripts/profile-limits.mjs [dist-dir] [port]; env: KEYS (default 20), RATES
// (default "1,4"), PROFILE, TOP (default 40).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { recordKeyLatency } from './key-latency.mjs';
import { limitsDesign } from './bench-hostile.mjs';

const dist = process.argv[2] || 'dist';
const port = Number(process.argv[3] || 4195);
const base = `http://127.0.0.1:${port}/`;
const KEYS = Number(process.env.KEYS || 20);
const RATES = (process.env.RATES || '1,4').split(',').map(Number);
const TOP = Number(process.env.TOP || 40);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };

const server = spawn(process.execPath, ['scripts/static-server.mjs', dist, String(port)], { stdio: 'ignore' });
const json = limitsDesign();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
try {
  for (let i = 0; i < 100; i++) {
    try { await fetch(base); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  for (const rate of RATES) {
    const ctx = await browser.newContext();
    await ctx.addInitScript((j) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('erwiz.design.v1', j); sessionStorage.setItem('seeded', '1'); } }, json);
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const cdp = await ctx.newCDPSession(page);
    const t0 = Date.now();
    await page.goto(base, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0, null, { timeout: 300_000 });
    const mark = await page.evaluate(() => performance.getEntriesByName('erwiz-interactive')[0].startTime);
    console.log(`${rate}x: interactive mark at ${mark.toFixed(0)} ms (${Date.now() - t0} ms wall)`);
    const input = page.locator('#f-circuits-0-name');
    await recordKeyLatency(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await input.click();
    const profiling = process.env.PROFILE && rate === RATES[0];
    if (profiling) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.press('abcdefgh'[i % 8]);
      await page.waitForFunction((n) => window.__lat.length >= n, i + 1, { timeout: 120_000 });
    }
    if (profiling) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map();
      const dt = profile.timeDeltas;
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, k) => {
        const n = byId.get(id);
        const name = n.callFrame.functionName || '(anonymous)';
        if (name === '(idle)') return;
        self.set(name, (self.get(name) || 0) + (dt[k] || 0));
      });
      const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
      for (const [name, us] of rows) console.log(`  ${(us / 1000 / KEYS).toFixed(3).padStart(9)} ms/key  ${name.slice(0, 150)}`);
    }
    const lat = await page.evaluate(() => window.__lat);
    const app = await page.evaluate(() => window.__app);
    console.log(`${rate}x: keydown → DOM median ${median(lat).toFixed(1)} p95 ${pct(lat, 0.95).toFixed(1)} ms; app (input → DOM) median ${median(app).toFixed(1)} p95 ${pct(app, 0.95).toFixed(1)} ms (${lat.length} keys)${errors.length ? '; page error: ' + errors[0] : ''}`);
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
}
