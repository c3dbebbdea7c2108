//! §2 Circuit fields and SKU rules, §2.1 quotas, §3 provider-status gating, §4 ExpressRoute Direct.
//!
//! Declares every `ER-G-*` and `ER-D-*` rule and the `ER-C-*` rules but the resource group's
//! and subscription's (`ER-C-002`, `ER-C-022`, `ER-C-023`, with the names in [`super::names`]):
//! `ER-G-002` is checked with the connections in [`super::network`] and `ER-G-005` with the
//! Microsoft peering in [`super::peering`].

use super::names::{check_field_name, NAME_1_80};
use crate::domain::catalog::circuit::{
    bandwidth_label, circuit_location, circuit_mbps, direct_sizes, PROVIDER_BANDWIDTHS,
};
use crate::domain::catalog::{self, PeeringLocation};
use crate::domain::field::{
    circuit as cp, peering_of, CircuitField, CircuitKey as C, FieldPath, List, PortKey, Side,
};
use crate::domain::finding::{src, Finding, Fix, RuleInfo};
use crate::domain::model::{Circuit, Design, PortType, SkuFamily, SkuTier};
use crate::domain::net::{is_guid, parse_uint};
use crate::rule;

rule!(
    ER_C_001,
    "ER-C-001",
    "C1",
    Error,
    "Circuit name follows the 1–80 network name rule",
    src::DOC_NAMES,
    why: "Azure refuses the circuit, and nothing that depends on it can be created.",
    example: "circuit name er-london. (ends with a period)"
);
rule!(
    ER_C_003,
    "ER-C-003",
    "C3",
    Error,
    "Region is given, and is not a peering location's name (display or programmatic region name)",
    src::DOC_REGIONS,
    why: "A circuit resource lives in an Azure region; a peering location is not one, so Azure refuses it.",
    example: "region Amsterdam2 (a peering location)"
);
rule!(
    ER_C_028,
    "ER-C-028",
    "C3 / U19",
    Warning,
    "Region is one of the catalogue's Azure regions (a dated list: an unknown region is a warning; `az account list-locations` is the authority)",
    src::DOC_REGIONS,
    why: "An unknown region may be a typing mistake that Azure will refuse.",
    example: "region West Europa"
);
rule!(
    ER_C_024,
    "ER-C-024",
    "C3",
    Warning,
    "Region is restricted or not yet open: access must be requested",
    src::DOC_REGIONS,
    why: "A subscription without access to the region cannot deploy there until access is granted.",
    example: "region Australia Central 2 (access by request)"
);
rule!(
    ER_C_004,
    "ER-C-004",
    "C4",
    Warning,
    "Provider fields are ignored on an ExpressRoute Direct circuit (and the reverse)",
    src::TF,
    why: "Values typed for the other kind of circuit are not deployed, which surprises whoever reads the design.",
    example: "a Direct circuit with provider Equinix typed"
);
rule!(
    ER_C_005,
    "ER-C-005",
    "C5",
    Error,
    "A provider circuit names its connectivity provider",
    src::DOC_LOC,
    why: "Azure cannot create a provider circuit without the provider that will connect it.",
    example: "a provider circuit with an empty provider"
);
rule!(
    ER_C_026,
    "ER-C-026",
    "C5 / U19",
    Warning,
    "Provider name is one the List ExpressRoute Service Providers API returns (the catalogue's dated record; the locations page's display names and unknown names are warnings)",
    src::ER_PROVIDERS_API,
    why: "Azure takes the provider's API name; a display name or unknown name may be refused.",
    example: "provider Arelion (Telia Carrier) instead of Telia Carrier"
);
rule!(
    ER_C_006,
    "ER-C-006",
    "C6",
    Error,
    "A provider circuit names its peering location (a peering location, not an Azure region)",
    src::DOC_LOC,
    why: "The provider connects the circuit at a peering location; without one Azure refuses it.",
    example: "peering location westeurope (an Azure region)"
);
rule!(
    ER_C_027,
    "ER-C-027",
    "C6 / U19",
    Warning,
    "Peering location is one of the catalogue's, spelled as listed, and the provider offers circuits there (a dated snapshot: warnings)",
    src::DOC_LOC,
    why: "A provider only sells circuits where it is present; elsewhere the order fails.",
    example: "provider Etisalat UAE at London"
);
rule!(
    ER_C_007,
    "ER-C-007",
    "C7",
    Error,
    "Provider circuit bandwidth is 50, 100, 200, 500, 1000, 2000, 5000 or 10000 Mbps",
    src::DOC_FAQ,
    why: "Providers sell only these sizes; Azure refuses any other bandwidth.",
    example: "bandwidth 300 Mbps"
);
rule!(
    ER_C_008,
    "ER-C-008",
    "C8",
    Error,
    "A Direct circuit names an ExpressRoute Direct port of the design (a port of another subscription, used with its owner's authorization key, is outside it and not checked)",
    src::DOC_DIRECT,
    why: "A Direct circuit is carved out of a port pair; without the port nothing carries it.",
    example: "Direct circuit on port port-ams that the design does not hold"
);
rule!(ER_C_009, "ER-C-009", "C9", Error, "Direct circuit size fits the port (1/2/5/10 on 10G, 5/10/40/100 on 100G) and the port's 2× subscription", src::DOC_DIRECT, why: "Azure refuses a circuit larger than its port, or more circuits than the port can carry.", example: "a 40 Gbps circuit on a 10 Gbps port");
rule!(
    ER_C_010,
    "ER-C-010",
    "C10",
    Error,
    "Direct port authorization key, when given, is a GUID",
    src::SPEC,
    why: "Azure refuses a malformed authorization key when it links the circuit to another subscription's port.",
    example: "authorization key abc123"
);
rule!(
    ER_C_011,
    "ER-C-011",
    "C11",
    Error,
    "SKU tier is Local, Standard or Premium (Basic is legacy)",
    src::SPEC,
    why: "Basic is a legacy tier that can no longer be created.",
    example: "SKU tier Basic"
);
rule!(
    ER_C_013,
    "ER-C-013",
    "C13 / U3",
    Error,
    "ExpressRoute Local uses the Unlimited billing model",
    src::DOC_PEERINGS,
    why: "ExpressRoute Local is sold with unlimited data only; Azure refuses metered Local circuits.",
    example: "Local tier with the Metered billing model"
);
rule!(
    ER_C_014,
    "ER-C-014",
    "C14",
    Error,
    "ExpressRoute Local needs a peering location with a local Azure region",
    src::DOC_LOC,
    why: "Local circuits only reach the Azure region next to their peering location; without one there is nothing to reach.",
    example: "Local circuit at Dallas (no local region)"
);
rule!(
    ER_C_015,
    "ER-C-015",
    "C15 / U4",
    Warning,
    "ExpressRoute Local is normally offered from 1 Gbps",
    src::DECISIONS,
    why: "Providers usually sell Local circuits from 1 Gbps; a smaller one may not be orderable.",
    example: "Local circuit of 500 Mbps"
);
rule!(
    ER_C_018,
    "ER-C-018",
    "C18",
    Error,
    "Rate limiting is only for ExpressRoute Direct circuits",
    src::TF,
    why: "Azure refuses rate limiting on provider circuits: the provider shapes their traffic.",
    example: "rate limiting on for a provider circuit"
);
rule!(
    ER_C_020,
    "ER-C-020",
    "C20",
    Error,
    "Tag names 1–512 characters without < > % & \\ ? / or control characters; values ≤ 256",
    src::DOC_NAMES,
    why: "Azure refuses tags with these characters or lengths, and the whole deployment fails.",
    example: "tag name cost/center"
);
rule!(
    ER_C_025,
    "ER-C-025",
    "§2.1",
    Error,
    "At most 50 circuits per subscription and 10 per region",
    src::DOC_LIMITS,
    why: "Azure refuses circuits past the subscription's quota.",
    example: "11 circuits in West Europe"
);
rule!(
    ER_G_001,
    "ER-G-001",
    "G1 / U17",
    Warning,
    "A peering on a circuit whose recorded provider status is not Provisioned: Azure creates it, but BGP comes up (and VNets can be linked) only after the provider provisions the circuit; no finding when the status is not recorded (templates, new plans)",
    src::QS_PRIVATE_PEERING,
    why: "BGP does not come up, and VNets cannot be linked, until the provider provisions the circuit.",
    example: "private peering on a circuit recorded NotProvisioned"
);
rule!(
    ER_G_004,
    "ER-G-004",
    "G4",
    Info,
    "A layer-3 provider configures the peerings itself",
    src::DOC_PEER_PORTAL,
    why: "The provider configures the peerings of a layer-3 circuit; values typed here are not used.",
    example: "a circuit marked provider-managed routing"
);
rule!(
    ER_D_001,
    "ER-D-001",
    "§4",
    Error,
    "ExpressRoute Direct port bandwidth is 10 or 100 Gbps",
    src::DOC_DIRECT,
    why: "ExpressRoute Direct ports are sold as 10 or 100 Gbps pairs only.",
    example: "port bandwidth 40 Gbps"
);
rule!(
    ER_D_002,
    "ER-D-002",
    "§4",
    Error,
    "ExpressRoute Direct port is at a peering location that offers Direct",
    src::DOC_LOC,
    why: "Direct ports exist only at the peering locations that offer them; Azure refuses the port elsewhere.",
    example: "Direct port at Busan (no ExpressRoute Direct)"
);
rule!(
    ER_D_003,
    "ER-D-003",
    "§1.1",
    Error,
    "ExpressRoute Direct port name follows the 1–80 network name rule",
    src::TF,
    why: "Terraform refuses the name, and Azure's other network resources follow the same rule; the port and its circuits would not deploy.",
    example: "port name port ams (space)"
);
rule!(
    ER_G_002,
    "ER-G-002",
    "G2 / D9 / U17",
    Error,
    "A connection needs an Azure private peering on its circuit, and a provider circuit whose recorded status is Provisioned; a template that creates a provider circuit and links it in the same deployment fails (reported on import; the exports hold such connections back for a second run)",
    src::DOC_LINK_PORTAL,
    why: "Azure refuses to link a VNet to a circuit without private peering or not yet provisioned.",
    example: "a connection to a circuit that has only Microsoft peering"
);
rule!(
    ER_G_005,
    "ER-G-005",
    "G5 / MP10 / U18",
    Warning,
    "Microsoft peering has a route filter attached (Azure creates the peering without one, but advertises no routes until one is attached)",
    src::DOC_FAQ,
    why: "Without a route filter Microsoft peering advertises no routes, so nothing reaches Microsoft's services.",
    example: "Microsoft peering with no route filter"
);

