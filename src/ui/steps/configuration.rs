//! Configuration: port type, provider or Direct port, peering location, bandwidth, SKU, billing.

use crate::domain::catalog::circuit::{bandwidth_label, direct_sizes, PROVIDER_BANDWIDTHS};
use crate::domain::catalog::{self, PEERING_LOCATIONS};
use crate::domain::circuits::{choose_direct, new_port, port_of, put_on_port};
use crate::domain::model::{DirectPort, Encapsulation, PortType, SkuFamily, SkuTier};
use crate::ui::fields::{RadioField, SelectField, TextField};
use crate::ui::Ctx;
use leptos::prelude::*;

fn port_type_str(p: PortType) -> &'static str {
    match p {
        PortType::Provider => "Provider",
        PortType::Direct => "Direct",
    }
}

fn tier_str(t: SkuTier) -> &'static str {
    match t {
        SkuTier::Local => "Local",
        SkuTier::Standard => "Standard",
        SkuTier::Premium => "Premium",
        SkuTier::Basic => "Basic",
    }
}

fn family_str(f: SkuFamily) -> &'static str {
    match f {
        SkuFamily::MeteredData => "MeteredData",
        SkuFamily::UnlimitedData => "UnlimitedData",
    }
}

/// The Configuration step.
#[component]
pub fn Configuration(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let port_type = Memo::new(move |_| {
        ctx.design
            .with(|d| d.circuits.get(i).map(|c| c.port_type).unwrap_or_default())
    });
    let set_port = Callback::new(move |v: String| {
        ctx.design.update(|d| {
            let direct = v == "Direct";
            if let Some(c) = d.circuits.get_mut(i) {
                c.port_type = if direct {
                    PortType::Direct
                } else {
                    PortType::Provider
                };
                c.rate_limiting = false;
                if direct {
                    c.provider.clear();
                } else {
                    c.direct_port.clear();
                    c.bandwidth_gbps.clear();
                }
            }
            if direct {
                choose_direct(d, i);
            }
        })
    });
    let tier = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.circuits
                .get(i)
                .map(|c| tier_str(c.sku_tier))
                .unwrap_or("Standard")
                .to_string()
        })
    });
    let family = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.circuits
                .get(i)
                .map(|c| family_str(c.sku_family))
                .unwrap_or("MeteredData")
                .to_string()
        })
    });
    view! {
        <p class="intro">
            "How the circuit reaches Microsoft: through a connectivity provider at a peering location, or on your own ExpressRoute Direct ports."
        </p>
        <RadioField
            path=format!("circuits[{i}].portType")
            label="Port type"
            value=Signal::derive(move || port_type_str(port_type.get()).to_string())
            set=set_port
            options=vec![
                ("Provider", "Provider", "A connectivity provider delivers the circuit."),
                ("Direct", "ExpressRoute Direct", "Your own 10 or 100 Gbps ports at a peering location."),
            ]
        />
        <Show when=move || port_type.get() == PortType::Provider fallback=move || view! { <DirectFields i /> }>
            <ProviderFields i />
        </Show>
        <RadioField
            path=format!("circuits[{i}].skuTier")
            label="SKU"
            value=tier
            set=Callback::new(move |v: String| {
                ctx.edit_circuit(|c| {
                    c.sku_tier = match v.as_str() {
                        "Local" => SkuTier::Local,
                        "Premium" => SkuTier::Premium,
                        _ => SkuTier::Standard,
                    }
                })
            })
            options=vec![
                ("Local", "Local", "Only the Azure region(s) local to the peering location; data included."),
                ("Standard", "Standard", "Azure regions in the peering location's geopolitical region."),
                ("Premium", "Premium", "All regions worldwide, more routes and VNet links, Microsoft 365."),
            ]
        />
        <RadioField
            path=format!("circuits[{i}].skuFamily")
            label="Billing model"
            value=family
            set=Callback::new(move |v: String| {
                ctx.edit_circuit(|c| {
                    c.sku_family = if v == "UnlimitedData" {
                        SkuFamily::UnlimitedData
                    } else {
                        SkuFamily::MeteredData
                    }
                })
            })
            options=vec![
                ("MeteredData", "Metered", "Outbound data billed per GB. Can change to Unlimited later."),
                ("UnlimitedData", "Unlimited", "Flat rate including outbound data. Cannot change back to Metered."),
            ]
        />
    }
}

