//! Carrying secrets across a reload: when another tab's newer version of a design replaces the one
//! in this tab, the secrets only this tab holds in memory (they are not written to browser storage
//! unless the user opts in, so the stored version has them blank) are put back on the loaded
//! version, where the same thing still exists there with that secret blank.
//!
//! Identity, as the model offers it: a circuit is its name (unique in the resource group, the name
//! connections and Global Reach links refer to); its private and Microsoft peerings are that
//! circuit's. A connection is its name and the circuit it redeems its key on; a Global Reach link
//! is its name and its peer circuit. A blank or repeated name identifies nothing by itself: such
//! items are matched only by position, and only when both lists have the same length and the item
//! at that position has the same (blank) name on both sides.

use super::model::{Circuit, Connection, Design, GlobalReach, Peering};

/// What [`carry_secrets`] kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Carried {
    /// Number of secrets copied onto the loaded design.
    pub count: usize,
}

/// Puts the secrets of `held` (this tab's design, in memory) onto `loaded` (the version read from
/// storage) wherever `loaded` has that secret blank and the same circuit, peering, connection or
/// Global Reach link still exists. A secret `loaded` holds (changed in the other tab) wins.
///
/// `remembered` says whether the design's secrets are stored on this device: then the stored
/// version is complete, a blank secret was cleared on purpose, and nothing is carried.
pub fn carry_secrets(held: &Design, loaded: &mut Design, remembered: bool) -> Carried {
    if remembered {
        return Carried::default();
    }
    let count = carry_list(
        &held.circuits,
        &mut loaded.circuits,
        |c| &c.name,
        carry_circuit,
    ) + carry_list(
        &held.connections,
        &mut loaded.connections,
        |c| &c.name,
        carry_connection,
    ) + carry_list(
        &held.global_reach,
        &mut loaded.global_reach,
        |g| &g.name,
        carry_global_reach,
    );
    Carried { count }
}

/// Carries the secrets of each item of `loaded` from its counterpart in `held` with `each`.
fn carry_list<T>(
    held: &[T],
    loaded: &mut [T],
    name: fn(&T) -> &str,
    each: fn(&T, &mut T) -> usize,
) -> usize {
    let mut n = 0;
    for j in 0..loaded.len() {
        let Some(i) = counterpart(held, loaded, j, name) else {
            continue;
        };
        if let (Some(from), Some(to)) = (held.get(i), loaded.get_mut(j)) {
            n += each(from, to);
        }
    }
    n
}

/// The index in `held` of the item that is `loaded[j]`, by name (see the module docs).
fn counterpart<T>(held: &[T], loaded: &[T], j: usize, name: fn(&T) -> &str) -> Option<usize> {
    let key = name(loaded.get(j)?).trim();
    let same = |t: &T| name(t).trim() == key;
    let unique = !key.is_empty()
        && held.iter().filter(|t| same(t)).count() == 1
        && loaded.iter().filter(|t| same(t)).count() == 1;
    if unique {
        return held.iter().position(same);
    }
    (held.len() == loaded.len() && held.get(j).is_some_and(same)).then_some(j)
}

/// Copies `from` into `to` when `to` is blank and `from` is not; 1 when it did.
fn carry(from: &str, to: &mut String) -> usize {
    if to.trim().is_empty() && !from.trim().is_empty() {
        *to = from.to_string();
        1
    } else {
        0
    }
}

fn carry_peering(from: Option<&Peering>, to: Option<&mut Peering>) -> usize {
    match (from, to) {
        (Some(f), Some(t)) => carry(&f.shared_key, &mut t.shared_key),
        _ => 0,
    }
}

fn carry_circuit(from: &Circuit, to: &mut Circuit) -> usize {
    // The key authorizes the use of a Direct port: it belongs to the circuit on that port only.
    let same_port = from.port_type == to.port_type && from.direct_port == to.direct_port;
    let mut n = if same_port {
        carry(
            &from.direct_authorization_key,
            &mut to.direct_authorization_key,
        )
    } else {
        0
    };
    n += carry_peering(from.private_peering.as_ref(), to.private_peering.as_mut());
    n += carry_peering(
        from.microsoft_peering.as_ref().map(|m| &m.peering),
        to.microsoft_peering.as_mut().map(|m| &mut m.peering),
    );
    n
}

fn carry_connection(from: &Connection, to: &mut Connection) -> usize {
    // A key is redeemed on one circuit: it does not follow the connection to another.
    if from.circuit != to.circuit {
        return 0;
    }
    carry(&from.authorization_key, &mut to.authorization_key)
}

