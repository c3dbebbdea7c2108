//! Juniper Junos customer edge configuration (set commands): one section per circuit and router.

use super::{
    ident_part, junos_str, line_text, placeholder, router_peerings, Inbound, Side, BFD_INTERVAL_MS,
    BFD_MULTIPLIER,
};
use crate::domain::model::{Circuit, Design, Encapsulation, PortType};
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
        "# {}\n# Circuit {cname}: {} router ({} link)\n# {}",
        "=".repeat(70),
        side.word().to_uppercase(),
        side.word(),
        "=".repeat(70)
    );
    let peerings = router_peerings(d, c, side);
    if peerings.is_empty() {
        out.push_str("# No peering is planned on this circuit.\n\n");
        return;
    }
    let qinq = c.port_type == PortType::Direct
        && d.direct_ports
            .iter()
            .find(|p| p.name.trim().eq_ignore_ascii_case(c.direct_port.trim()))
            .is_some_and(|p| p.encapsulation == Encapsulation::QinQ);
    // The router's own AS is the first peering's; another peering's ASN is its group's local-as.
    let router_as = peerings
        .first()
        .map_or_else(|| placeholder("PEER-ASN"), |p| p.local_as.clone());
    let _ = writeln!(out, "set routing-options autonomous-system {router_as}");
    let ifd = "<PHYSICAL-INTERFACE>";
    if qinq {
        let _ = writeln!(out, "set interfaces {ifd} flexible-vlan-tagging");
    } else {
        let _ = writeln!(out, "set interfaces {ifd} vlan-tagging");
    }
    for p in &peerings {
        let unit = format!("set interfaces {ifd} unit {}", p.vlan);
        let _ = writeln!(
            out,
            "{unit} description {}",
            junos_str(&format!(
                "ExpressRoute {cname} {} {}",
                p.kind.arm_name(),
                side.word()
            ))
        );
        if qinq {
            let _ = writeln!(out, "{unit} vlan-tags outer <S-TAG> inner {}", p.vlan);
        } else {
            let _ = writeln!(out, "{unit} vlan-id {}", p.vlan);
        }
        let group = format!(
            "ER-{}-{}-{}",
            ident_part(&c.name, i),
            p.kind.arm_name(),
            side.word()
        );
        let bgp = format!("set protocols bgp group {group}");

        let _ = writeln!(out, "{bgp} type external");
        let _ = writeln!(out, "{bgp} peer-as 12076");
        if p.local_as != router_as {
            let _ = writeln!(out, "{bgp} local-as {}", p.local_as);
        }
        let _ = writeln!(
            out,
            "{bgp} bfd-liveness-detection minimum-interval {BFD_INTERVAL_MS}\n{bgp} bfd-liveness-detection multiplier {BFD_MULTIPLIER}"
        );
        if !p.shared_key.is_empty() {
            out.push_str(
                "# SECRET: MD5 shared key copied from the design; keep this file private\n",
            );
            let _ = writeln!(out, "{bgp} authentication-key {}", junos_str(p.shared_key));
        }
        for v6 in [false, true] {
            if (v6 && !p.wants_v6) || (!v6 && !p.wants_v4) {
                continue;
            }
            let link = if v6 { &p.v6 } else { &p.v4 };
            let fam = if v6 { "inet6" } else { "inet" };
            let (customer, microsoft) = match link {
                Some(l) => (
                    format!("{}/{}", l.customer, l.subnet.prefix_len()),
                    l.microsoft.to_string(),
                ),
                None => {
                    let s = side.word().to_uppercase();
                    let v = if v6 { 6 } else { 4 };
                    (
                        placeholder(&format!(
                            "{s}-CUSTOMER-IPV{v}/{}",
                            if v6 { 126 } else { 30 }
                        )),
                        placeholder(&format!("{s}-MICROSOFT-IPV{v}")),
                    )
                }
            };
            let _ = writeln!(out, "{unit} family {fam} address {customer}");
            // The family per neighbour: a group-level family would drop the other one.
            let _ = writeln!(out, "{bgp} neighbor {microsoft} family {fam} unicast");
        }
        // Export policy: only this peering's prefixes are advertised on its sessions.
        let base = format!("ER-{}-{}", ident_part(&c.name, i), p.kind.arm_name());
        let policy = format!("set policy-options policy-statement {base}-OUT");
        let mut any = false;
        for prefix in p.advertised.iter().chain(&p.advertised_v6) {
            match prefix.parse::<ipnet::IpNet>() {
                Ok(net) => {
                    any = true;
                    let _ = writeln!(
                        out,
                        "set policy-options prefix-list {base}-PREFIXES {}",
                        net.trunc()
                    );
                }
                Err(_) => {
                    let _ = writeln!(
                        out,
                        "# prefix not understood, not advertised: {}",
                        line_text(prefix, 60)
                    );
                }
            }
        }
        if any {
            let _ = writeln!(
                out,
                "{policy} term advertise from prefix-list {base}-PREFIXES\n{policy} term advertise then accept"
            );
        } else {
            for line in p.kind.nothing_to_advertise("").lines() {
                let _ = writeln!(out, "# {line}");
            }
            out.push_str("# (as a prefix-list term before this reject)\n");
        }
        let _ = writeln!(
            out,
            "{policy} term reject then reject\n{bgp} export {base}-OUT"
        );
        // Import policy: what is accepted from Microsoft (Microsoft's samples filter inbound).
        let import = format!("set policy-options policy-statement {base}-IN");
        let v4 = p.inbound.nets(false);
        let v6 = p.inbound.nets(true);
        let listed = v4.iter().chain(&v6);
        match &p.inbound {
            Inbound::Only(_) => {
                out.push_str("# import: the design's VNet address spaces; add other VNets reached through the gateway (peered spokes)\n");
                if p.global_reach {
                    out.push_str("# Global Reach: add the prefixes of the other sites reached over this circuit\n");
                }
                let mut any = false;
                for n in listed {
                    any = true;
                    let _ = writeln!(out, "set policy-options prefix-list {base}-AZURE {n}");
                }
                if any {
                    let _ = writeln!(
                        out,
                        "{import} term azure from prefix-list-filter {base}-AZURE orlonger\n{import} term azure then accept"
                    );
                } else {
                    out.push_str("# no Azure address space in the design yet: add a prefix-list term before the reject\n");
                }
            }
            Inbound::AllBut(_) => {
                let _ = writeln!(
                    out,
                    "{import} term default4 from route-filter 0.0.0.0/0 exact\n{import} term default4 then reject\n{import} term default6 from route-filter ::/0 exact\n{import} term default6 then reject"
                );
                let mut any = false;
                for n in listed {
                    any = true;
                    let _ = writeln!(out, "set policy-options prefix-list {base}-OWN {n}");
                }
                if any {
                    let _ = writeln!(
                        out,
                        "{import} term own from prefix-list-filter {base}-OWN orlonger\n{import} term own then reject"
                    );
                }
                let _ = writeln!(out, "{import} term microsoft then accept");
            }
        }
        let _ = writeln!(
            out,
            "{import} term reject then reject\n{bgp} import {base}-IN"
        );
        if !p.enabled {
            let _ = writeln!(
                out,
                "# the peering is disabled in the design: its BGP group stays inactive\ndeactivate protocols bgp group {group}"
            );
        }
    }
    out.push('\n');
}

/// Juniper Junos configuration for the customer routers of every circuit.
pub fn junos(d: &Design) -> String {
    let mut out = format!(
        "# Juniper Junos customer edge configuration: {}\n# Generated by ExpressRoute Wizard. Replace every <PLACEHOLDER> before use.\n# Microsoft's side of every peering is AS 12076. BFD, import and export policies as in\n# Microsoft's router configuration samples (expressroute-config-samples-routing).\n\n",
        line_text(&d.name, 200)
    );
    for (i, c) in d.circuits.iter().enumerate() {
        for side in [Side::Primary, Side::Secondary] {
            section(&mut out, d, c, i, side);
        }
    }
    out
}
