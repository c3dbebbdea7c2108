//! The import's rules (`ER-IMP-*`): what an import reports about its input. Their findings'
//! `path` is a JSON path in the *input* (e.g. `resources[2].properties.peerASN`), not in the
//! design; [`crate::domain::import`] reports them.

use crate::domain::finding::RuleInfo;

const SRC_TEMPLATE: &str =
    "https://learn.microsoft.com/azure/templates/microsoft.network/expressroutecircuits";
const SRC_FUNCTIONS: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions";
const SRC_SYNTAX: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax";
const SRC_COPY: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/templates/copy-resources";
const SRC_PARAMS: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/templates/parameter-files";
const SRC_AZ: &str = "https://learn.microsoft.com/cli/azure/network/express-route";

crate::rule!(ER_IMP_001, "ER-IMP-001", "Import", Info, "Import: a resource that is not part of an ExpressRoute design (or a VPN gateway, a non-ExpressRoute connection, an unused public IP), or one the template declares existing (it refers to it and does not create it: what refers to it is outside the input), is reported, not imported", SRC_TEMPLATE, why: "Resources outside an ExpressRoute design are not imported, so the import says which.", example: "a storage account in the template");
crate::rule!(ER_IMP_002, "ER-IMP-002", "Import", Warning, "Import: properties the design has no field for (and extra route filter rules) are listed, not imported", SRC_TEMPLATE, why: "Properties the design has no field for would be lost silently; they are listed instead.", example: "a circuit's properties.customSetting");
crate::rule!(
    ER_IMP_003,
    "ER-IMP-003",
    "Import",
    Warning,
    "Import: a template function the importer does not evaluate leaves its field empty",
    SRC_FUNCTIONS,
    why: "A field set by a function the importer cannot evaluate is left empty, not guessed.",
    example: "a value from reference()"
);
crate::rule!(ER_IMP_004, "ER-IMP-004", "Import", Warning, "Import: a template expression that cannot be evaluated (syntax, types, limits) leaves its field empty", SRC_SYNTAX, why: "A field whose expression cannot be evaluated is left empty, not guessed.", example: "[concat('a'");
crate::rule!(
    ER_IMP_005,
    "ER-IMP-005",
    "Import",
    Warning,
    "Import: copy loops (resources, properties, variables) are expanded with copyIndex(); a loop whose count cannot be evaluated, or is over 800, leaves its resource or property out",
    SRC_COPY,
    why: "Copy loops are expanded; one that cannot be counted, or is too big, is not.",
    example: "a copy loop with count 5000"
);
crate::rule!(
    ER_IMP_006,
    "ER-IMP-006",
    "Import",
    Info,
    "Import: uniqueString() and format specifiers are approximated",
    SRC_FUNCTIONS,
    why: "The imported value may differ from what Azure computes.",
    example: "a name from uniqueString(resourceGroup().id)"
);
crate::rule!(ER_IMP_007, "ER-IMP-007", "Import / U20", Info, "Import: parameters without a default value or a value in the parameters file are given at deployment: one finding names them; the fields they set are unknown, not empty, and not checked (ER-U-001)", SRC_PARAMS, why: "Those fields are unknown until deployment; they are not checked, and one finding says which.", example: "a parameter with no default and no value");
crate::rule!(
    ER_IMP_008,
    "ER-IMP-008",
    "Import",
    Info,
    "Import: a region given as resourceGroup().location is the deployment's: left empty, unknown and not checked (listed by ER-U-001, no longer reported one by one)",
    SRC_FUNCTIONS,
    why: "The region is the deployment's; it is unknown, not empty.",
    example: "location: [resourceGroup().location]"
);
crate::rule!(ER_IMP_009, "ER-IMP-009", "Import", Warning, "Import: a child resource (peering, subnet, rule) whose parent is not in the input is not imported", SRC_TEMPLATE, why: "A child without its parent cannot be placed in the design.", example: "a peering of a circuit not in the input");
crate::rule!(ER_IMP_010, "ER-IMP-010", "Import", Info, "Import: a <PLACEHOLDER> value (from an exported template) leaves its field empty, unknown and not checked (listed by ER-U-001, no longer reported one by one)", SRC_TEMPLATE, why: "Exported templates hold placeholders for secrets and IDs; they are unknown, not values.", example: "authorizationKey <PLACEHOLDER>");
crate::rule!(
    ER_IMP_011,
    "ER-IMP-011",
    "Import",
    Warning,
    "Import: a value of the wrong type or an unknown choice keeps the design's default",
    SRC_TEMPLATE,
    why: "A value the design cannot hold would corrupt it; the default stays and the import says so.",
    example: "bandwidthInMbps: fast"
);
crate::rule!(
    ER_IMP_012,
    "ER-IMP-012",
    "Import",
    Info,
    "Import: az peering output holds no circuit settings: the circuit's region, provider, peering location, bandwidth and provider status are unknown and not checked (ER-U-001)",
    SRC_AZ,
    why: "az peering output holds no circuit; the circuit's fields are unknown.",
    example: "az network express-route peering show output"
);
crate::rule!(
    ER_IMP_013,
    "ER-IMP-013",
    "Import",
    Info,
    "Import: a resource whose condition is false is not imported",
    SRC_SYNTAX,
    why: "The template would not deploy that resource, so it is not imported.",
    example: "a resource with condition false"
);

crate::rule!(
    ER_IMP_014,
    "ER-IMP-014",
    "Import",
    Warning,
    "Import: a parameters-file entry the template does not declare is reported and ignored (Azure refuses such a deployment)",
    SRC_PARAMS,
    why: "Azure refuses a deployment whose parameters file names a parameter the template does not declare.",
    example: "a parameters file with vlanIdd"
);
crate::rule!(
    ER_IMP_020,
    "ER-IMP-020",
    "Import / C16",
    Warning,
    "Import: a circuit's sku.name equals \"{tier}_{family}\" (e.g. Standard_MeteredData); the design keeps tier and family and derives the name",
    crate::domain::finding::src::SPEC,
    why: "The SKU name is derived from tier and family; a different one would be lost.",
    example: "sku.name Premium_MeteredData with tier Standard"
);

/// Every import rule.
pub static RULES: &[RuleInfo] = &[
    ER_IMP_001, ER_IMP_002, ER_IMP_003, ER_IMP_004, ER_IMP_005, ER_IMP_006, ER_IMP_007, ER_IMP_008,
    ER_IMP_009, ER_IMP_010, ER_IMP_011, ER_IMP_012, ER_IMP_013, ER_IMP_014, ER_IMP_020,
];
