//! Private peering: BGP between your routers and Azure's private address space (your VNets).

use super::peering_common::{
    AddPeering, AddressSheet, ListField, PeeringAccess, PeeringFields, PeeringNotices,
    RemovePeering,
};
use crate::domain::limits;
use crate::domain::model::{Design, Peering, SkuTier};
use crate::domain::records;
use crate::ui::help::Help;
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

/// The help of the on-premises prefixes, with the route limits of `limits`.
fn on_prem_help() -> String {
    let n = |t| limits::on_prem_v4_limit(t).to_string();
    let thousands = |s: String| {
        let cut = s.len().saturating_sub(3);
        if cut > 0 {
            format!("{},{}", &s[..cut], &s[cut..])
        } else {
            s
        }
    };
    format!(
        "The prefixes your routers announce over the private peering of every circuit (the whole design), one per line or separated by commas. Each circuit accepts at most {} IPv4 prefixes ({} on Premium) and {} IPv6: above that its BGP session goes down. The router configurations advertise exactly these; Azure learns nothing else from them.",
        thousands(n(SkuTier::Standard)),
        thousands(n(SkuTier::Premium)),
        limits::on_prem_v6_limit(SkuTier::Standard)
    )
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
                records::forget(d, &format!("circuits[{i}].privatePeering"));
            }
        })
    });
    let routes = Signal::derive(move || ctx.design.with(|d| d.on_prem_routes.clone()));
    let set_routes =
        Callback::new(move |v: Vec<String>| ctx.design.update(|d| d.on_prem_routes = v));
    view! {
        <p class="intro">
            "Private peering" <Help term="private-peering" />
            " carries traffic between your network and your Azure virtual networks, over two BGP sessions (primary and secondary link"
            <Help term="links" />
            ")."
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
        <section class="on-prem" aria-labelledby="on-prem-title">
            <h3 id="on-prem-title">"Your on-premises network"</h3>
            <ListField
                path="onPremRoutes".to_string()
                label="On-premises prefixes advertised to Azure"
                help=on_prem_help()
                value=routes
                set=set_routes
                placeholder="10.0.0.0/8\n172.16.0.0/16"
            />
        </section>
    }
}
