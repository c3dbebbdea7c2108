//! Microsoft peering: public prefixes, routing registry and the route filter's services.

use super::peering_common::{
    AddPeering, AddressSheet, ListField, PeeringAccess, PeeringFields, PeeringNotices,
    RemovePeering,
};
use crate::domain::catalog::{self, REGIONS};
use crate::domain::derived::default_route_filter;
use crate::domain::finding::Finding;
use crate::domain::model::{Design, MicrosoftPeering};
use crate::domain::rules::peering::{COMMUNITIES, ROUTING_REGISTRIES};
use crate::domain::view::field_id;
use crate::ui::fields::{FindingList, SelectField, TextField};
use crate::ui::Ctx;
use leptos::prelude::*;

/// Circuit 0's Microsoft peering (its common fields).
pub const MICROSOFT: PeeringAccess = PeeringAccess {
    base: "circuits[0].microsoftPeering",
    get: |d| {
        d.circuits
            .first()
            .and_then(|c| c.microsoft_peering.as_ref())
            .map(|m| &m.peering)
    },
    get_mut: |d| {
        d.circuits
            .first_mut()
            .and_then(|c| c.microsoft_peering.as_mut())
            .map(|m| &mut m.peering)
    },
    microsoft: true,
};

fn ms(d: &Design) -> Option<&MicrosoftPeering> {
    d.circuits
        .first()
        .and_then(|c| c.microsoft_peering.as_ref())
}

fn ms_mut(d: &mut Design) -> Option<&mut MicrosoftPeering> {
    d.circuits
        .first_mut()
        .and_then(|c| c.microsoft_peering.as_mut())
}

/// Index of the route filter linked to circuit 0's Microsoft peering.
fn linked_filter(d: &Design) -> Option<usize> {
    let name = ms(d)?.route_filter.trim().to_string();
    if name.is_empty() {
        return None;
    }
    d.route_filters
        .iter()
        .position(|f| f.name.trim().eq_ignore_ascii_case(&name))
}

fn add(d: &mut Design) {
    if d.circuits.is_empty() {
        d.circuits.push(Default::default());
    }
    if d.circuits[0].microsoft_peering.is_some() {
        return;
    }
    let rf = default_route_filter(&d.circuits[0], &d.route_filters);
    let name = rf.name.clone();
    d.route_filters.push(rf);
    d.circuits[0].microsoft_peering = Some(MicrosoftPeering {
        route_filter: name,
        ..MicrosoftPeering::default()
    });
}

fn remove(d: &mut Design) {
    let linked = linked_filter(d);
    let Some(c) = d.circuits.first_mut() else {
        return;
    };
    let Some(m) = c.microsoft_peering.take() else {
        return;
    };
    // Drop the linked route filter too, unless another circuit's Microsoft peering uses it.
    let name = m.route_filter.trim().to_ascii_lowercase();
    let shared = d.circuits.iter().any(|c| {
        c.microsoft_peering
            .as_ref()
            .is_some_and(|o| o.route_filter.trim().eq_ignore_ascii_case(&name))
    });
    if let (Some(k), false) = (linked, shared) {
        d.route_filters.remove(k);
    }
}

/// The Microsoft peering step.
#[component]
pub fn MicrosoftPeeringStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let present = Memo::new(move |_| ctx.design.with(|d| ms(d).is_some()));
    let on_add = Callback::new(move |()| {
        ctx.design.update(add);
        ctx.status
            .set("Microsoft peering added, with a new route filter".into());
    });
    let on_remove = Callback::new(move |()| ctx.design.update(remove));
    view! {
        <p class="intro">
            "Microsoft peering reaches Microsoft's public services (Microsoft 365, Azure public endpoints) over your circuit, using public addresses you own. A route filter chooses which services' routes you receive."
        </p>
        <PeeringNotices access=MICROSOFT />
        <Show
            when=move || present.get()
            fallback=move || {
                view! {
                    <AddPeering
                        explanation="This circuit has no Microsoft peering. Most designs need only private peering; add this one if you reach Microsoft 365 or Azure public services through the circuit."
                        label="Add Microsoft peering"
                        add=on_add
                        focus=MICROSOFT.path("peerAsn")
                    />
                }
            }
        >
            <RemovePeering label="Microsoft peering" remove=on_remove />
            <PeeringFields access=MICROSOFT />
            <MicrosoftFields />
            <AddressSheet access=MICROSOFT />
        </Show>
    }
}

