//! Microsoft peering: public prefixes, routing registry and the route filter's services.

use super::peering_common::{
    AddPeering, AddressSheet, ListField, PeeringAccess, PeeringFields, PeeringNotices,
    RemovePeering,
};
use crate::domain::catalog::bgp::{COMMUNITIES, ROUTING_REGISTRIES};
use crate::domain::catalog::{self, REGIONS};
use crate::domain::derived::default_route_filter;
use crate::domain::finding::{Finding, Fix};
use crate::domain::fixes::apply_fix;
use crate::domain::model::{Design, MicrosoftPeering};
use crate::domain::records;
use crate::domain::view::field_id;
use crate::ui::fields::{name_options, FindingList, SelectField, TextField};
use crate::ui::help::Help;
use crate::ui::Ctx;
use leptos::prelude::*;

fn ms(d: &Design, i: usize) -> Option<&MicrosoftPeering> {
    d.circuits.get(i).and_then(|c| c.microsoft_peering.as_ref())
}

fn ms_mut(d: &mut Design, i: usize) -> Option<&mut MicrosoftPeering> {
    d.circuits
        .get_mut(i)
        .and_then(|c| c.microsoft_peering.as_mut())
}

/// Index of the route filter linked to circuit `i`'s Microsoft peering.
fn linked_filter(d: &Design, i: usize) -> Option<usize> {
    let name = ms(d, i)?.route_filter.trim().to_string();
    if name.is_empty() {
        return None;
    }
    d.route_filters
        .iter()
        .position(|f| f.name.trim().eq_ignore_ascii_case(&name))
}

/// Creates a route filter for circuit `i` and links it to its Microsoft peering.
fn new_filter(d: &mut Design, i: usize) {
    let Some(c) = d.circuits.get(i) else {
        return;
    };
    let rf = default_route_filter(c, &d.route_filters);
    let name = rf.name.clone();
    d.route_filters.push(rf);
    if let Some(m) = ms_mut(d, i) {
        m.route_filter = name;
    }
}

fn add(d: &mut Design, i: usize) {
    if d.circuits.is_empty() {
        d.circuits.push(Default::default());
    }
    let Some(c) = d.circuits.get_mut(i) else {
        return;
    };
    if c.microsoft_peering.is_some() {
        return;
    }
    c.microsoft_peering = Some(MicrosoftPeering::default());
    new_filter(d, i);
}

fn remove(d: &mut Design, i: usize) {
    let linked = linked_filter(d, i);
    let Some(c) = d.circuits.get_mut(i) else {
        return;
    };
    let Some(m) = c.microsoft_peering.take() else {
        return;
    };
    records::forget(d, &format!("circuits[{i}].microsoftPeering"));
    // Drop the linked route filter too, unless another circuit's Microsoft peering uses it.
    let name = m.route_filter.trim().to_ascii_lowercase();
    let shared = d.circuits.iter().any(|c| {
        c.microsoft_peering
            .as_ref()
            .is_some_and(|o| o.route_filter.trim().eq_ignore_ascii_case(&name))
    });
    if let (Some(k), false) = (linked, shared) {
        records::remove_item(d, "routeFilters", |d| &mut d.route_filters, k);
    }
}

/// Renames route filter `k` and the Microsoft peerings that use it.
fn rename_filter(d: &mut Design, k: usize, name: String) {
    let Some(f) = d.route_filters.get_mut(k) else {
        return;
    };
    let old = std::mem::replace(&mut f.name, name.clone());
    let others_share_old = d
        .route_filters
        .iter()
        .enumerate()
        .any(|(j, f)| j != k && f.name.trim().eq_ignore_ascii_case(old.trim()));
    if others_share_old {
        return;
    }
    for c in &mut d.circuits {
        if let Some(m) = &mut c.microsoft_peering {
            if m.route_filter.trim().eq_ignore_ascii_case(old.trim()) {
                m.route_filter = name.clone();
            }
        }
    }
}

/// The Microsoft peering step.
#[component]
pub fn MicrosoftPeeringStep(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let access = PeeringAccess::microsoft(i);
    let present = Memo::new(move |_| ctx.design.with(|d| ms(d, i).is_some()));
    let on_add = Callback::new(move |()| {
        ctx.design.update(|d| add(d, i));
        ctx.status
            .set("Microsoft peering added, with a new route filter".into());
    });
    let on_remove = Callback::new(move |()| ctx.design.update(|d| remove(d, i)));
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
                        focus=access.path("peerAsn")
                    />
                }
            }
        >
            <RemovePeering label="Microsoft peering" remove=on_remove />
            <PeeringFields
                access
                main=std::sync::Arc::new(move || view! { <MicrosoftFields i /> }.into_any())
                advanced=std::sync::Arc::new(move || view! { <MicrosoftAdvanced i /> }.into_any())
                advanced_paths=["advertisedPrefixesV6", "customerAsn", "routingRegistry"]
                    .iter()
                    .map(|f| access.path(f))
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

/// Readers and writers of circuit `i`'s Microsoft peering fields, for the field components.
struct MsFields<L, T, SL, ST> {
    list: L,
    text: T,
    set_list: SL,
    set_text: ST,
}

/// [`MsFields`] for circuit `i`.
#[allow(clippy::type_complexity)]
fn ms_fields(
    ctx: Ctx,
    i: usize,
) -> MsFields<
    impl Fn(fn(&MicrosoftPeering) -> Vec<String>) -> Signal<Vec<String>> + Copy,
    impl Fn(fn(&MicrosoftPeering) -> String) -> Memo<String> + Copy,
    impl Fn(fn(&mut MicrosoftPeering, Vec<String>)) -> Callback<Vec<String>> + Copy,
    impl Fn(fn(&mut MicrosoftPeering, String)) -> Callback<String> + Copy,
