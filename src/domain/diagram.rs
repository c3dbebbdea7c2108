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
use super::catalog::bgp::{COMMUNITIES, MICROSOFT_ASN};
use super::catalog::circuit::{bandwidth_label, circuit_location};
use super::derived::{peering_addresses, PeeringAddresses};
use super::field::{
    self, CircuitField, CircuitKey, ConnectionKey, FieldPath, GatewayField, GatewayKey,
    GlobalReachKey, PeeringField, PeeringKey, Side, VnetField, VnetKey,
};
use super::finding::{Finding, Severity};
use super::model::{Circuit, Design, Encapsulation, GatewaySku, Peering, PortType, SubnetMode};
use super::net::parse_uint;
use std::collections::{BTreeMap, HashMap};

/// Width of one character of 12 px text, rounded up (system sans-serif).
pub const CHAR_W: i32 = 7;
/// Distance between two text lines in a box.
pub const LINE_H: i32 = 14;
/// Distance between two lines of a link label.
pub const LABEL_H: i32 = 14;
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
pub const GROUP_HEAD: i32 = 24;
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
    /// Left inset of the text: [`TEXT_X`] in a box; a group's title starts where no line
    /// crosses its head.
    pub inset: i32,
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
    /// Where the link's badge goes: on the line beside its first label, else the middle of
    /// its first segment.
    pub fn badge(&self) -> (i32, i32) {
        if let Some(l) = self.labels.first() {
            if let Some(x) = x_at(&self.points, l.y - 4) {
                return (x, l.y - 4);
            }
            return ((l.span().0 - 9).max(8), l.y - 4);
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

/// [`fit`] of a text the caller gives up (kept as it is when it fits).
fn fit_owned(text: String, width: i32) -> String {
    let max = usize::try_from(width.max(0) / CHAR_W).unwrap_or(0).max(1);
    // At most one character per byte: a text of no more bytes than `max` fits.
    if text.len() <= max || text.chars().count() <= max {
        return text;
    }
    fit(&text, width)
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
    cat!(n, " ", word, if n == 1 { "" } else { "s" })
}

/// A piece of a text made by [`cat!`]: a string, or a number written in decimal.
trait Piece {
    /// Its length in bytes.
    fn size(&self) -> usize;
    /// Appends it to `s`.
    fn put(&self, s: &mut String);
}

impl Piece for str {
    fn size(&self) -> usize {
        self.len()
    }
    fn put(&self, s: &mut String) {
        s.push_str(self);
    }
}

impl Piece for String {
    fn size(&self) -> usize {
        self.len()
    }
    fn put(&self, s: &mut String) {
        s.push_str(self);
    }
}

impl Piece for FieldPath {
    /// An estimate (the pieces' sizes only set the capacity): most paths are shorter.
    fn size(&self) -> usize {
        48
    }
    fn put(&self, s: &mut String) {
        use std::fmt::Write;
        // Writing to a `String` cannot fail.
        let _ = write!(s, "{self}");
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn size(&self) -> usize {
        (**self).size()
    }
    fn put(&self, s: &mut String) {
        (**self).put(s);
    }
}

impl Piece for u64 {
    fn size(&self) -> usize {
        let (mut n, mut v) = (1, *self);
        while v >= 10 {
            v /= 10;
            n += 1;
        }
        n
    }
    fn put(&self, s: &mut String) {
        let mut digits = [b'0'; 20];
        let (mut i, mut v) = (digits.len(), *self);
        loop {
            i -= 1;
            digits[i] = b'0' + u8::try_from(v % 10).unwrap_or(0);
            v /= 10;
            if v == 0 {
                break;
            }
        }
        s.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
    }
}

impl Piece for usize {
    fn size(&self) -> usize {
        u64::try_from(*self).unwrap_or(u64::MAX).size()
    }
    fn put(&self, s: &mut String) {
        u64::try_from(*self).unwrap_or(u64::MAX).put(s);
    }
}

impl Piece for u32 {
    fn size(&self) -> usize {
        u64::from(*self).size()
    }
    fn put(&self, s: &mut String) {
        u64::from(*self).put(s);
    }
}

/// The pieces one after the other, as `format!("{}{}…")` writes them, in one allocation of
/// the right size and without the formatting machinery (a layout makes hundreds of ids, field
/// paths and texts on every keystroke).
macro_rules! cat {
    ($($p:expr),+ $(,)?) => {{
        let mut s = String::with_capacity(0 $(+ Piece::size(&$p))+);
        $(Piece::put(&$p, &mut s);)+
        s
    }};
}
use cat;

/// An element findings can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The elements a finding on `field` of circuit `c` lands on.
fn circuit_keys(c: usize, field: Option<CircuitField>, out: &mut Vec<Key>) {
    use CircuitKey as C;
    use PeeringKey as P;
    match field {
        Some(CircuitField::Peering(side, rest)) => {
            let p = match side {
                Side::Private => 0,
                Side::Microsoft => 1,
            };
            match rest {
                Some(PeeringField::Key(P::PeerAsn)) => out.push(Key::Ce(c)),
                Some(PeeringField::Key(P::PrimarySubnet | P::PrimarySubnetV6)) => {
                    out.push(Key::Hop2(c, 0));
                }
                Some(PeeringField::Key(P::SecondarySubnet | P::SecondarySubnetV6)) => {
                    out.push(Key::Hop2(c, 1));
                }
                Some(PeeringField::Key(
                    P::VlanId | P::SubnetMode | P::Subnet29 | P::AddressFamily | P::SharedKey,
                )) => out.extend([Key::Hop2(c, 0), Key::Hop2(c, 1)]),
                _ => out.push(Key::Peering(c, p)),
            }
        }
        Some(CircuitField::Key(C::BandwidthMbps | C::BandwidthGbps)) => out.push(Key::Hop1(c)),
        Some(CircuitField::Key(
            C::Provider
            | C::PortType
            | C::ProviderStatus
            | C::ProviderManagedRouting
            | C::DirectPort
            | C::DirectAuthorizationKey
            | C::RateLimiting,
        )) => out.push(Key::Pe(c)),
        _ => out.push(Key::Msee(c)),
    }
}

/// Sorts the errors and warnings onto the elements they concern.
fn marks(d: &Design, circuits: &[Circuit], findings: &[Finding]) -> BTreeMap<Key, Marks> {
    let mut map: BTreeMap<Key, Marks> = BTreeMap::new();
    // The messages each element has (its notes, without repeats), once there are many.
    let mut noted: std::collections::HashSet<(Key, &str)> = std::collections::HashSet::new();
    let many = findings.len() > FEW;
    // The circuits on each Direct port and on each route filter, by name.
    let mut on_port: HashMap<String, Vec<usize>> = HashMap::new();
    let mut on_filter: HashMap<String, Vec<usize>> = HashMap::new();
    for (c, circuit) in circuits.iter().enumerate() {
        if circuit.port_type == PortType::Direct {
            if let Some(k) = name_key(&circuit.direct_port) {
                on_port.entry(k).or_default().push(c);
            }
        }
        if let Some(k) = circuit
            .microsoft_peering
            .as_ref()
            .and_then(|m| name_key(&m.route_filter))
        {
            on_filter.entry(k).or_default().push(c);
        }
    }
    let mut keys = Vec::new();
    for f in findings.iter().filter(|f| f.severity != Severity::Info) {
        keys.clear();
        let Some(path) = FieldPath::enclosing(&f.path) else {
            continue;
        };
        match path {
            FieldPath::Circuit(i, field) => circuit_keys(i, field, &mut keys),
            FieldPath::Gateway(i, _) => keys.push(Key::Gateway(i)),
            FieldPath::Vnet(i, _) => keys.push(Key::Vnet(i)),
            FieldPath::Connection(i, _) => keys.push(Key::Connection(i)),
            FieldPath::GlobalReach(i, _) => keys.push(Key::GlobalReach(i)),
            FieldPath::DirectPort(i, _) => {
                let name = d.direct_ports.get(i).and_then(|p| name_key(&p.name));
                if let Some(cs) = name.and_then(|k| on_port.get(&k)) {
                    keys.extend(cs.iter().map(|&c| Key::Pe(c)));
                }
            }
            FieldPath::RouteFilter(i, _) => {
                let name = d.route_filters.get(i).and_then(|r| name_key(&r.name));
                if let Some(cs) = name.and_then(|k| on_filter.get(&k)) {
                    keys.extend(cs.iter().map(|&c| Key::Services(c)));
                }
            }
            _ => {}
        }
        for k in &keys {
            let m = map.entry(*k).or_default();
            m.severity = Some(m.severity.map_or(f.severity, |s| s.min(f.severity)));
            let new = if many {
                noted.insert((*k, f.message.as_str()))
            } else {
                !m.notes.contains(&f.message)
            };
            if new {
                m.notes.push(f.message.clone());
            }
        }
    }
    map
}

/// What names are compared by (a connection's circuit, a gateway's VNet, …): trimmed, ASCII
/// letters in lower case; `None` when blank (a blank name names nothing).
fn name_key(name: &str) -> Option<String> {
    let t = name.trim();
    (!t.is_empty()).then(|| t.to_ascii_lowercase())
}

/// Up to how many items a list is scanned rather than indexed (an index costs more than it
/// saves on the few elements of a usual design).
const FEW: usize = 16;

/// Up to how many nodes the layout finds a node by scanning them (a usual design has a few
/// dozen).
const FEW_NODES: usize = 64;

/// Whether two names are the same: trimmed, ASCII letters in any case; a blank name is the same
/// as none.
fn same(a: &str, b: &str) -> bool {
    let a = a.trim();
    !a.is_empty() && a.eq_ignore_ascii_case(b.trim())
}

/// Names and their positions, looked up as [`same`] compares them: the first position of a
/// name (what a scan of the list finds). Indexed by [`name_key`] past [`FEW`] names, so a
/// layout at the element limits does not scan a list per element.
enum Names<'a> {
    /// The names trimmed (a blank one is the same as none: it is left out).
    Few(Vec<(usize, &'a str)>),
    Many(HashMap<String, usize>),
}

impl Default for Names<'_> {
    fn default() -> Self {
        Names::Few(Vec::new())
    }
}

impl<'a> Names<'a> {
    /// The names in order (several may share a position).
    fn of(names: impl IntoIterator<Item = (usize, &'a str)>) -> Self {
        let mut out = Names::default();
        for (i, name) in names {
            out.add(i, name);
        }
        out
    }

    /// Adds a name at position `i` (no smaller than those added before).
    fn add(&mut self, i: usize, name: &'a str) {
        match self {
            Names::Few(v) if v.len() < FEW => {
                let t = name.trim();
                if !t.is_empty() {
                    v.push((i, t));
                }
            }
            Names::Few(v) => {
                let mut map = HashMap::new();
                for &(j, n) in v.iter().chain([(i, name)].iter()) {
                    if let Some(k) = name_key(n) {
                        map.entry(k).or_insert(j);
                    }
                }
                *self = Names::Many(map);
            }
            Names::Many(map) => {
                if let Some(k) = name_key(name) {
                    map.entry(k).or_insert(i);
                }
            }
        }
    }

    /// The first position of a name that is the same as `name`.
    fn find(&self, name: &str) -> Option<usize> {
        let map = match self {
            Names::Few(v) => {
                let t = name.trim();
                return v
                    .iter()
                    .find(|(_, n)| n.eq_ignore_ascii_case(t))
                    .map(|&(i, _)| i);
            }
            Names::Many(map) => map,
        };
        let t = name.trim();
        if t.is_empty() {
            return None;
        }
        if t.bytes().any(|b| b.is_ascii_uppercase()) {
            map.get(&t.to_ascii_lowercase()).copied()
        } else {
            map.get(t).copied()
        }
    }
}

/// Height of a box with `lines` text lines.
fn box_h(lines: usize) -> i32 {
    let n = i32::try_from(lines.max(2)).unwrap_or(2);
    TEXT_Y + LINE_H * (n - 1) + 9
}

/// Height of a band holding `lines` lines of link label.
fn band_h(lines: usize) -> i32 {
    let n = i32::try_from(lines.max(1)).unwrap_or(1);
    6 + LABEL_H * n + 6
}

/// Node ids and the circuit-name prefix: circuit 1 keeps the short ids (`ce-primary`), the
/// others are prefixed (`c2-ce-primary`).
fn prefix(c: usize) -> String {
    if c == 0 {
        String::new()
    } else {
        cat!("c", c + 1, "-")
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
fn link_target(c: usize, circuit: &Circuit, r: usize) -> FieldPath {
    use PeeringKey as P;
    let (side, p) = match (&circuit.private_peering, &circuit.microsoft_peering) {
        (Some(p), _) => (Side::Private, p),
        (None, Some(m)) => (Side::Microsoft, &m.peering),
        (None, None) => return field::peering(c, Side::Private, P::VlanId),
    };
    let key = if !p.address_family.has_v4() {
        [P::PrimarySubnetV6, P::SecondarySubnetV6][r]
    } else if p.subnet_mode == SubnetMode::OneSlash29 {
        P::Subnet29
    } else {
        [P::PrimarySubnet, P::SecondarySubnet][r]
    };
    field::peering(c, side, key)
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
    w: i32,
    lines: Vec<String>,
    key: Option<Key>,
    target: String,
}

/// Where the diagram is drawn: the width it should keep within and the circuit drawn in full
/// when the circuits do not fit side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fit {
    /// Widest the drawing should be, in drawing units (one unit is one CSS pixel at 100 %).
    pub width: i32,
    /// Tallest the drawing should be: when it is taller, the routers' and Microsoft edges'
    /// boxes leave out their link addresses (the links' subnets and the table still give
    /// them).
    pub height: i32,
    /// The circuit drawn in full when not every circuit fits side by side; the others are
    /// summarised in one box each (selecting one opens it, and then it is drawn in full).
    pub focus: usize,
}

impl Fit {
    /// No limit: every circuit side by side at full size (downloads, the command line).
    pub const WIDE: Fit = Fit {
        width: i32::MAX,
        height: i32::MAX,
        focus: 0,
    };
}

/// Narrowest box the layout uses: two of them side by side fit a phone.
pub const NODE_W_MIN: i32 = 156;

/// Sizes of one layout: box width, padding, gap between circuits, outer margin.
#[derive(Debug, Clone, Copy)]
struct Geo {
    nw: i32,
    pad: i32,
    gap: i32,
    margin: i32,
}

impl Geo {
    const FULL: Geo = Geo {
        nw: NODE_W,
        pad: PAD,
        gap: CIRCUIT_GAP,
        margin: MARGIN,
    };

    fn compact(nw: i32) -> Geo {
        Geo {
            nw,
            pad: 8,
            gap: 24,
            margin: 6,
        }
    }

    /// Width of a circuit column.
    fn cw(self) -> i32 {
        2 * self.nw + 3 * self.pad
    }

    /// Width of `n` circuits side by side followed by `ext` outside circuits.
    fn width(self, n: i32, ext: i32) -> i32 {
        let mut w = 2 * self.margin + n * self.cw() + (n - 1).max(0) * self.gap;
        if ext > 0 {
            w += self.gap + ext * (self.nw + self.pad) - self.pad;
        }
        w
    }
}

/// The sizes for `n` circuits and `ext` outside circuits within `budget` units, and whether
/// they are all drawn side by side (else one circuit is drawn in full).
fn choose(n: i32, ext: i32, budget: i32) -> (Geo, bool) {
    if Geo::FULL.width(n, ext) <= budget {
        return (Geo::FULL, true);
    }
    let sizes = || (NODE_W_MIN..NODE_W).rev().step_by(2).map(Geo::compact);
    if let Some(g) = sizes().find(|g| g.width(n, ext) <= budget) {
        return (g, true);
    }
    let g = sizes()
        .find(|g| g.width(1, 0) <= budget)
        .unwrap_or(Geo::compact(NODE_W_MIN));
    (g, n <= 1 && ext == 0)
}

/// A circuit drawn as one summary box: another circuit of the design (when not all fit side by
/// side) or one named by a connection or Global Reach that is not in the design.
struct Other {
    name: String,
    /// Index in the design, when it is one of its circuits.
    circuit: Option<usize>,
    /// Index among the circuits outside the design.
    ext: usize,
}

/// Builds the scene.
struct Builder<'p> {
    marks: &'p BTreeMap<Key, Marks>,
    nodes: Vec<Node>,
    /// Each node id's first index in `nodes`, once there are more than [`FEW_NODES`].
    node_at: HashMap<String, usize>,
    links: Vec<Link>,
}

impl Builder<'_> {
    fn mark(&self, key: Option<Key>) -> (Option<Severity>, Vec<String>) {
        key.and_then(|k| self.marks.get(&k))
            .map_or((None, Vec::new()), |m| (m.severity, m.notes.clone()))
    }

    /// A group whose title starts `inset` from its left edge and is at most `room` wide.
    #[allow(clippy::too_many_arguments)]
    fn group(&mut self, id: String, x: i32, y: i32, w: i32, h: i32, title: &str, inset: i32) {
        self.group_in(id, (x, y, w, h), title, inset, w - inset - TEXT_X);
    }

    /// Adds a node, indexing its id.
    fn push(&mut self, node: Node) {
        self.nodes.push(node);
        if self.nodes.len() <= FEW_NODES {
            return;
        }
        if self.node_at.is_empty() {
            for (i, n) in self.nodes.iter().enumerate() {
                self.node_at.entry(n.id.clone()).or_insert(i);
            }
        } else if let Some(n) = self.nodes.last() {
            let i = self.nodes.len() - 1;
            self.node_at.entry(n.id.clone()).or_insert(i);
        }
    }

    fn group_in(
        &mut self,
        id: String,
        r: (i32, i32, i32, i32),
        title: &str,
        inset: i32,
        room: i32,
    ) {
        self.push(Node {
            id,
            kind: NodeKind::Group,
            x: r.0,
            y: r.1,
            w: r.2,
            h: r.3,
            inset,
            lines: vec![fit(title, room)],
            severity: None,
            notes: Vec::new(),
            target: String::new(),
        });
    }

    /// Places a row of drafts at `y`, all `h` high.
    fn row(&mut self, drafts: Vec<Draft>, y: i32, h: i32) {
        for dr in drafts {
            let (severity, notes) = self.mark(dr.key);
            self.push(Node {
                id: dr.id,
                kind: dr.kind,
                x: dr.x,
                y,
                w: dr.w,
                h,
                inset: TEXT_X,
                lines: dr
                    .lines
                    .into_iter()
                    .map(|l| fit_owned(l, dr.w - 2 * TEXT_X))
                    .collect(),
                severity,
                notes,
                target: dr.target,
            });
        }
    }

    fn node(&self, id: &str) -> Option<&Node> {
        if self.node_at.is_empty() {
            self.nodes.iter().find(|n| n.id == id)
        } else {
            self.node_at.get(id).and_then(|&i| self.nodes.get(i))
        }
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
    fn down(&self, from: &str, to: &str) -> Option<Vec<(i32, i32)>> {
        let a = self.node(from)?;
        let b = self.node(to)?;
        Some(vec![(a.x + a.w / 2, a.y + a.h), (b.x + b.w / 2, b.y)])
    }
}

/// A segment of a link: (link index, segment index, one end, the other end).
type Seg = (usize, usize, (i32, i32), (i32, i32));

/// A box, group title or label: (left, top, right, bottom).
type Rect = (i32, i32, i32, i32);

/// Width of a column of the blockers' index.
const COL_W: i64 = 128;
/// Columns an item may span in a band and still be filed in each of them; a wider one (a long
/// horizontal line) is checked by every query of that band.
const WIDE_COLS: i64 = 32;
/// Bands of the blockers' index at most (each at least [`BAND_H_MIN`] high).
const BANDS: i64 = 1 << 14;
/// Filings of the items over every band (items × bands) the index aims at most: a line that
/// crosses every band is filed in each of them that a query reads.
const FILINGS: i64 = 1 << 22;
/// Lowest band of the blockers' index.
const BAND_H_MIN: i64 = 128;

/// What a label between two heights must not cover: the lines, boxes, group titles and labels
/// there (collected once for the labels placed in that band), indexed by height and x so that
/// finding the nearest one looks at the few things near the label, not at all of them.
struct Blockers {
    /// Segments (item `i` of the index).
    segs: Vec<Seg>,
    /// Boxes, group titles and labels (item `segs.len() + i` of the index).
    rects: Vec<Rect>,
    /// The items by band and column.
    index: Index,
}

/// The items of [`Blockers`] by height (bands, an interval tree over them) and, within a band,
/// by x (columns of [`COL_W`]). An item is filed in every band its height range touches and, in
/// each, in every column its x extent there touches, so a query looks at the columns from its x
/// outward and stops at the first column that cannot hold anything nearer than what it found.
/// A band is filed the first time a query needs it.
struct Index {
    /// Top of band 0 (bands above and below the range are clamped to the first and last).
    top: i64,
    /// Height of a band.
    band_h: i64,
    /// Number of bands (a power of two).
    n: usize,
    /// Interval tree over the bands: node `k` (root 1, leaves `n..2n`) lists the items whose
    /// height range covers all of its bands but not all of its parent's.
    tree: Vec<Vec<usize>>,
    /// The bands filed so far.
    bands: Vec<Option<Band>>,
}

/// One band of the [`Index`]: (column, item, the item's x extent in the band) sorted by column
/// and item, and the items too wide for columns (with their extent). The extent bounds what the
/// item blocks for a query within the band: a query skips an item that cannot be nearer than
/// what it found (before computing the item's extent at the query's heights).
#[derive(Default)]
struct Band {
    cells: Vec<Cell>,
    wide: Vec<(usize, (i32, i32))>,
}

/// A filing of [`Band`]: column, item, the item's x extent in the band (16 bytes: a band of a
/// large design holds many and keeps them sorted as labels are added).
type Cell = (i32, u32, i32, i32);

/// The column of `x`.
fn col(x: i32) -> i64 {
    i64::from(x).div_euclid(COL_W)
}

/// `v` within the range of `i32`.
fn clamp_i32(v: i64) -> i32 {
    i32::try_from(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX))).unwrap_or(0)
}

impl Index {
    /// An index for `items` between heights `y0` and `y1`.
    fn new(y0: i32, y1: i32, items: usize) -> Self {
        let (y0, y1) = (i64::from(y0.min(y1)), i64::from(y0.max(y1)));
        let range = y1 - y0 + 1;
        let bands = (FILINGS / i64::try_from(items.max(1)).unwrap_or(FILINGS)).clamp(1, BANDS);
        let band_h = (range / bands + 1).max(BAND_H_MIN);
        let need = usize::try_from((range + band_h - 1) / band_h).unwrap_or(1);
        let n = need.max(1).next_power_of_two();
        Index {
            top: y0,
            band_h,
            n,
            tree: vec![Vec::new(); 2 * n],
            bands: (0..n).map(|_| None).collect(),
        }
    }

    /// The band of height `y`.
    fn band(&self, y: i32) -> usize {
        let b = (i64::from(y) - self.top).div_euclid(self.band_h);
        usize::try_from(b.max(0)).unwrap_or(0).min(self.n - 1)
    }

    /// The heights band `b` covers, each end included (the first and last band reach to the
    /// ends of `i32`): a band shares its bottom with the next band's top.
    fn span(&self, b: usize) -> (i32, i32) {
        let k = i64::try_from(b).unwrap_or(0);
        let lo = if b == 0 {
            i32::MIN
        } else {
            clamp_i32(self.top + k * self.band_h)
        };
        let hi = if b + 1 >= self.n {
            i32::MAX
        } else {
            clamp_i32(self.top + (k + 1) * self.band_h)
        };
        (lo, hi)
    }

    /// Files `item` (heights `y0..=y1`, its x extent in a band given by `extent`) in the tree
    /// and in the bands filed already.
    fn insert(
        &mut self,
        item: usize,
        (y0, y1): (i32, i32),
        extent: impl Fn((i32, i32)) -> Option<(i32, i32)>,
    ) {
        let (a, z) = (self.band(y0.min(y1)), self.band(y0.max(y1)));
        let (mut l, mut r) = (a + self.n, z + self.n + 1);
        while l < r {
            if l & 1 == 1 {
                self.tree[l].push(item);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                self.tree[r].push(item);
            }
            l >>= 1;
            r >>= 1;
        }
        for b in a..=z {
            let span = self.span(b);
            if let Some(band) = self.bands.get_mut(b).and_then(Option::as_mut) {
                if let Some(e) = extent(span) {
                    band.file(item, e, true);
                }
            }
        }
    }
}

impl Band {
    /// Files `item` with x extent `e` in its columns (in order when `sorted`).
    fn file(&mut self, item: usize, (lo, hi): (i32, i32), sorted: bool) {
        let e = (lo.min(hi), lo.max(hi));
        let (c0, c1) = (col(e.0), col(e.1));
        if c1 - c0 > WIDE_COLS {
            self.wide.push((item, e));
            return;
        }
        // (Columns of an `i32` lie within `i32`; a design has far fewer than `u32::MAX` items.)
        let item = u32::try_from(item).unwrap_or(u32::MAX);
        for c in c0..=c1 {
            let cell = (clamp_i32(c), item, e.0, e.1);
            if sorted {
                let at = self
                    .cells
                    .partition_point(|&x| (x.0, x.1) < (cell.0, cell.1));
                self.cells.insert(at, cell);
            } else {
                self.cells.push(cell);
            }
        }
    }
}

impl Blockers {
    /// Everything of `b` between heights `y0` and `y1`.
    fn new(b: &Builder<'_>, y0: i32, y1: i32) -> Self {
        let mut segs = Vec::new();
        let mut rects = Vec::new();
        for (i, l) in b.links.iter().enumerate() {
            for (j, w) in l.points.windows(2).enumerate() {
                if w[0].1.max(w[1].1) >= y0 && w[0].1.min(w[1].1) <= y1 {
                    segs.push((i, j, w[0], w[1]));
                }
            }
            for lb in &l.labels {
                let (a, z) = lb.span();
                if lb.y - 10 < y1 && y0 < lb.y + 3 {
                    rects.push((a, lb.y - 10, z, lb.y + 3));
                }
            }
        }
        for n in &b.nodes {
            let r = if n.kind == NodeKind::Group {
                let t = n.lines.first().map_or(0, |t| text_w(t));
                (n.x + n.inset, n.y + 4, n.x + n.inset + t, n.y + 20)
            } else {
                (n.x, n.y, n.x + n.w, n.y + n.h)
            };
            if r.1 < y1 && y0 < r.3 {
                rects.push(r);
            }
        }
        Blockers::of(segs, rects, (y0, y1))
    }

    /// Blockers of these items, which lie (partly) between heights `y0` and `y1`.
    fn of(segs: Vec<Seg>, rects: Vec<Rect>, (y0, y1): (i32, i32)) -> Self {
        // The index covers the heights of the items, within `y0..=y1`.
        let heights = segs
            .iter()
            .flat_map(|s| [s.2 .1, s.3 .1])
            .chain(rects.iter().flat_map(|r| [r.1, r.3]));
        let (lo, hi) = heights.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        let (lo, hi) = if lo > hi {
            (y0, y1)
        } else {
            (lo.max(y0).min(y1), hi.min(y1).max(y0))
        };
        let index = Index::new(lo, hi, segs.len() + rects.len());
        let mut blockers = Blockers {
            segs,
            rects: Vec::new(),
            index,
        };
        for (i, s) in blockers.segs.iter().enumerate() {
            blockers
                .index
                .insert(i, (s.2 .1, s.3 .1), |_| None::<(i32, i32)>);
        }
        for r in rects {
            blockers.add_rect(r);
        }
        blockers
    }

    fn add(&mut self, l: &Label) {
        let (a, z) = l.span();
        self.add_rect((a, l.y - 10, z, l.y + 3));
    }

    fn add_rect(&mut self, r: Rect) {
        let item = self.segs.len() + self.rects.len();
        self.rects.push(r);
        self.index.insert(item, (r.1, r.3), |_| Some((r.0, r.2)));
    }

    /// The x extent of `item` between heights `y0` and `y1` (each included), if it is there:
    /// a segment's part there, a box's whole width.
    fn extent(&self, item: usize, (y0, y1): (i32, i32)) -> Option<(i32, i32)> {
        match self.segs.get(item) {
            Some(&(_, _, a, z)) => x_within(a, z, y0, y1),
            None => self
                .rects
                .get(item - self.segs.len())
                .map(|r| (r.0.min(r.2), r.0.max(r.2))),
        }
    }

    /// Files band `b` of the index (once).
    fn band(&mut self, b: usize) -> Option<&Band> {
        if self.index.bands.get(b)?.is_none() {
            let span = self.index.span(b);
            let mut band = Band::default();
            let mut k = b + self.index.n;
            while k > 0 {
                for &item in self.index.tree.get(k).map_or(&[][..], Vec::as_slice) {
                    if let Some(e) = self.extent(item, span) {
                        band.file(item, e, false);
                    }
                }
                k >>= 1;
            }
            band.cells.sort_unstable();
            self.index.bands[b] = Some(band);
        }
        self.index.bands.get(b)?.as_ref()
    }

    /// The nearest thing at or right of `x` (or left of it, `left`) that a text between `y0`
    /// and `y1` must not cover, other than the segments of link `own` (all, or the one given).
    fn obstacle(
        &mut self,
        own: (usize, Option<usize>),
        x: i32,
        (y0, y1): (i32, i32),
        left: bool,
    ) -> i32 {
        #[cfg(test)]
        if tests::LINEAR.with(std::cell::Cell::get) {
            return self.obstacle_linear(own, x, (y0, y1), left);
        }
        let mut best = if left { i32::MIN } else { i32::MAX };
        let (first, last) = (self.index.band(y0.min(y1)), self.index.band(y0.max(y1)));
        let c = col(x);
        for b in first..=last {
            // Filed first, then read with the items (both borrow `self`).
            if self.band(b).is_none() {
                continue;
            }
            let Some(Some(band)) = self.index.bands.get(b) else {
                continue;
            };
            // What the item blocks at the query's heights within this band lies within its
            // extent in the band (`e`): an item that blocks nothing nearer there is skipped. Its
            // part in another band the query reads is found there (it is filed there too).
            // (A macro: a closure called for each item is not inlined in the size-optimised
            // build.)
            macro_rules! look {
                ($item:expr, $e:expr) => {
                    let e: (i32, i32) = $e;
                    let nearer = if left {
                        e.0 <= x && e.1.min(x) > best
                    } else {
                        e.1 >= x && e.0.max(x) < best
                    };
                    if nearer {
                        if let Some((lo, hi)) = self.hit($item, own, (y0, y1)) {
                            see(&mut best, left, x, lo, hi);
                        }
                    }
                };
            }
            for &(item, e) in &band.wide {
                look!(item, e);
            }
            if left {
                // Everything in columns up to `k` ends before column `k + 1`.
                let end = band.cells.partition_point(|e| i64::from(e.0) <= c);
                for &(k, item, lo, hi) in band.cells[..end].iter().rev() {
                    let (k, item) = (i64::from(k), usize::try_from(item).unwrap_or(usize::MAX));
                    if i64::from(best) >= (k + 1) * COL_W - 1 {
                        break;
                    }
                    look!(item, (lo, hi));
                }
            } else {
                // Everything in columns from `k` on starts in column `k` or after it.
                let start = band.cells.partition_point(|e| i64::from(e.0) < c);
                for &(k, item, lo, hi) in &band.cells[start..] {
                    let (k, item) = (i64::from(k), usize::try_from(item).unwrap_or(usize::MAX));
                    if i64::from(best) <= k * COL_W {
                        break;
                    }
                    look!(item, (lo, hi));
                }
            }
        }
        best
    }

    /// The x extent `item` blocks between heights `y0` and `y1` for a label of link `own`, if
    /// it does (as [`Blockers::obstacle_linear`] sees it).
    fn hit(
        &self,
        item: usize,
        own: (usize, Option<usize>),
        (y0, y1): (i32, i32),
    ) -> Option<(i32, i32)> {
        match self.segs.get(item) {
            Some(&(i, j, a, z)) => {
                if i == own.0 && own.1.is_none_or(|k| k == j) {
                    return None;
                }
                x_within(a, z, y0, y1)
            }
            None => {
                let r = self.rects.get(item - self.segs.len())?;
                (r.1 < y1 && y0 < r.3).then_some((r.0, r.2))
            }
        }
    }

    /// [`Blockers::obstacle`] by looking at every item (the reference the index must match).
    #[cfg(test)]
    fn obstacle_linear(
        &self,
        own: (usize, Option<usize>),
        x: i32,
        (y0, y1): (i32, i32),
        left: bool,
    ) -> i32 {
        let mut best = if left { i32::MIN } else { i32::MAX };
        for &(i, j, a, z) in &self.segs {
            if i == own.0 && own.1.is_none_or(|k| k == j) {
                continue;
            }
            if let Some((lo, hi)) = x_within(a, z, y0, y1) {
                see(&mut best, left, x, lo, hi);
            }
        }
        for r in &self.rects {
            if r.1 < y1 && y0 < r.3 {
                see(&mut best, left, x, r.0, r.2);
            }
        }
        best
    }

    /// Where a label of width `tw` for link `own` (its `points`) goes on the row with baseline
    /// `y`, beside its line (its segment `anchor`, else every segment at that height): to the
    /// right where there is more room, else to the left, within `0..width`.
    fn spot(
        &mut self,
        own: (usize, Option<usize>),
        points: &[(i32, i32)],
        tw: i32,
        y: i32,
        width: i32,
    ) -> Spot {
        let band = (y - 12, y + 5);
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for (j, w) in points.windows(2).enumerate() {
            if own.1.is_some_and(|a| a != j) {
                continue;
            }
            if let Some((a, z)) = x_within(w[0], w[1], band.0, band.1) {
                lo = lo.min(a);
                hi = hi.max(z);
            }
        }
        if lo > hi {
            // Nothing of the anchor at this height (a lane between two boxes below it): from
            // the anchor's left end.
            let a = own.1.and_then(|a| points.get(a..a + 2));
            lo = a.map_or(0, |p| p[0].0.min(p[1].0)) + 2;
            hi = lo;
        }
        let (r0, l0) = (hi + 6, lo - 6);
        let right = (self.obstacle(own, r0, band, false).min(width) - 6 - r0).max(0);
        // The left is looked at only where it could be chosen: the text does not fit on the
        // right and the left could have more room (it has at most `l0 - 6`).
        let right_only = right >= tw || own.1 == Some(1) || (l0 - 6).max(0) <= right;
        #[cfg(test)]
        if tests::LINEAR.with(std::cell::Cell::get) {
            // The reference: both sides looked at.
            let left = (l0 - 6 - self.obstacle(own, l0, band, true).max(0)).max(0);
            let at = if right >= tw || right >= left || own.1 == Some(1) {
                Err(r0)
            } else {
                Ok(l0)
            };
            let room = if at.is_err() { right } else { left };
            return Spot { y, room, at };
        }
        let left = (!right_only)
            .then(|| (l0 - 6 - self.obstacle(own, l0, band, true).max(0)).max(0))
            .filter(|&left| left > right);
        match left {
            Some(left) => Spot {
                y,
                room: left,
                at: Ok(l0),
            },
            None => Spot {
                y,
                room: right,
                at: Err(r0),
            },
        }
    }
}

/// Where a label goes: its baseline, its room, and its left end (`Err`) or its right end
/// (`Ok`, 6 units before it).
#[derive(Debug, Clone, Copy)]
struct Spot {
    y: i32,
    room: i32,
    at: Result<i32, i32>,
}

impl Spot {
    /// The characters of a text of `n` characters shortened to this room (as [`fit`] does).
    fn chars(self, n: usize) -> usize {
        n.min(
            usize::try_from(self.room.max(0) / CHAR_W)
                .unwrap_or(0)
                .max(1),
        )
    }

    /// The label of `text` here.
    fn label(self, text: &str) -> Label {
        let text = fit(text, self.room);
        let x = match self.at {
            Err(r0) => r0,
            Ok(l0) => l0 - text_w(&text),
        };
        Label {
            x,
            y: self.y,
            middle: false,
            text,
        }
    }
}

/// Takes the x extent `lo..=hi` of a blocker into `best`, the nearest blocker at or right of `x`
/// (or left of it, `left`) so far.
fn see(best: &mut i32, left: bool, x: i32, lo: i32, hi: i32) {
    if left {
        if lo <= x {
            *best = (*best).max(hi.min(x));
        }
    } else if hi >= x {
        *best = (*best).min(lo.max(x));
    }
}

/// The x extent of the segment `a`–`b` between heights `y0` and `y1`, if it gets there.
fn x_within(a: (i32, i32), b: (i32, i32), y0: i32, y1: i32) -> Option<(i32, i32)> {
    let (top, bottom) = (a.1.min(b.1), a.1.max(b.1));
    if bottom < y0 || top > y1 {
        return None;
    }
    if a.1 == b.1 {
        return Some((a.0.min(b.0), a.0.max(b.0)));
    }
    if a.0 == b.0 {
        // Vertical (most lines of a diagram).
        return Some((a.0, a.0));
    }
    // In 64 bits: a long line of a large design (a connection to the last of thousands of
    // gateways) overflows 32. The result lies between the ends.
    let (dx, dy) = (
        i64::from(b.0) - i64::from(a.0),
        i64::from(b.1) - i64::from(a.1),
    );
    let (ya, yb) = (
        i64::from(y0.max(top)) - i64::from(a.1),
        i64::from(y1.min(bottom)) - i64::from(a.1),
    );
    let p = clamp_i32(i64::from(a.0) + dx * ya / dy);
    let q = clamp_i32(i64::from(a.0) + dx * yb / dy);
    Some((p.min(q), p.max(q)))
}

/// The x of the polyline at height `y` (its first segment that reaches it).
fn x_at(points: &[(i32, i32)], y: i32) -> Option<i32> {
    points
        .windows(2)
        .find_map(|w| x_within(w[0], w[1], y, y).map(|(lo, hi)| (lo + hi) / 2))
}

/// Lays out the design with every circuit side by side at full size (see [`layout_in`]).
pub fn layout(design: &Design, findings: &[Finding]) -> Scene {
    layout_in(design, findings, Fit::WIDE)
}

/// Lays out the design within `fit`: every circuit side by side with its links and addresses,
/// the peerings, Global Reach, connections, gateways, VNets and the Microsoft services. Boxes
/// narrow to keep within `fit.width`; when the circuits still do not fit side by side, the
/// circuit `fit.focus` is drawn in full and the others as one box each.
pub fn layout_in(design: &Design, findings: &[Finding], fit_in: Fit) -> Scene {
    layout_in_counted(design, findings, fit_in).0
}

/// [`layout_in`] and how many layouts it started (a figure for `benches/diagram.rs`): the full
/// one; when too tall, the brief one; when that is no shorter, the full one again. Each but
/// the one kept stops once its boxes are placed.
#[doc(hidden)]
pub fn layout_in_counted(design: &Design, findings: &[Finding], fit_in: Fit) -> (Scene, usize) {
    let prep = Prep::new(design, findings);
    // Too tall, the full layout stops once its boxes are placed (only its height is read
    // then): its lines and labels are drawn only if it is kept.
    let full = lay_out(design, &prep, fit_in, false, Some(fit_in.height));
    if full.height <= fit_in.height {
        return (full, 1);
    }
    // The brief one is kept when it is shorter; else it too stops at its boxes.
    let brief = lay_out(design, &prep, fit_in, true, Some(full.height - 1));
    if brief.height < full.height {
        (brief, 2)
    } else {
        (lay_out(design, &prep, fit_in, false, None), 3)
    }
}

/// The circuits a layout draws: the design's, or one blank circuit (held by `fallback`).
fn circuits_of<'a>(design: &'a Design, fallback: &'a [Circuit; 1]) -> &'a [Circuit] {
    if design.circuits.is_empty() {
        fallback
    } else {
        &design.circuits
    }
}

/// What every layout of a design with its findings reads alike ([`layout_in`] may make two or
/// three): the findings' marks, and per circuit its facts and its link labels.
struct Prep {
    marks: BTreeMap<Key, Marks>,
    facts: Vec<Facts>,
    /// Per circuit, the lines of its primary's and secondary's link to the Microsoft edge: per
    /// peering a tag line and the role's subnets.
    hop2_labels: Vec<[Vec<String>; 2]>,
}

/// Per-circuit facts.
struct Facts {
    direct: bool,
    location: String,
    bandwidth: Option<String>,
    addrs: Vec<(usize, &'static str, PeeringAddresses)>,
    /// Per peering (as `addrs`), the routers' lines.
    router: Vec<RouterLines>,
}

/// The lines one peering adds to the routers' and edges' boxes: the peer ASN ("Pvt AS
/// 65001", when set) and per role its links' (our end, Microsoft's end).
struct RouterLines {
    asn: Option<String>,
    links: [Vec<(String, String)>; 2],
}

impl Prep {
    fn new(design: &Design, findings: &[Finding]) -> Self {
        let fallback = [Circuit::default()];
        let circuits = circuits_of(design, &fallback);
        let facts: Vec<Facts> = circuits
            .iter()
            .map(|c| {
                let direct = c.port_type == PortType::Direct;
                let loc = circuit_location(design, c);
                let addrs: Vec<_> = peerings(c)
                    .into_iter()
                    .map(|(k, tag, p)| (k, tag, peering_addresses(p)))
                    .collect();
                let router = peerings(c)
                    .into_iter()
                    .zip(&addrs)
                    .map(|((kind, _, p), (_, _, a))| {
                        let short = if kind == 0 { "Pvt" } else { "MS" };
                        let asn = p.peer_asn.trim();
                        RouterLines {
                            asn: (!asn.is_empty()).then(|| format!("{short} AS {asn}")),
                            links: [0, 1].map(|r| {
                                role_links(a, r)
                                    .into_iter()
                                    .flatten()
                                    .map(|l| {
                                        (
                                            format!("{short} {}", l.customer),
                                            format!("{short} {}", l.microsoft),
                                        )
                                    })
                                    .collect()
                            }),
                        }
                    })
                    .collect();
                Facts {
                    direct,
                    location: catalog::peering_location(loc)
                        .map_or(loc, |l| l.name)
                        .to_string(),
                    bandwidth: match c.port_type {
                        PortType::Provider => parse_uint(&c.bandwidth_mbps)
                            .and_then(|m| u32::try_from(m).ok())
                            .map(bandwidth_label),
                        PortType::Direct => {
                            parse_uint(&c.bandwidth_gbps).map(|g| format!("{g} Gbps"))
                        }
                    },
                    addrs,
                    router,
                }
            })
            .collect();
        let hop2_labels = circuits
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
        Prep {
            marks: marks(design, circuits, findings),
            facts,
            hop2_labels,
        }
    }
}

/// Where a link ends: a drawn circuit (by index) or a summary box (index in `others`).
#[derive(Clone, Copy, PartialEq)]
enum End {
    Drawn(usize),
    Other(usize),
}

/// A column of the Azure group: a gateway over its VNet, or a circuit's Microsoft services.
struct Col {
    gateway: Option<usize>,
    vnet: Option<usize>,
    services: Option<usize>,
}

/// A Global Reach or connection label to place once every line is drawn: (index of its link,
/// the Global Reach line's anchor point or none for a connection), text, preferred baseline.
type Pending = ((usize, Option<usize>), String, i32);

/// The height of a row of boxes: its tallest box's.
fn row_h(d: &[Draft]) -> i32 {
    box_h(d.iter().map(|x| x.lines.len()).max().unwrap_or(2))
}

/// The columns of one layout: the sizes chosen, the circuits drawn in full and the summary
/// boxes of the others.
struct Columns {
    g: Geo,
    side_by_side: bool,
    /// The circuits drawn in full, in the order of their columns.
    drawn: Vec<usize>,
    /// The column of each circuit drawn in full.
    cols_at: Vec<Option<usize>>,
    others: Vec<Other>,
}

impl Columns {
    /// The sizes for the design's circuits (found by name in `circuit_at`) and the circuits its
    /// connections and Global Reach name outside it, within `fit_in`'s width; which circuits are
    /// drawn in full.
    fn new(design: &Design, circuits: &[Circuit], circuit_at: &Names<'_>, fit_in: Fit) -> Columns {
        let n = circuits.len();
        let find_circuit = |name: &str| circuit_at.find(name);

        // Circuits named by connections or Global Reach that are not in this design.
        let mut externals: Vec<String> = Vec::new();
        let mut external_at = Names::default();
        for name in design.connections.iter().map(|c| c.circuit.as_str()).chain(
            design
                .global_reach
                .iter()
                .flat_map(|g| [g.circuit.as_str(), g.peer_circuit.as_str()]),
        ) {
            let name = name.trim();
            if !name.is_empty() && find_circuit(name).is_none() && external_at.find(name).is_none()
            {
                external_at.add(externals.len(), name);
                externals.push(name.to_string());
            }
        }
        let n_i = i32::try_from(n).unwrap_or(1);
        let ext_i = i32::try_from(externals.len()).unwrap_or(0);
        let (g, side_by_side) = choose(n_i, ext_i, fit_in.width);
        // The circuits drawn in full, and the column each takes.
        let drawn: Vec<usize> = if side_by_side {
            (0..n).collect()
        } else {
            vec![fit_in.focus.min(n - 1)]
        };
        let mut cols_at: Vec<Option<usize>> = vec![None; n];
        for (k, &c) in drawn.iter().enumerate() {
            if let Some(col) = cols_at.get_mut(c) {
                col.get_or_insert(k);
            }
        }
        let col_of = |c: usize| cols_at.get(c).copied().flatten();
        let mut others: Vec<Other> = Vec::new();
        for c in (0..n).filter(|c| col_of(*c).is_none()) {
            others.push(Other {
                name: or_else(&circuits[c].name, "Circuit"),
                circuit: Some(c),
                ext: 0,
            });
        }
        for (e, name) in externals.iter().enumerate() {
            others.push(Other {
                name: name.clone(),
                circuit: None,
                ext: e,
            });
        }
        // Beside the drawn circuit only two summary boxes fit; links to the rest are not drawn.
        if !side_by_side {
            others.truncate(2);
        }
        Columns {
            g,
            side_by_side,
            drawn,
            cols_at,
            others,
        }
    }
}

/// What every row of a layout reads: the design, its circuits, the sizes, and where each
/// circuit and summary box is.
#[derive(Clone, Copy)]
struct Frame<'a> {
    design: &'a Design,
    prep: &'a Prep,
    circuits: &'a [Circuit],
    n: usize,
    /// The routers' and edges' link addresses are left out.
    brief: bool,
    side_by_side: bool,
    nw: i32,
    pad: i32,
    gap: i32,
    margin: i32,
    /// Width of a circuit column.
    cw: i32,
    drawn: &'a [usize],
    cols_at: &'a [Option<usize>],
    others: &'a [Other],
    /// Width of the circuits drawn in full, side by side.
    circuits_w: i32,
    circuit_at: &'a Names<'a>,
    other_at: &'a Names<'a>,
}

impl Frame<'_> {
    /// The column of a circuit drawn in full.
    fn col_of(&self, c: usize) -> Option<usize> {
        self.cols_at.get(c).copied().flatten()
    }

    /// The left of column `k`.
    fn col_x(&self, k: usize) -> i32 {
        self.margin + i32::try_from(k).unwrap_or(0) * (self.cw + self.gap)
    }

    /// The left of the box of role `r` (0 primary, 1 secondary) in column `k`.
    fn node_x(&self, k: usize, r: usize) -> i32 {
        self.col_x(k) + self.pad + i32::try_from(r).unwrap_or(0) * (self.nw + self.pad)
    }

    /// The vertical lines of a circuit: primary on the left of its box, secondary on the right.
    fn line_x(&self, k: usize, r: usize) -> i32 {
        if r == 0 {
            self.node_x(k, 0) + LINK_X
        } else {
            self.node_x(k, 1) + self.nw - LINK_X
        }
    }

    /// The left of summary box `e` after the circuits, side by side.
    fn ext_x(&self, e: usize) -> i32 {
        self.margin
            + self.circuits_w
            + self.gap
            + i32::try_from(e).unwrap_or(0) * (self.nw + self.pad)
    }

    /// Where a link to the circuit named `name` ends: a summary box found by its name or its
    /// circuit's, else a circuit drawn in full.
    fn endpoint(&self, name: &str) -> Option<End> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        self.other_at.find(name).map(End::Other).or_else(|| {
            self.circuit_at
                .find(name)
                .filter(|c| self.col_of(*c).is_some())
                .map(End::Drawn)
        })
    }
}

