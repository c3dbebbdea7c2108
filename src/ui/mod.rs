//! The Leptos UI shell (wasm32 only): state, persistence and rendering. All logic lives in
//! [`crate::domain`]; components read the view model and write user input back into the design.

mod diagram;
pub mod export_panel;
pub(crate) mod fields;
pub mod history;
pub mod import_panel;
pub mod library;
pub mod probe;
pub mod share;
mod steps;
pub mod storage;
pub mod worker;

use crate::domain::model::{Circuit, Design};
use crate::domain::progress::Progress;
use crate::domain::view::{field_id, view_shown, DesignView, Step, StepStatus};
use leptos::prelude::*;
use storage::StorageNotice;
use wasm_bindgen::JsCast;

/// Name of the performance mark set once the app is mounted and interactive.
pub const INTERACTIVE_MARK: &str = "erwiz-interactive";
/// Delay before an edit is written to localStorage (edits in between are coalesced).
pub const SAVE_DEBOUNCE_MS: u64 = 250;

/// Shared state, provided as context to every component.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The design being edited.
    pub design: RwSignal<Design>,
    /// The view model derived from it.
    pub view: Memo<DesignView>,
    /// The open step.
    pub step: RwSignal<Step>,
    /// Index of the circuit the per-circuit steps edit (0 or 1 for a two-circuit design).
    pub circuit: RwSignal<usize>,
    /// Storage problems to show in the banner.
    pub notice: RwSignal<Option<StorageNotice>>,
    /// Last status message for the live region.
    pub status: RwSignal<String>,
    /// Steps visited and fields touched in this design: which findings are shown
    /// ([`crate::domain::progress`]).
    pub progress: RwSignal<Progress>,
}

impl Ctx {
    /// Applies `f` to the selected circuit ([`Ctx::circuit`], or the last one when the index is
    /// past the end), creating a circuit if a corrupt design had none.
    pub fn edit_circuit(self, f: impl FnOnce(&mut Circuit)) {
        let i = self.circuit.get_untracked();
        self.design.update(|d| {
            if d.circuits.is_empty() {
                d.circuits.push(Circuit::default());
            }
            let last = d.circuits.len().saturating_sub(1);
            if let Some(c) = d.circuits.get_mut(i.min(last)) {
                f(c);
            }
        });
    }

    /// A memoised text value read from the design.
    pub fn text(self, get: fn(&Design) -> String) -> Memo<String> {
        Memo::new(move |_| self.design.with(get))
    }

    /// A callback writing text into the design.
    pub fn setter(self, set: fn(&mut Design, String)) -> Callback<String> {
        Callback::new(move |v: String| self.design.update(|d| set(d, v)))
    }

    /// A part of the view model, as a signal set only when that part changes. A memo of the
    /// view would wake every effect below it to re-check on each change of the view (each
    /// keystroke); this wakes them only when their part is different.
    pub fn view_part<T>(self, part: impl Fn(&DesignView) -> T + 'static) -> Signal<T>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        let now = self.view.with_untracked(&part);
        let slot = RwSignal::new(now);
        Effect::new(move |_| {
            let now = self.view.with(&part);
            if slot.with_untracked(|old| *old != now) {
                slot.set(now);
            }
        });
        slot.into()
    }

    /// Records an edit of the control with DOM id `id` (its findings are shown from now on).
    pub fn touch(self, id: &str) {
        if !id.starts_with("f-") {
            return;
        }
        let new = self.progress.with_untracked(|p| !p.touched(id));
        if new {
            self.progress.update(|p| {
                p.touch(id);
            });
        }
    }

    /// Shows every finding of `step` (Next pressed there).
    pub fn reveal(self, step: Step) {
        self.progress.update(|p| p.reveal(step));
    }

    /// A memoised text value of the selected circuit (see [`Ctx::edit_circuit`]).
    pub fn circuit_text(self, get: fn(&Circuit) -> String) -> Memo<String> {
        Memo::new(move |_| {
            let i = self.circuit.get();
            self.design.with(|d| {
                d.circuits
                    .get(i)
                    .or(d.circuits.last())
                    .map(get)
                    .unwrap_or_default()
            })
        })
    }
}

/// Moves keyboard focus to the control of a field path.
pub fn focus_field(path: &str) {
    let Some(el) = document().get_element_by_id(&field_id(path)) else {
        return;
    };
    let target = if el.tag_name().eq_ignore_ascii_case("fieldset") {
        el.query_selector("input:checked")
            .ok()
            .flatten()
            .or_else(|| el.query_selector("input").ok().flatten())
            .unwrap_or(el)
    } else {
        el
    };
    if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// Opens the step that owns a field path (and the circuit it belongs to), then focuses the field
/// once the step is drawn. Used by Review links, the diagram and the Next button.
pub fn open_field(ctx: Ctx, path: &str) {
    let step = crate::domain::view::step_of(path);
    if let Some(i) = circuit_index(path) {
        if ctx.circuit.get_untracked() != i {
            ctx.circuit.set(i);
        }
    }
    if ctx.step.get_untracked() != step {
        ctx.step.set(step);
    }
    let path = path.to_string();
    request_animation_frame(move || focus_field(&path));
}

/// The circuit index of a path such as `circuits[1].privatePeering.vlanId`.
pub fn circuit_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("circuits[")?;
    let end = rest.find(']')?;
    rest[..end].parse().ok()
}

