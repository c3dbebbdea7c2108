//! Float to text without core's float formatting (`flt2dec`: Grisu and Dragon, about 16 KB of
//! wasm). The shortest digits come from serde_json's float writer, which the app links anyway;
//! the fixed-precision case uses exact integer arithmetic. Output is identical to `format!("{v}")`
//! and `format!("{v:.6e}")` (tested against them).

/// `format!("{v}")` for an `f64`: the shortest digits that read back as `v`, in plain decimal
/// notation (never an exponent), `-0` for negative zero.
pub fn display(v: f64) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    // serde_json writes `-1.25e-7`, `100.0`, `1e16`: the shortest round-trip digits.
    let text = serde_json::to_string(&v).unwrap_or_default();
    let (neg, mut digits, mut point) = decimal(&text);
    // Two shortest candidates equally close to `v`: serde_json keeps the even one, `Display`
    // the larger one. A tie means the exact value ends in a 5 just after the shortest digits.
    if let Some((exact, exact_point)) = exact(v) {
        if let Some(lower) = exact.strip_suffix('5') {
            if exact_point == point && lower.trim_end_matches('0') == digits {
                (digits, point) = increment(lower, exact_point);
            }
        }
    }
    let mut out = String::with_capacity(digits.len() + 8);
    if neg {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        push_zeros(&mut out, point.unsigned_abs() as usize);
        out.push_str(&digits);
    } else {
        let p = point as usize;
        if p >= digits.len() {
            out.push_str(&digits);
            push_zeros(&mut out, p - digits.len());
        } else {
            out.push_str(&digits[..p]);
            out.push('.');
            out.push_str(&digits[p..]);
        }
    }
    out
}

/// `format!("{v:.6e}")` for an `f64`: seven significant digits of the exact value, rounded half
/// to even, e.g. `1.234568e20`.
pub fn exp6(v: f64) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    let mut out = String::new();
    if v.is_sign_negative() {
        out.push('-');
    }
    let Some((digits, point)) = exact(v) else {
        out.push_str("0.000000e0");
        return out;
    };
    let d = digits.as_bytes();
    let mut exp = point - 1;
    let mut kept: Vec<u8> = (0..7).map(|i| d.get(i).copied().unwrap_or(b'0')).collect();
    let rest = d.get(7..).unwrap_or(&[]);
    let up = match rest.first() {
        Some(b'6'..=b'9') => true,
        Some(b'5') => rest[1..].iter().any(|&c| c != b'0') || kept[6] % 2 == 1,
        _ => false,
    };
    if up {
        let mut i = 7;
        loop {
            if i == 0 {
                // 9.999999 rounded up: 1.000000 and the next power of ten.
                kept.insert(0, b'1');
                kept.truncate(7);
                exp += 1;
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    out.push(char::from(kept[0]));
    out.push('.');
    out.extend(kept[1..].iter().map(|&c| char::from(c)));
    out.push('e');
    out.push_str(&exp.to_string());
    out
}

/// The exact decimal value of a finite, non-zero `v` (sign aside): its digits without leading
/// or trailing zeros and the position of the decimal point relative to the first digit.
fn exact(v: f64) -> Option<(String, i32)> {
    let bits = v.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp_bits - 1075)
    };
    if m == 0 || !v.is_finite() {
        return None;
    }
    // m × 2^e, or (m × 5^-e) / 10^-e.
    let (digits, scale) = if e >= 0 {
        (exact_digits(m, 2, e.unsigned_abs()), 0)
    } else {
        (exact_digits(m, 5, e.unsigned_abs()), e)
    };
    let point = digits.len() as i32 + scale;
    Some((digits.trim_end_matches('0').to_string(), point))
}

/// `digits` plus one unit in its last place, trailing zeros removed, with the new point.
fn increment(digits: &str, point: i32) -> (String, i32) {
    let mut d = digits.as_bytes().to_vec();
    let mut point = point;
    let mut i = d.len();
    loop {
        if i == 0 {
            d.insert(0, b'1');
            point += 1;
            break;
        }
        i -= 1;
        if d[i] == b'9' {
            d[i] = b'0';
        } else {
            d[i] += 1;
            break;
        }
    }
    let s: String = d.iter().map(|&c| char::from(c)).collect();
    (s.trim_end_matches('0').to_string(), point)
}

/// `NaN`, `inf` or `-inf`, as `Display` and `LowerExp` print them.
fn non_finite(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

fn push_zeros(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('0', n));
}

/// Splits serde_json's number text into sign, significant digits (no leading or trailing zeros)
/// and the position of the decimal point relative to the first digit.
fn decimal(text: &str) -> (bool, String, i32) {
    let (neg, text) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let mut point = int.len() as i32 + exp;
    let trimmed = all.trim_start_matches('0');
    point -= (all.len() - trimmed.len()) as i32;
    (neg, trimmed.trim_end_matches('0').to_string(), point)
}

/// Decimal digits of `m × base^power` (`base` 2 or 5), exactly.
fn exact_digits(m: u64, base: u64, mut power: u32) -> String {
    const LIMB: u64 = 1_000_000_000;
    // Little-endian base-10^9 limbs.
    let mut limbs = vec![
        (m % LIMB) as u32,
        ((m / LIMB) % LIMB) as u32,
        (m / LIMB / LIMB) as u32,
    ];
    // Largest power of `base` multiplied in one pass (each limb × factor stays within u64).
    let (step, step_power) = if base == 2 {
        (1u64 << 29, 29)
    } else {
        (5u64.pow(12), 12)
    };
    while power > 0 {
        let (factor, used) = if power >= step_power {
            (step, step_power)
        } else {
            (base.pow(power), power)
        };
        power -= used;
        let mut carry = 0u64;
        for limb in limbs.iter_mut() {
            let x = u64::from(*limb) * factor + carry;
            *limb = (x % LIMB) as u32;
            carry = x / LIMB;
        }
        while carry > 0 {
            limbs.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        let s = limb.to_string();
        if i > 0 {
            push_zeros(&mut out, 9 - s.len());
        }
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    // Exact values on purpose: ties and halves are what the rounding must get right.
    #[allow(clippy::excessive_precision)]
    const EDGES: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.0,
        1.5,
        0.1,
        0.3,
        1e-7,
        -1e-7,
        123.456,
        1e15,
        -1e15,
        1e16,
        1e21,
        1e22,
        1e300,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        1234567500000000.0,
        1234568500000000.0,
        1000000500000000.0,
        9999999500000000.0,
        9999999499999999.0,
        1000000000000000.5,
        4503599627370495.5,
        1.2345675e20,
        9.9999995e20,
        832781501555.90625,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];

    #[test]
    fn edge_values_match_std() {
        for &v in EDGES {
            assert_eq!(display(v), format!("{v}"), "display {v:e}");
            assert_eq!(exp6(v), format!("{v:.6e}"), "exp6 {v:e}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn any_bits_match_std(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assert_eq!(display(v), format!("{v}"));
            prop_assert_eq!(exp6(v), format!("{v:.6e}"));
        }

        #[test]
        fn rounded_inputs_match_std(n in -1_000_000_000_000_000_000i128..1_000_000_000_000_000_000i128) {
            // What the text visitor formats: a number rounded to six decimals.
            let v = (n as f64) / 1e6;
            prop_assert_eq!(display(v), format!("{v}"));
        }

        #[test]
        fn large_numbers_match_std(m in 1_000_000_000_000_000u64..u64::MAX, k in 0i32..290) {
            let v = (m as f64) * 10f64.powi(k);
            prop_assert_eq!(exp6(v), format!("{v:.6e}"));
        }
    }
}
