//! §5.4 The ASN table (`ER-ASN-*`): Microsoft's, Azure's, IANA's reserved, documentation and
//! private ASNs on each kind of peering (the facts are in [`crate::domain::catalog::bgp`]), asdot
//! notation and 4-byte ASNs.

use super::common::ER_P_002;
use super::microsoft::ER_MP_011;
use super::private::{ER_PP_003, ER_PP_004};
use super::{Ctx, Kind};
use crate::domain::catalog::bgp::{
    AS_TRANS, AZURE_RESERVED_ASNS, DOCUMENTATION_ASNS, IANA_RESERVED_ASNS, MAX_ASN, MICROSOFT_ASNS,
    PRIVATE_ASNS_2BYTE, PRIVATE_ASNS_4BYTE,
};
use crate::domain::field::{FieldPath, PeeringKey as P};
use crate::domain::finding::{src, Finding, Fix, Severity};
use crate::domain::net::{parse_asn, AsnError};
use crate::rule;

// §5.4 ASN table rows beyond P2 / PP3 / MP11.
rule!(
    ER_ASN_001,
    "ER-ASN-001",
    "§5.4 / U2",
    Error,
    "Microsoft's own ASNs 8074, 8075 and 12076 can't be used as the customer's ASN",
    src::DOC_VPNBGP,
    why: "Microsoft's routers use these ASNs; a peer with one of them would loop routes back.",
    example: "peer ASN 12076"
);
rule!(
    ER_ASN_002,
    "ER-ASN-002",
    "§5.4 / U2",
    Error,
    "IANA-reserved ASNs can't be used: 23456 (AS_TRANS), 65535, 65536–65551, 4294967295",
    src::DOC_VPNBGP,
    why: "IANA reserves these ASNs; BGP treats them specially or refuses them.",
    example: "peer ASN 23456"
);
rule!(
    ER_ASN_003,
    "ER-ASN-003",
    "§5.4 / U2",
    Error,
    "Azure-reserved ASNs 65515–65520 can't be used on Microsoft peering",
    src::DOC_ROUTING,
    why: "Azure uses 65515-65520 internally; Microsoft peering refuses them.",
    example: "peer ASN 65520 on Microsoft peering"
);
rule!(
    ER_ASN_004,
    "ER-ASN-004",
    "§5.4",
    Warning,
    "Documentation ASNs 64496–64511 on private peering",
    src::DOC_VPNBGP,
    why: "Documentation ASNs are for examples; a real network should use a private or its own ASN.",
    example: "peer ASN 64500 on private peering"
);
rule!(
    ER_ASN_005,
    "ER-ASN-005",
    "§5.4 / MP11",
    Warning,
    "A private ASN on Microsoft peering needs manual validation and is stripped from the AS path",
    src::DOC_ROUTING,
    why: "Microsoft validates such prefixes by hand and strips the private ASN, which slows the setup.",
    example: "peer ASN 65001 on Microsoft peering"
);
rule!(
    ER_ASN_006,
    "ER-ASN-006",
    "§5.4",
    Warning,
    "ASN typed in asdot notation (X.Y): the API takes the asplain number",
    src::SPEC,
    why: "The API takes the plain number; the exports convert it, but the portal or a hand-written script refuses asdot text.",
    example: "peer ASN 64086.59905 (asdot for 4200000001, a private 4-byte ASN)"
);
rule!(
    ER_ASN_007,
    "ER-ASN-007",
    "§5.4 / U16",
    Info,
    "4-byte ASN: supported by ExpressRoute; Azure Route Server only speaks 2-byte ASNs",
    src::DOC_ROUTING,
    why: "Azure Route Server speaks 2-byte ASNs only; a 4-byte ASN cannot peer with it.",
    example: "peer ASN 4200000001"
);