/// Name of the performance mark set when the wasm module starts running (before mount).
pub const START_MARK: &str = "erwiz-start";

/// Name of the performance mark set once the diagram, drawn after the first paint, is in place.
pub const DIAGRAM_MARK: &str = "erwiz-diagram";

fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
    }
}

/// Mounts the app on the page body and marks it interactive.
pub fn start() {
    mark(START_MARK);
    console_error_panic_hook::set_once();
    mount_to_body(App);
    // Mounting leaves microtasks behind: the effects' first runs (a batch this task joins) and the
    // fields' values (Leptos sets `value` properties in a microtask queued while building). The
    // mark is queued behind both: the open step is then complete (fields with their values,
    // findings, stepper), nothing of the mount is left to run, and the browser paints and handles
    // input next.
    leptos::task::spawn_local(async { queue_microtask(|| mark(INTERACTIVE_MARK)) });
}

/// Runs `f` once the browser has painted the next frame: a frame callback, then a task queued
/// from it (which runs after that frame's paint). Work that isn't needed to see and use the open
/// step goes here, so it does not delay the first paint.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// The whole wizard.
#[component]
pub fn App() -> impl IntoView {
    let opened = storage::open();
    let mut first = Progress::opened(&opened.design);
    first.visit(Step::Basics);
    let progress = RwSignal::new(first);
    let design = RwSignal::new(opened.design.clone());
    let view_model =
        Memo::new(move |_| progress.with(|p| design.with(|d| view_shown(d, |path| p.shows(path)))));
    let ctx = Ctx {
        design,
        view: view_model,
        step: RwSignal::new(Step::Basics),
        circuit: RwSignal::new(0),
        notice: RwSignal::new(opened.notice.clone()),
        status: RwSignal::new(String::new()),
        progress,
    };
    provide_context(ctx);
    // Saving, undo/redo, other tabs and the design list live in the library.
    let lib = library::install(ctx, opened);
    // The Import dialog, also used by the design switcher's "Open design file".
    import_panel::ImportDialog::provide();
    // Another design opened (switcher, new, import, share link): its own progress.
    Effect::new(move |prev: Option<String>| {
        let id = lib.id.get();
        if prev.as_ref().is_some_and(|p| *p != id) {
            let mut p = ctx.design.with_untracked(Progress::opened);
            p.visit(ctx.step.get_untracked());
            ctx.progress.set(p);
        }
        id
    });
    // The open step counts as visited.
    Effect::new(move |_| {
        let step = ctx.step.get();
        if ctx.progress.with_untracked(|p| !p.visited(step)) {
            ctx.progress.update(|p| {
                p.visit(step);
            });
        }
    });
    // Any edit in the step panel touches its control (list editors included).
    let touched = move |ev: web_sys::Event| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            ctx.touch(&el.id());
        }
    };
    // The diagram (most of the page's elements with a large design) is drawn after the open
    // step is on screen.
    let diagram_shown = RwSignal::new(false);
    after_next_paint(move || {
        if diagram_shown.try_set(true).is_none() {
            leptos::task::spawn_local(async { mark(DIAGRAM_MARK) });
        }
    });

    view! {
        <div class="app">
            <Header />
            <library::Switcher />
            <Banner lib=lib />
            <library::Notices />
            <share::ShareOffer />
            <div class="layout">
                <Stepper />
                <main class="panel" id="main" on:input=touched on:change=touched>
                    <steps::StepPanel />
                </main>
                <aside class="topology" aria-label="Topology">
                    {move || {
                        if diagram_shown.get() {
                            view! { <diagram::Diagram /> }.into_any()
                        } else {
                            diagram_space(ctx).into_any()
                        }
                    }}
                </aside>
            </div>
            <p class="sr-only" aria-live="polite" id="status">{move || ctx.status.get()}</p>
        </div>
    }
}

/// The diagram's frame at the drawing's size, in place until the diagram is drawn after the
/// first paint, so that the open step (below the diagram in narrower layouts) does not move when
/// it comes. It mirrors `diagram::Diagram`'s figure (tools, drawing fitted to the box's width
/// up to 125 %, caption, table summary) and is hidden (style/startup.css) and inert. A design
/// too wide for the box is laid out again for it when drawn, so its height may differ.
fn diagram_space(ctx: Ctx) -> impl IntoView {
    let (w, h) = ctx
        .view
        .with_untracked(|v| (v.diagram.width, v.diagram.height));
    view! {
        <figure class="diagram-figure diagram-space" aria-hidden="true">
            <div class="diagram-tools">
                <div class="zoom-tools">
                    <button type="button" tabindex="-1">"−"</button>
                    <output class="zoom-level">"100 %"</output>
                    <button type="button" tabindex="-1">"+"</button>
                    <button type="button" tabindex="-1">"Fit"</button>
                </div>
                <button type="button" tabindex="-1">"SVG"</button>
                <button type="button" tabindex="-1">"PNG"</button>
            </div>
            <div class="diagram-scroll">
                <svg
                    class="diagram"
                    viewBox=format!("0 0 {w} {h}")
                    width=w * 5 / 4
                    height=h * 5 / 4
                ></svg>
            </div>
            <figcaption>
                "Primary solid, secondary dashed. Select an element to edit it."
            </figcaption>
            <details class="diagram-table">
                <summary tabindex="-1">"Links and addresses as a table"</summary>
            </details>
        </figure>
    }
}

