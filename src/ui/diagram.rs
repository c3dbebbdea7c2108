//! Renders the domain's diagram scene as SVG. Geometry comes from `domain::diagram`; this only
//! draws it, makes its elements focusable (Enter, Space or a click opens the field they stand
//! for), shows their problems on hover and focus, and exports the picture as SVG or PNG.

use super::{open_field, Ctx};
use crate::domain::diagram::{
    tip, Label, Link, LinkKind, Node, NodeKind, Scene, TableRow, TEXT_X, TEXT_Y,
};
use crate::domain::finding::Severity;
use leptos::prelude::*;
use std::collections::HashMap;
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
    slots: Slots,
}

/// The "!" badge of an element with a problem, at a position that follows the element.
fn badge(
    x: impl Fn() -> i32 + Copy + Send + Sync + 'static,
    y: impl Fn() -> i32 + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <circle class="badge" cx=x cy=y r=7 />
        <text class="badge-text" x=x y=move || y() + 4 text-anchor="middle">
            "!"
        </text>
    }
}

/// What an element's outer group shows: its class, accessible name and description, and the
/// field it opens (empty: the element is not interactive).
#[derive(Clone, PartialEq, Default)]
struct Face {
    class: String,
    label: String,
    description: Option<String>,
    target: String,
}

/// Sets `slot` to `now` when it holds something else (its readers wake only then).
fn put<T>(slot: RwSignal<T>, now: T)
where
    T: PartialEq + Send + Sync + 'static,
{
    if slot.with_untracked(|old| *old != now) {
        slot.set(now);
    }
}

/// An element's face as one signal per attribute: a new name wakes only the `aria-label`.
#[derive(Clone, Copy)]
struct FaceSlot {
    class: RwSignal<String>,
    label: RwSignal<String>,
    description: RwSignal<Option<String>>,
    target: RwSignal<String>,
    /// The element has an error or a warning (draws the badge).
    flagged: RwSignal<bool>,
}

impl FaceSlot {
    fn new(face: Face, flagged: bool) -> Self {
        FaceSlot {
            class: RwSignal::new(face.class),
            label: RwSignal::new(face.label),
            description: RwSignal::new(face.description),
            target: RwSignal::new(face.target),
            flagged: RwSignal::new(flagged),
        }
    }

    fn set(self, face: Face, flagged: bool) {
        put(self.class, face.class);
        put(self.label, face.label);
        put(self.description, face.description);
        put(self.target, face.target);
        put(self.flagged, flagged);
    }
}

/// An element's outer group: focusable and clickable while the element opens a field. The
/// group stays in place while the design changes: its attributes follow `face`.
fn interactive(hooks: Hooks, id: String, face: FaceSlot, body: impl IntoView) -> impl IntoView {
    let Hooks { ctx, active, .. } = hooks;
    let on = move || face.target.with(|t| !t.is_empty());
    let open = move || {
        let target = face.target.get_untracked();
        if !target.is_empty() {
            open_field(ctx, &target);
        }
    };
    let me = StoredValue::new(id.clone());
    let show = move || {
        if face.target.with_untracked(|t| !t.is_empty()) {
            active.set(Some(me.get_value()));
        }
    };
    let hide = move || {
        if me.with_value(|m| active.with_untracked(|a| a.as_ref() == Some(m))) {
            active.set(None);
        }
    };
    view! {
        <g
            class=move || face.class.get()
            data-id=id
            tabindex=move || on().then_some("0")
            role=move || on().then_some("button")
            aria-label=move || on().then(|| face.label.get())
            aria-description=move || face.description.get().filter(|_| on())
            on:click=move |_| open()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let k = ev.key();
                if (k == "Enter" || k == " ") && on() {
                    ev.prevent_default();
                    open();
                }
            }
            on:focus=move |_| show()
            on:blur=move |_| hide()
            on:mouseenter=move |_| show()
            on:mouseleave=move |_| hide()
        >
            // The name above says it all; the drawn text would be read again (and split).
            <g aria-hidden=move || on().then_some("true")>{body}</g>
        </g>
    }
}

