//! Exports of a design as deployable code (ARM, Bicep, Terraform, Azure CLI, PowerShell) and as
//! customer-edge router configuration (Cisco IOS-XE, Juniper Junos).
//!
//! Every exporter is a pure, total function `fn(&Design) -> String`: deterministic, never
//! panicking, whatever the design holds. Values the design leaves empty or that do not parse
//! become clearly named placeholders (`<PROVIDER>`) or required parameters, never broken syntax.
//! Secrets (MD5 shared keys, authorization keys) are never written into the deployment formats:
//! they become secure parameters, sensitive variables or environment variables. Router
//! configurations carry a shared key only when the design holds one, on a clearly marked line.

mod arm;
mod azcli;
mod bicep;
pub mod bundle;
mod iosxe;
mod junos;
mod omit;
mod plan;
mod powershell;
mod terraform;

pub use arm::{template_resources, TEMPLATE_RESOURCE_LIMIT};
pub use omit::{omissions, template_limit_note, Omission};
pub use terraform::{provider_range, ProviderRange};

use super::catalog::normalize_region;
use super::derived::{peering_addresses, v4_pair, LinkAddresses};
use super::model::{Circuit, Design, MicrosoftPeering, Peering};
use super::net::{parse_asn, parse_uint, parse_v6};

/// The `apiVersion` used for every `Microsoft.Network` resource.
pub const API_VERSION: &str = "2024-05-01";

pub use azcli::AZ_CLI_VERSION;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Azure Resource Manager deployment template (JSON).
    Arm,
    /// Bicep file.
    Bicep,
    /// Terraform configuration (azurerm provider).
    Terraform,
    /// Bash script of Azure CLI commands.
    AzCli,
    /// PowerShell script of Az module cmdlets.
    PowerShell,
    /// Cisco IOS-XE customer edge configuration.
    IosXe,
    /// Juniper Junos customer edge configuration.
    Junos,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 7] = [
        Format::Arm,
        Format::Bicep,
        Format::Terraform,
        Format::AzCli,
        Format::PowerShell,
        Format::IosXe,
        Format::Junos,
    ];

    /// Short name used on the command line (`arm`, `bicep`, …).
    pub fn id(self) -> &'static str {
        match self {
            Format::Arm => "arm",
            Format::Bicep => "bicep",
            Format::Terraform => "terraform",
            Format::AzCli => "azcli",
            Format::PowerShell => "powershell",
            Format::IosXe => "iosxe",
            Format::Junos => "junos",
        }
    }

    /// The format with this short name (case-insensitive).
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.id().eq_ignore_ascii_case(id.trim()))
    }

    /// Human label for menus.
    pub fn label(self) -> &'static str {
        match self {
            Format::Arm => "ARM template",
            Format::Bicep => "Bicep",
            Format::Terraform => "Terraform (azurerm)",
            Format::AzCli => "Azure CLI (bash)",
            Format::PowerShell => "Azure PowerShell",
            Format::IosXe => "Cisco IOS-XE",
            Format::Junos => "Juniper Junos",
        }
    }

    /// File name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Arm => "json",
            Format::Bicep => "bicep",
            Format::Terraform => "tf",
            Format::AzCli => "sh",
            Format::PowerShell => "ps1",
            Format::IosXe => "ios.txt",
            Format::Junos => "junos.txt",
        }
    }

    /// Suggested file name for a download.
    pub fn file_name(self) -> String {
        let stem = match self {
            Format::Arm => "azuredeploy",
            Format::Bicep | Format::Terraform => "main",
            Format::AzCli | Format::PowerShell => "deploy",
            Format::IosXe | Format::Junos => "router",
        };
        format!("{stem}.{}", self.extension())
    }

    /// Media (MIME) type for a download.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Arm => "application/json",
            Format::AzCli => "application/x-sh",
            _ => "text/plain",
        }
    }
}

