//! Geometry of the topology diagram on real designs: deterministic, boxes never overlap (groups
//! contain boxes or stay clear of them), text fits its box, labels sit beside their link inside
//! the canvas, links start and end on the borders of the nodes they join.

use erwiz::domain::diagram::{
    layout, layout_in, text_w, tip, Fit, Label, Link, LinkKind, Node, NodeKind, Scene, LINE_H,
    NODE_W_MIN, TEXT_X, TEXT_Y,
};
use erwiz::domain::finding::Severity;
use erwiz::domain::io::parse_design;
use erwiz::domain::model::{Connection, Design, Gateway, GatewaySku, Subnet, VirtualNetwork};
use erwiz::domain::rules::validate;

const SEED: &str = include_str!("fixtures/seed.json");
const MINIMAL: &str = include_str!("fixtures/minimal.json");
const TWO: &str = include_str!("fixtures/two-circuits.json");
const DIRECT: &str = include_str!("fixtures/direct.json");
const DUAL: &str = include_str!("fixtures/dual-stack.json");

fn design(json: &str) -> Design {
    parse_design(json).expect("fixture parses")
}

fn scene(d: &Design) -> Scene {
    layout(d, &validate(d))
}

/// Widths the page gives the diagram (drawing units at the smallest readable zoom): a phone,
/// the column beside the form, a wide screen, and no limit.
const WIDTHS: [i32; 6] = [355, 380, 520, 731, 1000, i32::MAX];

/// The scene at every width in [`WIDTHS`], each circuit in focus, every one checked.
fn check_widths(d: &Design) {
    let findings = validate(d);
    for width in WIDTHS {
        for focus in 0..d.circuits.len().max(1) {
            for height in [i32::MAX, 500] {
                let s = layout_in(
                    d,
                    &findings,
                    Fit {
                        width,
                        height,
                        focus,
                    },
                );
                check(&s);
            }
        }
    }
}

/// A rectangle as (left, top, right, bottom).
type Rect = (i32, i32, i32, i32);

fn rect(n: &Node) -> Rect {
    (n.x, n.y, n.x + n.w, n.y + n.h)
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn contains(outer: Rect, inner: Rect) -> bool {
    outer.0 <= inner.0 && outer.1 <= inner.1 && inner.2 <= outer.2 && inner.3 <= outer.3
}

/// The box of a label's text: 12 px text, 10 above the baseline and 3 below.
fn label_rect(l: &Label) -> Rect {
    let (a, z) = l.span();
    (a, l.y - 10, z, l.y + 3)
}

/// The box of a group's title (12 px bold, drawn 16 below the group's top edge).
fn title_rect(g: &Node) -> Rect {
    let w = g.lines.first().map_or(0, |t| text_w(t));
    (g.x + g.inset, g.y + 4, g.x + g.inset + w, g.y + 20)
}

/// Whether the polyline passes through the inside of the rectangle (sampled every pixel).
fn crosses(l: &Link, r: Rect) -> bool {
    l.points.windows(2).any(|w| {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        let steps = (x2 - x1).abs().max((y2 - y1).abs()).max(1);
        (0..=steps).any(|s| {
            let x = x1 + (x2 - x1) * s / steps;
            let y = y1 + (y2 - y1) * s / steps;
            r.0 < x && x < r.2 && r.1 < y && y < r.3
        })
    })
}

fn on_border(p: (i32, i32), r: Rect) -> bool {
    let (x, y) = p;
    let within_x = r.0 <= x && x <= r.2;
    let within_y = r.1 <= y && y <= r.3;
    (within_x && (y == r.1 || y == r.3)) || (within_y && (x == r.0 || x == r.2))
}

/// Smallest distance (Chebyshev, sampled every pixel) from the polyline to the rectangle.
fn distance(l: &Link, r: Rect) -> i32 {
    let mut best = i32::MAX;
    for w in l.points.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        let steps = (x2 - x1).abs().max((y2 - y1).abs()).max(1);
        for s in 0..=steps {
            let x = x1 + (x2 - x1) * s / steps;
            let y = y1 + (y2 - y1) * s / steps;
            let dx = (r.0 - x).max(x - r.2).max(0);
            let dy = (r.1 - y).max(y - r.3).max(0);
            best = best.min(dx.max(dy));
        }
    }
    best
}

