//! Configuration: port type, provider or Direct port, peering location, bandwidth, SKU, billing.

use crate::domain::choices;
use crate::domain::circuits::port_of;
use crate::domain::edit::Edit;
use crate::domain::field::{circuit, CircuitKey, FieldPath, PortKey};
use crate::domain::model::PortType;
use crate::ui::fields::{RadioField, SelectField, TextField};
use crate::ui::Ctx;
use leptos::prelude::*;

/// The Configuration step.
#[component]
pub fn Configuration(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let port_type = Memo::new(move |_| {
        ctx.design
            .with(|d| d.circuits.get(i).map(|c| c.port_type).unwrap_or_default())
    });
    view! {
        <p class="intro">
            "How the circuit reaches Microsoft: through a connectivity provider at a peering location, or on your own ExpressRoute Direct ports."
        </p>
        <RadioField
            field=circuit(i, CircuitKey::PortType)
            label="Port type"
            options=vec![
                ("Provider", "Provider", "A connectivity provider delivers the circuit."),
                ("Direct", "ExpressRoute Direct", "Your own 10 or 100 Gbps ports at a peering location."),
            ]
        />
        <Show when=move || port_type.get() == PortType::Provider fallback=move || view! { <DirectFields i /> }>
            <ProviderFields i />
        </Show>
        <RadioField
            field=circuit(i, CircuitKey::SkuTier)
            label="SKU"
            options=vec![
                ("Local", "Local", "Only the Azure region(s) local to the peering location; data included."),
                ("Standard", "Standard", "Azure regions in the peering location's geopolitical region."),
                ("Premium", "Premium", "All regions worldwide, more routes and VNet links, Microsoft 365."),
            ]
        />
        <RadioField
            field=circuit(i, CircuitKey::SkuFamily)
            label="Billing model"
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
    // The options show each provider's display name and hold the name ARM takes (U19).
    let providers = Signal::derive(move || choices::providers(&location.get(), &provider.get()));
    view! {
        <SelectField
            field=circuit(i, CircuitKey::PeeringLocation)
            label="Peering location"
            value=location
            options=Signal::stored(choices::peering_locations())
            placeholder="Select a peering location"
            help="The meet-me site where your provider connects to Microsoft (not an Azure region). Its zone is the pricing zone."
            required=true
            term="zone"
        />
        <SelectField
            field=circuit(i, CircuitKey::Provider)
            label="Provider"
            value=provider
            options=providers
            placeholder="Select a provider"
            help="Only the providers offering circuits at the chosen peering location are listed."
            required=true
        />
        <SelectField
            field=circuit(i, CircuitKey::BandwidthMbps)
            label="Bandwidth"
            value=bandwidth
            options=Signal::stored(choices::provider_bandwidths())
            placeholder="Select a bandwidth"
            help="Can be increased later without downtime; decreasing needs a new circuit."
            required=true
        />
    }
}

/// The ExpressRoute Direct fields of circuit `i`: which port pair it is on (an existing one or a
/// new one), that pair's settings, and the circuit's bandwidth on it.
#[component]
fn DirectFields(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The port pair this circuit is on (the first one when it names none that exists).
    let port = Memo::new(move |_| ctx.design.with(|d| port_of(d, i)));
    let options = Signal::derive(move || ctx.design.with(choices::port_pairs));
    let choose = Callback::new(move |v: String| {
        if let Some(port) = choices::port_pair_of(&v) {
            ctx.apply(Edit::ChoosePort(i, port));
        }
    });
    view! {
        <SelectField
            field=circuit(i, CircuitKey::DirectPort)
            label="Port pair"
            value=Signal::derive(move || port.get().map(|k| k.to_string()).unwrap_or_default())
            set=choose
            options
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
    let port_gbps = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.direct_ports
                .get(k)
                .map(|p| p.bandwidth_gbps.trim().to_string())
                .unwrap_or_default()
        })
    });
    let sizes = Signal::derive(move || choices::direct_bandwidths(&port_gbps.get()));
    view! {
        <TextField
            field=FieldPath::DirectPort(k, Some(PortKey::Name))
            label="ExpressRoute Direct port name"
            help="The expressRoutePorts resource: 1–80 characters, letters, digits, _ . -. Renaming it keeps its circuits on it."
            placeholder="erd-amsterdam-01"
            required=true
        />
        <SelectField
            field=FieldPath::DirectPort(k, Some(PortKey::PeeringLocation))
            label="Port peering location"
            options=Signal::stored(choices::direct_locations())
            placeholder="Select a location with ExpressRoute Direct"
            required=true
        />
        <SelectField
            field=FieldPath::DirectPort(k, Some(PortKey::BandwidthGbps))
            label="Port size"
            value=port_gbps
            options=Signal::stored(vec![
                ("10".to_string(), "10 Gbps port pair".to_string()),
                ("100".to_string(), "100 Gbps port pair".to_string()),
            ])
            placeholder="Select a port size"
            required=true
        />
        <SelectField
            field=FieldPath::DirectPort(k, Some(PortKey::Encapsulation))
            label="Encapsulation"
            options=Signal::stored(vec![
                ("Dot1Q".to_string(), "Dot1Q (802.1Q)".to_string()),
                ("QinQ".to_string(), "QinQ (802.1ad)".to_string()),
            ])
            placeholder="Select"
            help="Dot1Q: each VLAN must be unique across the whole port pair. QinQ: Azure assigns an S-Tag per circuit."
        />
        <SelectField
            field=circuit(i, CircuitKey::BandwidthGbps)
            label="Circuit bandwidth"
            value=ctx.circuit_text(|c| c.bandwidth_gbps.trim().to_string())
            options=sizes
            placeholder="Select a bandwidth"
            help="The circuits on a port pair may add up to twice the port size."
            required=true
        />
    }
}
