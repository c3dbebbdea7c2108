//! Private peering: BGP between your routers and Azure's private address space (your VNets).

use super::peering_common::{
    AddPeering, AddressSheet, ListField, PeeringAccess, PeeringFields, PeeringNotices,
    RemovePeering,
};
use crate::domain::edit::Edit;
use crate::domain::field::{FieldPath, List, PeeringKey, Side};
use crate::domain::limits;
use crate::domain::model::SkuTier;
use crate::ui::help::Help;
use crate::ui::Ctx;
use leptos::prelude::*;

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
        ctx.apply(Edit::AddPeering(i, Side::Private));
        ctx.status.set("Private peering added".into());
    });
    let remove = Callback::new(move |()| {
        ctx.apply(Edit::RemovePeering(i, Side::Private));
    });
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
                        focus=access.field(PeeringKey::PeerAsn)
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
                field=FieldPath::List(List::OnPremRoutes)
                label="On-premises prefixes advertised to Azure"
                help=on_prem_help()
                placeholder="10.0.0.0/8\n172.16.0.0/16"
            />
        </section>
    }
}