/// Every geometry rule of the diagram (see the module documentation of `domain::diagram`).
fn check(s: &Scene) {
    let canvas = (0, 0, s.width, s.height);
    let (groups, boxes): (Vec<&Node>, Vec<&Node>) =
        s.nodes.iter().partition(|n| n.kind == NodeKind::Group);
    let mut ids = std::collections::HashSet::new();
    for n in &s.nodes {
        assert!(ids.insert(n.id.as_str()), "duplicate id {}", n.id);
        assert!(n.w > 0 && n.h > 0, "{} has no size", n.id);
        assert!(contains(canvas, rect(n)), "{} outside the canvas", n.id);
        for (k, line) in n.lines.iter().enumerate() {
            let k = k as i32;
            let right = n.x + TEXT_X + erwiz::domain::diagram::text_w(line);
            assert!(right <= n.x + n.w - 4, "{}: line too wide: {line}", n.id);
            if n.kind == NodeKind::Group {
                assert_eq!(n.lines.len(), 1, "{}: a group has one title", n.id);
            } else {
                let baseline = n.y + TEXT_Y + LINE_H * k;
                assert!(
                    baseline + 4 <= n.y + n.h,
                    "{}: line {k} below the box",
                    n.id
                );
            }
        }
        if n.kind != NodeKind::Group && n.kind != NodeKind::ExternalCircuit {
            assert!(!n.target.is_empty(), "{} opens no field", n.id);
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!overlap(rect(a), rect(b)), "{} overlaps {}", a.id, b.id);
        }
        for g in &groups {
            assert!(
                contains(rect(g), rect(a)) || !overlap(rect(g), rect(a)),
                "{} straddles group {}",
                a.id,
                g.id
            );
        }
    }
    for (i, a) in groups.iter().enumerate() {
        for b in &groups[i + 1..] {
            assert!(
                !overlap(rect(a), rect(b)),
                "group {} overlaps {}",
                a.id,
                b.id
            );
        }
    }
    // No line crosses a caption (a group's title), a label or a box it does not join.
    for l in &s.links {
        for g in &groups {
            let t = title_rect(g);
            assert!(contains(rect(g), t), "{}: title outside", g.id);
            assert!(!crosses(l, t), "{} crosses the title of {}", l.id, g.id);
        }
        for b in &boxes {
            if b.id != l.from && b.id != l.to {
                assert!(!crosses(l, rect(b)), "{} crosses {}", l.id, b.id);
            }
        }
        for other in &s.links {
            for lb in &other.labels {
                assert!(
                    !crosses(l, label_rect(lb)),
                    "{} crosses the label {:?} of {}",
                    l.id,
                    lb.text,
                    other.id
                );
            }
        }
    }
    for g in &groups {
        for b in &boxes {
            assert!(
                !overlap(title_rect(g), rect(b)),
                "the title of {} covers {}",
                g.id,
                b.id
            );
        }
    }
    let mut labels: Vec<(&str, Rect)> = Vec::new();
    for l in &s.links {
        assert!(ids.insert(l.id.as_str()), "duplicate id {}", l.id);
        let from = s.nodes.iter().find(|n| n.id == l.from);
        let to = s.nodes.iter().find(|n| n.id == l.to);
        let (Some(from), Some(to)) = (from, to) else {
            panic!("{} joins missing nodes {} → {}", l.id, l.from, l.to);
        };
        assert!(l.points.len() >= 2, "{}", l.id);
        let first = l.points[0];
        let last = *l.points.last().unwrap();
        assert!(
            on_border(first, rect(from)),
            "{} does not start on {}",
            l.id,
            from.id
        );
        assert!(
            on_border(last, rect(to)),
            "{} does not end on {}",
            l.id,
            to.id
        );
        for p in &l.points {
            assert!(
                contains(canvas, (p.0, p.1, p.0, p.1)),
                "{} leaves the canvas",
                l.id
            );
        }
        if l.kind != LinkKind::Attachment {
            assert!(!l.target.is_empty() && !l.name.is_empty(), "{}", l.id);
        }
        for lb in &l.labels {
            let r = label_rect(lb);
            assert!(contains(canvas, r), "{}: label {:?} outside", l.id, lb.text);
            assert!(
                distance(l, r) <= 12,
                "{}: label {:?} is not beside its line",
                l.id,
                lb.text
            );
            for b in &boxes {
                assert!(
                    !overlap(r, rect(b)),
                    "{}: label {:?} covers {}",
                    l.id,
                    lb.text,
                    b.id
                );
            }
            for (other, o) in &labels {
                assert!(
                    !overlap(r, *o),
                    "{}: label {:?} overlaps a label of {other}",
                    l.id,
                    lb.text
                );
            }
            labels.push((l.id.as_str(), r));
        }
        let (bx, by) = l.badge();
        assert!(
            bx >= 7 && by >= 7 && bx + 7 <= s.width && by + 7 <= s.height,
            "{} badge {:?} {:?} {:?}",
            l.id,
            (bx, by),
            l.points,
            l.labels
        );
        if let Some(t) = tip(s, &l.id) {
            assert!(
                contains(canvas, (t.x, t.y, t.x + t.w, t.y + t.h)),
                "{} tip",
                l.id
            );
        }
    }
    for n in &s.nodes {
        if let Some(t) = tip(s, &n.id) {
            assert!(
                contains(canvas, (t.x, t.y, t.x + t.w, t.y + t.h)),
                "{} tip",
                n.id
            );
        }
    }
    assert!(!s.title.is_empty() && !s.description.is_empty());
}