/// Every rule this module checks (the registry [`super::all_rules`] chains these lists).
pub static RULES: &[RuleInfo] = &[
    ER_C_001, ER_C_003, ER_C_028, ER_C_024, ER_C_004, ER_C_005, ER_C_026, ER_C_006, ER_C_027,
    ER_C_007, ER_C_008, ER_C_009, ER_C_010, ER_C_011, ER_C_013, ER_C_014, ER_C_015, ER_C_018,
    ER_C_020, ER_C_025, ER_G_001, ER_G_004, ER_D_001, ER_D_002, ER_D_003,
];

fn check_region(path: FieldPath, text: &str, out: &mut Vec<Finding>) {
    if text.trim().is_empty() {
        out.push(ER_C_003.at(path, "Select an Azure region for the circuit resource."));
        return;
    }
    match catalog::region(text) {
        None => {
            if let Some(l) = catalog::peering_location(text) {
                let mut f = ER_C_003.at(
                    path,
                    format!(
                        "\"{}\" is a peering location, not an Azure region; the circuit's region is independent of its peering location.",
                        l.name
                    ),
                );
                if let Some(r) = l.local_regions.first() {
                    f = f.with_fix(Fix::replace(format!("Use {r}"), *r));
                }
                out.push(f);
            } else {
                out.push(unknown_region(&ER_C_028, path, text));
            }
        }
        Some(r) if r.access != "general" => out.push(ER_C_024.at(
            path,
            format!(
                "{} is a {} region: your subscription needs access before you can deploy there.",
                r.display_name, r.access
            ),
        )),
        Some(_) => {}
    }
}

