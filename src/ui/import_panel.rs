//! Import: paste text, choose or drop a file; the detected format, what could not be mapped,
//! and "Open as a new design". Shown on the Review step and in the header's Import dialog.

use super::library::open_as_new;
use super::share::js_error;
use super::worker::{self, ShownFinding};
use super::Ctx;
use crate::domain::io::{self, InputError, MAX_INPUT_BYTES};
use crate::domain::model::Design;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, HtmlInputElement};

/// Label of the wizard's own format (files that are not UTF-8 are read here, not in the worker).
const DESIGN_LABEL: &str = "ExpressRoute Wizard design";

/// The result of reading one input.
#[derive(Clone)]
pub enum Outcome {
    /// Read: the format found, the design, what could not be mapped, where it came from.
    Read {
        /// The format's label.
        format: String,
        /// The design read.
        design: Design,
        /// What could not be mapped exactly.
        findings: Vec<ShownFinding>,
        /// The file names, or "pasted text".
        source: String,
    },
    /// Not read: where from, and why.
    Failed {
        /// The file names, or "pasted text".
        source: String,
        /// Why.
        message: String,
    },
}

fn failed(source: String, e: impl ToString) -> Outcome {
    Outcome::Failed {
        source,
        message: e.to_string(),
    }
}

/// Reads `texts` in the import worker ([`worker::import`]): one input, or an ARM template and
/// its parameters file. The design it returns is read back with the design reader.
async fn import_texts(source: String, texts: Vec<String>) -> Outcome {
    match worker::import(texts).await {
        Ok(r) => match io::parse_design(&r.design) {
            Ok(design) => Outcome::Read {
                format: r.format,
                design,
                findings: r.findings,
                source,
            },
            Err(e) => failed(source, e),
        },
        Err(e) => failed(source, e),
    }
}

/// Reads a file's bytes as an import: UTF-8 text goes to the import worker; anything else gets
/// the design reader's precise error (UTF-16, invalid byte offset).
async fn import_bytes(source: String, bytes: Vec<u8>) -> Outcome {
    match String::from_utf8(bytes) {
        Ok(text) => import_texts(source, vec![text]).await,
        Err(e) => match io::parse_design_bytes(e.as_bytes()) {
            Ok(design) => Outcome::Read {
                format: DESIGN_LABEL.to_string(),
                design,
                findings: Vec::new(),
                source,
            },
            Err(e) => failed(source, e),
        },
    }
}

/// The files of a file input or a drop.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// Reads one file, or two (an ARM template and its parameters file, in either order).
pub fn read_files(files: Vec<File>, result: RwSignal<Option<Outcome>>) {
    let source = files
        .iter()
        .map(File::name)
        .collect::<Vec<_>>()
        .join(" and ");
    // Refused before reading: a huge file never reaches memory.
    if let Some(big) = files.iter().find(|f| f.size() > MAX_INPUT_BYTES as f64) {
        result.set(Some(failed(
            big.name(),
            InputError::TooLarge {
                bytes: Some(big.size() as u64),
            },
        )));
        return;
    }
    if files.len() > 2 {
        result.set(Some(failed(
            source,
            "choose one file, or an ARM template and its parameters file",
        )));
        return;
    }
    spawn_local(async move {
        let mut contents = Vec::new();
        for file in &files {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => contents.push(js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(e) => {
                    result.try_set(Some(Outcome::Failed {
                        source: file.name(),
                        message: format!("the file could not be read ({})", js_error(e)),
                    }));
                    return;
                }
            }
        }
        let next = if contents.len() == 1 {
            import_bytes(source, contents.pop().unwrap_or_default()).await
        } else {
            match contents
                .into_iter()
                .map(String::from_utf8)
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(texts) => import_texts(source, texts).await,
                Err(_) => failed(
                    source,
                    "a template and its parameters file must be UTF-8 text",
                ),
            }
        };
        result.try_set(Some(next));
    });
}