#[component]
fn Header() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let counts = ctx.view_part(|v| v.counts);
    let pristine = Memo::new(move |_| ctx.progress.with(Progress::pristine));
    view! {
        <header class="top">
            <div class="brand">
                <h1>"ExpressRoute Wizard"</h1>
                <p class="tagline">"Plan an Azure ExpressRoute circuit, checked as you type."</p>
            </div>
            <button
                type="button"
                class="totals link"
                data-testid="totals"
                title="Open the list of findings"
                on:click=move |_| open_findings(ctx)
            >
                {move || {
                    if pristine.get() {
                        return "Nothing checked yet".to_string();
                    }
                    let (e, w, _) = counts.get();
                    let plural = |n: usize, word: &str| {
                        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
                    };
                    format!("{} · {}", plural(e, "error"), plural(w, "warning"))
                }}
            </button>
            <import_panel::ImportButton />
        </header>
    }
}

/// Opens Review (which shows every finding) at its list of findings.
pub fn open_findings(ctx: Ctx) {
    if ctx.step.get_untracked() != Step::Review {
        ctx.step.set(Step::Review);
    }
    ctx.status.set("Review opened at the findings".to_string());
    request_animation_frame(|| {
        if let Some(h) = document().get_element_by_id("findings-title") {
            h.scroll_into_view();
            if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
}

#[component]
fn Banner(lib: library::Lib) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        ctx.notice.get().map(|n| {
            // Whether the banner offers "Download design (.json)": the design is not stored.
            let (text, backup, keep) = match n {
                StorageNotice::Recovered { reason } => (
                    format!(
                        "Your saved design could not be opened: {reason}. It was kept untouched under the key \"{}\" and a new design was started.",
                        storage::BACKUP_KEY
                    ),
                    storage::backup_text(),
                    false,
                ),
                StorageNotice::Unavailable => (
                    "This browser does not let the page use local storage (private mode or disabled): your design lives only in this tab. Keep it as a file with “Download design (.json)”; “Open design file” opens it again.".to_string(),
                    None,
                    true,
                ),
                StorageNotice::WriteFailed { reason } => (
                    format!("Your last change could not be saved ({reason}); browser storage may be full. Your design is kept in this tab: keep it as a file with “Download design (.json)”, or free some space."),
                    None,
                    true,
                ),
            };
            view! {
                <div class="banner" role="alert" data-testid="storage-banner">
                    <p>{text}</p>
                    {backup.map(|raw| {
                        let href = format!(
                            "data:application/json;charset=utf-8,{}",
                            js_sys::encode_uri_component(&raw)
                        );
                        view! {
                            <a class="button" href=href download="expressroute-design-backup.json">
                                "Download the unreadable data"
                            </a>
                        }
                    })}
                    {keep.then(|| view! {
                        <button type="button" data-action="banner-download-design" on:click=move |_| lib.download()>
                            "Download design (.json)"
                        </button>
                    })}
                    <button type="button" on:click=move |_| ctx.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

fn status_icon(s: StepStatus) -> &'static str {
    match s {
        StepStatus::NotStarted => "○",
        StepStatus::Errors => "✕",
        StepStatus::Warnings => "!",
        StepStatus::Complete => "✓",
    }
}

#[component]
fn Stepper() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <nav class="stepper" aria-label="Wizard steps">
            <ol>
                <For
                    each=move || Step::ALL
                    key=|s| *s
                    children=move |s| {
                        let status = Memo::new(move |_| {
                            ctx.progress.with(|p| ctx.view.with(|v| p.status(v, s)))
                        });
                        let current = move || ctx.step.get() == s;
                        view! {
                            <li class=move || {
                                format!(
                                    "step {} {}",
                                    status.get().label().replace(' ', "-"),
                                    if current() { "current" } else { "" },
                                )
                            }>
                                <button
                                    type="button"
                                    data-step=s.slug()
                                    aria-current=move || if current() { Some("step") } else { None }
                                    on:click=move |_| {
                                        ctx.step.set(s);
                                        ctx.status.set(format!("{} step opened", s.label()));
                                    }
                                >
                                    <span class="icon" aria-hidden="true">
                                        {move || {
                                            status_icon(status.get())
                                        }}
                                    </span>
                                    <span class="name">{s.label()}</span>
                                    <span class="sr-only">
                                        {move || format!(", {}", status.get().label())}
                                    </span>
                                </button>
                            </li>
                        }
                    }
                />
            </ol>
        </nav>
    }
}
