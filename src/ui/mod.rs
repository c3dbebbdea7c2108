//! The Leptos UI shell (wasm32 only): state, persistence and rendering. All logic lives in
//! [`crate::domain`]; components read the view model and send the user's input to the design
//! as edits ([`Ctx::apply`], [`crate::domain::edit`]).

pub mod check;
mod deadline;
mod diagram;
pub use diagram::{set_draw_max, DRAW_MAX};
pub mod export_panel;
pub(crate) mod fields;
pub mod help;
pub mod history;
pub mod import_panel;
pub mod library;
pub mod pager;
pub mod probe;
pub mod share;
mod steps;
pub mod storage;
pub mod worker;

use crate::domain::diagram::Scene;
use crate::domain::model::{Circuit, Design};
use crate::domain::progress::{Place, Progress};
use crate::domain::view::{field_id, view, DesignView, Step, StepStatus};
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
    /// The diagram's scene, laid out for its box ([`diagram::scene`]).
    pub scene: Memo<Scene>,
    /// When the view model and the scene follow the design's edits ([`check`]).
    pub check: check::Check,
    /// The room the diagram's box gives it, once measured.
    pub(crate) room: RwSignal<Option<diagram::Room>>,
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
    /// The open page of each long list of a step ([`pager`]).
    pub pages: pager::Pages,
    /// The last edit applied ([`Ctx::apply`]), for undo to name it.
    pub last_edit: StoredValue<Option<crate::domain::edit::Edit>>,
}

impl Ctx {
    /// The context of a design opened at `step` and circuit `circuit`, its view model and its
    /// diagram's scene derived from it (lazily: read, not pushed).
    pub fn new(
        design: RwSignal<Design>,
        progress: RwSignal<Progress>,
        step: Step,
        circuit: usize,
    ) -> Ctx {
        let check = check::Check::new(design);
        let view_model = Memo::new(move |_| {
            let v = check.timed(false, || design.with_untracked(view));
            // After the run: a first check found slow already waits for the clock.
            check.follow(design);
            v
        });
        let circuit = RwSignal::new(circuit);
        let room = RwSignal::new(None);
        Ctx {
            design,
            view: view_model,
            scene: diagram::scene(design, check, view_model, progress, circuit, room),
            check,
            room,
            step: RwSignal::new(step),
            circuit,
            notice: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            progress,
            pages: pager::Pages::new(),
            last_edit: StoredValue::new(None),
        }
    }

    /// Applies `edit` to the design ([`crate::domain::edit::apply`]): the one way components
    /// change it. Undo records it under its label.
    pub fn apply(self, edit: crate::domain::edit::Edit) -> crate::domain::edit::Applied {
        let mut out = crate::domain::edit::Applied::default();
        self.design
            .update(|d| out = crate::domain::edit::apply(d, &edit));
        self.last_edit.set_value(Some(edit));
        out
    }

    /// A memoised text value read from the design.
    pub fn text(self, get: fn(&Design) -> String) -> Memo<String> {
        Memo::new(move |_| self.design.with(get))
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
        self.check.flush();
        self.progress.update(|p| p.reveal(step));
    }

