//! Renders the domain's diagram scene as SVG. Geometry comes from `domain::diagram`; this only
//! draws it, makes its elements focusable (Enter, Space or a click opens the field they stand
//! for), shows their problems on hover and focus, and exports the picture as SVG or PNG.

use super::{open_field, Ctx};
use crate::domain::diagram::{
    tip, Label, Link, LinkKind, Node, NodeKind, Scene, TableRow, TEXT_X, TEXT_Y,
};
use crate::domain::finding::Severity;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Styles written into a downloaded SVG: the light theme with literal colours, so the file
/// looks the same in any viewer.
const EXPORT_CSS: &str = "svg{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;font-size:12px}\
.bg{fill:#fff}\
.node rect{fill:#eef3fb;stroke:#d0d7de;stroke-width:1.2}\
.node.group rect{fill:#fafbfc;stroke-dasharray:4 3}\
.node.ext rect{fill:#fff;stroke-dasharray:2 2}\
.node.gateway rect,.node.vnet rect,.node.services rect{fill:#e9f6ef}\
.node text{fill:#1b1f24;font-size:12px}\
.node text.title{font-weight:600}\
.group-title{fill:#57606a;font-weight:600;paint-order:stroke;stroke:#fafbfc;stroke-width:4px;stroke-linejoin:round}\
.link polyline{fill:none;stroke:#0a5cc2;stroke-width:2.5}\
.link.secondary polyline{stroke-dasharray:7 4}\
.link.attach polyline{stroke:#57606a;stroke-width:1.2}\
.link.connection polyline,.link.services polyline{stroke:#1a7f37;stroke-width:2}\
.link.gr polyline{stroke:#8250df;stroke-width:2;stroke-dasharray:2 3}\
.link .hit{stroke:transparent;stroke-width:0}\
.link-label{fill:#1b1f24;font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\
.sev-error rect,.link.sev-error polyline{stroke:#b3261e;stroke-width:2.5}\
.sev-warning rect,.link.sev-warning polyline{stroke:#8a5300;stroke-width:2.5}\
.badge{fill:#b3261e}.sev-warning .badge{fill:#8a5300}\
.badge-text{fill:#fff;font-size:11px;font-weight:700}";

fn sev_class(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => " sev-error",
        Some(Severity::Warning) => " sev-warning",
        _ => "",
    }
}

fn kind_class(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Group => "group",
        NodeKind::CustomerEdge => "ce",
        NodeKind::ProviderEdge => "pe",
        NodeKind::DirectPort => "port",
        NodeKind::MicrosoftEdge => "msee",
        NodeKind::Peering => "peering",
        NodeKind::ExternalCircuit => "ext",
        NodeKind::Services => "services",
        NodeKind::Gateway => "gateway",
        NodeKind::VirtualNetwork => "vnet",
    }
}

fn link_class(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Primary => "primary",
        LinkKind::Secondary => "secondary",
        LinkKind::Attachment => "attach",
        LinkKind::Connection => "connection",
        LinkKind::Services => "services",
        LinkKind::GlobalReach => "gr",
    }
}

/// The accessible name of an element: what it is, then whether it has a problem. The messages
/// themselves go in its description (and the tooltip), so that a form label matched by text
/// never finds the diagram.
fn aria(what: &str, severity: Option<Severity>, notes: &[String]) -> (String, Option<String>) {
    let mut s = what.to_string();
    match severity {
        Some(Severity::Error) => s.push_str(". Error: "),
        Some(Severity::Warning) => s.push_str(". Warning: "),
        _ => return (s, None),
    }
    s.push_str(&notes.len().to_string());
    s.push_str(if notes.len() == 1 {
        " problem"
    } else {
        " problems"
    });
    (s, Some(notes.join(" ")))
}

/// Focus, hover and activation of one element.
#[derive(Clone, Copy)]
struct Hooks {
    ctx: Ctx,
    active: RwSignal<Option<String>>,
}

fn badge(x: i32, y: i32) -> impl IntoView {
    view! {
        <circle class="badge" cx=x cy=y r=7 />
        <text class="badge-text" x=x y=y + 4 text-anchor="middle">
            "!"
        </text>
    }
}

/// Wraps an element's drawing in a focusable, clickable group when it opens a field.
fn interactive(
    hooks: Hooks,
    id: String,
    class: String,
    (label, description): (String, Option<String>),
    target: String,
    body: AnyView,
) -> AnyView {
    if target.is_empty() {
        return view! {
            <g class=class data-id=id>
                {body}
            </g>
        }
        .into_any();
    }
    let Hooks { ctx, active } = hooks;
    let open = StoredValue::new(target);
    let me = StoredValue::new(id.clone());
    let show = move || active.set(Some(me.get_value()));
    let hide = move || {
        if me.with_value(|m| active.with_untracked(|a| a.as_ref() == Some(m))) {
            active.set(None);
        }
    };
    view! {
        <g
            class=class
            data-id=id
            tabindex="0"
            role="button"
            aria-label=label
            aria-description=description
            on:click=move |_| open.with_value(|t| open_field(ctx, t))
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let k = ev.key();
                if k == "Enter" || k == " " {
                    ev.prevent_default();
                    open.with_value(|t| open_field(ctx, t));
                }
            }
            on:focus=move |_| show()
            on:blur=move |_| hide()
            on:mouseenter=move |_| show()
            on:mouseleave=move |_| hide()
        >
            // The name above says it all; the drawn text would be read again (and split).
            <g aria-hidden="true">{body}</g>
        </g>
    }
    .into_any()
}

