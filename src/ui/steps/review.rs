//! Review: every finding grouped by step with links to the field, the readiness checklist, and
//! what the design creates.

use crate::domain::acknowledge::acknowledges;
use crate::domain::finding::Finding;
use crate::domain::finding::Severity;
use crate::domain::paging::count_text;
use crate::domain::review::{review, Readiness};
use crate::domain::view::field_label;
use crate::domain::view::{step_of, Step};
use crate::ui::export_panel::{download_all, ExportPanel};
use crate::ui::import_panel::ImportPanel;
use crate::ui::share::SharePanel;
use crate::ui::{open_field, open_step, toggle_acknowledged, try_focus_id, when_drawn, Ctx};
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
    // Findings still open, by step, and the warnings acknowledged (listed apart, with a way back).
    let split = Memo::new(move |_| {
        let groups = content.with(|r| r.groups.clone());
        ctx.design.with(|d| {
            let mut acked = Vec::new();
            let open: Vec<(Step, Vec<Finding>)> = groups
                .into_iter()
                .filter_map(|(step, list)| {
                    let (a, o): (Vec<Finding>, Vec<Finding>) =
                        list.into_iter().partition(|f| acknowledges(d, f));
                    acked.extend(a);
                    (!o.is_empty()).then_some((step, o))
                })
                .collect();
            (open, acked)
        })
    });
    let open_groups = Memo::new(move |_| split.with(|s| s.0.clone()));
    let acked = Memo::new(move |_| split.with(|s| s.1.clone()));
    // Long lists show their first LIST_MAX items until asked for all (a design at the element
    // limits creates 31,000 resources).
    let all_findings = RwSignal::new(false);
    let all_resources = RwSignal::new(false);
    view! {
        <Finish />
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
                                <button type="button" class="link" on:click=move |_| open_step(ctx, step)>
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
            let groups = open_groups.get();
            if groups.is_empty() {
                return view! {
                    <p class="all-clear" data-testid="no-findings">"No errors or warnings."</p>
                }
                    .into_any();
            }
            groups
                .into_iter()
                .map(|(step, findings)| {
                    let total = findings.len();
                    let cut = if all_findings.get() { total } else { total.min(LIST_MAX) };
                    view! {
                        <section class="review-group">
                            <h4>{step.label()}</h4>
                            <ul class="findings">
                                {findings.into_iter().take(cut).map(|f| finding_item(ctx, f, false)).collect_view()}
                            </ul>
                            {show_all(total, cut, "findings", all_findings, "findings-title")}
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }}
        <Show when=move || acked.with(|a| !a.is_empty())>
            <section class="review-group acknowledged" data-testid="acknowledged" aria-labelledby="acknowledged-title">
                <h4 id="acknowledged-title">
                    {move || format!("Acknowledged warnings ({})", acked.with(Vec::len))}
                </h4>
                <p class="help">
                    "Warnings you accepted for this design: they no longer count. Press Acknowledge again to count one again."
                </p>
                <ul class="findings">
                    {move || acked.get().into_iter().map(|f| finding_item(ctx, f, true)).collect_view()}
                </ul>
            </section>
        </Show>
        <h3 id="resources-title" tabindex="-1">"What this design creates"</h3>
        {move || {
            let total = content.with(|r| r.resources.len());
            let cut = if all_resources.get() { total } else { total.min(LIST_MAX) };
            view! {
                <ul class="resources" data-testid="resources">
                    {content
                        .with(|r| r.resources.iter().take(cut).cloned().collect::<Vec<_>>())
                        .into_iter()
                        .map(|r| view! { <li>{r}</li> })
                        .collect_view()}
                </ul>
                {show_all(total, cut, "resources", all_resources, "resources-title")}
            }
        }}
        <ExportPanel />
        <SharePanel />
        <section class="import-section" aria-labelledby="import-title">
            <h3 id="import-title">"Import"</h3>
            <ImportPanel id="import-review" />
        </section>
    }
}

/// Most items a Review list shows before "Show all".
const LIST_MAX: usize = 100;

/// "Show all N {what}" under a list of `total` items of which `shown` are drawn; sets `all` and
/// moves the focus to the list's heading `title` (the button is gone once pressed).
fn show_all(
    total: usize,
    shown: usize,
    what: &'static str,
    all: RwSignal<bool>,
    title: &'static str,
) -> impl IntoView {
    (shown < total).then(|| {
        view! {
            <p class="more">
                {format!("{shown} of {} shown. ", count_text(total))}
                <button type="button" class="link" data-action="show-all" on:click=move |_| {
                    all.set(true);
                    when_drawn(move || try_focus_id(title));
                }>
                    {format!("Show all {} {what}", count_text(total))}
                </button>
            </p>
        }
    })
}

