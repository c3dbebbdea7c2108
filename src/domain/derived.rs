//! Derived values: what the design implies but the user doesn't type (link addresses, the /29
//! split, SKU names), shared by the UI, the diagram and the exports.

use super::model::{Peering, SubnetMode};
use super::net::{self, link_addresses_v4, link_addresses_v6};
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
}
