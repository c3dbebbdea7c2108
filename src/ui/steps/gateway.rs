//! Virtual network & gateway: the VNet, its GatewaySubnet (with a sizing advisor) and the
//! ExpressRoute gateway (SKU table, scale units).

use crate::domain::advice::gateway_subnet_advice;
use crate::domain::choices;
use crate::domain::edit::{gateway_subnet, gateway_subnet_path, Edit};
use crate::domain::field::lens::Value;
use crate::domain::field::{
    FieldPath, GatewayField, GatewayKey, List, SubnetKey, VnetField, VnetKey,
};
use crate::domain::model::{split_list, GatewaySku};
use crate::ui::fields::{SelectField, TextField};
use crate::ui::pager::{shown, Pager};
use crate::ui::{open_field, Ctx};
use leptos::prelude::*;

/// The Virtual network & gateway step: each virtual network with its GatewaySubnet, then each
/// gateway (a page at a time when there are many, see [`crate::ui::pager`]).
#[component]
pub fn GatewayStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let vnets = Memo::new(move |_| ctx.design.with(|d| d.virtual_networks.len()));
    let gateways = Memo::new(move |_| ctx.design.with(|d| d.gateways.len()));
    let vnet_page = ctx.pages.of(List::VirtualNetworks);
    let gateway_page = ctx.pages.of(List::Gateways);
    let vnets_shown = shown(vnets, vnet_page);
    let gateways_shown = shown(gateways, gateway_page);
    view! {
        <p class="intro">
            "The virtual network your circuit connects to, its GatewaySubnet, and the ExpressRoute gateway that links them."
        </p>
        <Pager what="Virtual networks" count=vnets page=vnet_page />
        {move || {
            let many = vnets.get_untracked() > 1;
            vnets_shown.get().map(|k| view! { <VnetFields k many /> }).collect_view()
        }}
        <Pager what="Gateways" count=gateways page=gateway_page />
        {move || {
            let many = gateways.get_untracked() > 1;
            gateways_shown.get().map(|k| view! { <GatewayFields k many /> }).collect_view()
        }}
        <button
            type="button"
            class="add"
            data-testid=move || if vnets.get() == 0 { "add-gateway" } else { "add-another-gateway" }
            on:click=move |_| {
                if let Some(at) = ctx.apply(Edit::AddVnetAndGateway).added {
                    let k = at.item().map_or(0, |(_, k)| k);
                    ctx.status.set(format!("Virtual network {} and its gateway added", k + 1));
                    // The new virtual network's first field.
                    open_field(ctx, &at.text());
                }
            }
        >
            {move || {
                if vnets.get() == 0 {
                    "Add a virtual network and gateway"
                } else {
                    "Add another virtual network and gateway"
                }
            }}
        </button>
        <Show when=move || { gateways.get() > 0 }>
            <p class="help">
                "A public IP is no longer needed: Azure assigns a Microsoft-managed one to new ExpressRoute gateways. Creating a gateway takes up to 45 minutes."
            </p>
        </Show>
    }
}