/// The warning for a region the catalogue's dated list doesn't hold (ER-C-028, ER-VN-009,
/// ER-RF-009): Azure may know it (a newer region); `az account list-locations` is the authority.
pub fn unknown_region(rule: &RuleInfo, path: FieldPath, text: &str) -> Finding {
    rule.at(
        path,
        format!(
            "\"{}\" is not in the catalogue's Azure regions (a dated list); check it with `az account list-locations`.",
            text.trim()
        ),
    )
    .with_fix(Fix::advice(
        "Choose a region from the list (e.g. West Europe or westeurope), or keep it if Azure lists it.",
    ))
}

fn provider_fields(d: &Design, i: usize, c: &Circuit, out: &mut Vec<Finding>) {
    let loc_text = c.peering_location.trim();
    let location = catalog::peering_location(loc_text);
    if loc_text.is_empty() {
        out.push(ER_C_006.at(cp(i, C::PeeringLocation), "Select a peering location."));
    } else if let Some(l) = location {
        if !catalog::location_spelled_exactly(l, &c.peering_location) {
            out.push(
                ER_C_027
                    .at(
                        cp(i, C::PeeringLocation),
                        format!(
                            "The peering location is spelled \"{}\" in Azure's list.",
                            l.name
                        ),
                    )
                    .with_fix(Fix::replace(format!("Use \"{}\"", l.name), l.name)),
            );
        }
    } else if let Some(r) = catalog::region(loc_text) {
        let mut f = ER_C_006.at(
            cp(i, C::PeeringLocation),
            format!(
                "{} is an Azure region, not a peering location.",
                r.display_name
            ),
        );
        if let Some(l) = catalog::PEERING_LOCATIONS
            .iter()
            .find(|l| l.local_regions.contains(&r.display_name))
        {
            f = f.with_fix(Fix::replace(format!("Use {}", l.name), l.name));
        }
        out.push(f);
    } else {
        out.push(ER_C_027.at(
            cp(i, C::PeeringLocation),
            format!(
                "\"{loc_text}\" is not one of the catalogue's {} peering locations; check it with `az network express-route list-service-providers`.",
                catalog::PEERING_LOCATIONS.len()
            ),
        ));
    }

    let prov = c.provider.trim();
    if prov.is_empty() {
        out.push(ER_C_005.at(cp(i, C::Provider), "Select a connectivity provider."));
    } else {
        provider_name(i, c, location, out);
    }

    let bw_text = c.bandwidth_mbps.trim();
    match parse_uint(bw_text) {
        Some(bw) if PROVIDER_BANDWIDTHS.iter().any(|b| u64::from(*b) == bw) => {}
        parsed => {
            let mut f = ER_C_007.at(
                cp(i, C::BandwidthMbps),
                if bw_text.is_empty() {
                    "Select a bandwidth.".to_string()
                } else {
                    format!("{bw_text} Mbps is not an ExpressRoute bandwidth: choose 50, 100, 200 or 500 Mbps, or 1, 2, 5 or 10 Gbps.")
                },
            );
            if let Some(n) = parsed {
                if let Some(up) = PROVIDER_BANDWIDTHS.iter().find(|b| u64::from(**b) >= n) {
                    f = f.with_fix(Fix::replace(
                        format!("Use {}", bandwidth_label(*up)),
                        up.to_string(),
                    ));
                }
            }
            out.push(f);
        }
    }
    if !c.direct_port.trim().is_empty() || !c.bandwidth_gbps.trim().is_empty() {
        out.push(ER_C_004.at(
            cp(i, C::PortType),
            "Direct-port fields (port, Gbps bandwidth) are ignored on a provider circuit.",
        ));
    }
    if c.rate_limiting {
        out.push(
            ER_C_018
                .at(
                    cp(i, C::RateLimiting),
                    "Rate limiting is only available on ExpressRoute Direct circuits.",
                )
                .with_fix(Fix::replace("Turn rate limiting off", "false")),
        );
    }
    let _ = d;
}

