// Where the load time goes: cold loads of the release build (fresh context, empty cache), broken
// into navigation → HTML → CSS/JS/wasm fetched → wasm compiled and instantiated → erwiz-start →
// mount → erwiz-interactive → first paint, with medians over N loads. Wasm compilation is timed by
// wrapping WebAssembly.compileStreaming/instantiateStreaming/instantiate in an init script (no app
// change needed).
// Usage: node scripts/profile-load.mjs <base-url> [empty|large] [loads] [cpu-rate]
//   PROFILE=1 also records a CPU profile of one load and prints the heaviest functions.
//   TRACE=1 also prints one load's main-thread tasks and their time per kind before and during the
//   mount; TRACE_DUMP=<file> writes its lazily compiled wasm functions (index, CPU µs, phase),
//   to name them with a build that keeps its name section (wasm-opt -g); it also prints the CPU time
//   and the lazily compiled functions between consecutive marks of the page, which NAMES=<wasm
//   with names> groups by crate or module (see the TRACE section below for how to make that wasm).
//   AB=<other-url> instead alternates loads of <base-url> and <other-url> (a change against its
//   baseline on a noisy machine) and prints both medians of erwiz-start, erwiz-interactive, mount,
//   and of each phase above.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';

const base = process.argv[2] || 'http://127.0.0.1:4173/';
const which = process.argv[3] || 'empty';
const LOADS = Number(process.argv[4] || 15);
const RATE = Number(process.argv[5] || 1);
const json = which === 'large' ? readFileSync('tests/fixtures/large.json', 'utf8') : null;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

// Runs in the page before any of its scripts.
function instrument() {
  const mark = (n) => performance.mark(n);
  const wrap = (name) => {
    const orig = WebAssembly[name];
    if (!orig) return;
    WebAssembly[name] = function (...args) {
      mark(`p:${name}:call`);
      const p = orig.apply(this, args);
      p.then(() => mark(`p:${name}:done`), () => mark(`p:${name}:fail`));
      return p;
    };
  };
  wrap('compileStreaming');
  wrap('instantiateStreaming');
  wrap('instantiate');
  // The first frame after the app marks itself interactive (its callback runs just before that
  // frame's style, layout and paint).
  const pmark = performance.mark.bind(performance);
  performance.mark = (name, o) => {
    const m = pmark(name, o);
    if (name === 'erwiz-interactive') requestAnimationFrame(() => pmark('p:frame'));
    return m;
  };
  window.__longtasks = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* not supported */ }
}

async function loadOnce(profile, url = base) {
  const ctx = await browser.newContext();
  if (json) await ctx.addInitScript((j) => { localStorage.setItem('erwiz.design.v1', j); }, json);
  await ctx.addInitScript(instrument);
  const page = await ctx.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url().replace(url, '/')));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  const events = [];
  if (profile === 'trace' || profile === 'marks') {
    cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
    const categories = profile === 'marks' ? 'blink.user_timing' : 'devtools.timeline,v8,v8.wasm,disabled-by-default-devtools.timeline,blink.user_timing,loading';
    await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  } else if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-interactive').length > 0);
  // The diagram is drawn after the first paint (builds without the mark: one more frame).
  await page.waitForFunction(() => performance.getEntriesByName('erwiz-diagram').length > 0
    || performance.getEntriesByType('paint').length > 1, null, { polling: 'raf' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  let prof = null;
  if (profile === 'trace' || profile === 'marks') {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
  } else if (profile) prof = (await cdp.send('Profiler.stop')).profile;
  const r = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((e) => ({
      name: new URL(e.name).pathname, start: e.startTime, req: e.requestStart, first: e.responseStart, end: e.responseEnd, size: e.encodedBodySize,
      type: e.initiatorType,
    }));
    const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
    return {
      htmlEnd: nav.responseEnd, domInteractive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd,
      res, marks, paint, longtasks: window.__longtasks,
    };
  });
  await ctx.close();
  // The main thread's CPU time from erwiz-start to erwiz-interactive (trace marks carry the
  // thread clock): a busy machine stretches it much less than the wall-clock mount.
  const tts = (n) => events.find((e) => e.name === n && e.tts !== undefined)?.tts;
  const mountCpu = (tts('erwiz-interactive') - tts('erwiz-start')) / 1000;
  return { ...r, requests, prof, events: profile === 'trace' ? events : [], mountCpu };
}