/// The id of a summary box.
fn other_id(o: &Other) -> String {
    match o.circuit {
        Some(c) => cat!(prefix(c), "circuit"),
        None => cat!("external-", o.ext),
    }
}

/// The peerings' row as the connections below it read it.
struct PeeringRow {
    /// (index in `others`, column) of the summary boxes in the row.
    in_e: Vec<(usize, usize)>,
    top: i32,
    h: i32,
    empty: bool,
}

/// [`layout_in`], the routers' and edges' link addresses left out when `brief`; when taller
/// than `unless_over`, only its width and height (no boxes, lines, labels, title, description
/// or table: the boxes are placed first and give the height).
fn lay_out(
    design: &Design,
    prep: &Prep,
    fit_in: Fit,
    brief: bool,
    unless_over: Option<i32>,
) -> Scene {
    let fallback = [Circuit::default()];
    let circuits = circuits_of(design, &fallback);
    let circuit_at = Names::of(circuits.iter().map(|c| c.name.as_str()).enumerate());
    let columns = Columns::new(design, circuits, &circuit_at, fit_in);
    let Geo {
        nw,
        pad,
        gap,
        margin,
    } = columns.g;
    let n_drawn = i32::try_from(columns.drawn.len()).unwrap_or(1);
    let cw = columns.g.cw();
    // A summary box is found by its name or its circuit's.
    let other_at = Names::of(columns.others.iter().enumerate().flat_map(|(j, o)| {
        [
            Some(o.name.as_str()),
            o.circuit.map(|c| circuits[c].name.as_str()),
        ]
        .into_iter()
        .flatten()
        .map(move |name| (j, name))
    }));
    let fr = Frame {
        design,
        prep,
        circuits,
        n: circuits.len(),
        brief,
        side_by_side: columns.side_by_side,
        nw,
        pad,
        gap,
        margin,
        cw,
        drawn: &columns.drawn,
        cols_at: &columns.cols_at,
        others: &columns.others,
        circuits_w: n_drawn * (cw + gap) - gap,
        circuit_at: &circuit_at,
        other_at: &other_at,
    };
    let mut b = Builder {
        marks: &prep.marks,
        nodes: Vec::new(),
        node_at: HashMap::new(),
        links: Vec::new(),
    };
    let (y, hop1_top, hop2_top) = edge_rows(&fr, &mut b);
    let (gr_drawn, lanes_top, y) = global_reach_lanes(&fr, y);
    let (row_e, mut y) = peering_rows(&fr, &mut b, y);
    let cols = azure_columns(&fr);
    let content_w = content_width(&fr, cols.len());
    let width = content_w + 2 * margin;
    // One label row per connection; twice as many where the boxes are narrow (a label that
    // meets another line on its row takes a free one).
    let conn_rows = design.connections.len() * if nw == NODE_W { 1 } else { 2 };
    let conn_top = y;
    if !cols.is_empty() {
        y = azure_rows(&fr, &mut b, &cols, y, conn_rows, content_w);
    }
    // Every box is placed: the height is known. Too tall, the lines and labels are not drawn
    // (the lines read the boxes, nothing below reads the lines but their labels).
    let height = y + margin;
    if unless_over.is_some_and(|h| height > h) {
        return Scene {
            width,
            height,
            title: String::new(),
            description: String::new(),
            nodes: Vec::new(),
            links: Vec::new(),
            table: Vec::new(),
        };
    }

    circuit_links(&fr, &mut b, hop1_top, hop2_top);
    attachments(&fr, &mut b);
    let mut pending = global_reach_links(&fr, &mut b, &gr_drawn, lanes_top);
    azure_links(&fr, &mut b, &cols);
    connection_links(&fr, &mut b, &row_e, conn_top, &mut pending);
    place_labels(&mut b, pending, conn_rows, conn_top, width - margin);

    let Frame {
        n,
        side_by_side,
        drawn,
        ..
    } = fr;
    let table = table(circuits);
    let (title, mut description) = words(design, circuits, &b);
    if brief {
        description.push_str(
            " The routers' and Microsoft edges' addresses are in the links and addresses table.",
        );
    }
    if !side_by_side && n > 1 {
        description.push_str(&format!(
            " Circuit {} of {n} is drawn in full; the others are shown as one box each.",
            drawn[0] + 1
        ));
    }
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

/// Rows A to C: the customer's routers, the provider edges or Direct ports, the Microsoft
/// edges, with the bands of the circuits' two hops between them. Returns the height reached and
/// the tops of the two bands.
fn edge_rows(fr: &Frame<'_>, b: &mut Builder<'_>) -> (i32, i32, i32) {
    let Frame {
        design,
        circuits,
        brief,
        nw,
        pad,
        margin,
        cw,
        drawn,
        circuits_w,
        ..
    } = *fr;
    let col_x = |k: usize| fr.col_x(k);
    let node_x = |k: usize, r: usize| fr.node_x(k, r);
    let line_x = |k: usize, r: usize| fr.line_x(k, r);
    let facts = &fr.prep.facts;
    // Row A: the customer's routers.
    let mut y = margin;
    let mut ce = Vec::new();
    let mut pe = Vec::new();
    let mut ms = Vec::new();
    for (k, &c) in drawn.iter().enumerate() {
        let (circuit, f) = (&circuits[c], &facts[c]);
        let pre = prefix(c);
        let on_pe = circuit.provider_managed_routing && !f.direct;
        for (r, role) in ROLES.into_iter().enumerate() {
            let mut ce_lines = vec![cat!("Router (", role, ")")];
            let mut pe_lines = if f.direct {
                vec![
                    cat!("Port (", role, ")"),
                    or_else(&circuit.direct_port, "port not chosen"),
                ]
            } else {
                vec![
                    cat!("Provider (", role, ")"),
                    or_else(&circuit.provider, "provider not chosen"),
                ]
            };
            let mut ms_lines = vec![cat!("MSEE (", role, ")"), cat!("AS ", MICROSOFT_ASN)];
            for lines in &f.router {
                ce_lines.extend(lines.asn.iter().cloned());
                for (ours, theirs) in lines.links[r].iter().filter(|_| !brief) {
                    if on_pe {
                        pe_lines.push(ours.clone());
                    } else {
                        ce_lines.push(ours.clone());
                    }
                    ms_lines.push(theirs.clone());
                }
            }
            let target = |key: CircuitKey| cat!(field::circuit(c, key));
            let asn_target =
                if circuit.private_peering.is_none() && circuit.microsoft_peering.is_some() {
                    cat!(field::peering(c, Side::Microsoft, PeeringKey::PeerAsn))
                } else {
                    cat!(field::peering(c, Side::Private, PeeringKey::PeerAsn))
                };
            ce.push(Draft {
                id: cat!(pre, "ce-", role),
                kind: NodeKind::CustomerEdge,
                x: node_x(k, r),
                w: nw,
                lines: ce_lines,
                key: Some(Key::Ce(c)),
                target: asn_target,
            });
            pe.push(Draft {
                id: cat!(pre, "pe-", role),
                kind: if f.direct {
                    NodeKind::DirectPort
                } else {
                    NodeKind::ProviderEdge
                },
                x: node_x(k, r),
                w: nw,
                lines: pe_lines,
                key: Some(Key::Pe(c)),
                target: target(if f.direct {
                    CircuitKey::DirectPort
                } else {
                    CircuitKey::Provider
                }),
            });
            ms.push(Draft {
                id: cat!(pre, "msee-", role),
                kind: NodeKind::MicrosoftEdge,
                x: node_x(k, r),
                w: nw,
                lines: ms_lines,
                key: Some(Key::Msee(c)),
                target: target(if f.direct {
                    CircuitKey::DirectPort
                } else {
                    CircuitKey::PeeringLocation
                }),
            });
        }
    }
    let h_ce = row_h(&ce);
    b.group(
        "group-customer".into(),
        margin,
        y,
        circuits_w,
        GROUP_HEAD + h_ce + pad,
        "Your network",
        TEXT_X + 2,
    );
    b.row(ce, y + GROUP_HEAD, h_ce);
    y += GROUP_HEAD + h_ce + pad;

    // A circuit group's title sits between the primary and the secondary line.
    let title_at = |k: usize| {
        (
            line_x(k, 0) + 8 - col_x(k),
            line_x(k, 1) - line_x(k, 0) - 16,
        )
    };

    // Hop 1 band, row B (provider edge or Direct ports).
    let hop1_top = y;
    y += band_h(1);
    let h_pe = row_h(&pe);
    let port_at = Names::of(
        design
            .direct_ports
            .iter()
            .map(|p| p.name.as_str())
            .enumerate(),
    );
    for (k, &c) in drawn.iter().enumerate() {
        let (circuit, f) = (&circuits[c], &facts[c]);
        let title = if f.direct {
            let port = port_at
                .find(&circuit.direct_port)
                .and_then(|i| design.direct_ports.get(i));
            let encap = port.map_or("", |p| match p.encapsulation {
                Encapsulation::Dot1Q => " · 802.1Q",
                Encapsulation::QinQ => " · QinQ",
            });
            format!("{} · Direct port pair{encap}", or_dash(&circuit.name))
        } else {
            format!(
                "{} · Provider: {}",
                or_dash(&circuit.name),
                or_dash(&circuit.provider)
            )
        };
        let (inset, room) = title_at(k);
        b.group_in(
            cat!(prefix(c), "group-provider"),
            (col_x(k), y, cw, GROUP_HEAD + h_pe + pad),
            &title,
            inset,
            room,
        );
    }
    b.row(pe, y + GROUP_HEAD, h_pe);
    y += GROUP_HEAD + h_pe + pad;

    // Hop 2 band: per peering a tag line and the role's subnets.
    let hop2_labels = &fr.prep.hop2_labels;
    let hop2_lines = drawn
        .iter()
        .filter_map(|&c| hop2_labels.get(c))
        .flat_map(|x| x.iter().map(Vec::len))
        .max()
        .unwrap_or(1);
    let hop2_top = y;
    y += band_h(hop2_lines);

    // Row C: the Microsoft edge.
    let h_ms = row_h(&ms);
    for (k, &c) in drawn.iter().enumerate() {
        let (inset, room) = title_at(k);
        b.group_in(
            cat!(prefix(c), "group-microsoft"),
            (col_x(k), y, cw, GROUP_HEAD + h_ms + pad),
            &cat!("Microsoft edge · ", or_dash(&facts[c].location)),
            inset,
            room,
        );
    }
    b.row(ms, y + GROUP_HEAD, h_ms);
    y += GROUP_HEAD + h_ms + pad;

    (y, hop1_top, hop2_top)
}

/// The Global Reach links drawn (link index, ends) and their lanes under the Microsoft edge:
/// returns them, the lanes' top and the height reached.
fn global_reach_lanes(fr: &Frame<'_>, mut y: i32) -> (Vec<(usize, End, End)>, i32, i32) {
    let Frame { design, .. } = *fr;
    let endpoint = |name: &str| fr.endpoint(name);
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
        20
    } else {
        26 + LANE_H * (i32::try_from(gr_drawn.len()).unwrap_or(0) - 1) + 14
    };
    y += lanes_h;

    (gr_drawn, lanes_top, y)
}

