//! "Recently deleted": which deleted items are kept for restoring. A deleted design stays
//! restorable for [`KEEP_DAYS`] days, at most [`KEEP_COUNT`] of them (the oldest goes first);
//! what falls out is deleted for good.

/// How many deleted designs are kept.
pub const KEEP_COUNT: usize = 10;
/// How many days a deleted design is kept. Whole days, so the page writes it without float
/// formatting code (core's, about 8 KB of wasm, which nothing else in the page needs).
pub const KEEP_DAYS: u32 = 30;
/// [`KEEP_DAYS`] in milliseconds.
pub const KEEP_MS: f64 = KEEP_DAYS as f64 * 24.0 * 3600.0 * 1000.0;

/// Items, each with the time it was deleted (ms since the epoch).
pub type Dated<T> = Vec<(T, f64)>;

/// Splits `items` (each with the time it was deleted, ms since the epoch) at time `now` into
/// those kept (newest first, at most [`KEEP_COUNT`], none older than [`KEEP_MS`]) and those
/// dropped. A time in the future (another device's clock) or not a number counts as now.
pub fn prune<T>(items: Dated<T>, now: f64) -> (Dated<T>, Dated<T>) {
    let mut items: Vec<(T, f64)> = items
        .into_iter()
        .map(|(t, at)| (t, if at.is_finite() && at <= now { at } else { now }))
        .collect();
    // Newest first; stable, so equal times keep their order.
    items.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (t, at) in items {
        if kept.len() < KEEP_COUNT && now - at <= KEEP_MS {
            kept.push((t, at));
        } else {
            dropped.push((t, at));
        }
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: f64 = 24.0 * 3600.0 * 1000.0;

    #[test]
    fn keeps_the_newest_within_the_limits() {
        let now = 100.0 * DAY;
        let items: Vec<(u32, f64)> = (0..15).map(|i| (i, now - f64::from(i) * 1000.0)).collect();
        let (kept, dropped) = prune(items, now);
        assert_eq!(kept.len(), KEEP_COUNT);
        assert_eq!(kept.first().map(|k| k.0), Some(0), "newest first");
        assert_eq!(dropped.len(), 5);
        assert!(dropped.iter().all(|d| d.0 >= KEEP_COUNT as u32));
    }

    #[test]
    fn drops_what_is_older_than_the_limit() {
        let now = 100.0 * DAY;
        let items = vec![
            ("today", now),
            ("exactly 30 days", now - KEEP_MS),
            ("31 days", now - KEEP_MS - DAY),
            ("future", now + DAY),
            ("nan", f64::NAN),
        ];
        let (kept, dropped) = prune(items, now);
        let kept: Vec<&str> = kept.iter().map(|k| k.0).collect();
        assert!(kept.contains(&"today"));
        assert!(kept.contains(&"exactly 30 days"));
        assert!(kept.contains(&"future"));
        assert!(kept.contains(&"nan"));
        assert_eq!(
            dropped.iter().map(|d| d.0).collect::<Vec<_>>(),
            vec!["31 days"]
        );
    }
}