/// A drawn node's parts, each a signal set only when that part changes: a keystroke that
/// renames a circuit wakes the texts that show the name and nothing else of the element.
#[derive(Clone, Copy)]
struct NodeSlot {
    /// The node the parts were last taken from (compared first: most nodes do not change).
    last: StoredValue<Option<Node>>,
    /// x, y, width, height.
    geo: RwSignal<(i32, i32, i32, i32)>,
    lines: RwSignal<Vec<String>>,
    face: FaceSlot,
}

impl NodeSlot {
    fn new(n: Option<Node>) -> Self {
        let (geo, lines, face, flagged) = match &n {
            Some(n) => (
                (n.x, n.y, n.w, n.h),
                n.lines.clone(),
                node_face(n),
                n.severity.is_some(),
            ),
            None => ((0, 0, 0, 0), Vec::new(), Face::default(), false),
        };
        NodeSlot {
            last: StoredValue::new(n),
            geo: RwSignal::new(geo),
            lines: RwSignal::new(lines),
            face: FaceSlot::new(face, flagged),
        }
    }

    fn refresh(self, n: &Node) {
        if self.last.with_value(|old| old.as_ref() == Some(n)) {
            return;
        }
        put(self.geo, (n.x, n.y, n.w, n.h));
        if self.lines.with_untracked(|old| *old != n.lines) {
            self.lines.set(n.lines.clone());
        }
        self.face.set(node_face(n), n.severity.is_some());
        self.last.set_value(Some(n.clone()));
    }
}

/// A drawn link's parts (see [`NodeSlot`]).
#[derive(Clone, Copy)]
struct LinkSlot {
    last: StoredValue<Option<Link>>,
    points: RwSignal<String>,
    labels: RwSignal<Vec<Label>>,
    /// Where the badge goes.
    badge: RwSignal<(i32, i32)>,
    face: FaceSlot,
}

impl LinkSlot {
    fn new(l: Option<Link>) -> Self {
        let (points, labels, badge, face, flagged) = match &l {
            Some(l) => (
                points_text(l),
                l.labels.clone(),
                l.badge(),
                link_face(l),
                l.severity.is_some(),
            ),
            None => (String::new(), Vec::new(), (0, 0), Face::default(), false),
        };
        LinkSlot {
            last: StoredValue::new(l),
            points: RwSignal::new(points),
            labels: RwSignal::new(labels),
            badge: RwSignal::new(badge),
            face: FaceSlot::new(face, flagged),
        }
    }

    fn refresh(self, l: &Link) {
        if self.last.with_value(|old| old.as_ref() == Some(l)) {
            return;
        }
        let same_points = self
            .last
            .with_value(|old| old.as_ref().is_some_and(|o| o.points == l.points));
        if !same_points {
            put(self.points, points_text(l));
        }
        if self.labels.with_untracked(|old| *old != l.labels) {
            self.labels.set(l.labels.clone());
        }
        put(self.badge, l.badge());
        self.face.set(link_face(l), l.severity.is_some());
        self.last.set_value(Some(l.clone()));
    }
}

/// The scene's items as signals, one set per drawn element. After each change [`Diagram`]
/// compares the new scene with them and sets only the parts that changed: a keystroke then
/// wakes only the texts and attributes whose content changed.
#[derive(Clone, Copy)]
struct Slots {
    /// By node id: the box (or group background) and, for a group, its title.
    nodes: StoredValue<HashMap<String, Vec<NodeSlot>>>,
    links: StoredValue<HashMap<String, LinkSlot>>,
    rows: StoredValue<Vec<RwSignal<Option<TableRow>>>>,
}

/// Sets `slot` to `now` when it holds something else.
fn refresh<T>(slot: RwSignal<Option<T>>, now: Option<&T>)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    if slot.with_untracked(|old| old.as_ref() != now) {
        slot.set(now.cloned());
    }
}

