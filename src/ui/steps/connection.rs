//! Connection: links the gateway (and so its VNet) to each circuit (routing weight, FastPath,
//! authorization key for a circuit in another subscription), and Global Reach between circuits.

use crate::domain::circuits::{next_global_reach, unconnected};
use crate::domain::finding::Finding;
use crate::domain::model::{Connection, Design, GlobalReach, SkuTier};
use crate::domain::net;
use crate::domain::records;
use crate::ui::fields::{
    findings_for, name_options, CheckboxField, FindingList, SelectField, TextField,
};
use crate::ui::pager::{shown, Pager};
use crate::ui::{open_field, Ctx};
use leptos::prelude::*;

/// A new connection from the first gateway to circuit `i`. With another connection on the same
/// gateway already, the new one gets routing weight 0 so the first stays the preferred path.
fn add_connection(d: &mut Design, i: usize) {
    let circuit = d
        .circuits
        .get(i)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let (gateway, region) = d
        .gateways
        .first()
        .map(|g| (g.name.clone(), g.region.clone()))
        .unwrap_or_default();
    let base = if circuit.trim().is_empty() {
        format!("circuit-{}", i + 1)
    } else {
        circuit.trim().to_string()
    };
    let mut name = format!("cn-{base}");
    let mut n = 2;
    while d.connections.iter().any(|c| c.name == name) {
        name = format!("cn-{base}-{n}");
        n += 1;
    }
    d.connections.push(Connection {
        name,
        region,
        gateway,
        circuit,
        ..Connection::default()
    });
}

fn edit(d: &mut Design, k: usize, f: impl FnOnce(&mut Connection)) {
    if let Some(c) = d.connections.get_mut(k) {
        f(c);
    }
}

fn edit_gr(d: &mut Design, k: usize, f: impl FnOnce(&mut GlobalReach)) {
    if let Some(g) = d.global_reach.get_mut(k) {
        f(g);
    }
}

/// A choice among more names than this is typed, with the names suggested from one shared
/// `<datalist>`, not picked from a `<select>` in every card: at the element limits, 10,000
/// gateways in each of a page's 20 cards would be 200,000 elements.
const LONG: usize = 100;

/// Names to choose from, as (value, text), and whether they are too many for a `<select>`.
#[derive(Clone, Copy)]
struct Names {
    options: Memo<Vec<(String, String)>>,
    long: Memo<bool>,
}

impl Names {
    fn new(options: Memo<Vec<(String, String)>>) -> Names {
        Names {
            options,
            long: Memo::new(move |_| options.with(|o| o.len() > LONG)),
        }
    }
}

/// The names the step's cards choose from, computed once for the step (not per card and per
/// keystroke): they change only when a circuit or gateway is renamed, added or removed.
#[derive(Clone, Copy)]
struct Choices {
    circuits: Names,
    gateways: Names,
}

impl Choices {
    fn new(ctx: Ctx) -> Choices {
        Choices {
            circuits: Names::new(Memo::new(move |_| {
                ctx.design.with(|d| {
                    d.circuits
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| !c.name.trim().is_empty())
                        .map(|(i, c)| (c.name.clone(), format!("Circuit {}: {}", i + 1, c.name)))
                        .collect()
                })
            })),
            gateways: Names::new(Memo::new(move |_| {
                ctx.design
                    .with(|d| name_options(d.gateways.iter().map(|g| &g.name)))
            })),
        }
    }
}

/// The `<datalist>` of `names` with id `id`, while they are too many for a `<select>`.
fn suggestions(id: &'static str, names: Names) -> impl IntoView {
    move || {
        names.long.get().then(|| {
            view! {
                <datalist id=id>
                    {move || {
                        names
                            .options
                            .get()
                            .into_iter()
                            .map(|(v, t)| view! { <option value=v>{t}</option> })
                            .collect_view()
                    }}
                </datalist>
            }
        })
    }
}