/// ER-C-026 and the provider half of ER-C-027: the provider's name as ARM takes it, and whether
/// it offers circuits at the chosen location. All warnings: the catalogue is a dated snapshot.
fn provider_name(
    i: usize,
    c: &Circuit,
    location: Option<&'static PeeringLocation>,
    out: &mut Vec<Finding>,
) {
    let prov = c.provider.trim();
    let path = || cp(i, C::Provider);
    let authority = "`az network express-route list-service-providers` lists the names Azure takes";
    let name = catalog::provider_name(&c.provider);
    match &name {
        catalog::ProviderName::Exact(_) => {}
        catalog::ProviderName::Alias(p) => {
            let msg = if p.api_recorded && prov != p.name && (prov == p.display || p.aliases.contains(&prov)) {
                format!(
                    "\"{prov}\" is the locations page's name; Azure's provider list names it \"{}\" (recorded {}), which is what serviceProviderName takes.",
                    p.name,
                    catalog::PROVIDERS_DATE
                )
            } else {
                format!("Azure's provider list spells this provider \"{}\".", p.name)
            };
            out.push(
                ER_C_026
                    .at(path(), msg)
                    .with_fix(Fix::replace(format!("Use \"{}\"", p.name), p.name)),
            );
        }
        catalog::ProviderName::Ambiguous(ps) => {
            let names: Vec<String> = ps.iter().map(|p| format!("\"{}\"", p.name)).collect();
            out.push(
                ER_C_026
                    .at(
                        path(),
                        format!(
                            "\"{prov}\" is the locations page's name for several of Azure's provider entries: {}.",
                            names.join(" or ")
                        ),
                    )
                    .with_fix(Fix::advice(format!(
                        "Choose {} (the product you ordered).",
                        names.join(" or ")
                    ))),
            );
        }
        catalog::ProviderName::Unknown => out.push(
            ER_C_026
                .at(
                    path(),
                    format!(
                        "\"{prov}\" is not in the catalogue's provider list (recorded {}, with the locations page of 04/2026); {authority}.",
                        catalog::PROVIDERS_DATE
                    ),
                )
                .with_fix(Fix::advice(match location {
                    Some(l) => format!(
                        "Choose one of the {} providers at {}, or keep the name if Azure lists it.",
                        l.provider_ids.len(),
                        l.name
                    ),
                    None => "Choose a provider from the list, or keep the name if Azure lists it."
                        .to_string(),
                })),
        ),
    }
    let Some(l) = location else {
        return;
    };
    let candidates = name.providers();
    if candidates.is_empty() || candidates.iter().any(|p| l.offers_provider(p)) {
        return;
    }
    let shown = catalog::provider_display(prov);
    let elsewhere: Vec<&str> = catalog::locations_of_provider(prov)
        .map(|l| l.name)
        .take(6)
        .collect();
    out.push(
        ER_C_027
            .at(
                path(),
                format!(
                    "The catalogue doesn't list {shown} at {}; {authority} and their peering locations.",
                    l.name
                ),
            )
            .with_fix(Fix::advice(if elsewhere.is_empty() {
                format!("Pick a provider offered at {}.", l.name)
            } else {
                format!(
                    "Pick a provider offered at {} or another location for {shown} ({}).",
                    l.name,
                    elsewhere.join(", ")
                )
            })),
    );
}

fn direct_fields(d: &Design, i: usize, c: &Circuit, out: &mut Vec<Finding>) {
    let port = d
        .direct_ports
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(c.direct_port.trim()));
    if c.direct_port.trim().is_empty() {
        out.push(ER_C_008.at(cp(i, C::DirectPort), "Select an ExpressRoute Direct port."));
    } else if port.is_none() && c.direct_authorization_key.trim().is_empty() {
        // With the port owner's authorization key the port is another subscription's: outside
        // the design, not checked.
        out.push(ER_C_008.at(
            cp(i, C::DirectPort),
            format!(
                "No ExpressRoute Direct port named \"{}\" in this design.",
                c.direct_port.trim()
            ),
        ));
    }
    let port_gbps = port.and_then(|p| parse_uint(&p.bandwidth_gbps));
    let size = parse_uint(&c.bandwidth_gbps);
    match (size, port_gbps) {
        (None, _) => out.push(ER_C_009.at(
            cp(i, C::BandwidthGbps),
            if c.bandwidth_gbps.trim().is_empty() {
                "Select the circuit bandwidth in Gbps.".to_string()
            } else {
                format!(
                    "\"{}\" is not a whole number of Gbps.",
                    c.bandwidth_gbps.trim()
                )
            },
        )),
        (Some(s), Some(pg @ (10 | 100))) => {
            let sizes = direct_sizes(pg as u32);
            if !sizes.iter().any(|x| u64::from(*x) == s) {
                let list: Vec<String> = sizes.iter().map(|x| x.to_string()).collect();
                let mut f = ER_C_009.at(
                    cp(i, C::BandwidthGbps),
                    format!(
                        "A circuit on a {pg}-Gbps port must be {} Gbps.",
                        list.join(", ")
                    ),
                );
                if let Some(up) = sizes.iter().find(|x| u64::from(**x) >= s) {
                    f = f.with_fix(Fix::replace(format!("Use {up} Gbps"), up.to_string()));
                }
                out.push(f);
            }
        }
        _ => {}
    }
    if !c.provider.trim().is_empty() {
        out.push(ER_C_004.at(
            cp(i, C::PortType),
            "Provider fields (provider, peering location, Mbps bandwidth) are ignored on an ExpressRoute Direct circuit.",
        ));
    }
    if !c.direct_authorization_key.trim().is_empty() && !is_guid(&c.direct_authorization_key) {
        out.push(ER_C_010.at(
            cp(i, C::DirectAuthorizationKey),
            "The port authorization key must be a GUID (from the port owner's subscription).",
        ));
    }
}