fn carry_global_reach(from: &GlobalReach, to: &mut GlobalReach) -> usize {
    if from.circuit != to.circuit || from.peer_circuit != to.peer_circuit {
        return 0;
    }
    carry(&from.authorization_key, &mut to.authorization_key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{MicrosoftPeering, PortType};

    fn circuit(name: &str, md5: &str) -> Circuit {
        Circuit {
            name: name.into(),
            private_peering: Some(Peering {
                shared_key: md5.into(),
                ..Peering::default()
            }),
            ..Circuit::default()
        }
    }

    fn connection(name: &str, circuit: &str, key: &str) -> Connection {
        Connection {
            name: name.into(),
            circuit: circuit.into(),
            cross_subscription: true,
            authorization_key: key.into(),
            ..Connection::default()
        }
    }

    fn design(circuits: Vec<Circuit>, connections: Vec<Connection>) -> Design {
        Design {
            circuits,
            connections,
            ..Design::default()
        }
    }

    /// The private peering MD5 keys, per circuit name.
    fn md5s(d: &Design) -> Vec<(String, String)> {
        d.circuits
            .iter()
            .map(|c| {
                let k = c
                    .private_peering
                    .as_ref()
                    .map(|p| p.shared_key.clone())
                    .unwrap_or_else(|| "-".into());
                (c.name.clone(), k)
            })
            .collect()
    }

    fn keys(d: &Design) -> Vec<(String, String)> {
        d.connections
            .iter()
            .map(|c| (c.name.clone(), c.authorization_key.clone()))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn secrets_follow_their_circuit_or_connection() {
        struct Case {
            what: &'static str,
            held: Design,
            loaded: Design,
            remembered: bool,
            md5: Vec<(&'static str, &'static str)>,
            auth: Vec<(&'static str, &'static str)>,
            count: usize,
        }
        let cases = [
            Case {
                what: "same design, the stored copy has the secrets blank",
                held: design(
                    vec![circuit("er-a", "k-a"), circuit("er-b", "k-b")],
                    vec![connection("cn-1", "er-a", "auth-1")],
                ),
                loaded: design(
                    vec![circuit("er-a", ""), circuit("er-b", "")],
                    vec![connection("cn-1", "er-a", "")],
                ),
                remembered: false,
                md5: vec![("er-a", "k-a"), ("er-b", "k-b")],
                auth: vec![("cn-1", "auth-1")],
                count: 3,
            },
            Case {
                what: "circuits and connections reordered in the other tab",
                held: design(
                    vec![circuit("er-a", "k-a"), circuit("er-b", "k-b")],
                    vec![
                        connection("cn-1", "er-a", "auth-1"),
                        connection("cn-2", "er-b", "auth-2"),
                    ],
                ),
                loaded: design(
                    vec![circuit("er-b", ""), circuit("er-a", "")],
                    vec![
                        connection("cn-2", "er-b", ""),
                        connection("cn-1", "er-a", ""),
                    ],
                ),
                remembered: false,
                md5: vec![("er-b", "k-b"), ("er-a", "k-a")],
                auth: vec![("cn-2", "auth-2"), ("cn-1", "auth-1")],
                count: 4,
            },
            Case {
                what: "a circuit and a connection removed in the other tab",
                held: design(
                    vec![circuit("er-a", "k-a"), circuit("er-b", "k-b")],
                    vec![
                        connection("cn-1", "er-a", "auth-1"),
                        connection("cn-2", "er-b", "auth-2"),
                    ],
                ),
                loaded: design(
                    vec![circuit("er-b", "")],
                    vec![connection("cn-2", "er-b", "")],
                ),
                remembered: false,
                md5: vec![("er-b", "k-b")],
                auth: vec![("cn-2", "auth-2")],
                count: 2,
            },
            Case {
                what: "a secret set on both sides: the other tab's wins",
                held: design(
                    vec![circuit("er-a", "mine")],
                    vec![connection("cn-1", "er-a", "auth-mine")],
                ),
                loaded: design(
                    vec![circuit("er-a", "theirs")],
                    vec![connection("cn-1", "er-a", "auth-theirs")],
                ),
                remembered: false,
                md5: vec![("er-a", "theirs")],
                auth: vec![("cn-1", "auth-theirs")],
                count: 0,
            },
            Case {
                what: "secrets remembered on the device: a blank one was cleared on purpose",
                held: design(
                    vec![circuit("er-a", "k-a")],
                    vec![connection("cn-1", "er-a", "auth-1")],
                ),
                loaded: design(
                    vec![circuit("er-a", "")],
                    vec![connection("cn-1", "er-a", "")],
                ),
                remembered: true,
                md5: vec![("er-a", "")],
                auth: vec![("cn-1", "")],
                count: 0,
            },
            Case {
                what: "a circuit renamed and a new one in its place: nothing carried",
                held: design(vec![circuit("er-a", "k-a")], vec![]),
                loaded: design(vec![circuit("er-z", "")], vec![]),
                remembered: false,
                md5: vec![("er-z", "")],
                auth: vec![],
                count: 0,
            },
            Case {
                what: "unnamed circuits: by position when the lists have the same length",
                held: design(vec![circuit("", "k-0"), circuit("", "k-1")], vec![]),
                loaded: design(vec![circuit("", ""), circuit("", "")], vec![]),
                remembered: false,
                md5: vec![("", "k-0"), ("", "k-1")],
                auth: vec![],
                count: 2,
            },
            Case {
                what: "unnamed circuits, one removed: positions mean nothing, nothing carried",
                held: design(vec![circuit("", "k-0"), circuit("", "k-1")], vec![]),
                loaded: design(vec![circuit("", "")], vec![]),
                remembered: false,
                md5: vec![("", "")],
                auth: vec![],
                count: 0,
            },
            Case {
                what: "two circuits with one name: ambiguous, matched by position only",
                held: design(vec![circuit("er-a", "k-0"), circuit("er-a", "k-1")], vec![]),
                loaded: design(vec![circuit("er-a", ""), circuit("er-a", "")], vec![]),
                remembered: false,
                md5: vec![("er-a", "k-0"), ("er-a", "k-1")],
                auth: vec![],
                count: 2,
            },
            Case {
                what: "a connection moved to another circuit: its key stays behind",
                held: design(
                    vec![circuit("er-a", ""), circuit("er-b", "")],
                    vec![connection("cn-1", "er-a", "auth-1")],
                ),
                loaded: design(
                    vec![circuit("er-a", ""), circuit("er-b", "")],
                    vec![connection("cn-1", "er-b", "")],
                ),
                remembered: false,
                md5: vec![("er-a", ""), ("er-b", "")],
                auth: vec![("cn-1", "")],
                count: 0,
            },
            Case {
                what: "a peering removed in the other tab is not brought back",
                held: design(vec![circuit("er-a", "k-a")], vec![]),
                loaded: design(
                    vec![Circuit {
                        name: "er-a".into(),
                        ..Circuit::default()
                    }],
                    vec![],
                ),
                remembered: false,
                md5: vec![("er-a", "-")],
                auth: vec![],
                count: 0,
            },
        ];
        for c in cases {
            let mut loaded = c.loaded.clone();
            let got = carry_secrets(&c.held, &mut loaded, c.remembered);
            assert_eq!(md5s(&loaded), pairs(&c.md5), "{}: MD5 keys", c.what);
            assert_eq!(
                keys(&loaded),
                pairs(&c.auth),
                "{}: authorization keys",
                c.what
            );
            assert_eq!(got.count, c.count, "{}: count", c.what);
            // Nothing but secrets changes.
            assert_eq!(
                loaded.without_secrets(),
                c.loaded.without_secrets(),
                "{}: only secrets",
                c.what
            );
        }
    }

    #[test]
    fn microsoft_peering_direct_and_global_reach_keys_are_carried() {
        let mut held = design(vec![circuit("er-a", ""), circuit("er-b", "")], vec![]);
        held.circuits[0].microsoft_peering = Some(MicrosoftPeering {
            peering: Peering {
                shared_key: "ms-key".into(),
                ..Peering::default()
            },
            ..MicrosoftPeering::default()
        });
        held.circuits[0].port_type = PortType::Direct;
        held.circuits[0].direct_port = "port-1".into();
        held.circuits[0].direct_authorization_key = "direct-key".into();
        held.circuits[1].port_type = PortType::Direct;
        held.circuits[1].direct_port = "port-1".into();
        held.circuits[1].direct_authorization_key = "direct-key-b".into();
        held.global_reach.push(GlobalReach {
            name: "gr-1".into(),
            circuit: "er-a".into(),
            peer_circuit: "er-b".into(),
            cross_subscription: true,
            authorization_key: "gr-key".into(),
            ..GlobalReach::default()
        });
        let mut loaded = held.without_secrets();
        // The other tab moved er-b to another port: its Direct key does not follow.
        loaded.circuits[1].direct_port = "port-2".into();
        let got = carry_secrets(&held, &mut loaded, false);
        assert_eq!(got.count, 3);
        let a = &loaded.circuits[0];
        assert_eq!(a.direct_authorization_key, "direct-key");
        assert_eq!(
            a.microsoft_peering
                .as_ref()
                .map(|m| m.peering.shared_key.as_str()),
            Some("ms-key")
        );
        assert_eq!(loaded.circuits[1].direct_authorization_key, "");
        assert_eq!(loaded.global_reach[0].authorization_key, "gr-key");
    }
}
