//! §7 Limits (`ER-L-*`): how many of each thing Azure takes. The rules are declared here, one
//! family in one place; they are checked, and listed in the `RULES` of the module that checks
//! them, where the counts are made: [`super::network`] (prefixes per peering, connections per
//! circuit and gateway, VNets per circuit) and [`super::deployment`] (resources in one ARM
//! template).

use crate::domain::finding::src;
use crate::rule;

rule!(
    ER_L_001,
    "ER-L-001",
    "§7 on-premises routes (input)",
    Error,
    "Each planned on-premises route is an IP prefix in network form",
    src::DOC_LIMITS,
    why: "The route counts and overlap checks need prefixes; other text cannot be advertised.",
    example: "on-premises route 10.0.0.1/8"
);
rule!(
    ER_L_002,
    "ER-L-002",
    "§7 VNet routes advertised",
    Error,
    "A VNet with a connected gateway advertises at most 1,000 IPv4 and 100 IPv6 address spaces",
    src::DOC_LIMITS,
    why: "The gateway advertises VNet address spaces to the circuit up to this limit; past it routes are dropped.",
    example: "a VNet with 1,200 address spaces"
);
rule!(
    ER_L_003,
    "ER-L-003",
    "§7 circuits per VNet, same location / CN13 / D5",
    Error,
    "At most 4 circuits from the same peering location link to one VNet",
    src::DOC_LIMITS,
    why: "Azure refuses a fifth circuit from the same peering location on one VNet.",
    example: "5 circuits at London linked to one VNet"
);
rule!(
    ER_L_004,
    "ER-L-004",
    "§7 circuits per VNet by gateway SKU / CN13 / D5",
    Error,
    "Circuits linked to one VNet: at most 4 (Standard/ErGw1AZ, ErGwScale 1 unit), 8 (HighPerformance/ErGw2AZ, ErGwScale 2–9), 16 (UltraPerformance/ErGw3AZ, ErGwScale ≥ 10)",
    src::DOC_LIMITS,
    why: "The gateway SKU limits how many circuits it connects; Azure refuses more.",
    example: "5 circuits on a Standard gateway"
);
rule!(
    ER_L_005,
    "ER-L-005",
    "§7 ECMP / D2",
    Warning,
    "At most 4 circuits share traffic (ECMP): more than 4 connections with the top routing weight",
    src::DOC_FAQ,
    why: "ExpressRoute shares traffic over at most 4 equal paths; more connections with the top weight are idle.",
    example: "6 connections with routing weight 0"
);
rule!(
    ER_L_006,
    "ER-L-006",
    "§7 FastPath IP limits",
    Info,
    "FastPath supports 25,000 IPs in the VNet for provider circuits, 100,000 on Direct 10G, 200,000 on Direct 100G",
    src::DOC_LIMITS,
    why: "Past these counts FastPath stops bypassing the gateway for some traffic.",
    example: "FastPath on a VNet of 30,000 IPs over a provider circuit"
);
rule!(
    ER_L_007,
    "ER-L-007",
    "§7 ARM template limits (issue 15)",
    Warning,
    "The ARM template and Bicep file of the design hold at most 800 resources (Azure deploys no more in one template; Terraform and the az CLI script have no such limit)",
    src::DOC_ARM_LIMITS,
    why: "Azure deploys at most 800 resources from one template; a larger one must be split.",
    example: "a design whose template holds 900 resources"
);
