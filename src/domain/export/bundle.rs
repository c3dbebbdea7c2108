//! "Download all": every export of a design, its diagram, the design file and a README listing
//! the deployment order (the Review step's readiness checklist, with the wait for the provider),
//! as the files of one archive ([`crate::domain::zip`]).

use super::{export, Format};
use crate::domain::finding::Severity;
use crate::domain::model::Design;
use crate::domain::review::{review, Readiness};
use crate::domain::view::{field_label, DesignView};
use std::fmt::Write;

/// Name of the diagram in the archive.
pub const DIAGRAM_FILE: &str = "topology.svg";
/// Name of the design file in the archive.
pub const DESIGN_FILE: &str = "design.json";
/// Name of the README in the archive.
pub const README_FILE: &str = "README.md";

/// The archive's file name: the design's name in lower case, letters and digits joined by
/// dashes (`expressroute-design.zip` when nothing is left).
pub fn archive_name(d: &Design) -> String {
    let mut slug = String::new();
    for ch in d.name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "expressroute-design.zip".to_string()
    } else {
        format!("{slug}.zip")
    }
}

/// The files of "Download all": the README ([`readme`], written by the page, which has the
/// rules: the export worker does not carry them), the seven exports under their usual names,
/// the diagram (when the page gave one) and the design. No file carries the design's secrets,
/// the router configurations included (their single downloads write an MD5 key typed in the
/// page; an archive is handed on whole).
pub fn bundle(d: &Design, readme: &str, diagram_svg: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let d = &d.without_secrets();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((README_FILE.to_string(), readme.as_bytes().to_vec()));
    for f in Format::ALL {
        files.push((f.file_name(), export(d, f).into_bytes()));
    }
    if let Some(svg) = diagram_svg {
        files.push((DIAGRAM_FILE.to_string(), svg.as_bytes().to_vec()));
    }
    let json = serde_json::to_string_pretty(d).unwrap_or_default();
    files.push((DESIGN_FILE.to_string(), (json + "\n").into_bytes()));
    files
}

fn state_words(r: Readiness) -> &'static str {
    match r {
        Readiness::Ready => "ready",
        Readiness::HasErrors => "has errors",
        Readiness::Blocked => "waiting",
        Readiness::Todo => "not planned",
        Readiness::Optional => "optional",
    }
}