    /// A memoised text value of the selected circuit (or the last one when the index is past
    /// the end).
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

/// The control an element stands for: itself when it is a control; for a fieldset (radio
/// group) or a container, its checked or first control.
fn control_of(el: web_sys::Element) -> Option<web_sys::HtmlElement> {
    let control = if matches!(
        el.tag_name().to_ascii_lowercase().as_str(),
        "input" | "select" | "textarea" | "button"
    ) {
        el
    } else {
        el.query_selector("input:checked")
            .ok()
            .flatten()
            .or_else(|| {
                el.query_selector("input, select, textarea, button")
                    .ok()
                    .flatten()
            })
            .unwrap_or(el)
    };
    control.dyn_into::<web_sys::HtmlElement>().ok()
}

/// The control that stands for a field path, if it is on the page: the control with the path's
/// DOM id; else, for a list item (`connections[1]`), the item's first control
/// (`f-connections-1-…`); else the closest enclosing path's (`…advertisedPrefixes[2]` → the
/// prefix list).
pub fn field_element(path: &str) -> Option<web_sys::HtmlElement> {
    let doc = document();
    let mut p = path;
    loop {
        let id = field_id(p);
        let found = doc.get_element_by_id(&id).or_else(|| {
            doc.query_selector(&format!(
                "[id^='{id}-']:is(input, select, textarea, button)"
            ))
            .ok()
            .flatten()
        });
        if let Some(el) = found {
            return control_of(el);
        }
        // The enclosing path: drop the last `.name` or `[n]`.
        let cut = p.rfind(['.', '['])?;
        if cut == 0 {
            return None;
        }
        p = &p[..cut];
    }
}

/// Focuses `el` and scrolls it to the middle of the window (clear of the sticky header).
fn focus_and_show(el: &web_sys::HtmlElement) {
    // A field in a collapsed section (the peerings' Advanced) is shown first.
    if let Ok(Some(section)) = el.closest("details:not([open])") {
        let _ = section.set_attribute("open", "");
    }
    let _ = el.focus();
    // `scrollIntoView({block: "center"})`, called through JS (no web-sys feature for the options).
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"center".into());
    if let Ok(f) = js_sys::Reflect::get(el, &"scrollIntoView".into()) {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            let _ = f.call1(el, &options);
        }
    }
}

/// Moves keyboard focus to the control of a field path and scrolls it into view, if it is drawn.
pub fn focus_field(path: &str) {
    try_focus_field(path);
}

/// [`focus_field`]; whether the control was found.
pub fn try_focus_field(path: &str) -> bool {
    field_element(path).inspect(focus_and_show).is_some()
}

/// Focuses (and scrolls into view) the control with DOM id `id`, or the first control inside the
/// element with that id; whether there was one.
pub fn try_focus_id(id: &str) -> bool {
    document()
        .get_element_by_id(id)
        .and_then(control_of)
        .inspect(focus_and_show)
        .is_some()
}

/// How many frames [`when_drawn`] tries (about two seconds).
const DRAW_FRAMES: u32 = 120;

/// Runs `f` in the next frames until it returns true (what it looks for is drawn: a step, a
/// circuit tab or a list item drawn after a change), or gives up after about two seconds. No
/// fixed delay: it succeeds in the first frame where the element exists.
pub fn when_drawn(f: impl Fn() -> bool + 'static) {
    fn attempt(f: std::rc::Rc<dyn Fn() -> bool>, left: u32) {
        request_animation_frame(move || {
            if !f() && left > 0 {
                attempt(f, left - 1);
            }
        });
    }
    attempt(std::rc::Rc::new(f), DRAW_FRAMES);
}

/// Focuses the field of `path` once it is drawn ([`when_drawn`]).
pub fn focus_when_drawn(path: String) {
    when_drawn(move || try_focus_field(&path));
}

/// Opens `step` and focuses what to do there: the first of its errors that has a field of its
/// own (else the closest control of its first error), else its first field (or its add button),
/// else its title. For links that name a step, not a field (the readiness list, the finish).
pub fn open_step(ctx: Ctx, step: Step) {
    let errors: Vec<String> = ctx.view.with_untracked(|v| {
        v.findings
            .iter()
            .filter(|f| {
                f.severity == crate::domain::finding::Severity::Error
                    && crate::domain::view::step_of(&f.path) == step
            })
            .map(|f| f.path.clone())
            .collect()
    });
    // A per-circuit step opens at the circuit of its first error.
    if let Some(i) = errors.first().and_then(|p| circuit_index(p)) {
        if ctx.circuit.get_untracked() != i {
            ctx.circuit.set(i);
        }
    }
    if ctx.step.get_untracked() != step {
        ctx.step.set(step);
    }
    ctx.status.set(format!("{} step opened", step.label()));
    when_drawn(move || {
        if ctx.step.try_get_untracked() != Some(step) {
            return true;
        }
        let own = errors
            .iter()
            .find_map(|p| document().get_element_by_id(&field_id(p)))
            .and_then(control_of);
        if let Some(el) = own {
            focus_and_show(&el);
            return true;
        }
        if errors.first().is_some_and(|p| try_focus_field(p)) {
            return true;
        }
        let first = document()
            .query_selector(
                ".step-panel [id^='f-']:is(input, select, textarea), .step-panel fieldset[id^='f-'] input, .step-panel [data-testid^='add-']:not([data-testid='add-circuit'])",
            )
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        match first {
            Some(el) => focus_and_show(&el),
            None => {
                try_focus_id("step-title");
            }
        }
        true
    });
}