/// The "not written" lines of a design in format `f`, each prefixed by `prefix` (a comment
/// marker), one per [`omissions`] entry.
fn not_written(d: &Design, f: Format, prefix: &str) -> String {
    omissions(d, f)
        .into_iter()
        .map(|o| format!("{prefix}Not written: {}\n", line_text(&o.message, 300)))
        .collect()
}

/// Writes `design` in `format`.
pub fn export(design: &Design, format: Format) -> String {
    match format {
        Format::Arm => arm::arm(design),
        Format::Bicep => bicep::bicep(design),
        Format::Terraform => terraform::terraform(design),
        Format::AzCli => azcli::azcli(design),
        Format::PowerShell => powershell::powershell(design),
        Format::IosXe => iosxe::iosxe(design),
        Format::Junos => junos::junos(design),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

/// `<LABEL>`: a value the design does not provide.
fn placeholder(label: &str) -> String {
    format!("<{label}>")
}

/// The trimmed text, or a placeholder when it is empty.
fn or_placeholder(text: &str, label: &str) -> String {
    match text.trim() {
        "" => placeholder(label),
        t => t.to_string(),
    }
}

/// A resource name, or `<KIND-N-NAME>` when empty.
fn name_or(text: &str, kind: &str, i: usize) -> String {
    or_placeholder(text, &format!("{}-{}-NAME", kind.to_uppercase(), i + 1))
}

/// An identifier-safe form of `name` (ASCII letters, digits, `_`), never empty.
fn ident_part(name: &str, i: usize) -> String {
    let mut s: String = name
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    s.truncate(48);
    if s.is_empty() {
        s = (i + 1).to_string();
    }
    s
}

/// Unique identifiers `prefix_name` for a list of names (`_2`, `_3`, … on clashes).
///
/// O(n log n): the symbols taken are kept in a set (lower-cased), and each base remembers the
/// next suffix to try, so n equal names cost n look-ups, not n².
fn symbols<'a>(prefix: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut out: Vec<String> = Vec::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut next: BTreeMap<String, usize> = BTreeMap::new();
    for (i, n) in names.enumerate() {
        let part = ident_part(n, i);
        let base = if part
            .get(..=prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(&format!("{prefix}_")))
        {
            part
        } else {
            format!("{prefix}_{part}")
        };
        let mut s = base.clone();
        if taken.contains(&s.to_ascii_lowercase()) {
            // Suffixes below `next` were taken already (symbols are never given back).
            let lower = base.to_ascii_lowercase();
            let mut k = next.get(&lower).copied().unwrap_or(2);
            loop {
                s = format!("{base}_{k}");
                k += 1;
                if !taken.contains(&s.to_ascii_lowercase()) {
                    break;
                }
            }
            next.insert(lower, k);
        }
        taken.insert(s.to_ascii_lowercase());
        out.push(s);
    }
    out
}

/// Identifiers for every named object of a design, shared by the formats that need symbols.
struct Names {
    circuits: Vec<String>,
    route_filters: Vec<String>,
    vnets: Vec<String>,
    gateways: Vec<String>,
    connections: Vec<String>,
    global_reach: Vec<String>,
}

impl Names {
    fn new(d: &Design) -> Self {
        Names {
            circuits: symbols("circuit", d.circuits.iter().map(|c| c.name.as_str())),
            route_filters: symbols("rf", d.route_filters.iter().map(|r| r.name.as_str())),
            vnets: symbols("vnet", d.virtual_networks.iter().map(|v| v.name.as_str())),
            gateways: symbols("gw", d.gateways.iter().map(|g| g.name.as_str())),
            connections: symbols("cn", d.connections.iter().map(|c| c.name.as_str())),
            global_reach: symbols("gr", d.global_reach.iter().map(|g| g.name.as_str())),
        }
    }
}

/// Names (trimmed, ASCII case-insensitive) → index of the first item with that name, in O(1)
/// once built (a design at the limits links 10,000 connections to 500
/// circuits and 10,000 gateways).
struct NameIndex(std::collections::HashMap<String, usize>);

impl NameIndex {
    fn new<'a>(names: impl Iterator<Item = &'a str>) -> NameIndex {
        let mut m = std::collections::HashMap::new();
        for (i, n) in names.enumerate() {
            let n = n.trim();
            if !n.is_empty() {
                m.entry(n.to_ascii_lowercase()).or_insert(i);
            }
        }
        NameIndex(m)
    }

    fn get(&self, wanted: &str) -> Option<usize> {
        let w = wanted.trim();
        if w.is_empty() {
            return None;
        }
        self.0.get(&w.to_ascii_lowercase()).copied()
    }
}