// Function index → name, from a wasm file's name section (custom section "name", subsection 1).
function wasmNames(buf) {
  const names = new Map();
  let p = 8;
  const leb = () => { let r = 0, sh = 0, b; do { b = buf[p++]; r |= (b & 0x7f) << sh; sh += 7; } while (b & 0x80); return r >>> 0; };
  while (p < buf.length) {
    const id = buf[p++];
    const end = leb() + p;
    if (id === 0) {
      const n = leb();
      if (buf.toString('utf8', p, p + n) === 'name') {
        p += n;
        while (p < end) {
          const sub = buf[p++];
          const subEnd = leb() + p;
          if (sub === 1) {
            for (let i = leb(); i > 0; i--) { const idx = leb(); const l = leb(); names.set(idx, buf.toString('utf8', p, p + l)); p += l; }
          }
          p = subEnd;
        }
      }
    }
    p = end;
  }
  return names;
}
// A compiled function's group: the app's module (erwiz::ui::storage, a component), else its crate.
function groupOf(name) {
  const n = name.replace(/\[[0-9a-f]{16}\]/g, '');
  return n.match(/erwiz::(ui|domain)::(__component_\w+|[a-z_]+(::(__component_\w+|[A-Z]\w*|[a-z_]+))?)/)?.[0]
    || n.match(/^<*&?(?:mut )?([a-z_][a-z0-9_]*)::/)?.[1] || n.match(/ as ([a-z_][a-z0-9_]*)::/)?.[1]
    || n.match(/([a-z_][a-z0-9_]*)::/)?.[1] || 'other';
}
const median = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const find = (r, re, key) => r.res.find((e) => re.test(e.name))?.[key];
const phases = [
  ['HTML received', (r) => r.htmlEnd],
  ['CSS all received', (r) => Math.max(...r.res.filter((e) => e.name.endsWith('.css')).map((e) => e.end))],
  ['JS glue request sent', (r) => find(r, /^\/expressroute-wizard-[^_]*\.js$/, 'req')],
  ['JS glue received', (r) => find(r, /^\/expressroute-wizard-[^_]*\.js$/, 'end')],
  ['wasm request start', (r) => find(r, /expressroute-wizard.*\.wasm$/, 'start')],
  ['wasm request sent', (r) => find(r, /expressroute-wizard.*\.wasm$/, 'req')],
  ['wasm first byte', (r) => find(r, /expressroute-wizard.*\.wasm$/, 'first')],
  ['wasm received', (r) => find(r, /expressroute-wizard.*\.wasm$/, 'end')],
  ['domInteractive', (r) => r.domInteractive],
  ['compileStreaming called', (r) => r.marks['p:compileStreaming:call']],
  ['compileStreaming done', (r) => r.marks['p:compileStreaming:done']],
  ['instantiate called', (r) => r.marks['p:instantiateStreaming:call'] ?? r.marks['p:instantiate:call']],
  ['instantiate done', (r) => r.marks['p:instantiateStreaming:done'] ?? r.marks['p:instantiate:done']],
  ['erwiz-start', (r) => r.marks['erwiz-start']],
  ['erwiz-interactive', (r) => r.marks['erwiz-interactive']],
  ['next frame starts', (r) => r.marks['p:frame']],
  ['first-contentful-paint', (r) => r.paint['first-contentful-paint']],
  ['erwiz-diagram (after paint)', (r) => r.marks['erwiz-diagram']],
];
if (process.env.AB) {
  const urls = [base, process.env.AB];
  const got = urls.map(() => []);
  for (let i = 0; i < LOADS; i++) {
    for (const k of i % 2 ? [1, 0] : [0, 1]) got[k].push(await loadOnce('marks', urls[k]));
  }
  console.log(`${which} design, ${LOADS} cold loads each at ${RATE}x, alternating: medians (ms)`);
  console.log(`  ${''.padEnd(40)} ${'start'.padStart(7)} ${'interactive'.padStart(12)} ${'mount'.padStart(7)} ${'mount CPU'.padStart(10)}`);
  urls.forEach((u, k) => {
    const m = (f) => median(got[k].map(f)).toFixed(1);
    console.log(`  ${u.padEnd(40)} ${m((r) => r.marks['erwiz-start']).padStart(7)} ${m((r) => r.marks['erwiz-interactive']).padStart(12)} ${m((r) => r.marks['erwiz-interactive'] - r.marks['erwiz-start']).padStart(7)} ${m((r) => r.mountCpu).padStart(10)}`);
  });
  // Each phase's median for both builds (where the difference comes from).
  console.log(`  ${'phase'.padEnd(30)} ${'first'.padStart(8)} ${'second'.padStart(8)}`);
  for (const [name, f] of phases) {
    const [a, b] = got.map((g) => median(g.map(f)));
    if (Number.isFinite(a) || Number.isFinite(b)) console.log(`  ${name.padEnd(30)} ${a.toFixed(1).padStart(8)} ${b.toFixed(1).padStart(8)}`);
  }
  // Paired: each load of the second build against the load of the first made next to it.
  const diff = (f) => got[1].map((r, i) => f(r) - f(got[0][i]));
  const inter = (r) => r.marks['erwiz-interactive'];
  const d = diff(inter);
  console.log(`  paired (second − first): interactive median ${median(d).toFixed(1)} ms, second faster in ${d.filter((x) => x < 0).length} of ${d.length}; start median ${median(diff((r) => r.marks['erwiz-start'])).toFixed(1)} ms; mount CPU median ${median(diff((r) => r.mountCpu)).toFixed(1)} ms`);
  await browser.close();
  process.exit(0);
}
const runs = [];
for (let i = 0; i < LOADS; i++) runs.push(await loadOnce(false));

