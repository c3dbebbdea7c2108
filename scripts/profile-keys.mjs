// Keystroke cost on the large design, without the whole benchmark: serves a release build,
// types into circuit 1's name on the Basics step (as scripts/bench.mjs section 3 does) and
// prints keydown → DOM and input → DOM (the app's share) per CPU throttle rate, then the wasm
// memory after each round of MANY keys. With PROFILE=1 it also samples the CPU profile of the
// typing at 1× and prints the functions with the most self time (build with `data-keep-debug`
// and `data-wasm-opt="0"` on the rust link to see Rust names).
// Usage: node scripts/profile-keys.mjs [dist-dir] [port]
//   env: KEYS (default 200), RATES (default "1,4"), MANY (default 1000), ROUNDS (default 2),
//        PROFILE (unset: no profile), TOP (default 40), INCL=1 (with PROFILE: functions by
//        inclusive time too), TRACE=1 (main-thread time per key by trace event at 1×: script,
//        style, layout, paint...), STYLE='css' (rules added to the page before typing)
import { chromium } from 'playwright-core';
import { keepWasmExports, recordKeyLatency, wasmMemoryBytes } from './key-latency.mjs';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';

const dist = process.argv[2] || 'dist';
const port = Number(process.argv[3] || 4191);
const base = `http://127.0.0.1:${port}/`;
const KEYS = Number(process.env.KEYS || 200);
const RATES = (process.env.RATES || '1,4').split(',').map(Number);
const MANY = Number(process.env.MANY || 1000);
const ROUNDS = Number(process.env.ROUNDS || 2);
const TOP = Number(process.env.TOP || 40);
// DESIGN=<file>: another design than the large one (e.g. tests/fixtures/seed.json).
const large = readFileSync(process.env.DESIGN || 'tests/fixtures/large.json', 'utf8');
const text = 'er-london-primary-circuit-001-abcdefghijklmnopqrstuvwxyz0123456789';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
const f2 = (x) => x.toFixed(2);

