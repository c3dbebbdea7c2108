//! Browser tests of the keystroke path: a part of the view model read through
//! `Ctx::view_part` wakes its readers only when that part changes.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::model::Design;
use erwiz::domain::progress::Progress;
use erwiz::domain::view::Step;
use erwiz::ui::Ctx;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen_test::*;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_view_part_wakes_its_readers_only_when_it_changes() {
    // Mounting (an empty view) sets up the executor the effects run on.
    let mounted = leptos::mount::mount_to(container(), || ());
    let owner = Owner::new();
    // Runs of an effect reading the counts through `view_part`, and of one reading the diagram's
    // scene (which shows the circuit's name, so it changes with every rename).
    let reads = Arc::new(AtomicUsize::new(0));
    let views = Arc::new(AtomicUsize::new(0));
    let (ctx, counts) = owner.with(|| {
        let mut d = Design {
            resource_group: "rg".into(),
            ..Design::default()
        };
        if let Some(c) = d.circuits.first_mut() {
            c.name = "er-a".into();
        }
        let design = RwSignal::new(d);
        let ctx = Ctx::new(design, RwSignal::new(Progress::all()), Step::Basics, 0);
        let counts = ctx.view_part(|v| v.counts);
        let seen = Arc::clone(&reads);
        Effect::new(move |_| {
            counts.track();
            seen.fetch_add(1, Ordering::SeqCst);
        });
        let seen = Arc::clone(&views);
        Effect::new(move |_| {
            // Read (not only tracked): a memo never read has no sources yet.
            ctx.scene.with(|_| ());
            seen.fetch_add(1, Ordering::SeqCst);
        });
        (ctx, counts)
    });
    let reads_now = || reads.load(Ordering::SeqCst);
    let views_now = || views.load(Ordering::SeqCst);
    let rename = |name: &str| {
        let name = name.to_string();
        ctx.design.update(|d| d.circuits[0].name = name);
    };
    wait_for("the first runs", || reads_now() == 1 && views_now() == 1).await;
    let valid = counts.get_untracked();

    // A new valid name changes the scene (the diagram shows it) but not the counts. A reader
    // woken by it would run before anything queued by the next change.
    rename("er-b");
    wait_for("the scene to follow the rename", || views_now() == 2).await;
    // A name with a leading hyphen is an error: the counts change.
    rename("-bad");
    wait_for("the reader to follow the error", || reads_now() >= 2).await;
    assert_eq!(reads_now(), 2, "the valid rename woke the reader");
    assert_ne!(counts.get_untracked(), valid);
    assert_eq!(
        counts.get_untracked(),
        ctx.view.with_untracked(|v| v.counts)
    );

    // Another invalid name keeps the counts: the reader sleeps; a valid one wakes it.
    rename("-worse");
    wait_for("the scene to follow the rename", || views_now() == 4).await;
    rename("er-c");
    wait_for("the reader to follow the fix", || reads_now() >= 3).await;
    assert_eq!(reads_now(), 3, "the second invalid rename woke the reader");
    assert_eq!(counts.get_untracked(), valid);
    drop(owner);
    drop(mounted);
}
