//! Diagram geometry: a design and its findings → a scene of boxes, links and labels with
//! coordinates. Pure and deterministic; the UI only renders the scene as SVG.

use super::catalog;
use super::derived::{peering_addresses, PeeringAddresses};
use super::finding::{Finding, Severity};
use super::model::{Circuit, Design, PortType};
use super::net::parse_uint;
use super::rules::circuit::{bandwidth_label, circuit_location};

/// Canvas width in SVG user units.
pub const WIDTH: i32 = 880;
/// Canvas height in SVG user units.
pub const HEIGHT: i32 = 330;
/// Approximate width of one character of label text (12 px system sans-serif).
pub const CHAR_W: f32 = 6.6;

/// What a node represents (drives its style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A background group (customer site, provider, Microsoft edge).
    Group,
    /// Customer edge router.
    CustomerEdge,
    /// Provider edge router.
    ProviderEdge,
    /// Microsoft Enterprise Edge router (MSEE).
    MicrosoftEdge,
}

/// A box on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    /// Stable id (`ce-primary`, `msee-secondary`, …), also the DOM id suffix.
    pub id: &'static str,
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
    /// Worst finding on this element.
    pub severity: Option<Severity>,
    /// Messages of the findings on this element (for hover and focus).
    pub notes: Vec<String>,
    /// Field to open when the element is activated.
    pub target: String,
}

/// A line between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    /// Stable id (`link-primary-1`, …).
    pub id: &'static str,
    /// Source node id.
    pub from: &'static str,
    /// Target node id.
    pub to: &'static str,
    /// Start point.
    pub x1: i32,
    /// Start point.
    pub y1: i32,
    /// End point.
    pub x2: i32,
    /// End point.
    pub y2: i32,
    /// Label lines drawn above the line's middle.
    pub label: Vec<String>,
    /// Secondary links are dashed.
    pub secondary: bool,
    /// Worst finding on this link.
    pub severity: Option<Severity>,
    /// Finding messages.
    pub notes: Vec<String>,
    /// Field to open when activated.
    pub target: String,
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
}

/// Shortens `text` to fit `width` units, ending with "…" when cut.
pub fn fit(text: &str, width: i32) -> String {
    let max = ((width.max(0) as f32 / CHAR_W).floor() as usize).max(1);
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn worst(findings: &[&Finding]) -> Option<Severity> {
    findings
        .iter()
        .map(|f| f.severity)
        .filter(|s| *s != Severity::Info)
        .min()
}

/// Findings of circuit `i` whose field (after `circuits[i].`) starts with any of `fields`.
fn on<'a>(findings: &'a [Finding], i: usize, fields: &[&str]) -> Vec<&'a Finding> {
    let prefix = format!("circuits[{i}].");
    findings
        .iter()
        .filter(|f| {
            f.path
                .strip_prefix(&prefix)
                .is_some_and(|rest| fields.iter().any(|fl| rest.starts_with(fl)))
        })
        .collect()
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s.trim()
    }
}

