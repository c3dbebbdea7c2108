//! Parts shared by the Private peering and Microsoft peering steps: the provider-status notice,
//! the common peering fields, the address sheet and a list editor for pasted prefixes.

use crate::domain::derived::{address_sheet, SheetRow};
use crate::domain::edit::Edit;
use crate::domain::field::lens::Value;
use crate::domain::field::{peering, peering_of, FieldPath, PeeringKey, Side};
use crate::domain::finding::{Finding, Severity};
use crate::domain::model::{
    split_list, AddressFamily, Design, Peering, PortType, ProviderStatus, SubnetMode,
};
use crate::ui::fields::{findings_for, FindingList, RadioField, TextField};
use crate::ui::help::Help;
use crate::ui::Ctx;
use leptos::prelude::*;

/// Where one kind of peering lives in the design: circuit `circuit`'s private or Microsoft
/// peering.
#[derive(Clone, Copy)]
pub struct PeeringAccess {
    /// Index of the circuit.
    pub circuit: usize,
    /// Microsoft peering (public addresses) rather than private peering.
    pub microsoft: bool,
}

impl PeeringAccess {
    /// Circuit `i`'s private peering.
    pub fn private(i: usize) -> Self {
        PeeringAccess {
            circuit: i,
            microsoft: false,
        }
    }

    /// Circuit `i`'s Microsoft peering (its common fields).
    pub fn microsoft(i: usize) -> Self {
        PeeringAccess {
            circuit: i,
            microsoft: true,
        }
    }

    /// Which peering.
    pub fn side(self) -> Side {
        if self.microsoft {
            Side::Microsoft
        } else {
            Side::Private
        }
    }

    /// The peering as a whole.
    pub fn whole(self) -> FieldPath {
        peering_of(self.circuit, self.side())
    }

    /// One field of the peering.
    pub fn field(self, key: PeeringKey) -> FieldPath {
        peering(self.circuit, self.side(), key)
    }

    /// The peering's common fields, when present.
    pub fn get(self, d: &Design) -> Option<&Peering> {
        let c = d.circuits.get(self.circuit)?;
        if self.microsoft {
            c.microsoft_peering.as_ref().map(|m| &m.peering)
        } else {
            c.private_peering.as_ref()
        }
    }
}

/// The notice at the top of a peering step: the provider has not (or not known to have)
/// provisioned the circuit yet, so BGP waits (with the G1 findings of the peering's own path), or
/// a layer-3 provider configures it.
#[component]
pub fn PeeringNotices(access: PeeringAccess) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let state = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.circuits
                .get(access.circuit)
                .map(|c| {
                    (
                        c.port_type == PortType::Provider,
                        c.provider_status,
                        c.provider_managed_routing,
                    )
                })
                .unwrap_or((true, ProviderStatus::NotRecorded, false))
        })
    });
    let base = access.whole().text();
    let id = format!("{}-notice", access.whole().dom_id());
    let own: Memo<Vec<Finding>> = Memo::new(move |_| {
        ctx.view.with(|v| {
            v.findings
                .iter()
                .filter(|f| f.path == base)
                .cloned()
                .collect()
        })
    });
    view! {
        <Show when=move || {
            let (provider, status, _) = state.get();
            provider && status != ProviderStatus::Provisioned
        }>
            <div class="notice" role="note" data-testid="provisioning-notice">
                <p>
                    {move || {
                        format!(
                            "Azure creates this peering now, but its BGP sessions come up only after your provider has provisioned the circuit (status: {}).",
                            state.get().1.label(),
                        )
                    }}
                </p>
                <FindingList id=id.clone() findings=own apply=Callback::new(|_: String| {}) />
            </div>
        </Show>
        <Show when=move || {
            let (provider, _, managed) = state.get();
            provider && managed
        }>
            <p class="notice managed" role="note" data-testid="managed-notice">
                "Your layer-3 provider configures this peering for you (managed routing): you don't create it in Azure. Anything you draft here is for your records only."
            </p>
        </Show>
    }
}

/// The "no peering yet" box with its Add button.
#[component]
pub fn AddPeering(
    /// What this peering is for, in one or two sentences.
    explanation: &'static str,
    /// Button text.
    label: &'static str,
    /// Creates the peering.
    add: Callback<()>,
    /// Field to focus once it exists.
    focus: FieldPath,
) -> impl IntoView {
    view! {
        <div class="peering-empty">
            <p>{explanation}</p>
            <button
                type="button"
                class="primary"
                data-testid="add-peering"
                on:click=move |_| {
                    add.run(());
                    let focus = focus.text();
                    crate::ui::when_drawn(move || crate::ui::try_focus_field(&focus));
                }
            >
                {label}
            </button>
        </div>
    }
}

