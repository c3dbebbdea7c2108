//! §1 Naming rules: resource names, resource group, VNet names, uniqueness.

use crate::domain::field::{
    circuit as cp, AuthorizationKey, CircuitField, CircuitKey, ConnectionKey, FieldPath,
    FilterField, FilterKey, GatewayField, GatewayKey, GlobalReachKey, PortKey, SubnetKey, TopKey,
    VnetField, VnetKey,
};
use crate::domain::finding::{src, Finding, Fix, RuleInfo, Severity};
use crate::domain::model::Design;

/// Resource name rule shared by circuits, gateways, connections, public IPs, route filters, subnets.
pub const ER_N_001: RuleInfo = RuleInfo {
    code: "ER-N-001",
    catalogue: "§1.1",
    severity: Severity::Error,
    checks: "Network resource names: 1–80 characters, letters, digits, '_', '.', '-'; start with a letter or digit; end with a letter, digit or '_'",
    source: src::DOC_NAMES,
    why: "Azure refuses the resource at deployment, after the steps before it have run.",
    example: "subnet name -app (starts with a hyphen)",
};

/// Virtual network name rule (2–64 characters).
pub const ER_N_002: RuleInfo = RuleInfo {
    code: "ER-N-002",
    catalogue: "§1.1",
    severity: Severity::Error,
    checks: "Virtual network names: 2–64 characters, same characters as other network names",
    source: src::DOC_NAMES,
    why: "Azure refuses the virtual network, and every gateway and connection in it with it.",
    example: "VNet name v (one character)",
};

/// Names must be unique per resource type in the resource group.
pub const ER_N_003: RuleInfo = RuleInfo {
    code: "ER-N-003",
    catalogue: "§1.1",
    severity: Severity::Error,
    checks: "Names are unique (case-insensitively) per resource type within their scope",
    source: src::DOC_NAMES,
    why: "The second resource of the same name replaces or collides with the first at deployment.",
    example: "two gateways named gw-hub and GW-hub",
};

/// Resource group name rule.
pub const ER_C_002: RuleInfo = RuleInfo {
    code: "ER-C-002",
    catalogue: "C2",
    severity: Severity::Error,
    checks: "Resource group: 1–90 characters; letters, digits, '_', '-', '.', '(', ')'; not ending in '.'",
    source: src::DOC_NAMES,
    why: "Azure refuses to create the resource group, so no resource of the design can be deployed.",
    example: "resource group rg-network. (ends with a period)",
};

/// Non-ASCII resource-group names are accepted by Azure but rejected by some tools.
pub const ER_C_022: RuleInfo = RuleInfo {
    code: "ER-C-022",
    catalogue: "C2 / §1.1 disagreement",
    severity: Severity::Warning,
    checks:
        "Resource group with non-ASCII letters: Azure accepts it, Terraform's validator does not",
    source: src::DOC_NAMES,
    why: "Azure accepts it, but Terraform's validator refuses it, so that export would not plan.",
    example: "resource group rg-réseau",
};

/// Subscription ID must be a GUID.
pub const ER_C_023: RuleInfo = RuleInfo {
    code: "ER-C-023",
    catalogue: "Basics",
    severity: Severity::Error,
    checks: "Subscription ID, when given, is a GUID",
    source: src::SPEC,
    why: "Exports and scripts use it as a subscription ID; Azure refuses anything but a GUID.",
    example: "subscription ID my-subscription",
};

/// Circuit authorization names (§1.1: Azure states no rule; the catalogue recommends the network
/// name rule, as a warning only).
pub const ER_N_004: RuleInfo = RuleInfo {
    code: "ER-N-004",
    catalogue: "§1.1 authorizations",
    severity: Severity::Warning,
    checks: "Circuit authorization names follow the 1–80 network name rule (Azure documents none: recommended)",
    source: src::DOC_NAMES,
    why: "Azure documents no rule, but tools and templates that follow the network rule may refuse other names.",
    example: "authorization name auth for team#2",
};
/// Global Reach connection names (§1.1: Terraform's `ExpressRouteCircuitConnectionName`; Azure
/// documents none, so a warning). An empty name is fine: the exports name the link.
pub const ER_N_005: RuleInfo = RuleInfo {
    code: "ER-N-005",
    catalogue: "§1.1 Global Reach connections",
    severity: Severity::Warning,
    checks: "Global Reach connection names, when given, follow the 1–80 network name rule (Terraform's validator; Azure documents none)",
    source: src::TF,
    why: "Terraform refuses the name, so the Terraform export would not plan.",
    example: "Global Reach link name gr london",
};