/// A name chosen from `names`: a `<select>`, or with more than [`LONG`] names a text field
/// suggesting them from the datalist `list` (see [`suggestions`]).
#[component]
fn NameChoice(
    path: String,
    label: &'static str,
    value: Memo<String>,
    set: Callback<String>,
    names: Names,
    list: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    let options = names.options;
    move || {
        let path = path.clone();
        if names.long.get() {
            view! { <TextField path label value set list=list required=true /> }.into_any()
        } else {
            view! { <SelectField path label value set options placeholder required=true /> }
                .into_any()
        }
    }
}

/// The Connection step.
#[component]
pub fn ConnectionStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let count = Memo::new(move |_| ctx.design.with(|d| d.connections.len()));
    let page = ctx.pages.of("connections");
    let shown = shown(count, page);
    let has_gateway = Memo::new(move |_| ctx.design.with(|d| !d.gateways.is_empty()));
    // Circuits no connection points at yet: (index, name).
    let unconnected = Memo::new(move |_| ctx.design.with(unconnected));
    let circuits = Memo::new(move |_| ctx.design.with(|d| d.circuits.len()));
    let choices = Choices::new(ctx);
    provide_context(choices);
    view! {
        {suggestions("circuit-names", choices.circuits)}
        {suggestions("gateway-names", choices.gateways)}
        <p class="intro">
            "The connection links the gateway's virtual network to a circuit. Azure creates it only once the circuit is Provisioned and has private peering: until you record Provisioned, the ARM, Bicep and Terraform exports hold it back for a second run. With two circuits, connect the gateway to both (maximum resiliency) and give the preferred path the higher routing weight."
        </p>
        <Pager what="Connections" count page />
        {move || shown.get().map(|k| view! { <ConnectionCard k /> }).collect_view()}
        {move || {
            unconnected
                .get()
                .into_iter()
                .map(|(i, name)| {
                    let label = if name.trim().is_empty() {
                        format!("Connect the gateway to circuit {}", i + 1)
                    } else {
                        format!("Connect the gateway to circuit {} ({name})", i + 1)
                    };
                    view! {
                        <button
                            type="button"
                            class="add"
                            data-testid="add-connection"
                            data-circuit=i
                            disabled=move || !has_gateway.get()
                            on:click=move |_| {
                                ctx.design.update(|d| add_connection(d, i));
                                let k = ctx.design.with_untracked(|d| d.connections.len()).saturating_sub(1);
                                ctx.status.set(format!("Connection {} added", k + 1));
                                // The new connection's first field.
                                open_field(ctx, &format!("connections[{k}]"));
                            }
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()
        }}
        <Show when=move || !has_gateway.get()>
            <p class="help">"Add a virtual network and gateway first."</p>
        </Show>
        <Show when=move || { circuits.get() > 1 }>
            <GlobalReachSection />
        </Show>
    }
}

/// One connection's fields.
#[component]
fn ConnectionCard(k: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = move |get: fn(&Connection) -> String| {
        Memo::new(move |_| {
            ctx.design
                .with(|d| d.connections.get(k).map(get).unwrap_or_default())
        })
    };
    let setter = move |f: fn(&mut Connection, String)| {
        Callback::new(move |v: String| ctx.design.update(|d| edit(d, k, |c| f(c, v))))
    };
    let flag = move |get: fn(&Connection) -> bool| {
        Memo::new(move |_| ctx.design.with(|d| d.connections.get(k).is_some_and(get)))
    };
    let fast_path = flag(|c| c.fast_path);
    let cross = flag(|c| c.cross_subscription);
    let summary = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.connections.get(k).map(|c| {
                let or_dash = |s: &str| {
                    if s.trim().is_empty() {
                        "—".to_string()
                    } else {
                        s.trim().to_string()
                    }
                };
                format!(
                    "Gateway {} ↔ circuit {}",
                    or_dash(&c.gateway),
                    or_dash(&c.circuit)
                )
            })
        })
    });
    let choices = expect_context::<Choices>();
    // Choosing the gateway also moves the connection to the gateway's region.
    let set_gateway = Callback::new(move |v: String| {
        ctx.design.update(|d| {
            let region = d
                .gateways
                .iter()
                .find(|g| g.name == v)
                .map(|g| g.region.clone());
            edit(d, k, |c| {
                c.gateway = v;
                if let Some(r) = region {
                    c.region = r;
                }
            })
        })
    });
    let id = move |f: &str| format!("f-connections-{k}-{f}");
    let region_msg = id("region-msg");
    view! {
        <section class="connection-card" data-testid="connection-card" aria-labelledby=id("title")>
            <h3 id=id("title")>
                {move || format!("Connection {}", k + 1)}
            </h3>
            <p class="summary" data-testid="connection-summary">{move || summary.get()}</p>
            <NameChoice
                path=format!("connections[{k}].circuit")
                label="Circuit"
                value=text(|c| c.circuit.clone())
                set=setter(|c, v| c.circuit = v)
                names=choices.circuits
                list="circuit-names"
                placeholder="Select a circuit"
            />
            <NameChoice
                path=format!("connections[{k}].gateway")
                label="Gateway"
                value=text(|c| c.gateway.clone())
                set=set_gateway
                names=choices.gateways
                list="gateway-names"
                placeholder="Select a gateway"
            />
            <FindingList
                id=region_msg
                findings=findings_for(ctx, format!("connections[{k}].region"), None)
                apply=setter(|c, v| c.region = v)
            />
            <TextField
                path=format!("connections[{k}].name")
                label="Connection name"
                value=text(|c| c.name.clone())
                set=setter(|c, v| c.name = v)
                required=true
            />
            <TextField
                path=format!("connections[{k}].routingWeight")
                label="Routing weight"
                value=text(|c| c.routing_weight.clone())
                set=setter(|c, v| c.routing_weight = v)
                help="0–32000; with two circuits, the connection with the higher weight is the preferred path (equal weights share traffic)."
                term="ecmp"
            />
            <CheckboxField
                path=format!("connections[{k}].fastPath")
                label="FastPath (traffic bypasses the gateway)"
                checked=fast_path
                set=Callback::new(move |on| ctx.design.update(|d| edit(d, k, |c| c.fast_path = on)))
                help="Needs an ErGw3AZ, UltraPerformance or ErGwScale (10+ units) gateway."
                term="fastpath"
            />
            <CheckboxField
                path=format!("connections[{k}].crossSubscription")
                label="The circuit is in another subscription"
                checked=cross
                set=Callback::new(move |on| {
                    ctx.design.update(|d| edit(d, k, |c| c.cross_subscription = on))
                })
            />
            <AuthorizationKey
                path=format!("connections[{k}].authorizationKey")
                shown=cross
                value=text(|c| c.authorization_key.clone())
                set=setter(|c, v| c.authorization_key = v)
                help="A GUID created by the circuit owner (Authorizations on the circuit). One key per connection."
            />
            <button
                type="button"
                class="secondary"
                data-testid="remove-connection"
                on:click=move |_| {
                    ctx.design.update(|d| {
                        records::remove_item(d, "connections", |d| &mut d.connections, k);
                    });
                    ctx.status.set(format!("Connection {} removed", k + 1));
                }
            >
                {format!("Remove connection {}", k + 1)}
            </button>
        </section>
    }
}