/// The Remove button of a present peering.
#[component]
pub fn RemovePeering(label: &'static str, remove: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="peering-actions">
            <button
                type="button"
                class="secondary"
                data-testid="remove-peering"
                on:click=move |_| {
                    remove.run(());
                    ctx.status.set(format!("{label}: removed"));
                }
            >
                {format!("Remove {label}")}
            </button>
        </div>
    }
}

/// The fields every peering has: ASN, IPv4 subnets and VLAN first; then, under "Advanced", the
/// address family, the IPv6 subnets and the MD5 key, with a step's own advanced fields
/// (`advanced`, whose paths and values are `advanced_paths` and `advanced_set`).
#[component]
pub fn PeeringFields(
    access: PeeringAccess,
    /// The step's own main fields, after the VLAN and before "Advanced".
    #[prop(optional)]
    main: Option<ChildrenFn>,
    /// The step's own fields shown under "Advanced", after the common ones.
    #[prop(optional)]
    advanced: Option<ChildrenFn>,
    /// Paths of those fields (their findings open the section).
    #[prop(optional)]
    advanced_paths: Vec<FieldPath>,
    /// Whether one of those fields holds a value.
    #[prop(optional, into)]
    advanced_set: Option<Signal<bool>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let family = Memo::new(move |_| {
        ctx.design
            .with(|d| access.get(d).map(|p| p.address_family).unwrap_or_default())
    });
    let mode = Memo::new(move |_| {
        ctx.design
            .with(|d| access.get(d).map(|p| p.subnet_mode).unwrap_or_default())
    });
    // Microsoft peering takes only public addresses and ASNs registered to you: its placeholders
    // describe them rather than show a documentation value the step would reject (ER-MP-004,
    // ER-MP-011), and its VLAN differs from private peering's.
    let ms = access.microsoft;
    let asn_placeholder = if ms { "Your public ASN" } else { "65001" };
    let (asn_help, v4_help, v29_help, v6_help) = if access.microsoft {
        (
            "Your routers' AS number, normally a public ASN registered to you.",
            "A /30 of public IPv4 addresses you own (registered to you or your provider), not used anywhere else.",
            "One public /29 you own: the first /30 becomes the primary link, the second the secondary.",
            "A public /126 you own, one per link.",
        )
    } else {
        (
            "Your routers' AS number: a private ASN such as 65001 is fine.",
            "A /30 from your own address space, not used in any VNet or on-premises network.",
            "One /29 from your own address space: the first /30 becomes the primary link, the second the secondary.",
            "A /126 from your own IPv6 space, not used in any VNet.",
        )
    };
    let mut paths: Vec<FieldPath> = [
        PeeringKey::AddressFamily,
        PeeringKey::PrimarySubnetV6,
        PeeringKey::SecondarySubnetV6,
        PeeringKey::SharedKey,
    ]
    .into_iter()
    .map(|k| access.field(k))
    .collect();
    paths.extend(advanced_paths);
    // Anything but the defaults (IPv4 only, no key) opens the section.
    let set = Signal::derive(move || {
        let own = ctx.design.with(|d| {
            access.get(d).is_some_and(|p| {
                p.address_family != AddressFamily::Ipv4
                    || !p.shared_key.is_empty()
                    || !p.primary_subnet_v6.trim().is_empty()
                    || !p.secondary_subnet_v6.trim().is_empty()
            })
        });
        own || advanced_set.is_some_and(|s| s.get())
    });
    let family_field = view! {
        <div class="compact-choices">
        <RadioField
            field=access.field(PeeringKey::AddressFamily)
            label="Address family"
            options=vec![
                ("Ipv4", "IPv4", "One IPv4 BGP session per link."),
                ("Ipv6", "IPv6", "One IPv6 BGP session per link."),
                ("Both", "Both", "IPv4 and IPv6 sessions on each link (dual stack)."),
            ]
        />
        </div>
    };
    // Fields that belong together share a row where the form is wide enough (style/help.css).
    view! {
        <div class="field-row">
        <TextField
            field=access.field(PeeringKey::PeerAsn)
            label="Peer ASN"
            help=asn_help
            placeholder=asn_placeholder
            required=true
        />
        <TextField
            field=access.field(PeeringKey::VlanId)
            label="VLAN ID"
            help="1–4094, agreed with your provider; each peering of a circuit uses its own VLAN."
            placeholder=if ms { "200" } else { "100" }
            required=true
        />
        </div>
        <Show when=move || family.get().has_v4()>
            <div class="compact-choices">
            <RadioField
                field=access.field(PeeringKey::SubnetMode)
                label="IPv4 link subnets"
                options=vec![
                    ("TwoSlash30", "Two /30 subnets", "Enter the primary and secondary link subnets."),
                    ("OneSlash29", "One /29 subnet", "The wizard splits it into the two /30s."),
                ]
            />
            </div>
            <Show
                when=move || mode.get() == SubnetMode::TwoSlash30
                fallback=move || {
                    view! {
                        <TextField
                            field=access.field(PeeringKey::Subnet29)
                            label="IPv4 /29 subnet"
                            help=v29_help
                            placeholder=if ms { "Public /29 you own" } else { "192.168.100.128/29" }
                            required=true
                        />
                    }
                }
            >
                <div class="field-row">
                <TextField
                    field=access.field(PeeringKey::PrimarySubnet)
                    label="Primary IPv4 subnet (/30)"
                    help=v4_help
                    placeholder=if ms { "Public /30 you own" } else { "192.168.100.128/30" }
                    required=true
                />
                <TextField
                    field=access.field(PeeringKey::SecondarySubnet)
                    label="Secondary IPv4 subnet (/30)"
                    help="Another /30, different from the primary (often the next one)."
                    placeholder=if ms { "Public /30 you own" } else { "192.168.100.132/30" }
                    required=true
                />
                </div>
            </Show>
        </Show>
        {main.map(|m| m())}
        <Advanced
            paths
            has_value=set
            summary=if ms {
                "Advanced: address family and IPv6, MD5 key, customer ASN, routing registry"
            } else {
                "Advanced: address family and IPv6, MD5 key"
            }
        >
            {family_field}
            <Show when=move || family.get().has_v6()>
                <div class="field-row">
                <TextField
                    field=access.field(PeeringKey::PrimarySubnetV6)
                    label="Primary IPv6 subnet (/126)"
                    help=v6_help
                    placeholder=if ms { "Public /126 you own" } else { "2001:db8:1::/126" }
                    required=true
                />
                <TextField
                    field=access.field(PeeringKey::SecondarySubnetV6)
                    label="Secondary IPv6 subnet (/126)"
                    help="Another /126, different from the primary."
                    placeholder=if ms { "Public /126 you own" } else { "2001:db8:1::4/126" }
                    required=true
                />
                </div>
            </Show>
            <TextField
                field=access.field(PeeringKey::SharedKey)
                label="MD5 shared key"
                help="Optional BGP MD5 password, the same on your router. Leave empty for none. Kept in this tab only: it is never written to browser storage."
                secret=true
            />
            {advanced.map(|a| a())}
        </Advanced>
    }
}

