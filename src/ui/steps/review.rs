//! Review: every finding grouped by step with links to the field, the readiness checklist, and
//! what the design creates.

use crate::domain::review::{review, Readiness};
use crate::domain::view::field_label;
use crate::ui::export_panel::ExportPanel;
use crate::ui::import_panel::ImportPanel;
use crate::ui::share::SharePanel;
use crate::ui::{open_field, Ctx};
use leptos::prelude::*;

fn readiness_icon(r: Readiness) -> &'static str {
    match r {
        Readiness::Ready => "✓",
        Readiness::HasErrors => "✕",
        Readiness::Blocked => "‖",
        Readiness::Todo => "○",
        Readiness::Optional => "–",
    }
}

/// The Review step.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let content = Memo::new(move |_| ctx.design.with(|d| ctx.view.with(|v| review(d, v))));
    let open = move |_step, path: String| open_field(ctx, &path);
    view! {
        <h3>"Readiness"</h3>
        <ol class="checklist" data-testid="checklist">
            {move || {
                content
                    .with(|r| r.checklist.clone())
                    .into_iter()
                    .map(|item| {
                        let class = format!("check {}", item.state.label().replace(' ', "-"));
                        let step = item.step;
                        view! {
                            <li class=class>
                                <span class="icon" aria-hidden="true">{readiness_icon(item.state)}</span>
                                <button type="button" class="link" on:click=move |_| ctx.step.set(step)>
                                    {item.label}
                                </button>
                                <span class="state">{format!(" ({})", item.state.label())}</span>
                                <span class="detail">{item.detail}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        <h3 id="findings-title" tabindex="-1">"Findings"</h3>
        {move || {
            let groups = content.with(|r| r.groups.clone());
            if groups.is_empty() {
                return view! {
                    <p class="all-clear" data-testid="no-findings">"No errors or warnings."</p>
                }
                    .into_any();
            }
            groups
                .into_iter()
                .map(|(step, findings)| {
                    view! {
                        <section class="review-group">
                            <h4>{step.label()}</h4>
                            <ul class="findings">
                                {findings
                                    .into_iter()
                                    .map(|f| {
                                        let path = f.path.clone();
                                        let sev = f.severity.as_str();
                                        view! {
                                            <li class=format!("finding {sev}") data-code=f.code>
                                                <button
                                                    type="button"
                                                    class="link"
                                                    on:click=move |_| open(step, path.clone())
                                                >
                                                    {field_label(&f.path)}
                                                </button>
                                                ": "
                                                <span class="msg">{f.message}</span>
                                                " "
                                                <a class="source" href=f.source target="_blank" rel="noopener">
                                                    {f.code}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }}
        <h3>"What this design creates"</h3>
        <ul class="resources" data-testid="resources">
            {move || {
                content
                    .with(|r| r.resources.clone())
                    .into_iter()
                    .map(|r| view! { <li>{r}</li> })
                    .collect_view()
            }}
        </ul>
        <ExportPanel />
        <SharePanel />
        <section class="import-section" aria-labelledby="import-title">
            <h3 id="import-title">"Import"</h3>
            <ImportPanel id="import-review" />
        </section>
    }
}