/// Every rule this module checks (the registry [`super::all_rules`] chains these lists).
pub static RULES: &[RuleInfo] = &[
    ER_N_001, ER_N_002, ER_N_003, ER_N_004, ER_N_005, ER_C_002, ER_C_022, ER_C_023,
];

/// What a kind of name allows.
#[derive(Debug, Clone, Copy)]
pub struct NameSpec {
    /// Minimum length.
    pub min: usize,
    /// Maximum length.
    pub max: usize,
    /// What the resource is called in messages ("circuit name").
    pub what: &'static str,
}

/// Circuit, gateway, connection, public IP, route filter, subnet and port names.
pub const NAME_1_80: NameSpec = NameSpec {
    min: 1,
    max: 80,
    what: "name",
};

/// Circuit authorization names.
pub const NAME_AUTH: NameSpec = NameSpec {
    min: 1,
    max: 80,
    what: "circuit authorization name",
};

/// Global Reach connection names.
pub const NAME_GR: NameSpec = NameSpec {
    min: 1,
    max: 80,
    what: "Global Reach connection name",
};

/// Virtual network names.
pub const NAME_2_64: NameSpec = NameSpec {
    min: 2,
    max: 64,
    what: "virtual network name",
};

fn mid_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// A name made valid: bad characters become '-', bad ends are trimmed, the length is capped.
fn sanitize(text: &str, spec: NameSpec) -> String {
    let s: String = text
        .trim()
        .chars()
        .map(|c| if mid_ok(c) { c } else { '-' })
        .collect();
    let s = s.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut s: String = s.chars().take(spec.max).collect();
    while s
        .chars()
        .last()
        .is_some_and(|c| !(c.is_ascii_alphanumeric() || c == '_'))
    {
        s.pop();
    }
    s
}

/// Checks a network resource name against `spec`, reporting under `rule` at `path`.
/// Returns `None` when the name is valid.
pub fn check_name(rule: &RuleInfo, spec: NameSpec, path: &str, text: &str) -> Option<Finding> {
    let (problem, fix) = name_problem(spec, text)?;
    Some(rule.at(path, problem).with_fix(fix))
}

/// Checks the name at the design field `path` against `spec`, reporting under `rule` there.
/// Returns `None` when the name is valid.
pub fn check_field_name(
    rule: &RuleInfo,
    spec: NameSpec,
    path: FieldPath,
    text: &str,
) -> Option<Finding> {
    let (problem, fix) = name_problem(spec, text)?;
    Some(rule.at(path, problem).with_fix(fix))
}

/// What is wrong with `text` as a name under `spec`, and its fix; `None` when it is valid.
fn name_problem(spec: NameSpec, text: &str) -> Option<(String, Fix)> {
    let what = spec.what;
    let n = text.chars().count();
    let problem = if text.is_empty() {
        format!("Enter a {what}.")
    } else if n < spec.min {
        format!("The {what} must be at least {} characters.", spec.min)
    } else if n > spec.max {
        format!(
            "The {what} is {n} characters long; the maximum is {}.",
            spec.max
        )
    } else if let Some(c) = text.chars().find(|c| !mid_ok(*c)) {
        let shown = if c == ' ' {
            "a space".to_string()
        } else {
            format!("'{c}'")
        };
        format!(
            "The {what} contains {shown}: use only letters, digits, underscores, periods or hyphens."
        )
    } else if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!("The {what} must start with a letter or digit.")
    } else if !text.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        format!("The {what} must end with a letter, digit or underscore.")
    } else {
        return None;
    };
    let fixed = sanitize(text, spec);
    let fix = if fixed.chars().count() >= spec.min && fixed != text {
        Fix::replace(format!("Use \"{fixed}\""), fixed)
    } else {
        Fix::advice(format!(
            "{}–{} characters: letters, digits, '_', '.', '-'; start with a letter or digit; end with a letter, digit or '_'.",
            spec.min, spec.max
        ))
    };
    Some((problem, fix))
}

