//! Hooks for the benchmark script (`make bench`): time the rules engine, the diagram's layout
//! and its re-render inside the browser. Exported to JavaScript as `window.wasmBindings.*`, in
//! the build with the `bench` feature only (scripts/bench.sh builds it beside the release build;
//! the wasm memory figures read the release page's exported memory instead).

use erwiz::domain::io::parse_design;
use erwiz::domain::rules::validate;
use erwiz::ui::probe;
use wasm_bindgen::prelude::*;

/// Validates the design in `json` `runs` times and returns the median time of one run in µs
/// (-1 when the JSON can't be read).
#[wasm_bindgen]
pub fn erwiz_bench_validate_us(json: &str, runs: u32) -> f64 {
    let Ok(design) = parse_design(json) else {
        return -1.0;
    };
    median_us(runs, || {
        std::hint::black_box(validate(&design));
    })
}

/// Lays out the diagram of the design in `json` (with its findings) `runs` times and returns
/// the median time of one layout in µs (-1 when the JSON can't be read).
#[wasm_bindgen]
pub fn erwiz_bench_layout_us(json: &str, runs: u32) -> f64 {
    let Ok(design) = parse_design(json) else {
        return -1.0;
    };
    let findings = validate(&design);
    median_us(runs, || {
        std::hint::black_box(erwiz::domain::diagram::layout(&design, &findings));
    })
}

/// Times the live diagram's re-render: the diagram of the design in `json` is mounted alone
/// (see `erwiz::ui::probe`) and `runs` edits are applied one at a time, cycling through what
/// the diagram draws: a letter of the first circuit's name, its private peering's primary /30,
/// its VLAN. Resolves to `{ view: [ms…], draw: [ms…], stale }`: per edit, the view model's
/// recompute and the diagram's update through style and layout; `stale` counts the edits whose
/// text the diagram did not show yet when timed (0 unless the timing is wrong). `null` when the
/// JSON can't be read.
#[wasm_bindgen]
pub fn erwiz_bench_diagram(json: &str, runs: u32) -> js_sys::Promise {
    let design = parse_design(json).ok();
    wasm_bindgen_futures::future_to_promise(async move {
        let Some(design) = design else {
            return Ok(JsValue::NULL);
        };
        let Some(timings) = erwiz::ui::probe::diagram_updates(design, runs, probe::edit).await
        else {
            return Ok(JsValue::NULL);
        };
        let (view, draw) = (js_sys::Array::new(), js_sys::Array::new());
        let mut stale = 0u32;
        for t in timings {
            view.push(&t.view_ms.into());
            draw.push(&t.draw_ms.into());
            stale += u32::from(!t.drawn);
        }
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"view".into(), &view)?;
        js_sys::Reflect::set(&out, &"draw".into(), &draw)?;
        js_sys::Reflect::set(&out, &"stale".into(), &stale.into())?;
        Ok(out.into())
    })
}

/// Median time of one call of `f` in µs over `runs` batches (-1 without a performance clock).
fn median_us(runs: u32, mut f: impl FnMut()) -> f64 {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return -1.0;
    };
    // Warm up, then time in batches: without cross-origin isolation the browser's clock ticks
    // in 100 µs, so a batch must last a few milliseconds for a per-call figure to mean anything.
    // The warm-up is long enough for V8 to move the hot functions from its baseline compiler to
    // the optimising one (else the figure depends on when that happens).
    for _ in 0..500 {
        f();
    }
    let batch = 100;
    let mut samples: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t0 = perf.now();
            for _ in 0..batch {
                f();
            }
            (perf.now() - t0) * 1000.0 / f64::from(batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(-1.0)
}
