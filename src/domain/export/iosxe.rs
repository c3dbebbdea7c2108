//! Cisco IOS-XE customer edge configuration: one section per circuit and router.

use super::{
    ident_part, line_text, placeholder, router_peerings, Inbound, RouterPeering, Side,
    BFD_INTERVAL_MS, BFD_MULTIPLIER,
};
use crate::domain::model::{Circuit, Design, Encapsulation, PortType};
use ipnet::IpNet;
use std::fmt::Write;

fn section(out: &mut String, d: &Design, c: &Circuit, i: usize, side: Side) {
    let name = line_text(&c.name, 80);
    let cname = if name.is_empty() {
        format!("circuit {}", i + 1)
    } else {
        name
    };
    let _ = writeln!(
        out,
        "! {}\n! Circuit {cname}: {} router ({} link)\n! {}",
        "=".repeat(70),
        side.word().to_uppercase(),
        side.word(),
        "=".repeat(70)
    );
    let peerings = router_peerings(d, c, side);
    if peerings.is_empty() {
        out.push_str("! No peering is planned on this circuit.\n!\n");
        return;
    }
    if peerings.iter().any(|p| p.wants_v6) {
        out.push_str("ipv6 unicast-routing\n!\n");
    }
    let qinq = c.port_type == PortType::Direct
        && d.direct_ports
            .iter()
            .find(|p| p.name.trim().eq_ignore_ascii_case(c.direct_port.trim()))
            .is_some_and(|p| p.encapsulation == Encapsulation::QinQ);
    let addr = |p: &RouterPeering, v6: bool, microsoft: bool| {
        let l = if v6 { &p.v6 } else { &p.v4 };
        match l {
            Some(l) if microsoft => l.microsoft.to_string(),
            Some(l) => l.customer.to_string(),
            None => placeholder(&format!(
                "{}-{}-IPV{}",
                side.word().to_uppercase(),
                if microsoft { "MICROSOFT" } else { "CUSTOMER" },
                if v6 { 6 } else { 4 }
            )),
        }
    };
    for p in &peerings {
        let _ = writeln!(out, "interface <PHYSICAL-INTERFACE>.{}", p.vlan);
        let _ = writeln!(
            out,
            " description ExpressRoute {cname} {} {}",
            p.kind.arm_name(),
            side.word()
        );
        if qinq {
            let _ = writeln!(out, " encapsulation dot1Q <S-TAG> second-dot1q {}", p.vlan);
        } else {
            let _ = writeln!(out, " encapsulation dot1Q {}", p.vlan);
        }
        if p.wants_v4 {
            let _ = writeln!(out, " ip address {} 255.255.255.252", addr(p, false, false));
        }
        if p.wants_v6 {
            let _ = writeln!(out, " ipv6 address {}/126", addr(p, true, false));
        }
        let _ = writeln!(
            out,
            " bfd interval {BFD_INTERVAL_MS} min_rx {BFD_INTERVAL_MS} multiplier {BFD_MULTIPLIER}"
        );
        out.push_str(" no shutdown\n!\n");
    }
    let local = peerings
        .first()
        .map_or_else(|| placeholder("PEER-ASN"), |p| p.local_as.clone());
    // Outbound prefix lists: each session advertises only its own prefixes.
    let mut lists = String::new();
    // IPv4 is activated per neighbour: otherwise IOS activates IPv6 neighbours for IPv4 too.
    let mut bgp =
        format!("router bgp {local}\n bgp log-neighbor-changes\n no bgp default ipv4-unicast\n");
    let mut families: Vec<(bool, String)> = Vec::new();
    let mut networks: Vec<(bool, String)> = Vec::new();
    // Duplicates found through a set, O(n log n): a peering advertises up to 2,000 prefixes.
    let mut seen = std::collections::BTreeSet::new();
    for p in &peerings {
        for v6 in [false, true] {
            if (v6 && !p.wants_v6) || (!v6 && !p.wants_v4) {
                continue;
            }
            let n = addr(p, v6, true);
            let _ = writeln!(bgp, " neighbor {n} remote-as 12076");
            let _ = writeln!(
                bgp,
                " neighbor {n} description {cname} {} {}",
                p.kind.arm_name(),
                side.word()
            );
            let _ = writeln!(bgp, " neighbor {n} fall-over bfd");
            if !p.enabled {
                let _ = writeln!(
                    bgp,
                    " ! the peering is disabled in the design: the session stays down\n neighbor {n} shutdown"
                );
            }
            if p.local_as != local {
                let _ = writeln!(
                    bgp,
                    " neighbor {n} local-as {} no-prepend replace-as",
                    p.local_as
                );
            }
            if !p.shared_key.is_empty() {
                bgp.push_str(
                    " ! SECRET: MD5 shared key copied from the design; keep this file private\n",
                );
                let _ = writeln!(
                    bgp,
                    " neighbor {n} password {}",
                    line_text(p.shared_key, 80)
                );
            }
            let (ip, fam) = if v6 { ("ipv6", "V6") } else { ("ip", "V4") };
            let list = format!(
                "ER-{}-{}-{fam}-OUT",
                ident_part(&c.name, i),
                p.kind.arm_name()
            );
            let mut seq = 0;
            for prefix in if v6 { &p.advertised_v6 } else { &p.advertised } {
                let net = match prefix.parse::<IpNet>() {
                    Ok(net) if matches!(net, IpNet::V6(_)) == v6 => net.trunc(),
                    _ => {
                        let _ = writeln!(
                            lists,
                            "! prefix not understood, not advertised: {}",
                            line_text(prefix, 60)
                        );
                        continue;
                    }
                };
                seq += 5;
                let _ = writeln!(lists, "{ip} prefix-list {list} seq {seq} permit {net}");
                let network = match net {
                    IpNet::V4(n) => format!("  network {} mask {}\n", n.network(), n.netmask()),
                    IpNet::V6(n) => format!("  network {n}\n"),
                };
                if seen.insert((v6, network.clone())) {
                    networks.push((v6, network));
                }
            }
            if seq == 0 {
                let any = if v6 { "::/0 le 128" } else { "0.0.0.0/0 le 32" };
                for line in p
                    .kind
                    .nothing_to_advertise(if v6 { "IPv6 " } else { "IPv4 " })
                    .lines()
                {
                    let _ = writeln!(lists, "! {line}");
                }
                let _ = writeln!(
                    lists,
                    "! (as permit entries before this deny)\n{ip} prefix-list {list} seq 1000 deny {any}"
                );
            }
            let inbound = format!(
                "ER-{}-{}-{fam}-IN",
                ident_part(&c.name, i),
                p.kind.arm_name()
            );
            inbound_list(&mut lists, p, v6, &inbound);
            families.push((
                v6,
                format!("  neighbor {n} activate\n  neighbor {n} prefix-list {inbound} in\n  neighbor {n} prefix-list {list} out\n"),
            ));
        }
    }
    for (v6, n) in networks {
        families.push((v6, n));
    }
    if !lists.is_empty() {
        out.push_str(&lists);
        out.push_str("!\n");
    }
    out.push_str(&bgp);
    for v6 in [false, true] {
        let lines: String = families
            .iter()
            .filter(|f| f.0 == v6)
            .map(|f| f.1.as_str())
            .collect();
        if !lines.is_empty() {
            let _ = writeln!(out, " address-family ipv{}", if v6 { 6 } else { 4 });
            out.push_str(&lines);
            out.push_str(" exit-address-family\n");
        }
    }
    out.push_str("!\n");
}

