//! The Export panel on the Review step: one tab per format (ARIA tabs pattern with arrow keys
//! and a roving tabindex), the selected format's text, Copy and Download. The text is written
//! by the export worker ([`super::worker`]); only the answer for the current design and tab is
//! shown.

use super::share::{copy_text, js_error};
use super::Ctx;
use crate::domain::export::bundle::readme;
use crate::domain::export::{omissions, Format};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlElement, KeyboardEvent, Url};

/// How long an object URL stays valid after its download started.
const REVOKE_AFTER_MS: u64 = 30_000;

/// Saves `text` as a file named `name` (Blob, object URL and a clicked `<a download>`).
pub fn download(name: &str, media_type: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    save_blob(name, &blob)
}

fn save_blob(name: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(js_error)?;
    let doc = document();
    let anchor: HtmlAnchorElement = doc.create_element("a").map_err(js_error)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&anchor);
    }
    anchor.click();
    anchor.remove();
    // The download has started once click() returns in Chromium; Firefox and Safari read the
    // URL a little later, so it is revoked after a grace period rather than at once.
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_millis(REVOKE_AFTER_MS),
    );
    Ok(())
}

/// Saves `bytes` as a file named `name`.
pub fn download_bytes(name: &str, media_type: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)?;
    save_blob(name, &blob)
}

/// "Download all": every export, the diagram, the design file and a README with the deployment
/// order, as one zip built by the export worker. The outcome is announced in the status.
pub fn download_all(ctx: Ctx) {
    // The design's name as the design list shows it (the archive, README and exports say it).
    let listed = super::library::current()
        .map(|lib| lib.entry().name)
        .filter(|n| !n.trim().is_empty());
    let mut design = ctx.design.get_untracked();
    if let Some(name) = listed {
        design.name = name;
    }
    let json = serde_json::to_string(&design).unwrap_or_default();
    let svg = super::diagram::standalone_svg()
        .map(|(t, _, _)| t)
        .unwrap_or_default();
    let now = js_sys::Date::new_0();
    let time = [
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes(),
        now.get_seconds(),
    ];
    let written = format!("{:04}-{:02}-{:02}", time[0], time[1], time[2]);
    // The README needs the rules (deployment order, what remains): the page has them.
    let readme = ctx
        .view
        .with_untracked(|v| readme(&design, v, !svg.is_empty(), &written));
    ctx.status.set("Preparing the archive…".to_string());
    spawn_local(async move {
        let said = match super::worker::bundle(json, readme, svg, time).await {
            Ok((name, bytes)) => match download_bytes(&name, "application/zip", &bytes) {
                Ok(()) => format!("Downloading {name}: every export, the diagram, the design file and a README with the deployment order"),
                Err(e) => format!("Download failed: {e}."),
            },
            Err(e) => format!("The archive could not be written: {e}."),
        };
        ctx.status.try_set(said);
    });
}

fn tab_id(f: Format) -> String {
    format!("export-tab-{}", f.id())
}

/// The format after `current` for a key press on the tab list (`None` for other keys).
fn next_tab(current: Format, key: &str) -> Option<Format> {
    let all = Format::ALL;
    let n = all.len();
    let i = all.iter().position(|f| *f == current).unwrap_or(0);
    let j = match key {
        "ArrowRight" | "ArrowDown" => (i + 1) % n,
        "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
        "Home" => 0,
        "End" => n - 1,
        _ => return None,
    };
    all.get(j).copied()
}