/// Rows D and E: beside a circuit drawn alone, the summary boxes that have no room in the
/// peerings' row; then the peerings (and, side by side, the summary boxes after the circuits).
fn peering_rows(fr: &Frame<'_>, b: &mut Builder<'_>, mut y: i32) -> (PeeringRow, i32) {
    let Frame {
        design,
        circuits,
        n,
        brief,
        side_by_side,
        nw,
        pad,
        drawn,
        others,
        ..
    } = *fr;
    let node_x = |k: usize, r: usize| fr.node_x(k, r);
    let line_x = |k: usize, r: usize| fr.line_x(k, r);
    let ext_x = |e: usize| fr.ext_x(e);
    // Beside a circuit drawn alone: its summary boxes, in a column of the peerings' row that
    // has no peering, else in a row of their own between the lines to its peerings.
    let mut connections_of: HashMap<String, usize> = HashMap::new();
    if design.connections.len() > FEW {
        for cn in &design.connections {
            if let Some(k) = name_key(&cn.circuit) {
                *connections_of.entry(k).or_default() += 1;
            }
        }
    }
    // The number of connections naming a circuit.
    let conns_of = |c: &Circuit| {
        if design.connections.len() > FEW {
            name_key(&c.name)
                .and_then(|k| connections_of.get(&k).copied())
                .unwrap_or(0)
        } else {
            design
                .connections
                .iter()
                .filter(|cn| same(&cn.circuit, &c.name))
                .count()
        }
    };
    let has_connection = |c: &Circuit| conns_of(c) > 0;
    let mut free: Vec<usize> = Vec::new();
    if !side_by_side {
        let circuit = &circuits[drawn[0]];
        if circuit.private_peering.is_none() && !has_connection(circuit) {
            free.push(0);
        }
        if circuit.microsoft_peering.is_none() {
            free.push(1);
        }
    }
    // (index in `others`, column) of the summary boxes in the peerings' row.
    let in_e: Vec<(usize, usize)> = free
        .iter()
        .copied()
        .enumerate()
        .take(others.len())
        .collect();
    let mut row_d = Vec::new();
    if !side_by_side && others.len() > in_e.len() {
        let (lo, hi) = (line_x(0, 0) + 10, line_x(0, 1) - 10);
        let n_o = i32::try_from(others.len() - in_e.len()).unwrap_or(0);
        let w = if n_o > 1 {
            (hi - lo - pad) / 2
        } else {
            nw.min(hi - lo)
        };
        let start = (lo + hi) / 2 - (n_o * w + (n_o - 1).max(0) * pad) / 2;
        for (j, o) in others.iter().enumerate().skip(in_e.len()) {
            row_d.push(Draft {
                id: other_id(o),
                kind: NodeKind::ExternalCircuit,
                x: start + i32::try_from(j - in_e.len()).unwrap_or(0) * (w + pad),
                w,
                lines: other_lines(o, n, brief),
                key: None,
                target: o
                    .circuit
                    .map(|c| cat!(field::circuit(c, CircuitKey::Name)))
                    .unwrap_or_default(),
            });
        }
    }
    let row_d_top = y;
    let h_d = if row_d.is_empty() { 0 } else { row_h(&row_d) };
    b.row(row_d, row_d_top, h_d);
    if h_d > 0 {
        y += h_d + 22;
    }

    // Row E: peerings (and, side by side, the summary boxes after the circuits).
    let mut row_e = Vec::new();
    for &(j, col) in &in_e {
        let Some(o) = others.get(j) else { continue };
        row_e.push(Draft {
            id: other_id(o),
            kind: NodeKind::ExternalCircuit,
            x: node_x(0, col),
            w: nw,
            lines: other_lines(o, n, brief),
            key: None,
            target: o
                .circuit
                .map(|c| cat!(field::circuit(c, CircuitKey::Name)))
                .unwrap_or_default(),
        });
    }
    for (k, &c) in drawn.iter().enumerate() {
        let circuit = &circuits[c];
        let pre = prefix(c);
        if circuit.private_peering.is_some() || has_connection(circuit) {
            let conns = conns_of(circuit);
            let mut lines = vec!["Private peering".to_string()];
            match &circuit.private_peering {
                Some(p) => lines.push(asn_line(&p.peer_asn)),
                None => lines.push("not configured".into()),
            }
            if !brief {
                lines.push(plural(conns, "connection"));
            }
            row_e.push(Draft {
                id: cat!(pre, "peering-private"),
                kind: NodeKind::Peering,
                x: node_x(k, 0),
                w: nw,
                lines,
                key: Some(Key::Peering(c, 0)),
                target: cat!(field::peering(c, Side::Private, PeeringKey::PeerAsn)),
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
                id: cat!(pre, "peering-microsoft"),
                kind: NodeKind::Peering,
                x: node_x(k, 1),
                w: nw,
                lines,
                key: Some(Key::Peering(c, 1)),
                target: cat!(field::peering(
                    c,
                    Side::Microsoft,
                    PeeringKey::AdvertisedPrefixes
                )),
            });
        }
    }
    if side_by_side {
        for (j, o) in others.iter().enumerate() {
            row_e.push(Draft {
                id: other_id(o),
                kind: NodeKind::ExternalCircuit,
                x: ext_x(j),
                w: nw,
                lines: other_lines(o, n, brief),
                key: None,
                target: String::new(),
            });
        }
    }
    let row_e_top = y;
    let h_e = row_h(&row_e);
    let row_e_empty = row_e.is_empty();
    b.row(row_e, row_e_top, h_e);
    if !row_e_empty {
        y += h_e;
    }

    (
        PeeringRow {
            in_e,
            top: row_e_top,
            h: h_e,
            empty: row_e_empty,
        },
        y,
    )
}