// Every drawn line ends with a space: the element's text then reads as separate words, as in
// its accessible name (axe's label-content-name-mismatch joins text nodes without spaces).
fn node_view(n: Node, hooks: Hooks) -> impl IntoView {
    let group = n.kind == NodeKind::Group;
    let class = format!("node {}{}", kind_class(n.kind), sev_class(n.severity));
    let lines = n
        .lines
        .iter()
        .zip(0..)
        .filter(|_| !group)
        .map(|(l, k)| {
            let y = if group {
                n.y + 16
            } else {
                n.y + TEXT_Y + 15 * k
            };
            let cls = if k == 0 { "title" } else { "line" };
            view! {
                <text x=n.x + TEXT_X + usize::from(group) as i32 * 2 y=y class=cls>
                    {l.clone()}
                    " "
                </text>
            }
        })
        .collect_view();
    let body = view! {
        <rect x=n.x y=n.y width=n.w height=n.h rx=if group { 10 } else { 6 } />
        {lines}
        {n.severity.map(|_| badge(n.x + n.w - 10, n.y + 10))}
    }
    .into_any();
    let label = aria(&n.lines.join(", "), n.severity, &n.notes);
    interactive(hooks, n.id, class, label, n.target, body)
}

/// A group's title, drawn over the links that cross its header (with a halo).
fn group_title(n: Node) -> impl IntoView {
    view! {
        <text x=n.x + TEXT_X + 2 y=n.y + 16 class="group-title" data-title-of=n.id>
            {n.lines.first().cloned().unwrap_or_default()}
        </text>
    }
}

fn label_view(l: &Label) -> impl IntoView {
    view! {
        <text
            x=l.x
            y=l.y
            text-anchor=if l.middle { "middle" } else { "start" }
            class="link-label"
        >
            {l.text.clone()}
            " "
        </text>
    }
}

fn link_view(l: Link, hooks: Hooks) -> impl IntoView {
    let class = format!("link {}{}", link_class(l.kind), sev_class(l.severity));
    let mut points = String::new();
    for (x, y) in &l.points {
        if !points.is_empty() {
            points.push(' ');
        }
        points.push_str(&x.to_string());
        points.push(',');
        points.push_str(&y.to_string());
    }
    let (bx, by) = l.badge();
    let body = view! {
        <polyline class="hit" points=points.clone() />
        <polyline points=points />
        {l.labels.iter().map(label_view).collect_view()}
        {l.severity.map(|_| badge(bx, by))}
    }
    .into_any();
    // The visible labels first: the accessible name must contain the visible text.
    let mut what = String::new();
    for lb in &l.labels {
        what.push_str(&lb.text);
        what.push_str(", ");
    }
    what.push_str(&l.name);
    let label = aria(&what, l.severity, &l.notes);
    interactive(hooks, l.id, class, label, l.target, body)
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The diagram as a standalone SVG document (styles inline, white background, no tooltip).
fn standalone_svg() -> Option<(String, i32, i32)> {
    let doc = document()?;
    let live = doc.query_selector("svg[data-testid='diagram']").ok()??;
    let svg: web_sys::Element = live.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    if let Ok(Some(t)) = svg.query_selector(".tip") {
        t.remove();
    }
    let vb = svg.get_attribute("viewBox").unwrap_or_default();
    let mut it = vb.split(' ').skip(2).map(|v| v.parse::<i32>().unwrap_or(0));
    let (w, h) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
    svg.set_attribute("width", &w.to_string()).ok()?;
    svg.set_attribute("height", &h.to_string()).ok()?;
    svg.set_attribute("xmlns", SVG_NS).ok()?;
    let style = doc.create_element_ns(Some(SVG_NS), "style").ok()?;
    style.set_text_content(Some(EXPORT_CSS));
    let bg = doc.create_element_ns(Some(SVG_NS), "rect").ok()?;
    for (k, v) in [("class", "bg"), ("width", "100%"), ("height", "100%")] {
        bg.set_attribute(k, v).ok()?;
    }
    let first = svg.first_child();
    svg.insert_before(&bg, first.as_ref()).ok()?;
    svg.insert_before(&style, Some(&bg)).ok()?;
    let text = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&svg)
        .ok()?;
    Some((text, w, h))
}

fn download(href: &str, file: &str) {
    let Some(doc) = document() else { return };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", href);
    let _ = a.set_attribute("download", file);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
}

fn svg_url(text: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    )
}

fn download_svg() {
    if let Some((text, _, _)) = standalone_svg() {
        download(&svg_url(&text), "expressroute-topology.svg");
    }
}