/// Checks a resource group name (C2). Appends at most one error and one warning.
pub fn check_resource_group(path: &str, text: &str, out: &mut Vec<Finding>) {
    let n = text.chars().count();
    let ok_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')');
    let problem = if text.is_empty() {
        Some("Enter a resource group name.".to_string())
    } else if n > 90 {
        Some(format!(
            "The resource group name is {n} characters long; the maximum is 90."
        ))
    } else if let Some(c) = text.chars().find(|c| !ok_char(*c)) {
        let shown = if c == ' ' {
            "a space".to_string()
        } else {
            format!("'{c}'")
        };
        Some(format!(
            "The resource group name contains {shown}: use letters, digits, underscores, hyphens, periods or parentheses."
        ))
    } else if text.ends_with('.') {
        Some("The resource group name can't end with a period.".to_string())
    } else {
        None
    };
    if let Some(p) = problem {
        let fixed: String = text
            .chars()
            .map(|c| if ok_char(c) { c } else { '-' })
            .take(90)
            .collect::<String>()
            .trim_end_matches('.')
            .to_string();
        let f = ER_C_002.at(path, p);
        out.push(if !fixed.is_empty() && fixed != text {
            f.with_fix(Fix::replace(format!("Use \"{fixed}\""), fixed))
        } else {
            f
        });
    } else if !text.is_ascii() {
        out.push(ER_C_022.at(
            path,
            "Azure accepts non-ASCII letters in resource group names, but Terraform and some scripts reject them.",
        ).with_fix(Fix::advice("Use ASCII letters if you deploy with Terraform.")));
    }
}

/// Reports names used twice (case-insensitively) among `names` (index, name) pairs, each at
/// `path(index)`, in the order of `names`.
pub fn check_unique<'a, P: Into<String>>(
    what: &str,
    names: impl Iterator<Item = (usize, &'a str)>,
    path: impl Fn(usize) -> P,
    out: &mut Vec<Finding>,
) {
    // (lower-cased name, position, index, name) sorted: each name's uses side by side, the
    // first first. O(n log n) and a path only per finding, as this runs on every keystroke.
    let mut uses: Vec<(String, usize, usize, &str)> = names
        .filter(|(_, name)| !name.is_empty())
        .enumerate()
        .map(|(pos, (i, name))| (crate::domain::text::lowercase(name), pos, i, name))
        .collect();
    uses.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    // (position, index, name, index of the first use) of every later use.
    let mut again: Vec<(usize, usize, &str, usize)> = Vec::new();
    for run in uses.chunk_by(|a, b| a.0 == b.0) {
        if let Some((first, rest)) = run.split_first() {
            again.extend(rest.iter().map(|u| (u.1, u.2, u.3, first.2)));
        }
    }
    again.sort_unstable_by_key(|a| a.0);
    for (_, i, name, first) in again {
        out.push(
            ER_N_003
                .at(
                    path(i),
                    format!("Another {what} is already named \"{name}\" ({}); names are case-insensitive in Azure.", crate::domain::view::field_label(&path(first).into())),
                )
                .with_fix(Fix::advice(format!("Give each {what} its own name."))),
        );
    }
}

/// The path of authorization `a` of circuit `i`'s name.
fn auth_name(i: usize, a: usize) -> FieldPath {
    FieldPath::Circuit(
        i,
        Some(CircuitField::Authorization(a, Some(AuthorizationKey::Name))),
    )
}