fn node<'a>(s: &'a Scene, id: &str) -> &'a Node {
    s.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn link<'a>(s: &'a Scene, id: &str) -> &'a Link {
    s.links
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no link {id}"))
}

fn texts(l: &Link) -> Vec<&str> {
    l.labels.iter().map(|x| x.text.as_str()).collect()
}

fn has_line(n: &Node, line: &str) -> bool {
    n.lines.iter().any(|l| l == line)
}

#[test]
fn seed_circuit_with_both_peerings() {
    let d = design(SEED);
    let s = scene(&d);
    check(&s);
    check_widths(&d);
    assert_eq!(s, scene(&d), "deterministic");
    let ce = node(&s, "ce-primary");
    assert!(has_line(ce, "Pvt AS 65001"), "{:?}", ce.lines);
    assert!(has_line(ce, "Pvt 192.168.100.129"), "{:?}", ce.lines);
    assert!(has_line(ce, "MS 193.0.10.1"), "{:?}", ce.lines);
    let ms = node(&s, "msee-secondary");
    assert!(
        has_line(ms, "AS 12076") && has_line(ms, "Pvt 192.168.100.134"),
        "{:?}",
        ms.lines
    );
    assert!(has_line(node(&s, "pe-primary"), "British Telecom"));
    assert_eq!(
        texts(link(&s, "link-primary-2")),
        [
            "Private · VLAN 100",
            "192.168.100.128/30",
            "Microsoft · VLAN 200",
            "193.0.10.0/30"
        ]
    );
    assert_eq!(texts(link(&s, "link-secondary-1")), ["Secondary · 1 Gbps"]);
    assert_eq!(
        node(&s, "group-microsoft").lines,
        ["Microsoft edge · London"]
    );
    let gw = node(&s, "gateway-0");
    assert_eq!(gw.lines, ["ergw-hub", "ExpressRoute gateway", "ErGw1AZ"]);
    let vnet = node(&s, "vnet-0");
    assert!(
        has_line(vnet, "10.1.0.0/16") && has_line(vnet, "10.1.255.0/27"),
        "{:?}",
        vnet.lines
    );
    let services = node(&s, "services");
    assert!(
        has_line(services, "Azure Global Services"),
        "{:?}",
        services.lines
    );
    let cn = link(&s, "connection-0");
    assert_eq!(
        (cn.from.as_str(), cn.to.as_str()),
        ("peering-private", "gateway-0")
    );
    assert_eq!(texts(cn), ["cn-er-london · weight 0"]);
    assert_eq!(link(&s, "services-link").to, "services");
    assert_eq!(s.table.len(), 4, "two links of two peerings");
    let row = &s.table[0];
    assert_eq!(
        (
            row.link.as_str(),
            row.vlan.as_str(),
            row.customer.as_str(),
            row.microsoft.as_str(),
            row.asns.as_str()
        ),
        (
            "Private peering · Primary link",
            "100",
            "192.168.100.129/30",
            "192.168.100.130",
            "65001 ↔ 12076"
        )
    );
    assert!(
        s.title.contains("er-london (British Telecom at London)"),
        "{}",
        s.title
    );
}

