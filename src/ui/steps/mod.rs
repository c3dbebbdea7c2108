//! The step panels (one module per step) and the Previous / Next bar.

mod basics;
mod circuits;
mod configuration;
mod connection;
mod gateway;
mod microsoft_peering;
mod peering_common;
mod private_peering;
mod provider_status;
mod review;

use super::Ctx;
use crate::domain::view::Step;
use basics::{Basics, BasicsCircuit};
use circuits::CircuitTabs;
use configuration::Configuration;
use connection::ConnectionStep;
use gateway::GatewayStep;
use leptos::prelude::*;
use microsoft_peering::MicrosoftPeeringStep;
use private_peering::PrivatePeering;
use provider_status::ProviderStatusStep;
use review::ReviewStep;

/// The open step's panel: the step's title, its form and the Previous / Next bar, then the
/// topology panel (a column beside the form in wide layouts, a collapsible panel shown after the
/// title in narrow ones; see style/main.css). The per-circuit steps show the circuit switcher
/// and re-render when another circuit is selected.
#[component]
pub fn StepPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <section class="step-panel" aria-labelledby="step-title">
            <div class="step-form">
                <h2 id="step-title" tabindex="-1">{move || ctx.step.get().label()}</h2>
                <div class="step-content">
                    {move || match ctx.step.get() {
                        Step::Basics => view! { <Basics /> }.into_any(),
                        Step::Gateway => view! { <GatewayStep /> }.into_any(),
                        Step::Connection => view! { <ConnectionStep /> }.into_any(),
                        Step::Review => view! { <ReviewStep /> }.into_any(),
                        step => view! {
                            <CircuitTabs />
                            <CircuitPanel step />
                        }
                        .into_any(),
                    }}
                </div>
                <NavBar />
            </div>
            <crate::ui::Topology />
        </section>
    }
}

/// The selected circuit's part of a per-circuit step, as the circuit tabs' panel.
#[component]
pub fn CircuitPanel(step: Step) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let selected = circuits::selected_circuit(ctx);
    view! {
        <div
            role="tabpanel"
            id=circuits::PANEL_ID
            class="circuit-panel"
            aria-labelledby=move || format!("circuit-tab-{}", selected.get())
        >
            {move || {
                let i = selected.get();
                match step {
                    Step::Basics => view! { <BasicsCircuit i /> }.into_any(),
                    Step::Configuration => view! { <Configuration i /> }.into_any(),
                    Step::ProviderStatus => view! { <ProviderStatusStep i /> }.into_any(),
                    Step::PrivatePeering => view! { <PrivatePeering i /> }.into_any(),
                    Step::MicrosoftPeering => view! { <MicrosoftPeeringStep i /> }.into_any(),
                    _ => ().into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn NavBar() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let neighbour = move |delta: isize| {
        let steps = Step::ALL;
        let here = steps.iter().position(|s| *s == ctx.step.get())?;
        let next = here.checked_add_signed(delta)?;
        steps.get(next).copied()
    };
    let go = move |s: Step| {
        ctx.step.set(s);
        ctx.status.set(format!("{} step opened", s.label()));
        request_animation_frame(move || {
            if let Some(h) = document().get_element_by_id("step-title") {
                if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h) {
                    let _ = h.focus();
                }
            }
        });
    };
    // Set when Next stopped on errors: the bar then says how many errors the step has now
    // (derived from the design, so never stale) until they are fixed or another step opens.
    let blocked = RwSignal::new(false);
    Effect::new(move |_| {
        ctx.step.track();
        blocked.set(false);
    });
    let blocked_text = move || {
        if !blocked.get() {
            return String::new();
        }
        let step = ctx.step.get();
        let n = ctx.view.with(|v| {
            v.steps
                .iter()
                .find(|s| s.step == step)
                .map_or(0, |s| s.errors)
        });
        match n {
            0 => String::new(),
            1 => format!("1 error in {}: fix it before you continue.", step.label()),
            n => format!(
                "{n} errors in {}: fix them before you continue.",
                step.label()
            ),
        }
    };
    let next = move |_| {
        let step = ctx.step.get_untracked();
        // Next shows every finding of the step, as the portal does.
        ctx.reveal(step);
        let first = ctx.view.with_untracked(|v| {
            v.first_error(step).map(|f| {
                let n = v
                    .steps
                    .iter()
                    .find(|s| s.step == step)
                    .map_or(0, |s| s.errors);
                (f.path.clone(), n)
            })
        });
        match first {
            Some((path, n)) => {
                blocked.set(true);
                ctx.status.set(format!(
                    "{n} error{} in {}: fix {} before you continue.",
                    if n == 1 { "" } else { "s" },
                    step.label(),
                    if n == 1 { "it" } else { "them" }
                ));
                // The error may be another circuit's: open_field selects its tab first.
                super::open_field(ctx, &path);
            }
            None => match neighbour(1) {
                Some(s) => go(s),
                // Review: the finish is the whole result, in one archive.
                None => crate::ui::export_panel::download_all(ctx),
            },
        }
    };
    view! {
        <div class="nav-bar">
            <button
                type="button"
                class="secondary"
                disabled=move || neighbour(-1).is_none()
                on:click=move |_| {
                    if let Some(s) = neighbour(-1) {
                        go(s)
                    }
                }
            >
                "Previous"
            </button>
            <button type="button" class="primary" data-testid="next" on:click=next>
                {move || match neighbour(1) {
                    Some(s) => format!("Next: {}", s.label()),
                    None => "Download all (.zip)".to_string(),
                }}
            </button>
            <p class="nav-status" aria-hidden="true">{blocked_text}</p>
        </div>
    }
}
