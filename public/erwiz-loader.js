// The app's loader. Trunk.toml's pattern_script puts the <script> that runs it in place of the
// app's rel="rust" link, after the preloads in <head>, with the file names in data attributes;
// the build gives this file a content-hashed name (scripts/csp.mjs). A file, not an inline
// script, so the page's Content-Security-Policy needs no 'unsafe-inline'.
//
// It starts compiling the wasm as it downloads, while the JS glue downloads too (Trunk's default
// loader compiles it only once the glue has loaded and run), then instantiates the compiled
// module through the glue. Should compiling from the stream fail (a server sending another MIME
// type), the glue gets a plain response and falls back itself.
(function () {
  var data = document.currentScript.dataset;
  var wasm = data.wasm;
  window.erwizWasm = WebAssembly.compileStreaming(fetch(wasm)).catch(function () {
    return fetch(wasm);
  });
  // The page's first use of localStorage waits for the browser process: done here, it overlaps
  // the downloads instead of delaying the app's mount.
  try {
    localStorage.getItem("erwiz.designs.v1");
  } catch (e) {}
  import(data.js).then(function (bindings) {
    return bindings.default({ module_or_path: window.erwizWasm }).then(function (instance) {
      window.wasmBindings = bindings;
      dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
    });
  });
})();
