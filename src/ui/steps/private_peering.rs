//! Private peering: BGP between your routers and Azure's private address space (your VNets).

use super::peering_common::{
    AddPeering, AddressSheet, PeeringAccess, PeeringFields, PeeringNotices, RemovePeering,
};
use crate::domain::model::{Design, Peering};
use crate::ui::Ctx;
use leptos::prelude::*;

/// The private peering added to circuit `i`: when another circuit already has one, the same
/// peer ASN, VLAN and address family (the same routers usually peer with both circuits; VLANs may
/// repeat across provider circuits). The link subnets must differ, so they stay empty.
fn new_peering(d: &Design, i: usize) -> Peering {
    let other = d
        .circuits
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != i)
        .find_map(|(_, c)| c.private_peering.as_ref());
    match other {
        Some(p) => Peering {
            peer_asn: p.peer_asn.clone(),
            vlan_id: p.vlan_id.clone(),
            address_family: p.address_family,
            ..Peering::default()
        },
        None => Peering::default(),
    }
}

/// The Private peering step for circuit `i`.
#[component]
pub fn PrivatePeering(i: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let access = PeeringAccess::private(i);
    let present = Memo::new(move |_| ctx.design.with(|d| access.get(d).is_some()));
    let add = Callback::new(move |()| {
        ctx.design.update(|d| {
            let p = new_peering(d, i);
            if let Some(c) = d.circuits.get_mut(i) {
                if c.private_peering.is_none() {
                    c.private_peering = Some(p);
                }
            }
        });
        ctx.status.set("Private peering added".into());
    });
    let remove = Callback::new(move |()| {
        ctx.design.update(|d| {
            if let Some(c) = d.circuits.get_mut(i) {
                c.private_peering = None;
            }
        })
    });
    view! {
        <p class="intro">
            "Private peering carries traffic between your network and your Azure virtual networks, over two BGP sessions (primary and secondary link)."
        </p>
        <PeeringNotices access />
        <Show
            when=move || present.get()
            fallback=move || {
                view! {
                    <AddPeering
                        explanation="This circuit has no private peering yet. Add it to reach your virtual networks through the circuit."
                        label="Add private peering"
                        add
                        focus=access.path("peerAsn")
                    />
                }
            }
        >
            <RemovePeering label="private peering" remove />
            <PeeringFields access />
            <AddressSheet access />
        </Show>
    }
}
