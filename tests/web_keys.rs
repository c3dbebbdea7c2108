//! Browser tests of the keystroke path: a part of the view model read through
//! `Ctx::view_part` wakes its readers only when that part changes.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::model::Design;
use erwiz::domain::progress::Progress;
use erwiz::domain::view::Step;
use erwiz::ui::Ctx;
use leptos::prelude::*;
use leptos::task::tick;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen_test::*;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The context of a valid one-circuit design named `er-a`, every finding shown (call within an
/// owner).
fn valid_ctx() -> Ctx {
    let mut d = Design {
        resource_group: "rg".into(),
        ..Design::default()
    };
    if let Some(c) = d.circuits.first_mut() {
        c.name = "er-a".into();
    }
    Ctx::new(
        RwSignal::new(d),
        RwSignal::new(Progress::all()),
        Step::Basics,
        0,
    )
}

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
        let ctx = valid_ctx();
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

#[wasm_bindgen_test]
async fn a_slow_check_waits_for_a_pause_in_typing_and_next_runs_it_at_once() {
    let mounted = leptos::mount::mount_to(container(), || ());
    let owner = Owner::new();
    let (ctx, errors) = owner.with(|| {
        let ctx = valid_ctx();
        // The errors as a reader of the view model sees them.
        let errors = RwSignal::new(usize::MAX);
        Effect::new(move |_| {
            let e = ctx.view.with(|v| v.counts.0);
            ctx.scene.with(|_| ());
            errors.set(e);
        });
        (ctx, errors)
    });
    let rename = |name: &str| {
        let name = name.to_string();
        ctx.design.update(|d| d.circuits[0].name = name);
    };
    wait_for("the first check", || errors.get_untracked() != usize::MAX).await;
    let valid = errors.get_untracked();

    // Quick checks follow every edit, even read right after it.
    rename("-bad");
    assert!(
        ctx.view.with_untracked(|v| v.counts.0) > valid,
        "a quick check is read at once"
    );
    rename("er-a");
    wait_for("the reader to follow", || errors.get_untracked() == valid).await;
    assert!(!ctx.check.checking.get_untracked());

    // A threshold of 0 ms makes every check of a big design slow; this one has a single
    // circuit: still checked on every edit.
    ctx.check.set_threshold(0.0);
    rename("-bad");
    rename("-bad2");
    tick().await;
    assert!(!ctx.check.checking.get_untracked(), "a small design waits");
    assert!(ctx.view.with_untracked(|v| v.counts.0) > valid);
    rename("er-a");
    wait_for("the reader to follow", || errors.get_untracked() == valid).await;

    // Every check slow: an edit marks the findings as being checked and keeps the last ones
    // until typing pauses.
    ctx.check.set_threshold(-1.0);
    rename("er-b"); // the view now follows the clock, not the design
    wait_for("the check of the valid rename", || {
        !ctx.check.checking.get_untracked()
    })
    .await;
    let t0 = erwiz::ui::check::now();
    rename("-bad");
    rename("-bad-er");
    tick().await;
    assert!(ctx.check.checking.get_untracked(), "no checking cue");
    assert_eq!(errors.get_untracked(), valid, "checked before the pause");
    assert_eq!(ctx.view.with_untracked(|v| v.counts.0), valid);
    wait_for("the deferred check", || errors.get_untracked() > valid).await;
    let waited = erwiz::ui::check::now() - t0;
    assert!(
        waited >= erwiz::ui::check::PAUSE_MS as f64 - 5.0,
        "checked after {waited} ms"
    );
    assert!(!ctx.check.checking.get_untracked());
    let scene_name = ctx.scene.with_untracked(|s| s.title.contains("-bad-er"));
    assert!(
        scene_name,
        "the diagram shows the last name after the check"
    );

    // Next (revealing a step's findings) checks at once.
    rename("er-c");
    tick().await;
    assert!(ctx.check.checking.get_untracked());
    ctx.reveal(Step::Basics);
    wait_for("the check Next asked for", || {
        errors.get_untracked() == valid
    })
    .await;
    assert!(!ctx.check.checking.get_untracked());
    drop(owner);
    drop(mounted);
}
