//! §8.3 gateway rules (GW1–GW15 where a design can express them), CN8 (FastPath needs a gateway
//! that supports it: reported on the gateway's SKU, the field to change) and the §7 limits on
//! circuits per VNet (D5).

use super::{list_names, scale_units, Ctx};
use crate::domain::catalog;
use crate::domain::catalog::circuit::circuit_location;
use crate::domain::field::{ConnectionKey, FieldPath, GatewayField, GatewayKey as G, PublicIpKey};
use crate::domain::finding::{src, Finding, Fix, Severity};
use crate::domain::limits::{self, az_equivalent, is_az_sku, sku_name};
use crate::domain::model::{Allocation, Gateway, GatewaySku, PublicIpSku};
use crate::domain::net::parse_uint;
use crate::domain::rules::limits::{ER_L_003, ER_L_004};
use crate::domain::rules::names::{check_field_name, ER_N_001, NAME_1_80};
use crate::domain::rules::network::connection::ER_CN_008;
use crate::rule;

rule!(
    ER_GW_001,
    "ER-GW-001",
    "GW1",
    Error,
    "Gateway name follows the 1–80 network name rule",
    src::DOC_NAMES,
    why: "Azure refuses the gateway, and its connections with it.",
    example: "gateway name gw hub"
);
rule!(
    ER_GW_002,
    "ER-GW-002",
    "GW2",
    Error,
    "Gateway region equals its virtual network's region",
    src::DOC_GW_PORTAL,
    why: "A gateway is deployed in its VNet's region; Azure refuses another.",
    example: "gateway in West Europe, VNet in North Europe"
);
rule!(
    ER_GW_003,
    "ER-GW-003",
    "GW3",
    Error,
    "A virtual network has at most one ExpressRoute gateway",
    src::DOC_GW,
    why: "A VNet holds one ExpressRoute gateway; a second is refused.",
    example: "two ExpressRoute gateways in vnet-hub"
);
rule!(
    ER_GW_004,
    "ER-GW-004",
    "GW4",
    Error,
    "Gateway SKU is an ExpressRoute SKU (Basic is VPN-only)",
    src::DOC_GW,
    why: "Basic is a VPN SKU; it cannot terminate ExpressRoute.",
    example: "gateway SKU Basic"
);
rule!(
    ER_GW_005,
    "ER-GW-005",
    "GW5",
    Info,
    "Non-zone SKU (Standard, HighPerformance, UltraPerformance): moving to a zone-redundant SKU later needs migration",
    src::DOC_SCALE,
    why: "Zone-redundant SKUs survive a zone outage; moving to one later means a migration.",
    example: "gateway SKU Standard"
);
rule!(
    ER_GW_006,
    "ER-GW-006",
    "GW6",
    Error,
    "ErGwScale: minimum and maximum scale units 1–40, min ≤ max, min ≥ 2 when autoscaling; other SKUs: no scale units",
    src::DOC_SCALE,
    why: "Azure refuses scale units outside these bounds.",
    example: "ErGwScale minimum 10, maximum 5"
);
rule!(
    ER_GW_007,
    "ER-GW-007",
    "GW7 / U10",
    Error,
    "ErGwScale is offered in the gateway's region (Azure refuses it in the 9 regions excluded in 11/2025)",
    src::DOC_SCALE,
    why: "Azure refuses ErGwScale in the regions that do not offer it.",
    example: "ErGwScale gateway in West Europe"
);
rule!(
    ER_GW_008,
    "ER-GW-008",
    "GW8",
    Error,
    "The gateway names a virtual network of the design (it is placed in that VNet's GatewaySubnet)",
    src::DOC_GW,
    why: "A gateway is placed in a VNet's GatewaySubnet; without the VNet it cannot be deployed.",
    example: "gateway on VNet vnet-missing"
);
rule!(
    ER_GW_009,
    "ER-GW-009",
    "GW9 / U5",
    Warning,
    "Gateway public IP: optional (Azure assigns one); when given, Standard SKU and Static. A Basic one (no SKU, or Dynamic) that the design creates is an error: Basic public IPs were retired on 30 September 2025 and new ones cannot be created; an existing one (read from Azure) is a warning to migrate",
    src::DOC_PIP_BASIC,
    why: "New gateways get a Microsoft-managed public IP, so one supplied is not needed; it must be Standard and Static, and Basic ones can no longer be created.",
    example: "gateway public IP of the Basic SKU"
);
rule!(
    ER_GW_014,
    "ER-GW-014",
    "GW14",
    Info,
    "VPN coexistence: ExpressRoute gateway first, route-based non-Basic VPN gateway, IPv4 only over VPN",
    src::DOC_COEXIST,
    why: "VPN coexistence has an order and limits; done otherwise, the VPN gateway cannot be added.",
    example: "VPN gateway planned next to the ExpressRoute gateway"
);
rule!(
    ER_GW_015,
    "ER-GW-015",
    "GW15",
    Info,
    "Creating a gateway takes up to 45 minutes",
    src::DOC_GW_PORTAL,
    why: "Plan for it: the deployment waits on the gateway.",
    example: "a design with a new gateway"
);