pub(super) fn peer_asn(ctx: &Ctx, out: &mut Vec<Finding>) {
    let text = ctx.p.peer_asn.trim();
    let path = ctx.path(P::PeerAsn);
    let n = match parse_asn(text) {
        Ok(n) => n,
        Err(AsnError::Empty) => {
            if ctx.required {
                let eg = match ctx.kind {
                    Kind::Private => "e.g. 65001 (a private ASN)",
                    Kind::Microsoft => "normally your public ASN",
                };
                out.push(ER_P_002.at(
                    path,
                    format!("Enter the peer ASN: your routers' AS number, {eg}."),
                ));
            }
            return;
        }
        Err(AsnError::NotANumber) => {
            let f = ER_P_002.at(
                path,
                format!("\"{text}\" is not an ASN: enter a whole number between 1 and 4294967295."),
            );
            // "AS65001" → 65001.
            let lower = text.to_ascii_lowercase();
            let bare = lower
                .strip_prefix("as")
                .and_then(|rest| parse_asn(rest.trim()).ok())
                .filter(|n| (1..=MAX_ASN).contains(n));
            out.push(match bare {
                Some(n) => f.with_fix(Fix::replace(format!("Use {n}"), n.to_string())),
                None => f,
            });
            return;
        }
        Err(AsnError::OutOfRange) => {
            out.push(ER_P_002.at(
                path,
                format!("Peer ASN must be a whole number between 1 and 4294967295 (\"{text}\" is out of range)."),
            ));
            return;
        }
    };
    if text.contains('.') && (1..=MAX_ASN).contains(&n) {
        out.push(asdot(path, text, n));
    }
    if n == 0 || n > MAX_ASN {
        out.push(ER_P_002.at(
            path,
            format!(
                "Peer ASN must be a whole number between 1 and 4294967295; {n} is out of range."
            ),
        ));
        return;
    }
    let what = "peer ASN";
    if let Some(f) = asn_table(n, ctx.kind, path, what) {
        let blocking = f.severity == Severity::Error;
        out.push(f);
        if blocking {
            return;
        }
    }
    if n > 65535 {
        out.push(ER_ASN_007.at(
            path,
            format!("{n} is a 4-byte ASN: ExpressRoute peerings support 16- and 32-bit ASNs, but Azure Route Server only supports 2-byte ASNs if you plan to use one."),
        ));
    }
}

/// The asdot → asplain warning with its one-click fix.
pub(super) fn asdot(path: FieldPath, text: &str, n: u64) -> Finding {
    ER_ASN_006
        .at(
            path,
            format!("{text} is asdot notation; Azure takes the ASN as a plain number: {n}."),
        )
        .with_fix(Fix::replace(format!("Use {n}"), n.to_string()))
}

/// The §5.4 table for an ASN in 1..=4294967295 on one kind of peering: the finding, if any.
pub(super) fn asn_table(n: u64, kind: Kind, path: FieldPath, what: &str) -> Option<Finding> {
    let private_2byte = PRIVATE_ASNS_2BYTE.contains(&n);
    let private_4byte = PRIVATE_ASNS_4BYTE.contains(&n);
    let f = match n {
        _ if MICROSOFT_ASNS.contains(&n) => ER_ASN_001.at(
            path,
            format!("{n} is one of Microsoft's own ASNs (8074, 8075, 12076; Microsoft's routers use 12076): use your own ASN as the {what}."),
        ),
        _ if AZURE_RESERVED_ASNS.contains(&n) => {
            let rule = match kind {
                Kind::Private => &ER_PP_003,
                Kind::Microsoft => &ER_ASN_003,
            };
            rule.at(
                path,
                format!("ASNs 65515–65520 are reserved by Azure for internal use: choose another {what}."),
            )
        }
        _ if n == AS_TRANS || IANA_RESERVED_ASNS.contains(&n) || n == MAX_ASN => ER_ASN_002.at(
            path,
            format!(
                "{n} is reserved by IANA ({}); it can't be a {what}.",
                match n {
                    23456 => "AS_TRANS, RFC 6793",
                    65536..=65551 => "documentation ASNs 65536–65551, RFC 5398",
                    _ => "reserved, RFC 7300",
                }
            ),
        ),
        _ if DOCUMENTATION_ASNS.contains(&n) => match kind {
            Kind::Private => ER_ASN_004.at(
                path,
                format!("{n} is a documentation ASN (64496–64511): fine in examples, but use a private ASN (64512–65514) or your own public ASN in a real network."),
            ),
            Kind::Microsoft => ER_MP_011.at(
                path,
                format!("Documentation ASNs (64496–64511) aren't allowed in the AS path of Microsoft peering: use your public ASN as the {what}."),
            ),
        },
        _ if private_2byte || private_4byte => match kind {
            Kind::Private => return None,
            Kind::Microsoft => ER_ASN_005.at(
                path,
                format!("{n} is a private ASN: Microsoft peering accepts it only after manual validation of your prefixes, and strips it from the AS path. Use your public ASN if you have one."),
            ),
        },
        _ => match kind {
            Kind::Private => ER_PP_004.at(
                path,
                format!("{n} is a public ASN: you must own it to use it on private peering; otherwise use a private ASN (64512–65514, 65521–65534 or 4200000000–4294967294)."),
            ),
            Kind::Microsoft => return None,
        },
    };
    Some(asn_fix(f, kind, what))
}

