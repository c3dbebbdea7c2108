//! Timing of the live diagram on its own, for the benchmark hooks (`src/bench.rs`, `make bench`):
//! the diagram is mounted alone, off screen, on a design, and each edit is timed until its SVG is
//! up to date and laid out. The rest of the page (steps, stepper, findings) is not there, so the
//! figure is the diagram's own re-render.

use super::diagram::Diagram;
use super::Ctx;
use crate::domain::model::Design;
use crate::domain::progress::Progress;
use crate::domain::view::Step;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long one edit took to reach the diagram, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Edit → view model recomputed (validation, diagram layout, review: shared by the page).
    pub view_ms: f64,
    /// View model → the diagram's elements updated and the browser's style and layout done.
    pub draw_ms: f64,
    /// Whether the diagram showed the edit's text when the time was taken (a check that the
    /// timing waited for the redraw).
    pub drawn: bool,
}

/// Mounts the diagram of `design` alone, applies `edit(design, k)` for k in `0..runs` one at a
/// time, and times each until the diagram is redrawn (its effects have run and a forced layout
/// has returned). `edit` returns a text the redrawn diagram must contain. `None` when there is
/// no document or clock.
pub async fn diagram_updates(
    design: Design,
    runs: u32,
    edit: fn(&mut Design, u32) -> String,
) -> Option<Vec<Timing>> {
    let window = web_sys::window()?;
    let perf = window.performance()?;
    let document = window.document()?;
    let host: web_sys::HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    // Off screen but laid out (not `display: none`), with the page's panel width.
    // Through the CSS object model: the page's Content-Security-Policy refuses style attributes.
    if let Ok(style) = js_sys::Reflect::get(&host, &"style".into()) {
        let _ = js_sys::Reflect::set(
            &style,
            &"cssText".into(),
            &"position:absolute;left:-10000px;top:0;width:720px".into(),
        );
    }
    let _ = host.set_attribute("aria-hidden", "true");
    document.body()?.append_child(&host).ok()?;

    let signal = RwSignal::new(design);
    let ctx = Ctx::new(signal, RwSignal::new(Progress::all()), Step::Basics, 0);
    // The figure is the work of an edit: never deferred to a pause in typing.
    ctx.check.set_threshold(f64::INFINITY);
    let handle = mount_to(host.clone(), move || {
        provide_context(ctx);
        view! { <Diagram /> }
    });
    settle().await;

    let mut out = Vec::with_capacity(usize::try_from(runs).unwrap_or(0));
    for k in 0..runs {
        let t0 = perf.now();
        let mut expect = String::new();
        signal.update(|d| expect = edit(d, k));
        ctx.scene.with_untracked(|_| ());
        let t1 = perf.now();
        settle().await;
        // Reading a layout figure makes the browser compute style and layout now.
        std::hint::black_box(host.offset_height());
        let t2 = perf.now();
        let drawn = host
            .text_content()
            .is_some_and(|t| t.contains(expect.as_str()));
        out.push(Timing {
            view_ms: t1 - t0,
            draw_ms: t2 - t1,
            drawn,
        });
    }
    drop(handle);
    host.remove();
    Some(out)
}

/// Waits until the effects woken by a change have run: the diagram's scene effect, then the
/// elements' effects it wakes (each tick runs after the tasks queued before it).
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

/// Edit `k` of the diagram benchmark: what a keystroke in a field the diagram draws changes,
/// cycling through a letter of the first circuit's name, its private peering's primary /30 and
/// its VLAN.
/// Returns a text the diagram shows after the edit (the name, the customer address of the new
/// /30, the VLAN label).
pub fn edit(d: &mut Design, k: u32) -> String {
    let Some(c) = d.circuits.first_mut() else {
        return String::new();
    };
    let round = k / 3;
    let even = round.is_multiple_of(2);
    match (k % 3, c.private_peering.as_mut()) {
        (1, Some(p)) => {
            let (subnet, customer) = if even {
                ("192.168.100.136/30", "192.168.100.137")
            } else {
                ("192.168.100.128/30", "192.168.100.129")
            };
            p.primary_subnet = subnet.to_string();
            customer.to_string()
        }
        (2, Some(p)) => {
            p.vlan_id = if even { "110" } else { "100" }.to_string();
            format!("VLAN {}", p.vlan_id)
        }
        _ => {
            let letters = "abcdefghijklmnopqrst";
            let n = usize::try_from(round % 20).unwrap_or(0);
            c.name = format!("er-bench-{}", letters.get(..n).unwrap_or(""));
            c.name.clone()
        }
    }
}