/// Lays out circuit 0 of the design: customer edge → provider edge → Microsoft edge, with the
/// primary and secondary links and their addresses.
pub fn layout(design: &Design, findings: &[Finding]) -> Scene {
    let default = Circuit::default();
    let c = design.circuits.first().unwrap_or(&default);
    let i = 0;
    let direct = c.port_type == PortType::Direct;
    let location = circuit_location(design, c);
    let known_loc = catalog::peering_location(location).map_or(location, |l| l.name);
    let bw = match c.port_type {
        PortType::Provider => parse_uint(&c.bandwidth_mbps)
            .and_then(|m| u32::try_from(m).ok())
            .map(bandwidth_label),
        PortType::Direct => parse_uint(&c.bandwidth_gbps).map(|g| format!("{g} Gbps")),
    };
    let peering = c.private_peering.as_ref();
    let addrs = peering.map(peering_addresses).unwrap_or_default();
    let vlan = peering
        .map(|p| p.vlan_id.trim())
        .filter(|v| !v.is_empty())
        .map(|v| format!("VLAN {v}"));
    let asn = peering
        .map(|p| p.peer_asn.trim())
        .filter(|v| !v.is_empty())
        .map(|v| format!("AS {v}"));

    let col_w = 160;
    let xs = if direct {
        [30, 0, WIDTH - 30 - col_w]
    } else {
        [30, (WIDTH - col_w) / 2, WIDTH - 30 - col_w]
    };
    let rows = [70, 210];
    let node_h = 62;
    let inner = col_w - 16;

    let provider_f = on(findings, i, &["provider", "portType", "directPort"]);
    let location_f = on(findings, i, &["peeringLocation", "skuTier", "skuFamily"]);
    let link_f = on(findings, i, &["bandwidth", "privatePeering"]);
    let customer_f = on(findings, i, &["privatePeering.peerAsn"]);

    let mut nodes = Vec::new();
    let group =
        |id, x: i32, title: String, target: &str, sev: Option<Severity>, notes: Vec<String>| Node {
            id,
            kind: NodeKind::Group,
            x: x - 10,
            y: 26,
            w: col_w + 20,
            h: HEIGHT - 36,
            lines: vec![fit(&title, col_w + 10)],
            severity: sev,
            notes,
            target: format!("circuits[{i}].{target}"),
        };
    let notes = |fs: &[&Finding]| fs.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
    nodes.push(group(
        "group-customer",
        xs[0],
        "Your network".into(),
        "privatePeering.peerAsn",
        None,
        Vec::new(),
    ));
    if !direct {
        nodes.push(group(
            "group-provider",
            xs[1],
            format!("Provider: {}", or_dash(&c.provider)),
            "provider",
            worst(&provider_f),
            notes(&provider_f),
        ));
    }
    nodes.push(group(
        "group-microsoft",
        xs[2],
        format!("Microsoft edge · {}", or_dash(known_loc)),
        "peeringLocation",
        worst(&location_f),
        notes(&location_f),
    ));

    let link_text = |a: &Option<super::derived::LinkAddresses>, ours: bool| {
        a.as_ref().map(|l| {
            if ours {
                l.customer.to_string()
            } else {
                l.microsoft.to_string()
            }
        })
    };
    let PeeringAddresses {
        primary_v4,
        secondary_v4,
        primary_v6,
        secondary_v6,
    } = &addrs;
    for (r, (role, v4, v6)) in [
        ("primary", primary_v4, primary_v6),
        ("secondary", secondary_v4, secondary_v6),
    ]
    .into_iter()
    .enumerate()
    {
        let y = rows[r];
        let title = |who: &str| format!("{who} ({role})");
        let mut ce = vec![title("Router")];
        ce.extend(asn.clone());
        ce.extend(link_text(v4, true));
        ce.extend(link_text(v6, true));
        let mut ms = vec![title("MSEE"), "AS 12076".to_string()];
        ms.extend(link_text(v4, false));
        ms.extend(link_text(v6, false));
        let h = node_h + 14 * (ce.len().max(ms.len()).saturating_sub(3)) as i32;
        let ids: [&'static str; 3] = if r == 0 {
            ["ce-primary", "pe-primary", "msee-primary"]
        } else {
            ["ce-secondary", "pe-secondary", "msee-secondary"]
        };
        nodes.push(Node {
            id: ids[0],
            kind: NodeKind::CustomerEdge,
            x: xs[0],
            y,
            w: col_w,
            h,
            lines: ce.iter().map(|l| fit(l, inner)).collect(),
            severity: worst(&customer_f),
            notes: notes(&customer_f),
            target: format!("circuits[{i}].privatePeering.peerAsn"),
        });
        if !direct {
            nodes.push(Node {
                id: ids[1],
                kind: NodeKind::ProviderEdge,
                x: xs[1],
                y,
                w: col_w,
                h,
                lines: vec![
                    fit(&title("Provider"), inner),
                    fit(or_dash(&c.provider), inner),
                ],
                severity: worst(&provider_f),
                notes: notes(&provider_f),
                target: format!("circuits[{i}].provider"),
            });
        }
        nodes.push(Node {
            id: ids[2],
            kind: NodeKind::MicrosoftEdge,
            x: xs[2],
            y,
            w: col_w,
            h,
            lines: ms.iter().map(|l| fit(l, inner)).collect(),
            severity: worst(&location_f),
            notes: notes(&location_f),
            target: format!("circuits[{i}].peeringLocation"),
        });
    }

    let mut links = Vec::new();
    for (r, (role, sub)) in [("Primary", primary_v4), ("Secondary", secondary_v4)]
        .into_iter()
        .enumerate()
    {
        let secondary = r == 1;
        let field = if secondary {
            "secondarySubnet"
        } else {
            "primarySubnet"
        };
        let lf: Vec<&Finding> = link_f
            .iter()
            .copied()
            .filter(|f| {
                !f.path.contains("Subnet") || f.path.contains(field) || f.path.contains("subnet29")
            })
            .collect();
        let mut label = vec![role.to_string()];
        if let Some(b) = &bw {
            label[0] = format!("{role} · {b}");
        }
        label.extend(sub.as_ref().map(|l| l.subnet.to_string()));
        label.extend(vlan.clone());
        let y = rows[r] + node_h / 2;
        let hops: Vec<(&'static str, &'static str, i32, i32, &'static str)> = if direct {
            let ids = if secondary {
                ("ce-secondary", "msee-secondary", "link-secondary")
            } else {
                ("ce-primary", "msee-primary", "link-primary")
            };
            vec![(ids.0, ids.1, xs[0] + col_w, xs[2], ids.2)]
        } else if secondary {
            vec![
                (
                    "ce-secondary",
                    "pe-secondary",
                    xs[0] + col_w,
                    xs[1],
                    "link-secondary-1",
                ),
                (
                    "pe-secondary",
                    "msee-secondary",
                    xs[1] + col_w,
                    xs[2],
                    "link-secondary-2",
                ),
            ]
        } else {
            vec![
                (
                    "ce-primary",
                    "pe-primary",
                    xs[0] + col_w,
                    xs[1],
                    "link-primary-1",
                ),
                (
                    "pe-primary",
                    "msee-primary",
                    xs[1] + col_w,
                    xs[2],
                    "link-primary-2",
                ),
            ]
        };
        let gap = hops.first().map_or(0, |h| h.3 - h.2);
        for (from, to, x1, x2, id) in hops {
            links.push(Link {
                id,
                from,
                to,
                x1,
                y1: y,
                x2,
                y2: y,
                label: label.iter().map(|l| fit(l, gap - 8)).collect(),
                secondary,
                severity: worst(&lf),
                notes: notes(&lf),
                target: format!("circuits[{i}].privatePeering.{field}"),
            });
        }
    }

    let name = or_dash(&c.name);
    let title = format!(
        "ExpressRoute circuit {name}: {} at {}",
        if direct {
            "ExpressRoute Direct".to_string()
        } else {
            or_dash(&c.provider).to_string()
        },
        or_dash(known_loc)
    );
    let description =
        format!(
        "Your primary and secondary edge routers connect{} to the Microsoft edge routers at {}{}.",
        if direct { " directly" } else { " through the provider's edge routers" },
        or_dash(known_loc),
        bw.map(|b| format!(" over two {b} links")).unwrap_or_default()
    );
    Scene {
        width: WIDTH,
        height: HEIGHT,
        title,
        description,
        nodes,
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Peering;
    use crate::domain::rules::validate;

    fn seed() -> Design {
        let mut d = Design::default();
        let c = &mut d.circuits[0];
        c.name = "er-london".into();
        c.provider = "British Telecom".into();
        c.peering_location = "London".into();
        c.private_peering = Some(Peering {
            peer_asn: "65001".into(),
            primary_subnet: "192.168.100.128/30".into(),
            secondary_subnet: "192.168.100.132/30".into(),
            vlan_id: "100".into(),
            ..Peering::default()
        });
        d
    }

    fn rects_overlap(a: &Node, b: &Node) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    fn check_geometry(s: &Scene) {
        let boxes: Vec<&Node> = s
            .nodes
            .iter()
            .filter(|n| n.kind != NodeKind::Group)
            .collect();
        for (k, a) in boxes.iter().enumerate() {
            assert!(
                a.x >= 0 && a.y >= 0 && a.x + a.w <= s.width && a.y + a.h <= s.height,
                "{} outside",
                a.id
            );
            for b in &boxes[k + 1..] {
                assert!(!rects_overlap(a, b), "{} overlaps {}", a.id, b.id);
            }
            for l in &a.lines {
                assert!(
                    l.chars().count() as f32 * CHAR_W <= (a.w - 8) as f32 + CHAR_W,
                    "{} line too long: {l}",
                    a.id
                );
            }
        }
        for l in &s.links {
            let from = s.nodes.iter().find(|n| n.id == l.from).expect("from node");
            let to = s.nodes.iter().find(|n| n.id == l.to).expect("to node");
            assert_eq!(
                l.x1,
                from.x + from.w,
                "{} starts at its source's right edge",
                l.id
            );
            assert_eq!(l.x2, to.x, "{} ends at its target's left edge", l.id);
            assert!(l.y1 >= from.y && l.y1 <= from.y + from.h);
            for t in &l.label {
                assert!(
                    t.chars().count() as f32 * CHAR_W <= (l.x2 - l.x1) as f32,
                    "{} label too long",
                    l.id
                );
            }
        }
    }

    #[test]
    fn provider_circuit_layout() {
        let d = seed();
        let s = layout(&d, &validate(&d));
        check_geometry(&s);
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.id).collect();
        for id in [
            "ce-primary",
            "pe-primary",
            "msee-primary",
            "ce-secondary",
            "pe-secondary",
            "msee-secondary",
        ] {
            assert!(ids.contains(&id), "{id}");
        }
        let ce = s.nodes.iter().find(|n| n.id == "ce-primary").unwrap();
        assert!(
            ce.lines.contains(&"192.168.100.129".to_string()),
            "{:?}",
            ce.lines
        );
        assert!(ce.lines.contains(&"AS 65001".to_string()));
        let ms = s.nodes.iter().find(|n| n.id == "msee-secondary").unwrap();
        assert!(
            ms.lines.contains(&"192.168.100.134".to_string()),
            "{:?}",
            ms.lines
        );
        let l = s.links.iter().find(|l| l.id == "link-primary-2").unwrap();
        assert_eq!(
            l.label,
            vec!["Primary · 1 Gbps", "192.168.100.128/30", "VLAN 100"]
        );
        assert!(s.title.contains("British Telecom at London"));
        assert_eq!(s, layout(&d, &validate(&d)), "deterministic");
    }

    #[test]
    fn direct_layout_has_no_provider() {
        let mut d = seed();
        d.circuits[0].port_type = PortType::Direct;
        let s = layout(&d, &validate(&d));
        check_geometry(&s);
        assert!(s.nodes.iter().all(|n| n.kind != NodeKind::ProviderEdge));
        assert_eq!(s.links.len(), 2);
    }

    #[test]
    fn findings_mark_elements() {
        let mut d = seed();
        d.circuits[0].provider = "Etisalat UAE".into();
        d.circuits[0].bandwidth_mbps = "300".into();
        let s = layout(&d, &validate(&d));
        let pe = s.nodes.iter().find(|n| n.id == "pe-primary").unwrap();
        assert_eq!(pe.severity, Some(Severity::Error));
        assert!(pe
            .notes
            .iter()
            .any(|n| n.contains("not available at London")));
        assert!(s.links.iter().all(|l| l.severity == Some(Severity::Error)));
        let ce = s.nodes.iter().find(|n| n.id == "ce-primary").unwrap();
        assert_eq!(ce.severity, None);
    }

    #[test]
    fn long_names_are_shortened_and_empty_design_lays_out() {
        let mut d = seed();
        d.circuits[0].provider = "P".repeat(300);
        check_geometry(&layout(&d, &validate(&d)));
        let empty = Design {
            circuits: vec![],
            ..Design::default()
        };
        check_geometry(&layout(&empty, &[]));
        assert_eq!(fit("abcdef", 20), "ab…");
        assert_eq!(fit("abc", 20), "abc");
    }
}