fn gp(g: usize, key: G) -> FieldPath {
    FieldPath::Gateway(g, Some(GatewayField::Key(key)))
}

/// Builds the path of a field of gateway `g`'s public IP.
fn ipp(g: usize, key: PublicIpKey) -> FieldPath {
    FieldPath::Gateway(g, Some(GatewayField::PublicIp(key)))
}

/// Clamps a scale-unit count into 1–40 for a fix.
fn clamp_units(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('-') {
        return parse_uint(rest).map(|_| "1".to_string());
    }
    parse_uint(t).map(|n| {
        n.clamp(
            u64::from(limits::ERGWSCALE_MIN_UNITS),
            u64::from(limits::ERGWSCALE_MAX_UNITS),
        )
        .to_string()
    })
}

fn scale(g: usize, gw: &Gateway, out: &mut Vec<Finding>) {
    let fields = [
        (G::MinScaleUnits, "Minimum", gw.min_scale_units.trim()),
        (G::MaxScaleUnits, "Maximum", gw.max_scale_units.trim()),
    ];
    if gw.sku != GatewaySku::ErGwScale {
        for (field, what, text) in fields {
            if !text.is_empty() {
                out.push(
                    ER_GW_006
                        .at(
                            gp(g, field),
                            format!(
                                "{what} scale units only apply to ErGwScale; {} has a fixed size.",
                                sku_name(gw.sku)
                            ),
                        )
                        .with_fix(Fix::replace("Clear", "")),
                );
            }
        }
        return;
    }
    let mut values = [None, None];
    for (i, (field, what, text)) in fields.into_iter().enumerate() {
        let n = parse_uint(text);
        let in_range = n.is_some_and(|n| (1..=40).contains(&n));
        if in_range {
            values[i] = n;
            continue;
        }
        let msg = if text.is_empty() {
            format!("{what} scale units are required for ErGwScale (1–40).")
        } else {
            format!("{what} scale units must be a whole number from 1 to 40, not \"{text}\".")
        };
        let mut f = ER_GW_006.at(gp(g, field), msg);
        if let Some(v) = clamp_units(text) {
            f = f.with_fix(Fix::replace(format!("Use {v}"), v));
        }
        out.push(f);
    }
    if let [Some(min), Some(max)] = values {
        if min > max {
            out.push(
                ER_GW_006
                    .at(
                        gp(g, G::MinScaleUnits),
                        format!(
                        "Minimum scale units ({min}) can't be greater than the maximum ({max})."
                    ),
                    )
                    .with_fix(Fix::replace(format!("Use {max}"), max.to_string())),
            );
        } else if min == 1 && max > 1 {
            out.push(
                ER_GW_006.at(
                    gp(g, G::MinScaleUnits),
                    format!("Autoscaling needs a minimum of 2 scale units (1–{max} isn't allowed); for a fixed size set both to the same value."),
                )
                .with_fix(Fix::replace("Use 2", "2")),
            );
        }
    }
}