/// Opens the step that owns a field path (and the circuit it belongs to), then focuses the field
/// (or the list item the path names) once it is drawn, scrolled into view. The one way every
/// jump, add and fix moves the focus: Review links, the readiness list, the diagram, Next, the
/// add buttons and one-click fixes.
pub fn open_field(ctx: Ctx, path: &str) {
    let step = crate::domain::view::step_of(path);
    if let Some(i) = circuit_index(path) {
        if ctx.circuit.get_untracked() != i {
            ctx.circuit.set(i);
        }
    }
    ctx.pages.show(path);
    if ctx.step.get_untracked() != step {
        ctx.step.set(step);
    }
    focus_when_drawn(path.to_string());
}

/// Acknowledges the warning `f` in the open design ([`crate::domain::acknowledge`]: it stops
/// counting), or takes its acknowledgement back; the status says which.
pub fn toggle_acknowledged(ctx: Ctx, f: &crate::domain::finding::Finding) {
    use crate::domain::acknowledge::{can_acknowledge, is_acknowledged, AckError};
    let acked = ctx
        .design
        .with_untracked(|d| is_acknowledged(d, f.code, &f.path));
    // Whether it can be acknowledged is known before: the edit only applies it.
    let outcome = if acked {
        ctx.apply(crate::domain::edit::Edit::Unacknowledge(
            f.code,
            f.path.clone(),
        ));
        Ok(true)
    } else {
        let outcome = ctx.design.with_untracked(|d| can_acknowledge(d, f));
        if outcome.is_ok() {
            ctx.apply(crate::domain::edit::Edit::Acknowledge(f.clone()));
        }
        outcome
    };
    let label = crate::domain::view::field_label(&f.path);
    ctx.status.set(match outcome {
        _ if acked => format!("Warning {} ({label}) counts again", f.code),
        Ok(_) => format!(
            "Warning {} ({label}) acknowledged: it no longer counts; Review lists it",
            f.code
        ),
        Err(AckError::NotAWarning) => "Only warnings can be acknowledged".into(),
        Err(AckError::Full) => format!(
            "No more warnings can be acknowledged in this design ({} at most): take some back in Review first",
            crate::domain::bounds::ACKNOWLEDGED.limit
        ),
    });
}

