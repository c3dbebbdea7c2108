//! Basics: subscription, resource group, region, circuit name.

use super::circuits::CircuitTabs;
use super::CircuitPanel;
use crate::domain::choices;
use crate::domain::field::{circuit, CircuitKey, FieldPath, TopKey};
use crate::domain::view::Step;
use crate::ui::fields::{SelectField, TextField};
use crate::ui::Ctx;
use leptos::prelude::*;

/// The Basics step: the design's subscription and resource group, then the selected circuit's
/// region and name.
#[component]
pub fn Basics() -> impl IntoView {
    view! {
        <p class="intro">
            "Where the circuit resource lives in Azure. The region is independent of the peering location you choose next."
        </p>
        <TextField
            field=FieldPath::Top(TopKey::SubscriptionId)
            label="Subscription ID"
            help="Optional. Used by the exports; a GUID from Subscriptions in the portal."
            placeholder="00000000-0000-0000-0000-000000000000"
        />
        <TextField
            field=FieldPath::Top(TopKey::ResourceGroup)
            label="Resource group"
            help="1–90 characters: letters, digits, _ - . ( ); not ending with a period."
            placeholder="rg-network-er"
            required=true
        />
        <CircuitTabs />
        <CircuitPanel step=Step::Basics />
    }
}

/// Circuit `i`'s region and name.
#[component]
pub fn BasicsCircuit(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let region = ctx.circuit_text(|c| choices::region_value(&c.region));
    let regions = choices::regions(true);
    view! {
        <SelectField
            field=circuit(i, CircuitKey::Region)
            label="Region"
            value=region
            options=Signal::stored(regions)
            placeholder="Select a region"
            help="Azure region of the circuit resource."
            required=true
            term="restricted"
        />
        <TextField
            field=circuit(i, CircuitKey::Name)
            label="Circuit name"
            help="1–80 characters: letters, digits, _ . -; start with a letter or digit, end with a letter, digit or _."
            placeholder="er-london-01"
            required=true
        />
    }
}