/// A collapsed "Advanced" section (a `<details>`: keyboard-operable, announced as expandable).
/// It opens by itself while one of its fields holds a value or shows an error or a warning, so
/// no such finding is ever hidden; notes inside a closed section are counted on its summary.
#[component]
pub fn Advanced(
    /// The fields inside.
    paths: Vec<FieldPath>,
    /// Whether one of them holds a value other than its default.
    #[prop(into)]
    has_value: Signal<bool>,
    /// The summary's text: what is inside.
    summary: &'static str,
    children: Children,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let findings: Vec<Signal<Vec<Finding>>> = paths
        .into_iter()
        .map(|p| findings_for(ctx, p.text(), None))
        .collect();
    // (errors and warnings, notes) shown inside.
    let counts = Memo::new(move |_| {
        let mut n = (0usize, 0usize);
        for f in &findings {
            f.with(|fs| {
                for x in fs {
                    if x.severity == Severity::Info {
                        n.1 += 1;
                    } else {
                        n.0 += 1;
                    }
                }
            })
        }
        n
    });
    let opened = RwSignal::new(false);
    let must = move || has_value.get() || counts.get().0 > 0;
    view! {
        <details
            class="advanced"
            data-testid="advanced"
            prop:open=move || must() || opened.get()
            on:toggle=move |ev| {
                let open = event_target::<web_sys::Element>(&ev).has_attribute("open");
                opened.set(open);
            }
        >
            <summary>
                {summary}
                <span class="summary-note">
                {move || {
                    let (problems, notes) = counts.get();
                    match (problems, notes) {
                        (0, 0) => String::new(),
                        (0, 1) => " · 1 note".to_string(),
                        (0, n) => format!(" · {n} notes"),
                        (p, _) => format!(" · {p} to check"),
                    }
                }}
                </span>
            </summary>
            <div class="advanced-body">{children()}</div>
        </details>
    }
}