#[component]
fn ProviderFields(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let location = ctx.circuit_text(|c| c.peering_location.clone());
    let provider = ctx.circuit_text(|c| c.provider.clone());
    let bandwidth = ctx.circuit_text(|c| c.bandwidth_mbps.trim().to_string());
    let locations: Vec<(String, String)> = PEERING_LOCATIONS
        .iter()
        .map(|l| {
            (
                l.name.to_string(),
                format!("{} ({}, zone {})", l.name, l.geopolitical_region, l.zone),
            )
        })
        .collect();
    // The options show each provider's display name and hold the name ARM takes (U19).
    let providers = Signal::derive(move || {
        let loc = location.get();
        let current = provider.get();
        let mut list: Vec<(String, String)> = match catalog::peering_location(&loc) {
            Some(l) => l
                .providers_sorted()
                .map(|p| (p.name.to_string(), p.label()))
                .collect(),
            None => catalog::all_providers()
                .iter()
                .filter_map(|n| catalog::provider(n))
                .map(|p| (p.name.to_string(), p.label()))
                .collect(),
        };
        if !current.is_empty() && !list.iter().any(|(v, _)| *v == current) {
            let label = match catalog::provider(&current) {
                Some(p) if p.name != current => {
                    format!("{current} (written as {} in Azure)", p.name)
                }
                _ => format!("{current} (not offered here)"),
            };
            list.insert(0, (current.clone(), label));
        }
        list
    });
    let bandwidths: Vec<(String, String)> = PROVIDER_BANDWIDTHS
        .iter()
        .map(|b| (b.to_string(), bandwidth_label(*b)))
        .collect();
    view! {
        <SelectField
            path=format!("circuits[{i}].peeringLocation")
            label="Peering location"
            value=location
            set=Callback::new(move |v: String| ctx.edit_circuit(|c| c.peering_location = v))
            options=Signal::stored(locations)
            placeholder="Select a peering location"
            help="The meet-me site where your provider connects to Microsoft (not an Azure region). Its zone is the pricing zone."
            required=true
            term="zone"
        />
        <SelectField
            path=format!("circuits[{i}].provider")
            label="Provider"
            value=provider
            set=Callback::new(move |v: String| ctx.edit_circuit(|c| c.provider = v))
            options=providers
            placeholder="Select a provider"
            help="Only the providers offering circuits at the chosen peering location are listed."
            required=true
        />
        <SelectField
            path=format!("circuits[{i}].bandwidthMbps")
            label="Bandwidth"
            value=bandwidth
            set=Callback::new(move |v: String| ctx.edit_circuit(|c| c.bandwidth_mbps = v))
            options=Signal::stored(bandwidths)
            placeholder="Select a bandwidth"
            help="Can be increased later without downtime; decreasing needs a new circuit."
            required=true
        />
    }
}

/// The option of the port pair select that creates a new pair.
const NEW_PORT: &str = "new";

/// The ExpressRoute Direct fields of circuit `i`: which port pair it is on (an existing one or a
/// new one), that pair's settings, and the circuit's bandwidth on it.
#[component]
fn DirectFields(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The port pair this circuit is on (the first one when it names none that exists).
    let port = Memo::new(move |_| ctx.design.with(|d| port_of(d, i)));
    let choices = Signal::derive(move || {
        ctx.design.with(|d| {
            let mut out: Vec<(String, String)> = d
                .direct_ports
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let name = if p.name.trim().is_empty() {
                        "(not named yet)"
                    } else {
                        p.name.trim()
                    };
                    let at = if p.peering_location.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", p.peering_location.trim())
                    };
                    (k.to_string(), format!("{name}{at}"))
                })
                .collect();
            out.push((NEW_PORT.to_string(), "A new port pair".to_string()));
            out
        })
    });
    let choose = Callback::new(move |v: String| {
        ctx.design.update(|d| {
            if v == NEW_PORT {
                new_port(d, i);
                return;
            }
            if let Ok(k) = v.parse::<usize>() {
                put_on_port(d, i, k);
            }
        })
    });
    view! {
        <SelectField
            path=format!("circuits[{i}].directPort")
            label="Port pair"
            value=Signal::derive(move || port.get().map(|k| k.to_string()).unwrap_or_default())
            set=choose
            options=choices
            placeholder="Select a port pair"
            help="The ExpressRoute Direct port pair (expressRoutePorts resource) this circuit is created on. A second circuit for maximum resiliency needs its own pair at another peering location."
            required=true
        />
        {move || {
            let k = port.get().unwrap_or(0);
            view! { <PortFields i k /> }
        }}
    }
}