#[test]
fn minimal_circuit_without_peerings() {
    let s = scene(&design(MINIMAL));
    check(&s);
    check_widths(&design(MINIMAL));
    assert_eq!(texts(link(&s, "link-primary-1")), ["Primary · 200 Mbps"]);
    assert_eq!(texts(link(&s, "link-primary-2")), ["Primary link"]);
    assert!(s
        .nodes
        .iter()
        .all(|n| n.kind != NodeKind::Peering && n.kind != NodeKind::Gateway));
    assert!(s.table.is_empty());
}

#[test]
fn two_circuits_side_by_side_with_global_reach() {
    let d = design(TWO);
    let s = scene(&d);
    check(&s);
    check_widths(&d);
    let a = node(&s, "msee-primary");
    let b = node(&s, "c2-msee-primary");
    assert_eq!(a.y, b.y, "side by side");
    assert!(b.x >= a.x + 2 * a.w, "the second circuit is to the right");
    assert!(
        has_line(node(&s, "c2-ce-secondary"), "Pvt 192.168.101.133"),
        "/29 split"
    );
    assert_eq!(
        node(&s, "c2-group-microsoft").lines,
        ["Microsoft edge · Amsterdam"]
    );
    let gr = link(&s, "global-reach-0");
    assert_eq!(
        (gr.from.as_str(), gr.to.as_str()),
        ("group-microsoft", "c2-group-microsoft")
    );
    assert_eq!(texts(gr), ["Global Reach 192.168.102.0/29"]);
    let c1 = link(&s, "connection-1");
    assert_eq!(
        (c1.from.as_str(), c1.to.as_str()),
        ("c2-peering-private", "gateway-0")
    );
    assert!(
        s.title.starts_with("2 ExpressRoute circuits side by side"),
        "{}",
        s.title
    );
    assert_eq!(s.table.len(), 4);
    assert_eq!(s, scene(&d));
}

#[test]
fn direct_port_pair_instead_of_provider_edge() {
    let s = scene(&design(DIRECT));
    check(&s);
    check_widths(&design(DIRECT));
    let port = node(&s, "pe-primary");
    assert_eq!(port.kind, NodeKind::DirectPort);
    assert_eq!(port.lines, ["Port (primary)", "erport-ams2"]);
    assert!(s.nodes.iter().all(|n| n.kind != NodeKind::ProviderEdge));
    assert!(node(&s, "group-provider").lines[0].contains("Direct port pair · QinQ"));
    assert_eq!(
        node(&s, "group-microsoft").lines,
        ["Microsoft edge · Amsterdam2"]
    );
    assert_eq!(texts(link(&s, "link-primary-1")), ["Primary · 10 Gbps"]);
    let ext = node(&s, "external-0");
    assert_eq!(ext.lines[0], "er-partner-lon");
    assert_eq!(link(&s, "connection-1").from, "external-0");
    // The services link crosses the connections' band: the label stops short of it.
    assert!(texts(link(&s, "connection-0"))[0].starts_with("cn-direct · weight 200"));
    assert!(link(&s, "connection-0").name.ends_with("FastPath"));
    let gr = link(&s, "global-reach-0");
    assert_eq!(
        (gr.from.as_str(), gr.to.as_str()),
        ("group-microsoft", "external-0")
    );
    let ce = node(&s, "ce-primary");
    assert!(has_line(ce, "MS 2001:db8:ab::1"), "{:?}", ce.lines);
    assert!(has_line(node(&s, "msee-secondary"), "MS 2001:db8:ab::6"));
    assert!(has_line(node(&s, "gateway-0"), "ErGw3AZ"));
    let services = node(&s, "services");
    assert!(has_line(services, "Exchange Online") && has_line(services, "Filter rf-m365"));
}