/// The Azure group's columns: each VNet under its first gateway, the gateways of no VNet, then
/// the Microsoft services of each circuit drawn in full with a Microsoft peering.
fn azure_columns(fr: &Frame<'_>) -> Vec<Col> {
    let Frame {
        design,
        circuits,
        drawn,
        ..
    } = *fr;
    // Azure: columns of gateway-over-VNet, then the Microsoft services.
    let mut cols: Vec<Col> = Vec::new();
    let mut placed_gw = vec![false; design.gateways.len()];
    // The gateways of each VNet name, in order, the next to place first.
    let many = design.gateways.len() > FEW;
    let mut gateways_of: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    if many {
        for (g, gw) in design.gateways.iter().enumerate() {
            if let Some(k) = name_key(&gw.virtual_network) {
                gateways_of.entry(k).or_default().push_back(g);
            }
        }
    }
    for (v, vnet) in design.virtual_networks.iter().enumerate() {
        let gw = if many {
            name_key(&vnet.name)
                .and_then(|k| gateways_of.get_mut(&k))
                .and_then(std::collections::VecDeque::pop_front)
        } else {
            design
                .gateways
                .iter()
                .enumerate()
                .position(|(g, gw)| !placed_gw[g] && same(&gw.virtual_network, &vnet.name))
        };
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
    for &c in drawn {
        if circuits[c].microsoft_peering.is_some() {
            cols.push(Col {
                gateway: None,
                vnet: None,
                services: Some(c),
            });
        }
    }
    cols
}

/// The width of the content: the circuits (and summary boxes beside them) or the Azure group
/// of `cols_n` columns, whichever is wider.
fn content_width(fr: &Frame<'_>, cols_n: usize) -> i32 {
    let Frame {
        nw,
        pad,
        gap,
        side_by_side,
        others,
        circuits_w,
        ..
    } = *fr;
    let cols_n = i32::try_from(cols_n).unwrap_or(0);
    let azure_w = 2 * pad + cols_n * nw + (cols_n - 1).max(0) * pad;
    let ext_w = if side_by_side {
        i32::try_from(others.len()).unwrap_or(0) * (nw + pad)
    } else {
        0
    };
    (circuits_w + if ext_w > 0 { gap + ext_w - pad } else { 0 }).max(azure_w)
}

/// Rows F and G, in the Azure group under the connections' label rows: gateways and services,
/// then VNets. Returns the height reached.
fn azure_rows(
    fr: &Frame<'_>,
    b: &mut Builder<'_>,
    cols: &[Col],
    mut y: i32,
    conn_rows: usize,
    content_w: i32,
) -> i32 {
    let Frame {
        design,
        circuits,
        nw,
        pad,
        margin,
        ..
    } = *fr;
    let filter_at = Names::of(
        design
            .route_filters
            .iter()
            .map(|f| f.name.as_str())
            .enumerate(),
    );
    let az_x = |k: usize| margin + pad + i32::try_from(k).unwrap_or(0) * (nw + pad);
    y += 18 + LABEL_H * i32::try_from(conn_rows).unwrap_or(0) + 10;
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
                id: cat!("gateway-", gi),
                kind: NodeKind::Gateway,
                x: az_x(k),
                w: nw,
                lines: vec![
                    or_else(&gw.name, "Gateway (no name)"),
                    "ExpressRoute gateway".into(),
                    sku,
                ],
                key: Some(Key::Gateway(gi)),
                target: cat!(FieldPath::Gateway(
                    gi,
                    Some(GatewayField::Key(GatewayKey::Sku))
                )),
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
            match filter_at.find(rf).and_then(|i| design.route_filters.get(i)) {
                Some(f) => {
                    lines.push(cat!("Filter ", f.name.trim()));
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
                id: cat!(prefix(c), "services"),
                kind: NodeKind::Services,
                x: az_x(k),
                w: nw,
                lines,
                key: Some(Key::Services(c)),
                target: cat!(field::peering(c, Side::Microsoft, PeeringKey::RouteFilter)),
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
                id: cat!("vnet-", v),
                kind: NodeKind::VirtualNetwork,
                x: az_x(k),
                w: nw,
                lines,
                key: Some(Key::Vnet(v)),
                target: cat!(FieldPath::Vnet(
                    v,
                    Some(VnetField::Key(VnetKey::AddressSpaces))
                )),
            });
        }
    }
    let h_f = if row_f.is_empty() { 0 } else { row_h(&row_f) };
    let h_g = if row_g.is_empty() { 0 } else { row_h(&row_g) };
    let gap_fg = if h_f > 0 && h_g > 0 { 22 } else { 0 };
    let az_h = GROUP_HEAD + h_f + gap_fg + h_g + pad;
    b.group(
        "group-azure".into(),
        margin,
        y,
        content_w,
        az_h,
        "Azure",
        TEXT_X + 2,
    );
    let f_top = y + GROUP_HEAD;
    b.row(row_f, f_top, h_f);
    b.row(row_g, f_top + h_f + gap_fg, h_g);
    y += az_h;
    y
}

