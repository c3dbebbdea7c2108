//! The (i) help of an ExpressRoute word ([`crate::domain::glossary`]): a small button with
//! `aria-expanded` and `aria-controls` that shows the word's explanation and a link to the
//! Microsoft Learn page it comes from. Keyboard: Tab to the button, Enter or Space opens and
//! closes it, Escape closes it and keeps the focus on the button.

use crate::domain::glossary;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// Numbers the help panels, so a word explained twice on one page has two distinct ids.
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// The toggle and its (hidden) panel, as two siblings: put them after a label, or inside a
/// legend or a paragraph. An unknown key renders nothing.
#[component]
pub fn Help(
    /// The word's key in the glossary, e.g. `msee`.
    term: &'static str,
) -> impl IntoView {
    let Some(t) = glossary::term(term) else {
        return ().into_any();
    };
    let n = NEXT.with(|c| {
        let n = c.get();
        c.set(n.wrapping_add(1));
        n
    });
    let id = format!("help-{}-{n}", t.key);
    let open = RwSignal::new(false);
    let button: NodeRef<leptos::html::Button> = NodeRef::new();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            ev.stop_propagation();
            open.set(false);
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <button
            type="button"
            class="help-toggle"
            node_ref=button
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=id.clone()
            title=format!("What is {}?", t.term)
            on:click=move |_| open.update(|o| *o = !*o)
            on:keydown=close_on_escape
        >
            <span aria-hidden="true">"i"</span>
            <span class="sr-only">{format!("What is {}?", t.term)}</span>
        </button>
        <span
            id=id
            class="help-text"
            role="note"
            hidden=move || !open.get()
            on:keydown=close_on_escape
        >
            <strong>{t.term}": "</strong>
            {t.text}
            " "
            <a href=t.source target="_blank" rel="noopener">
                "Microsoft Learn"
            </a>
        </span>
    }
    .into_any()
}