const server = spawn(process.execPath, ['scripts/static-server.mjs', dist, String(port)], { stdio: 'ignore' });
try {
  // The page served must be this build's (another server left on the port would serve another).
  const index = readFileSync(`${dist}/index.html`, 'utf8');
  let served = null;
  for (let i = 0; i < 100 && served === null; i++) {
    try { served = await (await fetch(base)).text(); } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  if (served !== index) throw new Error(`port ${port} does not serve ${dist}: is another server running on it?`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      // CHROME_ARGS='--js-flags=...': extra browser flags, for diagnosis (e.g. V8's wasm tiering).
      ...(process.env.CHROME_ARGS ? process.env.CHROME_ARGS.split(' ') : [])],
  });
  for (const rate of RATES) {
    const ctx = await browser.newContext();
    await ctx.addInitScript((j) => { localStorage.setItem('erwiz.design.v1', j); }, large);
    await keepWasmExports(ctx);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await page.goto(base);
    await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
    // STYLE='css': extra rules added to the page, to try a style change without a rebuild.
    if (process.env.STYLE) await page.addStyleTag({ content: process.env.STYLE });
    await recordKeyLatency(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.locator('#f-circuits-0-name').click();
    // DOMLOG=1: which elements' attributes and texts each key writes (counted per key below).
    if (process.env.DOMLOG) {
      await page.evaluate(() => {
        window.__dom = new Map();
        const where = (el) => `${el.localName}${el.id ? '#' + el.id : ''}${el.getAttribute && el.getAttribute('class') ? '.' + el.getAttribute('class').split(' ')[0] : ''}${el.closest && el.closest('[data-id]') ? ' in ' + el.closest('[data-id]').getAttribute('data-id').replace(/[0-9]+/g, 'N') : ''}`;
        const count = (k) => window.__dom.set(k, (window.__dom.get(k) || 0) + 1);
        for (const m of ['setAttribute', 'removeAttribute']) {
          const orig = Element.prototype[m];
          Element.prototype[m] = function (name, ...rest) { count(`${m} ${name} on ${where(this)}`); return orig.call(this, name, ...rest); };
        }
        for (const m of ['appendChild', 'insertBefore', 'removeChild', 'replaceChild']) {
          const orig = Node.prototype[m];
          Node.prototype[m] = function (...args) { count(`${m} on ${where(this)}`); return orig.apply(this, args); };
        }
        const d = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeValue');
        Object.defineProperty(Node.prototype, 'nodeValue', { ...d, set(v) { count(`text in ${this.parentElement ? where(this.parentElement) : '?'}`); d.set.call(this, v); } });
      });
    }
    const profiling = process.env.PROFILE && rate === RATES[0];
    const tracing = process.env.TRACE && rate === Number(process.env.TRACE_RATE || 1);
    const traced = [];
    if (tracing) {
      cdp.on('Tracing.dataCollected', (d) => traced.push(...d.value));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    }
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.press(text[i % text.length]);
      await page.waitForFunction((n) => window.__lat.length >= n, i + 1);
      // SETTLE=1: the next key only after the previous one's frame (as a typist's keys arrive).
      if (process.env.SETTLE) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
    if (tracing) {
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await done;
      // The renderer's main thread: the thread that ran the input events.
      const ev = traced.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input');
      const main = traced.filter((e) => ev && e.pid === ev.pid && e.tid === ev.tid && e.ph === 'X');
      // Self time per event name (time in children with a listed name is not counted twice).
      const sum = new Map();
      const byStart = main.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      const stack = [];
      for (const e of byStart) {
        while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) sum.set(parent.name, (sum.get(parent.name) || 0) - e.dur);
        sum.set(e.name, (sum.get(e.name) || 0) + e.dur);
        stack.push(e);
      }
      // TRACE_SEQ=n: the main thread's events (≥ 0.05 ms) from the n-th key's input event to the
      // (n+3)-th, in order, with their depth.
      if (process.env.TRACE_SEQ) {
        const inputs = byStart.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
        const n = Number(process.env.TRACE_SEQ);
        const from = inputs[n]?.ts ?? 0;
        const to = inputs[n + 3]?.ts ?? Infinity;
        const open = [];
        for (const e of byStart) {
          while (open.length && open[open.length - 1] <= e.ts) open.pop();
          if (e.ts >= from && e.ts < to && e.dur >= 50 && open.length < 4) {
            console.log(`  ${((e.ts - from) / 1000).toFixed(2).padStart(7)} +${(e.dur / 1000).toFixed(2).padStart(6)} ${'  '.repeat(open.length)}${e.name} ${e.args?.data?.type || e.args?.data?.functionName || ''}`);
          }
          open.push(e.ts + e.dur);
        }
      }
      console.log(`trace at ${rate}x, main thread self time per key by event:`);
      for (const [name, t] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
        if (t / 1000 / KEYS >= 0.005) console.log(`  ${(t / 1000 / KEYS).toFixed(3).padStart(8)} ms  ${name}`);
      }
    }
    if (profiling) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map();
      const dt = new Map();
      profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0)));
      let total = 0;
      for (const n of profile.nodes) {
        const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`;
        const t = dt.get(n.id) || 0;
        if (name === '(idle)' || name === '(program)') continue;
        total += t;
        self.set(name, (self.get(name) || 0) + t);
      }
      console.log(`profile at ${rate}x: ${(total / 1000).toFixed(0)} ms of samples over ${KEYS} keys (idle excluded); self time per key:`);
      for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
        console.log(`  ${(t / 1000 / KEYS).toFixed(3).padStart(8)} ms  ${(100 * t / total).toFixed(1).padStart(5)} %  ${name.slice(0, 140)}`);
      }
      if (process.env.INCL) {
        // Inclusive time: each function counted once per sampled stack.
        const parent = new Map();
        for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n);
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const incl = new Map();
        for (const n of profile.nodes) {
          const t = dt.get(n.id) || 0;
          if (!t) continue;
          const names = new Set();
          for (let p = n; p; p = parent.get(p.id)) names.add((p.callFrame.functionName || '?').replace(/::h[0-9a-f]{16}$/, ''));
          for (const k of names) incl.set(k, (incl.get(k) || 0) + t);
        }
        void byId;
        console.log('inclusive time per key:');
        for (const [name, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
          console.log(`  ${(t / 1000 / KEYS).toFixed(3).padStart(8)} ms  ${name.slice(0, 140)}`);
        }
      }
      if (process.env.TREE) {
        // TREE=name: the call tree below the functions whose name contains it, per key, pruned
        // to nodes of at least TREE_MIN ms per key (default 0.05), TREE_DEPTH levels (default 10).
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const incl = (n) => n._incl ??= (dt.get(n.id) || 0) + (n.children || []).reduce((a, c) => a + incl(byId.get(c)), 0);
        const short = (f) => (f.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '').slice(0, 150);
        const min = Number(process.env.TREE_MIN || 0.05) * 1000 * KEYS;
        const show = (n, depth) => {
          if (depth > Number(process.env.TREE_DEPTH || 10)) return;
          const kids = (n.children || []).map((c) => byId.get(c)).filter((c) => incl(c) >= min).sort((a, b) => incl(b) - incl(a));
          for (const c of kids) {
            console.log(`  ${(incl(c) / 1000 / KEYS).toFixed(3).padStart(7)} ${'  '.repeat(depth)}${short(c.callFrame)}`);
            show(c, depth + 1);
          }
        };
        for (const n of profile.nodes.filter((n) => short(n.callFrame).includes(process.env.TREE))) {
          if (incl(n) < min) continue;
          console.log(`tree under ${short(n.callFrame)} (${(incl(n) / 1000 / KEYS).toFixed(3)} ms per key)`);
          show(n, 1);
        }
      }
      // CALLERS=name: where the time of that function comes from (call stacks, heaviest first).
      if (process.env.CALLERS) {
        const parent = new Map();
        for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n);
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const stacks = new Map();
        for (const n of profile.nodes) {
          if (!(n.callFrame.functionName || '').includes(process.env.CALLERS)) continue;
          const t = dt.get(n.id) || 0;
          if (!t) continue;
          const names = [];
          for (let p = parent.get(n.id); p && names.length < Number(process.env.DEPTH || 8); p = parent.get(p.id)) {
            names.push((p.callFrame.functionName || '?').replace(/::h[0-9a-f]{16}$/, '').slice(0, 90));
          }
          const k = names.join('\n      < ');
          stacks.set(k, (stacks.get(k) || 0) + t);
        }
        console.log(`callers of ${process.env.CALLERS}:`);
        for (const [k, t] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
          console.log(`  ${(t / 1000 / KEYS).toFixed(3)} ms/key\n      < ${k}`);
        }
        void byId;
      }
    }
    if (process.env.DOMLOG) {
      const dom = await page.evaluate(() => [...window.__dom]);
      console.log('DOM writes per key:');
      for (const [k, n] of dom.sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(n / KEYS).toFixed(2).padStart(7)}  ${k}`);
    }
    const lat = await page.evaluate(() => window.__lat);
    const app = await page.evaluate(() => window.__app);
    // DUMP=1: every key's app share, in order (to see which keys are slow and whether they recur).
    if (process.env.DUMP) console.log(`${rate}x app share per key: ${app.map((x) => x.toFixed(1)).join(" ")}`);
    console.log(`${rate}x: keydown → DOM median ${f2(median(lat))} p95 ${f2(pct(lat, 0.95))} ms; app (input → DOM) median ${f2(median(app))} p95 ${f2(pct(app, 0.95))} ms (${lat.length} keys)`);
    if (rate === 1 && MANY > 0) {
      const memory = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return {
          heap: (await cdp.send('Runtime.getHeapUsage')).usedSize,
          wasm: await wasmMemoryBytes(page),
        };
      };
      const mb = (b) => (b / 1048576).toFixed(2);
      const m0 = await memory();
      console.log(`memory before: wasm ${mb(m0.wasm)} MB, JS heap ${mb(m0.heap)} MB`);
      let keys = 0;
      for (let r = 0; r < ROUNDS; r++) {
        for (let i = 0; i < MANY; i++) {
          const n = await page.evaluate(() => window.__lat.length);
          await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
          await page.waitForFunction((k) => window.__lat.length > k, n);
        }
        keys += MANY;
        const m = await memory();
        console.log(`after ${keys} more keys: wasm ${mb(m.wasm)} MB (+${mb(m.wasm - m0.wasm)}), JS heap ${mb(m.heap)} MB (+${mb(m.heap - m0.heap)})`);
      }
    }
    await ctx.close();
  }
  await browser.close();
} finally {
  server.kill();
}
