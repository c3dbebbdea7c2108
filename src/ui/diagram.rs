//! Renders the domain's diagram scene as SVG. Geometry comes from `domain::diagram`; this only
//! draws it, makes its elements focusable (Enter, Space or a click opens the field they stand
//! for), shows their problems on hover and focus, and exports the picture as SVG or PNG.

use super::check::Check;
use super::{open_field, Ctx};
use crate::domain::diagram::{
    layout_in, legend, tip, Fit, Label, Link, LinkKind, Node, NodeKind, Scene, TableRow, TEXT_X,
    TEXT_Y,
};
use crate::domain::finding::{Finding, Severity};
use crate::domain::model::Design;
use crate::domain::progress::Progress;
use crate::domain::sorted::VecMap;
use crate::domain::view::DesignView;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

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
.link-label{fill:#1b1f24;font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\
.sev-error rect,.link.sev-error polyline{stroke:#b3261e;stroke-width:2.5}\
.sev-warning rect,.link.sev-warning polyline{stroke:#8a5300;stroke-width:2.5}\
.badge{fill:#b3261e}.sev-warning .badge{fill:#8a5300}\
.badge-text{fill:#fff;font-size:12px;font-weight:700}\
.frame-title{font-size:16px;font-weight:700;fill:#1b1f24}.frame-meta{fill:#57606a}\
.frame-rule{stroke:#d0d7de;stroke-width:1}.legend text{fill:#1b1f24}\
.legend .swatch{stroke:#d0d7de;stroke-width:1.2}.legend .swatch.azure{fill:#e9f6ef}\
.legend .swatch.edge{fill:#eef3fb}.legend .swatch.ext{fill:#fff;stroke-dasharray:2 2}\
.legend .swatch.error{fill:#fff;stroke:#b3261e;stroke-width:2.5}\
.legend .swatch.warning{fill:#fff;stroke:#8a5300;stroke-width:2.5}";

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
    /// The scene drawn (laid out for the box's width).
    scene: Memo<Scene>,
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
    /// Left inset of a group's title.
    inset: RwSignal<i32>,
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
        let inset = n.as_ref().map_or(TEXT_X, |n| n.inset);
        NodeSlot {
            last: StoredValue::new(n),
            geo: RwSignal::new(geo),
            inset: RwSignal::new(inset),
            lines: RwSignal::new(lines),
            face: FaceSlot::new(face, flagged),
        }
    }

    fn refresh(self, n: &Node) {
        if self.last.with_value(|old| old.as_ref() == Some(n)) {
            return;
        }
        put(self.geo, (n.x, n.y, n.w, n.h));
        put(self.inset, n.inset);
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
    nodes: StoredValue<VecMap<String, Vec<NodeSlot>>>,
    links: StoredValue<VecMap<String, LinkSlot>>,
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
            nodes: StoredValue::new(VecMap::new()),
            links: StoredValue::new(VecMap::new()),
            rows: StoredValue::new(Vec::new()),
        }
    }

    /// The parts of the node `id` for an element being drawn, starting from the current scene;
    /// dropped with the element.
    fn node(self, scene: Memo<Scene>, id: &str) -> NodeSlot {
        let now = scene.with_untracked(|s| s.nodes.iter().find(|n| n.id == id).cloned());
        let slot = NodeSlot::new(now);
        let key = id.to_string();
        self.nodes
            .update_value(|m| m.get_or_insert(key.clone(), Vec::new()).push(slot));
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
    fn link(self, scene: Memo<Scene>, id: &str) -> LinkSlot {
        let now = scene.with_untracked(|s| s.links.iter().find(|l| l.id == id).cloned());
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
        let rows: Vec<_> = ctx.scene.with_untracked(|s| {
            s.table
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
                for slot in m.get(&n.id).into_iter().flatten() {
                    slot.refresh(n);
                }
            }
        });
        self.links.with_value(|m| {
            for l in &scene.links {
                if let Some(slot) = m.get(&l.id) {
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
fn node_view(id: String, group: bool, hooks: Hooks) -> impl IntoView {
    let slot = hooks.slots.node(hooks.scene, &id);
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
fn group_title(id: String, hooks: Hooks) -> impl IntoView {
    let slot = hooks.slots.node(hooks.scene, &id);
    let geo = slot.geo;
    let inset = slot.inset;
    let x = move || geo.get().0 + inset.get();
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
fn link_view(id: String, hooks: Hooks) -> impl IntoView {
    let slot = hooks.slots.link(hooks.scene, &id);
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

/// An SVG element named `tag` with `attrs`, and `text` when given.
fn svg_el(
    doc: &web_sys::Document,
    tag: &str,
    attrs: &[(&str, String)],
    text: Option<&str>,
) -> Option<web_sys::Element> {
    let el = doc.create_element_ns(Some(SVG_NS), tag).ok()?;
    for (k, v) in attrs {
        el.set_attribute(k, v).ok()?;
    }
    if let Some(t) = text {
        el.set_text_content(Some(t));
    }
    Some(el)
}

/// Today's date as YYYY-MM-DD (local time).
fn today() -> String {
    let d = js_sys::Date::new_0();
    let two = |n: u32| format!("{n:02}");
    format!(
        "{}-{}-{}",
        d.get_full_year(),
        two(d.get_month() + 1),
        two(d.get_date())
    )
}

/// A legend's colour sample: a small rounded box of class `swatch {class}` at (`x`, `y`).
fn swatch(doc: &web_sys::Document, class: &str, x: i32, y: i32) -> Option<web_sys::Element> {
    svg_el(
        doc,
        "rect",
        &[
            ("class", format!("swatch {class}")),
            ("x", x.to_string()),
            ("y", (y - 11).to_string()),
            ("width", "24".into()),
            ("height", "14".into()),
            ("rx", "3".into()),
        ],
        None,
    )
}

/// The legend of a downloaded diagram, `width` wide, at `top`; returns its height.
fn legend_el(doc: &web_sys::Document, g: &web_sys::Element, width: i32) -> Option<i32> {
    let (items, h) = legend(width);
    for it in items {
        let (x, y) = (it.x, it.y);
        let sample = match it.mark {
            crate::domain::diagram::Mark::Line(kind) => {
                let wrap = svg_el(
                    doc,
                    "g",
                    &[("class", format!("link {}", link_class(kind)))],
                    None,
                )?;
                let line = svg_el(
                    doc,
                    "polyline",
                    &[("points", format!("{x},{} {},{}", y - 4, x + 24, y - 4))],
                    None,
                )?;
                wrap.append_child(&line).ok()?;
                wrap
            }
            crate::domain::diagram::Mark::Box(kind) => swatch(
                doc,
                match kind {
                    NodeKind::Gateway | NodeKind::VirtualNetwork | NodeKind::Services => "azure",
                    NodeKind::ExternalCircuit => "ext",
                    _ => "edge",
                },
                x,
                y,
            )?,
            crate::domain::diagram::Mark::Finding(sev) => swatch(
                doc,
                if sev == Severity::Error {
                    "error"
                } else {
                    "warning"
                },
                x,
                y,
            )?,
        };
        g.append_child(&sample).ok()?;
        let text = svg_el(
            doc,
            "text",
            &[("x", (x + 30).to_string()), ("y", y.to_string())],
            Some(it.text),
        )?;
        g.append_child(&text).ok()?;
    }
    Some(h)
}

/// Height of a downloaded diagram's title band.
const FRAME_HEAD: i32 = 56;

/// The diagram as a standalone SVG document (styles inline, white background, no tooltip),
/// framed: a title with the design's name, the date and the findings count above the drawing,
/// the legend of its marks and colours below it. None when the diagram is not drawn (over
/// [`DRAW_MAX`] elements and not asked for).
pub(crate) fn standalone_svg() -> Option<(String, i32, i32)> {
    let doc = document()?;
    // Not drawn (over the cap): nothing to download.
    if doc.query_selector("#diagram-box.capped").ok()?.is_some() {
        return None;
    }
    let live = doc.query_selector("svg[data-testid='diagram']").ok()??;
    let svg: web_sys::Element = live.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    if let Ok(Some(t)) = svg.query_selector(".tip") {
        t.remove();
    }
    let vb = svg.get_attribute("viewBox").unwrap_or_default();
    let mut it = vb.split(' ').skip(2).map(|v| v.parse::<i32>().unwrap_or(0));
    let (w0, h0) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
    let w = w0.max(480);
    // The drawing, moved under the title band.
    let drawing = svg_el(
        &doc,
        "g",
        &[(
            "transform",
            format!("translate({},{FRAME_HEAD})", (w - w0) / 2),
        )],
        None,
    )?;
    while let Some(child) = svg.first_child() {
        drawing.append_child(&child).ok()?;
    }
    let name = super::library::current()
        .map(|lib| lib.entry().name)
        .filter(|n| !n.trim().is_empty())
        .or_else(|| {
            live.get_attribute("data-name")
                .filter(|n| !n.trim().is_empty())
        })
        .unwrap_or_else(|| "ExpressRoute design".into());
    let findings = live.get_attribute("data-findings").unwrap_or_default();
    let style = svg_el(&doc, "style", &[], Some(EXPORT_CSS))?;
    let bg = svg_el(
        &doc,
        "rect",
        &[
            ("class", "bg".into()),
            ("width", "100%".into()),
            ("height", "100%".into()),
        ],
        None,
    )?;
    svg.append_child(&style).ok()?;
    svg.append_child(&bg).ok()?;
    let head = [
        svg_el(
            &doc,
            "text",
            &[
                ("class", "frame-title".into()),
                ("x", MARGIN_X.to_string()),
                ("y", "26".into()),
            ],
            Some(&shorten(
                &format!("ExpressRoute topology: {name}"),
                (w - 2 * MARGIN_X) / 10,
            )),
        )?,
        svg_el(
            &doc,
            "text",
            &[
                ("class", "frame-meta".into()),
                ("x", MARGIN_X.to_string()),
                ("y", "44".into()),
            ],
            Some(&format!("{} · {findings}", today())),
        )?,
        svg_el(
            &doc,
            "line",
            &[
                ("class", "frame-rule".into()),
                ("x1", MARGIN_X.to_string()),
                ("x2", (w - MARGIN_X).to_string()),
                ("y1", "53".into()),
                ("y2", "53".into()),
            ],
            None,
        )?,
    ];
    for el in head {
        svg.append_child(&el).ok()?;
    }
    svg.append_child(&drawing).ok()?;
    let legend_g = svg_el(
        &doc,
        "g",
        &[
            ("class", "legend".into()),
            ("transform", format!("translate(0,{})", FRAME_HEAD + h0)),
        ],
        None,
    )?;
    let lh = legend_el(&doc, &legend_g, w)?;
    svg.append_child(&legend_g).ok()?;
    let h = FRAME_HEAD + h0 + lh + 8;
    svg.set_attribute("viewBox", &format!("0 0 {w} {h}")).ok()?;
    svg.set_attribute("width", &w.to_string()).ok()?;
    svg.set_attribute("height", &h.to_string()).ok()?;
    svg.set_attribute("xmlns", SVG_NS).ok()?;
    for attr in ["data-name", "data-findings", "class"] {
        let _ = svg.remove_attribute(attr);
    }
    let text = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&svg)
        .ok()?;
    Some((text, w, h))
}

/// `text` cut to `max` characters, ending with "…" when cut (the title is 16 px bold: about
/// 10 units a character).
fn shorten(text: &str, max: i32) -> String {
    let max = usize::try_from(max).unwrap_or(0).max(1);
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// Left margin of a downloaded diagram's title.
const MARGIN_X: i32 = 16;

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

/// Smallest fitted zoom, in thousandths: 12 px text is then 11 px on screen.
const READABLE: i32 = 920;
/// Largest fitted zoom (a small design in a large box).
const FIT_MAX: i32 = 1250;
/// Zoom limits, in thousandths.
const ZOOM_MIN: i32 = 250;
const ZOOM_MAX: i32 = 4000;
/// Most elements drawn without being asked: a design near the element limits has tens of
/// thousands, too small to read at any zoom that shows them, and drawing them would hold the
/// page for seconds.
pub const DRAW_MAX: usize = 3_000;

thread_local! {
    /// The cap diagrams mounted from now on use ([`set_draw_max`]).
    static CAP: std::cell::Cell<usize> = const { std::cell::Cell::new(DRAW_MAX) };
}

/// Sets the most elements diagrams mounted from now on draw without being asked ([`DRAW_MAX`]
/// unless set; the browser tests lower it to try the cap on a small design).
pub fn set_draw_max(n: usize) {
    CAP.with(|c| c.set(n));
}

/// Calls `obj[name](args…)` (methods web-sys is not built with here).
fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(obj, &name.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(obj, &list).ok()
}

/// A computed style property of `el`, in whole pixels when it is a length in pixels.
fn computed_px(el: &web_sys::Element, prop: &str) -> Option<i32> {
    let window: JsValue = web_sys::window()?.into();
    let style = call(&window, "getComputedStyle", &[el.into()])?;
    let v = call(&style, "getPropertyValue", &[prop.into()])?.as_string()?;
    let v = v.trim().strip_suffix("px")?;
    v.split('.').next()?.parse().ok()
}

fn computed(el: &web_sys::Element, prop: &str) -> String {
    web_sys::window()
        .and_then(|w| call(&w.into(), "getComputedStyle", &[el.into()]))
        .and_then(|s| call(&s, "getPropertyValue", &[prop.into()]))
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

thread_local! {
    /// The diagram box's own style sheet (constructed, adopted by the document).
    static SHEET: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// Sets the rules of the diagram's own constructed style sheet: the page's policy allows no
/// style attribute, and a constructed sheet is neither markup nor an attribute.
fn set_rules(css: &str) {
    SHEET.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let (Some(window), Some(doc)) = (web_sys::window(), document()) else {
                return;
            };
            let Ok(ctor) = js_sys::Reflect::get(&window, &"CSSStyleSheet".into()) else {
                return;
            };
            let Ok(ctor) = ctor.dyn_into::<js_sys::Function>() else {
                return;
            };
            let Ok(sheet) = js_sys::Reflect::construct(&ctor, &js_sys::Array::new()) else {
                return;
            };
            let Ok(adopted) = js_sys::Reflect::get(&doc, &"adoptedStyleSheets".into()) else {
                return;
            };
            let list = js_sys::Array::from(&adopted);
            list.push(&sheet);
            let _ = js_sys::Reflect::set(&doc, &"adoptedStyleSheets".into(), &list);
            *slot = Some(sheet);
        }
        if let Some(sheet) = slot.as_ref() {
            let _ = call(sheet, "replaceSync", &[css.into()]);
        }
    });
}

/// What the page gives the diagram: the box's width and the height available to it (none when
/// the container grows with its content), in CSS pixels.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Room {
    width: i32,
    height: Option<i32>,
}

impl Room {
    /// The room before the box is measured: at most the window's width (the drawing then
    /// fits the window, not every circuit side by side, which at the design limits would lay
    /// out thousands of elements before the first paint), its height free.
    fn guess() -> Room {
        let width = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .map_or(1280, |w| w as i32)
            .max(320);
        Room {
            width,
            height: None,
        }
    }
}

/// The scene drawn: laid out once per change, for the box's room (when measured, else
/// [`Room::guess`]; every circuit side by side when they fit, else the circuit being edited in
/// full, and without the routers' and edges' addresses when too tall) and with the findings
/// the wizard shows ([`crate::domain::progress`]). Read lazily: a closed diagram lays out
/// nothing.
pub(crate) fn scene(
    design: RwSignal<Design>,
    check: Check,
    view: Memo<DesignView>,
    progress: RwSignal<Progress>,
    circuit: RwSignal<usize>,
    room: RwSignal<Option<Room>>,
) -> Memo<Scene> {
    Memo::new(move |_| {
        let r = room.get().unwrap_or_else(Room::guess);
        let fit = Fit {
            width: r.width.saturating_mul(1000) / READABLE,
            height: r
                .height
                .map_or(i32::MAX, |h| h.saturating_mul(1000) / READABLE),
            focus: circuit.get(),
        };
        let scene = view.with(|v| {
            progress.with(|p| {
                design.with_untracked(|d| {
                    if v.findings.iter().all(|f| p.shows(&f.path)) {
                        check.timed(true, || layout_in(d, &v.findings, fit))
                    } else {
                        let shown: Vec<Finding> = v
                            .findings
                            .iter()
                            .filter(|f| p.shows(&f.path))
                            .cloned()
                            .collect();
                        check.timed(true, || layout_in(d, &shown, fit))
                    }
                })
            })
        });
        // After the run: a first layout found slow already waits for the clock.
        check.follow(design);
        scene
    })
}

/// Measures the room the figure has in its container.
fn measure(figure: &web_sys::Element, scroll: &web_sys::Element) -> Option<Room> {
    let container = figure.parent_element()?;
    let width = figure.client_width();
    if width <= 0 {
        return None;
    }
    let window = web_sys::window()?;
    let inner = window.inner_height().ok()?.as_f64().unwrap_or(0.0) as i32;
    // A definite limit: the container's max-height or height, or the viewport when it sticks.
    let limit = computed_px(&container, "max-height").or_else(|| {
        (computed(&container, "position") == "sticky").then(|| {
            let top = computed_px(&container, "top").unwrap_or(0);
            inner - top - 16
        })
    });
    let height = limit.map(|limit| {
        let others = container.scroll_height() - scroll.client_height();
        (limit.min(inner) - others - 4).max(160)
    });
    Some(Room { width, height })
}

/// The live topology diagram: every circuit side by side with its links, addresses, peerings,
/// gateways, VNets, connections and Global Reach, laid out for the width of its box and fitted
/// to it (zoom and pan with the buttons, the keyboard, Ctrl and the wheel, or by dragging).
/// Elements are keyed by their stable ids and follow their own slice of the scene, so a
/// keystroke updates the few texts and attributes that changed instead of redrawing elements.
#[component]
pub fn Diagram() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let room = ctx.room;
    let zoom = RwSignal::new(None::<i32>);
    let scene = ctx.scene;
    let size = Memo::new(move |_| scene.with(|s| (s.width, s.height)));
    // The fitted zoom: the whole drawing in the box, text no smaller than 11 px (a drawing
    // taller than that allows scrolls, with the cue).
    let fit = Memo::new(move |_| {
        let (w, h) = size.get();
        let Some(r) = room.get() else {
            return 1000;
        };
        let by_w = r.width.saturating_mul(1000) / w.max(1);
        let by_h = r
            .height
            .map_or(FIT_MAX, |a| a.saturating_mul(1000) / h.max(1));
        by_w.min(by_h.max(READABLE)).min(FIT_MAX)
    });
    let scale = Memo::new(move |_| zoom.get().unwrap_or_else(|| fit.get()));
    let px = move |units: i32| units.saturating_mul(scale.get()) / 1000;
    // The box keeps the fitted drawing's height (at most the room there is); zooming in
    // scrolls inside it.
    let box_h = Memo::new(move |_| {
        let h = size.get().1.saturating_mul(fit.get()) / 1000;
        room.get().and_then(|r| r.height).map_or(h, |a| h.min(a))
    });
    // Fitted to the box's width (not its height): the drawing takes the box's width by CSS, as
    // the space kept for it at startup does, up to 125 %; the box's height follows it.
    let fills = Memo::new(move |_| {
        let (w, h) = size.get();
        zoom.get().is_none()
            && room.get().is_none_or(|r| {
                let by_w = r.width.saturating_mul(1000) / w.max(1);
                r.height
                    .is_none_or(|a| by_w.min(FIT_MAX) <= a.saturating_mul(1000) / h.max(1))
            })
    });
    let overflow = Memo::new(move |_| {
        let (w, h) = size.get();
        let s = scale.get();
        let bw = room.get().map_or(i32::MAX, |r| r.width);
        w.saturating_mul(s) / 1000 > bw.saturating_add(1)
            || h.saturating_mul(s) / 1000 > box_h.get().saturating_add(1)
    });

    // The pieces change when elements come or go, not on most keystrokes: compared with the
    // scene in place, and rebuilt only when different.
    let cap = CAP.with(std::cell::Cell::get);
    let keys = RwSignal::new(scene.with_untracked(|s| {
        if s.nodes.len() + s.links.len() > cap {
            Vec::new()
        } else {
            piece_keys(s)
        }
    }));
    let hooks = Hooks {
        ctx,
        active: RwSignal::new(None),
        slots: Slots::new(),
        scene,
    };
    let slots = hooks.slots;
    // How many elements the scene has, and whether they are drawn (see [`DRAW_MAX`]).
    let elements = Memo::new(move |_| scene.with(|s| s.nodes.len() + s.links.len()));
    let draw_all = RwSignal::new(false);
    let capped = Memo::new(move |_| elements.get() > cap && !draw_all.get());
    Effect::new(move |_| {
        if capped.get() {
            if keys.with_untracked(|k| !k.is_empty()) {
                keys.set(Vec::new());
            }
            return;
        }
        scene.with(|s| {
            let same = keys.with_untracked(|k| k.iter().map(Piece::parts).eq(pieces(s)));
            if !same {
                keys.set(piece_keys(s));
            }
            slots.sync(s);
        })
    });

    // Measuring: when the container or the window changes size.
    let figure_ref = NodeRef::<leptos::html::Figure>::new();
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    // The observers outlive the figure: once it is gone (its signals disposed) they do nothing.
    let remeasure = move || {
        let (Some(Some(f)), Some(Some(sc))) = (
            figure_ref.try_get_untracked(),
            scroll_ref.try_get_untracked(),
        ) else {
            return;
        };
        if let Some(r) = measure(&f, &sc) {
            if room.try_get_untracked().is_some_and(|old| old != Some(r)) {
                room.try_set(Some(r));
            }
        }
    };
    Effect::new(move |_| {
        let Some(f) = figure_ref.get() else { return };
        remeasure();
        let cb = Closure::<dyn Fn()>::new(remeasure);
        let window: JsValue = web_sys::window().map(Into::into).unwrap_or(JsValue::NULL);
        if let Ok(ctor) = js_sys::Reflect::get(&window, &"ResizeObserver".into()) {
            if let Ok(ctor) = ctor.dyn_into::<js_sys::Function>() {
                if let Ok(ro) = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(cb.as_ref()))
                {
                    let target: JsValue = f
                        .parent_element()
                        .map_or_else(|| f.clone().into(), Into::into);
                    let _ = call(&ro, "observe", &[target]);
                    let _ = call(&ro, "observe", &[f.clone().into()]);
                }
            }
        }
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("resize", cb.as_ref().unchecked_ref());
        }
        cb.forget();
    });
    // The box's height, in the diagram's own style sheet.
    Effect::new(move |_| {
        let h = box_h.get();
        // Zoomed, or taller than the room at the smallest readable zoom: the box keeps the
        // fitted height and scrolls; else it takes the drawing's height.
        if fills.get() || !(zoom.get().is_some() || overflow.get()) {
            set_rules("");
        } else {
            set_rules(&format!("#diagram-box{{height:{h}px}}"));
        }
    });

    let zoom_by = move |num: i32, den: i32| {
        let now = scale.get_untracked();
        let next = (now.saturating_mul(num) / den).clamp(ZOOM_MIN, ZOOM_MAX);
        let fitted = fit.get_untracked();
        // Passing the fitted zoom on the way stops there.
        let next = if (now < fitted && next > fitted) || (now > fitted && next < fitted) {
            fitted
        } else {
            next
        };
        zoom.set((next != fitted).then_some(next));
    };
    let fit_now = move || zoom.set(None);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "+" | "=" => zoom_by(5, 4),
            "-" | "_" => zoom_by(4, 5),
            "0" => fit_now(),
            _ => return,
        }
        ev.prevent_default();
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if ev.ctrl_key() {
            ev.prevent_default();
            if ev.delta_y() < 0.0 {
                zoom_by(10, 9);
            } else {
                zoom_by(9, 10);
            }
        }
    };
    // Dragging the background pans.
    let drag = StoredValue::new(None::<(i32, i32, i32, i32)>);
    let on_down = move |ev: leptos::ev::MouseEvent| {
        if ev.button() != 0 || !overflow.get_untracked() {
            return;
        }
        let on_element = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[role='button']").ok().flatten())
            .is_some();
        if let (false, Some(sc)) = (on_element, scroll_ref.get_untracked()) {
            drag.set_value(Some((
                ev.client_x(),
                ev.client_y(),
                sc.scroll_left(),
                sc.scroll_top(),
            )));
            ev.prevent_default();
        }
    };
    let on_move = move |ev: leptos::ev::MouseEvent| {
        if let (Some((x, y, l, t)), Some(sc)) = (drag.get_value(), scroll_ref.get_untracked()) {
            if ev.buttons() & 1 == 0 {
                drag.set_value(None);
                return;
            }
            sc.set_scroll_left(l - (ev.client_x() - x));
            sc.set_scroll_top(t - (ev.client_y() - y));
        }
    };
    let on_up = move |_| drag.set_value(None);

    let vb = move || size.with(|(w, h)| format!("0 0 {w} {h}"));
    let width = move || {
        let w = size.get().0;
        if fills.get() {
            w.saturating_mul(FIT_MAX) / 1000
        } else {
            px(w)
        }
    };
    let height = move || {
        let h = size.get().1;
        if fills.get() {
            h.saturating_mul(FIT_MAX) / 1000
        } else {
            px(h)
        }
    };
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
    let title = Memo::new(move |_| scene.with(|s| s.title.clone()));
    let description = Memo::new(move |_| scene.with(|s| s.description.clone()));
    let rows = Memo::new(move |_| scene.with(|s| s.table.len()));
    let name = ctx.text(|d| d.name.trim().to_string());
    let counts = ctx.view_part(|v| v.counts);
    let findings_text = move || {
        let (e, w, _) = counts.get();
        let n = |k: usize, word: &str| format!("{k} {word}{}", if k == 1 { "" } else { "s" });
        format!("{}, {}", n(e, "error"), n(w, "warning"))
    };
    let percent = move || format!("{} %", (scale.get() + 5) / 10);
    view! {
        <figure class="diagram-figure" node_ref=figure_ref>
            <div class="diagram-tools" role="toolbar" aria-label="Diagram" aria-controls="diagram-box">
                <div class="zoom-tools">
                    <button type="button" data-testid="zoom-out" aria-label="Zoom out" title="Zoom out (−)" on:click=move |_| zoom_by(4, 5)>
                        "−"
                    </button>
                    <output class="zoom-level" data-testid="zoom-level" aria-live="polite">{percent}</output>
                    <button type="button" data-testid="zoom-in" aria-label="Zoom in" title="Zoom in (+)" on:click=move |_| zoom_by(5, 4)>
                        "+"
                    </button>
                    <button type="button" data-testid="zoom-fit" title="Fit the whole drawing in the box (0)" aria-pressed=move || zoom.get().is_none().to_string() on:click=move |_| fit_now()>
                        "Fit"
                    </button>
                </div>
                <button
                    type="button"
                    data-testid="download-svg"
                    disabled=move || capped.get()
                    aria-label="Download SVG"
                    title="Download the diagram as SVG"
                    on:click=move |_| download_svg()
                >
                    "SVG"
                </button>
                <button
                    type="button"
                    data-testid="download-png"
                    disabled=move || capped.get()
                    aria-label="Download PNG"
                    title="Download the diagram as PNG"
                    on:click=move |_| download_png()
                >
                    "PNG"
                </button>
            </div>
            <div
                class="diagram-scroll"
                class:overflows=move || overflow.get()
                class:capped=move || capped.get()
                id="diagram-box"
                data-testid="diagram-box"
                node_ref=scroll_ref
                tabindex="0"
                role="group"
                aria-label="Topology drawing: + and − zoom, 0 fits, arrow keys pan"
                on:keydown=on_key
                on:wheel=on_wheel
                on:mousedown=on_down
                on:mousemove=on_move
                on:mouseup=on_up
            >
                <svg
                    class="diagram"
                    class:fills=move || fills.get()
                    viewBox=vb
                    width=width
                    height=height
                    role="graphics-document"
                    aria-labelledby="diagram-title diagram-desc"
                    data-testid="diagram"
                    data-name=move || name.get()
                    data-findings=findings_text
                    xmlns=SVG_NS
                >
                    <title id="diagram-title">{move || title.get()}</title>
                    <desc id="diagram-desc">{move || description.get()}</desc>
                    <For
                        each=move || keys.get()
                        key=|p| p.clone()
                        children=move |p| match p {
                            Piece::Group(id) => node_view(id, true, hooks).into_any(),
                            Piece::Box(id) => node_view(id, false, hooks).into_any(),
                            Piece::Line(id) => link_view(id, hooks).into_any(),
                            Piece::Title(id) => group_title(id, hooks).into_any(),
                        }
                    />
                    {tip_view}
                </svg>
            </div>
            {move || {
                capped.get().then(|| {
                    view! {
                        <p class="diagram-capped" data-testid="diagram-capped">
                            {format!(
                                "This design has {} elements: drawn, they would be too small to read and would hold the page for seconds. The table below and the findings list them all. ",
                                elements.get(),
                            )}
                            <button type="button" data-testid="draw-all" on:click=move |_| draw_all.set(true)>
                                "Draw it anyway"
                            </button>
                        </p>
                    }
                })
            }}
            <p class="diagram-hint" data-testid="diagram-hint" hidden=move || !overflow.get()>
                "Part of the drawing is outside the box: scroll, drag or use the arrow keys; 0 or Fit shows it whole."
            </p>
            <figcaption>
                "Primary solid, secondary dashed. Select an element to edit it."
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
