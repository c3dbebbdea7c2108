//! Renders the domain's diagram scene as SVG. Geometry comes from `domain::diagram`; this only
//! draws it.

use super::Ctx;
use crate::domain::diagram::{Link, Node, NodeKind, Scene};
use crate::domain::finding::Severity;
use leptos::prelude::*;

fn sev_class(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "sev-error",
        Some(Severity::Warning) => "sev-warning",
        _ => "",
    }
}

fn kind_class(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Group => "group",
        NodeKind::CustomerEdge => "ce",
        NodeKind::ProviderEdge => "pe",
        NodeKind::MicrosoftEdge => "msee",
    }
}

fn node_view(n: Node) -> impl IntoView {
    let class = format!("node {} {}", kind_class(n.kind), sev_class(n.severity));
    let tip = n.notes.join("\n");
    let group = n.kind == NodeKind::Group;
    let lines = n
        .lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let y = if group {
                n.y + 16
            } else {
                n.y + 18 + 15 * k as i32
            };
            let cls = if k == 0 { "title" } else { "line" };
            view! {
                <text x=n.x + 8 y=y class=cls>
                    {l.clone()}
                </text>
            }
        })
        .collect_view();
    view! {
        <g class=class data-id=n.id>
            <title>{if tip.is_empty() { n.lines.first().cloned().unwrap_or_default() } else { tip }}</title>
            <rect x=n.x y=n.y width=n.w height=n.h rx=if group { 10 } else { 6 } />
            {lines}
            {(!group && n.severity.is_some())
                .then(|| {
                    view! {
                        <circle class="badge" cx=n.x + n.w - 8 cy=n.y + 8 r=7 />
                        <text class="badge-text" x=n.x + n.w - 8 y=n.y + 12 text-anchor="middle">
                            "!"
                        </text>
                    }
                })}
        </g>
    }
}

fn link_view(l: Link) -> impl IntoView {
    let class = format!(
        "link {} {}",
        if l.secondary { "secondary" } else { "primary" },
        sev_class(l.severity)
    );
    let mid = (l.x1 + l.x2) / 2;
    let n = l.label.len() as i32;
    let tip = l.notes.join("\n");
    let labels = l
        .label
        .iter()
        .enumerate()
        .map(|(k, t)| {
            view! {
                <text x=mid y=l.y1 - 6 - 13 * (n - 1 - k as i32) text-anchor="middle" class="link-label">
                    {t.clone()}
                </text>
            }
        })
        .collect_view();
    view! {
        <g class=class data-id=l.id>
            <title>{if tip.is_empty() { l.label.join(", ") } else { tip }}</title>
            <line x1=l.x1 y1=l.y1 x2=l.x2 y2=l.y2 />
            {labels}
        </g>
    }
}

/// The live topology diagram of the first circuit. Nodes and links are keyed by their whole
/// content, so a keystroke re-renders only the elements whose text or state changed.
#[component]
pub fn Diagram() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let scene = Memo::new(move |_| ctx.view.with(|v| v.diagram.clone()));
    let nodes = move |groups: bool| {
        scene.with(|s| {
            s.nodes
                .iter()
                .filter(|n| (n.kind == NodeKind::Group) == groups)
                .cloned()
                .collect::<Vec<Node>>()
        })
    };
    let vb = scene.with_untracked(|s: &Scene| format!("0 0 {} {}", s.width, s.height));
    view! {
        <figure class="diagram-figure">
            <svg
                class="diagram"
                viewBox=vb
                role="img"
                aria-labelledby="diagram-title diagram-desc"
                data-testid="diagram"
                xmlns="http://www.w3.org/2000/svg"
            >
                <title id="diagram-title">{move || scene.with(|s| s.title.clone())}</title>
                <desc id="diagram-desc">{move || scene.with(|s| s.description.clone())}</desc>
                <For each=move || nodes(true) key=|n| n.clone() children=node_view />
                <For
                    each=move || scene.with(|s| s.links.clone())
                    key=|l| l.clone()
                    children=link_view
                />
                <For each=move || nodes(false) key=|n| n.clone() children=node_view />
            </svg>
            <figcaption>"Primary (solid) and secondary (dashed) links of the circuit."</figcaption>
        </figure>
    }
}
