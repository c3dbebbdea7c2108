//! Findings: what a rule says about one field of a design.

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Azure would reject the design, or the docs say "must": blocks the step.
    Error,
    /// Allowed by the API but against documented guidance, or the rule is uncertain.
    Warning,
    /// A derived fact or a reminder; never blocks.
    Info,
}

impl Severity {
    /// The lower-case word used in JSON output and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A suggested change that fixes a finding, usually offered as a one-click button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Button text, e.g. "Use 10.0.0.0/30".
    pub label: String,
    /// The new text for the finding's field, when the fix is a simple replacement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The fix removes the list item the finding names (a duplicate, an empty or unusable
    /// entry) instead of replacing its text; see [`crate::domain::fixes::apply_fix`].
    #[serde(skip_serializing_if = "is_false")]
    pub remove: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Fix {
    /// A fix that replaces the field's text with `value`.
    pub fn replace(label: impl Into<String>, value: impl Into<String>) -> Self {
        Fix {
            label: label.into(),
            value: Some(value.into()),
            remove: false,
        }
    }

    /// A fix that removes the list item at the finding's path (`…advertisedPrefixes[2]`).
    pub fn remove(label: impl Into<String>) -> Self {
        Fix {
            label: label.into(),
            value: None,
            remove: true,
        }
    }

    /// Whether the fix changes the design with one click (a replacement or a removal), rather
    /// than giving advice.
    pub fn applies(&self) -> bool {
        self.value.is_some() || self.remove
    }

    /// Advice without an automatic change.
    pub fn advice(label: impl Into<String>) -> Self {
        Fix {
            label: label.into(),
            value: None,
            remove: false,
        }
    }
}

/// One result of validation: a rule, the field it concerns, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule code, e.g. `ER-PP-007`; listed in `docs/rules.md`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Field path in the design JSON, e.g. `circuits[0].privatePeering.vlanId`.
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when there is a known fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Where the rule comes from (documentation URL or specification path).
    pub source: &'static str,
}

/// A rule's entry in the catalogue: the single place that names every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable code, e.g. `ER-C-001`.
    pub code: &'static str,
    /// The catalogue item(s) it implements, e.g. `C1` or `§5.4`.
    pub catalogue: &'static str,
    /// Default severity of its findings (a rule may emit a milder one in documented cases).
    pub severity: Severity,
    /// What the rule checks, one line.
    pub checks: &'static str,
    /// Source URL or specification path.
    pub source: &'static str,
    /// Why it matters, one line: what goes wrong without it.
    pub why: &'static str,
    /// An input that breaks it (or, for a reminder, that it is about), e.g. `VLAN ID 4095`.
    pub example: &'static str,
}

impl RuleInfo {
    /// A finding of this rule at `path`, with the rule's own severity and source.
    // Inlined so that a call passes only the three fields a finding keeps: the rule constant is
    // then never stored whole, and its catalogue text stays out of the wasm.
    #[inline(always)]
    pub fn at(&self, path: impl Into<String>, message: impl Into<String>) -> Finding {
        finding(
            self.code,
            self.severity,
            self.source,
            path.into(),
            message.into(),
        )
    }
}

/// The one (not generic, not inlined) constructor behind [`RuleInfo::at`].
#[inline(never)]
fn finding(
    code: &'static str,
    severity: Severity,
    source: &'static str,
    path: String,
    message: String,
) -> Finding {
    Finding {
        code,
        severity,
        path,
        message,
        fix: None,
        source,
    }
}