/// The README of design `d` whose view is `v`: what each file is, the deployment order with its
/// waits, and what remains. `written` is the date it shows.
pub fn readme(d: &Design, v: &DesignView, with_diagram: bool, written: &str) -> String {
    let r = review(d, v);
    let name = if d.name.trim().is_empty() {
        "ExpressRoute design"
    } else {
        d.name.trim()
    };
    let (errors, warnings, _) = v.counts;
    let mut s = String::new();
    let _ = writeln!(s, "# {name}\n");
    let _ = writeln!(
        s,
        "Written by ExpressRoute Wizard on {written}. Secrets (BGP MD5 keys, authorization keys) are not in these files: the templates and scripts ask for them as parameters; add the MD5 key to the router configurations yourself.\n"
    );
    if errors > 0 {
        let _ = writeln!(
            s,
            "**This design still has {errors} error{} and {warnings} warning{}** (listed at the end): Azure would refuse parts of it as it is.\n",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
    }
    let _ = writeln!(s, "## Files\n");
    let _ = writeln!(s, "| file | what |\n| --- | --- |");
    for f in Format::ALL {
        let what = match f {
            Format::Arm => "ARM deployment template (`az deployment group create --template-file`)",
            Format::Bicep => "Bicep module (`az deployment group create --template-file`)",
            Format::Terraform => "Terraform (azurerm provider)",
            Format::AzCli => "Azure CLI script (bash)",
            Format::PowerShell => "Azure PowerShell script (Az modules)",
            Format::IosXe => "Cisco IOS-XE configuration for the customer routers",
            Format::Junos => "Juniper Junos configuration for the customer routers",
        };
        let _ = writeln!(s, "| `{}` | {what} |", f.file_name());
    }
    if with_diagram {
        let _ = writeln!(s, "| `{DIAGRAM_FILE}` | the topology diagram |");
    }
    let _ = writeln!(
        s,
        "| `{DESIGN_FILE}` | the design, to open again in ExpressRoute Wizard or check with `erwiz check` |"
    );
    let _ = writeln!(s, "\n## Deployment order\n");
    for (i, item) in r.checklist.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. **{}** ({}). {}",
            i + 1,
            item.label,
            state_words(item.state),
            item.detail
        );
    }
    let _ = writeln!(
        s,
        "\nThe wait: the provider provisions the circuit after you hand them its service key (step 2; this can take days). Azure creates the peerings before that, but refuses the connection until the provider status is Provisioned; the ARM, Bicep and Terraform files hold the connection back until you deploy them again with it turned on. Creating the gateway itself takes up to 45 minutes. Configure the routers once the peerings exist.\n"
    );
    let _ = writeln!(s, "## What remains\n");
    if r.groups.is_empty() {
        let _ = writeln!(s, "No errors or warnings.");
    }
    for (step, findings) in &r.groups {
        let _ = writeln!(s, "### {}\n", step.label());
        for f in findings {
            let sev = match f.severity {
                Severity::Error => "Error",
                Severity::Warning => "Warning",
                Severity::Info => "Note",
            };
            let field = field_label(&f.path);
            let at = if field.is_empty() {
                String::new()
            } else {
                format!("{field}: ")
            };
            let _ = writeln!(s, "- {sev} {}: {at}{}", f.code, f.message);
        }
        let _ = writeln!(s);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::io::parse_design;
    use crate::domain::view::view;
    use crate::domain::zip::{read_stored, zip, DosTime};

    const SEED: &str = include_str!("../../../tests/fixtures/seed.json");

    #[test]
    fn the_bundle_holds_every_export_the_diagram_the_design_and_the_readme() {
        let d = parse_design(SEED).unwrap();
        let files = bundle(&d, "# readme", Some("<svg/>"));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "README.md",
                "azuredeploy.json",
                "main.bicep",
                "main.tf",
                "deploy.sh",
                "deploy.ps1",
                "router.ios.txt",
                "router.junos.txt",
                "topology.svg",
                "design.json",
            ]
        );
        for f in Format::ALL {
            let (_, body) = files.iter().find(|(n, _)| *n == f.file_name()).unwrap();
            assert_eq!(body, export(&d.without_secrets(), f).as_bytes(), "{f:?}");
        }
        let (_, json) = files.iter().find(|(n, _)| n == DESIGN_FILE).unwrap();
        let back = parse_design(std::str::from_utf8(json).unwrap()).unwrap();
        assert_eq!(back, d.without_secrets());
        // Without a diagram there is no SVG.
        assert!(!bundle(&d, "", None).iter().any(|(n, _)| n == DIAGRAM_FILE));
        assert_eq!(files[0].1, b"# readme");
        // Zipped and read back whole.
        let when = DosTime {
            year: 2026,
            month: 12,
            day: 7,
            hour: 0,
            minute: 0,
            second: 0,
        };
        assert_eq!(read_stored(&zip(&files, when).unwrap()), Some(files));
    }

    #[test]
    fn the_readme_lists_the_deployment_order_with_the_provider_wait() {
        let d = parse_design(SEED).unwrap();
        let v = view(&d);
        let text = readme(&d, &v, true, "2026-12-07");
        let order = review(&d, &v).checklist;
        let mut at = 0;
        for item in &order {
            let found = text[at..]
                .find(&item.label)
                .unwrap_or_else(|| panic!("{} missing or out of order", item.label));
            at += found;
        }
        assert!(text.contains("Provisioned"), "{text}");
        assert!(text.contains("2026-12-07"));
        assert!(text.contains(&format!("# {}", d.name)));
        // The design's secrets never travel in the archive.
        let mut secret = d.clone();
        if let Some(p) = secret.circuits[0].private_peering.as_mut() {
            p.shared_key = "s3cret-md5".into();
        }
        for (_, body) in bundle(&secret, "", None) {
            let body = String::from_utf8(body).unwrap();
            assert!(!body.contains("s3cret-md5"));
        }
    }

    #[test]
    fn the_readme_lists_what_remains_by_step() {
        let d = parse_design(include_str!("../../../tests/fixtures/errors.json")).unwrap();
        let v = view(&d);
        let text = readme(&d, &v, false, "today");
        assert!(v.counts.0 > 0);
        assert!(text.contains("still has"), "{text}");
        for f in v.findings.iter().filter(|f| f.severity == Severity::Error) {
            assert!(text.contains(f.code), "{} missing", f.code);
        }
        assert!(!text.contains(DIAGRAM_FILE));
    }

    #[test]
    fn archive_names_follow_the_design_name() {
        let mut d = Design::default();
        for (name, want) in [
            ("Contoso London", "contoso-london.zip"),
            ("  ER: prod / west  ", "er-prod-west.zip"),
            ("", "expressroute-design.zip"),
            ("ÉÉ", "expressroute-design.zip"),
        ] {
            d.name = name.into();
            assert_eq!(archive_name(&d), want, "{name}");
        }
    }
}