fn circuit_links(fr: &Frame<'_>, b: &mut Builder<'_>, hop1_top: i32, hop2_top: i32) {
    let Frame {
        circuits, drawn, ..
    } = *fr;
    let line_x = |k: usize, r: usize| fr.line_x(k, r);
    let facts = &fr.prep.facts;
    let hop2_labels = &fr.prep.hop2_labels;
    // The circuit links: two hops per role, vertical; the primary's labels to the right of its
    // line, the secondary's to the left of its line (between them: the groups' titles).
    for (k, &c) in drawn.iter().enumerate() {
        let (circuit, f) = (&circuits[c], &facts[c]);
        let pre = prefix(c);
        let hop1: [String; 2] = [0, 1].map(|r| match &f.bandwidth {
            Some(bw) => cat!(ROLE_TITLES[r], " · ", bw),
            None => ROLE_TITLES[r].to_string(),
        });
        let mut hop2 = hop2_labels.get(c).cloned().unwrap_or_default();
        // The primary's and the secondary's labels of one row share the room between the
        // lines: each gets its width when both fit, else the shorter keeps its width.
        let total = line_x(k, 1) - line_x(k, 0) - 16;
        let split = |a: Option<&String>, b: Option<&String>| -> [i32; 2] {
            let (wa, wb) = (a.map_or(0, |t| text_w(t)), b.map_or(0, |t| text_w(t)));
            let half = (total - 8) / 2;
            if wa + wb + 8 <= total {
                [wa, wb]
            } else if wa <= half {
                [wa, total - 8 - wa]
            } else if wb <= half {
                [total - 8 - wb, wb]
            } else {
                [half, half]
            }
        };
        let rooms1 = split(hop1.first(), hop1.get(1));
        // Where a row's two labels don't fit side by side, the peerings' short tags.
        let [p_lines, s_lines] = &mut hop2;
        for (p, q) in p_lines.iter_mut().zip(s_lines.iter_mut()) {
            if text_w(p) + text_w(q) + 8 > total {
                for t in [p, q] {
                    if let Some(rest) = t.strip_prefix("Microsoft · ") {
                        *t = format!("MS · {rest}");
                    } else if let Some(rest) = t.strip_prefix("Private · ") {
                        *t = format!("Pvt · {rest}");
                    }
                }
            }
        }
        let rows2 = hop2[0].len().max(hop2[1].len());
        let rooms2: Vec<[i32; 2]> = (0..rows2)
            .map(|j| split(hop2[0].get(j), hop2[1].get(j)))
            .collect();
        for r in 0..2 {
            let x = line_x(k, r);
            let kind = if r == 0 {
                LinkKind::Primary
            } else {
                LinkKind::Secondary
            };
            let hop1_label = hop1[r].clone();
            let labels = |lines: &[String], rooms: &[[i32; 2]], top: i32| -> Vec<Label> {
                lines
                    .iter()
                    .zip(0..)
                    .map(|(t, j)| {
                        let room = rooms
                            .get(usize::try_from(j).unwrap_or(0))
                            .map_or(0, |x| x[r]);
                        let text = fit(t, room);
                        Label {
                            x: if r == 0 { x + 8 } else { x - 8 - text_w(&text) },
                            y: top + 15 + LABEL_H * j,
                            middle: false,
                            text,
                        }
                    })
                    .collect()
            };
            let ce_id = cat!(pre, "ce-", ROLES[r]);
            let pe_id = cat!(pre, "pe-", ROLES[r]);
            let ms_id = cat!(pre, "msee-", ROLES[r]);
            let (Some(a), Some(p), Some(m)) = (b.node(&ce_id), b.node(&pe_id), b.node(&ms_id))
            else {
                continue;
            };
            let (a_bottom, p_top, p_bottom, m_top) = (a.y + a.h, p.y, p.y + p.h, m.y);
            let via = if f.direct { "port" } else { "provider edge" };
            let circuit_name = or_else(&circuit.name, "Circuit");
            b.link(
                cat!(pre, "link-", ROLES[r], "-1"),
                kind,
                &ce_id,
                &pe_id,
                vec![(x, a_bottom), (x, p_top)],
                labels(std::slice::from_ref(&hop1_label), &[rooms1], hop1_top),
                cat!(circuit_name, ": ", ROLES[r], " link, router to ", via),
                Some(Key::Hop1(c)),
                cat!(field::circuit(
                    c,
                    if f.direct {
                        CircuitKey::BandwidthGbps
                    } else {
                        CircuitKey::BandwidthMbps
                    }
                )),
            );
            let lines = hop2[r].clone();
            b.link(
                cat!(pre, "link-", ROLES[r], "-2"),
                kind,
                &pe_id,
                &ms_id,
                vec![(x, p_bottom), (x, m_top)],
                labels(&lines, &rooms2, hop2_top),
                cat!(circuit_name, ": ", ROLES[r], " link to the Microsoft edge"),
                Some(Key::Hop2(c, r)),
                cat!(link_target(c, circuit, r)),
            );
        }
    }
}

