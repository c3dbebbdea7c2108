//! Microsoft peering: public prefixes, routing registry and the route filter's services.

use super::peering_common::{
    AddPeering, AddressSheet, ListField, PeeringAccess, PeeringFields, PeeringNotices,
    RemovePeering,
};
use crate::domain::choices;
use crate::domain::edit::{linked_filter, Edit};
use crate::domain::field::{FieldPath, FilterField, FilterKey, PeeringKey, Side};
use crate::domain::finding::{Finding, Fix};
use crate::domain::model::{Design, MicrosoftPeering};
use crate::ui::fields::{FindingList, SelectField, TextField};
use crate::ui::help::Help;
use crate::ui::Ctx;
use leptos::prelude::*;

fn ms(d: &Design, i: usize) -> Option<&MicrosoftPeering> {
    d.circuits.get(i).and_then(|c| c.microsoft_peering.as_ref())
}

/// The Microsoft peering step.
#[component]
pub fn MicrosoftPeeringStep(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let access = PeeringAccess::microsoft(i);
    let present = Memo::new(move |_| ctx.design.with(|d| ms(d, i).is_some()));
    let on_add = Callback::new(move |()| {
        ctx.apply(Edit::AddPeering(i, Side::Microsoft));
        ctx.status
            .set("Microsoft peering added, with a new route filter".into());
    });
    let on_remove = Callback::new(move |()| {
        ctx.apply(Edit::RemovePeering(i, Side::Microsoft));
    });
    view! {
        <p class="intro">
            "Microsoft peering" <Help term="microsoft-peering" />
            " reaches Microsoft's public services (Microsoft 365, Azure public endpoints) over your circuit, using public addresses you own. A route filter chooses which services' routes you receive."
        </p>
        <PeeringNotices access />
        <Show
            when=move || present.get()
            fallback=move || {
                view! {
                    <AddPeering
                        explanation="This circuit has no Microsoft peering. Most designs need only private peering; add this one if you reach Microsoft 365 or Azure public services through the circuit."
                        label="Add Microsoft peering"
                        add=on_add
                        focus=access.field(PeeringKey::PeerAsn)
                    />
                }
            }
        >
            <RemovePeering label="Microsoft peering" remove=on_remove />
            <PeeringFields
                access
                main=std::sync::Arc::new(move || view! { <MicrosoftFields i /> }.into_any())
                advanced=std::sync::Arc::new(move || view! { <MicrosoftAdvanced i /> }.into_any())
                advanced_paths=[
                    PeeringKey::AdvertisedPrefixesV6,
                    PeeringKey::CustomerAsn,
                    PeeringKey::RoutingRegistry,
                ]
                    .into_iter()
                    .map(|k| access.field(k))
                    .collect()
                advanced_set=Signal::derive(move || {
                    ctx.design
                        .with(|d| {
                            ms(d, i)
                                .is_some_and(|m| {
                                    !m.customer_asn.trim().is_empty()
                                        || !m.routing_registry.trim().is_empty()
                                        || !m.advertised_prefixes_v6.is_empty()
                                })
                        })
                })
            />
            <AddressSheet access />
        </Show>
    }
}

#[component]
fn MicrosoftFields(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let access = PeeringAccess::microsoft(i);
    let filters = Signal::derive(move || {
        ctx.design
            .with(|d| choices::names(d.route_filters.iter().map(|f| &f.name)))
    });
    view! {
        <ListField
            field=access.field(PeeringKey::AdvertisedPrefixes)
            label="Advertised public IPv4 prefixes"
            help="The public prefixes you will announce to Microsoft, registered to you or your ASN. Paste them separated by commas, spaces or new lines."
            placeholder="Your public prefixes"
        />
        <SelectField
            field=access.field(PeeringKey::RouteFilter)
            label="Route filter"
            options=filters
            placeholder="No route filter"
            help="Microsoft advertises no routes until a route filter allows some services."
            required=true
            term="route-filter"
        />
        <RouteFilterFields i />
    }
}