impl Slots {
    fn new() -> Self {
        Slots {
            nodes: StoredValue::new(HashMap::new()),
            links: StoredValue::new(HashMap::new()),
            rows: StoredValue::new(Vec::new()),
        }
    }

    /// The parts of the node `id` for an element being drawn, starting from the current scene;
    /// dropped with the element.
    fn node(self, ctx: Ctx, id: &str) -> NodeSlot {
        let now = ctx
            .view
            .with_untracked(|v| v.diagram.nodes.iter().find(|n| n.id == id).cloned());
        let slot = NodeSlot::new(now);
        let key = id.to_string();
        self.nodes
            .update_value(|m| m.entry(key.clone()).or_default().push(slot));
        on_cleanup(move || {
            self.nodes.try_update_value(|m| {
                if let Some(v) = m.get_mut(&key) {
                    v.retain(|s| s.geo != slot.geo);
                    if v.is_empty() {
                        m.remove(&key);
                    }
                }
            });
        });
        slot
    }

    /// The parts of the link `id` (see [`Slots::node`]).
    fn link(self, ctx: Ctx, id: &str) -> LinkSlot {
        let now = ctx
            .view
            .with_untracked(|v| v.diagram.links.iter().find(|l| l.id == id).cloned());
        let slot = LinkSlot::new(now);
        let key = id.to_string();
        self.links.update_value(|m| {
            m.insert(key.clone(), slot);
        });
        on_cleanup(move || {
            self.links.try_update_value(|m| {
                if m.get(&key).is_some_and(|s| s.points == slot.points) {
                    m.remove(&key);
                }
            });
        });
        slot
    }

    /// Signals of the table's rows, replacing those of the rows drawn before.
    fn rows(self, ctx: Ctx) -> Vec<RwSignal<Option<TableRow>>> {
        let rows: Vec<_> = ctx.view.with_untracked(|v| {
            v.diagram
                .table
                .iter()
                .map(|r| RwSignal::new(Some(r.clone())))
                .collect()
        });
        self.rows.set_value(rows.clone());
        rows
    }

    /// Brings every element's parts up to date with `scene`.
    fn sync(self, scene: &Scene) {
        self.nodes.with_value(|m| {
            for n in &scene.nodes {
                for slot in m.get(n.id.as_str()).into_iter().flatten() {
                    slot.refresh(n);
                }
            }
        });
        self.links.with_value(|m| {
            for l in &scene.links {
                if let Some(slot) = m.get(l.id.as_str()) {
                    slot.refresh(l);
                }
            }
        });
        self.rows.with_value(|rows| {
            for (slot, row) in rows.iter().zip(&scene.table) {
                refresh(*slot, Some(row));
            }
        });
    }
}

fn node_face(n: &Node) -> Face {
    let (label, description) = aria(&n.lines.join(", "), n.severity, &n.notes);
    Face {
        class: format!("node {}{}", kind_class(n.kind), sev_class(n.severity)),
        label,
        description,
        target: n.target.clone(),
    }
}

/// A box (or a group's background). Every attribute and text follows its part of the node, so
/// a keystroke sets only what changed; lines are redrawn only when their number changes.
// Every drawn line ends with a space: the element's text then reads as separate words, as in
// its accessible name (axe's label-content-name-mismatch joins text nodes without spaces).
fn node_view(ctx: Ctx, id: String, group: bool, hooks: Hooks) -> impl IntoView {
    let slot = hooks.slots.node(ctx, &id);
    let geo = slot.geo;
    let lines = slot.lines;
    let num = move |f: fn((i32, i32, i32, i32)) -> i32| move || f(geo.get());
    // A group's title is drawn later, over the links (see `group_title`).
    let count = Memo::new(move |_| if group { 0 } else { lines.with(Vec::len) });
    let flagged = slot.face.flagged;
    let line = move |k: usize| {
        let dy = TEXT_Y + 15 * i32::try_from(k).unwrap_or(0);
        let text = move || lines.with(|l| l.get(k).cloned().unwrap_or_default());
        view! {
            <text
                x=num(|g| g.0 + TEXT_X)
                y=move || geo.get().1 + dy
                class=if k == 0 { "title" } else { "line" }
            >
                {text}
                " "
            </text>
        }
    };
    let body = view! {
        <rect
            x=num(|g| g.0)
            y=num(|g| g.1)
            width=num(|g| g.2)
            height=num(|g| g.3)
            rx=if group { 10 } else { 6 }
        />
        {move || (0..count.get()).map(line).collect_view()}
        {move || flagged.get().then(|| badge(num(|g| g.0 + g.2 - 10), num(|g| g.1 + 10)))}
    };
    interactive(hooks, id, slot.face, body)
}