fn public_ip(g: usize, gw: &Gateway, out: &mut Vec<Finding>) {
    let Some(ip) = &gw.public_ip else {
        return;
    };
    out.push(if ip.existing {
        // A running gateway's public IP is part of it: it cannot be detached. A Basic one is
        // upgraded to Standard (reported on its SKU below).
        ER_GW_009.at(
            gp(g, G::PublicIp),
            format!("Gateway {} exists with its own public IP {}: an existing gateway keeps it (it cannot be removed from the gateway). New ExpressRoute gateways don't need one: Azure assigns a Microsoft-managed one.", gw.name, ip.name),
        )
        .with_severity(Severity::Info)
    } else {
        ER_GW_009.at(
            gp(g, G::PublicIp),
            "ExpressRoute gateways no longer need a public IP: Azure assigns a Microsoft-managed one. Keep it only to match an existing template.",
        )
        .with_fix(Fix::advice("Remove the public IP."))
    });
    if let Some(f) = check_field_name(&ER_N_001, NAME_1_80, ipp(g, PublicIpKey::Name), &ip.name) {
        out.push(Finding {
            message: f.message.replacen("name", "public IP name", 1),
            ..f
        });
    }
    // A Dynamic public IP is a Basic one: Standard public IPs are always Static.
    if ip.sku == PublicIpSku::Basic {
        let path = ipp(g, PublicIpKey::Sku);
        out.push(if ip.existing {
            ER_GW_009.at(
                path,
                format!("Public IP {} is a Basic SKU public IP. Basic public IPs were retired on 30 September 2025: migrate it to a Standard (Static) public IP.", ip.name),
            )
            .with_fix(Fix::advice("Migrate it to a Standard public IP (Microsoft's Basic-to-Standard upgrade guidance for gateways); it cannot simply be removed from a running gateway."))
        } else {
            ER_GW_009.at(
                path,
                format!(
                    "A Basic SKU public IP{}: Basic public IPs were retired on 30 September 2025 and new ones cannot be created. Use a Standard, Static public IP, or none (Azure assigns one to the gateway).",
                    if ip.allocation == Allocation::Dynamic { " (Dynamic allocation)" } else { "" }
                ),
            )
            .with_severity(Severity::Error)
            .with_fix(Fix::replace("Use Standard", "Standard"))
        });
    } else if ip.allocation == Allocation::Dynamic {
        out.push(
            ER_GW_009.at(
                ipp(g, PublicIpKey::Allocation),
                "A Standard public IP is always Static: Azure refuses Dynamic allocation with the Standard SKU.",
            )
            .with_severity(Severity::Error)
            .with_fix(Fix::replace("Use Static", "Static")),
        );
    }
}

fn vnet_and_region(cx: &Ctx, g: usize, gw: &Gateway, out: &mut Vec<Finding>) {
    let vname = gw.virtual_network.trim();
    let Some(v) = cx.gateway_vnet(g) else {
        out.push(ER_GW_008.at(
            gp(g, G::VirtualNetwork),
            if vname.is_empty() {
                "Select the virtual network the gateway goes into.".to_string()
            } else {
                format!("No virtual network named \"{vname}\" in this design.")
            },
        ));
        return;
    };
    // GW3: the first gateway in a VNet keeps it.
    if let Some(&first) = cx.gateways_in_vnet(v).first().filter(|first| **first != g) {
        out.push(ER_GW_003.at(
            gp(g, G::VirtualNetwork),
            format!(
                "Virtual network {} already has ExpressRoute gateway {}: a VNet holds one ExpressRoute gateway (plus optionally one VPN gateway).",
                cx.vnet_name(v),
                cx.d.gateways.get(first).map_or("", |x| x.name.as_str())
            ),
        ));
    }
    let vregion =
        cx.d.virtual_networks
            .get(v)
            .map_or("", |x| x.region.as_str());
    if gw.region.trim().is_empty() || vregion.trim().is_empty() {
        return;
    }
    if catalog::normalize_region(&gw.region) != catalog::normalize_region(vregion) {
        out.push(
            ER_GW_002
                .at(
                    gp(g, G::Region),
                    format!(
                        "The gateway must be in the same region as virtual network {} ({}).",
                        cx.vnet_name(v),
                        vregion.trim()
                    ),
                )
                .with_fix(Fix::replace(
                    format!("Use {}", vregion.trim()),
                    vregion.trim(),
                )),
        );
    }
}

fn sku(cx: &Ctx, g: usize, gw: &Gateway, out: &mut Vec<Finding>) {
    match gw.sku {
        GatewaySku::Basic => out.push(
            ER_GW_004.at(
                gp(g, G::Sku),
                "Basic is a VPN gateway SKU; an ExpressRoute gateway needs an ExpressRoute SKU.",
            )
            .with_fix(Fix::replace("Use ErGw1AZ", "ErGw1AZ")),
        ),
        GatewaySku::Standard | GatewaySku::HighPerformance | GatewaySku::UltraPerformance => {
            let az = sku_name(az_equivalent(gw.sku));
            out.push(
                ER_GW_005.at(
                    gp(g, G::Sku),
                    format!(
                        "{} is a non-zone SKU: moving to a zone-redundant or scalable SKU later needs the migration tool. {az} has the same capacity and is zone-redundant.",
                        sku_name(gw.sku)
                    ),
                )
                .with_fix(Fix::replace(format!("Use {az}"), az)),
            );
        }
        _ => {}
    }
    if gw.sku == GatewaySku::ErGwScale {
        let region = cx.gateway_region(g);
        if let Some(r) = catalog::region(region) {
            if limits::ERGWSCALE_UNAVAILABLE_REGIONS.contains(&r.display_name) {
                let alt = match scale_units(gw) {
                    Some(u) if u >= 10 => "ErGw3AZ",
                    Some(u) if u >= 2 => "ErGw2AZ",
                    _ => "ErGw1AZ",
                };
                out.push(
                    ER_GW_007
                        .at(
                            gp(g, G::Sku),
                            format!(
                                "ErGwScale isn't offered in {} (as of 11/2025).",
                                r.display_name
                            ),
                        )
                        .with_fix(Fix::replace(format!("Use {alt}"), alt)),
                );
            }
        }
    }
}