/// The import form. `id` prefixes the element ids (the panel can appear twice on a page);
/// `on_open` runs after a design was opened (the dialog closes itself).
#[component]
pub fn ImportPanel(
    /// Prefix of the element ids.
    #[prop(into)]
    id: String,
    /// Called after "Open as a new design".
    #[prop(optional)]
    on_open: Option<Callback<()>>,
    /// Where the result is shown (the header dialog's is shared with "Open design file").
    #[prop(optional)]
    result: Option<RwSignal<Option<Outcome>>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let result = result.unwrap_or_else(|| RwSignal::new(None::<Outcome>));
    let dragging = RwSignal::new(false);
    let text_id = format!("{id}-text");
    let file_id = format!("{id}-file");
    let result_id = format!("{id}-result");
    let hint_id = format!("{id}-hint");

    let read_pasted = move |_| {
        let pasted = text.get_untracked();
        spawn_local(async move {
            let next = import_texts("pasted text".to_string(), vec![pasted]).await;
            result.try_set(Some(next));
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let files = files_of(input.files());
        if !files.is_empty() {
            read_files(files, result);
        }
        // Choosing the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = files_of(ev.data_transfer().and_then(|dt| dt.files()));
        if !files.is_empty() {
            read_files(files, result);
            return;
        }
        let dropped = ev
            .data_transfer()
            .and_then(|dt| dt.get_data("text/plain").ok())
            .unwrap_or_default();
        if !dropped.is_empty() {
            text.set(dropped);
        }
    };
    let open = move |design: Design| {
        open_as_new(ctx, design, "import");
        result.set(None);
        text.set(String::new());
        if let Some(cb) = on_open {
            cb.run(());
        }
    };

    view! {
        <div
            class="import"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <label for=text_id.clone()>"Paste a design (JSON) or an ARM template"</label>
            <textarea
                id=text_id
                class="import-text"
                rows="6"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="import-actions">
                <button
                    type="button"
                    data-testid="import-read"
                    on:click=read_pasted
                    aria-controls=result_id.clone()
                >
                    "Read pasted text"
                </button>
                <span class="import-or">"or"</span>
                <label class="button file-button" for=file_id.clone()>"Choose a file…"</label>
                <input
                    id=file_id
                    class="file-input"
                    type="file"
                    multiple
                    accept=".json,.txt,application/json,text/plain"
                    aria-describedby=hint_id.clone()
                    on:change=on_file
                />
                <span class="hint" id=hint_id>
                    "or drop a file here (up to 5 MB); an ARM template can come with its parameters file (choose or drop both)"
                </span>
            </div>
            <div id=result_id class="import-result" data-testid="import-result">
                {move || {
                    result
                        .get()
                        .map(|o| match o {
                            Outcome::Failed { source, message } => {
                                view! {
                                    <p class="import-error" role="alert" data-testid="import-error">
                                        {format!("Could not import the {source}: {message}.")}
                                    </p>
                                }
                                    .into_any()
                            }
                            Outcome::Read { format, design, findings, source } => {
                                let design = StoredValue::new(design);
                                let summary = if findings.is_empty() {
                                    "Everything was read.".to_string()
                                } else {
                                    format!(
                                        "{} item{} could not be mapped exactly:",
                                        findings.len(),
                                        if findings.len() == 1 { "" } else { "s" },
                                    )
                                };
                                view! {
                                    <div role="status">
                                        <p data-testid="import-format">
                                            {format!("Detected format: {format} (from {source}).")}
                                        </p>
                                        <p>{summary}</p>
                                    </div>
                                    <ul class="findings">
                                        {findings
                                            .into_iter()
                                            .map(|f| {
                                                let code = f.code.clone();
                                                view! {
                                                    <li
                                                        class=format!("finding {}", f.severity)
                                                        data-code=code
                                                    >
                                                        <span class="code">{f.code}</span>
                                                        " "
                                                        <span class="msg">{f.message}</span>
                                                        {(!f.path.is_empty())
                                                            .then(|| format!(" ({})", f.path))}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <button
                                        type="button"
                                        class="primary"
                                        data-testid="import-open"
                                        on:click=move |_| {
                                            if let Some(d) = design.try_get_value() {
                                                open(d);
                                            }
                                        }
                                    >
                                        "Open as a new design"
                                    </button>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
        </div>
    }
}

/// The header's Import dialog, shared with the design switcher's "Open design file" (which
/// reads its file through the same import and shows the result there).
#[derive(Clone, Copy)]
pub struct ImportDialog {
    dialog: NodeRef<leptos::html::Dialog>,
    /// The panel is built when the dialog is first opened (not at startup), then kept.
    opened: RwSignal<bool>,
    result: RwSignal<Option<Outcome>>,
}

impl ImportDialog {
    /// Creates the dialog's state and provides it to the components below.
    pub fn provide() -> Self {
        let d = ImportDialog {
            dialog: NodeRef::new(),
            opened: RwSignal::new(false),
            result: RwSignal::new(None),
        };
        provide_context(d);
        d
    }

    /// Opens the dialog (modal).
    pub fn show(self) {
        if !self.opened.get_untracked() {
            self.opened.set(true);
        }
        if let Some(d) = self.dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    }

    fn close(self) {
        if let Some(d) = self.dialog.get_untracked() {
            d.close();
        }
    }

    /// Reads `files` as an import (one design file, or a template and its parameters file) and
    /// shows the result, with its findings and "Open as a new design", in the dialog.
    pub fn read(self, files: Vec<File>) {
        self.result.set(None);
        self.show();
        read_files(files, self.result);
    }
}

/// The header's "Import" button and its modal dialog.
#[component]
pub fn ImportButton() -> impl IntoView {
    let d = use_context::<ImportDialog>().unwrap_or_else(ImportDialog::provide);
    view! {
        <button
            type="button"
            class="header-import"
            data-testid="open-import"
            aria-haspopup="dialog"
            on:click=move |_| d.show()
        >
            "Import"
        </button>
        <dialog node_ref=d.dialog class="import-dialog" aria-labelledby="import-dialog-title">
            <div class="dialog-head">
                <h2 id="import-dialog-title">"Import a design"</h2>
                <button type="button" on:click=move |_| d.close()>
                    "Close"
                </button>
            </div>
            {move || {
                d.opened
                    .get()
                    .then(|| {
                        view! {
                            <ImportPanel
                                id="import-dialog"
                                on_open=Callback::new(move |()| d.close())
                                result=d.result
                            />
                        }
                    })
            }}
        </dialog>
    }
}
