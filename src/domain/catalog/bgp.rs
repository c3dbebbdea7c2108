//! BGP facts of ExpressRoute peerings: Microsoft's ASNs, the reserved and private ASN ranges of
//! the catalogue's §5.4 table, the routing registries Microsoft peering accepts, and Microsoft's
//! BGP communities (§6).

use std::ops::RangeInclusive;

/// Microsoft's ASN (the MSEE routers' side of every peering).
pub const MICROSOFT_ASN: u64 = 12076;

/// Microsoft's own ASNs, none of which a customer may use (ER-ASN-001).
pub const MICROSOFT_ASNS: [u64; 3] = [8074, 8075, MICROSOFT_ASN];

/// The largest ASN (4-byte); itself reserved by RFC 7300.
pub const MAX_ASN: u64 = 4_294_967_295;

/// The largest customer ASN of Microsoft peering: the API stores it as int32 (ER-MP-006).
pub const MAX_CUSTOMER_ASN: u64 = 2_147_483_647;

/// ASNs Azure reserves for internal use (ER-PP-003, ER-ASN-003).
pub const AZURE_RESERVED_ASNS: RangeInclusive<u64> = 65515..=65520;

/// AS_TRANS (RFC 6793), reserved by IANA.
pub const AS_TRANS: u64 = 23456;

/// 65535 and the documentation ASNs 65536–65551 (RFC 5398), reserved by IANA.
pub const IANA_RESERVED_ASNS: RangeInclusive<u64> = 65535..=65551;

/// The 2-byte documentation ASNs (RFC 5398).
pub const DOCUMENTATION_ASNS: RangeInclusive<u64> = 64496..=64511;

/// The 2-byte private ASNs (RFC 6996).
pub const PRIVATE_ASNS_2BYTE: RangeInclusive<u64> = 64512..=65534;

/// The 4-byte private ASNs (RFC 6996).
pub const PRIVATE_ASNS_4BYTE: RangeInclusive<u64> = 4_200_000_000..=4_294_967_294;

/// Routing registries accepted for Microsoft peering (MP7, §13 U7); omission is accepted too.
pub static ROUTING_REGISTRIES: &[&str] = &[
    "ARIN", "APNIC", "AFRINIC", "LACNIC", "RIPENCC", "RADB", "ALTDB", "LEVEL3",
];

/// The most prefixes advertised over one Microsoft peering BGP session (per address family).
pub const MAX_ADVERTISED: usize = 200;

/// BGP communities offered as one-click choices for a route filter: (value, service).
/// The service communities of §6 first, then a few regional (`12076:51xxx`) ones.
pub static COMMUNITIES: &[(&str, &str)] = &[
    ("12076:5010", "Exchange Online"),
    ("12076:5020", "SharePoint Online"),
    ("12076:5030", "Skype for Business Online / Teams"),
    ("12076:5040", "Dynamics 365 (CRM Online)"),
    ("12076:5050", "Azure Global Services"),
    ("12076:5100", "Other Microsoft 365 services"),
    ("12076:51002", "Azure West Europe"),
    ("12076:51003", "Azure North Europe"),
    ("12076:51004", "Azure East US"),
    ("12076:51005", "Azure East US 2"),
    ("12076:51006", "Azure West US"),
    ("12076:51009", "Azure Central US"),
    ("12076:51011", "Azure Southeast Asia"),
    ("12076:51024", "Azure UK South"),
];

/// Microsoft 365 communities: they need Microsoft's authorization and the Premium add-on (MP13).
pub static M365_COMMUNITIES: &[&str] = &["12076:5010", "12076:5020", "12076:5030", "12076:5100"];

/// Other service communities of the routing documentation, accepted without a warning.
pub const OTHER_SERVICE_COMMUNITIES: &[u32] = &[5060, 5070, 5220, 5250];

/// The values of Microsoft's regional communities (`12076:51000`–`12076:55999`).
pub const REGIONAL_COMMUNITIES: RangeInclusive<u32> = 51000..=55999;

/// True for a service or regional community of the routing documentation.
pub fn is_known_community(value: u32) -> bool {
    let canon = format!("12076:{value}");
    COMMUNITIES.iter().any(|(v, _)| *v == canon)
        || OTHER_SERVICE_COMMUNITIES.contains(&value)
        || REGIONAL_COMMUNITIES.contains(&value)
}