/// CN8: connections with FastPath on a gateway that doesn't support it. One finding per gateway,
/// on its SKU (or minimum scale units for ErGwScale), with the SKU that would support it.
fn fast_path(cx: &Ctx, g: usize, gw: &Gateway, out: &mut Vec<Finding>) {
    if gw.sku == GatewaySku::Basic {
        return;
    }
    let units = scale_units(gw);
    if limits::fast_path_supported(gw.sku, units) {
        return;
    }
    let names: Vec<&str> = cx
        .connections_of_gateway(g)
        .iter()
        .filter_map(|k| cx.d.connections.get(*k))
        .filter(|c| c.fast_path)
        .map(|c| c.name.as_str())
        .collect();
    if names.is_empty() {
        return;
    }
    let who = format!("FastPath is on for {}", list_names(&names, 3));
    let f = if gw.sku == GatewaySku::ErGwScale {
        let max_low = parse_uint(&gw.max_scale_units).is_some_and(|m| m < 10);
        ER_CN_008.at(
            gp(g, G::MinScaleUnits),
            format!(
                "{who}: ErGwScale supports FastPath from 10 scale units; set the minimum{} to at least 10, or turn FastPath off.",
                if max_low { " and maximum" } else { "" }
            ),
        )
        .with_fix(Fix::replace("Use 10 scale units", "10"))
    } else {
        let better = if is_az_sku(gw.sku) {
            GatewaySku::ErGw3AZ
        } else {
            GatewaySku::UltraPerformance
        };
        ER_CN_008.at(
            gp(g, G::Sku),
            format!(
                "{who}, but gateway {} ({}) doesn't support FastPath. Use {} (or ErGwScale with 10+ scale units), or turn FastPath off.",
                gw.name,
                sku_name(gw.sku),
                sku_name(better)
            ),
        )
        .with_fix(Fix::replace(format!("Use {}", sku_name(better)), sku_name(better)))
    };
    out.push(f);
}

/// §7: at most 4 circuits per peering location and 4/8/16 circuits in all per VNet (gateway).
fn circuits_per_vnet(cx: &Ctx, g: usize, gw: &Gateway, out: &mut Vec<Finding>) {
    let circuits = cx.circuits_of_gateway(g);
    // Same location: the 5th circuit from a location (and later ones) is reported on its connection.
    let mut per_loc: Vec<(String, u32)> = Vec::new();
    for (c, k) in &circuits {
        let Some(circuit) = cx.d.circuits.get(*c) else {
            continue;
        };
        let loc = crate::domain::text::lowercase(circuit_location(cx.d, circuit).trim());
        if loc.is_empty() {
            continue;
        }
        let n = match per_loc.iter_mut().find(|(l, _)| *l == loc) {
            Some(e) => {
                e.1 += 1;
                e.1
            }
            None => {
                per_loc.push((loc, 1));
                1
            }
        };
        if n > limits::MAX_CIRCUITS_SAME_LOCATION {
            out.push(
                ER_L_003.at(
                    FieldPath::Connection(*k, Some(ConnectionKey::Circuit)),
                    format!(
                        "Circuit {} makes {n} circuits from {} on gateway {}: at most {} circuits from the same peering location can link to one VNet.",
                        circuit.name,
                        circuit_location(cx.d, circuit).trim(),
                        gw.name,
                        limits::MAX_CIRCUITS_SAME_LOCATION
                    ),
                )
                .with_fix(Fix::advice("Link a circuit from another peering location.")),
            );
        }
    }
    let units = scale_units(gw);
    let Some(max) = limits::max_circuits_per_vnet(gw.sku, units) else {
        return;
    };
    let n = u32::try_from(circuits.len()).unwrap_or(u32::MAX);
    if n <= max {
        return;
    }
    let (field, fix) = match gw.sku {
        GatewaySku::ErGwScale if n <= 16 => (
            G::MinScaleUnits,
            Some(if n <= 8 { "2" } else { "10" }.to_string()),
        ),
        GatewaySku::ErGwScale => (G::MinScaleUnits, None),
        sku if n <= 8 => (
            G::Sku,
            Some(
                if is_az_sku(sku) {
                    "ErGw2AZ"
                } else {
                    "HighPerformance"
                }
                .to_string(),
            ),
        ),
        sku if n <= 16 => (
            G::Sku,
            Some(
                if is_az_sku(sku) {
                    "ErGw3AZ"
                } else {
                    "UltraPerformance"
                }
                .to_string(),
            ),
        ),
        _ => (G::Sku, None),
    };
    let what = match units {
        Some(u) if gw.sku == GatewaySku::ErGwScale => {
            format!("ErGwScale with {u} minimum scale units")
        }
        _ => sku_name(gw.sku).to_string(),
    };
    let mut f = ER_L_004.at(
        gp(g, field),
        format!(
            "{n} circuits link to gateway {}, but {what} supports {max}.",
            gw.name
        ),
    );
    f = match fix {
        Some(v) if field == G::MinScaleUnits => {
            f.with_fix(Fix::replace(format!("Use {v} scale units"), v))
        }
        Some(v) => f.with_fix(Fix::replace(format!("Use {v}"), v)),
        None => f.with_fix(Fix::advice(
            "At most 16 circuits can link to one VNet: remove connections or spread them over more VNets.",
        )),
    };
    out.push(f);
}