/// The circuit index of a path such as `circuits[1].privatePeering.vlanId`.
pub fn circuit_index(path: &str) -> Option<usize> {
    crate::domain::field::FieldPath::enclosing(path)
        .and_then(crate::domain::field::FieldPath::circuit)
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
    // Where the user was in this design (a reload returns there), or where a design opens.
    let place = storage::place_of(&opened.id).unwrap_or_else(|| {
        let mut progress = Progress::opened(&opened.design);
        progress.visit(Step::Basics);
        Place {
            step: Step::Basics,
            circuit: 0,
            progress,
        }
    });
    let last_circuit = opened.design.circuits.len().saturating_sub(1);
    let progress = RwSignal::new(place.progress);
    let mut first_design = opened.design.clone();
    // One name everywhere: the design says the name the list shows.
    if let Some(e) = opened.index.get(&opened.id) {
        first_design.name = e.name.clone();
    }
    let design = RwSignal::new(first_design);
    let ctx = Ctx::new(
        design,
        progress,
        place.step,
        place.circuit.min(last_circuit),
    );
    ctx.notice.set(opened.notice.clone());
    provide_context(ctx);
    // Saving, undo/redo, other tabs and the design list live in the library.
    let lib = library::install(ctx, opened);
    // The Import dialog, also used by the design switcher's "Open design file".
    import_panel::ImportDialog::provide();
    // Another design opened (switcher, new, import, share link): its own place and progress,
    // as stored when it was open last, else as it opens. Otherwise, the place is stored as it
    // changes (one effect, so a switch never stores one design's place under the other's id).
    Effect::new(move |prev: Option<String>| {
        let id = lib.id.get();
        let step = ctx.step.get();
        let circuit = ctx.circuit.get();
        if prev.as_ref().is_some_and(|p| *p != id) {
            untrack(|| match storage::place_of(&id) {
                Some(place) => {
                    let last = ctx.design.with(|d| d.circuits.len().saturating_sub(1));
                    ctx.progress.set(place.progress);
                    ctx.circuit.set(place.circuit.min(last));
                    ctx.step.set(place.step);
                }
                None => {
                    let mut p = ctx.design.with(Progress::opened);
                    p.visit(step);
                    ctx.progress.set(p);
                }
            });
            return id;
        }
        ctx.progress.with(|p| {
            storage::save_place(
                &id,
                &Place {
                    step,
                    circuit,
                    progress: p.clone(),
                },
            )
        });
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
    // The live region says what an action did; the message is cleared after a while, so that
    // what is left in it never describes an older state.
    let said = StoredValue::new(0u64);
    Effect::new(move |_| {
        if ctx.status.with(String::is_empty) {
            return;
        }
        let n = said.get_value().wrapping_add(1);
        said.set_value(n);
        set_timeout(
            move || {
                if said.try_get_value() == Some(n) {
                    ctx.status.try_set(String::new());
                }
            },
            std::time::Duration::from_millis(STATUS_CLEAR_MS),
        );
    });

    view! {
        <div class="app">
            <a class="skip-link" href="#main" on:click=skip_to_form>
                "Skip to the form"
            </a>
            <Header />
            <library::Switcher />
            <Banner lib=lib />
            <library::Notices />
            <share::ShareOffer />
            <div class="layout">
                <Stepper />
                <main id="main" on:input=touched on:change=touched>
                    <steps::StepPanel />
                </main>
            </div>
            <p class="sr-only" aria-live="polite" id="status">{move || ctx.status.get()}</p>
        </div>
    }
}

/// How long a message stays in the live region (`#status`) before it is cleared.
pub const STATUS_CLEAR_MS: u64 = 10_000;

/// The skip link: focuses the open step's first field (or the first control of a step without
/// fields, else the step's title) instead of following the link.
fn skip_to_form(ev: web_sys::MouseEvent) {
    ev.prevent_default();
    let doc = document();
    let pick = |sel: &str| doc.query_selector(sel).ok().flatten();
    let target = pick(
        ".step-content :is(input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]))",
    )
    .or_else(|| pick(".step-content :is(button:not([disabled]), a[href], summary)"))
    .or_else(|| doc.get_element_by_id("step-title"));
    if let Some(h) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

/// localStorage key of the diagram panel's state in narrow layouts ("open" or "closed").
const DIAGRAM_OPEN_KEY: &str = "erwiz.ui.diagram";

fn ui_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The topology panel. From ~1100 px wide it is the sticky column beside the form; narrower, a
/// collapsible panel shown after the step title (closed unless the user opened it; the choice
/// is remembered). The diagram is drawn once, after the first paint, in either layout.
///
/// The layout contract with `diagram::Diagram` is in style/main.css (`aside.topology`): a sticky
/// column as tall as the window, or a panel in the flow; the diagram fits itself into it.
#[component]
pub(crate) fn Topology() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The diagram (most of the page's elements with a large design) is drawn after the open
    // step is on screen.
    let diagram_shown = RwSignal::new(false);
    after_next_paint(move || {
        if diagram_shown.try_set(true).is_none() {
            leptos::task::spawn_local(async { mark(DIAGRAM_MARK) });
        }
    });
    let open = RwSignal::new(
        ui_storage()
            .and_then(|s| s.get_item(DIAGRAM_OPEN_KEY).ok().flatten())
            .is_some_and(|v| v == "open"),
    );
    let toggle = move |_| {
        let now = !open.get_untracked();
        open.set(now);
        if let Some(s) = ui_storage() {
            let _ = s.set_item(DIAGRAM_OPEN_KEY, if now { "open" } else { "closed" });
        }
    };
    view! {
        <aside
            class=move || if open.get() { "topology open" } else { "topology" }
            role="region"
            aria-label="Topology"
        >
            <button
                type="button"
                class="topology-toggle quiet"
                data-testid="diagram-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="topology-body"
                on:click=toggle
            >
                <span class="chevron" aria-hidden="true"></span>
                "Topology diagram"
            </button>
            <div class="topology-body" id="topology-body">
                {move || {
                    if diagram_shown.get() {
                        view! { <diagram::Diagram /> }.into_any()
                    } else {
                        diagram_space(ctx).into_any()
                    }
                }}
            </div>
        </aside>
    }
}

/// The diagram's frame at the drawing's size, in place until the diagram is drawn after the
/// first paint, so that the open step (below the diagram in narrower layouts) does not move when
/// it comes. It mirrors `diagram::Diagram`'s figure (tools, drawing fitted to the box's width
/// up to 125 %, caption, table summary) and is hidden (style/startup.css) and inert. A design
/// too wide for the box is laid out again for it when drawn, so its height may differ.
fn diagram_space(ctx: Ctx) -> impl IntoView {
    let (w, h) = ctx.scene.with_untracked(|s| (s.width, s.height));
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
            <div class="top-actions">
            <button
                type="button"
                class="totals quiet"
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
                {move || {
                    ctx.check.checking.get().then(|| {
                        view! { <span class="checking" data-testid="checking">" · checking…"</span> }
                    })
                }}
            </button>
                <import_panel::ImportButton />
                <Settings />
            </div>
        </header>
    }
}

/// The header's settings menu (a popover: Escape or a click outside closes it, and focus goes
/// back to the Settings button): remembering secrets on this device.
#[component]
fn Settings() -> impl IntoView {
    let open = RwSignal::new(false);
    let toggled = move |ev: web_sys::Event| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            open.set(el.matches(":popover-open").unwrap_or(false));
        }
    };
    view! {
        <button
            type="button"
            class="settings-button"
            data-testid="settings"
            popovertarget="settings-menu"
            aria-expanded=move || open.get().to_string()
        >
            <span class="gear" aria-hidden="true">"⚙"</span>
            <span class="label">"Settings"</span>
        </button>
        <div
            id="settings-menu"
            class="settings-menu"
            popover="auto"
            role="dialog"
            aria-label="Settings"
            on:toggle=toggled
        >
            <library::RememberSecrets />
        </div>
    }
}

