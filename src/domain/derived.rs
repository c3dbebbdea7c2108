//! Derived values: what the design implies but the user doesn't type (link addresses, the /29
//! split, SKU names), shared by the UI, the diagram and the exports.

use super::catalog::bgp::MICROSOFT_ASN;
use super::model::{Circuit, Peering, RouteFilter, SubnetMode};
use super::net::{self, link_addresses_v4, link_addresses_v6};
use super::rules::names::{check_name, NAME_1_80};
use super::rules::peering::route_filter::ER_RF_001;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::IpAddr;

/// One point-to-point link subnet and its two ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkAddresses {
    /// The /30 or /126.
    pub subnet: IpNet,
    /// Customer (provider-edge side) address: first usable.
    pub customer: IpAddr,
    /// Microsoft (MSEE) address: second usable.
    pub microsoft: IpAddr,
}

/// Addresses of both links of a peering, for each family, where the text is a valid subnet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeeringAddresses {
    /// Primary link, IPv4.
    pub primary_v4: Option<LinkAddresses>,
    /// Secondary link, IPv4.
    pub secondary_v4: Option<LinkAddresses>,
    /// Primary link, IPv6.
    pub primary_v6: Option<LinkAddresses>,
    /// Secondary link, IPv6.
    pub secondary_v6: Option<LinkAddresses>,
}

fn v4_link(net: Ipv4Net) -> Option<LinkAddresses> {
    if net::host_bits_set(&IpNet::V4(net)) {
        return None;
    }
    let (c, m) = link_addresses_v4(net)?;
    Some(LinkAddresses {
        subnet: IpNet::V4(net),
        customer: IpAddr::V4(c),
        microsoft: IpAddr::V4(m),
    })
}

fn v6_link(net: Ipv6Net) -> Option<LinkAddresses> {
    if net::host_bits_set(&IpNet::V6(net)) {
        return None;
    }
    let (c, m) = link_addresses_v6(net)?;
    Some(LinkAddresses {
        subnet: IpNet::V6(net),
        customer: IpAddr::V6(c),
        microsoft: IpAddr::V6(m),
    })
}

/// The effective IPv4 /30 pair of a peering: typed /30s, or the split of the /29.
pub fn v4_pair(p: &Peering) -> (Option<Ipv4Net>, Option<Ipv4Net>) {
    match p.subnet_mode {
        SubnetMode::TwoSlash30 => (
            net::parse_v4(&p.primary_subnet).ok(),
            net::parse_v4(&p.secondary_subnet).ok(),
        ),
        SubnetMode::OneSlash29 => match net::parse_v4(&p.subnet29)
            .ok()
            .filter(|n| !net::host_bits_set(&IpNet::V4(*n)))
            .and_then(net::split29)
        {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        },
    }
}

/// Link addresses of a peering (customer = first usable, Microsoft = second usable).
pub fn peering_addresses(p: &Peering) -> PeeringAddresses {
    let (a, b) = if p.address_family.has_v4() {
        v4_pair(p)
    } else {
        (None, None)
    };
    let v6 = |t: &str| {
        p.address_family
            .has_v6()
            .then(|| net::parse_v6(t).ok())
            .flatten()
            .and_then(v6_link)
    };
    PeeringAddresses {
        primary_v4: a.and_then(v4_link),
        secondary_v4: b.and_then(v4_link),
        primary_v6: v6(&p.primary_subnet_v6),
        secondary_v6: v6(&p.secondary_subnet_v6),
    }
}

/// One line of a peering's address sheet: a link, both ends, VLAN and ASNs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// "Primary link", "Secondary link", "Primary link (IPv6)", "Secondary link (IPv6)".
    pub link: &'static str,
    /// The link subnet (/30 or /126).
    pub subnet: IpNet,
    /// Your router's address with the prefix length, e.g. `192.168.100.129/30`.
    pub customer: String,
    /// Microsoft's address, e.g. `192.168.100.130`.
    pub microsoft: IpAddr,
    /// The VLAN ID, when valid (1–4094).
    pub vlan: Option<u16>,
    /// The peer ASN (asplain), when valid.
    pub peer_asn: Option<u64>,
    /// Microsoft's ASN (12076).
    pub microsoft_asn: u64,
}