/// The linked route filter: its name, rule name and region, and its communities as a checkbox
/// group.
#[component]
fn RouteFilterFields(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The linked filter; kept while its name is being retyped (the peering's reference follows
    // the name, so an emptied name still means this filter).
    let index = Memo::new(move |prev: Option<&Option<usize>>| {
        ctx.design.with(|d| {
            linked_filter(d, i).or_else(|| {
                let k = (*prev?)?;
                let f = d.route_filters.get(k)?;
                let m = ms(d, i)?;
                (f.name.trim().is_empty() && m.route_filter.trim().is_empty()).then_some(k)
            })
        })
    });
    move || {
        let Some(k) = index.get() else {
            return view! {
                <div class="peering-actions" data-testid="no-filter">
                    <p class="help">
                        "Choose or create a route filter to pick the Microsoft services."
                    </p>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="create-filter"
                        on:click=move |_| {
                            // On to its services, the choice the new filter is made for.
                            if let Some(at) = ctx.apply(Edit::NewRouteFilter(i)).added {
                                let path = at.text();
                                crate::ui::when_drawn(move || crate::ui::try_focus_field(&path));
                            }
                        }
                    >
                        "Create a route filter"
                    </button>
                </div>
            }
            .into_any();
        };
        let filter_field = move |key| FieldPath::RouteFilter(k, Some(FilterField::Key(key)));
        let id = filter_field(FilterKey::Communities).dom_id();
        let msg_id = format!("{id}-msg");
        // The filter's findings except those of its name, rule name and region, which show
        // under their own fields.
        let base = FieldPath::RouteFilter(k, None).text();
        let findings: Memo<Vec<Finding>> = {
            let own = [FilterKey::Region, FilterKey::Name, FilterKey::RuleName]
                .map(|key| filter_field(key).text());
            Memo::new(move |_| {
                ctx.view.with(|v| {
                    v.at(&base)
                        .filter(|f| !own.contains(&f.path))
                        .cloned()
                        .collect()
                })
            })
        };
        let findings = crate::ui::fields::shown(ctx, findings.into());
        let fields = view! {
            <TextField
                field=filter_field(FilterKey::Name)
                label="Route filter name"
                help="The routeFilters resource: 1–80 characters, letters, digits, _ . -. Renaming it keeps the peering linked."
                placeholder="rf-azure-global"
                required=true
            />
            <TextField
                field=filter_field(FilterKey::RuleName)
                label="Route filter rule name"
                help="The filter's single Allow rule that lists the communities below."
                placeholder="allow-azure-global-services"
                required=true
            />
        };
        let region = Memo::new(move |_| {
            ctx.design
                .with(|d| choices::region_value(&filter_field(FilterKey::Region).read_text(d)))
        });
        let chosen = Memo::new(move |_| {
            ctx.design.with(|d| {
                d.route_filters
                    .get(k)
                    .map(|f| f.communities.clone())
                    .unwrap_or_default()
            })
        });
        let options = Memo::new(move |_| chosen.with(|c| choices::communities(c)));
        let toggle = move |value: String, on: bool| {
            ctx.apply(Edit::Community(k, value, on));
        };
        let name = Memo::new(move |_| {
            ctx.design.with(|d| {
                d.route_filters
                    .get(k)
                    .map(|f| f.name.clone())
                    .unwrap_or_default()
            })
        });
        let id2 = id.clone();
        let described = msg_id.clone();
        view! {
            <div class="field-row">
            {fields}
            <SelectField
                field=filter_field(FilterKey::Region)
                label="Route filter region"
                value=region
                options=Signal::stored(choices::regions(false))
                placeholder="Select a region"
                help="Azure region of the route filter resource; usually the circuit's region."
                required=true
            />
            </div>
            <fieldset class="field checks" id=id aria-describedby=described>
                <legend>
                    {move || format!("Services allowed by route filter {}", name.get())}
                </legend>
                <p class="help">
                    "Each service is a BGP community; Microsoft 365 services also need Microsoft's authorization and the Premium add-on."
                </p>
                <div class="check-grid">
                    <For
                        each=move || options.get()
                        key=|(c, _)| c.clone()
                        children=move |(c, n)| {
                            let cid = format!("{id2}-{}", c.replace(':', "-"));
                            let for_id = cid.clone();
                            let value = c.clone();
                            let checked = c.clone();
                            view! {
                                <label class="check" for=for_id>
                                    <input
                                        type="checkbox"
                                        id=cid
                                        value=c.clone()
                                        prop:checked=move || chosen.with(|v| v.contains(&checked))
                                        on:change=move |ev| {
                                            toggle(value.clone(), event_target_checked(&ev))
                                        }
                                    />
                                    <span class="check-value">{c.clone()}</span>
                                    <span class="check-name">{n}</span>
                                </label>
                            }
                        }
                    />
                </div>
                // A community's fix (its canonical form) applies to that community.
                <FindingList
                    id=msg_id
                    findings
                    apply_at=Callback::new(move |(at, v): (String, String)| {
                        ctx.apply(Edit::Fix(at, Fix::replace(String::new(), v)));
                    })
                />
            </fieldset>
        }
        .into_any()
    }
}

/// Microsoft peering's own advanced fields: IPv6 prefixes, customer ASN, routing registry.
#[component]
fn MicrosoftAdvanced(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let access = PeeringAccess::microsoft(i);
    let v6 = Memo::new(move |_| {
        ctx.design
            .with(|d| ms(d, i).is_some_and(|m| m.peering.address_family.has_v6()))
    });
    view! {
        <Show when=move || v6.get()>
            <ListField
                field=access.field(PeeringKey::AdvertisedPrefixesV6)
                label="Advertised public IPv6 prefixes"
                help="The public IPv6 prefixes you will announce, registered to you or your ASN."
                placeholder="Your public IPv6 prefixes"
            />
        </Show>
        <div class="field-row">
        <TextField
            field=access.field(PeeringKey::CustomerAsn)
            label="Customer ASN"
            help="Optional: the ASN the prefixes are registered to, when it is not your peer ASN (e.g. your provider's)."
            placeholder="Its public ASN"
        />
        <SelectField
            field=access.field(PeeringKey::RoutingRegistry)
            label="Routing registry"
            options=Signal::stored(choices::routing_registries())
            placeholder="None"
            help="The registry where your prefixes and ASN are registered (RIPENCC for RIPE NCC). Microsoft checks ownership there."
        />
        </div>
    }
}