/// Opens Review (which shows every finding) at its list of findings.
pub fn open_findings(ctx: Ctx) {
    ctx.check.flush();
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
            // The texts are the domain's (`StorageNotice::message`); a backup is offered as it is.
            let (text, backup, keep) = (
                n.message(),
                n.backup().and_then(storage::stored_text),
                n.offers_download(),
            );
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
    // Where the strip scrolls sideways (narrow screens), the open step is kept in sight.
    Effect::new(move |_| {
        let step = ctx.step.get();
        request_animation_frame(move || {
            let doc = document();
            let (Some(list), Some(button)) = (
                doc.query_selector(".stepper ol").ok().flatten(),
                doc.query_selector(&format!(".stepper button[data-step='{}']", step.slug()))
                    .ok()
                    .flatten(),
            ) else {
                return;
            };
            let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() else {
                return;
            };
            if list.scroll_width() > list.client_width() {
                let centre =
                    button.offset_left() + button.offset_width() / 2 - list.client_width() / 2;
                list.set_scroll_left(centre.max(0));
            }
        });
    });
    view! {
        <nav class="stepper" aria-label="Wizard steps">
            <ol>
                // The steps never change: built once, each item with its own reactive parts
                // (no keyed list code for a constant list).
                {Step::ALL
                    .map(|s| {
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
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