fn attachments(fr: &Frame<'_>, b: &mut Builder<'_>) {
    let Frame { drawn, .. } = *fr;
    let line_x = |k: usize, r: usize| fr.line_x(k, r);
    // Attachments: Microsoft edge → peering boxes, below the primary and secondary lines.
    for (k, &c) in drawn.iter().enumerate() {
        let pre = prefix(c);
        for (r, kind) in ["private", "microsoft"].into_iter().enumerate() {
            let to = cat!(pre, "peering-", kind);
            let from = cat!(pre, "group-microsoft");
            let (Some(g), Some(p)) = (b.node(&from), b.node(&to)) else {
                continue;
            };
            let x = line_x(k, r);
            let points = vec![(x, g.y + g.h), (x, p.y)];
            b.attach(cat!(pre, "attach-", kind), &from, &to, points);
        }
    }
}

fn global_reach_links(
    fr: &Frame<'_>,
    b: &mut Builder<'_>,
    gr_drawn: &[(usize, End, End)],
    lanes_top: i32,
) -> Vec<Pending> {
    let Frame { design, others, .. } = *fr;
    let line_x = |k: usize, r: usize| fr.line_x(k, r);
    let col_of = |c: usize| fr.col_of(c);
    // Global Reach polylines; their labels are placed once every line is drawn.
    let mut pending: Vec<((usize, Option<usize>), String, i32)> = Vec::new();
    for (lane, (k, a, z)) in gr_drawn.iter().enumerate() {
        let Some(gr) = design.global_reach.get(*k) else {
            continue;
        };
        let lane_i = i32::try_from(lane).unwrap_or(0);
        let lane_y = lanes_top + 26 + LANE_H * lane_i;
        let dx = 10 * lane_i;
        let end = |e: End| -> Option<(String, i32, i32)> {
            match e {
                End::Drawn(c) => {
                    let id = cat!(prefix(c), "group-microsoft");
                    let n = b.node(&id)?;
                    Some((id, line_x(col_of(c)?, 0) + 16 + dx, n.y + n.h))
                }
                End::Other(j) => {
                    let id = other_id(others.get(j)?);
                    let n = b.node(&id)?;
                    let mut x = n.x + n.w / 2 + dx;
                    // A summary box in the row between the lanes and this box may stand over
                    // its middle: the line comes down beside it, still onto this box.
                    for m in &b.nodes {
                        let above = m.id != id && m.y >= lanes_top && m.y + m.h <= n.y;
                        if above && x >= m.x - 4 && x <= m.x + m.w + 4 {
                            let (l0, l1) = (n.x + 8, (m.x - 8).min(n.x + n.w - 8));
                            let (r0, r1) = ((m.x + m.w + 8).max(n.x + 8), n.x + n.w - 8);
                            if l1 >= l0 {
                                x = ((l0 + l1) / 2 + dx).clamp(l0, l1);
                            } else if r1 >= r0 {
                                x = ((r0 + r1) / 2 + dx).clamp(r0, r1);
                            }
                        }
                    }
                    Some((id, x, n.y))
                }
            }
        };
        let (Some((from, x1, y1)), Some((to, x2, y2))) = (end(*a), end(*z)) else {
            continue;
        };
        let mut text = cat!("Global Reach ", or_dash(&gr.address_prefix));
        if !gr.address_prefix_v6.trim().is_empty() {
            text.push_str(" · ");
            text.push_str(gr.address_prefix_v6.trim());
        }
        let name = cat!(
            "Global Reach ",
            or_dash(&gr.name),
            " between ",
            or_dash(&gr.circuit),
            " and ",
            or_dash(&gr.peer_circuit)
        );
        // Anchored on an end that comes down to the lane, else on the lane itself.
        let anchor = if y1 < lane_y {
            0
        } else if y2 < lane_y {
            2
        } else {
            1
        };
        pending.push(((b.links.len(), Some(anchor)), text, lane_y - 6));
        b.link(
            cat!("global-reach-", k),
            LinkKind::GlobalReach,
            &from,
            &to,
            vec![(x1, y1), (x1, lane_y), (x2, lane_y), (x2, y2)],
            Vec::new(),
            cat!(name, ", ", or_dash(&gr.address_prefix)),
            Some(Key::GlobalReach(*k)),
            cat!(FieldPath::GlobalReach(
                *k,
                Some(GlobalReachKey::AddressPrefix)
            )),
        );
    }

    pending
}