/// The address sheet: per valid link, your router's and Microsoft's addresses, VLAN and ASNs.
#[component]
pub fn AddressSheet(access: PeeringAccess) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let rows = Memo::new(move |_| {
        ctx.design
            .with(|d| access.get(d).map(address_sheet).unwrap_or_default())
    });
    view! {
        <section class="address-sheet" data-testid="address-sheet" aria-labelledby="sheet-title">
            <h3 id="sheet-title">"Address sheet"</h3>
            <p class="help">
                "Each link runs from one of your routers to one of Microsoft's edge routers (MSEE"
                <Help term="msee" />
                "), with BGP and BFD"
                <Help term="bfd" />
                "."
            </p>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| {
                    view! {
                        <p class="help">
                            "Enter valid link subnets above to see the addresses of each end."
                        </p>
                    }
                }
            >
                <div class="sheet-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Link"</th>
                                <th scope="col">"Your router"</th>
                                <th scope="col">"Microsoft"</th>
                                <th scope="col">"VLAN"</th>
                                <th scope="col">"BGP"</th>
                            </tr>
                        </thead>
                        <tbody>
                            // Keyed by the link, with every cell following its own memo: a
                            // keystroke updates the cells that changed instead of rebuilding rows.
                            <For
                                each=move || rows.with(|rs| rs.iter().map(|r| r.link).collect::<Vec<_>>())
                                key=|link| *link
                                children=move |link| {
                                    let row = Memo::new(move |_| {
                                        rows.with(|rs| rs.iter().find(|r| r.link == link).cloned())
                                    });
                                    let cell = move |f: fn(&SheetRow) -> String| {
                                        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
                                    };
                                    view! {
                                        <tr data-sentence=cell(SheetRow::sentence)>
                                            <th scope="row">{link}</th>
                                            <td class="addr" data-label="Your router">{cell(|r| r.customer.clone())}</td>
                                            <td class="addr" data-label="Microsoft">{cell(|r| r.microsoft.to_string())}</td>
                                            <td data-label="VLAN">{cell(|r| r.vlan.map_or("—".to_string(), |v| v.to_string()))}</td>
                                            <td data-label="BGP">
                                                {cell(|r| match r.peer_asn {
                                                    Some(a) => format!("your ASN {a} ↔ {}", r.microsoft_asn),
                                                    None => format!("— ↔ {}", r.microsoft_asn),
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// A `<textarea>` editing a list of prefixes: pasted text is split on commas, spaces and new
/// lines; the findings of the list and of every item are shown under it, and item fixes apply
/// to their own item.
#[component]
pub fn ListField(
    /// The list of texts.
    field: FieldPath,
    /// Visible label.
    label: &'static str,
    /// Help text.
    #[prop(into)]
    help: String,
    /// Placeholder example.
    #[prop(optional)]
    placeholder: &'static str,
    /// A glossary word explained by an (i) help after the label.
    #[prop(optional)]
    term: Option<&'static str>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = field.dom_id();
    let msg_id = format!("{id}-msg");
    let help_id = format!("{id}-help");
    let count_id = format!("{id}-count");
    let findings = findings_for(ctx, field.text(), None);
    let value = Memo::new(move |_| ctx.design.with(|d| field.read_list(d)));
    let set = Callback::new(move |list: Vec<String>| {
        ctx.apply(Edit::Set(field, Value::List(list)));
    });
    let invalid = move || findings.with(|f| f.iter().any(|f| f.severity == Severity::Error));
    let text = RwSignal::new(value.get_untracked().join("\n"));
    // Changes from elsewhere (a fix, a loaded file) rewrite the text; typing does not.
    Effect::new(move |_| {
        let list = value.get();
        if text.with_untracked(|t| split_list(t)) != list {
            text.set(list.join("\n"));
        }
    });
    let apply = Callback::new(move |v: String| set.run(split_list(&v)));
    // A fix of one item replaces that item; a fix of the list, the list.
    let apply_at = Callback::new(move |(at, v): (String, String)| {
        let item = FieldPath::parse(&at).filter(|p| *p != field);
        let exists = item.is_some_and(|p| ctx.design.with_untracked(|d| p.place(d).is_some()));
        match item {
            Some(p) if exists => {
                ctx.apply(Edit::SetItem(p, v));
            }
            _ => set.run(split_list(&v)),
        }
    });
    let described = format!("{help_id} {count_id} {msg_id}");
    let for_id = id.clone();
    view! {
        <div class="field list-field" class:invalid=invalid>
            <label for=for_id>{label}</label>
            {term.map(|term| view! { <Help term /> })}
            <p class="help" id=help_id>{help}</p>
            <textarea
                id=id
                rows="4"
                spellcheck="false"
                autocomplete="off"
                placeholder=placeholder
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || text.get()
                on:input=move |ev| {
                    let t = event_target_value(&ev);
                    set.run(split_list(&t));
                    text.set(t);
                }
            ></textarea>
            <p class="help list-count" id=count_id>
                {move || {
                    let n = value.with(Vec::len);
                    format!("{n} prefix{}", if n == 1 { "" } else { "es" })
                }}
            </p>
            <FindingList id=msg_id findings apply apply_at=apply_at />
        </div>
    }
}