/// Runs the gateway rules.
pub(crate) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (g, gw) in cx.d.gateways.iter().enumerate() {
        if let Some(f) = check_field_name(&ER_GW_001, NAME_1_80, gp(g, G::Name), &gw.name) {
            out.push(Finding {
                message: f.message.replacen("name", "gateway name", 1),
                ..f
            });
        }
        vnet_and_region(cx, g, gw, out);
        sku(cx, g, gw, out);
        scale(g, gw, out);
        public_ip(g, gw, out);
        if gw.coexist_with_vpn {
            out.push(ER_GW_014.at(
                gp(g, G::CoexistWithVpn),
                "With a VPN gateway in the same VNet: create the ExpressRoute gateway first, make the VPN gateway route-based and not Basic, and remember the VPN path carries IPv4 only.",
            ));
        }
        out.push(ER_GW_015.at(
            gp(g, G::Name),
            "Creating the gateway takes up to 45 minutes.",
        ));
        fast_path(cx, g, gw, out);
        circuits_per_vnet(cx, g, gw, out);
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // table-driven test rows
mod tests {
    use super::super::testkit::*;
    use crate::domain::finding::Severity;
    use crate::domain::model::{Design, GatewaySku, PublicIp, PublicIpSku};

    fn scale_design(min: &str, max: &str) -> Design {
        let mut d = base();
        d.gateways[0].sku = GatewaySku::ErGwScale;
        d.gateways[0].min_scale_units = min.into();
        d.gateways[0].max_scale_units = max.into();
        d
    }

    #[test]
    fn scale_units() {
        // (min, max, findings as (field, fix))
        let cases: &[(&str, &str, &[(&str, Option<&str>)])] = &[
            ("1", "1", &[]),
            ("2", "2", &[]),
            ("2", "10", &[]),
            ("10", "11", &[]),
            ("40", "40", &[]),
            ("11", "40", &[]),
            ("0", "1", &[("minScaleUnits", Some("1"))]),
            ("1", "41", &[("maxScaleUnits", Some("40"))]),
            (
                "41",
                "41",
                &[("minScaleUnits", Some("40")), ("maxScaleUnits", Some("40"))],
            ),
            ("10", "2", &[("minScaleUnits", Some("2"))]),
            ("1", "2", &[("minScaleUnits", Some("2"))]),
            ("", "", &[("minScaleUnits", None), ("maxScaleUnits", None)]),
            ("abc", "5", &[("minScaleUnits", None)]),
            ("-3", "5", &[("minScaleUnits", Some("1"))]),
            (
                "99999999999999999999999",
                "5",
                &[("minScaleUnits", Some("40"))],
            ),
        ];
        for (min, max, want) in cases {
            let d = scale_design(min, max);
            let got: Vec<(String, Option<String>)> = with_code(&d, "ER-GW-006")
                .into_iter()
                .map(|f| (f.path, f.fix.and_then(|x| x.value)))
                .collect();
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|(f, v)| (format!("gateways[0].{f}"), v.map(String::from)))
                .collect();
            assert_eq!(got, want, "min {min:?} max {max:?}");
        }
        // Scale units on a fixed SKU.
        let mut d = base();
        d.gateways[0].min_scale_units = "2".into();
        assert_eq!(
            problems(&d),
            vec![("ER-GW-006", "gateways[0].minScaleUnits".to_string())]
        );
        assert_eq!(fix_value(&d, "ER-GW-006").as_deref(), Some(""));
    }

    #[test]
    fn fast_path_by_sku() {
        let cases: &[(GatewaySku, &str, Option<(&str, &str)>)] = &[
            (GatewaySku::ErGw1AZ, "", Some(("sku", "ErGw3AZ"))),
            (GatewaySku::ErGw2AZ, "", Some(("sku", "ErGw3AZ"))),
            (GatewaySku::ErGw3AZ, "", None),
            (GatewaySku::Standard, "", Some(("sku", "UltraPerformance"))),
            (
                GatewaySku::HighPerformance,
                "",
                Some(("sku", "UltraPerformance")),
            ),
            (GatewaySku::UltraPerformance, "", None),
            (GatewaySku::ErGwScale, "9", Some(("minScaleUnits", "10"))),
            (GatewaySku::ErGwScale, "10", None),
        ];
        for (sku, units, want) in cases {
            let mut d = base();
            d.gateways[0].sku = *sku;
            if !units.is_empty() {
                d.gateways[0].min_scale_units = units.to_string();
                d.gateways[0].max_scale_units = "20".into();
            }
            d.connections[0].fast_path = true;
            let got: Vec<(String, Option<String>)> = with_code(&d, "ER-CN-008")
                .into_iter()
                .map(|f| (f.path, f.fix.and_then(|x| x.value)))
                .collect();
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|(f, v)| (format!("gateways[0].{f}"), Some(v.to_string())))
                .collect();
            assert_eq!(got, want, "{sku:?} {units}");
            // Without FastPath, nothing.
            d.connections[0].fast_path = false;
            assert!(with_code(&d, "ER-CN-008").is_empty());
        }
    }

    #[test]
    fn vnet_reference_region_and_uniqueness() {
        let mut d = base();
        d.gateways[0].virtual_network = "nope".into();
        assert!(problems(&d).contains(&("ER-GW-008", "gateways[0].virtualNetwork".into())));
        d.gateways[0].virtual_network = "".into();
        assert!(problems(&d).contains(&("ER-GW-008", "gateways[0].virtualNetwork".into())));
        // Names match case-insensitively.
        d.gateways[0].virtual_network = "VNET-HUB".into();
        assert!(problems(&d).is_empty(), "{:?}", problems(&d));

        d.gateways[0].region = "West Europe".into();
        assert_eq!(
            problems(&d),
            vec![("ER-GW-002", "gateways[0].region".to_string())]
        );
        assert_eq!(fix_value(&d, "ER-GW-002").as_deref(), Some("UK South"));
        d.gateways[0].region = "uksouth".into();
        assert!(problems(&d).is_empty());

        let mut g2 = d.gateways[0].clone();
        g2.name = "gw-2".into();
        d.gateways.push(g2);
        assert_eq!(
            problems(&d),
            vec![("ER-GW-003", "gateways[1].virtualNetwork".to_string())]
        );
    }

    #[test]
    fn sku_rules() {
        let cases: &[(GatewaySku, &str, Option<(&str, Severity, &str)>)] = &[
            (GatewaySku::ErGw1AZ, "UK South", None),
            (
                GatewaySku::Basic,
                "UK South",
                Some(("ER-GW-004", Severity::Error, "ErGw1AZ")),
            ),
            (
                GatewaySku::Standard,
                "UK South",
                Some(("ER-GW-005", Severity::Info, "ErGw1AZ")),
            ),
            (
                GatewaySku::HighPerformance,
                "UK South",
                Some(("ER-GW-005", Severity::Info, "ErGw2AZ")),
            ),
            (
                GatewaySku::UltraPerformance,
                "UK South",
                Some(("ER-GW-005", Severity::Info, "ErGw3AZ")),
            ),
            (GatewaySku::ErGwScale, "UK South", None),
            (
                GatewaySku::ErGwScale,
                "West Europe",
                Some(("ER-GW-007", Severity::Error, "ErGw2AZ")),
            ),
            (
                GatewaySku::ErGwScale,
                "eastus2",
                Some(("ER-GW-007", Severity::Error, "ErGw2AZ")),
            ),
        ];
        for (sku, region, want) in cases {
            let mut d = base();
            d.gateways[0].sku = *sku;
            d.virtual_networks[0].region = region.to_string();
            d.circuits[0].sku_tier = crate::domain::model::SkuTier::Premium;
            if *sku == GatewaySku::ErGwScale {
                d.gateways[0].min_scale_units = "2".into();
                d.gateways[0].max_scale_units = "4".into();
            }
            let got: Vec<(&str, Severity, Option<String>)> = run(&d)
                .into_iter()
                .filter(|f| f.path == "gateways[0].sku")
                .map(|f| (f.code, f.severity, f.fix.and_then(|x| x.value)))
                .collect();
            let want: Vec<(&str, Severity, Option<String>)> = want
                .iter()
                .map(|(c, s, v)| (*c, *s, Some(v.to_string())))
                .collect();
            assert_eq!(got, want, "{sku:?} in {region}");
        }
    }

    #[test]
    fn public_ip_rules() {
        use crate::domain::model::Allocation;
        let mut d = base();
        d.gateways[0].public_ip = Some(PublicIp {
            name: "pip-gw".into(),
            ..PublicIp::default()
        });
        assert_eq!(
            paths(&d, "ER-GW-009"),
            vec![("gateways[0].publicIp".to_string(), Severity::Warning)]
        );
        // The "not needed" finding: (exists already, severity, remove fix offered).
        for (existing, severity, remove) in [
            (false, Severity::Warning, true),
            (true, Severity::Info, false),
        ] {
            if let Some(ip) = &mut d.gateways[0].public_ip {
                ip.existing = existing;
            }
            let out = crate::domain::rules::validate(&d);
            let f = out
                .iter()
                .find(|f| f.code == "ER-GW-009" && f.path == "gateways[0].publicIp")
                .expect("the public IP finding");
            assert_eq!(f.severity, severity, "existing={existing}");
            let fix = f.fix.as_ref().map(|x| format!("{x:?}")).unwrap_or_default();
            assert_eq!(fix.contains("Remove"), remove, "existing={existing}: {fix}");
            assert_eq!(
                f.message.contains("cannot be removed"),
                existing,
                "{}",
                f.message
            );
        }
        if let Some(ip) = &mut d.gateways[0].public_ip {
            ip.existing = false;
        }
        // U5: (SKU, allocation, exists already) → the findings beyond the "not needed" warning.
        for (sku, allocation, existing, want) in [
            (PublicIpSku::Standard, Allocation::Static, false, vec![]),
            (PublicIpSku::Standard, Allocation::Static, true, vec![]),
            // Created Basic (with or without Dynamic): one error, the retirement.
            (
                PublicIpSku::Basic,
                Allocation::Dynamic,
                false,
                vec![(
                    "gateways[0].publicIp.sku",
                    Severity::Error,
                    "retired on 30 September 2025 and new ones cannot be created",
                )],
            ),
            (
                PublicIpSku::Basic,
                Allocation::Static,
                false,
                vec![(
                    "gateways[0].publicIp.sku",
                    Severity::Error,
                    "retired on 30 September 2025 and new ones cannot be created",
                )],
            ),
            // An existing Basic one: migrate.
            (
                PublicIpSku::Basic,
                Allocation::Dynamic,
                true,
                vec![(
                    "gateways[0].publicIp.sku",
                    Severity::Warning,
                    "retired on 30 September 2025: migrate it",
                )],
            ),
            // Standard is always Static: Azure refuses Dynamic.
            (
                PublicIpSku::Standard,
                Allocation::Dynamic,
                false,
                vec![(
                    "gateways[0].publicIp.allocation",
                    Severity::Error,
                    "always Static",
                )],
            ),
        ] {
            d.gateways[0].public_ip = Some(PublicIp {
                name: "pip-gw".into(),
                sku,
                allocation,
                existing,
            });
            let out = crate::domain::rules::validate(&d);
            let got: Vec<_> = out
                .iter()
                .filter(|f| f.code == "ER-GW-009" && f.path != "gateways[0].publicIp")
                .collect();
            assert_eq!(
                got.len(),
                want.len(),
                "{sku:?} {allocation:?} {existing}: {got:?}"
            );
            for (f, (path, sev, text)) in got.iter().zip(&want) {
                assert_eq!((f.path.as_str(), f.severity), (*path, *sev));
                assert!(f.message.contains(text), "{}", f.message);
                assert!(
                    !f.message.contains("A Standard public IP is always Static")
                        || sku == PublicIpSku::Standard
                );
            }
        }
        d.gateways[0].public_ip = Some(PublicIp {
            name: "pip gw".into(),
            sku: PublicIpSku::Basic,
            allocation: Allocation::Dynamic,
            existing: false,
        });
        assert_eq!(
            problems(&d),
            vec![
                ("ER-GW-009", "gateways[0].publicIp".to_string()),
                ("ER-N-001", "gateways[0].publicIp.name".to_string()),
                ("ER-GW-009", "gateways[0].publicIp.sku".to_string()),
            ]
        );
    }

    #[test]
    fn name_coexistence_and_creation_time() {
        let mut d = base();
        d.gateways[0].name = "gw hub".into();
        d.connections[0].gateway = "gw hub".into();
        d.gateways[0].coexist_with_vpn = true;
        assert_eq!(
            codes(&d),
            vec![
                ("ER-GW-001", "gateways[0].name".to_string()),
                ("ER-GW-014", "gateways[0].coexistWithVpn".to_string()),
                ("ER-GW-015", "gateways[0].name".to_string()),
            ]
        );
    }

    /// Adds circuits `er-0..n` at the given locations, each linked to gw-hub.
    fn with_circuits(sku: GatewaySku, locations: &[&str]) -> Design {
        let mut d = base();
        d.gateways[0].sku = sku;
        d.virtual_networks[0].subnets[1].address_prefix = "10.1.255.0/26".into();
        d.circuits.clear();
        d.connections.clear();
        for (i, loc) in locations.iter().enumerate() {
            let mut c = circuit(&format!("er-{i}"), loc, "Equinix", "", "");
            c.private_peering = Some(Default::default());
            d.circuits.push(c);
            d.connections
                .push(connection(&format!("cn-{i}"), "gw-hub", &format!("er-{i}")));
        }
        d
    }

    const LOCS: &[&str] = &[
        "London",
        "London2",
        "Amsterdam",
        "Amsterdam2",
        "Frankfurt",
        "Paris",
        "Dublin",
        "Zurich",
        "Milan",
        "Madrid",
        "Stockholm",
        "Oslo",
        "Berlin",
        "Munich",
        "Copenhagen",
        "Warsaw",
        "Vienna",
    ];

    #[test]
    fn circuits_from_same_location() {
        for (n, want) in [(4, false), (5, true)] {
            let d = with_circuits(GatewaySku::ErGw3AZ, &vec!["London"; n]);
            let got = paths(&d, "ER-L-003");
            if want {
                assert_eq!(
                    got,
                    vec![("connections[4].circuit".to_string(), Severity::Error)]
                );
            } else {
                assert!(got.is_empty(), "{n}: {got:?}");
            }
        }
    }

    #[test]
    fn circuits_by_gateway_sku() {
        let cases: &[(GatewaySku, &str, usize, Option<(&str, Option<&str>)>)] = &[
            (GatewaySku::ErGw1AZ, "", 4, None),
            (GatewaySku::ErGw1AZ, "", 5, Some(("sku", Some("ErGw2AZ")))),
            (
                GatewaySku::Standard,
                "",
                5,
                Some(("sku", Some("HighPerformance"))),
            ),
            (GatewaySku::ErGw2AZ, "", 8, None),
            (GatewaySku::ErGw2AZ, "", 9, Some(("sku", Some("ErGw3AZ")))),
            (
                GatewaySku::HighPerformance,
                "",
                9,
                Some(("sku", Some("UltraPerformance"))),
            ),
            (GatewaySku::ErGw3AZ, "", 16, None),
            (GatewaySku::ErGw3AZ, "", 17, Some(("sku", None))),
            (GatewaySku::UltraPerformance, "", 17, Some(("sku", None))),
            (GatewaySku::ErGwScale, "1", 4, None),
            (
                GatewaySku::ErGwScale,
                "1",
                5,
                Some(("minScaleUnits", Some("2"))),
            ),
            (GatewaySku::ErGwScale, "2", 8, None),
            (
                GatewaySku::ErGwScale,
                "9",
                9,
                Some(("minScaleUnits", Some("10"))),
            ),
            (GatewaySku::ErGwScale, "10", 16, None),
            (
                GatewaySku::ErGwScale,
                "10",
                17,
                Some(("minScaleUnits", None)),
            ),
        ];
        for (sku, units, n, want) in cases {
            let mut d = with_circuits(*sku, &LOCS[..*n]);
            if !units.is_empty() {
                d.gateways[0].min_scale_units = units.to_string();
                d.gateways[0].max_scale_units = units.to_string();
            }
            let got: Vec<(String, Option<String>)> = with_code(&d, "ER-L-004")
                .into_iter()
                .map(|f| (f.path, f.fix.and_then(|x| x.value)))
                .collect();
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|(f, v)| (format!("gateways[0].{f}"), v.map(String::from)))
                .collect();
            assert_eq!(got, want, "{sku:?} {units} × {n}");
        }
    }
}
