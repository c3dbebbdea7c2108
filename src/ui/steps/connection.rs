//! Connection: links the gateway (and so its VNet) to the circuit: routing weight, FastPath,
//! authorization key for a circuit in another subscription.

use crate::domain::model::{Connection, Design};
use crate::ui::fields::TextField;
use crate::ui::Ctx;
use leptos::prelude::*;

fn add_connection(d: &mut Design) {
    let circuit = d
        .circuits
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let (gateway, region) = d
        .gateways
        .first()
        .map(|g| (g.name.clone(), g.region.clone()))
        .unwrap_or_default();
    let base = if circuit.is_empty() {
        "circuit".to_string()
    } else {
        circuit.clone()
    };
    d.connections.push(Connection {
        name: format!("cn-{base}"),
        region,
        gateway,
        circuit,
        ..Connection::default()
    });
}

fn flag(ctx: Ctx, get: fn(&Connection) -> bool) -> Memo<bool> {
    Memo::new(move |_| ctx.design.with(|d| d.connections.first().is_some_and(get)))
}

fn edit(d: &mut Design, f: impl FnOnce(&mut Connection)) {
    if let Some(c) = d.connections.first_mut() {
        f(c);
    }
}

/// The Connection step.
#[component]
pub fn ConnectionStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let has = Memo::new(move |_| ctx.design.with(|d| !d.connections.is_empty()));
    let has_gateway = Memo::new(move |_| ctx.design.with(|d| !d.gateways.is_empty()));
    let fast_path = flag(ctx, |c| c.fast_path);
    let cross = flag(ctx, |c| c.cross_subscription);
    let summary = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.connections.first().map(|c| {
                format!(
                    "Gateway {} ↔ circuit {}",
                    if c.gateway.is_empty() {
                        "—"
                    } else {
                        &c.gateway
                    },
                    if c.circuit.is_empty() {
                        "—"
                    } else {
                        &c.circuit
                    }
                )
            })
        })
    });
    view! {
        <p class="intro">
            "The connection links the gateway's virtual network to the circuit. Azure creates it only once the circuit is Provisioned and has private peering."
        </p>
        <Show
            when=move || has.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="add"
                        data-testid="add-connection"
                        disabled=move || !has_gateway.get()
                        on:click=move |_| ctx.design.update(add_connection)
                    >
                        "Connect the gateway to the circuit"
                    </button>
                    <Show when=move || !has_gateway.get()>
                        <p class="help">"Add a virtual network and gateway first."</p>
                    </Show>
                }
            }
        >
            <p class="summary" data-testid="connection-summary">{move || summary.get()}</p>
            <crate::ui::fields::FindingList
                id="f-connections-0-circuit-msg".to_string()
                findings=crate::ui::fields::findings_for(ctx, "connections[0].circuit".into(), Some("connections[0].gateway"))
            />
            <TextField
                path="connections[0].name"
                label="Connection name"
                value=ctx.text(|d| d.connections.first().map(|c| c.name.clone()).unwrap_or_default())
                set=ctx.setter(|d, v| edit(d, |c| c.name = v))
                required=true
            />
            <TextField
                path="connections[0].routingWeight"
                label="Routing weight"
                value=ctx.text(|d| d.connections.first().map(|c| c.routing_weight.clone()).unwrap_or_default())
                set=ctx.setter(|d, v| edit(d, |c| c.routing_weight = v))
                help="0–32000; with two circuits, the connection with the higher weight is preferred."
            />
            <div class="field checkbox">
                <label for="f-connections-0-fastPath">
                    <input
                        type="checkbox"
                        id="f-connections-0-fastPath"
                        aria-describedby="f-connections-0-fastPath-help"
                        prop:checked=move || fast_path.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ctx.design.update(|d| edit(d, |c| c.fast_path = on))
                        }
                    />
                    " FastPath (traffic bypasses the gateway)"
                </label>
                <p class="help" id="f-connections-0-fastPath-help">
                    "Needs an ErGw3AZ, UltraPerformance or ErGwScale (10+ units) gateway."
                </p>
            </div>
            <div class="field checkbox">
                <label for="f-connections-0-crossSubscription">
                    <input
                        type="checkbox"
                        id="f-connections-0-crossSubscription"
                        prop:checked=move || cross.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ctx.design.update(|d| edit(d, |c| c.cross_subscription = on))
                        }
                    />
                    " The circuit is in another subscription"
                </label>
            </div>
            <Show when=move || cross.get()>
                <TextField
                    path="connections[0].authorizationKey"
                    label="Authorization key"
                    value=ctx.text(|d| d.connections.first().map(|c| c.authorization_key.clone()).unwrap_or_default())
                    set=ctx.setter(|d, v| edit(d, |c| c.authorization_key = v))
                    help="A GUID created by the circuit owner (Authorizations on the circuit). One key per connection."
                    placeholder="00000000-0000-0000-0000-000000000000"
                    required=true
                />
            </Show>
        </Show>
    }
}