#[test]
fn ipv6_link_subnets() {
    let s = scene(&design(DUAL));
    check(&s);
    check_widths(&design(DUAL));
    assert_eq!(
        texts(link(&s, "link-secondary-2")),
        ["Private · VLAN 110", "172.31.0.4/30", "fd00:10:1::4/126"]
    );
    assert!(has_line(node(&s, "ce-primary"), "Pvt fd00:10:1::1"));
    assert_eq!(s.table.len(), 4, "IPv4 and IPv6 rows");
    let mut d = design(DUAL);
    if let Some(p) = &mut d.circuits[0].private_peering {
        p.address_family = erwiz::domain::model::AddressFamily::Ipv6;
    }
    let s = scene(&d);
    check(&s);
    assert_eq!(
        texts(link(&s, "link-primary-2")),
        ["Private · VLAN 110", "fd00:10:1::/126"]
    );
    assert_eq!(
        link(&s, "link-primary-2").target,
        "circuits[0].privatePeering.primarySubnetV6"
    );
}

#[test]
fn without_microsoft_peering() {
    let mut d = design(SEED);
    d.circuits[0].microsoft_peering = None;
    let s = scene(&d);
    check(&s);
    assert!(s
        .nodes
        .iter()
        .all(|n| n.kind != NodeKind::Services && n.id != "peering-microsoft"));
    assert_eq!(
        texts(link(&s, "link-primary-2")),
        ["Private · VLAN 100", "192.168.100.128/30"]
    );
}

fn vnet(k: usize) -> VirtualNetwork {
    VirtualNetwork {
        name: format!("vnet-spoke-{k}"),
        region: "uksouth".into(),
        address_spaces: vec![format!("10.{}.0.0/16", 10 + k), format!("fd00:{k}::/48")],
        subnets: vec![Subnet {
            name: "GatewaySubnet".into(),
            address_prefix: format!("10.{}.255.0/27", 10 + k),
            ..Subnet::default()
        }],
    }
}

/// The largest design the wizard makes: two circuits, both peerings on each, four VNets each
/// with a gateway, a connection from each circuit to each gateway, Global Reach.
pub fn largest() -> Design {
    let mut d = design(TWO);
    let seed = design(SEED);
    let mut ms = seed.circuits[0].microsoft_peering.clone();
    for c in &mut d.circuits {
        c.microsoft_peering = ms.take().or_else(|| {
            let mut m = seed.circuits[0].microsoft_peering.clone()?;
            m.peering.primary_subnet = "193.0.11.0/30".into();
            m.peering.secondary_subnet = "193.0.11.4/30".into();
            m.peering.vlan_id = "201".into();
            Some(m)
        });
    }
    d.route_filters = seed.route_filters.clone();
    d.virtual_networks = (0..4).map(vnet).collect();
    d.gateways = (0..4)
        .map(|k| Gateway {
            name: format!("ergw-{k}"),
            region: "uksouth".into(),
            virtual_network: format!("vnet-spoke-{k}"),
            sku: if k == 3 {
                GatewaySku::ErGwScale
            } else {
                GatewaySku::ErGw2AZ
            },
            min_scale_units: "2".into(),
            max_scale_units: "10".into(),
            ..Gateway::default()
        })
        .collect();
    d.connections = (0..8)
        .map(|k| Connection {
            name: format!("cn-{k}"),
            region: "uksouth".into(),
            gateway: format!("ergw-{}", k % 4),
            circuit: d.circuits[k / 4].name.clone(),
            routing_weight: format!("{}", k * 10),
            fast_path: k % 3 == 0,
            ..Connection::default()
        })
        .collect();
    d
}