/// A group's title, drawn over the links that cross its header (with a halo).
fn group_title(ctx: Ctx, id: String, slots: Slots) -> impl IntoView {
    let slot = slots.node(ctx, &id);
    let geo = slot.geo;
    let x = move || geo.get().0 + TEXT_X + 2;
    let y = move || geo.get().1 + 16;
    let text = move || slot.lines.with(|l| l.first().cloned().unwrap_or_default());
    view! {
        <text x=x y=y class="group-title" data-title-of=id>
            {text}
        </text>
    }
}

fn link_face(l: &Link) -> Face {
    // The visible labels first: the accessible name must contain the visible text.
    let mut what = String::new();
    for lb in &l.labels {
        what.push_str(&lb.text);
        what.push_str(", ");
    }
    what.push_str(&l.name);
    let (label, description) = aria(&what, l.severity, &l.notes);
    Face {
        class: format!("link {}{}", link_class(l.kind), sev_class(l.severity)),
        label,
        description,
        target: l.target.clone(),
    }
}

fn points_text(l: &Link) -> String {
    let mut points = String::new();
    for (x, y) in &l.points {
        if !points.is_empty() {
            points.push(' ');
        }
        points.push_str(&x.to_string());
        points.push(',');
        points.push_str(&y.to_string());
    }
    points
}