impl SheetRow {
    /// The row as one sentence: "Primary link: your router 192.168.100.129/30, Microsoft
    /// 192.168.100.130, VLAN 100, your ASN 65001 ↔ 12076".
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "{}: your router {}, Microsoft {}",
            self.link, self.customer, self.microsoft
        );
        if let Some(v) = self.vlan {
            s.push_str(&format!(", VLAN {v}"));
        }
        if let Some(a) = self.peer_asn {
            s.push_str(&format!(", your ASN {a} ↔ {}", self.microsoft_asn));
        }
        s
    }
}

/// The address sheet of a peering: one row per link whose subnet is valid (IPv4 then IPv6),
/// with the VLAN and peer ASN when those are valid too.
pub fn address_sheet(p: &Peering) -> Vec<SheetRow> {
    let a = peering_addresses(p);
    let vlan = net::parse_uint(&p.vlan_id)
        .filter(|n| (1..=4094).contains(n))
        .and_then(|n| u16::try_from(n).ok());
    let peer_asn = net::parse_asn(&p.peer_asn)
        .ok()
        .filter(|n| (1..=4_294_967_295).contains(n));
    [
        ("Primary link", a.primary_v4),
        ("Secondary link", a.secondary_v4),
        ("Primary link (IPv6)", a.primary_v6),
        ("Secondary link (IPv6)", a.secondary_v6),
    ]
    .into_iter()
    .filter_map(|(link, l)| {
        let l = l?;
        Some(SheetRow {
            link,
            subnet: l.subnet,
            customer: format!("{}/{}", l.customer, l.subnet.prefix_len()),
            microsoft: l.microsoft,
            vlan,
            peer_asn,
            microsoft_asn: MICROSOFT_ASN,
        })
    })
    .collect()
}

/// A new route filter for a circuit's Microsoft peering: a valid name `rf-<circuit name>` (or
/// `rf-circuit`) not used by `existing`, the circuit's region and the rule `allow-services`.
pub fn default_route_filter(c: &Circuit, existing: &[RouteFilter]) -> RouteFilter {
    let candidate = format!("rf-{}", c.name.trim());
    let base = if check_name(&ER_RF_001, NAME_1_80, "", &candidate).is_none() {
        candidate
    } else {
        "rf-circuit".to_string()
    };
    let taken = |n: &str| {
        existing
            .iter()
            .any(|f| f.name.trim().eq_ignore_ascii_case(n))
    };
    let mut name = base.clone();
    let mut k = 2;
    while taken(&name) {
        let suffix = format!("-{k}");
        let keep = base.len().min(80 - suffix.len());
        name = format!("{}{suffix}", &base[..keep]);
        k += 1;
    }
    RouteFilter {
        name,
        region: c.region.clone(),
        rule_name: "allow-services".into(),
        communities: Vec::new(),
    }
}