/// The lists of a design indexed by name, built once per export.
struct Lookup<'a> {
    d: &'a Design,
    circuits: NameIndex,
    gateways: NameIndex,
    vnets: NameIndex,
    route_filters: NameIndex,
    direct_ports: NameIndex,
    /// The staged-connections switch's default ([`Lookup::staged_default`]), computed once.
    staged_default: bool,
}

impl<'a> Lookup<'a> {
    fn new(d: &'a Design) -> Lookup<'a> {
        let mut l = Lookup {
            d,
            circuits: NameIndex::new(d.circuits.iter().map(|c| c.name.as_str())),
            gateways: NameIndex::new(d.gateways.iter().map(|g| g.name.as_str())),
            vnets: NameIndex::new(d.virtual_networks.iter().map(|v| v.name.as_str())),
            route_filters: NameIndex::new(d.route_filters.iter().map(|r| r.name.as_str())),
            direct_ports: NameIndex::new(d.direct_ports.iter().map(|p| p.name.as_str())),
            staged_default: false,
        };
        l.staged_default = l.compute_staged_default();
        l
    }

    fn circuit(&self, name: &str) -> Option<usize> {
        self.circuits.get(name)
    }

    fn gateway(&self, name: &str) -> Option<usize> {
        self.gateways.get(name)
    }

    fn vnet(&self, name: &str) -> Option<usize> {
        self.vnets.get(name)
    }

    fn route_filter(&self, name: &str) -> Option<usize> {
        self.route_filters.get(name)
    }

    fn direct_port(&self, name: &str) -> Option<usize> {
        self.direct_ports.get(name)
    }

    /// U17: a connection that links a provider circuit this export creates (same
    /// subscription). A new circuit is NotProvisioned until the provider configures it and
    /// Azure refuses the connection until then, so ARM, Bicep and Terraform create such
    /// connections only when a switch is on ([`Lookup::staged_default`]); the CLI and
    /// PowerShell scripts wait for Provisioned.
    fn staged(&self, cn: &super::model::Connection) -> bool {
        !cn.cross_subscription
            && self
                .circuit(&cn.circuit)
                .and_then(|c| self.d.circuits.get(c))
                .is_some_and(|c| c.port_type == super::model::PortType::Provider)
    }

    /// The switch's default: on when every staged connection's circuit is recorded
    /// Provisioned (it exists and the provider is done), off otherwise (a new plan, a status
    /// not recorded).
    fn compute_staged_default(&self) -> bool {
        self.d
            .connections
            .iter()
            .filter(|cn| self.staged(cn))
            .all(|cn| {
                self.circuit(&cn.circuit)
                    .and_then(|c| self.d.circuits.get(c))
                    .is_some_and(|c| c.provider_status == super::model::ProviderStatus::Provisioned)
            })
    }
}

/// What the switch does, for its description in ARM, Bicep and Terraform.
const STAGED_HELP: &str = "Create the connections to this template's provider circuits. Azure refuses a connection until the provider has provisioned the circuit: deploy with false first, give the circuit's service key to the provider, then deploy again with true once its provider status is Provisioned.";

/// The programmatic region name (`westeurope`), or `None` when empty.
fn region(text: &str) -> Option<String> {
    Some(normalize_region(text)).filter(|r| !r.is_empty())
}

/// The two peerings a circuit can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Private,
    Microsoft,
}