> {
    MsFields {
        list: move |get: fn(&MicrosoftPeering) -> Vec<String>| {
            Signal::derive(move || ctx.design.with(|d| ms(d, i).map(get).unwrap_or_default()))
        },
        text: move |get: fn(&MicrosoftPeering) -> String| {
            Memo::new(move |_| ctx.design.with(|d| ms(d, i).map(get).unwrap_or_default()))
        },
        set_list: move |f: fn(&mut MicrosoftPeering, Vec<String>)| {
            Callback::new(move |v: Vec<String>| {
                ctx.design.update(|d| {
                    if let Some(m) = ms_mut(d, i) {
                        f(m, v)
                    }
                })
            })
        },
        set_text: move |f: fn(&mut MicrosoftPeering, String)| {
            Callback::new(move |v: String| {
                ctx.design.update(|d| {
                    if let Some(m) = ms_mut(d, i) {
                        f(m, v)
                    }
                })
            })
        },
    }
}

#[component]
fn MicrosoftFields(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let access = PeeringAccess::microsoft(i);
    let MsFields {
        list,
        text,
        set_list,
        set_text,
    } = ms_fields(ctx, i);
    let filters = Signal::derive(move || {
        ctx.design
            .with(|d| name_options(d.route_filters.iter().map(|f| &f.name)))
    });
    view! {
        <ListField
            path=access.path("advertisedPrefixes")
            label="Advertised public IPv4 prefixes"
            help="The public prefixes you will announce to Microsoft, registered to you or your ASN. Paste them separated by commas, spaces or new lines."
            value=list(|m| m.advertised_prefixes.clone())
            set=set_list(|m, v| m.advertised_prefixes = v)
            placeholder="Your public prefixes"
        />
        <SelectField
            path=access.path("routeFilter")
            label="Route filter"
            value=text(|m| m.route_filter.clone())
            set=set_text(|m, v| m.route_filter = v)
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
                            let mut made = None;
                            ctx.design.update(|d| {
                                new_filter(d, i);
                                made = d.route_filters.len().checked_sub(1);
                            });
                            // On to its services, the choice the new filter is made for.
                            if let Some(k) = made {
                                let path = format!("routeFilters[{k}].communities");
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
        let path = format!("routeFilters[{k}].communities");
        let id = field_id(&path);
        let msg_id = format!("{id}-msg");
        // The filter's findings except those of its name, rule name and region, which show
        // under their own fields.
        let base = format!("routeFilters[{k}]");
        let region_path = format!("routeFilters[{k}].region");
        let name_path = format!("routeFilters[{k}].name");
        let rule_path = format!("routeFilters[{k}].ruleName");
        let findings: Memo<Vec<Finding>> = {
            let own = [region_path.clone(), name_path.clone(), rule_path.clone()];
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
        let filter_text = move |get: fn(&crate::domain::model::RouteFilter) -> String| {
            Memo::new(move |_| {
                ctx.design
                    .with(|d| d.route_filters.get(k).map(get).unwrap_or_default())
            })
        };
        let set_rule = Callback::new(move |v: String| {
            ctx.design.update(|d| {
                if let Some(f) = d.route_filters.get_mut(k) {
                    f.rule_name = v;
                }
            })
        });
        let fields = view! {
            <TextField
                path=name_path
                label="Route filter name"
                value=filter_text(|f| f.name.clone())
                set=Callback::new(move |v: String| ctx.design.update(|d| rename_filter(d, k, v)))
                help="The routeFilters resource: 1–80 characters, letters, digits, _ . -. Renaming it keeps the peering linked."
                placeholder="rf-azure-global"
                required=true
            />
            <TextField
                path=rule_path
                label="Route filter rule name"
                value=filter_text(|f| f.rule_name.clone())
                set=set_rule
                help="The filter's single Allow rule that lists the communities below."
                placeholder="allow-azure-global-services"
                required=true
            />
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
            <div class="field-row">
            {fields}
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
                        ctx.design
                            .update(|d| {
                                apply_fix(d, &at, &Fix::replace(String::new(), v));
                            })
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
    let MsFields {
        list,
        text,
        set_list,
        set_text,
    } = ms_fields(ctx, i);
    let v6 = Memo::new(move |_| {
        ctx.design
            .with(|d| ms(d, i).is_some_and(|m| m.peering.address_family.has_v6()))
    });
    let registries: Vec<(String, String)> = ROUTING_REGISTRIES
        .iter()
        .map(|r| (r.to_string(), r.to_string()))
        .collect();
    view! {
        <Show when=move || v6.get()>
            <ListField
                path=access.path("advertisedPrefixesV6")
                label="Advertised public IPv6 prefixes"
                help="The public IPv6 prefixes you will announce, registered to you or your ASN."
                value=list(|m| m.advertised_prefixes_v6.clone())
                set=set_list(|m, v| m.advertised_prefixes_v6 = v)
                placeholder="Your public IPv6 prefixes"
            />
        </Show>
        <div class="field-row">
        <TextField
            path=access.path("customerAsn")
            label="Customer ASN"
            value=text(|m| m.customer_asn.clone())
            set=set_text(|m, v| m.customer_asn = v)
            help="Optional: the ASN the prefixes are registered to, when it is not your peer ASN (e.g. your provider's)."
            placeholder="Its public ASN"
        />
        <SelectField
            path=access.path("routingRegistry")
            label="Routing registry"
            value=text(|m| m.routing_registry.clone())
            set=set_text(|m, v| m.routing_registry = v)
            options=Signal::stored(registries)
            placeholder="None"
            help="The registry where your prefixes and ASN are registered (RIPENCC for RIPE NCC). Microsoft checks ownership there."
        />
        </div>
    }
}