/// The Export section.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let selected = RwSignal::new(Format::Arm);
    // Only the selected format is written, and only when the design or the tab changes; an
    // answer for an older design or another tab is dropped.
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(true);
    let failed = RwSignal::new(None::<String>);
    let latest = StoredValue::new(0u64);
    let retry = RwSignal::new(0u32);
    Effect::new(move |_| {
        retry.track();
        let f = selected.get();
        let json = ctx
            .design
            .with(|d| serde_json::to_string(d).unwrap_or_default());
        let n = latest.get_value() + 1;
        latest.set_value(n);
        busy.set(true);
        spawn_local(async move {
            let result = super::worker::export(json, f.id()).await;
            if latest.try_get_value() != Some(n) {
                return;
            }
            match result {
                Ok(t) => {
                    text.try_set(t);
                    failed.try_set(None);
                }
                Err(e) => {
                    text.try_set(String::new());
                    failed.try_set(Some(format!("The export could not be written: {e}.")));
                }
            }
            busy.try_set(false);
        });
    });
    let errors = Memo::new(move |_| ctx.view.with(|v| v.counts.0));
    let has_md5 = Memo::new(move |_| {
        ctx.design.with(|d| {
            d.circuits.iter().any(|c| {
                c.private_peering
                    .as_ref()
                    .is_some_and(|p| !p.shared_key.is_empty())
                    || c.microsoft_peering
                        .as_ref()
                        .is_some_and(|m| !m.peering.shared_key.is_empty())
            })
        })
    });
    // What the selected format leaves out of the design (each is also a comment in the text).
    let omitted = Memo::new(move |_| {
        let f = selected.get();
        ctx.design.with(|d| omissions(d, f))
    });
    let router_secret =
        move || has_md5.get() && matches!(selected.get(), Format::IosXe | Format::Junos);
    let problem = RwSignal::new(None::<String>);
    let on_key = move |ev: KeyboardEvent| {
        let Some(next) = next_tab(selected.get_untracked(), &ev.key()) else {
            return;
        };
        ev.prevent_default();
        selected.set(next);
        if let Some(el) = document().get_element_by_id(&tab_id(next)) {
            if let Ok(el) = el.dyn_into::<HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let copy = move |_| {
        let f = selected.get_untracked();
        let body = text.get_untracked();
        spawn_local(async move {
            match copy_text(&body).await {
                Ok(()) => {
                    problem.try_set(None);
                    ctx.status
                        .try_set(format!("Copied the {} to the clipboard", f.label()));
                }
                Err(e) => {
                    problem.try_set(Some(format!(
                        "Copy failed: {e}. Select the text below and copy it, or use Download."
                    )));
                }
            }
        });
    };
    let save = move |_| {
        let f = selected.get_untracked();
        let result = text.with_untracked(|t| download(&f.file_name(), f.media_type(), t));
        match result {
            Ok(()) => {
                problem.set(None);
                ctx.status.set(format!("Downloading {}", f.file_name()));
            }
            Err(e) => problem.set(Some(format!("Download failed: {e}."))),
        }
    };
    // Two groups in one tab list (one roving tabindex, arrows cross groups): what deploys to
    // Azure, then what configures the customer's routers.
    let tab = move |f: Format| {
        let is_selected = move || selected.get() == f;
        view! {
            <button
                type="button"
                role="tab"
                id=tab_id(f)
                aria-selected=move || if is_selected() { "true" } else { "false" }
                aria-controls="export-tabpanel"
                tabindex=move || if is_selected() { "0" } else { "-1" }
                on:click=move |_| selected.set(f)
            >
                {f.label()}
            </button>
        }
    };
    let group = move |label: &'static str, router: bool| {
        view! {
            <div role="none" class="tab-group">
                <span class="tab-group-label" aria-hidden="true">{label}</span>
                {Format::ALL
                    .into_iter()
                    .filter(|f| matches!(f, Format::IosXe | Format::Junos) == router)
                    .map(tab)
                    .collect_view()}
            </div>
        }
    };
    view! {
        <section class="export" aria-labelledby="export-title" data-testid="export">
            <h3 id="export-title">"Export"</h3>
            {move || {
                let n = errors.get();
                (n > 0)
                    .then(|| {
                        view! {
                            <p class="export-warning" data-testid="export-errors">
                                {format!(
                                    "The export reflects the design as it is: {n} error{} remain{}.",
                                    if n == 1 { "" } else { "s" },
                                    if n == 1 { "s" } else { "" },
                                )}
                            </p>
                        }
                    })
            }}
            <p class="hint">
                "The Azure templates and scripts take secrets (BGP MD5 keys, authorization keys) as parameters: they are never written into those files."
            </p>
            <div class="export-tabs" role="tablist" aria-label="Export format" on:keydown=on_key>
                {group("Azure deployment", false)}
                {group("Router configuration", true)}
            </div>
            <div
                class="export-tabpanel"
                role="tabpanel"
                id="export-tabpanel"
                aria-labelledby=move || tab_id(selected.get())
            >
                <div class="export-actions">
                    <button
                        type="button"
                        data-testid="export-copy"
                        on:click=copy
                        disabled=move || busy.get() || failed.get().is_some()
                    >
                        "Copy"
                    </button>
                    <button
                        type="button"
                        data-testid="export-download"
                        on:click=save
                        disabled=move || busy.get() || failed.get().is_some()
                    >
                        "Download"
                    </button>
                    <span class="file-name">{move || selected.get().file_name()}</span>
                </div>
                {move || {
                    router_secret()
                        .then(|| {
                            view! {
                                <p class="export-warning" data-testid="export-secret">
                                    "This router configuration contains the BGP MD5 key you entered: handle the file as a secret."
                                </p>
                            }
                        })
                }}
                {move || {
                    let list = omitted.get();
                    (!list.is_empty())
                        .then(|| {
                            let n = list.len();
                            view! {
                                <div class="export-omissions" data-testid="export-omissions">
                                    <p class="export-warning">
                                        {format!(
                                            "Not written in this format ({n} item{}), as the text's comments also say:",
                                            if n == 1 { "" } else { "s" },
                                        )}
                                    </p>
                                    <ul>
                                        {list
                                            .into_iter()
                                            .map(|o| {
                                                view! {
                                                    <li>
                                                        <code>{o.field}</code>
                                                        " — "
                                                        {o.message}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </div>
                            }
                        })
                }}
                {move || problem.get().map(|p| view! { <p class="export-problem" role="alert">{p}</p> })}
                {move || {
                    failed
                        .get()
                        .map(|p| {
                            view! {
                                <p class="export-problem" role="alert" data-testid="export-failed">
                                    {p}
                                    " "
                                    <button type="button" on:click=move |_| retry.update(|n| *n += 1)>
                                        "Try again"
                                    </button>
                                </p>
                            }
                        })
                }}
                <p class="hint" role="status" data-testid="export-busy">
                    {move || if busy.get() { "Preparing the export…" } else { "" }}
                </p>
                <pre
                    class="code"
                    aria-busy=move || if busy.get() { "true" } else { "false" }
                    tabindex="0"
                    role="region"
                    aria-label=move || format!("{} text", selected.get().label())
                >
                    <code data-testid="export-code">{move || text.get()}</code>
                </pre>
            </div>
        </section>
    }
}
