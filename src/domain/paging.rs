//! Long lists shown a page at a time (the wizard's connections, Global Reach links, virtual
//! networks and gateways): which items a page holds, and which page holds an item.

use std::ops::Range;

/// Items per page.
pub const PAGE: usize = 20;

/// How many pages a list of `count` items has (one, even empty).
pub fn pages(count: usize) -> usize {
    count.div_ceil(PAGE).max(1)
}

/// The items of page `page` of a list of `count` (the last page's when `page` is past it).
pub fn range(count: usize, page: usize) -> Range<usize> {
    let start = page.min(pages(count) - 1) * PAGE;
    start..count.min(start + PAGE)
}

/// The page holding item `k`.
pub fn page_of(k: usize) -> usize {
    k / PAGE
}

/// `n` with a thin space between thousands (`10 000`), as the pager's count.
pub fn count_text(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_at_the_boundaries() {
        // (count, page, range)
        let cases = [
            (0, 0, 0..0),
            (1, 0, 0..1),
            (20, 0, 0..20),
            (20, 1, 0..20),
            (21, 0, 0..20),
            (21, 1, 20..21),
            (21, 7, 20..21),
            (10_000, 499, 9_980..10_000),
            (10_000, usize::MAX, 9_980..10_000),
        ];
        for (count, page, want) in cases {
            assert_eq!(range(count, page), want, "{count} items, page {page}");
        }
        assert_eq!([pages(0), pages(20), pages(21)], [1, 1, 2]);
        assert_eq!(
            [page_of(0), page_of(19), page_of(20), page_of(9_999)],
            [0, 0, 1, 499]
        );
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count_text(0), "0");
        assert_eq!(count_text(999), "999");
        assert_eq!(count_text(1_000), "1\u{202f}000");
        assert_eq!(count_text(10_000), "10\u{202f}000");
        assert_eq!(count_text(1_234_567), "1\u{202f}234\u{202f}567");
    }
}