#[test]
fn four_vnets() {
    let mut d = design(SEED);
    d.virtual_networks = (0..4).map(vnet).collect();
    d.gateways[0].virtual_network = "vnet-spoke-2".into();
    let s = scene(&d);
    check(&s);
    for k in 0..4 {
        node(&s, &format!("vnet-{k}"));
    }
    let gw = node(&s, "gateway-0");
    let v2 = node(&s, "vnet-2");
    assert_eq!(gw.x, v2.x, "the gateway stands over its VNet");
    assert_eq!(link(&s, "attach-gateway-0").to, "vnet-2");
}

#[test]
fn largest_design() {
    let d = largest();
    let s = scene(&d);
    check(&s);
    check_widths(&d);
    assert_eq!(s, scene(&d));
    assert_eq!(
        s.links
            .iter()
            .filter(|l| l.kind == LinkKind::Connection)
            .count(),
        8
    );
    assert!(has_line(node(&s, "gateway-3"), "ErGwScale · 2–10 units"));
    node(&s, "c2-services");
    assert_eq!(s.table.len(), 8);
    assert!(
        s.width <= 1400 && s.height <= 1400,
        "{}×{}",
        s.width,
        s.height
    );
}

#[test]
fn findings_mark_their_elements() {
    let mut d = design(SEED);
    if let Some(p) = &mut d.circuits[0].private_peering {
        p.vlan_id = "5000".into();
    }
    d.gateways[0].sku = GatewaySku::Basic;
    d.connections[0].routing_weight = "x".into();
    let s = scene(&d);
    check(&s);
    for id in ["link-primary-2", "link-secondary-2"] {
        let l = link(&s, id);
        assert_eq!(l.severity, Some(Severity::Error), "{id}");
        assert!(
            l.notes.iter().any(|n| n.contains("VLAN")),
            "{id}: {:?}",
            l.notes
        );
    }
    assert_eq!(link(&s, "link-primary-1").severity, None);
    assert_eq!(node(&s, "ce-primary").severity, None);
    assert_eq!(node(&s, "gateway-0").severity, Some(Severity::Error));
    assert_eq!(link(&s, "connection-0").severity, Some(Severity::Error));
    let t = tip(&s, "link-primary-2").expect("a tooltip");
    assert!(t.lines.join(" ").contains("VLAN"));
    assert!(tip(&s, "ce-primary").is_none());
    assert!(tip(&s, "nothing").is_none());

    let mut d = design(SEED);
    d.circuits[0].provider = "Etisalat UAE".into();
    let s = scene(&d);
    // Not listed at London: a warning (ER-C-027; the catalogue is a dated snapshot).
    assert_eq!(node(&s, "pe-primary").severity, Some(Severity::Warning));
    assert!(node(&s, "pe-secondary")
        .notes
        .iter()
        .any(|n| n.contains("London")));
}

#[test]
fn odd_designs_lay_out() {
    let empty = Design {
        circuits: vec![],
        ..Design::default()
    };
    check(&layout(&empty, &[]));
    check(&scene(&Design::default()));
    let mut d = largest();
    d.circuits[0].name = "n".repeat(300);
    d.circuits[1].provider = "P".repeat(300);
    d.virtual_networks[0].address_spaces = (0..50).map(|k| format!("10.{k}.0.0/16")).collect();
    d.global_reach[0].peer_circuit = "elsewhere".into();
    d.connections[0].circuit = "elsewhere".into();
    d.connections[1].gateway = "missing".into();
    d.gateways[2].virtual_network = "vnet-spoke-0".into();
    check(&scene(&d));
    check_widths(&d);
    assert_eq!(erwiz::domain::diagram::fit("abcdef", 21), "ab…");
    assert_eq!(erwiz::domain::diagram::fit("abc", 21), "abc");
}