/// The settings of port pair `k` and circuit `i`'s bandwidth on it.
#[component]
fn PortFields(i: usize, k: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let port_text = move |get: fn(&DirectPort) -> String| {
        Memo::new(move |_| {
            ctx.design
                .with(|d| d.direct_ports.get(k).map(get).unwrap_or_default())
        })
    };
    let edit_port = move |f: fn(&mut DirectPort, String)| {
        Callback::new(move |v: String| {
            ctx.design.update(|d| {
                if d.direct_ports.is_empty() {
                    d.direct_ports.push(DirectPort::default());
                }
                let old = d
                    .direct_ports
                    .get(k)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                if let Some(p) = d.direct_ports.get_mut(k) {
                    f(p, v);
                    let new = p.name.clone();
                    // The circuit follows its port's name.
                    for c in d
                        .circuits
                        .iter_mut()
                        .filter(|c| c.port_type == PortType::Direct && c.direct_port == old)
                    {
                        c.direct_port = new.clone();
                    }
                }
            })
        })
    };
    let port_gbps = port_text(|p| p.bandwidth_gbps.trim().to_string());
    let direct_locations: Vec<(String, String)> = PEERING_LOCATIONS
        .iter()
        .filter(|l| l.er_direct)
        .map(|l| (l.name.to_string(), l.name.to_string()))
        .collect();
    let sizes = Signal::derive(move || {
        let g: u32 = port_gbps.get().parse().unwrap_or(10);
        direct_sizes(g)
            .iter()
            .map(|s| (s.to_string(), format!("{s} Gbps")))
            .collect::<Vec<_>>()
    });
    view! {
        <TextField
            path=format!("directPorts[{k}].name")
            label="ExpressRoute Direct port name"
            value=port_text(|p| p.name.clone())
            set=edit_port(|p, v| p.name = v)
            help="The expressRoutePorts resource: 1–80 characters, letters, digits, _ . -. Renaming it keeps its circuits on it."
            placeholder="erd-amsterdam-01"
            required=true
        />
        <SelectField
            path=format!("directPorts[{k}].peeringLocation")
            label="Port peering location"
            value=port_text(|p| p.peering_location.clone())
            set=edit_port(|p, v| p.peering_location = v)
            options=Signal::stored(direct_locations)
            placeholder="Select a location with ExpressRoute Direct"
            required=true
        />
        <SelectField
            path=format!("directPorts[{k}].bandwidthGbps")
            label="Port size"
            value=port_gbps
            set=edit_port(|p, v| p.bandwidth_gbps = v)
            options=Signal::stored(vec![
                ("10".to_string(), "10 Gbps port pair".to_string()),
                ("100".to_string(), "100 Gbps port pair".to_string()),
            ])
            placeholder="Select a port size"
            required=true
        />
        <SelectField
            path=format!("directPorts[{k}].encapsulation")
            label="Encapsulation"
            value=port_text(|p| match p.encapsulation {
                Encapsulation::Dot1Q => "Dot1Q".to_string(),
                Encapsulation::QinQ => "QinQ".to_string(),
            })
            set=edit_port(|p, v| {
                p.encapsulation = if v == "QinQ" { Encapsulation::QinQ } else { Encapsulation::Dot1Q }
            })
            options=Signal::stored(vec![
                ("Dot1Q".to_string(), "Dot1Q (802.1Q)".to_string()),
                ("QinQ".to_string(), "QinQ (802.1ad)".to_string()),
            ])
            placeholder="Select"
            help="Dot1Q: each VLAN must be unique across the whole port pair. QinQ: Azure assigns an S-Tag per circuit."
        />
        <SelectField
            path=format!("circuits[{i}].bandwidthGbps")
            label="Circuit bandwidth"
            value=ctx.circuit_text(|c| c.bandwidth_gbps.trim().to_string())
            set=Callback::new(move |v: String| ctx.edit_circuit(|c| c.bandwidth_gbps = v))
            options=sizes
            placeholder="Select a bandwidth"
            help="The circuits on a port pair may add up to twice the port size."
            required=true
        />
    }
}