/// The fix of an ASN table finding. No replacement ASN is unambiguous for the peer ASN (it is
/// the number the customer's routers are configured with), so a reserved one gets advice naming
/// what to enter instead; the optional customer ASN can be left empty (the peer ASN is then
/// the one the prefixes are registered to).
fn asn_fix(f: Finding, kind: Kind, what: &str) -> Finding {
    let blocking = f.severity == Severity::Error;
    if what == "customer ASN" {
        return if blocking {
            f.with_fix(Fix::replace("Leave it empty", ""))
        } else {
            f
        };
    }
    let advice = match (kind, blocking, f.code) {
        (Kind::Private, true, _) => {
            "Enter the ASN your routers use: a private ASN such as 65001 (64512–65514 or 65521–65534), or a public ASN you own."
        }
        (Kind::Private, false, c) if c == ER_ASN_004.code => {
            "Use a private ASN such as 65001, or a public ASN you own."
        }
        (Kind::Microsoft, true, _) => {
            "Enter the public ASN registered to you (or to your provider) in your routing registry."
        }
        _ => return f,
    };
    f.with_fix(Fix::advice(advice))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn asn_table_private_and_microsoft() {
        // (peer ASN, codes on private peering, codes on Microsoft peering)
        type Row = (
            &'static str,
            &'static [&'static str],
            &'static [&'static str],
        );
        let rows: &[Row] = &[
            ("", &["ER-P-002"], &["ER-P-002"]),
            ("0", &["ER-P-002"], &["ER-P-002"]),
            ("-1", &["ER-P-002"], &["ER-P-002"]),
            ("AS65001", &["ER-P-002"], &["ER-P-002"]),
            ("65001x", &["ER-P-002"], &["ER-P-002"]),
            ("1", &["ER-PP-004"], &[]),
            ("8074", &["ER-ASN-001"], &["ER-ASN-001"]),
            ("8075", &["ER-ASN-001"], &["ER-ASN-001"]),
            ("12076", &["ER-ASN-001"], &["ER-ASN-001"]),
            ("23456", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("64495", &["ER-PP-004"], &[]),
            ("64496", &["ER-ASN-004"], &["ER-MP-011"]),
            ("64511", &["ER-ASN-004"], &["ER-MP-011"]),
            ("64512", &[], &["ER-ASN-005"]),
            ("65514", &[], &["ER-ASN-005"]),
            ("65515", &["ER-PP-003"], &["ER-ASN-003"]),
            ("65516", &["ER-PP-003"], &["ER-ASN-003"]),
            ("65520", &["ER-PP-003"], &["ER-ASN-003"]),
            ("65521", &[], &["ER-ASN-005"]),
            ("65534", &[], &["ER-ASN-005"]),
            ("65535", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("65536", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("65551", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("65552", &["ER-PP-004", "ER-ASN-007"], &["ER-ASN-007"]),
            ("4199999999", &["ER-PP-004", "ER-ASN-007"], &["ER-ASN-007"]),
            ("4200000000", &["ER-ASN-007"], &["ER-ASN-005", "ER-ASN-007"]),
            ("4294967294", &["ER-ASN-007"], &["ER-ASN-005", "ER-ASN-007"]),
            ("4294967295", &["ER-ASN-002"], &["ER-ASN-002"]),
            ("4294967296", &["ER-P-002"], &["ER-P-002"]),
            ("99999999999999999999999", &["ER-P-002"], &["ER-P-002"]),
            (
                "1.10",
                &["ER-ASN-006", "ER-ASN-002"],
                &["ER-ASN-006", "ER-ASN-002"],
            ),
            (
                "1.16",
                &["ER-ASN-006", "ER-PP-004", "ER-ASN-007"],
                &["ER-ASN-006", "ER-ASN-007"],
            ),
            ("65536.0", &["ER-P-002"], &["ER-P-002"]),
        ];
        for (asn, private, microsoft) in rows {
            let mut d = base();
            pp(&mut d).peer_asn = asn.to_string();
            let want: Vec<_> = private
                .iter()
                .map(|c| (*c, format!("{PP}peerAsn")))
                .collect();
            assert_eq!(codes_paths(&problems(&d)), want, "private {asn:?}");
            let mut d = base();
            mp(&mut d).peering.peer_asn = asn.to_string();
            let want: Vec<_> = microsoft
                .iter()
                .map(|c| (*c, format!("{MS}peerAsn")))
                .collect();
            assert_eq!(codes_paths(&problems(&d)), want, "microsoft {asn:?}");
        }
        let fix = |asn: &str| {
            let mut d = base();
            pp(&mut d).peer_asn = asn.into();
            problems(&d)
                .first()
                .and_then(|f| fix_of(f).map(String::from))
        };
        assert_eq!(fix("AS65001").as_deref(), Some("65001"));
        assert_eq!(fix("as 65001").as_deref(), Some("65001"));
        assert_eq!(fix("1.10").as_deref(), Some("65546"));
        assert_eq!(fix("65001x"), None);
        let mut d = base();
        pp(&mut d).peer_asn.clear();
        assert_eq!(
            problems(&d)[0].message,
            "Enter the peer ASN: your routers' AS number, e.g. 65001 (a private ASN)."
        );
    }
}