/// The /29 of a Global Reach link split into its two /30s (primary, secondary), when it is a
/// valid /29 in network form.
pub fn global_reach_split(text: &str) -> Option<(String, String)> {
    let n = super::net::parse_v4(text).ok()?;
    if n.prefix_len() != 29 || super::net::host_bits_set(&ipnet::IpNet::V4(n)) {
        return None;
    }
    let (a, b) = super::net::split29(n)?;
    Some((a.to_string(), b.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::AddressFamily;

    #[test]
    fn two_slash30() {
        let p = Peering {
            primary_subnet: "192.168.100.128/30".into(),
            secondary_subnet: "192.168.100.132/30".into(),
            ..Peering::default()
        };
        let a = peering_addresses(&p);
        let pri = a.primary_v4.unwrap();
        assert_eq!(pri.customer.to_string(), "192.168.100.129");
        assert_eq!(pri.microsoft.to_string(), "192.168.100.130");
        assert_eq!(
            a.secondary_v4.unwrap().microsoft.to_string(),
            "192.168.100.134"
        );
        assert!(a.primary_v6.is_none());
    }

    #[test]
    fn slash29_split_and_invalid_text() {
        let mut p = Peering {
            subnet_mode: SubnetMode::OneSlash29,
            subnet29: "10.0.0.8/29".into(),
            primary_subnet: "junk".into(),
            ..Peering::default()
        };
        let a = peering_addresses(&p);
        assert_eq!(a.primary_v4.unwrap().subnet.to_string(), "10.0.0.8/30");
        assert_eq!(a.secondary_v4.unwrap().customer.to_string(), "10.0.0.13");
        p.subnet29 = "10.0.0.9/29".into();
        assert_eq!(peering_addresses(&p), PeeringAddresses::default());
        p.subnet_mode = SubnetMode::TwoSlash30;
        p.primary_subnet = "10.0.0.1/30".into();
        assert!(
            peering_addresses(&p).primary_v4.is_none(),
            "host bits: no addresses"
        );
    }

    #[test]
    fn ipv6_links() {
        let p = Peering {
            address_family: AddressFamily::Both,
            primary_subnet: "10.0.0.0/30".into(),
            primary_subnet_v6: "2001:db8:1::/126".into(),
            secondary_subnet_v6: "2001:db8:1::4/126".into(),
            ..Peering::default()
        };
        let a = peering_addresses(&p);
        assert_eq!(a.primary_v6.unwrap().customer.to_string(), "2001:db8:1::1");
        assert_eq!(
            a.secondary_v6.unwrap().microsoft.to_string(),
            "2001:db8:1::6"
        );
        assert!(a.primary_v4.is_some());
    }

    #[test]
    fn address_sheet_rows() {
        let mut p = Peering {
            address_family: AddressFamily::Both,
            peer_asn: "65001".into(),
            vlan_id: "100".into(),
            primary_subnet: "192.168.100.128/30".into(),
            secondary_subnet: "192.168.100.133/30".into(),
            primary_subnet_v6: "2001:db8:1::/126".into(),
            ..Peering::default()
        };
        let rows = address_sheet(&p);
        let text: Vec<String> = rows.iter().map(SheetRow::sentence).collect();
        assert_eq!(
            text,
            [
                "Primary link: your router 192.168.100.129/30, Microsoft 192.168.100.130, VLAN 100, your ASN 65001 ↔ 12076",
                "Primary link (IPv6): your router 2001:db8:1::1/126, Microsoft 2001:db8:1::2, VLAN 100, your ASN 65001 ↔ 12076",
            ],
            "the secondary /30 has host bits set: no row"
        );
        p.secondary_subnet = "192.168.100.132/30".into();
        p.vlan_id = "4095".into();
        p.peer_asn = "AS1".into();
        p.address_family = AddressFamily::Ipv4;
        let rows = address_sheet(&p);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1].sentence(),
            "Secondary link: your router 192.168.100.133/30, Microsoft 192.168.100.134"
        );
        assert_eq!((rows[1].vlan, rows[1].peer_asn), (None, None));
        p.subnet_mode = SubnetMode::OneSlash29;
        p.subnet29 = "10.1.0.0/29".into();
        p.peer_asn = "1.10".into();
        let rows = address_sheet(&p);
        assert_eq!(rows[1].customer, "10.1.0.5/30");
        assert_eq!(rows[0].peer_asn, Some(65546));
        assert!(address_sheet(&Peering::default()).is_empty());
    }

    #[test]
    fn default_route_filter_names_are_valid_and_unique() {
        let mut c = Circuit {
            name: "er-london-01".into(),
            region: "uksouth".into(),
            ..Circuit::default()
        };
        let rf = default_route_filter(&c, &[]);
        assert_eq!(rf.name, "rf-er-london-01");
        assert_eq!(rf.region, "uksouth");
        assert_eq!(rf.rule_name, "allow-services");
        let again = default_route_filter(&c, std::slice::from_ref(&rf));
        assert_eq!(again.name, "rf-er-london-01-2");
        c.name = String::new();
        assert_eq!(default_route_filter(&c, &[]).name, "rf-circuit");
        c.name = "bad name!".into();
        assert_eq!(default_route_filter(&c, &[]).name, "rf-circuit");
        c.name = "a".repeat(80);
        let long = default_route_filter(&c, &[]);
        assert_eq!(long.name, "rf-circuit", "81 characters would be too long");
    }

    #[test]
    fn a_global_reach_29_splits_into_its_two_30s() {
        assert_eq!(
            global_reach_split("192.168.102.0/29"),
            Some(("192.168.102.0/30".into(), "192.168.102.4/30".into()))
        );
        for bad in [
            "192.168.102.4/29",
            "192.168.102.0/30",
            "2001:db8::/125",
            "",
            "x",
        ] {
            assert_eq!(global_reach_split(bad), None, "{bad}");
        }
    }
}
