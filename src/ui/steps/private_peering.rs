//! Private peering: BGP between your routers and Azure's private address space (your VNets).

use super::peering_common::{
    AddPeering, AddressSheet, PeeringAccess, PeeringFields, PeeringNotices, RemovePeering,
};
use crate::domain::model::Peering;
use crate::ui::Ctx;
use leptos::prelude::*;

/// Circuit 0's private peering.
pub const PRIVATE: PeeringAccess = PeeringAccess {
    base: "circuits[0].privatePeering",
    get: |d| d.circuits.first().and_then(|c| c.private_peering.as_ref()),
    get_mut: |d| {
        d.circuits
            .first_mut()
            .and_then(|c| c.private_peering.as_mut())
    },
    microsoft: false,
};

/// The Private peering step.
#[component]
pub fn PrivatePeering() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let present = Memo::new(move |_| ctx.design.with(|d| (PRIVATE.get)(d).is_some()));
    let add = Callback::new(move |()| {
        ctx.edit_circuit(|c| {
            if c.private_peering.is_none() {
                c.private_peering = Some(Peering::default());
            }
        });
        ctx.status.set("Private peering added".into());
    });
    let remove = Callback::new(move |()| ctx.edit_circuit(|c| c.private_peering = None));
    view! {
        <p class="intro">
            "Private peering carries traffic between your network and your Azure virtual networks, over two BGP sessions (primary and secondary link)."
        </p>
        <PeeringNotices access=PRIVATE />
        <Show
            when=move || present.get()
            fallback=move || {
                view! {
                    <AddPeering
                        explanation="This circuit has no private peering yet. Add it to reach your virtual networks through the circuit."
                        label="Add private peering"
                        add
                        focus=PRIVATE.path("peerAsn")
                    />
                }
            }
        >
            <RemovePeering label="private peering" remove />
            <PeeringFields access=PRIVATE />
            <AddressSheet access=PRIVATE />
        </Show>
    }
}