impl Kind {
    /// The comment of a router export whose peering has nothing to advertise (in family `fam`,
    /// "IPv4 ", "IPv6 " or ""): where the design would hold the prefixes, and that the outbound
    /// filter denies everything until they are added (never a silent deny-all).
    fn nothing_to_advertise(self, fam: &str) -> String {
        match self {
            Kind::Private => format!(
                "no on-premises {fam}prefixes in the design (\"On-premises prefixes advertised to Azure\" on the Private peering step,\nonPremRoutes in the design file):\nthis router advertises nothing to Azure on this session (Azure learns no on-premises route from it) until you add them"
            ),
            Kind::Microsoft => format!(
                "no advertised public {fam}prefixes in the design (Microsoft peering step, advertisedPrefixes in the design file):\nthis router advertises nothing to Microsoft on this session until you add them"
            ),
        }
    }

    /// ARM name and `peeringType`.
    fn arm_name(self) -> &'static str {
        match self {
            Kind::Private => "AzurePrivatePeering",
            Kind::Microsoft => "MicrosoftPeering",
        }
    }
    /// Prefix of the peering's symbol.
    fn prefix(self) -> &'static str {
        match self {
            Kind::Private => "pp",
            Kind::Microsoft => "msp",
        }
    }
}

/// The symbol of a child of `parent` (`pp_london` for the private peering of `circuit_london`).
fn child_symbol(prefix: &str, parent: &str) -> String {
    let part = parent.split_once('_').map_or(parent, |(_, rest)| rest);
    format!("{prefix}_{part}")
}

/// The planned peerings of a circuit: private first, then Microsoft.
fn peerings(c: &Circuit) -> Vec<(Kind, &Peering, Option<&MicrosoftPeering>)> {
    let mut v = Vec::new();
    if let Some(p) = &c.private_peering {
        v.push((Kind::Private, p, None));
    }
    if let Some(m) = &c.microsoft_peering {
        v.push((Kind::Microsoft, &m.peering, Some(m)));
    }
    v
}

/// The effective IPv4 /30s of a peering (the /29 split when one /29 is given), or placeholders.
fn v4_subnets(p: &Peering) -> (String, String) {
    let (a, b) = v4_pair(p);
    let show = |n: Option<ipnet::Ipv4Net>, label: &str| {
        n.map_or_else(|| placeholder(label), |n| n.to_string())
    };
    (show(a, "PRIMARY-IPV4-/30"), show(b, "SECONDARY-IPV4-/30"))
}

/// The IPv6 /126s of a peering (normalised when valid), or placeholders.
fn v6_subnets(p: &Peering) -> (String, String) {
    let show = |t: &str, label: &str| match parse_v6(t) {
        Ok(n) => n.to_string(),
        Err(_) => or_placeholder(t, label),
    };
    (
        show(&p.primary_subnet_v6, "PRIMARY-IPV6-/126"),
        show(&p.secondary_subnet_v6, "SECONDARY-IPV6-/126"),
    )
}

/// A number as typed, when it is a whole number.
fn number(text: &str) -> Option<u64> {
    parse_uint(text)
}

/// An ASN as asplain, when it can be read (asdot accepted).
fn asn(text: &str) -> Option<u64> {
    parse_asn(text).ok()
}

/// A primary or secondary link of a circuit, as one customer router sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Primary,
    Secondary,
}

impl Side {
    fn word(self) -> &'static str {
        match self {
            Side::Primary => "primary",
            Side::Secondary => "secondary",
        }
    }
}

/// One peering on one link, with everything a router configuration needs.
struct RouterPeering<'a> {
    kind: Kind,
    vlan: String,
    local_as: String,
    v4: Option<LinkAddresses>,
    v6: Option<LinkAddresses>,
    wants_v4: bool,
    wants_v6: bool,
    shared_key: &'a str,
    advertised: Vec<&'a str>,
    advertised_v6: Vec<&'a str>,
    /// What the router accepts from Microsoft on this peering.
    inbound: Inbound,
    /// The circuit takes part in Global Reach (other sites' routes arrive on private peering).
    global_reach: bool,
    /// The peering is enabled (a disabled one is configured with its sessions shut down).
    enabled: bool,
}

