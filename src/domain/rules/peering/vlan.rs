//! VLAN IDs: the format of one (`ER-P-007`) and their uniqueness per circuit and per 802.1Q
//! ExpressRoute Direct port pair (`ER-DC-004`, catalogue item D4; the other dual-circuit rules are
//! in `network/connection.rs`).

use crate::domain::sorted::{VecMap, VecSet};

use super::common::ER_P_007;
use super::{circuit_label, same_name, Ctx};
use crate::domain::field::{peering, FieldPath, PeeringKey, PeeringKey as P, Side};
use crate::domain::finding::{src, Finding, Fix};
use crate::domain::model::{Design, Encapsulation, PortType};
use crate::domain::net::parse_uint;
use crate::rule;

rule!(
    ER_DC_004,
    "ER-DC-004",
    "D4 / P7",
    Error,
    "VLAN IDs are unique per circuit, and across a Dot1Q ExpressRoute Direct port pair",
    src::DOC_PEER_PORTAL,
    why: "One VLAN cannot carry two peerings of a circuit, or two circuits on a Dot1Q port pair.",
    example: "VLAN 100 on both peerings of a circuit"
);

pub(super) fn vlan_format(ctx: &Ctx, out: &mut Vec<Finding>) {
    let text = ctx.p.vlan_id.trim();
    let path = ctx.path(P::VlanId);
    if text.is_empty() {
        if ctx.required {
            out.push(ER_P_007.at(
                path,
                "Enter the VLAN ID (1–4094) agreed with your provider for this peering.",
            ));
        }
        return;
    }
    match parse_uint(text) {
        None => out.push(ER_P_007.at(
            path,
            format!("\"{text}\" is not a VLAN ID: enter a whole number between 1 and 4094."),
        )),
        Some(n) if !(1..=4094).contains(&n) => out.push(ER_P_007.at(
            path,
            format!("VLAN ID must be between 1 and 4094 ({text} is outside; 0 and 4095 are reserved by 802.1Q)."),
        )),
        Some(_) => {}
    }
}

/// Where a VLAN must be unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    Circuit(usize),
    /// A Dot1Q ExpressRoute Direct port pair (by index).
    Port(usize),
}