/// The authorization key of a circuit in another subscription, shown while `shown` is true.
#[component]
fn AuthorizationKey(
    /// Field path of the key.
    path: String,
    /// Whether the circuit is in another subscription.
    shown: Memo<bool>,
    /// Current key.
    value: Memo<String>,
    /// Writes the key.
    set: Callback<String>,
    /// Where the key comes from.
    help: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || shown.get()>
            <TextField
                path=path.clone()
                label="Authorization key"
                value
                set
                help
                placeholder="00000000-0000-0000-0000-000000000000"
                required=true
            />
        </Show>
    }
}

/// Global Reach: links between the circuits' private peerings, so on-premises sites talk through
/// Microsoft's backbone.
#[component]
fn GlobalReachSection() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let count = Memo::new(move |_| ctx.design.with(|d| d.global_reach.len()));
    let page = ctx.pages.of("globalReach");
    let shown = shown(count, page);
    let next = Memo::new(move |_| {
        ctx.design
            .with(|d| next_global_reach(d).map(|g| (g.circuit, g.peer_circuit)))
    });
    view! {
        <section class="global-reach" data-testid="global-reach" aria-labelledby="gr-title">
            <h3 id="gr-title">"Global Reach"</h3>
            <p class="help">
                "Global Reach links two circuits' private peerings so your sites behind them reach each other over Microsoft's network. It needs an unused /29 (Azure takes one /30 for each of the link's two connections), circuits at different peering locations, both Provisioned with private peering, and Premium on both when they are in different geopolitical regions. It is not available on Local circuits."
                <crate::ui::help::Help term="global-reach" />
            </p>
            <Pager what="Global Reach links" count page />
            {move || shown.get().map(|k| view! { <GlobalReachCard k /> }).collect_view()}
            {move || {
                next.get()
                    .map(|(a, b)| {
                        let text = if count.get() == 0 {
                            format!("Enable Global Reach between {a} and {b}")
                        } else {
                            format!("Add a Global Reach link between {a} and {b}")
                        };
                        view! {
                            <button
                                type="button"
                                class="add"
                                data-testid="add-global-reach"
                                on:click=move |_| {
                                    ctx.design
                                        .update(|d| {
                                            if let Some(g) = next_global_reach(d) {
                                                d.global_reach.push(g);
                                            }
                                        });
                                    ctx.status.set("Global Reach link added: enter its /29".into());
                                    let k = ctx.design.with_untracked(|d| d.global_reach.len()).saturating_sub(1);
                                    open_field(ctx, &format!("globalReach[{k}].addressPrefix"));
                                }
                            >
                                {text}
                            </button>
                        }
                    })
            }}
        </section>
    }
}