/// Narrower boxes first; when the circuits still do not fit side by side, one is drawn in full
/// and the others as a box each (selecting it draws that one).
#[test]
fn the_layout_follows_the_width() {
    let d = design(TWO);
    let f = validate(&d);
    let at = |width, focus| {
        layout_in(
            &d,
            &f,
            Fit {
                width,
                height: i32::MAX,
                focus,
            },
        )
    };
    let wide = at(i32::MAX, 0);
    assert_eq!(wide, scene(&d), "no limit: the full-size layout");
    assert!(wide.width > 731, "{}", wide.width);
    // 731 units: the 670 px column of a 1600 px screen at 11/12 scale.
    let s = at(731, 0);
    assert!(s.width <= 731, "{}", s.width);
    assert_eq!(node(&s, "msee-primary").y, node(&s, "c2-msee-primary").y);
    assert!(node(&s, "msee-primary").w < wide.nodes[1].w);
    // Narrower: circuit 1 in full, circuit 2 as a box that Global Reach and its connection reach.
    for width in [355, 520] {
        let s = at(width, 0);
        assert!(s.width <= width, "{width}: {}", s.width);
        assert!(s.nodes.iter().all(|n| !n.id.starts_with("c2-msee")));
        let other = node(&s, "c2-circuit");
        assert_eq!(other.target, "circuits[1].name");
        assert_eq!(other.lines[1], "Circuit 2 of 2");
        assert_eq!(link(&s, "global-reach-0").to, "c2-circuit");
        assert_eq!(link(&s, "connection-1").from, "c2-circuit");
        assert!(s.description.contains("Circuit 1 of 2 is drawn in full"));
        // The second circuit in focus: drawn in full, with its ids; the first as a box.
        let s = at(width, 1);
        assert!(has_line(node(&s, "c2-ce-secondary"), "Pvt 192.168.101.133"));
        assert_eq!(node(&s, "circuit").target, "circuits[0].name");
        assert_eq!(link(&s, "global-reach-0").from, "circuit");
    }
    // A phone: every fixture within 355 units (326 px at 11/12).
    for json in [SEED, MINIMAL, TWO, DUAL] {
        let d = design(json);
        let s = layout_in(
            &d,
            &validate(&d),
            Fit {
                width: 355,
                height: i32::MAX,
                focus: 0,
            },
        );
        assert!(s.width <= 355, "{}", s.width);
        assert!(s.nodes.iter().all(|n| n.w >= NODE_W_MIN
            || n.kind == NodeKind::Group
            || n.kind == NodeKind::ExternalCircuit));
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use erwiz::domain::model::{Circuit, GlobalReach, PortType};
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("er-london".to_string()),
            Just("er-amsterdam".to_string()),
            "[a-z -]{0,60}",
        ]
    }

    prop_compose! {
        fn designs()(
            n_circuits in 0usize..4,
            n_vnets in 0usize..6,
            n_gws in 0usize..5,
            conns in proptest::collection::vec((0usize..5, 0usize..5, any::<bool>()), 0..9),
            grs in proptest::collection::vec((0usize..4, 0usize..4), 0..3),
            direct in any::<[bool; 3]>(),
            ms in any::<[bool; 3]>(),
            private in any::<[bool; 3]>(),
            names in proptest::collection::vec(name(), 3),
            long in "[a-z0-9:./]{0,80}",
        ) -> Design {
            let seed = design(SEED);
            let mut d = seed.clone();
            d.circuits = (0..n_circuits).map(|k| {
                let mut c: Circuit = seed.circuits[0].clone();
                c.name = names[k % names.len()].clone();
                if direct[k % 3] { c.port_type = PortType::Direct; c.direct_port = long.clone(); }
                if !ms[k % 3] { c.microsoft_peering = None; }
                if !private[k % 3] { c.private_peering = None; }
                if let Some(p) = &mut c.private_peering { p.vlan_id = long.clone(); }
                c
            }).collect();
            d.virtual_networks = (0..n_vnets).map(vnet).collect();
            d.gateways = (0..n_gws).map(|k| Gateway {
                name: format!("gw-{k}"),
                virtual_network: format!("vnet-spoke-{}", k * 2 % 5),
                ..Gateway::default()
            }).collect();
            d.connections = conns.iter().map(|(c, g, fp)| Connection {
                name: long.clone(),
                circuit: names.get(*c).cloned().unwrap_or_else(|| format!("ext-{c}")),
                gateway: format!("gw-{g}"),
                fast_path: *fp,
                ..Connection::default()
            }).collect();
            d.global_reach = grs.iter().map(|(a, b)| GlobalReach {
                circuit: names.get(*a).cloned().unwrap_or_default(),
                peer_circuit: names.get(*b).cloned().unwrap_or_else(|| "remote".into()),
                address_prefix: long.clone(),
                ..GlobalReach::default()
            }).collect();
            d
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_design_lays_out_cleanly(
            d in designs(),
            width in prop_oneof![Just(355), Just(520), Just(731), 300i32..1400, Just(i32::MAX)],
            focus in 0usize..4,
            height in prop_oneof![Just(i32::MAX), 300i32..900],
        ) {
            let s = scene(&d);
            check(&s);
            prop_assert_eq!(s, scene(&d));
            let f = validate(&d);
            let s = layout_in(&d, &f, Fit { width, height, focus });
            check(&s);
            prop_assert_eq!(s, layout_in(&d, &f, Fit { width, height, focus }));
        }
    }
}