/// The inbound prefix list `name` of peering `p` for one family: private peering accepts the
/// design's Azure address spaces (and longer prefixes) only; Microsoft peering everything but
/// the default route and the customer's own prefixes.
fn inbound_list(lists: &mut String, p: &RouterPeering, v6: bool, name: &str) {
    let (ip, any, max) = if v6 {
        ("ipv6", "::/0", 128)
    } else {
        ("ip", "0.0.0.0/0", 32)
    };
    let entry = |net: &IpNet| {
        if net.prefix_len() < max {
            format!("{net} le {max}")
        } else {
            net.to_string()
        }
    };
    let mut seq = 0;
    let mut line = |lists: &mut String, action: &str, what: String| {
        seq += 5;
        let _ = writeln!(lists, "{ip} prefix-list {name} seq {seq} {action} {what}");
    };
    match &p.inbound {
        Inbound::Only(_) => {
            let nets = p.inbound.nets(v6);
            lists.push_str(
                "! inbound: the design's VNet address spaces; add other VNets reached through the gateway (peered spokes)\n",
            );
            if nets.is_empty() {
                lists.push_str(
                    "! no Azure address space in the design yet: add permit entries for the VNets\n",
                );
            }
            if p.global_reach {
                lists.push_str(
                    "! Global Reach: add the prefixes of the other sites reached over this circuit\n",
                );
            }
            for n in &nets {
                line(lists, "permit", entry(n));
            }
            line(lists, "deny", format!("{any} le {max}"));
        }
        Inbound::AllBut(_) => {
            line(lists, "deny", any.to_string());
            for n in p.inbound.nets(v6) {
                line(lists, "deny", entry(&n));
            }
            line(lists, "permit", format!("{any} le {max}"));
        }
    }
}

/// Cisco IOS-XE configuration for the customer routers of every circuit.
pub fn iosxe(d: &Design) -> String {
    let mut out = format!(
        "! Cisco IOS-XE customer edge configuration: {}\n! Generated by ExpressRoute Wizard. Replace every <PLACEHOLDER> before use.\n! Microsoft's side of every peering is AS 12076. BFD, inbound and outbound prefix lists as in\n! Microsoft's router configuration samples (expressroute-config-samples-routing).\n!\n",
        line_text(&d.name, 200)
    );
    for (i, c) in d.circuits.iter().enumerate() {
        for side in [Side::Primary, Side::Secondary] {
            section(&mut out, d, c, i, side);
        }
    }
    out.push_str("end\n");
    out
}
