//! Chart geometry for the small SVG charts (no chart crate: a hand-written SVG costs ~20 KB gz
//! against ~155 KB for leptos-chartistry, measured on this toolchain). Scales, "nice" axis ticks
//! and point lists are computed here and tested natively; the view only draws them.

/// A linear scale from data values to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn map(&self, v: f64) -> f64 {
        if (self.d1 - self.d0).abs() < f64::EPSILON {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)
    }
}

/// Round numbers for an axis covering [lo, hi], about `count` ticks: steps of 1, 2 or 5 × 10ⁿ.
/// Returns (ticks, lower bound, upper bound) with the bounds on ticks.
pub fn nice_ticks(lo: f64, hi: f64, count: usize) -> (Vec<f64>, f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        if hi == 0.0 {
            (0.0, 1.0)
        } else {
            (lo.min(0.0), hi.max(0.0))
        }
    } else {
        (lo, hi)
    };
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        (lo, lo + 1.0)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let n = (((end - start) / step).round() as usize).min(50);
    let ticks = (0..=n).map(|i| start + i as f64 * step).collect();
    (ticks, start, end)
}

/// Points of a series in pixel space, as an SVG polyline `points` attribute.
pub fn polyline(values: &[f64], x: Scale, y: Scale) -> String {
    let n = values.len();
    let mut out = String::with_capacity(n * 12);
    for (i, v) in values.iter().enumerate() {
        let px = if n <= 1 {
            (x.r0 + x.r1) / 2.0
        } else {
            x.map(i as f64)
        };
        let py = y.map(if v.is_finite() { *v } else { 0.0 });
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{px:.1},{py:.1}"));
    }
    out
}

/// The index of the point nearest to pixel `px` on an x scale over `n` points.
pub fn nearest_index(px: f64, n: usize, x: Scale) -> Option<usize> {
    if n == 0 {
        return None;
    }
    if n == 1 {
        return Some(0);
    }
    let step = (x.r1 - x.r0) / (n - 1) as f64;
    if step.abs() < f64::EPSILON {
        return Some(0);
    }
    let i = ((px - x.r0) / step).round();
    Some(i.clamp(0.0, (n - 1) as f64) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_covering_the_range() {
        let (t, lo, hi) = nice_ticks(3.0, 97.0, 5);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!((lo, hi), (0.0, 100.0));
        let (t, _, _) = nice_ticks(0.0, 0.0, 4);
        assert_eq!(t.first(), Some(&0.0));
        assert!(t.len() >= 2);
        let (t, _, _) = nice_ticks(f64::NAN, 5.0, 4);
        assert!(!t.is_empty());
    }

    #[test]
    fn scale_maps_linearly_and_survives_a_flat_domain() {
        let s = Scale {
            d0: 0.0,
            d1: 10.0,
            r0: 100.0,
            r1: 0.0,
        };
        assert_eq!(s.map(5.0), 50.0);
        let flat = Scale {
            d0: 3.0,
            d1: 3.0,
            r0: 0.0,
            r1: 10.0,
        };
        assert_eq!(flat.map(3.0), 5.0);
    }

    #[test]
    fn nearest_index_clamps_to_the_series() {
        let x = Scale {
            d0: 0.0,
            d1: 9.0,
            r0: 0.0,
            r1: 90.0,
        };
        assert_eq!(nearest_index(44.0, 10, x), Some(4));
        assert_eq!(nearest_index(-50.0, 10, x), Some(0));
        assert_eq!(nearest_index(500.0, 10, x), Some(9));
        assert_eq!(nearest_index(1.0, 0, x), None);
    }

    #[test]
    fn polyline_lists_pixel_points() {
        let x = Scale {
            d0: 0.0,
            d1: 2.0,
            r0: 0.0,
            r1: 100.0,
        };
        let y = Scale {
            d0: 0.0,
            d1: 10.0,
            r0: 50.0,
            r1: 0.0,
        };
        assert_eq!(
            polyline(&[0.0, 5.0, 10.0], x, y),
            "0.0,50.0 50.0,25.0 100.0,0.0"
        );
    }
}
