//! Provider status: the circuit's lifecycle, and the status Azure shows, which gates what comes next.

use crate::domain::field::{circuit, CircuitKey};
use crate::domain::model::PortType;
use crate::ui::fields::{CheckboxField, RadioField};
use crate::ui::Ctx;
use leptos::prelude::*;

/// The Provider status step.
#[component]
pub fn ProviderStatusStep(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let direct = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.circuits
                .get(i)
                .is_some_and(|c| c.port_type == PortType::Direct)
        })
    });
    view! {
        <p class="intro">
            "An ExpressRoute circuit goes live in stages. Azure creates peerings any time, but their BGP sessions come up, and virtual networks can be linked, only once the provider has provisioned the circuit."
        </p>
        <Show
            when=move || !direct.get()
            fallback=|| {
                view! {
                    <p class="notice">
                        "ExpressRoute Direct circuits have no provider status: once the port links are enabled, peerings can be configured."
                    </p>
                }
            }
        >
            <RadioField
                field=circuit(i, CircuitKey::ProviderStatus)
                label="Provider status shown in the portal"
                options=vec![
                    ("NotRecorded", "Not recorded", "Not checked yet, or the circuit isn't created yet: nothing is assumed. The ARM, Bicep and Terraform exports hold connections back until you record Provisioned."),
                    ("NotProvisioned", "Not provisioned", "The circuit exists; the provider hasn't started."),
                    ("Provisioning", "Provisioning", "The provider is configuring its side."),
                    ("Provisioned", "Provisioned", "Peerings and connections can be created."),
                    ("Deprovisioning", "Deprovisioning", "The provider is removing its side."),
                ]
            />
            <CheckboxField
                field=circuit(i, CircuitKey::ProviderManagedRouting)
                label="My provider manages routing (a layer-3 provider configures the peerings)"
                help="Some providers (often any-to-any / IP VPN offers) set up BGP for you. Then you can skip the peering steps."
            />
        </Show>
        // The stages after the field (the form first): how a circuit goes live.
        <h3>"How a circuit goes live"</h3>
        <ol class="lifecycle" data-testid="lifecycle">
            <li>"You create the circuit: Azure issues its "<strong>"service key"</strong>". Billing starts now."</li>
            <li>"You give the service key to your connectivity provider."</li>
            <li>"The provider configures its side: the status goes from "<em>"Not provisioned"</em>" to "<em>"Provisioning"</em>" to "<em>"Provisioned"</em>"."</li>
            <li>"You configure the peerings (unless your provider manages routing); Azure accepts them before the provider is done, but BGP comes up only after."</li>
            <li>"Once the status is Provisioned, you connect your virtual networks."</li>
        </ol>
    }
}