/// A link with its labels (see [`node_view`]: attributes and texts follow the link's parts).
fn link_view(ctx: Ctx, id: String, hooks: Hooks) -> impl IntoView {
    let slot = hooks.slots.link(ctx, &id);
    let labels = slot.labels;
    let points = slot.points;
    let count = Memo::new(move |_| labels.with(Vec::len));
    let flagged = slot.face.flagged;
    let label = move |k: usize| {
        let get = move |f: fn(&Label) -> i32| move || labels.with(|ls| ls.get(k).map_or(0, f));
        let middle = move || labels.with(|ls| ls.get(k).is_some_and(|lb| lb.middle));
        let text =
            move || labels.with(|ls| ls.get(k).map(|lb| lb.text.clone()).unwrap_or_default());
        view! {
            <text
                x=get(|lb| lb.x)
                y=get(|lb| lb.y)
                text-anchor=move || if middle() { "middle" } else { "start" }
                class="link-label"
            >
                {text}
                " "
            </text>
        }
    };
    let at = move |f: fn((i32, i32)) -> i32| move || f(slot.badge.get());
    let body = view! {
        <polyline class="hit" points=move || points.get() />
        <polyline points=move || points.get() />
        {move || (0..count.get()).map(label).collect_view()}
        {move || flagged.get().then(|| badge(at(|b| b.0), at(|b| b.1)))}
    };
    interactive(hooks, id, slot.face, body)
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The diagram as a standalone SVG document (styles inline, white background, no tooltip).
pub(crate) fn standalone_svg() -> Option<(String, i32, i32)> {
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

/// Identity of one drawn piece, in paint order: group boxes, links, group titles, boxes. The key
/// is the element's stable id, so a keystroke that only changes text keeps the element and
/// updates its text and attributes in place.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Piece {
    Group(String),
    Line(String),
    Title(String),
    Box(String),
}

impl Piece {
    fn new(layer: u8, id: &str) -> Self {
        let id = id.to_string();
        match layer {
            0 => Piece::Group(id),
            1 => Piece::Line(id),
            2 => Piece::Title(id),
            _ => Piece::Box(id),
        }
    }

    fn parts(&self) -> (u8, &str) {
        match self {
            Piece::Group(id) => (0, id),
            Piece::Line(id) => (1, id),
            Piece::Title(id) => (2, id),
            Piece::Box(id) => (3, id),
        }
    }
}

/// The scene's pieces in paint order, as (layer, id), without allocating.
fn pieces(s: &Scene) -> impl Iterator<Item = (u8, &str)> {
    let groups = s.nodes.iter().filter(|n| n.kind == NodeKind::Group);
    groups
        .clone()
        .map(|n| (0, n.id.as_str()))
        .chain(s.links.iter().map(|l| (1, l.id.as_str())))
        .chain(groups.map(|n| (2, n.id.as_str())))
        .chain(
            s.nodes
                .iter()
                .filter(|n| n.kind != NodeKind::Group)
                .map(|n| (3, n.id.as_str())),
        )
}

fn piece_keys(s: &Scene) -> Vec<Piece> {
    pieces(s).map(|(layer, id)| Piece::new(layer, id)).collect()
}

/// A row of the links-and-addresses table; its cells follow the row.
fn row_view(row: RwSignal<Option<TableRow>>) -> impl IntoView {
    let cell = move |f: fn(&TableRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <tr>
            <td>{cell(|r| r.circuit.clone())}</td>
            <td>{cell(|r| r.link.clone())}</td>
            <td>{cell(|r| r.vlan.clone())}</td>
            <td class="addr">{cell(|r| r.customer.clone())}</td>
            <td class="addr">{cell(|r| r.microsoft.clone())}</td>
            <td>{cell(|r| r.asns.clone())}</td>
        </tr>
    }
}

/// The live topology diagram: every circuit side by side with its links, addresses, peerings,
/// gateways, VNets, connections and Global Reach. Elements are keyed by their stable ids and
/// follow their own slice of the scene, so a keystroke updates the few texts and attributes
/// that changed instead of redrawing elements.
#[component]
pub fn Diagram() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let size = ctx.view_part(|v| (v.diagram.width, v.diagram.height));
    // The pieces change when elements come or go, not on most keystrokes: compared with the
    // scene in place, and rebuilt only when different.
    let keys = RwSignal::new(ctx.view.with_untracked(|v| piece_keys(&v.diagram)));
    let hooks = Hooks {
        ctx,
        active: RwSignal::new(None),
        slots: Slots::new(),
    };
    let slots = hooks.slots;
    Effect::new(move |_| {
        ctx.view.with(|v| {
            let same = keys.with_untracked(|k| k.iter().map(Piece::parts).eq(pieces(&v.diagram)));
            if !same {
                keys.set(piece_keys(&v.diagram));
            }
            slots.sync(&v.diagram);
        })
    });
    let vb = move || size.with(|(w, h)| format!("0 0 {w} {h}"));
    let width = move || size.get().0;
    let height = move || size.get().1;
    let tip_view = move || {
        let id = hooks.active.get()?;
        let t = ctx.view.with(|v| tip(&v.diagram, &id))?;
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
    let title = ctx.view_part(|v| v.diagram.title.clone());
    let description = ctx.view_part(|v| v.diagram.description.clone());
    let rows = ctx.view_part(|v| v.diagram.table.len());
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
                    <title id="diagram-title">{move || title.get()}</title>
                    <desc id="diagram-desc">{move || description.get()}</desc>
                    <For
                        each=move || keys.get()
                        key=|p| p.clone()
                        children=move |p| match p {
                            Piece::Group(id) => node_view(ctx, id, true, hooks).into_any(),
                            Piece::Box(id) => node_view(ctx, id, false, hooks).into_any(),
                            Piece::Line(id) => link_view(ctx, id, hooks).into_any(),
                            Piece::Title(id) => group_title(ctx, id, slots).into_any(),
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
                                rows.track();
                                slots.rows(ctx).into_iter().map(row_view).collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