pub(super) fn vlans(d: &Design, out: &mut Vec<Finding>) {
    struct Use {
        scope: Scope,
        vlan: u64,
        path: FieldPath,
        who: String,
    }
    let mut uses: Vec<Use> = Vec::new();
    for (i, c) in d.circuits.iter().enumerate() {
        let scope = match c.port_type {
            PortType::Direct => d
                .direct_ports
                .iter()
                .enumerate()
                .find(|(_, p)| same_name(&p.name, &c.direct_port))
                .filter(|(_, p)| p.encapsulation == Encapsulation::Dot1Q)
                .map_or(Scope::Circuit(i), |(k, _)| Scope::Port(k)),
            PortType::Provider => Scope::Circuit(i),
        };
        let peerings = [
            (Side::Private, "private peering", c.private_peering.as_ref()),
            (
                Side::Microsoft,
                "Microsoft peering",
                c.microsoft_peering.as_ref().map(|m| &m.peering),
            ),
        ];
        for (side, label, p) in peerings {
            let Some(p) = p else { continue };
            let Some(vlan) = parse_uint(&p.vlan_id).filter(|v| (1..=4094).contains(v)) else {
                continue;
            };
            uses.push(Use {
                scope,
                vlan,
                path: peering(i, side, PeeringKey::VlanId),
                who: format!("the {label} of {}", circuit_label(i, c)),
            });
        }
    }
    let mut taken: VecMap<Scope, VecSet<u64>> = VecMap::new();
    for u in &uses {
        taken.get_or_insert(u.scope, VecSet::new()).insert(u.vlan);
    }
    let mut first: VecMap<(Scope, u64), usize> = VecMap::new();
    for (k, u) in uses.iter().enumerate() {
        let Some(&j) = first.get(&(u.scope, u.vlan)) else {
            first.insert((u.scope, u.vlan), k);
            continue;
        };
        let other = uses.get(j).map_or("another peering", |o| o.who.as_str());
        let used = taken.get_or_insert(u.scope, VecSet::new());
        let next = (u.vlan.saturating_add(1)..=4094)
            .chain(1..u.vlan)
            .find(|v| !used.contains(v));
        if let Some(n) = next {
            used.insert(n);
        }
        let msg = match u.scope {
            Scope::Circuit(_) => format!(
                "VLAN {} is already used by {other}: each peering of a circuit needs its own VLAN.",
                u.vlan
            ),
            Scope::Port(p) => format!(
                "VLAN {} is already used by {other} on ExpressRoute Direct port \"{}\": with 802.1Q (Dot1Q) encapsulation a VLAN must be unique across all circuits and peerings of the port pair.",
                u.vlan,
                d.direct_ports.get(p).map_or("", |p| p.name.trim())
            ),
        };
        let f = ER_DC_004.at(u.path, msg);
        out.push(match next {
            Some(n) => f.with_fix(Fix::replace(format!("Use VLAN {n}"), n.to_string())),
            None => f,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::domain::model::DirectPort;

    #[test]
    fn vlan_boundaries() {
        let cases: &[(&str, bool)] = &[
            ("1", true),
            ("4094", true),
            (" 100 ", true),
            ("0", false),
            ("4095", false),
            ("", false),
            ("abc", false),
            ("-1", false),
            ("1.5", false),
            ("99999999999", false),
            ("999999999999999999999999999999999", false),
        ];
        for (vlan, ok) in cases {
            let mut d = base();
            pp(&mut d).vlan_id = vlan.to_string();
            let want = if *ok {
                vec![]
            } else {
                owned(&[("ER-P-007", &format!("{PP}vlanId"))])
            };
            assert_eq!(codes_paths(&problems(&d)), want, "{vlan:?}");
        }
        let mut d = base();
        pp(&mut d).vlan_id.clear();
        assert!(problems(&d)[0].message.starts_with("Enter the VLAN ID"));
    }

    #[test]
    fn vlan_unique_per_circuit_and_per_dot1q_port() {
        // Same VLAN on both peerings of one circuit.
        let mut d = base();
        mp(&mut d).peering.vlan_id = "0100".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-DC-004", &format!("{MS}vlanId"))])
        );
        assert_eq!(fix_of(&p[0]), Some("101"));
        // Wrap-around to the lowest free VLAN.
        pp(&mut d).vlan_id = "4094".into();
        mp(&mut d).peering.vlan_id = "4094".into();
        assert_eq!(fix_of(&problems(&d)[0]), Some("1"));

        // Provider circuits may reuse VLANs across circuits.
        let mut d = base();
        let mut c2 = d.circuits[0].clone();
        c2.name = "er-london-2".into();
        c2.microsoft_peering = None;
        d.circuits.push(c2);
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));

        // Direct port with Dot1Q: unique across the port pair.
        d.direct_ports.push(DirectPort {
            name: "port-ams".into(),
            ..DirectPort::default()
        });
        for c in &mut d.circuits {
            c.port_type = PortType::Direct;
            c.direct_port = "PORT-AMS".into();
        }
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-DC-004", "circuits[1].privatePeering.vlanId")])
        );
        // 100 (c0 private), 200 (c0 Microsoft) are taken: 101 is next.
        assert_eq!(fix_of(&p[0]), Some("101"));
        assert!(p[0].message.contains("er-london") && p[0].message.contains("port-ams"));
        d.circuits[0].private_peering.as_mut().unwrap().vlan_id = "200".into();
        d.circuits[0]
            .microsoft_peering
            .as_mut()
            .unwrap()
            .peering
            .vlan_id = "201".into();
        d.circuits[1].private_peering.as_mut().unwrap().vlan_id = "200".into();
        let p = problems(&d);
        assert_eq!(
            codes_paths(&p),
            owned(&[("ER-DC-004", "circuits[1].privatePeering.vlanId")])
        );
        assert_eq!(fix_of(&p[0]), Some("202"));

        // QinQ: C-tags only need to be unique per circuit.
        d.direct_ports[0].encapsulation = Encapsulation::QinQ;
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));
    }
}
