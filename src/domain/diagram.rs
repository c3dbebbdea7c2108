//! Diagram geometry: a design and its findings → a scene of boxes, links, labels and badges with
//! integer coordinates. Pure and deterministic; the UI only renders the scene as SVG.
//!
//! The picture flows top to bottom, one column per circuit (side by side):
//!
//! ```text
//! Your network      [router primary]   [router secondary]   (one group over all circuits)
//!                        │ Primary · 1 Gbps  │
//! Provider / Direct  [provider edge]    [provider edge]     (one group per circuit)
//!                        │ Private · VLAN 100, /30s, /126s
//! Microsoft edge     [MSEE primary]     [MSEE secondary]    (one group per circuit)
//!                    ── Global Reach lanes (/29) between circuit columns ──
//! Peerings           [private peering]  [Microsoft peering]   [circuit outside the design]
//!                        ╲ connection · weight · FastPath
//! Azure              [gateway] [gateway] … [Microsoft 365 · Azure]
//!                    [VNet]    [VNet]
//! ```
//!
//! Geometry rules the tests check: boxes that are not groups never overlap; groups never overlap
//! each other; a box and a group are either disjoint or the box lies wholly inside the group;
//! everything lies inside the canvas; every text line fits inside its box; link labels lie beside
//! their line, inside the canvas; links start and end on the borders of the nodes they join.

use super::catalog;
use super::derived::{peering_addresses, PeeringAddresses};
use super::finding::{Finding, Severity};
use super::model::{Circuit, Design, Encapsulation, GatewaySku, Peering, PortType, SubnetMode};
use super::net::parse_uint;
use super::rules::circuit::{bandwidth_label, circuit_location};
use super::rules::peering::{COMMUNITIES, MICROSOFT_ASN};
use std::collections::BTreeMap;

/// Width of one character of 12 px text, rounded up (system sans-serif).
pub const CHAR_W: i32 = 7;
/// Distance between two text lines in a box.
pub const LINE_H: i32 = 15;
/// Distance between two lines of a link label.
pub const LABEL_H: i32 = 13;
/// Width of every box that is not a group.
pub const NODE_W: i32 = 184;
/// Inner padding of a group (and the gap between boxes in a row).
pub const PAD: i32 = 12;
/// Outer margin of the canvas.
pub const MARGIN: i32 = 16;
/// Left inset of a box's text.
pub const TEXT_X: i32 = 8;
/// Baseline of a box's first text line below its top edge.
pub const TEXT_Y: i32 = 18;
/// Height of a group's title band (its boxes start below it).
pub const GROUP_HEAD: i32 = 26;
/// Width of a circuit column (its groups).
pub const CIRCUIT_W: i32 = 2 * NODE_W + 3 * PAD;
/// Gap between two circuit columns.
pub const CIRCUIT_GAP: i32 = 48;
/// Offset of a vertical circuit link from its box's left edge.
pub const LINK_X: i32 = 22;
/// Distance between Global Reach lanes.
const LANE_H: i32 = 30;
/// Text lines of a tooltip at most.
const TIP_LINES: usize = 8;
/// Characters of a tooltip line at most.
const TIP_CHARS: usize = 46;

/// What a node represents (drives its style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A background group (customer site, provider, Microsoft edge, Azure).
    Group,
    /// Customer edge router.
    CustomerEdge,
    /// Provider edge router.
    ProviderEdge,
    /// One port of an ExpressRoute Direct port pair.
    DirectPort,
    /// Microsoft Enterprise Edge router (MSEE).
    MicrosoftEdge,
    /// A peering of a circuit (private or Microsoft).
    Peering,
    /// A circuit named by a connection or Global Reach but not part of this design.
    ExternalCircuit,
    /// Microsoft 365 / Azure public services reached over Microsoft peering.
    Services,
    /// ExpressRoute virtual network gateway.
    Gateway,
    /// Virtual network.
    VirtualNetwork,
}

/// A box on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    /// Stable id (`ce-primary`, `c2-msee-secondary`, `gateway-0`, …), also the DOM id suffix.
    pub id: String,
    /// Kind.
    pub kind: NodeKind,
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
    /// Text lines, the first is the title; already shortened to fit.
    pub lines: Vec<String>,
    /// Worst finding (error or warning) on this element.
    pub severity: Option<Severity>,
    /// Messages of the errors and warnings on this element (for hover and focus).
    pub notes: Vec<String>,
    /// Field to open when the element is activated (empty for groups).
    pub target: String,
}

/// What a link represents (drives its style and whether it is interactive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// A hop of the primary link.
    Primary,
    /// A hop of the secondary link.
    Secondary,
    /// A structural line (edge → peering, gateway → VNet); not interactive.
    Attachment,
    /// A connection between a circuit and a gateway.
    Connection,
    /// Microsoft peering to the services it reaches.
    Services,
    /// Global Reach between two circuits.
    GlobalReach,
}

/// One line of text placed on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// Anchor x: the left end, or the middle when `middle`.
    pub x: i32,
    /// Baseline.
    pub y: i32,
    /// Centred on `x` (`text-anchor: middle`).
    pub middle: bool,
    /// Text, already shortened to fit.
    pub text: String,
}

impl Label {
    /// Left and right ends of the text (estimated with [`CHAR_W`]).
    pub fn span(&self) -> (i32, i32) {
        let w = text_w(&self.text);
        if self.middle {
            (self.x - w / 2, self.x + w - w / 2)
        } else {
            (self.x, self.x + w)
        }
    }
}

/// A line (or polyline) between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    /// Stable id (`link-primary-1`, `c2-link-secondary-2`, `connection-0`, `global-reach-0`, …).
    pub id: String,
    /// Kind.
    pub kind: LinkKind,
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// The polyline's points, from the source's border to the target's border.
    pub points: Vec<(i32, i32)>,
    /// Label lines.
    pub labels: Vec<Label>,
    /// Accessible name (what the link is).
    pub name: String,
    /// Worst finding on this link.
    pub severity: Option<Severity>,
    /// Finding messages.
    pub notes: Vec<String>,
    /// Field to open when activated (empty for attachments).
    pub target: String,
}