/// The /29 of a Global Reach link split into its two /30s, when it is a valid /29.
fn gr_split(text: &str) -> Option<(String, String)> {
    let n = net::parse_v4(text).ok()?;
    if n.prefix_len() != 29 || net::host_bits_set(&ipnet::IpNet::V4(n)) {
        return None;
    }
    let (a, b) = net::split29(n)?;
    Some((a.to_string(), b.to_string()))
}

/// One Global Reach link.
#[component]
fn GlobalReachCard(k: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let choices = expect_context::<Choices>();
    let text = move |get: fn(&GlobalReach) -> String| {
        Memo::new(move |_| {
            ctx.design
                .with(|d| d.global_reach.get(k).map(get).unwrap_or_default())
        })
    };
    let setter = move |f: fn(&mut GlobalReach, String)| {
        Callback::new(move |v: String| ctx.design.update(|d| edit_gr(d, k, |g| f(g, v))))
    };
    let cross = Memo::new(move |_| {
        ctx.design
            .with(|d| d.global_reach.get(k).is_some_and(|g| g.cross_subscription))
    });
    let prefix = text(|g| g.address_prefix.clone());
    let split = Memo::new(move |_| gr_split(&prefix.get()));
    // The Global Reach notes reported on the two circuits' SKUs (Premium across geopolitical
    // regions, no Local), with their fixes.
    let sku_notes: Memo<Vec<Finding>> = Memo::new(move |_| {
        let ends: Vec<String> = ctx.design.with(|d| {
            d.global_reach
                .get(k)
                .map(|g| {
                    d.circuits
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| {
                            !c.name.trim().is_empty()
                                && (c.name.trim() == g.circuit.trim()
                                    || c.name.trim() == g.peer_circuit.trim())
                        })
                        .map(|(i, _)| format!("circuits[{i}].skuTier"))
                        .collect()
                })
                .unwrap_or_default()
        });
        ctx.view.with(|v| {
            v.findings
                .iter()
                .filter(|f| f.code.starts_with("ER-GR") && ends.contains(&f.path))
                .cloned()
                .collect()
        })
    });
    let apply_sku = Callback::new(move |(path, value): (String, String)| {
        let Some(i) = crate::ui::circuit_index(&path) else {
            return;
        };
        let tier = match value.as_str() {
            "Premium" => SkuTier::Premium,
            "Standard" => SkuTier::Standard,
            "Local" => SkuTier::Local,
            _ => return,
        };
        ctx.design.update(|d| {
            if let Some(c) = d.circuits.get_mut(i) {
                c.sku_tier = tier;
            }
        })
    });
    let id = move |f: &str| format!("f-globalReach-{k}-{f}");
    view! {
        <section class="gr-card" data-testid="gr-card" aria-labelledby=id("title")>
            <h4 id=id("title")>{move || format!("Global Reach link {}", k + 1)}</h4>
            <TextField
                path=format!("globalReach[{k}].name")
                label="Link name"
                value=text(|g| g.name.clone())
                set=setter(|g, v| g.name = v)
                placeholder="gr-london-amsterdam"
            />
            <NameChoice
                path=format!("globalReach[{k}].circuit")
                label="Circuit"
                value=text(|g| g.circuit.clone())
                set=setter(|g, v| g.circuit = v)
                names=choices.circuits
                list="circuit-names"
                placeholder="Select a circuit"
            />
            <NameChoice
                path=format!("globalReach[{k}].peerCircuit")
                label="Peer circuit"
                value=text(|g| g.peer_circuit.clone())
                set=setter(|g, v| g.peer_circuit = v)
                names=choices.circuits
                list="circuit-names"
                placeholder="Select the peer circuit"
            />
            <TextField
                path=format!("globalReach[{k}].addressPrefix")
                label="IPv4 address prefix (/29)"
                value=prefix
                set=setter(|g, v| g.address_prefix = v)
                help="An unused /29 in network form, not in any VNet, on-premises network or peering subnet."
                placeholder="192.168.102.0/29"
                required=true
            />
            <p class="derived" data-testid="gr-split" aria-live="polite">
                {move || match split.get() {
                    Some((a, b)) => format!("Azure splits it into {a} (primary link) and {b} (secondary link)."),
                    None => "Enter a valid /29 to see its two /30s.".to_string(),
                }}
            </p>
            <TextField
                path=format!("globalReach[{k}].addressPrefixV6")
                label="IPv6 address prefix (/125)"
                value=text(|g| g.address_prefix_v6.clone())
                set=setter(|g, v| g.address_prefix_v6 = v)
                help="Optional: a /125 for IPv6 over Global Reach."
                placeholder="2001:db8:2::/125"
            />
            <CheckboxField
                path=format!("globalReach[{k}].crossSubscription")
                label="The peer circuit is in another subscription"
                checked=cross
                set=Callback::new(move |on| {
                    ctx.design.update(|d| edit_gr(d, k, |g| g.cross_subscription = on))
                })
            />
            <AuthorizationKey
                path=format!("globalReach[{k}].authorizationKey")
                shown=cross
                value=text(|g| g.authorization_key.clone())
                set=setter(|g, v| g.authorization_key = v)
                help="A GUID from an authorization on the peer circuit."
            />
            <Show when=move || sku_notes.with(|v| !v.is_empty())>
                <div class="gr-notes" data-testid="gr-notes">
                    <p class="help">"The circuits' SKUs for this link:"</p>
                    <FindingList id=id("sku-msg") findings=sku_notes apply_at=apply_sku />
                </div>
            </Show>
            <button
                type="button"
                class="secondary"
                data-testid="remove-global-reach"
                on:click=move |_| {
                    ctx.design.update(|d| {
                        records::remove_item(d, "globalReach", |d| &mut d.global_reach, k);
                    });
                    ctx.status.set(format!("Global Reach link {} removed", k + 1));
                }
            >
                {format!("Remove Global Reach link {}", k + 1)}
            </button>
        </section>
    }
}