/// §1 checks on the design: resource group, subscription and name uniqueness per type.
/// (Each resource's own name is checked by its section's module with that section's code.)
pub fn check(d: &Design, out: &mut Vec<Finding>) {
    check_resource_group(TopKey::ResourceGroup.key(), &d.resource_group, out);
    if !d.subscription_id.trim().is_empty() && !crate::domain::net::is_guid(&d.subscription_id) {
        out.push(
            ER_C_023
                .at(
                    FieldPath::Top(TopKey::SubscriptionId),
                    "A subscription ID is a GUID such as 00000000-0000-0000-0000-000000000000.",
                )
                .with_fix(Fix::advice(
                    "Copy it from the portal (Subscriptions) or `az account show --query id`, or leave it empty.",
                )),
        );
    }
    check_unique(
        "circuit",
        d.circuits
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.name.as_str())),
        |i| cp(i, CircuitKey::Name),
        out,
    );
    check_unique(
        "virtual network",
        d.virtual_networks
            .iter()
            .enumerate()
            .map(|(i, v)| (i, v.name.as_str())),
        |i| FieldPath::Vnet(i, Some(VnetField::Key(VnetKey::Name))),
        out,
    );
    check_unique(
        "gateway",
        d.gateways
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.name.as_str())),
        |i| FieldPath::Gateway(i, Some(GatewayField::Key(GatewayKey::Name))),
        out,
    );
    check_unique(
        "connection",
        d.connections
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.name.as_str())),
        |i| FieldPath::Connection(i, Some(ConnectionKey::Name)),
        out,
    );
    check_unique(
        "route filter",
        d.route_filters
            .iter()
            .enumerate()
            .map(|(i, r)| (i, r.name.as_str())),
        |i| FieldPath::RouteFilter(i, Some(FilterField::Key(FilterKey::Name))),
        out,
    );
    check_unique(
        "ExpressRoute Direct port",
        d.direct_ports
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.name.as_str())),
        |i| FieldPath::DirectPort(i, Some(PortKey::Name)),
        out,
    );
    // Authorizations are children of their circuit; Global Reach connections of the first
    // circuit's private peering: names are unique there (a template can't define one twice).
    // The Global Reach connections by their first circuit (as `eq_ignore_ascii_case` compares
    // the trimmed names), sorted: each circuit's found by a binary search, not a scan.
    let mut gr_by_circuit: Vec<(String, usize)> = d
        .global_reach
        .iter()
        .enumerate()
        .map(|(k, g)| (g.circuit.trim().to_ascii_lowercase(), k))
        .collect();
    gr_by_circuit.sort_unstable();
    for (i, c) in d.circuits.iter().enumerate() {
        for (a, auth) in c.authorizations.iter().enumerate() {
            let path = auth_name(i, a);
            if let Some(f) = check_field_name(&ER_N_004, NAME_AUTH, path, &auth.name) {
                out.push(f);
            }
        }
        check_unique(
            "authorization of this circuit",
            c.authorizations
                .iter()
                .enumerate()
                .map(|(a, x)| (a, x.name.as_str())),
            |a| auth_name(i, a),
            out,
        );
        check_unique(
            "Global Reach connection of this circuit",
            {
                let key = c.name.trim().to_ascii_lowercase();
                let from = gr_by_circuit.partition_point(|e| e.0 < key);
                gr_by_circuit[from..]
                    .iter()
                    .take_while(move |e| e.0 == key)
                    .filter_map(|&(_, k)| Some((k, d.global_reach.get(k)?.name.trim())))
            },
            |k| FieldPath::GlobalReach(k, Some(GlobalReachKey::Name)),
            out,
        );
    }
    for (k, gr) in d.global_reach.iter().enumerate() {
        if gr.name.trim().is_empty() {
            continue;
        }
        if let Some(f) = check_field_name(
            &ER_N_005,
            NAME_GR,
            FieldPath::GlobalReach(k, Some(GlobalReachKey::Name)),
            &gr.name,
        ) {
            out.push(f);
        }
    }
    for (v, vnet) in d.virtual_networks.iter().enumerate() {
        check_unique(
            "subnet",
            vnet.subnets
                .iter()
                .enumerate()
                .map(|(i, s)| (i, s.name.as_str())),
            |i| FieldPath::Vnet(v, Some(VnetField::Subnet(i, Some(SubnetKey::Name)))),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<Finding> {
        check_name(&ER_N_001, NAME_1_80, "n", text)
    }

    #[test]
    fn uniqueness_names_the_first_use_and_scales() {
        let names = ["a", "B", "A", "", "b", "c", "", "a"];
        let mut out = Vec::new();
        check_unique(
            "circuit",
            names.iter().copied().enumerate(),
            |i| format!("circuits[{i}].name"),
            &mut out,
        );
        let first = format!("({})", crate::domain::view::field_label("circuits[0].name"));
        let got: Vec<(&str, bool)> = out
            .iter()
            .map(|f| (f.path.as_str(), f.message.contains(&first)))
            .collect();
        assert_eq!(
            got,
            [
                ("circuits[2].name", true),
                ("circuits[4].name", false),
                ("circuits[7].name", true)
            ]
        );
        let second = format!("({})", crate::domain::view::field_label("circuits[1].name"));
        assert!(out[1].message.contains(&second), "{}", out[1].message);
        // 100,000 names (the most a design holds): a set, not a scan of the names seen (which
        // takes minutes here).
        let many: Vec<String> = (0..100_000).map(|i| format!("n{}", i % 50_000)).collect();
        let start = std::time::Instant::now();
        let mut out = Vec::new();
        check_unique(
            "circuit",
            many.iter().map(String::as_str).enumerate(),
            |i| i.to_string(),
            &mut out,
        );
        assert_eq!(out.len(), 50_000);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
    }

    /// Sorted, the uses are reported as a scan of the names seen so far reports them: the same
    /// findings in the same order, each naming the first use.
    #[test]
    fn uniqueness_is_what_a_scan_reports() {
        let mut state = 0x0DD5_u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            usize::try_from((state >> 33) % n).unwrap_or(0)
        };
        let forms = ["a", "A", "é", "É", "", " a", "ǅ", "ǆ", "b"];
        for size in [0, 1, 3, 40, 700] {
            let mut names: Vec<String> = Vec::new();
            for _ in 0..size {
                let n = format!("{}{}", forms[next(9)], next(size / 3 + 1));
                names.push(if next(5) == 0 { String::new() } else { n });
            }
            let mut got = Vec::new();
            check_unique(
                "gateway",
                names.iter().map(String::as_str).enumerate(),
                |i| format!("gateways[{i}].name"),
                &mut got,
            );
            let mut want = Vec::new();
            for (i, n) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
                let key = crate::domain::text::lowercase(n);
                if let Some(first) = names[..i]
                    .iter()
                    .position(|m| !m.is_empty() && crate::domain::text::lowercase(m) == key)
                {
                    want.push((
                        format!("gateways[{i}].name"),
                        format!("gateways[{first}].name"),
                    ));
                }
            }
            let got: Vec<(String, String)> = got
                .iter()
                .map(|f| {
                    let first = want
                        .iter()
                        .find(|w| w.0 == f.path)
                        .map(|w| w.1.clone())
                        .unwrap_or_default();
                    let named = f
                        .message
                        .contains(&format!("({})", crate::domain::view::field_label(&first)));
                    (f.path.clone(), if named { first } else { String::new() })
                })
                .collect();
            assert_eq!(got, want, "{size}");
        }
    }

    #[test]
    fn name_boundaries() {
        let ok = [
            "a",
            "A",
            "0",
            "er-london_1",
            "a_",
            "a.b-c_d",
            &"a".repeat(80),
            "x1",
        ];
        for t in ok {
            assert!(name(t).is_none(), "{t:?} should be valid");
        }
        let bad: &[(&str, &str)] = &[
            ("", "Enter a name"),
            (&"a".repeat(81), "81 characters"),
            ("-a", "must start"),
            ("_a", "must start"),
            (".a", "must start"),
            ("a.", "must end"),
            ("a-", "must end"),
            ("a b", "a space"),
            ("a/b", "'/'"),
            ("é", "'é'"),
            ("a\u{0}", "'\u{0}'"),
        ];
        for (t, want) in bad {
            let f = name(t).unwrap_or_else(|| panic!("{t:?} should be invalid"));
            assert!(f.message.contains(want), "{t:?}: {}", f.message);
            assert_eq!(f.code, "ER-N-001");
            assert_eq!(f.severity, Severity::Error);
        }
    }

    #[test]
    fn name_fixes_are_valid_names() {
        for t in [
            "-er london.",
            "a b c",
            &"x".repeat(100),
            "--x--",
            "é-circuit",
        ] {
            let f = name(t).unwrap();
            if let Some(v) = f.fix.and_then(|f| f.value) {
                assert!(name(&v).is_none(), "fix {v:?} for {t:?} must be valid");
            }
        }
        assert_eq!(
            name("er london").unwrap().fix.unwrap().value.as_deref(),
            Some("er-london")
        );
    }

    #[test]
    fn vnet_name_boundaries() {
        let v = |t: &str| check_name(&ER_N_002, NAME_2_64, "v", t);
        assert!(v("a").unwrap().message.contains("at least 2"));
        assert!(v("ab").is_none());
        assert!(v(&"a".repeat(64)).is_none());
        assert!(v(&"a".repeat(65))
            .unwrap()
            .message
            .contains("65 characters"));
    }

    #[test]
    fn resource_group_boundaries() {
        let rg = |t: &str| {
            let mut out = Vec::new();
            check_resource_group("resourceGroup", t, &mut out);
            out
        };
        for t in ["a", "rg-er_prod.(1)", &"r".repeat(90), "(a)", "-a", "._a"] {
            assert!(rg(t).is_empty(), "{t:?}: {:?}", rg(t));
        }
        let cases: &[(&str, &str)] = &[
            ("", "Enter"),
            (&"r".repeat(91), "91 characters"),
            ("rg.", "period"),
            ("rg name", "a space"),
            ("rg/x", "'/'"),
        ];
        for (t, want) in cases {
            let out = rg(t);
            assert_eq!(out.len(), 1, "{t:?}");
            assert_eq!(out[0].code, "ER-C-002");
            assert!(out[0].message.contains(want), "{t:?}: {}", out[0].message);
        }
        let w = rg("rg-müller");
        assert_eq!(
            (w.len(), w[0].code, w[0].severity),
            (1, "ER-C-022", Severity::Warning)
        );
    }

    #[test]
    fn subscription_and_uniqueness() {
        let mut d = Design {
            resource_group: "rg".into(),
            subscription_id: "not-a-guid".into(),
            ..Design::default()
        };
        d.circuits[0].name = "ER-1".into();
        d.circuits.push(d.circuits[0].clone());
        d.circuits[1].name = "er-1".into();
        let mut out = Vec::new();
        check(&d, &mut out);
        let codes: Vec<_> = out.iter().map(|f| (f.code, f.path.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                ("ER-C-023", "subscriptionId"),
                ("ER-N-003", "circuits[1].name")
            ]
        );
        d.subscription_id = "a1b2c3d4-0000-4000-8000-000000000000".into();
        d.circuits[1].name = "er-2".into();
        out.clear();
        check(&d, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    /// ER-N-004 / ER-N-005: authorization and Global Reach connection names, at the name rule's
    /// boundaries (warnings: Azure documents no rule), and their uniqueness per circuit (error:
    /// a template can't define the same child twice). (authorization, Global Reach name, codes)
    #[test]
    fn authorization_and_global_reach_names() {
        use crate::domain::model::{Authorization, GlobalReach};
        let long = "a".repeat(80);
        let too_long = "a".repeat(81);
        type Row<'a> = (&'a str, &'a str, &'a [(&'a str, Severity)]);
        let cases: &[Row] = &[
            ("auth-1", "gr-1", &[]),
            ("a", "g", &[]),
            ("a_", "g_", &[]),
            (&long, &long, &[]),
            ("auth-1", "", &[]),
            ("", "gr-1", &[("ER-N-004", Severity::Warning)]),
            (&too_long, "gr-1", &[("ER-N-004", Severity::Warning)]),
            ("auth 1", "gr-1", &[("ER-N-004", Severity::Warning)]),
            ("-auth", "gr-1", &[("ER-N-004", Severity::Warning)]),
            ("auth-1", &too_long, &[("ER-N-005", Severity::Warning)]),
            ("auth-1", "gr.", &[("ER-N-005", Severity::Warning)]),
            ("auth-1", "gr/1", &[("ER-N-005", Severity::Warning)]),
        ];
        for (auth, gr, want) in cases {
            let mut d = Design::default();
            d.circuits[0].name = "er-a".into();
            d.circuits[0].authorizations = vec![Authorization {
                name: auth.to_string(),
            }];
            d.global_reach = vec![GlobalReach {
                name: gr.to_string(),
                circuit: "er-a".into(),
                peer_circuit: "er-b".into(),
                ..GlobalReach::default()
            }];
            let mut out = Vec::new();
            check(&d, &mut out);
            let got: Vec<(&str, Severity)> = out
                .iter()
                .filter(|f| f.code.starts_with("ER-N-"))
                .map(|f| (f.code, f.severity))
                .collect();
            assert_eq!(&got, want, "{auth:.12} / {gr:.12}");
        }
        // The same name twice under one circuit: an error; under two circuits: fine.
        let mut d = Design::default();
        d.circuits[0].name = "er-a".into();
        d.circuits[0].authorizations = vec![
            Authorization {
                name: "Auth".into(),
            },
            Authorization {
                name: "auth".into(),
            },
        ];
        let gr = |name: &str, circuit: &str| GlobalReach {
            name: name.into(),
            circuit: circuit.into(),
            ..GlobalReach::default()
        };
        d.global_reach = vec![gr("gr", "er-a"), gr("GR", "er-a"), gr("gr", "er-b")];
        let mut out = Vec::new();
        check(&d, &mut out);
        let got: Vec<(&str, &str)> = out
            .iter()
            .filter(|f| f.code == "ER-N-003")
            .map(|f| (f.code, f.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ER-N-003", "circuits[0].authorizations[1].name"),
                ("ER-N-003", "globalReach[1].name")
            ]
        );
    }
}