impl Link {
    /// Where the link's badge goes: left of its first label, else the middle of its first
    /// segment.
    pub fn badge(&self) -> (i32, i32) {
        if let Some(l) = self.labels.first() {
            return (l.span().0 - 9, l.y - 4);
        }
        match (self.points.first(), self.points.get(1)) {
            (Some(a), Some(b)) => ((a.0 + b.0) / 2, (a.1 + b.1) / 2),
            (Some(a), None) => *a,
            _ => (0, 0),
        }
    }
}

/// One row of the text alternative: a link of a peering with both ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableRow {
    /// Circuit name.
    pub circuit: String,
    /// "Private peering · Primary link", …
    pub link: String,
    /// VLAN ID, or "—".
    pub vlan: String,
    /// Customer address with its prefix length.
    pub customer: String,
    /// Microsoft's address.
    pub microsoft: String,
    /// "65001 ↔ 12076".
    pub asns: String,
}

/// A tooltip box with the messages of one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tip {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
    /// Text lines (wrapped).
    pub lines: Vec<String>,
}

/// Everything the SVG draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Canvas width.
    pub width: i32,
    /// Canvas height.
    pub height: i32,
    /// One-line title (for `<title>`).
    pub title: String,
    /// Longer description (for `<desc>`).
    pub description: String,
    /// Boxes, groups first.
    pub nodes: Vec<Node>,
    /// Links.
    pub links: Vec<Link>,
    /// The links and addresses as table rows (text alternative).
    pub table: Vec<TableRow>,
}

/// Estimated width of a text line.
pub fn text_w(text: &str) -> i32 {
    i32::try_from(text.chars().count())
        .unwrap_or(i32::MAX / CHAR_W)
        .saturating_mul(CHAR_W)
}

