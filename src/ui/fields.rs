//! Form fields: a label, the control, help text and the live findings of its path, wired with
//! `aria-invalid` and `aria-describedby`. Fields hold no logic: findings come from the view model.

use crate::domain::edit::Edit;
use crate::domain::field::lens::Value;
use crate::domain::field::FieldPath;
use crate::domain::finding::{Finding, Fix, Severity};
use crate::domain::sorted::VecMap;
use crate::domain::view::field_id;
use crate::ui::help::Help;
use crate::ui::Ctx;
use leptos::prelude::*;

/// Findings for `path` (and its children) and an optional second path, as a signal that changes
/// only when they do (a keystroke elsewhere wakes nothing of the field).
/// Only the findings the user has reached are shown ([`crate::domain::progress`]).
pub fn findings_for(ctx: Ctx, path: String, extra: Option<&str>) -> Signal<Vec<Finding>> {
    let extra = extra.map(str::to_string);
    let field = path.clone();
    let all = ctx.view_part(move |v| {
        v.at(&path)
            .chain(extra.iter().flat_map(|e| v.at(e)))
            .cloned()
            .collect::<Vec<_>>()
    });
    // A finding shown under this field (another path's, through `extra`) is shown with the
    // field's own.
    Memo::new(move |_| {
        ctx.progress.with(|p| {
            let here = p.shows(&field);
            all.with(|fs| {
                fs.iter()
                    .filter(|f| here || p.shows(&f.path))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    })
    .into()
}

/// The findings of `all` that the user has reached (touched field, Next pressed on its step,
/// Review opened), as a signal that changes only when they do.
pub fn shown(ctx: Ctx, all: Signal<Vec<Finding>>) -> Signal<Vec<Finding>> {
    Memo::new(move |_| {
        ctx.progress.with(|p| {
            all.with(|fs| {
                fs.iter()
                    .filter(|f| p.shows(&f.path))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    })
    .into()
}

/// A finding's place in its list: its code, its path and which of the findings with that code
/// and path it is. It stays the same while the message follows the text being typed, so the
/// list item stays and only its text changes.
type FindingKey = (&'static str, String, usize);

fn finding_keys(findings: &[Finding]) -> Vec<FindingKey> {
    let mut seen: VecMap<(&str, &str), usize> = VecMap::new();
    findings
        .iter()
        .map(|f| {
            let n = seen.get_or_insert((f.code, f.path.as_str()), 0);
            *n += 1;
            (f.code, f.path.clone(), *n - 1)
        })
        .collect()
}

/// The fix of a finding: a button applying its value or removing its list item, or advice.
/// After a fix, the focus goes to the field it changed (the button itself may be gone): the
/// control the list belongs to (`list_id` without `-msg`), else the finding's field.
fn fix_view(
    fix: Fix,
    path: String,
    list_id: String,
    apply: Option<Callback<String>>,
    apply_at: Option<Callback<(String, String)>>,
) -> AnyView {
    if fix.remove {
        // A removal is the same in every list: the domain applies it to the design.
        let ctx = expect_context::<Ctx>();
        let label = fix.label.clone();
        return view! {
            <button
                type="button"
                class="fix"
                on:click=move |_| {
                    ctx.apply(Edit::Fix(path.clone(), fix.clone()));
                    let owner = list_id.strip_suffix("-msg").unwrap_or(&list_id).to_string();
                    let path = path.clone();
                    crate::ui::when_drawn(move || {
                        crate::ui::try_focus_id(&owner) || crate::ui::try_focus_field(&path)
                    });
                }
            >
                {label}
            </button>
        }
        .into_any();
    }
    match fix.value {
        Some(v) if apply.is_some() || apply_at.is_some() => view! {
            <button
                type="button"
                class="fix"
                on:click=move |_| {
                    match (apply_at, apply) {
                        (Some(at), _) => at.run((path.clone(), v.clone())),
                        (None, Some(a)) => a.run(v.clone()),
                        (None, None) => {}
                    }
                    let owner = list_id.strip_suffix("-msg").unwrap_or(&list_id).to_string();
                    let path = path.clone();
                    crate::ui::when_drawn(move || {
                        crate::ui::try_focus_id(&owner) || crate::ui::try_focus_field(&path)
                    });
                }
            >
                {fix.label}
            </button>
        }
        .into_any(),
        _ => view! { <span class="advice">{fix.label}</span> }.into_any(),
    }
}

/// "Acknowledge": a toggle button (`aria-pressed`) for a warning the user accepts for this
/// design (it stops counting); pressed again, the warning counts again. The focus stays on it.
fn ack_button(ctx: Ctx, finding: Memo<Option<Finding>>, acked: Memo<bool>) -> AnyView {
    view! {
        <button
            type="button"
            class="ack"
            data-action="acknowledge"
            aria-pressed=move || acked.get().to_string()
            on:click=move |_| {
                let Some(f) = finding.get_untracked() else {
                    return;
                };
                crate::ui::toggle_acknowledged(ctx, &f);
            }
        >
            "Acknowledge"
        </button>
    }
    .into_any()
}

/// The list of findings under a field, each with its fix button and source link.
#[component]
pub fn FindingList(
    /// Id of the list, referenced by the control's `aria-describedby`.
    id: String,
    /// The findings to show.
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
    /// Applies a fix's replacement text to the field.
    #[prop(optional)]
    apply: Option<Callback<String>>,
    /// Applies a fix to the finding's own path (for lists, whose items each have a path).
    #[prop(optional)]
    apply_at: Option<Callback<(String, String)>>,
) -> impl IntoView {
    let keys = Memo::new(move |_| findings.with(|f| finding_keys(f)));
    let list_id = id.clone();
    // The design's acknowledged warnings (a memo: a keystroke wakes no list item).
    let ctx = use_context::<Ctx>();
    let acks = Memo::new(move |_| {
        ctx.map(|c| c.design.with(|d| d.acknowledged.clone()))
            .unwrap_or_default()
    });
    view! {
        <ul id=id class="findings" aria-live="polite">
            <For
                each=move || keys.get()
                key=|k| k.clone()
                children=move |(code, path, n): FindingKey| {
                    let list_id = list_id.clone();
                    // This item's finding, cloned only when it changed; the item's texts and
                    // attributes follow it.
                    let key = path.clone();
                    let finding = Memo::new_owning(move |old: Option<Option<Finding>>| {
                        findings
                            .with(|fs| {
                                let now = fs
                                    .iter()
                                    .filter(|f| f.code == code && f.path == key)
                                    .nth(n);
                                match old {
                                    Some(old) if old.as_ref() == now => (old, false),
                                    _ => (now.cloned(), true),
                                }
                            })
                    });
                    let severity = Memo::new(move |_| {
                        finding.with(|f| f.as_ref().map_or(Severity::Info, |f| f.severity))
                    });
                    let fix = Memo::new(move |_| finding.with(|f| f.as_ref().and_then(|f| f.fix.clone())));
                    let message = move || {
                        finding.with(|f| f.as_ref().map(|f| f.message.clone()).unwrap_or_default())
                    };
                    let source = move || finding.with(|f| f.as_ref().map_or("", |f| f.source));
                    let at = path.clone();
                    let acked = Memo::new(move |_| {
                        acks.with(|a| {
                            a.iter()
                                .any(|a| crate::domain::acknowledge::is_key(a, code, &at))
                        })
                    });
                    view! {
                        <li
                            class=move || {
                                format!(
                                    "finding {}{}",
                                    severity.get().as_str(),
                                    if acked.get() { " acknowledged" } else { "" },
                                )
                            }
                            data-code=code
                        >
                            <span class="sev-label">
                                {move || match severity.get() {
                                    Severity::Error => "Error",
                                    Severity::Warning if acked.get() => "Acknowledged warning",
                                    Severity::Warning => "Warning",
                                    Severity::Info => "Note",
                                }}": "
                            </span>
                            <span class="msg">{message}</span>
                            {move || fix.get().map(|f| fix_view(f, path.clone(), list_id.clone(), apply, apply_at))}
                            " "
                            <a class="source" href=source target="_blank" rel="noopener">
                                {code}
                            </a>
                            {move || {
                                (severity.get() == Severity::Warning)
                                    .then(|| ctx.map(|ctx| ack_button(ctx, finding, acked)))
                                    .flatten()
                            }}
                        </li>
                    }
                }
            />
        </ul>
    }
}

/// What every single-control field shares: ids, findings, the label and help text.
struct FieldParts<I: Fn() -> bool + Copy, H: IntoView> {
    id: String,
    msg_id: String,
    described: String,
    findings: Signal<Vec<Finding>>,
    invalid: I,
    head: H,
}

/// The edit that sets `field` to a new text (a text field's, or a choice's value).
pub fn text_edit(ctx: Ctx, field: FieldPath) -> Callback<String> {
    Callback::new(move |v: String| {
        ctx.apply(Edit::Set(field, Value::Text(v)));
    })
}

/// A text or choice field's shown value and edit: the field's own through its lens, unless
/// the component was given others.
fn text_binding(
    field: FieldPath,
    value: Option<Signal<String>>,
    set: Option<Callback<String>>,
) -> (Signal<String>, Callback<String>) {
    let ctx = expect_context::<Ctx>();
    let value =
        value.unwrap_or_else(|| Memo::new(move |_| ctx.design.with(|d| field.read_text(d))).into());
    (value, set.unwrap_or_else(|| text_edit(ctx, field)))
}

/// A field's DOM ids (control, findings list, help), its `aria-describedby`, findings and error
/// state.
struct Ids<I: Fn() -> bool + Copy> {
    id: String,
    msg_id: String,
    help_id: String,
    described: String,
    findings: Signal<Vec<Finding>>,
    invalid: I,
}

fn ids(
    field: FieldPath,
    help: Option<&'static str>,
    extra: Option<FieldPath>,
) -> Ids<impl Fn() -> bool + Copy> {
    let ctx = expect_context::<Ctx>();
    let path = field.text();
    let extra = extra.map(FieldPath::text);
    let id = field_id(&path);
    let msg_id = format!("{id}-msg");
    let help_id = format!("{id}-help");
    let findings = findings_for(ctx, path, extra.as_deref());
    let invalid = move || findings.with(|f| f.iter().any(|f| f.severity == Severity::Error));
    let described = if help.is_some() {
        format!("{help_id} {msg_id}")
    } else {
        msg_id.clone()
    };
    Ids {
        id,
        msg_id,
        help_id,
        described,
        findings,
        invalid,
    }
}

fn field_parts(
    field: FieldPath,
    label: &'static str,
    help: Option<&'static str>,
    required: bool,
    extra: Option<FieldPath>,
    term: Option<&'static str>,
) -> FieldParts<impl Fn() -> bool + Copy, impl IntoView> {
    let Ids {
        id,
        msg_id,
        help_id,
        described,
        findings,
        invalid,
    } = ids(field, help, extra);
    let for_id = id.clone();
    let head = view! {
        <label for=for_id>
            {label}
            {required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}
        </label>
        {term.map(|term| view! { <Help term /> })}
        {help.map(|h| view! { <p class="help" id=help_id>{h}</p> })}
    };
    FieldParts {
        id,
        msg_id,
        described,
        findings,
        invalid,
        head,
    }
}

/// A labelled text input bound to one field of the design.
#[component]
pub fn TextField(
    /// The field: its value, its findings and its DOM id.
    field: FieldPath,
    /// Visible label.
    label: &'static str,
    /// The text shown, when not the field's own (a normalised form of it).
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    /// The edit of a new text, when not setting the field ([`text_edit`]).
    #[prop(optional)]
    set: Option<Callback<String>>,
    /// Help text under the label.
    #[prop(optional)]
    help: Option<&'static str>,
    /// Placeholder example.
    #[prop(optional)]
    placeholder: &'static str,
    /// Mark as required.
    #[prop(optional)]
    required: bool,
    /// Another path whose findings are shown here (a derived field with no control of its own).
    #[prop(optional, into)]
    extra: Option<FieldPath>,
    /// A secret (password input with a Show/Hide toggle).
    #[prop(optional)]
    secret: bool,
    /// A glossary word explained by an (i) help after the label
    /// ([`crate::domain::glossary`]).
    #[prop(optional)]
    term: Option<&'static str>,
    /// The id of a `<datalist>` of suggested values.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let FieldParts {
        id,
        msg_id,
        described,
        findings,
        invalid,
        head,
    } = field_parts(field, label, help, required, extra, term);
    let (value, set) = text_binding(field, value, set);
    let shown = RwSignal::new(false);
    let toggle = secret.then(|| {
        let controls = id.clone();
        view! {
            <button
                type="button"
                class="reveal"
                aria-controls=controls
                aria-pressed=move || if shown.get() { "true" } else { "false" }
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { "Hide" } else { "Show" }}
            </button>
        }
    });
    view! {
        <div class="field" class:invalid=invalid class:secret=secret>
            {head}
            <input
                id=id
                type=move || if secret && !shown.get() { "password" } else { "text" }
                autocomplete=if secret { "new-password" } else { "off" }
                spellcheck="false"
                list=list
                placeholder=placeholder
                required=required
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))
            />
            {toggle}
            <FindingList id=msg_id findings apply=set />
        </div>
    }
}

/// A labelled `<select>` bound to one field of the design.
#[component]
pub fn SelectField(
    /// The field: its value, its findings and its DOM id.
    field: FieldPath,
    /// Visible label.
    label: &'static str,
    /// The value shown, when not the field's own (an option's value, or anything: unknown
    /// values show the placeholder).
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    /// The edit of a choice, when not setting the field.
    #[prop(optional)]
    set: Option<Callback<String>>,
    /// Options as (value, text), reactive.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Text of the empty first option.
    placeholder: &'static str,
    /// Help text.
    #[prop(optional)]
    help: Option<&'static str>,
    /// Mark as required.
    #[prop(optional)]
    required: bool,
    /// A glossary word explained by an (i) help after the label
    /// ([`crate::domain::glossary`]).
    #[prop(optional)]
    term: Option<&'static str>,
) -> impl IntoView {
    let FieldParts {
        id,
        msg_id,
        described,
        findings,
        invalid,
        head,
    } = field_parts(field, label, help, required, None, term);
    let (value, set) = text_binding(field, value, set);
    view! {
        <div class="field" class:invalid=invalid>
            {head}
            <select
                id=id
                required=required
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))
            >
                <option value="">{placeholder}</option>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, t)| {
                            let selected = v == current;
                            view! {
                                <option value=v selected=selected>
                                    {t}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FindingList id=msg_id findings apply=set />
        </div>
    }
}

/// A group of radio buttons (a `fieldset` with a `legend`) bound to one field.
#[component]
pub fn RadioField(
    /// The field: its value, its findings and its DOM id.
    field: FieldPath,
    /// Legend.
    label: &'static str,
    /// The value shown, when not the field's own.
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    /// The edit of a choice, when not setting the field.
    #[prop(optional)]
    set: Option<Callback<String>>,
    /// Options as (value, text, description).
    options: Vec<(&'static str, &'static str, &'static str)>,
    /// A glossary word explained by an (i) help after the label
    /// ([`crate::domain::glossary`]).
    #[prop(optional)]
    term: Option<&'static str>,
) -> impl IntoView {
    let Ids {
        id,
        msg_id,
        described,
        findings,
        invalid,
        ..
    } = ids(field, None, None);
    let (value, set) = text_binding(field, value, set);
    let name = id.clone();
    let fieldset_id = id.clone();
    view! {
        <fieldset
            class="field radio"
            class:invalid=invalid
            id=fieldset_id
            aria-describedby=described
            aria-invalid=move || if invalid() { "true" } else { "false" }
        >
            <legend>{label} {term.map(|term| view! { <Help term /> })}</legend>
            <div class="choices">
                {options
                    .into_iter()
                    .map(|(v, text, desc)| {
                        let opt_id = format!("{id}-{v}");
                        let for_id = opt_id.clone();
                        let name = name.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input
                                    type="radio"
                                    id=opt_id
                                    name=name
                                    value=v
                                    prop:checked=move || value.get() == v
                                    on:change=move |_| set.run(v.to_string())
                                />
                                <span class="choice-text">{text}</span>
                                <span class="choice-desc">{desc}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FindingList id=msg_id findings apply=set />
        </fieldset>
    }
}

/// A checkbox (the control inside its label) bound to one boolean field of the design, with
/// optional help text and the findings of its path.
#[component]
pub fn CheckboxField(
    /// The field: its value, its findings and its DOM id.
    field: FieldPath,
    /// Visible label, after the box.
    label: &'static str,
    /// Whether the box is shown ticked, when not the field's own value.
    #[prop(optional, into)]
    checked: Option<Signal<bool>>,
    /// The edit of a new state, when not setting the field.
    #[prop(optional)]
    set: Option<Callback<bool>>,
    /// Help text under the label.
    #[prop(optional)]
    help: Option<&'static str>,
    /// A glossary word explained by an (i) help after the label
    /// ([`crate::domain::glossary`]).
    #[prop(optional)]
    term: Option<&'static str>,
) -> impl IntoView {
    let Ids {
        id,
        msg_id,
        help_id,
        described,
        findings,
        invalid,
    } = ids(field, help, None);
    let ctx = expect_context::<Ctx>();
    let checked = checked
        .unwrap_or_else(|| Memo::new(move |_| ctx.design.with(|d| field.read_flag(d))).into());
    let set = set.unwrap_or_else(|| {
        Callback::new(move |on| {
            ctx.apply(Edit::Set(field, Value::Flag(on)));
        })
    });
    let for_id = id.clone();
    view! {
        <div class="field checkbox" class:invalid=invalid>
            <label for=for_id>
                <input
                    type="checkbox"
                    id=id
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    aria-describedby=described
                    prop:checked=move || checked.get()
                    on:change=move |ev| set.run(event_target_checked(&ev))
                />
                " "
                {label}
            </label>
            {term.map(|term| view! { <Help term /> })}
            {help.map(|h| view! { <p class="help" id=help_id>{h}</p> })}
            <FindingList id=msg_id findings />
        </div>
    }
}
