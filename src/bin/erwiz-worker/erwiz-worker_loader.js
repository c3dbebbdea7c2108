// Starts the export/import worker: loads the wasm-bindgen glue and the wasm module. Trunk copies
// this file to dist/ (index.html, rel="copy-file") in place of its generated loader shim, so a
// wasm that fails to download or compile is reported to the app at once (`loadError`), instead of
// only when a request times out.
importScripts("./erwiz-worker.js");
wasm_bindgen("./erwiz-worker_bg.wasm").catch((e) => {
  postMessage(JSON.stringify({ loadError: String(e && e.message ? e.message : e) }));
});