fn sku_rules(i: usize, c: &Circuit, loc: Option<&PeeringLocation>, out: &mut Vec<Finding>) {
    if c.sku_tier == SkuTier::Basic {
        out.push(
            ER_C_011
                .at(
                    cp(i, C::SkuTier),
                    "Basic is not a valid SKU for new circuits.",
                )
                .with_fix(Fix::replace("Use Standard", "Standard")),
        );
    }
    if c.sku_tier != SkuTier::Local {
        return;
    }
    if c.sku_family == SkuFamily::MeteredData {
        out.push(
            ER_C_013
                .at(
                    cp(i, C::SkuFamily),
                    "ExpressRoute Local is only available with the Unlimited billing model.",
                )
                .with_fix(Fix::replace("Use Unlimited", "UnlimitedData")),
        );
    }
    if let Some(l) = loc {
        if l.local_regions.is_empty() {
            out.push(
                ER_C_014
                    .at(
                        cp(i, C::SkuTier),
                        format!(
                        "ExpressRoute Local is not available at {}: it has no local Azure region.",
                        l.name
                    ),
                    )
                    .with_fix(Fix::replace("Use Standard", "Standard")),
            );
        }
    }
    if circuit_mbps(c).is_some_and(|m| m < 1000) {
        let field = match c.port_type {
            PortType::Provider => C::BandwidthMbps,
            PortType::Direct => C::BandwidthGbps,
        };
        out.push(ER_C_015.at(
            cp(i, field),
            "ExpressRoute Local is normally offered from 1 Gbps; check with your provider.",
        ));
    }
}

fn check_tags(i: usize, c: &Circuit, out: &mut Vec<Finding>) {
    for (t, tag) in c.tags.iter().enumerate() {
        let path = FieldPath::Circuit(i, Some(CircuitField::Tag(t, None)));
        let n = tag.name.chars().count();
        let bad = tag
            .name
            .chars()
            .find(|ch| "<>%&\\?/".contains(*ch) || ch.is_control());
        let problem = if n == 0 {
            Some("A tag needs a name.".to_string())
        } else if n > 512 {
            Some(format!("Tag name is {n} characters; the maximum is 512."))
        } else if let Some(ch) = bad {
            Some(format!(
                "Tag names can't contain < > % & \\ ? / or control characters (found {ch:?})."
            ))
        } else if tag.value.chars().count() > 256 {
            Some("Tag values are at most 256 characters.".to_string())
        } else {
            None
        };
        if let Some(p) = problem {
            out.push(ER_C_020.at(path, p));
        }
    }
}

/// Runs the circuit, quota, gating and Direct-port rules.
pub fn check(d: &Design, out: &mut Vec<Finding>) {
    for (i, c) in d.circuits.iter().enumerate() {
        if let Some(f) = check_field_name(&ER_C_001, NAME_1_80, cp(i, C::Name), &c.name) {
            out.push(Finding {
                message: f.message.replacen("name", "circuit name", 1),
                ..f
            });
        }
        check_region(cp(i, C::Region), &c.region, out);
        match c.port_type {
            PortType::Provider => provider_fields(d, i, c, out),
            PortType::Direct => direct_fields(d, i, c, out),
        }
        let loc = catalog::peering_location(circuit_location(d, c));
        sku_rules(i, c, loc, out);
        check_tags(i, c, out);
        gating(i, c, out);
    }
    quotas(d, out);
    ports(d, out);
}

fn gating(i: usize, c: &Circuit, out: &mut Vec<Finding>) {
    if c.provider_managed_routing && c.port_type == PortType::Provider {
        out.push(ER_G_004.at(
            cp(i, C::ProviderManagedRouting),
            "Your layer-3 provider configures the peerings; you don't need to create them.",
        ));
    }
    // U17: Azure accepts a peering on a circuit the provider has not provisioned yet (Microsoft's
    // quickstart `expressroute-private-peering-vnet` creates both in one deployment and leaves
    // the circuit NotProvisioned); only a recorded status says the peering will wait.
    if c.port_type == PortType::Direct || !c.provider_status.recorded_not_provisioned() {
        return;
    }
    let status = c.provider_status.label();
    for (side, what) in [
        (Side::Private, c.private_peering.is_some()),
        (Side::Microsoft, c.microsoft_peering.is_some()),
    ] {
        if what && !c.provider_managed_routing {
            out.push(
                ER_G_001.at(
                    peering_of(i, side),
                    format!("The provider status is \"{status}\": Azure creates this peering, but its BGP sessions come up, and virtual networks can be linked to the circuit, only after the provider has provisioned it."),
                )
                .with_fix(Fix::advice(
                    "Give the service key to your provider; link VNets once the status is Provisioned.",
                )),
            );
        }
    }
}

fn quotas(d: &Design, out: &mut Vec<Finding>) {
    if d.circuits.len() > 50 {
        out.push(ER_C_025.at(
            FieldPath::List(List::Circuits),
            format!(
                "{} circuits: a subscription holds at most 50 ExpressRoute circuits (a support request can raise it).",
                d.circuits.len()
            ),
        ));
    }
    let mut per_region: Vec<(String, usize, usize)> = Vec::new();
    for (i, c) in d.circuits.iter().enumerate() {
        let Some(r) = catalog::region(&c.region) else {
            continue;
        };
        match per_region.iter_mut().find(|(n, _, _)| n == r.name) {
            Some(e) => {
                e.1 += 1;
                e.2 = i;
            }
            None => per_region.push((r.name.to_string(), 1, i)),
        }
    }
    for (name, n, last) in per_region {
        if n > 10 {
            out.push(ER_C_025.at(
                cp(last, C::Region),
                format!("{n} circuits in {name}: at most 10 circuits per region per subscription."),
            ));
        }
    }
}