/// One finding of Review's list: a link to its field, the message, the rule; for a warning, the
/// Acknowledge toggle (pressed in the list of acknowledged warnings).
fn finding_item(ctx: Ctx, f: Finding, acked: bool) -> impl IntoView {
    let path = f.path.clone();
    let sev = f.severity.as_str();
    let warning = f.severity == Severity::Warning;
    let label = field_label(&f.path);
    let toggle = warning.then(|| {
        let f = f.clone();
        view! {
            <button
                type="button"
                class="ack"
                data-action="acknowledge"
                aria-pressed=acked.to_string()
                on:click=move |_| {
                    toggle_acknowledged(ctx, &f);
                    // The item moves to the other list: the focus goes to the list's heading.
                    when_drawn(|| try_focus_id("findings-title"));
                }
            >
                "Acknowledge"
            </button>
        }
    });
    view! {
        <li class=format!("finding {sev}") data-code=f.code data-path=f.path.clone()>
            <button type="button" class="link" on:click=move |_| open_field(ctx, &path)>
                {label}
            </button>
            ": "
            <span class="msg">{f.message}</span>
            " "
            <a class="source" href=f.source target="_blank" rel="noopener">
                {f.code}
            </a>
            {toggle.map(|t| view! { " " {t} })}
        </li>
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// One line of what remains: a step, its errors and warnings, and the field to open first.
#[derive(Clone, PartialEq)]
struct Remaining {
    step: Step,
    errors: usize,
    warnings: usize,
    first: String,
}

/// The end of the wizard: what remains, step by step (each opens its first field), and
/// "Download all".
#[component]
fn Finish() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let remaining = ctx.view_part(|v| {
        v.steps
            .iter()
            .filter(|s| s.errors + s.warnings > 0)
            .map(|s| {
                let first = v
                    .findings
                    .iter()
                    .filter(|f| f.severity != Severity::Info && step_of(&f.path) == s.step)
                    .min_by_key(|f| f.severity)
                    .map(|f| f.path.clone())
                    .unwrap_or_default();
                Remaining {
                    step: s.step,
                    errors: s.errors,
                    warnings: s.warnings,
                    first,
                }
            })
            .collect::<Vec<_>>()
    });
    let counts = ctx.view_part(|v| v.counts);
    let acknowledged = ctx.view_part(|v| v.acknowledged);
    view! {
        <section class="finish" aria-labelledby="finish-title" data-testid="finish">
            <h3 id="finish-title">"Finish"</h3>
            <p data-testid="remaining-summary">
                {move || {
                    let (e, w, _) = counts.get();
                    match (e, w) {
                        (0, 0) => "Nothing remains to fix: the design is ready to deploy.".to_string(),
                        (0, w) => format!("No errors; {} to review.", plural(w, "warning")),
                        (e, w) => format!(
                            "{} and {} remain. Azure would refuse the design as it is.",
                            plural(e, "error"),
                            plural(w, "warning"),
                        ),
                    }
                }}
                {move || match acknowledged.get() {
                    0 => String::new(),
                    n => format!(" {} acknowledged (listed under Findings).", plural(n, "warning")),
                }}
            </p>
            <ul class="remaining" data-testid="remaining">
                {move || {
                    remaining
                        .get()
                        .into_iter()
                        .map(|r| {
                            let path = r.first.clone();
                            let mut parts = Vec::new();
                            if r.errors > 0 {
                                parts.push(plural(r.errors, "error"));
                            }
                            if r.warnings > 0 {
                                parts.push(plural(r.warnings, "warning"));
                            }
                            view! {
                                <li data-step=r.step.slug()>
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| {
                                            if path.is_empty() {
                                                open_step(ctx, r.step);
                                            } else {
                                                open_field(ctx, &path);
                                            }
                                        }
                                    >
                                        {r.step.label()}
                                    </button>
                                    {format!(": {}", parts.join(", "))}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="hint">
                "Download all: the ARM template, Bicep, Terraform, Azure CLI and PowerShell scripts, the IOS-XE and Junos router configurations, the diagram (SVG), the design file and a README with the deployment order, in one .zip. Secrets are left out."
            </p>
            <button
                type="button"
                class="primary"
                data-testid="download-all"
                on:click=move |_| download_all(ctx)
            >
                "Download all (.zip)"
            </button>
        </section>
    }
}
