//! The circuit selector of the per-circuit steps: one tab per circuit, adding a second circuit
//! for maximum resiliency (prefilled from the first), removing a circuit after a confirmation.

use crate::domain::circuits::removal;
use crate::domain::edit::Edit;
use crate::domain::field::FieldPath;
use crate::ui::Ctx;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Id of the panel the circuit tabs control.
pub const PANEL_ID: &str = "circuit-panel";

/// The selected circuit index, kept within the design's circuits (a memo: it changes only when
/// the selection or the number of circuits moves it).
pub fn selected_circuit(ctx: Ctx) -> Memo<usize> {
    Memo::new(move |_| {
        let n = ctx.design.with(|d| d.circuits.len());
        ctx.circuit.get().min(n.saturating_sub(1))
    })
}

fn tab_id(i: usize) -> String {
    format!("circuit-tab-{i}")
}

fn focus_tab(i: usize) {
    if let Some(el) = document().get_element_by_id(&tab_id(i)) {
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}

/// "Circuit 2: er-london2-01".
fn tab_label(i: usize, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        format!("Circuit {} (unnamed)", i + 1)
    } else {
        format!("Circuit {}: {name}", i + 1)
    }
}

/// The circuit tabs, the Add button and the Remove action of the selected circuit.
#[component]
pub fn CircuitTabs() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let selected = selected_circuit(ctx);
    let count = Memo::new(move |_| ctx.design.with(|d| d.circuits.len()));
    let confirming = RwSignal::new(false);
    let select = move |i: usize, focus: bool| {
        confirming.set(false);
        if ctx.circuit.get_untracked() != i {
            ctx.circuit.set(i);
        }
        let name = ctx
            .design
            .with_untracked(|d| d.circuits.get(i).map(|c| c.name.clone()))
            .unwrap_or_default();
        ctx.status.set(format!("Editing {}", tab_label(i, &name)));
        if focus {
            focus_tab(i);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = count.get_untracked();
        if n == 0 {
            return;
        }
        let here = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (here + 1) % n,
            "ArrowLeft" | "ArrowUp" => (here + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        select(next, true);
    };
    let add = move |_| {
        let added = ctx
            .apply(Edit::AddCircuit)
            .added
            .and_then(FieldPath::circuit);
        let added = added.and_then(|i| {
            ctx.design.with_untracked(|d| {
                d.circuits
                    .get(i)
                    .map(|c| (i, c.name.clone(), c.peering_location.clone()))
            })
        });
        if let Some((i, name, loc)) = added {
            confirming.set(false);
            ctx.circuit.set(i);
            ctx.status.set(format!(
                "Circuit {} added: {name}{}. Check its provider, location and bandwidth.",
                i + 1,
                if loc.is_empty() {
                    String::new()
                } else {
                    format!(" at {loc}")
                }
            ));
            request_animation_frame(move || focus_tab(i));
        }
    };
    let pending = Memo::new(move |_| {
        let i = selected.get();
        ctx.design.with(|d| removal(d, i))
    });
    let confirm_remove = move |_| {
        let i = selected.get_untracked();
        let gone = pending.get_untracked();
        let done = ctx.apply(Edit::RemoveCircuit(i)).changed;
        confirming.set(false);
        if done {
            let to = i.saturating_sub(1);
            ctx.circuit.set(to);
            ctx.status.set(format!(
                "Circuit {} removed{}",
                if gone.circuit.is_empty() {
                    (i + 1).to_string()
                } else {
                    gone.circuit.clone()
                },
                match gone.connections.len() + gone.global_reach.len() {
                    0 => String::new(),
                    n => format!(
                        " with {n} connection{} and Global Reach link{} to it",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "" } else { "s" }
                    ),
                }
            ));
            request_animation_frame(move || focus_tab(to));
        }
    };
    view! {
        <div class="circuit-bar" data-testid="circuit-bar">
            <div
                class="circuit-tabs"
                role="tablist"
                aria-label="Circuit being edited"
                on:keydown=on_key
            >
                // Redrawn only when the number of circuits changes (a plain list: no keyed
                // diffing code for this small, rarely changing list).
                // Each tab's label is a signal set by one effect, only when it changes: a
                // design of hundreds of circuits wakes one tab per keystroke, not each of them.
                {move || {
                    let label_of = |d: &crate::domain::model::Design, i: usize| {
                        d.circuits.get(i).map(|c| tab_label(i, &c.name)).unwrap_or_default()
                    };
                    let labels: Vec<RwSignal<String>> = ctx
                        .design
                        .with_untracked(|d| {
                            (0..count.get()).map(|i| RwSignal::new(label_of(d, i))).collect()
                        });
                    let slots = labels.clone();
                    Effect::new(move |_| {
                        ctx.design
                            .with(|d| {
                                for (i, slot) in slots.iter().enumerate() {
                                    let now = label_of(d, i);
                                    if slot.with_untracked(|l| *l != now) {
                                        slot.set(now);
                                    }
                                }
                            })
                    });
                    labels
                        .into_iter()
                        .enumerate()
                        .map(|(i, label)| {
                        let is = move || selected.get() == i;
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="circuit-tab"
                                id=tab_id(i)
                                data-circuit=i
                                aria-selected=move || if is() { "true" } else { "false" }
                                aria-controls=PANEL_ID
                                tabindex=move || if is() { "0" } else { "-1" }
                                on:click=move |_| select(i, false)
                            >
                                {move || label.get()}
                            </button>
                        }
                        })
                        .collect_view()
                }}
            </div>
            <button
                type="button"
                class="add-circuit quiet"
                data-testid="add-circuit"
                aria-describedby="circuit-bar-help"
                on:click=add
            >
                {move || {
                    if count.get() < 2 { "+ Add a second circuit" } else { "+ Add a circuit" }
                }}
            </button>
            <Show when=move || { count.get() > 1 }>
                <button
                    type="button"
                    class="quiet remove-circuit"
                    data-testid="remove-circuit"
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    on:click=move |_| confirming.update(|c| *c = !*c)
                >
                    {move || format!("Remove circuit {}", selected.get() + 1)}
                </button>
            </Show>
            // The resiliency explanation, once, behind a disclosure (it used to repeat on
            // every per-circuit step); still the Add button's description.
            <details class="circuit-why">
                <summary>"Why two circuits?"</summary>
                <p class="help" id="circuit-bar-help">
                    "Maximum resiliency: two circuits at two different peering locations (a metro pair such as London and London2 counts), both connected to your gateway, so an outage at one location leaves the other path up. The second circuit starts with the first one's provider, bandwidth and SKU at a nearby location. With several circuits, the steps from Basics to Microsoft peering edit the circuit selected here; connect every circuit to your gateway in the Connection step."
                </p>
            </details>
        </div>
        <Show when=move || { confirming.get() && count.get() > 1 }>
            <div
                class="notice confirm-remove"
                role="group"
                id="remove-circuit-confirm"
                aria-label="Confirm removal"
                data-testid="remove-circuit-confirm"
            >
                <p>
                    {move || {
                        let r = pending.get();
                        let mut parts = Vec::new();
                        if !r.connections.is_empty() {
                            parts.push(format!("connection {}", r.connections.join(", ")));
                        }
                        if !r.global_reach.is_empty() {
                            parts.push(format!("Global Reach {}", r.global_reach.join(", ")));
                        }
                        format!(
                            "Remove {}?{}",
                            tab_label(selected.get(), &r.circuit),
                            if parts.is_empty() {
                                " Nothing else refers to it.".to_string()
                            } else {
                                format!(" This also removes {}, which would point at nothing.", parts.join(" and "))
                            }
                        )
                    }}
                </p>
                <button
                    type="button"
                    class="danger"
                    data-testid="confirm-remove-circuit"
                    on:click=confirm_remove
                >
                    "Remove"
                </button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>
                    "Cancel"
                </button>
            </div>
        </Show>
    }
}
