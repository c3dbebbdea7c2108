// The keystroke latency probe shared by scripts/bench.mjs and scripts/profile-keys.mjs.

/**
 * Starts recording, per key: keydown → first DOM mutation (`window.__lat`, the budgeted figure)
 * and input event → first DOM mutation (`window.__app`, the app's own share; the rest is the
 * browser's key handling).
 */
export async function recordKeyLatency(page) {
  await page.evaluate(() => {
    window.__lat = [];
    window.__app = [];
    let t0 = null;
    let t1 = null;
    document.addEventListener('keydown', (e) => { t0 = e.timeStamp; }, true);
    document.addEventListener('input', () => { t1 = performance.now(); }, true);
    new MutationObserver(() => {
      if (t0 !== null) {
        const now = performance.now();
        window.__lat.push(now - t0);
        window.__app.push(now - (t1 ?? t0));
        t0 = null;
        t1 = null;
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