/// The lines in the Azure group: gateway → VNet, Microsoft peering → services.
fn azure_links(fr: &Frame<'_>, b: &mut Builder<'_>, cols: &[Col]) {
    let Frame {
        design,
        circuits,
        drawn,
        ..
    } = *fr;
    let vnet_at = Names::of(
        design
            .virtual_networks
            .iter()
            .map(|v| v.name.as_str())
            .enumerate(),
    );
    if !cols.is_empty() {
        // Gateway → VNet.
        for (gi, gw) in design.gateways.iter().enumerate() {
            let Some(v) = vnet_at.find(&gw.virtual_network) else {
                continue;
            };
            let (from, to) = (cat!("gateway-", gi), cat!("vnet-", v));
            let Some(points) = b.down(&from, &to) else {
                continue;
            };
            // A gateway over another VNet's column is attached only where it stands.
            if points[0].0 == points[1].0 {
                b.attach(cat!("attach-gateway-", gi), &from, &to, points);
            }
        }
        // Microsoft peering → services.
        for &c in drawn {
            let circuit = &circuits[c];
            let pre = prefix(c);
            let (from, to) = (cat!(pre, "peering-microsoft"), cat!(pre, "services"));
            if let Some(points) = b.down(&from, &to) {
                b.link(
                    cat!(pre, "services-link"),
                    LinkKind::Services,
                    &from,
                    &to,
                    points,
                    Vec::new(),
                    cat!(
                        or_else(&circuit.name, "Circuit"),
                        ": Microsoft peering to Microsoft 365 and Azure public services"
                    ),
                    Some(Key::Services(c)),
                    cat!(field::peering(c, Side::Microsoft, PeeringKey::RouteFilter)),
                );
            }
        }
    }
}

fn connection_links(
    fr: &Frame<'_>,
    b: &mut Builder<'_>,
    row_e: &PeeringRow,
    conn_top: i32,
    pending: &mut Vec<Pending>,
) {
    let Frame {
        design,
        side_by_side,
        pad,
        others,
        ..
    } = *fr;
    let node_x = |k: usize, r: usize| fr.node_x(k, r);
    let endpoint = |name: &str| fr.endpoint(name);
    let PeeringRow {
        ref in_e,
        top: row_e_top,
        h: h_e,
        empty: row_e_empty,
    } = *row_e;
    let gateway_at = Names::of(design.gateways.iter().map(|g| g.name.as_str()).enumerate());
    // Connections: peering (or summary box) → gateway, one label row each.
    let middle_gap = node_x(0, 1) - pad / 2;
    let mut below_d = 0;
    for (k, cn) in design.connections.iter().enumerate() {
        let Some(gi) = gateway_at.find(&cn.gateway) else {
            continue;
        };
        let to = cat!("gateway-", gi);
        let Some(gw) = b.node(&to) else {
            continue;
        };
        let end = (gw.x + gw.w / 2, gw.y);
        let (from, points) = match endpoint(&cn.circuit) {
            Some(End::Drawn(c)) => {
                let from = cat!(prefix(c), "peering-private");
                let Some(p) = b.node(&from) else {
                    continue;
                };
                (from, vec![(p.x + p.w / 2, p.y + p.h), end])
            }
            Some(End::Other(j)) => {
                let Some(o) = others.get(j) else {
                    continue;
                };
                let from = other_id(o);
                let Some(p) = b.node(&from) else {
                    continue;
                };
                let start = (p.x + p.w / 2, p.y + p.h);
                if side_by_side || row_e_empty || in_e.iter().any(|&(k, _)| k == j) {
                    (from, vec![start, end])
                } else {
                    // Down the gap between the peerings, then to the gateway.
                    let gx = middle_gap + [0, -3, 3][below_d % 3];
                    let gy = p.y + p.h + 11;
                    below_d += 1;
                    (
                        from,
                        vec![
                            start,
                            (start.0, gy),
                            (gx, gy),
                            (gx, row_e_top + h_e + 6),
                            end,
                        ],
                    )
                }
            }
            None => continue,
        };
        let ly = conn_top + 18 + LABEL_H * i32::try_from(k).unwrap_or(0);
        let text = cat!(
            or_dash(&cn.name),
            " · weight ",
            or_dash(&cn.routing_weight),
            if cn.fast_path { " · FastPath" } else { "" }
        );
        pending.push(((b.links.len(), None), text, ly));
        b.link(
            cat!("connection-", k),
            LinkKind::Connection,
            &from,
            &to,
            points,
            Vec::new(),
            cat!(
                "Connection ",
                or_dash(&cn.name),
                " from circuit ",
                or_dash(&cn.circuit),
                " to gateway ",
                or_dash(&cn.gateway),
                if cn.fast_path { ", FastPath" } else { "" }
            ),
            Some(Key::Connection(k)),
            cat!(FieldPath::Connection(k, Some(ConnectionKey::RoutingWeight))),
        );
    }
}

fn place_labels(
    b: &mut Builder<'_>,
    pending: Vec<Pending>,
    conn_rows: usize,
    conn_top: i32,
    right: i32,
) {
    // The labels of Global Reach and connections: beside their line, clear of every other.
    // A connection's label takes its own row, else the row where it fits best; a label with
    // no room at all is left out (the element's name still says it).
    let rows: Vec<i32> = (0..conn_rows)
        .map(|k| conn_top + 18 + LABEL_H * i32::try_from(k).unwrap_or(0))
        .collect();
    let conn_band = (
        conn_top,
        conn_top + 18 + LABEL_H * i32::try_from(conn_rows).unwrap_or(0),
    );
    let mut in_band = Blockers::new(b, conn_band.0, conn_band.1);
    // Everything of the scene, for the Global Reach labels (filed on the first one).
    let mut whole: Option<Blockers> = None;
    for (own, text, ly) in pending {
        let connection = own.1.is_none();
        #[cfg(test)]
        let mut lane = (!connection && tests::LINEAR.with(std::cell::Cell::get))
            .then(|| Blockers::new(b, ly - 12, ly + 5));
        #[cfg(not(test))]
        let mut lane: Option<Blockers> = None;
        let blockers = if connection {
            &mut in_band
        } else if let Some(lane) = lane.as_mut() {
            lane
        } else {
            whole.get_or_insert_with(|| Blockers::new(b, i32::MIN, i32::MAX))
        };
        let points = b.links.get(own.0).map_or(&[][..], |l| &l.points[..]);
        let candidates = if connection { &rows[..] } else { &[][..] };
        let (n, tw) = (text.chars().count(), text_w(&text));
        // The first row where the whole text fits, else the first with the most of it.
        let mut best: Option<(Spot, usize)> = None;
        // (`ly` is one of the rows: the same spot again, it is not looked at twice.)
        #[cfg(test)]
        let again = tests::LINEAR.with(std::cell::Cell::get);
        #[cfg(not(test))]
        let again = false;
        let rows = candidates.iter().copied().filter(|&y| y != ly || again);
        for y in std::iter::once(ly).chain(rows) {
            let spot = blockers.spot(own, points, tw, y, right);
            let chars = spot.chars(n);
            if best.is_none_or(|(_, c)| c < chars) {
                best = Some((spot, chars));
            }
            if chars == n {
                break;
            }
        }
        let best = best.map(|(spot, _)| spot.label(&text));
        if let (Some(label), Some(l)) = (best, b.links.get_mut(own.0)) {
            if label.text.chars().count() >= 4 || label.text == text {
                if connection {
                    in_band.add(&label);
                }
                if let Some(whole) = whole.as_mut() {
                    whole.add(&label);
                }
                l.labels.push(label);
            }
        }
    }
}

/// The lines of a summary box: the circuit's name and what it is.
fn other_lines(o: &Other, n: usize, brief: bool) -> Vec<String> {
    match o.circuit {
        Some(c) if brief => vec![o.name.clone(), format!("Circuit {} of {n}", c + 1)],
        Some(c) => vec![
            o.name.clone(),
            format!("Circuit {} of {n}", c + 1),
            "select to show".into(),
        ],
        None => vec![
            o.name.clone(),
            "circuit outside".into(),
            "this design".into(),
        ],
    }
}
fn words(d: &Design, circuits: &[Circuit], b: &Builder<'_>) -> (String, String) {
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

/// The sample a legend entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A line drawn as links of this kind are.
    Line(LinkKind),
    /// A box filled as nodes of this kind are.
    Box(NodeKind),
    /// A box outlined as an element with an error or a warning.
    Finding(Severity),
}

/// One legend entry: its sample at `x` (24 wide) and its text after it, on baseline `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendItem {
    /// Left edge of the sample.
    pub x: i32,
    /// Baseline of the text (the sample is centred 4 above it).
    pub y: i32,
    /// What the sample shows.
    pub mark: Mark,
    /// What it means.
    pub text: &'static str,
}