/// The inbound route filter of a peering, as Microsoft's router configuration samples filter
/// what is received (learn.microsoft.com/azure/expressroute/expressroute-config-samples-routing).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Inbound {
    /// Private peering: only the design's Azure address spaces (and longer prefixes).
    Only(Vec<ipnet::IpNet>),
    /// Microsoft peering: everything but the default route and the customer's own prefixes.
    AllBut(Vec<ipnet::IpNet>),
}

impl Inbound {
    /// The prefixes of one family (`v6`) this filter names.
    fn nets(&self, v6: bool) -> Vec<ipnet::IpNet> {
        let (Inbound::Only(v) | Inbound::AllBut(v)) = self;
        v.iter()
            .filter(|n| matches!(n, ipnet::IpNet::V6(_)) == v6)
            .copied()
            .collect()
    }
}

/// Valid prefixes among `texts`, truncated to their network and without duplicates.
fn nets<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<ipnet::IpNet> {
    let mut out: Vec<ipnet::IpNet> = Vec::new();
    // Duplicates found through a set: O(n log n) (an on-premises list holds up to 20,200).
    let mut seen = std::collections::BTreeSet::new();
    for t in texts {
        if let Ok(n) = t.trim().parse::<ipnet::IpNet>() {
            let n = n.trunc();
            if seen.insert(n) {
                out.push(n);
            }
        }
    }
    out
}

/// BFD timers of Microsoft's router configuration samples: 300 ms, multiplier 3.
const BFD_INTERVAL_MS: u32 = 300;
/// BFD multiplier of Microsoft's samples.
const BFD_MULTIPLIER: u32 = 3;

/// The peerings of circuit `c` as seen from the router on `side`. Private peering advertises the
/// design's on-premises routes; Microsoft peering its advertised public prefixes.
fn router_peerings<'a>(d: &'a Design, c: &'a Circuit, side: Side) -> Vec<RouterPeering<'a>> {
    let on_prem = |v6: bool| -> Vec<&'a str> {
        d.on_prem_routes
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && s.contains(':') == v6)
            .collect()
    };
    let azure = nets(
        d.virtual_networks
            .iter()
            .flat_map(|v| v.address_spaces.iter().map(String::as_str)),
    );
    let in_global_reach = d.global_reach.iter().any(|g| {
        [&g.circuit, &g.peer_circuit]
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(c.name.trim()) && !c.name.trim().is_empty())
    });
    peerings(c)
        .into_iter()
        .map(|(kind, p, m)| {
            let a = peering_addresses(p);
            let (v4, v6) = match side {
                Side::Primary => (a.primary_v4, a.primary_v6),
                Side::Secondary => (a.secondary_v4, a.secondary_v6),
            };
            fn list(v: Option<&Vec<String>>) -> Vec<&str> {
                v.map(|v| {
                    v.iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
            }
            RouterPeering {
                kind,
                vlan: number(&p.vlan_id).map_or_else(|| placeholder("VLAN-ID"), |n| n.to_string()),
                local_as: asn(&p.peer_asn)
                    .map_or_else(|| placeholder("PEER-ASN"), |n| n.to_string()),
                v4,
                v6,
                wants_v4: p.address_family.has_v4(),
                wants_v6: p.address_family.has_v6(),
                shared_key: p.shared_key.trim(),
                advertised: match m {
                    Some(m) => list(Some(&m.advertised_prefixes)),
                    None => on_prem(false),
                },
                advertised_v6: match m {
                    Some(m) => list(Some(&m.advertised_prefixes_v6)),
                    None => on_prem(true),
                },
                inbound: match m {
                    Some(m) => Inbound::AllBut(nets(
                        m.advertised_prefixes
                            .iter()
                            .chain(&m.advertised_prefixes_v6)
                            .map(String::as_str),
                    )),
                    None => Inbound::Only(azure.clone()),
                },
                global_reach: kind == Kind::Private && in_global_reach,
                enabled: p.enabled,
            }
        })
        .collect()
}

/// Text safe on one line of a router configuration or a comment: control characters become
/// spaces, and the text is cut to `max` characters.
fn line_text(text: &str, max: usize) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// An upper-case identifier for environment variables (`ER_LONDON`).
fn env_part(symbol: &str) -> String {
    symbol.to_ascii_uppercase()
}

// ---------------------------------------------------------------------------------------------
// Quoting for each language.

/// A single-quoted POSIX shell word.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A single-quoted PowerShell string (single quotes, including typographic ones, doubled).
fn ps_quote(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
            s.push(c);
        }
        s.push(c);
    }
    s.push('\'');
    s
}