/// A box too short for the drawing: the routers' and edges' boxes leave out their link
/// addresses (the links still carry the subnets); the drawing is shorter.
#[test]
fn a_short_box_leaves_out_the_routers_addresses() {
    let d = design(TWO);
    let f = validate(&d);
    let full = layout_in(
        &d,
        &f,
        Fit {
            width: 355,
            height: i32::MAX,
            focus: 0,
        },
    );
    let brief = layout_in(
        &d,
        &f,
        Fit {
            width: 355,
            height: 650,
            focus: 0,
        },
    );
    assert!(has_line(node(&full, "ce-primary"), "Pvt 192.168.100.129"));
    assert!(!has_line(node(&brief, "ce-primary"), "Pvt 192.168.100.129"));
    assert!(has_line(node(&brief, "ce-primary"), "Pvt AS 65001"));
    assert!(!has_line(
        node(&brief, "msee-secondary"),
        "Pvt 192.168.100.134"
    ));
    assert_eq!(
        texts(link(&brief, "link-primary-2"))[1],
        "192.168.100.128/30"
    );
    assert!(
        brief.height < full.height,
        "{} {}",
        brief.height,
        full.height
    );
    assert!(brief.description.contains("links and addresses table"));
    // Tall enough: all of it.
    assert_eq!(
        layout_in(
            &d,
            &f,
            Fit {
                width: 355,
                height: full.height,
                focus: 0
            }
        ),
        full
    );
}

/// The legend of a download: every entry, in rows that fit the drawing's width, none over
/// another.
#[test]
fn the_legend_fits_its_width() {
    use erwiz::domain::diagram::legend;
    for width in [480, 728, 1220] {
        let (items, h) = legend(width);
        assert_eq!(items.len(), 10);
        let spans: Vec<(i32, i32, i32)> = items
            .iter()
            .map(|it| (it.x, it.x + 30 + text_w(it.text), it.y))
            .collect();
        for (k, a) in spans.iter().enumerate() {
            assert!(a.0 >= 0 && a.1 <= width, "{width}: {:?}", items[k]);
            assert!(a.2 + 6 <= h, "{width}: below the legend");
            for b in &spans[k + 1..] {
                assert!(a.2 != b.2 || a.1 <= b.0 || b.1 <= a.0, "{width}: overlap");
            }
        }
    }
}