/// Shortens `text` to fit `width` units, ending with "…" when cut.
pub fn fit(text: &str, width: i32) -> String {
    let max = usize::try_from(width.max(0) / CHAR_W).unwrap_or(0).max(1);
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn or_dash(s: &str) -> &str {
    let t = s.trim();
    if t.is_empty() {
        "—"
    } else {
        t
    }
}

/// `s` trimmed, or `fallback` when empty (box text avoids a bare "—": it is read aloud).
fn or_else(s: &str, fallback: &str) -> String {
    let t = s.trim();
    if t.is_empty() { fallback } else { t }.to_string()
}

/// "AS 65001 ↔ 12076", or "Peer ASN not set".
fn asn_line(asn: &str) -> String {
    match asn.trim() {
        "" => "Peer ASN not set".to_string(),
        a => format!("AS {a} ↔ {MICROSOFT_ASN}"),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// An element findings can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Ce(usize),
    Pe(usize),
    Msee(usize),
    Hop1(usize),
    Hop2(usize, usize),
    Peering(usize, usize),
    Services(usize),
    Gateway(usize),
    Vnet(usize),
    Connection(usize),
    GlobalReach(usize),
}

#[derive(Default)]
struct Marks {
    severity: Option<Severity>,
    notes: Vec<String>,
}

/// `list[3].rest` → ("list", 3, "rest").
fn split_path(path: &str) -> Option<(&str, usize, &str)> {
    let (list, rest) = path.split_once('[')?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    Some((list, index, rest.strip_prefix('.').unwrap_or(rest)))
}

fn circuit_keys(c: usize, field: &str, out: &mut Vec<Key>) {
    for (p, name) in [(0, "privatePeering"), (1, "microsoftPeering")] {
        let Some(rest) = field.strip_prefix(name) else {
            continue;
        };
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        if rest.starts_with("peerAsn") {
            out.push(Key::Ce(c));
        } else if rest.starts_with("primarySubnet") {
            out.push(Key::Hop2(c, 0));
        } else if rest.starts_with("secondarySubnet") {
            out.push(Key::Hop2(c, 1));
        } else if [
            "vlanId",
            "subnetMode",
            "subnet29",
            "addressFamily",
            "sharedKey",
        ]
        .iter()
        .any(|f| rest.starts_with(f))
        {
            out.extend([Key::Hop2(c, 0), Key::Hop2(c, 1)]);
        } else {
            out.push(Key::Peering(c, p));
        }
        return;
    }
    let head = field.split(['.', '[']).next().unwrap_or("");
    out.push(match head {
        "bandwidthMbps" | "bandwidthGbps" => Key::Hop1(c),
        "provider"
        | "portType"
        | "providerStatus"
        | "providerManagedRouting"
        | "directPort"
        | "directAuthorizationKey"
        | "rateLimiting" => Key::Pe(c),
        _ => Key::Msee(c),
    });
}

/// Sorts the errors and warnings onto the elements they concern.
fn marks(d: &Design, circuits: &[Circuit], findings: &[Finding]) -> BTreeMap<Key, Marks> {
    let mut map: BTreeMap<Key, Marks> = BTreeMap::new();
    let mut keys = Vec::new();
    for f in findings.iter().filter(|f| f.severity != Severity::Info) {
        keys.clear();
        let Some((list, i, rest)) = split_path(&f.path) else {
            continue;
        };
        match list {
            "circuits" => circuit_keys(i, rest, &mut keys),
            "gateways" => keys.push(Key::Gateway(i)),
            "virtualNetworks" => keys.push(Key::Vnet(i)),
            "connections" => keys.push(Key::Connection(i)),
            "globalReach" => keys.push(Key::GlobalReach(i)),
            "directPorts" => {
                let name = d.direct_ports.get(i).map(|p| p.name.trim()).unwrap_or("");
                for (c, circuit) in circuits.iter().enumerate() {
                    if circuit.port_type == PortType::Direct
                        && !name.is_empty()
                        && circuit.direct_port.trim().eq_ignore_ascii_case(name)
                    {
                        keys.push(Key::Pe(c));
                    }
                }
            }
            "routeFilters" => {
                let name = d.route_filters.get(i).map(|r| r.name.trim()).unwrap_or("");
                for (c, circuit) in circuits.iter().enumerate() {
                    if circuit.microsoft_peering.as_ref().is_some_and(|m| {
                        !name.is_empty() && m.route_filter.trim().eq_ignore_ascii_case(name)
                    }) {
                        keys.push(Key::Services(c));
                    }
                }
            }
            _ => {}
        }
        for k in &keys {
            let m = map.entry(*k).or_default();
            m.severity = Some(m.severity.map_or(f.severity, |s| s.min(f.severity)));
            if !m.notes.contains(&f.message) {
                m.notes.push(f.message.clone());
            }
        }
    }
    map
}

/// A link end: (inside this design, index of the circuit or of the outside circuit).
type End = (bool, usize);

fn same(a: &str, b: &str) -> bool {
    let a = a.trim();
    !a.is_empty() && a.eq_ignore_ascii_case(b.trim())
}

/// Height of a box with `lines` text lines.
fn box_h(lines: usize) -> i32 {
    let n = i32::try_from(lines.max(2)).unwrap_or(2);
    TEXT_Y + LINE_H * (n - 1) + 10
}

/// Height of a band holding `lines` lines of link label.
fn band_h(lines: usize) -> i32 {
    let n = i32::try_from(lines.max(1)).unwrap_or(1);
    14 + LABEL_H * n + 4
}

/// Node ids and the circuit-name prefix: circuit 1 keeps the short ids (`ce-primary`), the
/// others are prefixed (`c2-ce-primary`).
fn prefix(c: usize) -> String {
    if c == 0 {
        String::new()
    } else {
        format!("c{}-", c + 1)
    }
}

const ROLES: [&str; 2] = ["primary", "secondary"];
const ROLE_TITLES: [&str; 2] = ["Primary", "Secondary"];

/// The peerings of a circuit that exist: (index 0 private / 1 Microsoft, short tag, peering).
fn peerings(c: &Circuit) -> Vec<(usize, &'static str, &Peering)> {
    let mut v = Vec::new();
    if let Some(p) = &c.private_peering {
        v.push((0, "Private", p));
    }
    if let Some(m) = &c.microsoft_peering {
        v.push((1, "Microsoft", &m.peering));
    }
    v
}

fn role_links(a: &PeeringAddresses, r: usize) -> [Option<&super::derived::LinkAddresses>; 2] {
    if r == 0 {
        [a.primary_v4.as_ref(), a.primary_v6.as_ref()]
    } else {
        [a.secondary_v4.as_ref(), a.secondary_v6.as_ref()]
    }
}

/// The field a circuit link opens: the role's subnet of the first peering.
fn link_target(c: usize, circuit: &Circuit, r: usize) -> String {
    let (name, p) = match (&circuit.private_peering, &circuit.microsoft_peering) {
        (Some(p), _) => ("privatePeering", p),
        (None, Some(m)) => ("microsoftPeering", &m.peering),
        (None, None) => return format!("circuits[{c}].privatePeering.vlanId"),
    };
    let field = if !p.address_family.has_v4() {
        ["primarySubnetV6", "secondarySubnetV6"][r]
    } else if p.subnet_mode == SubnetMode::OneSlash29 {
        "subnet29"
    } else {
        ["primarySubnet", "secondarySubnet"][r]
    };
    format!("circuits[{c}].{name}.{field}")
}

fn sku_text(sku: GatewaySku) -> &'static str {
    match sku {
        GatewaySku::Standard => "Standard",
        GatewaySku::HighPerformance => "HighPerformance",
        GatewaySku::UltraPerformance => "UltraPerformance",
        GatewaySku::ErGw1AZ => "ErGw1AZ",
        GatewaySku::ErGw2AZ => "ErGw2AZ",
        GatewaySku::ErGw3AZ => "ErGw3AZ",
        GatewaySku::ErGwScale => "ErGwScale",
        GatewaySku::Basic => "Basic",
    }
}

/// Nodes under construction: lines not yet fitted, position set by row.
struct Draft {
    id: String,
    kind: NodeKind,
    x: i32,
    lines: Vec<String>,
    key: Option<Key>,
    target: String,
}

/// Builds the scene.
struct Builder {
    marks: BTreeMap<Key, Marks>,
    nodes: Vec<Node>,
    links: Vec<Link>,
}

impl Builder {
    fn mark(&self, key: Option<Key>) -> (Option<Severity>, Vec<String>) {
        key.and_then(|k| self.marks.get(&k))
            .map_or((None, Vec::new()), |m| (m.severity, m.notes.clone()))
    }

    fn group(&mut self, id: String, x: i32, y: i32, w: i32, h: i32, title: &str) {
        self.nodes.push(Node {
            id,
            kind: NodeKind::Group,
            x,
            y,
            w,
            h,
            lines: vec![fit(title, w - 2 * TEXT_X)],
            severity: None,
            notes: Vec::new(),
            target: String::new(),
        });
    }

    /// Places a row of drafts at `y`, all `h` high.
    fn row(&mut self, drafts: Vec<Draft>, y: i32, h: i32) {
        for dr in drafts {
            let (severity, notes) = self.mark(dr.key);
            self.nodes.push(Node {
                id: dr.id,
                kind: dr.kind,
                x: dr.x,
                y,
                w: NODE_W,
                h,
                lines: dr
                    .lines
                    .iter()
                    .map(|l| fit(l, NODE_W - 2 * TEXT_X))
                    .collect(),
                severity,
                notes,
                target: dr.target,
            });
        }
    }

    fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    #[allow(clippy::too_many_arguments)]
    fn link(
        &mut self,
        id: String,
        kind: LinkKind,
        from: &str,
        to: &str,
        points: Vec<(i32, i32)>,
        labels: Vec<Label>,
        name: String,
        key: Option<Key>,
        target: String,
    ) {
        let (severity, notes) = self.mark(key);
        self.links.push(Link {
            id,
            kind,
            from: from.to_string(),
            to: to.to_string(),
            points,
            labels,
            name,
            severity,
            notes,
            target,
        });
    }

    /// An unlabelled attachment line (no name, no findings, no target field).
    fn attach(&mut self, id: String, from: &str, to: &str, points: Vec<(i32, i32)>) {
        self.link(
            id,
            LinkKind::Attachment,
            from,
            to,
            points,
            Vec::new(),
            String::new(),
            None,
            String::new(),
        );
    }

    /// A straight line from the bottom centre of `from` to the top centre of `to`.
    fn down(&self, from: &str, to: &str, dx: i32) -> Option<Vec<(i32, i32)>> {
        let a = self.node(from)?;
        let b = self.node(to)?;
        Some(vec![
            (a.x + a.w / 2 + dx, a.y + a.h),
            (b.x + b.w / 2 + dx, b.y),
        ])
    }
}

/// Lays out the design: every circuit side by side with its links and addresses, the peerings,
/// Global Reach, connections, gateways, VNets and the Microsoft services.
pub fn layout(design: &Design, findings: &[Finding]) -> Scene {
    let fallback = [Circuit::default()];
    let circuits: &[Circuit] = if design.circuits.is_empty() {
        &fallback
    } else {
        &design.circuits
    };
    let n = circuits.len();
    let mut b = Builder {
        marks: marks(design, circuits, findings),
        nodes: Vec::new(),
        links: Vec::new(),
    };
    let col_x = |c: usize| MARGIN + i32::try_from(c).unwrap_or(0) * (CIRCUIT_W + CIRCUIT_GAP);
    let node_x =
        |c: usize, r: usize| col_x(c) + PAD + i32::try_from(r).unwrap_or(0) * (NODE_W + PAD);
    let circuits_w = i32::try_from(n).unwrap_or(1) * (CIRCUIT_W + CIRCUIT_GAP) - CIRCUIT_GAP;

    // Circuits named by connections or Global Reach that are not in this design.
    let find_circuit = |name: &str| circuits.iter().position(|c| same(&c.name, name));
    let mut externals: Vec<String> = Vec::new();
    for name in design.connections.iter().map(|c| c.circuit.as_str()).chain(
        design
            .global_reach
            .iter()
            .flat_map(|g| [g.circuit.as_str(), g.peer_circuit.as_str()]),
    ) {
        let name = name.trim();
        if !name.is_empty()
            && find_circuit(name).is_none()
            && !externals.iter().any(|e| same(e, name))
        {
            externals.push(name.to_string());
        }
    }
    let ext_x = |e: usize| {
        MARGIN + circuits_w + CIRCUIT_GAP + i32::try_from(e).unwrap_or(0) * (NODE_W + PAD)
    };
    let ext_id = |e: usize| format!("external-{e}");
    let endpoint = |name: &str| -> Option<(bool, usize)> {
        find_circuit(name).map(|c| (true, c)).or_else(|| {
            externals
                .iter()
                .position(|e| same(e, name))
                .map(|e| (false, e))
        })
    };

    // Per-circuit facts.
    struct Facts {
        direct: bool,
        location: String,
        bandwidth: Option<String>,
        addrs: Vec<(usize, &'static str, PeeringAddresses)>,
    }
    let facts: Vec<Facts> = circuits
        .iter()
        .map(|c| {
            let direct = c.port_type == PortType::Direct;
            let loc = circuit_location(design, c);
            Facts {
                direct,
                location: catalog::peering_location(loc)
                    .map_or(loc, |l| l.name)
                    .to_string(),
                bandwidth: match c.port_type {
                    PortType::Provider => parse_uint(&c.bandwidth_mbps)
                        .and_then(|m| u32::try_from(m).ok())
                        .map(bandwidth_label),
                    PortType::Direct => parse_uint(&c.bandwidth_gbps).map(|g| format!("{g} Gbps")),
                },
                addrs: peerings(c)
                    .into_iter()
                    .map(|(k, tag, p)| (k, tag, peering_addresses(p)))
                    .collect(),
            }
        })
        .collect();

    // Row A: the customer's routers.
    let mut y = MARGIN;
    let mut ce = Vec::new();
    let mut pe = Vec::new();
    let mut ms = Vec::new();
    for (c, (circuit, f)) in circuits.iter().zip(&facts).enumerate() {
        let pre = prefix(c);
        let on_pe = circuit.provider_managed_routing && !f.direct;
        for (r, role) in ROLES.into_iter().enumerate() {
            let mut ce_lines = vec![format!("Router ({})", role)];
            let mut pe_lines = if f.direct {
                vec![
                    format!("Port ({})", role),
                    or_else(&circuit.direct_port, "port not chosen"),
                ]
            } else {
                vec![
                    format!("Provider ({})", role),
                    or_else(&circuit.provider, "provider not chosen"),
                ]
            };
            let mut ms_lines = vec![format!("MSEE ({})", role), format!("AS {MICROSOFT_ASN}")];
            for (k, _, a) in &f.addrs {
                let short = if *k == 0 { "Pvt" } else { "MS" };
                let p = peerings(circuit)
                    .into_iter()
                    .find(|x| x.0 == *k)
                    .map(|x| x.2.peer_asn.trim().to_string())
                    .unwrap_or_default();
                if !p.is_empty() {
                    ce_lines.push(format!("{short} AS {p}"));
                }
                for l in role_links(a, r).into_iter().flatten() {
                    let ours = format!("{short} {}", l.customer);
                    if on_pe {
                        pe_lines.push(ours);
                    } else {
                        ce_lines.push(ours);
                    }
                    ms_lines.push(format!("{short} {}", l.microsoft));
                }
            }
            let target = |field: &str| format!("circuits[{c}].{field}");
            let asn_target =
                if circuit.private_peering.is_none() && circuit.microsoft_peering.is_some() {
                    target("microsoftPeering.peerAsn")
                } else {
                    target("privatePeering.peerAsn")
                };
            ce.push(Draft {
                id: format!("{pre}ce-{}", role),
                kind: NodeKind::CustomerEdge,
                x: node_x(c, r),
                lines: ce_lines,
                key: Some(Key::Ce(c)),
                target: asn_target,
            });
            pe.push(Draft {
                id: format!("{pre}pe-{}", role),
                kind: if f.direct {
                    NodeKind::DirectPort
                } else {
                    NodeKind::ProviderEdge
                },
                x: node_x(c, r),
                lines: pe_lines,
                key: Some(Key::Pe(c)),
                target: target(if f.direct { "directPort" } else { "provider" }),
            });
            ms.push(Draft {
                id: format!("{pre}msee-{}", role),
                kind: NodeKind::MicrosoftEdge,
                x: node_x(c, r),
                lines: ms_lines,
                key: Some(Key::Msee(c)),
                target: target(if f.direct {
                    "directPort"
                } else {
                    "peeringLocation"
                }),
            });
        }
    }
    let row_h = |d: &[Draft]| box_h(d.iter().map(|x| x.lines.len()).max().unwrap_or(2));
    let h_ce = row_h(&ce);
    b.group(
        "group-customer".into(),
        MARGIN,
        y,
        circuits_w,
        GROUP_HEAD + h_ce + PAD,
        "Your network",
    );
    b.row(ce, y + GROUP_HEAD, h_ce);
    y += GROUP_HEAD + h_ce + PAD;

    // Hop 1 band, row B (provider edge or Direct ports).
    let hop1_top = y;
    y += band_h(1);
    let h_pe = row_h(&pe);
    for (c, (circuit, f)) in circuits.iter().zip(&facts).enumerate() {
        let title = if f.direct {
            let port = design
                .direct_ports
                .iter()
                .find(|p| same(&p.name, &circuit.direct_port));
            let encap = port.map_or("", |p| match p.encapsulation {
                Encapsulation::Dot1Q => " · 802.1Q",
                Encapsulation::QinQ => " · QinQ",
            });
            format!(
                "{} · ExpressRoute Direct port pair{encap}",
                or_dash(&circuit.name)
            )
        } else {
            format!(
                "{} · Provider: {}",
                or_dash(&circuit.name),
                or_dash(&circuit.provider)
            )
        };
        b.group(
            format!("{}group-provider", prefix(c)),
            col_x(c),
            y,
            CIRCUIT_W,
            GROUP_HEAD + h_pe + PAD,
            &title,
        );
    }
    b.row(pe, y + GROUP_HEAD, h_pe);
    y += GROUP_HEAD + h_pe + PAD;

    // Hop 2 band: per peering a tag line and the role's subnets.
    let hop2_labels: Vec<[Vec<String>; 2]> = circuits
        .iter()
        .zip(&facts)
        .map(|(circuit, f)| {
            let mut out: [Vec<String>; 2] = [Vec::new(), Vec::new()];
            for (r, lines) in out.iter_mut().enumerate() {
                for ((_, tag, a), (_, _, p)) in f.addrs.iter().zip(peerings(circuit)) {
                    let vlan = p.vlan_id.trim();
                    lines.push(if vlan.is_empty() {
                        format!("{tag} peering")
                    } else {
                        format!("{tag} · VLAN {vlan}")
                    });
                    for l in role_links(a, r).into_iter().flatten() {
                        lines.push(l.subnet.to_string());
                    }
                }
                if lines.is_empty() {
                    lines.push(format!("{} link", ROLE_TITLES[r]));
                }
            }
            out
        })
        .collect();
    let hop2_lines = hop2_labels
        .iter()
        .flat_map(|x| x.iter().map(Vec::len))
        .max()
        .unwrap_or(1);
    let hop2_top = y;
    y += band_h(hop2_lines);

    // Row C: the Microsoft edge.
    let h_ms = row_h(&ms);
    for (c, f) in facts.iter().enumerate() {
        b.group(
            format!("{}group-microsoft", prefix(c)),
            col_x(c),
            y,
            CIRCUIT_W,
            GROUP_HEAD + h_ms + PAD,
            &format!("Microsoft edge · {}", or_dash(&f.location)),
        );
    }
    b.row(ms, y + GROUP_HEAD, h_ms);
    y += GROUP_HEAD + h_ms + PAD;

    // The circuit links: two hops per role, vertical, labels to the right of the line.
    for (c, (circuit, f)) in circuits.iter().zip(&facts).enumerate() {
        let pre = prefix(c);
        for r in 0..2 {
            let x = node_x(c, r) + LINK_X;
            let kind = if r == 0 {
                LinkKind::Primary
            } else {
                LinkKind::Secondary
            };
            let hop1_label = match &f.bandwidth {
                Some(bw) => format!("{} · {bw}", ROLE_TITLES[r]),
                None => ROLE_TITLES[r].to_string(),
            };
            let labels = |lines: &[String], top: i32| -> Vec<Label> {
                lines
                    .iter()
                    .zip(0..)
                    .map(|(t, k)| Label {
                        x: x + 8,
                        y: top + 14 + LABEL_H * k,
                        middle: false,
                        text: fit(t, NODE_W - LINK_X - 8 - 4),
                    })
                    .collect()
            };
            let ce_id = format!("{pre}ce-{}", ROLES[r]);
            let pe_id = format!("{pre}pe-{}", ROLES[r]);
            let ms_id = format!("{pre}msee-{}", ROLES[r]);
            let (Some(a), Some(p), Some(m)) = (b.node(&ce_id), b.node(&pe_id), b.node(&ms_id))
            else {
                continue;
            };
            let (a_bottom, p_top, p_bottom, m_top) = (a.y + a.h, p.y, p.y + p.h, m.y);
            let via = if f.direct { "port" } else { "provider edge" };
            let circuit_name = or_else(&circuit.name, "Circuit");
            b.link(
                format!("{pre}link-{}-1", ROLES[r]),
                kind,
                &ce_id,
                &pe_id,
                vec![(x, a_bottom), (x, p_top)],
                labels(std::slice::from_ref(&hop1_label), hop1_top),
                format!("{circuit_name}: {} link, router to {via}", ROLES[r]),
                Some(Key::Hop1(c)),
                format!(
                    "circuits[{c}].{}",
                    if f.direct {
                        "bandwidthGbps"
                    } else {
                        "bandwidthMbps"
                    }
                ),
            );
            let lines = hop2_labels.get(c).map(|x| x[r].clone()).unwrap_or_default();
            b.link(
                format!("{pre}link-{}-2", ROLES[r]),
                kind,
                &pe_id,
                &ms_id,
                vec![(x, p_bottom), (x, m_top)],
                labels(&lines, hop2_top),
                format!("{circuit_name}: {} link to the Microsoft edge", ROLES[r]),
                Some(Key::Hop2(c, r)),
                link_target(c, circuit, r),
            );
        }
    }

    // Global Reach lanes under the Microsoft edge.
    let gr_drawn: Vec<(usize, End, End)> = design
        .global_reach
        .iter()
        .enumerate()
        .filter_map(|(k, g)| {
            let a = endpoint(&g.circuit)?;
            let z = endpoint(&g.peer_circuit)?;
            (a != z).then_some((k, a, z))
        })
        .collect();
    let lanes_top = y;
    let lanes_h = if gr_drawn.is_empty() {
        28
    } else {
        24 + LANE_H * (i32::try_from(gr_drawn.len()).unwrap_or(0) - 1) + 14
    };
    y += lanes_h;

    // Row E: peerings and circuits outside the design.
    let mut row_e = Vec::new();
    let has_connection = |c: &Circuit| {
        design
            .connections
            .iter()
            .any(|cn| same(&cn.circuit, &c.name))
    };
    for (c, circuit) in circuits.iter().enumerate() {
        let pre = prefix(c);
        if circuit.private_peering.is_some() || has_connection(circuit) {
            let conns = design
                .connections
                .iter()
                .filter(|cn| same(&cn.circuit, &circuit.name))
                .count();
            let mut lines = vec!["Private peering".to_string()];
            match &circuit.private_peering {
                Some(p) => lines.push(asn_line(&p.peer_asn)),
                None => lines.push("not configured".into()),
            }
            lines.push(plural(conns, "connection"));
            row_e.push(Draft {
                id: format!("{pre}peering-private"),
                kind: NodeKind::Peering,
                x: node_x(c, 0),
                lines,
                key: Some(Key::Peering(c, 0)),
                target: format!("circuits[{c}].privatePeering.peerAsn"),
            });
        }
        if let Some(m) = &circuit.microsoft_peering {
            let mut lines = vec![
                "Microsoft peering".to_string(),
                asn_line(&m.peering.peer_asn),
            ];
            let prefixes = m.advertised_prefixes.len() + m.advertised_prefixes_v6.len();
            if let Some(first) = m
                .advertised_prefixes
                .iter()
                .chain(&m.advertised_prefixes_v6)
                .next()
            {
                lines.push(if prefixes > 1 {
                    format!("{first} +{}", prefixes - 1)
                } else {
                    first.clone()
                });
            }
            row_e.push(Draft {
                id: format!("{pre}peering-microsoft"),
                kind: NodeKind::Peering,
                x: node_x(c, 1),
                lines,
                key: Some(Key::Peering(c, 1)),
                target: format!("circuits[{c}].microsoftPeering.advertisedPrefixes"),
            });
        }
    }
    for (e, name) in externals.iter().enumerate() {
        row_e.push(Draft {
            id: ext_id(e),
            kind: NodeKind::ExternalCircuit,
            x: ext_x(e),
            lines: vec![name.clone(), "circuit outside".into(), "this design".into()],
            key: None,
            target: String::new(),
        });
    }
    let row_e_top = y;
    let h_e = row_h(&row_e);
    let row_e_empty = row_e.is_empty();
    b.row(row_e, row_e_top, h_e);
    if !row_e_empty {
        y += h_e;
    }

    // Attachments: Microsoft edge → peering boxes.
    for c in 0..n {
        let pre = prefix(c);
        for (r, kind) in ["private", "microsoft"].into_iter().enumerate() {
            let to = format!("{pre}peering-{kind}");
            let from = format!("{pre}group-microsoft");
            let (Some(g), Some(p)) = (b.node(&from), b.node(&to)) else {
                continue;
            };
            let x = node_x(c, r) + NODE_W / 2;
            let points = vec![(x, g.y + g.h), (x, p.y)];
            b.attach(format!("{pre}attach-{kind}"), &from, &to, points);
        }
    }

    // Global Reach polylines.
    for (lane, (k, a, z)) in gr_drawn.iter().enumerate() {
        let Some(g) = design.global_reach.get(*k) else {
            continue;
        };
        let lane_y = lanes_top + 24 + LANE_H * i32::try_from(lane).unwrap_or(0);
        let dx = 10 * i32::try_from(lane).unwrap_or(0);
        let end = |(inside, i): (bool, usize)| -> Option<(String, i32, i32)> {
            if inside {
                let id = format!("{}group-microsoft", prefix(i));
                let n = b.node(&id)?;
                Some((id, n.x + n.w / 2 + dx, n.y + n.h))
            } else {
                let id = ext_id(i);
                let n = b.node(&id)?;
                Some((id, n.x + n.w / 2 + dx, n.y))
            }
        };
        let (Some((from, x1, y1)), Some((to, x2, y2))) = (end(*a), end(*z)) else {
            continue;
        };
        let mut text = format!("Global Reach {}", or_dash(&g.address_prefix));
        if !g.address_prefix_v6.trim().is_empty() {
            text.push_str(&format!(" · {}", g.address_prefix_v6.trim()));
        }
        let (lo, hi) = (x1.min(x2), x1.max(x2));
        let label = Label {
            x: (lo + hi) / 2,
            y: lane_y - 5,
            middle: true,
            text: fit(&text, (hi - lo - 24).max(CHAR_W * 12)),
        };
        let name = format!(
            "Global Reach {} between {} and {}",
            or_dash(&g.name),
            or_dash(&g.circuit),
            or_dash(&g.peer_circuit)
        );
        b.link(
            format!("global-reach-{k}"),
            LinkKind::GlobalReach,
            &from,
            &to,
            vec![(x1, y1), (x1, lane_y), (x2, lane_y), (x2, y2)],
            vec![label],
            format!("{name}, {}", or_dash(&g.address_prefix)),
            Some(Key::GlobalReach(*k)),
            format!("globalReach[{k}].addressPrefix"),
        );
    }

    // Azure: columns of gateway-over-VNet, then the Microsoft services.
    struct Col {
        gateway: Option<usize>,
        vnet: Option<usize>,
        services: Option<usize>,
    }
    let mut cols: Vec<Col> = Vec::new();
    let mut placed_gw = vec![false; design.gateways.len()];
    for (v, vnet) in design.virtual_networks.iter().enumerate() {
        let gw = design
            .gateways
            .iter()
            .enumerate()
            .position(|(g, gw)| !placed_gw[g] && same(&gw.virtual_network, &vnet.name));
        if let Some(g) = gw {
            placed_gw[g] = true;
        }
        cols.push(Col {
            gateway: gw,
            vnet: Some(v),
            services: None,
        });
    }
    for (g, placed) in placed_gw.iter().enumerate() {
        if !placed {
            cols.push(Col {
                gateway: Some(g),
                vnet: None,
                services: None,
            });
        }
    }
    for (c, circuit) in circuits.iter().enumerate() {
        if circuit.microsoft_peering.is_some() {
            cols.push(Col {
                gateway: None,
                vnet: None,
                services: Some(c),
            });
        }
    }
    let az_x = |k: usize| MARGIN + PAD + i32::try_from(k).unwrap_or(0) * (NODE_W + PAD);
    let cols_n = i32::try_from(cols.len()).unwrap_or(0);
    let azure_w = 2 * PAD + cols_n * NODE_W + (cols_n - 1).max(0) * PAD;
    let ext_w = i32::try_from(externals.len()).unwrap_or(0) * (NODE_W + PAD);
    let content_w = (circuits_w
        + if ext_w > 0 {
            CIRCUIT_GAP + ext_w - PAD
        } else {
            0
        })
    .max(azure_w);

    let conn_rows = design.connections.len();
    let conn_top = y;
    if !cols.is_empty() {
        y += 20 + 14 * i32::try_from(conn_rows).unwrap_or(0) + 14;
        let mut row_f = Vec::new();
        let mut row_g = Vec::new();
        for (k, col) in cols.iter().enumerate() {
            if let Some(g) = col
                .gateway
                .and_then(|g| design.gateways.get(g).map(|x| (g, x)))
            {
                let (gi, gw) = g;
                let mut sku = sku_text(gw.sku).to_string();
                if gw.sku == GatewaySku::ErGwScale {
                    sku.push_str(&format!(
                        " · {}–{} units",
                        or_dash(&gw.min_scale_units),
                        or_dash(&gw.max_scale_units)
                    ));
                }
                row_f.push(Draft {
                    id: format!("gateway-{gi}"),
                    kind: NodeKind::Gateway,
                    x: az_x(k),
                    lines: vec![
                        or_else(&gw.name, "Gateway (no name)"),
                        "ExpressRoute gateway".into(),
                        sku,
                    ],
                    key: Some(Key::Gateway(gi)),
                    target: format!("gateways[{gi}].sku"),
                });
            }
            if let Some(c) = col.services {
                let Some(circuit) = circuits.get(c) else {
                    continue;
                };
                let mut lines = vec!["Microsoft 365 · Azure".to_string()];
                let rf = circuit
                    .microsoft_peering
                    .as_ref()
                    .map(|m| m.route_filter.trim())
                    .unwrap_or("");
                match design.route_filters.iter().find(|f| same(&f.name, rf)) {
                    Some(f) => {
                        lines.push(format!("Filter {}", f.name.trim()));
                        for cm in f.communities.iter().take(3) {
                            let cm = cm.trim();
                            lines.push(
                                COMMUNITIES
                                    .iter()
                                    .find(|(v, _)| *v == cm)
                                    .map_or(cm, |(_, name)| name)
                                    .to_string(),
                            );
                        }
                        if f.communities.len() > 3 {
                            lines.push(format!("+{} more", f.communities.len() - 3));
                        }
                    }
                    None => lines.push("No route filter: no routes".into()),
                }
                row_f.push(Draft {
                    id: format!("{}services", prefix(c)),
                    kind: NodeKind::Services,
                    x: az_x(k),
                    lines,
                    key: Some(Key::Services(c)),
                    target: format!("circuits[{c}].microsoftPeering.routeFilter"),
                });
            }
            if let Some((v, vnet)) = col
                .vnet
                .and_then(|v| design.virtual_networks.get(v).map(|x| (v, x)))
            {
                let mut lines = vec![or_else(&vnet.name, "VNet (no name)")];
                for s in vnet.address_spaces.iter().take(2) {
                    lines.push(s.trim().to_string());
                }
                if vnet.address_spaces.len() > 2 {
                    lines.push(format!("+{} more", vnet.address_spaces.len() - 2));
                }
                match vnet
                    .subnets
                    .iter()
                    .find(|s| s.name.trim() == super::advice::GATEWAY_SUBNET)
                {
                    Some(s) => {
                        lines.push("GatewaySubnet".into());
                        for p in [&s.address_prefix, &s.address_prefix_v6] {
                            if !p.trim().is_empty() {
                                lines.push(p.trim().to_string());
                            }
                        }
                    }
                    None => lines.push("no GatewaySubnet".into()),
                }
                row_g.push(Draft {
                    id: format!("vnet-{v}"),
                    kind: NodeKind::VirtualNetwork,
                    x: az_x(k),
                    lines,
                    key: Some(Key::Vnet(v)),
                    target: format!("virtualNetworks[{v}].addressSpaces"),
                });
            }
        }
        let h_f = if row_f.is_empty() { 0 } else { row_h(&row_f) };
        let h_g = if row_g.is_empty() { 0 } else { row_h(&row_g) };
        let gap_fg = if h_f > 0 && h_g > 0 { 28 } else { 0 };
        let az_h = GROUP_HEAD + h_f + gap_fg + h_g + PAD;
        b.group("group-azure".into(), MARGIN, y, content_w, az_h, "Azure");
        let f_top = y + GROUP_HEAD;
        b.row(row_f, f_top, h_f);
        b.row(row_g, f_top + h_f + gap_fg, h_g);
        y += az_h;

        // Gateway → VNet.
        for (gi, gw) in design.gateways.iter().enumerate() {
            let Some(v) = design
                .virtual_networks
                .iter()
                .position(|v| same(&gw.virtual_network, &v.name))
            else {
                continue;
            };
            let (from, to) = (format!("gateway-{gi}"), format!("vnet-{v}"));
            if let Some(points) = b.down(&from, &to, 0) {
                b.attach(format!("attach-gateway-{gi}"), &from, &to, points);
            }
        }
        // Microsoft peering → services.
        for (c, circuit) in circuits.iter().enumerate() {
            let pre = prefix(c);
            let (from, to) = (format!("{pre}peering-microsoft"), format!("{pre}services"));
            if let Some(points) = b.down(&from, &to, 0) {
                b.link(
                    format!("{pre}services-link"),
                    LinkKind::Services,
                    &from,
                    &to,
                    points,
                    Vec::new(),
                    format!(
                        "{}: Microsoft peering to Microsoft 365 and Azure public services",
                        or_else(&circuit.name, "Circuit")
                    ),
                    Some(Key::Services(c)),
                    format!("circuits[{c}].microsoftPeering.routeFilter"),
                );
            }
        }
    }

    // Connections: peering (or outside circuit) → gateway, one label row each.
    let width = content_w + 2 * MARGIN;
    for (k, cn) in design.connections.iter().enumerate() {
        let Some(g) = design
            .gateways
            .iter()
            .position(|g| same(&g.name, &cn.gateway))
        else {
            continue;
        };
        let from = match endpoint(&cn.circuit) {
            Some((true, c)) => format!("{}peering-private", prefix(c)),
            Some((false, e)) => ext_id(e),
            None => continue,
        };
        let to = format!("gateway-{g}");
        let Some(points) = b.down(&from, &to, 0) else {
            continue;
        };
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (points.first(), points.last()) else {
            continue;
        };
        let ly = conn_top + 20 + 14 * i32::try_from(k).unwrap_or(0);
        let lx = if y2 == y1 {
            x1
        } else {
            x1 + (x2 - x1) * (ly - 4 - y1) / (y2 - y1)
        };
        let mut text = format!(
            "{} · weight {}",
            or_dash(&cn.name),
            or_dash(&cn.routing_weight)
        );
        if cn.fast_path {
            text.push_str(" · FastPath");
        }
        let text = fit(&text, 2 * NODE_W);
        let half = text_w(&text) / 2;
        let lx = lx.clamp(
            MARGIN + half + 18,
            (width - MARGIN - half).max(MARGIN + half + 18),
        );
        b.link(
            format!("connection-{k}"),
            LinkKind::Connection,
            &from,
            &to,
            points,
            vec![Label {
                x: lx,
                y: ly,
                middle: true,
                text: text.clone(),
            }],
            format!(
                "Connection {} from circuit {} to gateway {}",
                or_dash(&cn.name),
                or_dash(&cn.circuit),
                or_dash(&cn.gateway)
            ),
            Some(Key::Connection(k)),
            format!("connections[{k}].routingWeight"),
        );
    }

    let height = y + MARGIN;
    let table = table(circuits);
    let (title, description) = words(design, circuits, &b);
    Scene {
        width,
        height,
        title,
        description,
        nodes: b.nodes,
        links: b.links,
        table,
    }
}

fn words(d: &Design, circuits: &[Circuit], b: &Builder) -> (String, String) {
    let names: Vec<String> = circuits
        .iter()
        .map(|c| {
            let loc = circuit_location(d, c);
            let loc = catalog::peering_location(loc).map_or(loc, |l| l.name);
            let via = match c.port_type {
                PortType::Direct => "ExpressRoute Direct".to_string(),
                PortType::Provider => or_dash(&c.provider).to_string(),
            };
            format!("{} ({via} at {})", or_dash(&c.name), or_dash(loc))
        })
        .collect();
    let title = if circuits.len() == 1 {
        format!("ExpressRoute circuit {}", names.join(""))
    } else {
        format!(
            "{} ExpressRoute circuits side by side: {}",
            circuits.len(),
            names.join(", ")
        )
    };
    let problems = b
        .nodes
        .iter()
        .map(|n| n.severity)
        .chain(b.links.iter().map(|l| l.severity))
        .filter(Option::is_some)
        .count();
    let mut desc = String::from(
        "Each circuit has a primary and a secondary link from your edge routers through the provider's edge (or your ExpressRoute Direct ports) to Microsoft's edge routers.",
    );
    desc.push_str(&format!(
        " {}, {}, {}, {}.",
        plural(d.gateways.len(), "gateway"),
        plural(d.virtual_networks.len(), "virtual network"),
        plural(d.connections.len(), "connection"),
        plural(d.global_reach.len(), "Global Reach link")
    ));
    if problems > 0 {
        desc.push_str(&format!(" {} with problems.", plural(problems, "element")));
    }
    (title, desc)
}

fn table(circuits: &[Circuit]) -> Vec<TableRow> {
    let mut rows = Vec::new();
    for c in circuits {
        for (_, tag, p) in peerings(c) {
            for row in super::derived::address_sheet(p) {
                rows.push(TableRow {
                    circuit: or_dash(&c.name).to_string(),
                    link: format!("{tag} peering · {}", row.link),
                    vlan: row.vlan.map_or_else(|| "—".to_string(), |v| v.to_string()),
                    customer: row.customer,
                    microsoft: row.microsoft.to_string(),
                    asns: match row.peer_asn {
                        Some(a) => format!("{a} ↔ {}", row.microsoft_asn),
                        None => format!("— ↔ {}", row.microsoft_asn),
                    },
                });
            }
        }
    }
    rows
}

/// Wraps `text` into lines of at most `width` characters, at spaces where possible.
fn wrap(text: &str, width: usize, out: &mut Vec<String>) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        let wl = word.chars().count();
        let ll = line.chars().count();
        if ll > 0 && ll + 1 + wl > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        if wl > width {
            let mut rest: Vec<char> = word.chars().collect();
            while rest.len() > width {
                let tail = rest.split_off(width);
                out.push(rest.into_iter().collect());
                rest = tail;
            }
            line = rest.into_iter().collect();
        } else {
            line.push_str(word);
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
}

/// The tooltip of an element with findings: its messages wrapped, in a box below the element
/// (above it when there is no room), kept inside the canvas. `None` when the element has no
/// notes or doesn't exist.
pub fn tip(scene: &Scene, id: &str) -> Option<Tip> {
    let (notes, (x0, y0, x1, y1)) = if let Some(n) = scene.nodes.iter().find(|n| n.id == id) {
        (&n.notes, (n.x, n.y, n.x + n.w, n.y + n.h))
    } else {
        let l = scene.links.iter().find(|l| l.id == id)?;
        let mut bb = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        for &(x, y) in &l.points {
            bb = (bb.0.min(x), bb.1.min(y), bb.2.max(x), bb.3.max(y));
        }
        for lb in &l.labels {
            let (a, z) = lb.span();
            bb = (
                bb.0.min(a),
                bb.1.min(lb.y - 11),
                bb.2.max(z),
                bb.3.max(lb.y + 3),
            );
        }
        (&l.notes, bb)
    };
    if notes.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    for note in notes {
        wrap(note, TIP_CHARS, &mut lines);
    }
    if lines.len() > TIP_LINES {
        let more = lines.len() - (TIP_LINES - 1);
        lines.truncate(TIP_LINES - 1);
        lines.push(format!("(+{more} more lines: see the step)"));
    }
    let w = (lines.iter().map(|l| text_w(l)).max().unwrap_or(0) + 2 * TEXT_X).min(scene.width);
    let h =
        (TEXT_Y + LINE_H * (i32::try_from(lines.len()).unwrap_or(1) - 1) + 10).min(scene.height);
    let x = x0.clamp(0, (scene.width - w).max(0));
    let y = if y1 + 6 + h <= scene.height {
        y1 + 6
    } else if y0 - 6 - h >= 0 {
        y0 - 6 - h
    } else {
        (scene.height - h).max(0)
    };
    let _ = x1;
    Some(Tip { x, y, w, h, lines })
}