/// A double-quoted HCL string (`${` and `%{` escaped).
fn hcl_str(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                s.push(c);
                s.push(c);
            }
            c if c.is_control() => s.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// A single-quoted Bicep string.
fn bicep_str(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('\'');
    for c in text.chars() {
        match c {
            '\'' => s.push_str("\\'"),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '$' => s.push_str("\\$"),
            c if c.is_control() => s.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => s.push(c),
        }
    }
    s.push('\'');
    s
}

/// A double-quoted Junos string.
fn junos_str(text: &str) -> String {
    let t = line_text(text, 200);
    format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("a'b $x"), r"'a'\''b $x'");
        assert_eq!(ps_quote("it's $x"), "'it''s $x'");
        assert_eq!(ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(
            hcl_str("a\"b\\ ${x} %{y} $z\n"),
            r#""a\"b\\ $${x} %%{y} $z\n""#
        );
        assert_eq!(hcl_str("\u{1}"), r#""\u0001""#);
        assert_eq!(bicep_str("it's ${x}\\"), r"'it\'s \${x}\\'");
        assert_eq!(junos_str("a \"b\"\n\\"), r#""a \"b\" \\""#);
    }

    #[test]
    fn symbols_are_identifiers_and_unique() {
        let s = symbols(
            "c",
            ["er-london", "er_london", "", "ÄÖ", "ER-LONDON", "c-x"].into_iter(),
        );
        assert_eq!(
            s,
            [
                "c_er_london",
                "c_er_london_2",
                "c_3",
                "c_4",
                "c_ER_LONDON_3",
                "c_x"
            ]
        );
    }

    /// The symbols as the first, quadratic version made them: every clash tried from `_2` up.
    #[cfg(not(target_arch = "wasm32"))]
    fn symbols_quadratic(prefix: &str, names: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let part = ident_part(n, i);
            let base = if part
                .get(..=prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(&format!("{prefix}_")))
            {
                part
            } else {
                format!("{prefix}_{part}")
            };
            let mut s = base.clone();
            let mut k = 2;
            while out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                s = format!("{base}_{k}");
                k += 1;
            }
            out.push(s);
        }
        out
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Names from a tiny alphabet clash often, with suffixes that clash again (`a`, `a_2`).
        #[test]
        fn symbols_match_the_quadratic_version(
            names in proptest::collection::vec("[aA_2 c-]{0,4}", 0..60)
        ) {
            let fast = symbols("c", names.iter().map(String::as_str));
            proptest::prop_assert_eq!(fast, symbols_quadratic("c", &names));
        }
    }

    #[test]
    fn many_equal_names_are_fast() {
        let names = vec!["er"; 20_000];
        let start = std::time::Instant::now();
        let s = symbols("circuit", names.into_iter());
        assert_eq!(s.last().map(String::as_str), Some("circuit_er_20000"));
        // Quadratic: 2·10^8 comparisons per clash chain, minutes in a debug build.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn formats_round_trip_their_ids() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(f));
            assert!(!f.label().is_empty() && f.file_name().ends_with(f.extension()));
        }
        assert_eq!(Format::from_id("yaml"), None);
    }
}
