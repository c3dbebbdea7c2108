//! Connection: links the gateway (and so its VNet) to each circuit (routing weight, FastPath,
//! authorization key for a circuit in another subscription), and Global Reach between circuits.

use crate::domain::choices;
use crate::domain::circuits::{next_global_reach, unconnected};
use crate::domain::derived::global_reach_split;
use crate::domain::edit::Edit;
use crate::domain::field::lens::Value;
use crate::domain::field::{circuit, CircuitKey, ConnectionKey, FieldPath, GlobalReachKey, List};
use crate::domain::finding::Finding;
use crate::domain::view::global_reach_sku_notes;
use crate::ui::fields::{
    findings_for, text_edit, CheckboxField, FindingList, SelectField, TextField,
};
use crate::ui::pager::{shown, Pager};
use crate::ui::{open_field, Ctx};
use leptos::prelude::*;

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
            circuits: Names::new(Memo::new(move |_| ctx.design.with(choices::circuits))),
            gateways: Names::new(Memo::new(move |_| {
                ctx.design
                    .with(|d| choices::names(d.gateways.iter().map(|g| &g.name)))
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
    field: FieldPath,
    label: &'static str,
    names: Names,
    list: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    let options = names.options;
    move || {
        if names.long.get() {
            view! { <TextField field label list=list required=true /> }.into_any()
        } else {
            view! { <SelectField field label options placeholder required=true /> }.into_any()
        }
    }
}

/// The Connection step.
#[component]
pub fn ConnectionStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let count = Memo::new(move |_| ctx.design.with(|d| d.connections.len()));
    let page = ctx.pages.of(List::Connections);
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
                                if let Some(at) = ctx.apply(Edit::AddConnection(i)).added {
                                    let k = at.item().map_or(0, |(_, k)| k);
                                    ctx.status.set(format!("Connection {} added", k + 1));
                                    // The new connection's first field.
                                    open_field(ctx, &at.text());
                                }
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
    let field = move |key| FieldPath::Connection(k, Some(key));
    let flag = move |key| Memo::new(move |_| ctx.design.with(|d| field(key).read_flag(d)));
    let cross = flag(ConnectionKey::CrossSubscription);
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
    let id = move |f: &str| format!("{}-{f}", FieldPath::Connection(k, None).dom_id());
    let region_msg = id("region-msg");
    view! {
        <section class="connection-card" data-testid="connection-card" aria-labelledby=id("title")>
            <h3 id=id("title")>
                {move || format!("Connection {}", k + 1)}
            </h3>
            <p class="summary" data-testid="connection-summary">{move || summary.get()}</p>
            <NameChoice
                field=field(ConnectionKey::Circuit)
                label="Circuit"
                names=choices.circuits
                list="circuit-names"
                placeholder="Select a circuit"
            />
            <NameChoice
                field=field(ConnectionKey::Gateway)
                label="Gateway"
                names=choices.gateways
                list="gateway-names"
                placeholder="Select a gateway"
            />
            <FindingList
                id=region_msg
                findings=findings_for(ctx, field(ConnectionKey::Region).text(), None)
                apply=text_edit(ctx, field(ConnectionKey::Region))
            />
            <TextField
                field=field(ConnectionKey::Name)
                label="Connection name"
                required=true
            />
            <TextField
                field=field(ConnectionKey::RoutingWeight)
                label="Routing weight"
                help="0–32000; with two circuits, the connection with the higher weight is the preferred path (equal weights share traffic)."
                term="ecmp"
            />
            <CheckboxField
                field=field(ConnectionKey::FastPath)
                label="FastPath (traffic bypasses the gateway)"
                help="Needs an ErGw3AZ, UltraPerformance or ErGwScale (10+ units) gateway."
                term="fastpath"
            />
            <CheckboxField
                field=field(ConnectionKey::CrossSubscription)
                label="The circuit is in another subscription"
            />
            <AuthorizationKey
                field=field(ConnectionKey::AuthorizationKey)
                shown=cross
                help="A GUID created by the circuit owner (Authorizations on the circuit). One key per connection."
            />
            <button
                type="button"
                class="secondary"
                data-testid="remove-connection"
                on:click=move |_| {
                    ctx.apply(Edit::RemoveConnection(k));
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
    /// The key.
    field: FieldPath,
    /// Whether the circuit is in another subscription.
    shown: Memo<bool>,
    /// Where the key comes from.
    help: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || shown.get()>
            <TextField
                field
                label="Authorization key"
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
    let page = ctx.pages.of(List::GlobalReach);
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
                                    if let Some(at) = ctx.apply(Edit::AddGlobalReach).added {
                                        ctx.status.set("Global Reach link added: enter its /29".into());
                                        open_field(ctx, &at.text());
                                    }
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

/// One Global Reach link.
#[component]
fn GlobalReachCard(k: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let choices = expect_context::<Choices>();
    let field = move |key| FieldPath::GlobalReach(k, Some(key));
    let cross = Memo::new(move |_| {
        ctx.design
            .with(|d| field(GlobalReachKey::CrossSubscription).read_flag(d))
    });
    let split = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.global_reach
                .get(k)
                .and_then(|g| global_reach_split(&g.address_prefix))
        })
    });
    // The Global Reach notes reported on the two circuits' SKUs (Premium across geopolitical
    // regions, no Local), with their fixes.
    let sku_notes: Memo<Vec<Finding>> = Memo::new(move |_| {
        ctx.design
            .with(|d| ctx.view.with(|v| global_reach_sku_notes(d, v, k)))
    });
    let apply_sku = Callback::new(move |(path, value): (String, String)| {
        // Only a circuit's SKU tier is set here.
        let Some(at) = FieldPath::parse(&path).and_then(FieldPath::circuit) else {
            return;
        };
        ctx.apply(Edit::Set(
            circuit(at, CircuitKey::SkuTier),
            Value::Text(value),
        ));
    });
    let id = move |f: &str| format!("{}-{f}", FieldPath::GlobalReach(k, None).dom_id());
    view! {
        <section class="gr-card" data-testid="gr-card" aria-labelledby=id("title")>
            <h4 id=id("title")>{move || format!("Global Reach link {}", k + 1)}</h4>
            <TextField
                field=field(GlobalReachKey::Name)
                label="Link name"
                placeholder="gr-london-amsterdam"
            />
            <NameChoice
                field=field(GlobalReachKey::Circuit)
                label="Circuit"
                names=choices.circuits
                list="circuit-names"
                placeholder="Select a circuit"
            />
            <NameChoice
                field=field(GlobalReachKey::PeerCircuit)
                label="Peer circuit"
                names=choices.circuits
                list="circuit-names"
                placeholder="Select the peer circuit"
            />
            <TextField
                field=field(GlobalReachKey::AddressPrefix)
                label="IPv4 address prefix (/29)"
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
                field=field(GlobalReachKey::AddressPrefixV6)
                label="IPv6 address prefix (/125)"
                help="Optional: a /125 for IPv6 over Global Reach."
                placeholder="2001:db8:2::/125"
            />
            <CheckboxField
                field=field(GlobalReachKey::CrossSubscription)
                label="The peer circuit is in another subscription"
            />
            <AuthorizationKey
                field=field(GlobalReachKey::AuthorizationKey)
                shown=cross
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
                    ctx.apply(Edit::RemoveGlobalReach(k));
                    ctx.status.set(format!("Global Reach link {} removed", k + 1));
                }
            >
                {format!("Remove Global Reach link {}", k + 1)}
            </button>
        </section>
    }
}
