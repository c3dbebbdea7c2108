//! Long lists of a step (connections, Global Reach links, virtual networks, gateways) shown a
//! page at a time ([`crate::domain::paging`]): a design at the element limits has 10,000
//! connections, and a card each would hold the page for seconds. Opening a field of an item
//! ([`crate::ui::open_field`]) opens its page first.

use crate::domain::field::{FieldPath, List};
use crate::domain::paging::{count_text, page_of, pages, range, PAGE};
use leptos::prelude::*;
use std::ops::Range;

/// The paged lists.
const LISTS: [List; 4] = [
    List::Connections,
    List::GlobalReach,
    List::VirtualNetworks,
    List::Gateways,
];

/// The open page of each paged list ([`LISTS`]).
#[derive(Clone, Copy)]
pub struct Pages([RwSignal<usize>; 4]);

impl Pages {
    /// Every list at its first page.
    pub fn new() -> Pages {
        Pages(std::array::from_fn(|_| RwSignal::new(0)))
    }

    /// The open page of `list`, one of [`LISTS`] (another list has one page: the first
    /// list's signal, never moved by it).
    pub fn of(self, list: List) -> RwSignal<usize> {
        let k = LISTS.iter().position(|l| *l == list).unwrap_or(0);
        self.0[k]
    }

    /// Opens the page holding the item `path` names (`connections[45].name` → its third page),
    /// when it names an item of a paged list.
    pub fn show(self, path: &str) {
        let Some((list, k)) = FieldPath::enclosing(path).and_then(FieldPath::item) else {
            return;
        };
        if let Some(page) = LISTS.iter().position(|l| *l == list).map(|i| self.0[i]) {
            if page.get_untracked() != page_of(k) {
                page.set(page_of(k));
            }
        }
    }
}

impl Default for Pages {
    fn default() -> Self {
        Pages::new()
    }
}

/// The items shown of a list of `count` at `page`: changes only when the page or the number of
/// items does, so a keystroke in a card rebuilds nothing.
pub fn shown(count: Memo<usize>, page: RwSignal<usize>) -> Memo<Range<usize>> {
    Memo::new(move |_| range(count.get(), page.get()))
}

/// First / Previous / "Connections 21–40 of 10 000" / Next / Last, for a list longer than a
/// page (nothing otherwise). `what` names the items ("Connections").
#[component]
pub fn Pager(
    /// What the items are, capitalised ("Connections").
    what: &'static str,
    /// How many items the list has.
    count: Memo<usize>,
    /// The open page.
    page: RwSignal<usize>,
) -> impl IntoView {
    let last = Memo::new(move |_| pages(count.get()) - 1);
    let at = Memo::new(move |_| page.get().min(last.get()));
    let go = move |p: usize| page.set(p.min(last.get_untracked()));
    let text = move || {
        let r = range(count.get(), page.get());
        format!(
            "{what} {}–{} of {}",
            r.start + 1,
            r.end,
            count_text(count.get())
        )
    };
    let button =
        move |label: &'static str, to: fn(usize, usize) -> usize, off: fn(usize, usize) -> bool| {
            view! {
                <button
                    type="button"
                    class="secondary"
                    data-page=label
                    disabled=move || off(at.get(), last.get())
                    on:click=move |_| go(to(at.get_untracked(), last.get_untracked()))
                >
                    {label}
                </button>
            }
        };
    view! {
        <Show when=move || { count.get() > PAGE }>
            <nav class="pager" aria-label=format!("{what}: pages")>
                {button("First", |_, _| 0, |at, _| at == 0)}
                {button("Previous", |at, _| at.saturating_sub(1), |at, _| at == 0)}
                <span class="pager-at" aria-live="polite">{text}</span>
                {button("Next", |at, _| at + 1, |at, last| at >= last)}
                {button("Last", |_, last| last, |at, last| at >= last)}
            </nav>
        </Show>
    }
}