fn ports(d: &Design, out: &mut Vec<Finding>) {
    for (p, port) in d.direct_ports.iter().enumerate() {
        let path = |key: PortKey| FieldPath::DirectPort(p, Some(key));
        if let Some(f) = check_field_name(&ER_D_003, NAME_1_80, path(PortKey::Name), &port.name) {
            out.push(f);
        }
        let gbps = parse_uint(&port.bandwidth_gbps);
        if !matches!(gbps, Some(10 | 100)) {
            out.push(ER_D_001.at(
                path(PortKey::BandwidthGbps),
                "An ExpressRoute Direct port pair is 10 or 100 Gbps.",
            ));
        }
        match catalog::peering_location(&port.peering_location) {
            None => out.push(ER_D_002.at(
                path(PortKey::PeeringLocation),
                if port.peering_location.trim().is_empty() {
                    "Select the peering location of the port pair.".to_string()
                } else {
                    format!(
                        "\"{}\" is not a peering location.",
                        port.peering_location.trim()
                    )
                },
            )),
            Some(l) if !l.er_direct => out.push(ER_D_002.at(
                path(PortKey::PeeringLocation),
                format!("ExpressRoute Direct is not offered at {}.", l.name),
            )),
            Some(_) => {}
        }
        if let Some(pg @ (10 | 100)) = gbps {
            let total: u64 = d
                .circuits
                .iter()
                .filter(|c| {
                    c.port_type == PortType::Direct
                        && c.direct_port.eq_ignore_ascii_case(&port.name)
                })
                .filter_map(|c| parse_uint(&c.bandwidth_gbps))
                .fold(0u64, u64::saturating_add);
            if total > 2 * pg {
                out.push(ER_C_009.at(
                    path(PortKey::BandwidthGbps),
                    format!(
                        "Circuits on this port pair add up to {total} Gbps; a {pg}-Gbps port pair can carry {} Gbps.",
                        2 * pg
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::circuit::sku_name;
    use crate::domain::model::DirectPort;

    fn base() -> Design {
        let mut d = Design {
            resource_group: "rg".into(),
            ..Design::default()
        };
        let c = &mut d.circuits[0];
        c.name = "er-london".into();
        c.region = "UK South".into();
        c.provider = "British Telecom".into();
        c.peering_location = "London".into();
        c.bandwidth_mbps = "1000".into();
        d
    }

    fn codes(d: &Design) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        check(d, &mut out);
        out.into_iter().map(|f| (f.code, f.path)).collect()
    }

    #[test]
    fn seed_circuit_is_clean() {
        assert!(codes(&base()).is_empty(), "{:?}", codes(&base()));
    }

    #[test]
    fn region_rules() {
        let cases: &[(&str, Option<&str>)] = &[
            ("UK South", None),
            ("uksouth", None),
            ("", Some("ER-C-003")),
            ("London", Some("ER-C-003")),
            ("Mars North", Some("ER-C-028")),
            ("Chile Central", None),
            ("chilecentral", None),
            ("Australia Central 2", Some("ER-C-024")),
        ];
        for (region, want) in cases {
            let mut d = base();
            d.circuits[0].region = region.to_string();
            let got = codes(&d);
            assert_eq!(got.first().map(|c| c.0), *want, "{region:?}: {got:?}");
        }
        let mut d = base();
        d.circuits[0].region = "London".into();
        let mut out = Vec::new();
        check(&d, &mut out);
        assert_eq!(
            out[0].fix.as_ref().unwrap().value.as_deref(),
            Some("UK South")
        );
    }

    /// Provider names (U19): the API's names are clean; the locations page's names, other
    /// letter case and unknown names are warnings (ER-C-026) with the API name as the fix; a
    /// provider the catalogue doesn't list at the location is a warning (ER-C-027); only an
    /// empty provider or location, or a region given as location, is an error.
    /// (provider, location, codes, fix)
    #[test]
    fn provider_names_and_locations() {
        let cases: &[(&str, &str, &[&str], Option<&str>)] = &[
            ("British Telecom", "London", &[], None),
            // Real configurations: API names the locations page doesn't show.
            ("Level 3 Communications - Exchange", "Chicago", &[], None),
            (
                "NTT Communications - Flexible InterConnect",
                "Tokyo2",
                &[],
                None,
            ),
            ("Telia Carrier", "Amsterdam", &[], None),
            // The locations page's names: accepted, with the API name as the fix.
            (
                "Arelion (Telia Carrier)",
                "Amsterdam",
                &["ER-C-026"],
                Some("Telia Carrier"),
            ),
            (
                "AT&T NetBond",
                "London",
                &["ER-C-026"],
                Some("AT&T Netbond"),
            ),
            ("Intercloud", "Paris", &["ER-C-026"], Some("InterCloud")),
            ("GÉANT", "Amsterdam", &["ER-C-026"], Some("GEANT")),
            ("Colt", "London", &["ER-C-026"], None),
            (
                "british telecom",
                "London",
                &["ER-C-026"],
                Some("British Telecom"),
            ),
            (
                " British Telecom",
                "London",
                &["ER-C-026"],
                Some("British Telecom"),
            ),
            // Unknown: a warning, never an error (the catalogue is a dated snapshot).
            ("Nope Telecom", "London", &["ER-C-026"], None),
            ("", "London", &["ER-C-005"], None),
            // Locations.
            ("British Telecom", "", &["ER-C-006"], None),
            ("British Telecom", "london", &["ER-C-027"], None),
            ("British Telecom", "Newport", &[], None),
            ("British Telecom", "Newport(Wales)", &[], None),
            ("British Telecom", "West Europe", &["ER-C-006"], None),
            ("British Telecom", "Atlantis", &["ER-C-027"], None),
            ("Etisalat UAE", "London", &["ER-C-027"], None),
            // Listed at Chicago only by the recorded API response, not by the page.
            ("Sprint", "Chicago", &[], None),
            ("Sprint", "London", &["ER-C-027"], None),
        ];
        for (prov, loc, want, fix) in cases {
            let mut d = base();
            d.circuits[0].provider = prov.to_string();
            d.circuits[0].peering_location = loc.to_string();
            let mut out = Vec::new();
            check(&d, &mut out);
            let mut got: Vec<&str> = out.iter().map(|f| f.code).collect();
            got.sort_unstable();
            assert_eq!(&got, want, "{prov:?} at {loc:?}: {out:?}");
            for f in &out {
                if ["ER-C-026", "ER-C-027"].contains(&f.code) {
                    assert_eq!(f.severity, crate::domain::finding::Severity::Warning);
                }
            }
            let got_fix = out
                .iter()
                .find(|f| f.code == "ER-C-026")
                .and_then(|f| f.fix.as_ref())
                .and_then(|x| x.value.as_deref());
            assert_eq!(got_fix, *fix, "{prov:?} at {loc:?}");
        }
    }

    #[test]
    fn bandwidth_boundaries() {
        for ok in [
            "50", "100", "200", "500", "1000", "2000", "5000", "10000", " 1000 ",
        ] {
            let mut d = base();
            d.circuits[0].bandwidth_mbps = ok.into();
            assert!(codes(&d).is_empty(), "{ok}");
        }
        for (bad, fix) in [
            ("49", Some("50")),
            ("0", Some("50")),
            ("10001", None),
            ("300", Some("500")),
            ("1 Gbps", None),
            ("", None),
            ("-50", None),
        ] {
            let mut d = base();
            d.circuits[0].bandwidth_mbps = bad.into();
            let mut out = Vec::new();
            check(&d, &mut out);
            assert_eq!(out.len(), 1, "{bad}");
            assert_eq!(out[0].code, "ER-C-007");
            assert_eq!(
                out[0].fix.as_ref().and_then(|f| f.value.as_deref()),
                fix,
                "{bad}"
            );
        }
    }

    #[test]
    fn sku_rules_local() {
        let mut d = base();
        d.circuits[0].sku_tier = SkuTier::Local;
        d.circuits[0].sku_family = SkuFamily::MeteredData;
        assert_eq!(
            codes(&d),
            vec![("ER-C-013", "circuits[0].skuFamily".into())]
        );
        d.circuits[0].sku_family = SkuFamily::UnlimitedData;
        assert!(codes(&d).is_empty());
        d.circuits[0].bandwidth_mbps = "500".into();
        assert_eq!(
            codes(&d),
            vec![("ER-C-015", "circuits[0].bandwidthMbps".into())]
        );
        d.circuits[0].bandwidth_mbps = "1000".into();
        // Dallas has no local region.
        d.circuits[0].peering_location = "Dallas".into();
        d.circuits[0].provider = "Equinix".into();
        assert_eq!(codes(&d), vec![("ER-C-014", "circuits[0].skuTier".into())]);
        d.circuits[0].sku_tier = SkuTier::Basic;
        assert_eq!(codes(&d), vec![("ER-C-011", "circuits[0].skuTier".into())]);
        assert_eq!(
            sku_name(SkuTier::Local, SkuFamily::UnlimitedData),
            "Local_UnlimitedData"
        );
        assert_eq!(
            sku_name(SkuTier::Standard, SkuFamily::MeteredData),
            "Standard_MeteredData"
        );
    }

    #[test]
    fn gating_g1() {
        use crate::domain::finding::Severity;
        use crate::domain::model::{MicrosoftPeering, ProviderStatus};
        let mut d = base();
        d.circuits[0].private_peering = Some(Default::default());
        // U17: a recorded status other than Provisioned warns on each peering; a status the
        // design does not record (templates, new plans) says nothing.
        for (status, n) in [
            (ProviderStatus::NotRecorded, 0),
            (ProviderStatus::NotProvisioned, 1),
            (ProviderStatus::Provisioning, 1),
            (ProviderStatus::Deprovisioning, 1),
            (ProviderStatus::Provisioned, 0),
        ] {
            d.circuits[0].provider_status = status;
            let g: Vec<_> = crate::domain::rules::validate(&d)
                .into_iter()
                .filter(|f| f.code == "ER-G-001")
                .collect();
            assert_eq!(g.len(), n, "{status:?}");
            for f in &g {
                assert_eq!(f.severity, Severity::Warning, "{status:?}");
                assert_eq!(f.path, "circuits[0].privatePeering");
                assert!(
                    f.message.contains(status.label())
                        && f.message.contains("BGP sessions come up")
                        && f.message.contains("only after the provider"),
                    "{}",
                    f.message
                );
            }
        }
        d.circuits[0].provider_status = ProviderStatus::NotProvisioned;
        d.circuits[0].microsoft_peering = Some(MicrosoftPeering::default());
        let paths: Vec<String> = codes(&d)
            .into_iter()
            .filter(|c| c.0 == "ER-G-001")
            .map(|c| c.1)
            .collect();
        assert_eq!(
            paths,
            ["circuits[0].privatePeering", "circuits[0].microsoftPeering"]
        );
        d.circuits[0].microsoft_peering = None;
        // Direct circuits have no provider status.
        d.circuits[0].port_type = PortType::Direct;
        assert!(codes(&d).iter().all(|c| c.0 != "ER-G-001"));
        d.circuits[0].port_type = PortType::Provider;
        d.circuits[0].provider_managed_routing = true;
        assert_eq!(
            codes(&d),
            vec![("ER-G-004", "circuits[0].providerManagedRouting".into())]
        );
    }

    #[test]
    fn direct_circuits() {
        let mut d = base();
        d.direct_ports.push(DirectPort {
            name: "port-ams".into(),
            peering_location: "Amsterdam".into(),
            bandwidth_gbps: "10".into(),
            ..DirectPort::default()
        });
        let c = &mut d.circuits[0];
        c.port_type = PortType::Direct;
        c.provider.clear();
        c.peering_location.clear();
        c.direct_port = "port-ams".into();
        c.bandwidth_gbps = "10".into();
        c.rate_limiting = true;
        assert!(codes(&d).is_empty(), "{:?}", codes(&d));
        for (size, ok) in [
            ("1", true),
            ("2", true),
            ("5", true),
            ("10", true),
            ("40", false),
            ("3", false),
            ("0", false),
        ] {
            d.circuits[0].bandwidth_gbps = size.into();
            assert_eq!(codes(&d).is_empty(), ok, "{size}: {:?}", codes(&d));
        }
        d.direct_ports[0].bandwidth_gbps = "100".into();
        for (size, ok) in [
            ("5", true),
            ("40", true),
            ("100", true),
            ("1", false),
            ("20", false),
        ] {
            d.circuits[0].bandwidth_gbps = size.into();
            assert_eq!(codes(&d).is_empty(), ok, "{size} on 100G");
        }
        // Over-subscription: 3 × 100 on a 100G port pair = 300 > 200.
        d.circuits[0].bandwidth_gbps = "100".into();
        let mut c2 = d.circuits[0].clone();
        c2.name = "er-2".into();
        d.circuits.push(c2.clone());
        assert!(codes(&d).is_empty());
        c2.name = "er-3".into();
        d.circuits.push(c2);
        assert_eq!(
            codes(&d),
            vec![("ER-C-009", "directPorts[0].bandwidthGbps".into())]
        );
        d.direct_ports[0].bandwidth_gbps = "40".into();
        assert!(codes(&d).iter().any(|c| c.0 == "ER-D-001"));
        d.direct_ports[0].peering_location = "Busan".into();
        assert!(codes(&d).iter().any(|c| c.0 == "ER-D-002"));
        d.circuits[0].direct_port = "nope".into();
        assert!(codes(&d).iter().any(|c| c.0 == "ER-C-008"));
    }

    #[test]
    fn a_port_of_another_subscription_is_outside_the_design() {
        const K: &str = "a1b2c3d4-0000-4000-8000-000000000000";
        // (port named, port authorization key, expected ER-C-008)
        for (port, key, bad) in [
            ("port-ams", "", false),
            ("port-ams", K, false),
            ("port-elsewhere", "", true),
            ("port-elsewhere", K, false),
            ("", K, true),
            ("", "", true),
        ] {
            let mut d = base();
            d.direct_ports.push(DirectPort {
                name: "port-ams".into(),
                peering_location: "Amsterdam".into(),
                bandwidth_gbps: "10".into(),
                ..DirectPort::default()
            });
            let c = &mut d.circuits[0];
            c.port_type = PortType::Direct;
            c.provider.clear();
            c.peering_location.clear();
            c.direct_port = port.into();
            c.direct_authorization_key = key.into();
            c.bandwidth_gbps = "10".into();
            let got: Vec<_> = codes(&d)
                .into_iter()
                .filter(|c| c.0 == "ER-C-008")
                .collect();
            assert_eq!(got.len(), usize::from(bad), "{port:?} {key:?}: {got:?}");
        }
    }

    #[test]
    fn rate_limit_only_on_direct_and_tags() {
        let mut d = base();
        d.circuits[0].rate_limiting = true;
        assert_eq!(
            codes(&d),
            vec![("ER-C-018", "circuits[0].rateLimiting".into())]
        );
        d.circuits[0].rate_limiting = false;
        for (name, value, ok) in [
            ("env", "prod", true),
            ("a/b", "x", false),
            ("", "x", false),
            (&*"n".repeat(512), "x", true),
            (&*"n".repeat(513), "x", false),
            ("env", &*"v".repeat(256), true),
            ("env", &*"v".repeat(257), false),
        ] {
            d.circuits[0].tags = vec![crate::domain::model::Tag {
                name: name.into(),
                value: value.into(),
            }];
            assert_eq!(codes(&d).is_empty(), ok, "{name:.10}={value:.10}");
        }
    }

    #[test]
    fn quotas_per_region() {
        let mut d = base();
        for n in 1..10 {
            let mut c = d.circuits[0].clone();
            c.name = format!("er-{n}");
            d.circuits.push(c);
        }
        assert!(codes(&d).is_empty());
        let mut c = d.circuits[0].clone();
        c.name = "er-11".into();
        d.circuits.push(c);
        assert_eq!(codes(&d), vec![("ER-C-025", "circuits[10].region".into())]);
    }
}