/// Virtual network `k`'s fields: name, region, address spaces and GatewaySubnet (with the
/// advisor's free prefix). `many`: the design has several, so the heading numbers them.
#[component]
fn VnetFields(k: usize, many: bool) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let field = move |key| FieldPath::Vnet(k, Some(VnetField::Key(key)));
    let id = move |part: &str| format!("{}-{part}", FieldPath::Vnet(k, None).dom_id());
    let gw_index = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.virtual_networks
                .get(k)
                .and_then(gateway_subnet)
                .unwrap_or(0)
        })
    });
    let spaces = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.virtual_networks
                .get(k)
                .map(|v| v.address_spaces.clone())
                .unwrap_or_default()
        })
    });
    // The text as typed: kept while it still means the same list, so a trailing comma or new
    // line being typed is not normalised away under the cursor.
    let raw = RwSignal::new(String::new());
    let suggestion = Memo::new(move |_| ctx.design.with(|d| gateway_subnet_advice(d, k)));
    let region = Memo::new(move |_| {
        ctx.design
            .with(|d| choices::region_value(&field(VnetKey::Region).read_text(d)))
    });
    let subnet = Memo::new(move |_| ctx.design.with(|d| gateway_subnet_path(d, k).read_text(d)));

    let spaces_id = id("addressSpaces");
    view! {
        <h3>{if many { format!("Virtual network {}", k + 1) } else { "Virtual network".to_string() }}</h3>
        <TextField
            field=field(VnetKey::Name)
            label="Virtual network name"
            help="2–64 characters: letters, digits, _ . -"
            required=true
        />
        <SelectField
            field=field(VnetKey::Region)
            label="Region"
            value=region
            options=Signal::stored(choices::regions(false))
            placeholder="Select a region"
            help="The gateway and the connection are created in the same region."
            required=true
        />
        <div class="field">
            <label for=spaces_id.clone()>"Address spaces"</label>
            <p class="help" id=id("addressSpaces-help")>
                "One prefix per line (or separated by commas), e.g. 10.1.0.0/16. They must not overlap your on-premises ranges or the peering subnets."
            </p>
            <textarea
                id=spaces_id
                rows="3"
                spellcheck="false"
                aria-describedby=format!("{} {}", id("addressSpaces-help"), id("addressSpaces-msg"))
                prop:value=move || {
                    let list = spaces.get();
                    let typed = raw.get_untracked();
                    if split_list(&typed) == list { typed } else { list.join("\n") }
                }
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    raw.set(text.clone());
                    ctx.apply(Edit::Set(field(VnetKey::AddressSpaces), Value::List(split_list(&text))));
                }
            ></textarea>
            <crate::ui::fields::FindingList
                id=id("addressSpaces-msg")
                findings=crate::ui::fields::findings_for(ctx, field(VnetKey::AddressSpaces).text(), None)
                apply_at=Callback::new(move |(path, value): (String, String)| {
                    // A fix of one address space replaces it.
                    if let Some(at) = FieldPath::parse(&path) {
                        ctx.apply(Edit::SetItem(at, value));
                    }
                })
            />
        </div>
        {move || {
            let s = gw_index.get();
            view! {
                <TextField
                    field=FieldPath::Vnet(k, Some(VnetField::Subnet(s, Some(SubnetKey::AddressPrefix))))
                    label="GatewaySubnet"
                    value=subnet
                    set=Callback::new(move |v| {
                        ctx.apply(Edit::GatewaySubnet(k, v));
                    })
                    help="A /27 or larger from the VNet's space (/26 if 16 circuits will connect). Nothing else may be deployed in it."
                    placeholder="10.1.255.0/27"
                    required=true
                />
            }
        }}
        {move || {
            suggestion
                .get()
                .map(|(s, len)| {
                    let value = s.clone();
                    view! {
                        <p class="advisor" data-testid="gateway-subnet-advice">
                            {format!("Free /{len} in this VNet: {s}. ")}
                            <button
                                type="button"
                                class="fix"
                                on:click=move |_| {
                                    ctx.apply(Edit::GatewaySubnet(k, value.clone()));
                                    let at = ctx.design.with_untracked(|d| gateway_subnet_path(d, k));
                                    open_field(ctx, &at.text());
                                }
                            >
                                {format!("Use {s}")}
                            </button>
                        </p>
                    }
                })
        }}
    }
}

/// Gateway `k`'s fields: name, SKU and (ErGwScale) its scale units. `many`: the design has
/// several, so the heading numbers them.
#[component]
fn GatewayFields(k: usize, many: bool) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let field = move |key| FieldPath::Gateway(k, Some(GatewayField::Key(key)));
    let is_scale = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.gateways
                .get(k)
                .is_some_and(|g| g.sku == GatewaySku::ErGwScale)
        })
    });
    view! {
        <h3>{if many { format!("ExpressRoute gateway {}", k + 1) } else { "ExpressRoute gateway".to_string() }}</h3>
        <TextField
            field=field(GatewayKey::Name)
            label="Gateway name"
            required=true
        />
        <SelectField
            field=field(GatewayKey::Sku)
            label="Gateway SKU"
            options=Signal::stored(choices::gateway_skus())
            placeholder="Select a SKU"
            help="Zone-redundant (AZ) SKUs are recommended. FastPath needs ErGw3AZ, UltraPerformance or ErGwScale with 10+ units."
            required=true
            term="ergwscale"
        />
        <Show when=move || is_scale.get()>
            <TextField
                field=field(GatewayKey::MinScaleUnits)
                label="Minimum scale units"
                help="1–40. Each unit adds 1 Gbps."
                required=true
            />
            <TextField
                field=field(GatewayKey::MaxScaleUnits)
                label="Maximum scale units"
                help="Equal to the minimum for a fixed size; larger to autoscale."
                required=true
            />
        </Show>
    }
}
