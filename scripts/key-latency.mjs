// The keystroke latency probe shared by scripts/bench.mjs, scripts/bench-hostile.mjs and the
// profiling scripts.

/**
 * Starts recording, per key: keydown → DOM updated (`window.__lat`, the budgeted figure) and
 * input event → DOM updated (`window.__app`, the app's own share; the rest is the browser's key
 * handling).
 *
 * "DOM updated" is the last mutation the key's task makes: the time of the last
 * MutationObserver delivery before a message posted at the input event arrives (a new task, so
 * after every microtask the key started: the app's effects run in microtasks). Timing the first
 * mutation instead would stop at whatever the app happens to write first (a tab's label) and
 * leave out the rest of its work. A key whose task writes nothing is timed to the first
 * mutation after it.
 */
export async function recordKeyLatency(page) {
  await page.evaluate(() => {
    window.__lat = [];
    window.__app = [];
    // The key being timed: keydown and input times, the last mutation seen in its task, and
    // whether its task is over (then the next mutation ends it).
    let key = null;
    const finish = (at) => {
      window.__lat.push(at - key.down);
      window.__app.push(at - (key.input ?? key.down));
      key = null;
    };
    document.addEventListener('keydown', (e) => {
      key = { down: e.timeStamp, input: null, last: null, over: false };
      const k = key;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (key !== k) return;
        if (k.last !== null) finish(k.last);
        else k.over = true;
      };
      channel.port2.postMessage(0);
    }, true);
    document.addEventListener('input', () => {
      if (key) key.input = performance.now();
    }, true);
    new MutationObserver(() => {
      if (key === null) return;
      const now = performance.now();
      if (key.over) finish(now);
      else key.last = now;
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/**
 * Keeps the app's wasm exports (the loader's `TrunkApplicationStarted` event carries them) as
 * `window.__erwizWasm`, for [`wasmMemoryBytes`]: call on a browser context before its pages load.
 */
export async function keepWasmExports(ctx) {
  await ctx.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__erwizWasm = e.detail.wasm; });
  });
}

/** The size of the app's wasm linear memory in bytes (needs [`keepWasmExports`]). */
export function wasmMemoryBytes(page) {
  return page.evaluate(() => window.__erwizWasm.memory.buffer.byteLength);
}