#[component]
fn MicrosoftFields() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = move |get: fn(&MicrosoftPeering) -> Vec<String>| {
        Signal::derive(move || ctx.design.with(|d| ms(d).map(get).unwrap_or_default()))
    };
    let text = move |get: fn(&MicrosoftPeering) -> String| {
        Memo::new(move |_| ctx.design.with(|d| ms(d).map(get).unwrap_or_default()))
    };
    let set_list = move |f: fn(&mut MicrosoftPeering, Vec<String>)| {
        Callback::new(move |v: Vec<String>| {
            ctx.design.update(|d| {
                if let Some(m) = ms_mut(d) {
                    f(m, v)
                }
            })
        })
    };
    let set_text = move |f: fn(&mut MicrosoftPeering, String)| {
        Callback::new(move |v: String| {
            ctx.design.update(|d| {
                if let Some(m) = ms_mut(d) {
                    f(m, v)
                }
            })
        })
    };
    let v6 = Memo::new(move |_| {
        ctx.design
            .with(|d| ms(d).is_some_and(|m| m.peering.address_family.has_v6()))
    });
    let registries: Vec<(String, String)> = ROUTING_REGISTRIES
        .iter()
        .map(|r| (r.to_string(), r.to_string()))
        .collect();
    let filters = Signal::derive(move || {
        ctx.design.with(|d| {
            d.route_filters
                .iter()
                .filter(|f| !f.name.trim().is_empty())
                .map(|f| (f.name.clone(), f.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ListField
            path=MICROSOFT.path("advertisedPrefixes")
            label="Advertised public IPv4 prefixes"
            help="The public prefixes you will announce to Microsoft, registered to you or your ASN. Paste them separated by commas, spaces or new lines."
            value=list(|m| m.advertised_prefixes.clone())
            set=set_list(|m, v| m.advertised_prefixes = v)
            placeholder="203.0.113.0/24"
        />
        <Show when=move || v6.get()>
            <ListField
                path=MICROSOFT.path("advertisedPrefixesV6")
                label="Advertised public IPv6 prefixes"
                help="The public IPv6 prefixes you will announce, registered to you or your ASN."
                value=list(|m| m.advertised_prefixes_v6.clone())
                set=set_list(|m, v| m.advertised_prefixes_v6 = v)
                placeholder="2001:db8:100::/48"
            />
        </Show>
        <TextField
            path=MICROSOFT.path("customerAsn")
            label="Customer ASN"
            value=text(|m| m.customer_asn.clone())
            set=set_text(|m, v| m.customer_asn = v)
            help="Optional: the ASN the prefixes are registered to, when it is not your peer ASN (e.g. your provider's)."
            placeholder="64500"
        />
        <SelectField
            path=MICROSOFT.path("routingRegistry")
            label="Routing registry"
            value=text(|m| m.routing_registry.clone())
            set=set_text(|m, v| m.routing_registry = v)
            options=Signal::stored(registries)
            placeholder="None"
            help="The registry where your prefixes and ASN are registered (RIPENCC for RIPE NCC). Microsoft checks ownership there."
        />
        <SelectField
            path=MICROSOFT.path("routeFilter")
            label="Route filter"
            value=text(|m| m.route_filter.clone())
            set=set_text(|m, v| m.route_filter = v)
            options=filters
            placeholder="No route filter"
            help="Microsoft advertises no routes until a route filter allows some services."
            required=true
        />
        <Communities />
    }
}

/// The linked route filter's communities as a checkbox group.
#[component]
fn Communities() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let index = Memo::new(move |_| ctx.design.with(linked_filter));
    move || {
        let Some(k) = index.get() else {
            return view! {
                <p class="help" data-testid="no-filter">
                    "Choose or create a route filter to pick the Microsoft services."
                </p>
            }
            .into_any();
        };
        let path = format!("routeFilters[{k}].communities");
        let id = field_id(&path);
        let msg_id = format!("{id}-msg");
        // The filter's findings except its region's, which show under the region select.
        let base = format!("routeFilters[{k}]");
        let region_path = format!("routeFilters[{k}].region");
        let findings: Memo<Vec<Finding>> = {
            let region_path = region_path.clone();
            Memo::new(move |_| {
                ctx.view.with(|v| {
                    v.at(&base)
                        .filter(|f| f.path != region_path)
                        .cloned()
                        .collect()
                })
            })
        };
        let region = Memo::new(move |_| {
            ctx.design.with(|d| {
                let r = d
                    .route_filters
                    .get(k)
                    .map(|f| f.region.clone())
                    .unwrap_or_default();
                catalog::region(&r).map_or(r, |x| x.name.to_string())
            })
        });
        let regions: Vec<(String, String)> = REGIONS
            .iter()
            .map(|r| (r.name.to_string(), r.display_name.to_string()))
            .collect();
        let set_region = Callback::new(move |v: String| {
            ctx.design.update(|d| {
                if let Some(f) = d.route_filters.get_mut(k) {
                    f.region = v;
                }
            })
        });
        let chosen = Memo::new(move |_| {
            ctx.design.with(|d| {
                d.route_filters
                    .get(k)
                    .map(|f| f.communities.clone())
                    .unwrap_or_default()
            })
        });
        let options = Memo::new(move |_| {
            let mut v: Vec<(String, String)> = COMMUNITIES
                .iter()
                .map(|(c, n)| (c.to_string(), n.to_string()))
                .collect();
            for c in chosen.get() {
                if !v.iter().any(|(x, _)| *x == c) {
                    v.push((c, "Other community".to_string()));
                }
            }
            v
        });
        let toggle = move |value: String, on: bool| {
            ctx.design.update(|d| {
                if let Some(f) = d.route_filters.get_mut(k) {
                    f.communities.retain(|c| *c != value);
                    if on {
                        f.communities.push(value);
                    }
                }
            })
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
            <SelectField
                path=region_path
                label="Route filter region"
                value=region
                set=set_region
                options=Signal::stored(regions)
                placeholder="Select a region"
                help="Azure region of the route filter resource; usually the circuit's region."
                required=true
            />
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
                <FindingList id=msg_id findings apply=Callback::new(|_: String| {}) />
            </fieldset>
        }
        .into_any()
    }
}