impl Finding {
    /// Attaches a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Overrides the severity (e.g. a rule that warns on import but errors for new designs).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Number of findings of each severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), f| match f.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// Declares a rule constant: `rule!(NAME, "ER-X-001", "catalogue item", Error, "what it checks",
/// source, why: "what goes wrong without it", example: "an input that breaks it")`; the constant
/// is named after the code (`ER_X_001`).
#[macro_export]
macro_rules! rule {
    ($id:ident, $code:literal, $cat:literal, $sev:ident, $checks:literal, $src:expr,
     why: $why:literal, example: $example:literal) => {
        #[doc = $checks]
        pub const $id: $crate::domain::finding::RuleInfo = $crate::domain::finding::RuleInfo {
            code: $code,
            catalogue: $cat,
            severity: $crate::domain::finding::Severity::$sev,
            checks: $checks,
            source: $src,
            why: $why,
            example: $example,
        };
    };
}

/// Documentation URLs of the catalogue's source keys (§0.2 of the rule catalogue).
pub mod src {
    /// ExpressRoute routing requirements.
    pub const DOC_ROUTING: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-routing";
    /// Configure peering in the portal.
    pub const DOC_PEER_PORTAL: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-howto-routing-portal-resource-manager";
    /// ExpressRoute FAQ.
    pub const DOC_FAQ: &str = "https://learn.microsoft.com/azure/expressroute/expressroute-faqs";
    /// ExpressRoute limits.
    pub const DOC_LIMITS: &str = "https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits";
    /// Circuits and peerings.
    pub const DOC_PEERINGS: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-circuit-peerings";
    /// Workflows for circuit provisioning and circuit states.
    pub const DOC_WORKFLOWS: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-workflows";
    /// Locations and connectivity providers.
    pub const DOC_LOC: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-locations-providers";
    /// About ExpressRoute Direct.
    pub const DOC_DIRECT: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-erdirect-about";
    /// About ExpressRoute virtual network gateways.
    pub const DOC_GW: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways";
    /// Add a gateway in the portal.
    pub const DOC_GW_PORTAL: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-howto-add-gateway-portal-resource-manager";
    /// Configure route filters for Microsoft peering.
    pub const DOC_ROUTEFILTER: &str =
        "https://learn.microsoft.com/azure/expressroute/how-to-routefilter-portal";
    /// Scalable gateway (ErGwScale).
    pub const DOC_SCALE: &str = "https://learn.microsoft.com/azure/expressroute/scalable-gateway";
    /// About FastPath.
    pub const DOC_FASTPATH: &str = "https://learn.microsoft.com/azure/expressroute/about-fastpath";
    /// Link a VNet in the portal.
    pub const DOC_LINK_PORTAL: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-portal-resource-manager";
    /// Link a VNet with PowerShell.
    pub const DOC_LINK_PS: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-arm";
    /// IPv6 private peering.
    pub const DOC_IPV6: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-howto-add-ipv6-portal";
    /// Global Reach.
    pub const DOC_GR: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-global-reach";
    /// VPN and ExpressRoute coexistence.
    pub const DOC_COEXIST: &str =
        "https://learn.microsoft.com/azure/expressroute/expressroute-howto-coexist-resource-manager";
    /// Resource naming rules.
    pub const DOC_NAMES: &str =
        "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";
    /// Virtual network FAQ.
    pub const DOC_VNETFAQ: &str =
        "https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq";
    /// Gateway subnet guidance (no NSG, no 0.0.0.0/0 UDR).
    pub const DOC_GWSUBNET: &str = "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub";
    /// VPN gateway BGP FAQ (reserved ASNs).
    pub const DOC_VPNBGP: &str =
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq#bgp";
    /// Azure regions list.
    pub const DOC_REGIONS: &str = "https://learn.microsoft.com/azure/reliability/regions-list";
    /// The List ExpressRoute Service Providers API (`az network express-route
    /// list-service-providers`): the provider names `serviceProviderName` takes.
    pub const ER_PROVIDERS_API: &str =
        "https://learn.microsoft.com/rest/api/expressroute/express-route-service-providers/list";
    /// ExpressRoute circuit REST specification.
    pub const SPEC: &str = "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/expressRouteCircuit.json";
    /// Terraform azurerm provider.
    pub const TF: &str = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/express_route_circuit";
    /// Microsoft's quickstart that creates a provider circuit and its private peering in one
    /// deployment, leaving the circuit NotProvisioned (its README's note).
    pub const QS_PRIVATE_PEERING: &str = "https://github.com/Azure/azure-quickstart-templates/tree/master/quickstarts/microsoft.network/expressroute-private-peering-vnet";
    /// Basic SKU public IP retirement (30 September 2025) and upgrade guidance.
    pub const DOC_PIP_BASIC: &str = "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-basic-upgrade-guidance";
    /// Template scope functions: `resourceGroup()` and `subscription()` are the deployment's.
    pub const DOC_ARM_SCOPE: &str = "https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope";
    /// Azure Resource Manager limits: 800 resources in one template (copies included).
    pub const DOC_ARM_LIMITS: &str = "https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#template-limits";
    /// The project's own rule decisions (§13 of the rule catalogue).
    pub const DECISIONS: &str = "docs/rules.md#decisions";
}