/// Draws the standalone SVG into a canvas at twice its size and downloads it as PNG.
fn download_png() {
    let Some((text, w, h)) = standalone_svg() else {
        return;
    };
    let (Some(doc), Ok(img)) = (document(), web_sys::HtmlImageElement::new()) else {
        return;
    };
    let drawn = img.clone();
    let onload = Closure::once_into_js(move || {
        let Some(canvas) = doc
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width(u32::try_from(w * 2).unwrap_or(0));
        canvas.set_height(u32::try_from(h * 2).unwrap_or(0));
        let Some(g) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = g.scale(2.0, 2.0);
        let _ = g.draw_image_with_html_image_element(&drawn, 0.0, 0.0);
        if let Ok(url) = canvas.to_data_url() {
            download(&url, "expressroute-topology.png");
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&svg_url(&text));
}

/// One drawn piece, in paint order: group boxes, links, group titles, boxes.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Piece {
    Box(Node),
    Line(Link),
    Title(Node),
}

fn pieces(s: &Scene) -> Vec<Piece> {
    let groups = s.nodes.iter().filter(|n| n.kind == NodeKind::Group);
    groups
        .clone()
        .cloned()
        .map(Piece::Box)
        .chain(s.links.iter().cloned().map(Piece::Line))
        .chain(groups.cloned().map(Piece::Title))
        .chain(
            s.nodes
                .iter()
                .filter(|n| n.kind != NodeKind::Group)
                .cloned()
                .map(Piece::Box),
        )
        .collect()
}

fn row_view(r: &TableRow) -> impl IntoView {
    view! {
        <tr>
            <td>{r.circuit.clone()}</td>
            <td>{r.link.clone()}</td>
            <td>{r.vlan.clone()}</td>
            <td class="addr">{r.customer.clone()}</td>
            <td class="addr">{r.microsoft.clone()}</td>
            <td>{r.asns.clone()}</td>
        </tr>
    }
}

/// The live topology diagram: every circuit side by side with its links, addresses, peerings,
/// gateways, VNets, connections and Global Reach. Nodes and links are keyed by their whole
/// content, so a keystroke re-renders only the elements whose text or state changed.
#[component]
pub fn Diagram() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let scene = Memo::new(move |_| ctx.view.with(|v| v.diagram.clone()));
    let hooks = Hooks {
        ctx,
        active: RwSignal::new(None),
    };
    let vb = move || scene.with(|s| format!("0 0 {} {}", s.width, s.height));
    let width = move || scene.with(|s| s.width);
    let height = move || scene.with(|s| s.height);
    let tip_view = move || {
        let id = hooks.active.get()?;
        let t = scene.with(|s| tip(s, &id))?;
        let lines = t
            .lines
            .into_iter()
            .zip(0..)
            .map(|(l, k)| {
                view! {
                    <text x=t.x + TEXT_X y=t.y + TEXT_Y + 15 * k>
                        {l}
                    </text>
                }
            })
            .collect_view();
        Some(view! {
            <g class="tip" aria-hidden="true">
                <rect x=t.x y=t.y width=t.w height=t.h rx=6 />
                {lines}
            </g>
        })
    };
    let rows = Memo::new(move |_| scene.with(|s| s.table.clone()));
    view! {
        <figure class="diagram-figure">
            <div class="diagram-tools">
                <button type="button" data-testid="download-svg" on:click=move |_| download_svg()>
                    "Download SVG"
                </button>
                <button type="button" data-testid="download-png" on:click=move |_| download_png()>
                    "Download PNG"
                </button>
            </div>
            <div class="diagram-scroll">
                <svg
                    class="diagram"
                    viewBox=vb
                    width=width
                    height=height
                    role="graphics-document"
                    aria-labelledby="diagram-title diagram-desc"
                    data-testid="diagram"
                    xmlns=SVG_NS
                >
                    <title id="diagram-title">{move || scene.with(|s| s.title.clone())}</title>
                    <desc id="diagram-desc">{move || scene.with(|s| s.description.clone())}</desc>
                    <For
                        each=move || scene.with(pieces)
                        key=|p| p.clone()
                        children=move |p| match p {
                            Piece::Box(n) => node_view(n, hooks).into_any(),
                            Piece::Line(l) => link_view(l, hooks).into_any(),
                            Piece::Title(n) => group_title(n).into_any(),
                        }
                    />
                    {tip_view}
                </svg>
            </div>
            <figcaption>
                "Primary links solid, secondary dashed. Select an element (or Tab to it and press Enter) to edit it."
            </figcaption>
            <details class="diagram-table">
                <summary>"Links and addresses as a table"</summary>
                <div class="table-scroll">
                    <table data-testid="diagram-table">
                        <thead>
                            <tr>
                                <th scope="col">"Circuit"</th>
                                <th scope="col">"Link"</th>
                                <th scope="col">"VLAN"</th>
                                <th scope="col">"Your address"</th>
                                <th scope="col">"Microsoft address"</th>
                                <th scope="col">"ASNs"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                rows.with(|r| r.iter().map(row_view).collect_view())
                            }}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