console.log(`${which} design, ${LOADS} cold loads at ${RATE}x: median time since navigation start (ms)`);
for (const [name, f] of phases) console.log(`  ${name.padEnd(26)} ${median(runs.map(f)).toFixed(1).padStart(7)}`);
console.log(`  mount (start → interactive) ${median(runs.map((r) => r.marks['erwiz-interactive'] - r.marks['erwiz-start'])).toFixed(1).padStart(5)}`);
const extra = Object.keys(runs[0].marks).filter((m) => !m.startsWith('p:') && !m.startsWith('erwiz-'));
for (const m of extra) console.log(`  mark ${m.padEnd(21)} ${median(runs.map((r) => r.marks[m])).toFixed(1).padStart(7)}`);
console.log('requests of one load:', runs[0].requests.join(' '));
console.log('long tasks of one load (start, duration):', runs[0].longtasks.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(' '));

if (process.env.TRACE) {
  // Main-thread tasks of one load, relative to navigation start: what runs, when, how long.
  const { events } = await loadOnce('trace');
  const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationTiming');
  const marks = events.filter((e) => e.cat.includes('user_timing') || e.name === 'firstContentfulPaint' || e.name === 'firstPaint');
  const t0 = (nav || events.find((e) => e.name === 'TracingStartedInBrowser')).ts;
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'));
  const min = Number(process.env.TRACE_MIN || 1);
  const want = new RegExp(process.env.TRACE_NAMES || '^(RunTask|ParseHTML|EvaluateScript|FunctionCall|v8.compileModule|v8.wasm.*|Layout|UpdateLayoutTree|Paint|PrePaint|Commit|MajorGC|MinorGC|TimerFire|FireAnimationFrame|RunMicrotasks|EventDispatch|ParseAuthorStyleSheet|ScheduleStyleRecalculation|wasm.*|V8.Wasm.*)$');
  for (const e of events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur / 1000 >= min && want.test(e.name)).sort((a, b) => a.ts - b.ts)) {
    console.log(`  ${((e.ts - t0) / 1000).toFixed(1).padStart(8)} +${(e.dur / 1000).toFixed(1).padStart(6)}  ${e.name} ${e.args?.data?.url?.split('/').pop() || e.args?.data?.functionName || e.args?.data?.type || ''}`);
  }
  for (const e of marks) console.log(`  ${((e.ts - t0) / 1000).toFixed(1).padStart(8)}  mark ${e.name}`);
  // Main-thread time per event name before erwiz-start and in the mount (start → interactive);
  // nested events count in each of their names (e.g. wasm.CompileLazy inside FunctionCall).
  const at = (n) => marks.find((e) => e.name === n)?.ts;
  const [ts0, ts1] = [at('erwiz-start'), at('erwiz-interactive')];
  if (ts0 && ts1) {
    const sums = new Map();
    for (const e of events) {
      if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
      const phase = e.ts < ts0 ? 'before start' : e.ts < ts1 ? 'mount' : null;
      if (!phase) continue;
      const k = `${phase}|${e.name}`;
      const v = sums.get(k) || [0, 0, 0];
      sums.set(k, [v[0] + e.dur / 1000, v[1] + (e.tdur ?? e.dur) / 1000, v[2] + 1]);
    }
    if (process.env.TRACE_DUMP) {
      // Lazily compiled wasm functions (index, CPU µs, phase), to map onto a build with names.
      const lazy = events.filter((e) => e.name === 'wasm.CompileLazy' && e.ts < ts1)
        .map((e) => [e.args?.func_index, e.tdur ?? e.dur, e.ts < ts0 ? 'before' : 'mount']);
      writeFileSync(process.env.TRACE_DUMP, JSON.stringify(lazy));
    }
    // Wall time, then the thread's CPU time (what a busy machine inflates less), then the count.
    const tts = (n) => marks.find((e) => e.name === n)?.tts;
    console.log(`main-thread time by event (wall ms, CPU ms, count); mount = ${((ts1 - ts0) / 1000).toFixed(1)} ms, CPU ${((tts('erwiz-interactive') - tts('erwiz-start')) / 1000).toFixed(1)} ms`);
    for (const [k, [ms, cpu, n]] of [...sums].filter(([, [ms]]) => ms >= 1).sort((a, b) => b[1][0] - a[1][0])) {
      console.log(`  ${k.padEnd(50)} ${ms.toFixed(1).padStart(7)} ${cpu.toFixed(1).padStart(7)} ${String(n).padStart(5)}`);
    }
  }
  // Between consecutive marks the page sets (erwiz-start, erwiz-interactive, erwiz-diagram, and any
  // mark added for a measurement, e.g. `x:open`): the main thread's CPU time and the wasm functions
  // compiled lazily on their first call. With NAMES=<wasm with a name section> the compiled
  // functions are grouped by crate or module: a copy of the served wasm built with names keeps
  // every function's index (`wasm-opt -Oz -g --enable-reference-types` on
  // target/wasm-bindgen/release/expressroute-wizard_bg.wasm, copied over the hashed wasm in a copy
  // of dist/: same function bodies, so the same page with names).
  const names = process.env.NAMES ? wasmNames(readFileSync(process.env.NAMES)) : null;
  const own = marks.filter((e) => e.tts !== undefined && /[-:]/.test(e.name) && !e.name.startsWith('p:')).sort((a, b) => a.ts - b.ts);
  const lazyAll = events.filter((e) => e.name === 'wasm.CompileLazy');
  if (own.length > 1) console.log('between marks: main-thread CPU ms, of which lazy wasm compile ms (functions)');
  for (let k = 0; k + 1 < own.length; k++) {
    const [a, b] = [own[k], own[k + 1]];
    const inside = lazyAll.filter((e) => e.ts >= a.ts && e.ts < b.ts);
    const cpu = (e) => (e.tdur ?? e.dur) / 1000;
    console.log(`  ${`${a.name} → ${b.name}`.padEnd(42)} ${((b.tts - a.tts) / 1000).toFixed(1).padStart(6)} ${inside.reduce((t, e) => t + cpu(e), 0).toFixed(1).padStart(6)} (${inside.length})`);
    if (!names) continue;
    const groups = new Map();
    for (const e of inside) {
      const g = groupOf(names.get(e.args?.func_index) || '?');
      const v = groups.get(g) || [0, 0];
      groups.set(g, [v[0] + cpu(e), v[1] + 1]);
    }
    for (const [g, [ms, n]] of [...groups].sort((x, y) => y[1][0] - x[1][0]).slice(0, Number(process.env.NAMES_TOP || 8))) {
      console.log(`      ${ms.toFixed(1).padStart(6)} ms ${String(n).padStart(4)}  ${g}`);
    }
  }
  const wasmEv = new Set(events.filter((e) => /wasm/i.test(e.name)).map((e) => `${e.name}@${e.tid === main.tid ? 'main' : 'other'}`));
  console.log('wasm events:', [...wasmEv].join(' '));
}
if (process.env.PROFILE) {
  const { prof } = await loadOnce(true);
  const self = new Map();
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const dt = prof.timeDeltas;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) || 0) + (dt[i] || 0) / 1000);
  });
  console.log('CPU profile, self time (ms), top 25:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(7)}  ${k}`);
  // Inclusive time per node, then the call tree below a root function, pruned to nodes ≥ 2 ms.
  const selfById = new Map();
  prof.samples.forEach((id, i) => selfById.set(id, (selfById.get(id) || 0) + (dt[i] || 0) / 1000));
  const incl = (n) => n._incl ??= (selfById.get(n.id) || 0) + (n.children || []).reduce((a, c) => a + incl(byId.get(c)), 0);
  const short = (f) => (f.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '').slice(0, 150);
  const root = process.env.PROFILE_ROOT || 'erwiz::ui::start';
  const show = (n, depth) => {
    if (depth > Number(process.env.PROFILE_DEPTH || 8)) return;
    const kids = (n.children || []).map((c) => byId.get(c)).filter((c) => incl(c) >= Number(process.env.PROFILE_MIN || 2)).sort((a, b) => incl(b) - incl(a));
    const only = process.env.PROFILE_ONLY ? new RegExp(process.env.PROFILE_ONLY) : null;
    for (const c of kids) {
      const name = short(c.callFrame);
      if (only && !only.test(name)) { show(c, depth); continue; }
      console.log(`  ${incl(c).toFixed(1).padStart(7)} ${'  '.repeat(depth)}${name}`);
      show(c, depth + 1);
    }
  };
  for (const n of prof.nodes.filter((n) => short(n.callFrame).includes(root))) {
    console.log(`tree under ${short(n.callFrame)} (${incl(n).toFixed(1)} ms inclusive)`);
    show(n, 1);
  }
}
await browser.close();