/// The legend of a downloaded diagram `width` wide: its entries in rows from the top, and its
/// height.
pub fn legend(width: i32) -> (Vec<LegendItem>, i32) {
    const ENTRIES: [(Mark, &str); 10] = [
        (Mark::Line(LinkKind::Primary), "Primary link"),
        (Mark::Line(LinkKind::Secondary), "Secondary link"),
        (Mark::Line(LinkKind::Connection), "Connection"),
        (Mark::Line(LinkKind::GlobalReach), "Global Reach"),
        (
            Mark::Line(LinkKind::Services),
            "Microsoft peering to services",
        ),
        (
            Mark::Box(NodeKind::MicrosoftEdge),
            "Router, edge or peering",
        ),
        (Mark::Box(NodeKind::Gateway), "Azure resource"),
        (
            Mark::Box(NodeKind::ExternalCircuit),
            "Circuit drawn as a box",
        ),
        (Mark::Finding(Severity::Error), "Error (!)"),
        (Mark::Finding(Severity::Warning), "Warning (!)"),
    ];
    let mut items = Vec::new();
    let (mut x, mut y) = (MARGIN, 18);
    for (mark, text) in ENTRIES {
        let w = 24 + 6 + text_w(text) + 18;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            y += 20;
        }
        items.push(LegendItem { x, y, mark, text });
        x += w;
    }
    (items, y + 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Label placement by [`Blockers::obstacle_linear`] and a [`Blockers`] per Global
        /// Reach label, every row and both sides of a line looked at (the reference layout).
        pub(super) static LINEAR: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// The layout with every label placed against the linear reference, both layouts made in
    /// full when the full one is too tall.
    fn reference(d: &Design, f: &[Finding], fit: Fit) -> Scene {
        LINEAR.with(|l| l.set(true));
        let prep = Prep::new(d, f);
        let full = lay_out(d, &prep, fit, false, None);
        let s = if full.height <= fit.height {
            full
        } else {
            let brief = lay_out(d, &prep, fit, true, None);
            if brief.height < full.height {
                brief
            } else {
                full
            }
        };
        LINEAR.with(|l| l.set(false));
        s
    }

    /// Panics with the first difference between two scenes (their Debug output is huge).
    fn same_scene(what: &str, got: &Scene, want: &Scene) {
        if got == want {
            return;
        }
        let links = got.links.iter().zip(&want.links).find(|(a, b)| a != b);
        let nodes = got.nodes.iter().zip(&want.nodes).find(|(a, b)| a != b);
        panic!(
            "{what}: the indexed layout differs from the reference ({}×{} vs {}×{}, {} vs {} links):\n{links:#?}\n{nodes:#?}",
            got.width,
            got.height,
            want.width,
            want.height,
            got.links.len(),
            want.links.len()
        );
    }

    /// xorshift64*: the same designs on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let r = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33;
            usize::try_from(r).unwrap_or(0) % n.max(1)
        }
    }

    /// A design of random size and shape: circuits with one, both or no peerings, VNets with
    /// and without gateways, connections and Global Reach between circuits of the design and
    /// outside it (names of random length, so that labels are shortened and moved).
    fn random_design(rng: &mut Rng, scale: usize) -> Design {
        use serde_json::json;
        let n_c = 1 + rng.below(6 * scale);
        let n_v = rng.below(12 * scale);
        let n_g = rng.below(12 * scale);
        let n_cn = rng.below(30 * scale);
        let n_gr = rng.below(6 * scale);
        let name = |rng: &mut Rng, base: &str, i: usize| {
            let long = "-x".repeat(rng.below(12));
            format!("{base}-{i}{long}")
        };
        let circuit_names: Vec<String> = (0..n_c).map(|i| name(rng, "er", i)).collect();
        let circuits: Vec<_> = circuit_names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut c = json!({ "name": n, "provider": "Equinix", "peeringLocation": "Amsterdam",
                    "bandwidthMbps": "1000" });
                if rng.below(4) > 0 {
                    c["privatePeering"] = json!({ "peerAsn": "65001", "vlanId": format!("{}", 100 + i),
                        "primarySubnet": "192.168.0.0/30", "secondarySubnet": "192.168.0.4/30" });
                }
                if rng.below(3) == 0 {
                    c["microsoftPeering"] = json!({ "peerAsn": "12345", "vlanId": "200",
                        "primarySubnet": "193.0.10.0/30", "secondarySubnet": "193.0.10.4/30",
                        "advertisedPrefixes": ["193.0.12.0/24"] });
                }
                c
            })
            .collect();
        let vnet_names: Vec<String> = (0..n_v).map(|i| name(rng, "vnet", i)).collect();
        let vnets: Vec<_> = vnet_names
            .iter()
            .map(|n| {
                json!({ "name": n, "addressSpaces": ["10.0.0.0/24"],
                "subnets": [{ "name": "GatewaySubnet", "addressPrefix": "10.0.0.0/27" }] })
            })
            .collect();
        let gateway_names: Vec<String> = (0..n_g).map(|i| name(rng, "gw", i)).collect();
        let gateways: Vec<_> = gateway_names
            .iter()
            .map(|n| {
                let v = rng.below(n_v + 1);
                json!({ "name": n, "virtualNetwork": vnet_names.get(v).cloned().unwrap_or_default() })
            })
            .collect();
        let circuit = |rng: &mut Rng| {
            let k = rng.below(n_c + 3);
            circuit_names
                .get(k)
                .cloned()
                .unwrap_or_else(|| format!("outside-{k}"))
        };
        let connections: Vec<_> = (0..n_cn)
            .map(|i| {
                let g = rng.below(n_g + 1);
                json!({ "name": name(rng, "cn", i),
                    "gateway": gateway_names.get(g).cloned().unwrap_or_default(),
                    "circuit": circuit(rng), "fastPath": rng.below(3) == 0,
                    "routingWeight": format!("{}", rng.below(40)) })
            })
            .collect();
        let global_reach: Vec<_> = (0..n_gr)
            .map(|i| {
                json!({ "name": format!("gr-{i}"), "circuit": circuit(rng),
                "peerCircuit": circuit(rng), "addressPrefix": "10.255.0.0/29",
                "addressPrefixV6": if rng.below(2) == 0 { "" } else { "fd00::/125" } })
            })
            .collect();
        let text = json!({ "circuits": circuits, "virtualNetworks": vnets, "gateways": gateways,
            "connections": connections, "globalReach": global_reach })
        .to_string();
        super::super::io::parse_design(&text).unwrap_or_default()
    }

    /// The boxes the page and the command line lay out in.
    fn fits(rng: &mut Rng, d: &Design) -> Vec<Fit> {
        let focus = rng.below(d.circuits.len());
        vec![
            Fit::WIDE,
            Fit {
                width: 731,
                height: 900,
                focus,
            },
            Fit {
                width: 355,
                height: i32::MAX,
                focus: 0,
            },
            Fit {
                width: 1400,
                height: 300 + i32::try_from(rng.below(600)).unwrap_or(0),
                focus,
            },
            // Too short for any layout: the brief one when it is shorter, else the full one.
            Fit {
                width: 731,
                height: 50,
                focus,
            },
        ]
    }

    #[test]
    fn indexed_labels_are_placed_as_a_scan_places_them() {
        let mut rng = Rng(0x1AB3_15ED_0000_0001);
        let designs = designs(&mut rng, 60);
        let mut labels = [0, 0];
        for (k, d) in designs.iter().enumerate() {
            let f = super::super::rules::validate(d);
            for fit in fits(&mut rng, d) {
                let got = layout_in(d, &f, fit);
                let want = reference(d, &f, fit);
                for l in &want.links {
                    match l.kind {
                        LinkKind::Connection => labels[0] += l.labels.len(),
                        LinkKind::GlobalReach => labels[1] += l.labels.len(),
                        _ => {}
                    }
                }
                same_scene(&format!("design {k}, {fit:?}"), &got, &want);
            }
        }
        // The designs do place the labels placed against the blockers.
        assert!(labels[0] > 1000 && labels[1] > 100, "{labels:?}");
    }

    /// `cat!` writes what `format!` writes.
    #[test]
    fn cat_writes_as_format() {
        for v in [0, 1, 9, 10, 99, 100, 12_076, u64::from(u32::MAX), u64::MAX] {
            let n = usize::try_from(v).unwrap_or(usize::MAX);
            assert_eq!(cat!("a", v, "b"), format!("a{v}b"));
            assert_eq!(cat!(n, "·"), format!("{n}·"));
            let s = cat!("c", n, "-", String::from("é"), &String::from("x"));
            assert_eq!(s, format!("c{n}-éx"));
            assert_eq!(s.capacity(), s.len(), "{s}");
        }
        assert_eq!(cat!(7_u32), "7");
    }

    /// The fixtures and `n` random designs (of every scale).
    fn designs(rng: &mut Rng, n: usize) -> Vec<Design> {
        let fixtures = [
            include_str!("../../tests/fixtures/seed.json"),
            include_str!("../../tests/fixtures/minimal.json"),
            include_str!("../../tests/fixtures/two-circuits.json"),
            include_str!("../../tests/fixtures/direct.json"),
            include_str!("../../tests/fixtures/dual-stack.json"),
            include_str!("../../tests/fixtures/errors.json"),
            include_str!("../../tests/fixtures/full-direct.json"),
            include_str!("../../tests/fixtures/large.json"),
        ];
        let mut designs: Vec<Design> = fixtures
            .iter()
            .map(|t| super::super::io::parse_design(t).expect("fixture"))
            .collect();
        for k in 0..n {
            designs.push(random_design(rng, 1 + k % 4));
        }
        designs
    }

    /// A layout too tall for its box stops once its boxes are placed: it has the size of the
    /// whole layout, full or brief, at every width (the size `layout_in` chooses by).
    #[test]
    fn a_layout_stopped_at_its_boxes_has_the_whole_ones_size() {
        let mut rng = Rng(0x1AB3_15ED_0000_0004);
        let mut stopped = 0;
        for (k, d) in designs(&mut rng, 80).iter().enumerate() {
            let f = super::super::rules::validate(d);
            for width in [200, 355, 569, 731, 845, 1400, i32::MAX] {
                let fit = Fit {
                    width,
                    height: i32::MAX,
                    focus: k % 3,
                };
                for brief in [false, true] {
                    let prep = Prep::new(d, &f);
                    let whole = lay_out(d, &prep, fit, brief, None);
                    let size = lay_out(d, &prep, fit, brief, Some(whole.height - 1));
                    assert!(size.nodes.is_empty() && size.links.is_empty());
                    assert_eq!(
                        (size.width, size.height),
                        (whole.width, whole.height),
                        "design {k}, {fit:?}, brief {brief}"
                    );
                    stopped += 1;
                }
            }
        }
        assert!(stopped > 1000, "{stopped}");
    }

    /// A design at a tenth of the element limits, its connections and Global Reach spread over
    /// its circuits: long, shallow lines over thousands of label rows.
    #[test]
    fn indexed_labels_on_a_large_design() {
        let mut rng = Rng(0x1AB3_15ED_0000_0002);
        let mut d = random_design(&mut rng, 1);
        let n_c = 50;
        d.circuits = (0..n_c)
            .map(|i| Circuit {
                name: format!("er-{i}"),
                private_peering: d.circuits.first().and_then(|c| c.private_peering.clone()),
                ..Circuit::default()
            })
            .collect();
        d.virtual_networks = (0..1000)
            .map(|i| super::super::model::VirtualNetwork {
                name: format!("vnet-{i}"),
                ..Default::default()
            })
            .collect();
        d.gateways = (0..1000)
            .map(|i| super::super::model::Gateway {
                name: format!("gw-{i}"),
                virtual_network: format!("vnet-{i}"),
                ..Default::default()
            })
            .collect();
        d.connections = (0..1000)
            .map(|i| super::super::model::Connection {
                name: format!("cn-{i}"),
                gateway: format!("gw-{}", (i * 7) % 1000),
                circuit: format!("er-{}", i % n_c),
                ..Default::default()
            })
            .collect();
        d.global_reach = (0..60)
            .map(|i| super::super::model::GlobalReach {
                name: format!("gr-{i}"),
                circuit: format!("er-{}", i % n_c),
                peer_circuit: format!("er-{}", (i * 13 + 1) % n_c),
                address_prefix: "10.255.0.0/29".into(),
                ..Default::default()
            })
            .collect();
        let f = super::super::rules::validate(&d);
        for fit in [
            Fit {
                width: 731,
                height: 900,
                focus: 3,
            },
            Fit {
                width: 355,
                height: i32::MAX,
                focus: 0,
            },
        ] {
            let got = layout_in(&d, &f, fit);
            same_scene(&format!("{fit:?}"), &got, &reference(&d, &f, fit));
        }
        // Every circuit side by side: every line drawn (fewer, the reference is quadratic).
        d.connections.truncate(250);
        let f = super::super::rules::validate(&d);
        let got = layout(&d, &f);
        same_scene("wide", &got, &reference(&d, &f, Fit::WIDE));
    }

    /// The index finds what a scan of every item finds, for items of every shape (steep,
    /// shallow, horizontal and vertical lines, boxes and labels, added before and after the
    /// first queries) and queries from every x, both ways, excluding a link or one segment.
    #[test]
    fn indexed_obstacles_are_what_a_scan_finds() {
        let mut rng = Rng(0x1AB3_15ED_0000_0003);
        // Anywhere, or next to a column's edge.
        let coord = |rng: &mut Rng, span: usize| {
            let v = i32::try_from(rng.below(span)).unwrap_or(0) - 500;
            if rng.below(3) == 0 {
                v - v.rem_euclid(128) + [-1, 0, 1][rng.below(3)]
            } else {
                v
            }
        };
        let small = |rng: &mut Rng, n: usize| i32::try_from(rng.below(n)).unwrap_or(0);
        let mut queries = 0;
        for round in 0..300 {
            let (w, h) = (
                [600, 5_000, 200_000][round % 3],
                [300, 3_000, 60_000][round / 3 % 3],
            );
            let mut segs = Vec::new();
            for i in 0..rng.below(40) {
                let a = (coord(&mut rng, w), coord(&mut rng, h));
                let z = match rng.below(4) {
                    0 => (a.0, coord(&mut rng, h)),
                    1 => (coord(&mut rng, w), a.1),
                    2 => (coord(&mut rng, w), a.1 + small(&mut rng, 40)),
                    _ => (coord(&mut rng, w), coord(&mut rng, h)),
                };
                segs.push((i / 3, i % 3, a, z));
            }
            let rect = |rng: &mut Rng| {
                let (x, y) = (coord(rng, w), coord(rng, h));
                (x, y, x + small(rng, 200), y + small(rng, 60))
            };
            let rects: Vec<Rect> = (0..rng.below(30)).map(|_| rect(&mut rng)).collect();
            let band = (coord(&mut rng, h), coord(&mut rng, h));
            let band = (band.0.min(band.1), band.0.max(band.1));
            let mut b = Blockers::of(segs, rects, band);
            for step in 0..60 {
                if step % 10 == 9 {
                    b.add_rect(rect(&mut rng));
                }
                let y = coord(&mut rng, h);
                let q = (y - 12 - small(&mut rng, 40), y + 5);
                let own = (
                    rng.below(14),
                    [None, Some(0), Some(1), Some(2)][rng.below(4)],
                );
                let x = coord(&mut rng, w);
                for left in [false, true] {
                    let want = b.obstacle_linear(own, x, q, left);
                    assert_eq!(
                        b.obstacle(own, x, q, left),
                        want,
                        "round {round} step {step}, x {x}, {q:?}, left {left}, own {own:?}"
                    );
                    queries += usize::from(want != i32::MIN && want != i32::MAX);
                }
            }
        }
        // Most queries find something.
        assert!(queries > 10_000, "{queries}");
    }

    #[test]
    fn x_within_holds_for_a_drawing_hundreds_of_thousands_wide() {
        // (one end, the other end, band) → the x extent; the product overflows i32.
        let cases = [
            (
                ((0, 0), (200_000, 20_000)),
                (10_000, 10_000),
                Some((100_000, 100_000)),
            ),
            (((200_000, 0), (0, 20_000)), (0, 20_000), Some((0, 200_000))),
            (((5, 0), (5, 100)), (50, 60), Some((5, 5))),
            (((0, 0), (10, 0)), (1, 2), None),
            (((0, 0), (10, 0)), (0, 0), Some((0, 10))),
        ];
        for ((a, b), (y0, y1), want) in cases {
            assert_eq!(x_within(a, b, y0, y1), want, "{a:?}–{b:?} in {y0}..{y1}");
        }
    }

    #[test]
    fn names_find_what_a_scan_finds() {
        let list = [
            "", " ", "er-1", "ER-1", " er-1 ", "Er-2\t", "é-x", "É-X", "gw", "GW ", "\u{a0}gw",
        ];
        let pads: Vec<String> = (0..2 * FEW).map(|k| format!("pad-{k}")).collect();
        // Scanned (a few names) and indexed (the same names and many more).
        let long: Vec<&str> = list
            .iter()
            .copied()
            .chain(pads.iter().map(String::as_str))
            .collect();
        for list in [&list[..], &long[..]] {
            let names = Names::of(list.iter().copied().enumerate());
            assert_eq!(matches!(names, Names::Many(_)), list.len() > FEW);
            let probes = [
                "",
                "  ",
                "er-1",
                "eR-1",
                "er-1  ",
                "er-2",
                " ER-2",
                "é-x",
                "É-x",
                "É-X",
                "gw",
                "\tGw",
                "missing",
                "\u{a0}GW\u{a0}",
                "er",
                "PAD-3",
            ];
            for probe in probes {
                let scan = list.iter().position(|name| same(name, probe));
                assert_eq!(names.find(probe), scan, "{probe:?}");
            }
        }
    }
}
