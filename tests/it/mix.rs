//! The paid mix (core::mix): curve fits recover known curves, thin data is refused with its
//! reason, and the allocator matches a brute-force grid search and keeps every limit.

use store_ops_planner::core::metrics::ads::AdSource;
use store_ops_planner::core::metrics::period::Period;
use store_ops_planner::core::mix::{
    allocate, daily_series, evaluate, fit, split_plans, AllocError, ChannelInput, Curve, Fit,
    FitRules, Goal, Limit, PlanSplit, Point, SeriesKey, Thin,
};
use store_ops_planner::model::metrics::{AdChannel, AdDay};
use store_ops_planner::model::Fen;
use store_ops_planner::sample::SplitMix;

fn unit(r: &mut SplitMix) -> f64 {
    (r.next() >> 11) as f64 / (1u64 << 53) as f64
}

fn normal(r: &mut SplitMix) -> f64 {
    (0..12).map(|_| unit(r)).sum::<f64>() - 6.0
}

/// `days` days of `truth` with spends uniform in [lo, hi] and relative noise `noise`.
fn synthetic(truth: Curve, days: usize, lo: f64, hi: f64, noise: f64, seed: u64) -> Vec<Point> {
    let mut r = SplitMix(seed);
    (0..days)
        .map(|_| {
            let spend = lo + (hi - lo) * unit(&mut r);
            let gmv = truth.gmv(spend) * (1.0 + noise * normal(&mut r));
            Point { spend, gmv }
        })
        .collect()
}

#[test]
fn fit_recovers_a_known_curve_within_its_band() {
    for (seed, truth) in [
        (
            1,
            Curve {
                a: 6000.0,
                k: 1500.0,
            },
        ),
        (
            2,
            Curve {
                a: 20000.0,
                k: 8000.0,
            },
        ),
        (3, Curve { a: 900.0, k: 300.0 }),
    ] {
        let pts = synthetic(truth, 120, truth.k * 0.3, truth.k * 3.0, 0.08, seed);
        let f = fit(&pts, &FitRules::default()).unwrap();
        assert!(f.r2 > 0.7, "R² {}", f.r2);
        for x in [0.4, 1.0, 2.0, 2.8] {
            let s = truth.k * x;
            let (got, want, band) = (f.curve.gmv(s), truth.gmv(s), f.band(s));
            // close to the truth, and a band narrow enough to plan with (a few percent)
            assert!(
                (got - want).abs() < 0.08 * want,
                "seed {seed} s {s}: {got} vs {want}"
            );
            assert!(band > 0.0 && band < 0.06 * want, "band {band} of {want}");
        }
        assert!(
            (f.curve.k / truth.k - 1.0).abs() < 0.35,
            "k {} vs {}",
            f.curve.k,
            truth.k
        );
        assert!(
            (f.curve.a / truth.a - 1.0).abs() < 0.25,
            "a {} vs {}",
            f.curve.a,
            truth.a
        );
    }
}

/// The 95% band is honest: over many noisy samples of one curve, the true curve lies inside the
/// fitted band about 95% of the time (at a low, the mean and a high spend).
#[test]
fn the_band_covers_the_truth_as_often_as_it_says() {
    let truth = Curve {
        a: 6000.0,
        k: 1500.0,
    };
    let (runs, mut inside, mut checks) = (300, 0, 0);
    for seed in 0..runs {
        let pts = synthetic(truth, 60, 400.0, 4500.0, 0.10, 1000 + seed);
        let f = fit(&pts, &FitRules::default()).unwrap();
        for s in [600.0, 2450.0, 4300.0] {
            checks += 1;
            if (f.curve.gmv(s) - truth.gmv(s)).abs() <= f.band(s) {
                inside += 1;
            }
        }
    }
    let coverage = inside as f64 / checks as f64;
    assert!((0.88..=0.995).contains(&coverage), "coverage {coverage}");
}

#[test]
fn thin_data_is_refused_with_its_reason() {
    let truth = Curve {
        a: 6000.0,
        k: 1500.0,
    };
    let rules = FitRules::default();
    let few = synthetic(truth, 10, 500.0, 4000.0, 0.05, 7);
    assert_eq!(
        fit(&few, &rules),
        Err(Thin::TooFewDays { days: 10, need: 14 })
    );
    // zero-spend days do not count as days
    let mut with_zeros = few.clone();
    with_zeros.extend((0..10).map(|_| Point {
        spend: 0.0,
        gmv: 100.0,
    }));
    assert!(matches!(
        fit(&with_zeros, &rules),
        Err(Thin::TooFewDays { days: 10, .. })
    ));
    let flat = synthetic(truth, 60, 1000.0, 1050.0, 0.05, 8);
    assert!(matches!(fit(&flat, &rules), Err(Thin::FlatSpend { .. })));
    // GMV unrelated to spend
    let mut r = SplitMix(9);
    let noise: Vec<Point> = (0..60)
        .map(|_| Point {
            spend: 500.0 + 3000.0 * unit(&mut r),
            gmv: 5000.0 * unit(&mut r),
        })
        .collect();
    assert!(matches!(
        fit(&noise, &rules),
        Err(Thin::PoorFit { .. }) | Err(Thin::NoReturn)
    ));
    // never a panic or a NaN on odd input
    let odd = vec![
        Point {
            spend: f64::NAN,
            gmv: 1.0
        };
        30
    ];
    assert!(fit(&odd, &rules).is_err());
    assert!(fit(&[], &rules).is_err());
}

fn known(a: f64, k: f64, max_seen: f64) -> Fit {
    let pts = synthetic(Curve { a, k }, 200, max_seen * 0.2, max_seen, 0.0, 11);
    fit(&pts, &FitRules::default()).unwrap()
}

fn input(f: Fit, margin: f64) -> ChannelInput {
    ChannelInput {
        fit: Some(f),
        current: f.mean_spend,
        current_roi: f.mean_gmv / f.mean_spend,
        margin,
        min: 0.0,
        max: None,
        min_roi: None,
    }
}

/// Best objective over a grid of splits of `budget` in steps of budget/400 (three channels),
/// within each channel's [lo, hi].
fn grid_best(ch: &[ChannelInput], budget: f64, goal: Goal, bounds: &[(f64, f64)]) -> f64 {
    let steps = 400;
    let d = budget / steps as f64;
    let mut best = f64::NEG_INFINITY;
    for i in 0..=steps {
        for j in 0..=(steps - i) {
            let s = [i as f64 * d, j as f64 * d, budget - (i + j) as f64 * d];
            let ok = s
                .iter()
                .zip(bounds)
                .all(|(&x, &(lo, hi))| x >= lo - 1e-9 && x <= hi + 1e-9);
            let spend_all = goal == Goal::Gmv;
            let candidates: Vec<[f64; 3]> = if spend_all {
                vec![s]
            } else {
                // profit may leave money unspent: also try the grid points below the budget
                vec![s, [s[0], s[1], bounds[2].0.max(0.0)]]
            };
            if !ok && spend_all {
                continue;
            }
            for c in candidates {
                if c.iter()
                    .zip(bounds)
                    .all(|(&x, &(lo, hi))| x >= lo - 1e-9 && x <= hi + 1e-9)
                {
                    let o = evaluate(ch, &c);
                    let v = if goal == Goal::Gmv { o.gmv } else { o.profit };
                    best = best.max(v);
                }
            }
        }
    }
    best
}

#[test]
fn allocation_matches_a_grid_search_and_keeps_every_limit() {
    let a = input(known(8000.0, 2000.0, 4000.0), 0.45);
    let b = input(known(3000.0, 400.0, 2500.0), 0.30);
    let c = input(known(12000.0, 6000.0, 5000.0), 0.50);
    let mut ch = vec![a, b, c];
    for (budget, goal) in [
        (3000.0, Goal::Gmv),
        (6000.0, Goal::Gmv),
        (5000.0, Goal::Profit),
    ] {
        let bounds: Vec<(f64, f64)> = ch
            .iter()
            .map(|c| (0.0, c.fit.unwrap().trusted_max()))
            .collect();
        let al = allocate(&ch, budget, goal).unwrap();
        let spends: Vec<f64> = al.shares.iter().map(|s| s.spend).collect();
        let got = if goal == Goal::Gmv {
            al.total.gmv
        } else {
            al.total.profit
        };
        let best = grid_best(&ch, budget, goal, &bounds);
        assert!(
            got >= best - 0.005 * best.abs(),
            "{goal:?} {budget}: {got} vs grid {best}"
        );
        if goal == Goal::Gmv {
            assert!(
                (spends.iter().sum::<f64>() - budget).abs() < 1e-6,
                "{spends:?}"
            );
            assert_eq!(al.unspent, 0.0);
        } else {
            assert!(spends.iter().sum::<f64>() <= budget + 1e-6);
        }
        for (s, (lo, hi)) in spends.iter().zip(&bounds) {
            assert!(*s >= lo - 1e-9 && *s <= hi + 1e-9);
        }
    }
    // typed limits: a minimum, a maximum, a minimum ROI
    ch[0].max = Some(900.0);
    ch[1].min = 1200.0;
    ch[2].min_roi = Some(1.8);
    let budget = 4000.0;
    let al = allocate(&ch, budget, Goal::Gmv).unwrap();
    let s: Vec<f64> = al.shares.iter().map(|s| s.spend).collect();
    assert!(s[0] <= 900.0 + 1e-6, "{s:?}");
    assert!(s[1] >= 1200.0 - 1e-6, "{s:?}");
    let roi2 = ch[2].fit.unwrap().curve.gmv(s[2]) / s[2];
    assert!(roi2 >= 1.8 - 1e-6, "ROI {roi2}");
    let bounds = [
        (0.0, 900.0),
        (1200.0, ch[1].fit.unwrap().trusted_max()),
        (0.0, ch[2].fit.unwrap().curve.spend_at_average(1.8)),
    ];
    let best = grid_best(&ch, budget, Goal::Gmv, &bounds);
    assert!(
        al.total.gmv >= best - 0.005 * best,
        "{} vs {best}",
        al.total.gmv
    );
    assert!((al.total.spend - budget).abs() < 1e-6 && al.unspent == 0.0);
    assert_eq!(al.shares[0].limit, Limit::Max);
}

#[test]
fn allocation_errors_are_reasons_not_panics() {
    let mut a = input(known(8000.0, 2000.0, 4000.0), 0.45);
    assert_eq!(
        allocate(&[a.clone()], 0.0, Goal::Gmv),
        Err(AllocError::BadBudget)
    );
    assert_eq!(
        allocate(&[a.clone()], f64::NAN, Goal::Gmv),
        Err(AllocError::BadBudget)
    );
    a.min = 500.0;
    assert!(matches!(
        allocate(&[a.clone()], 400.0, Goal::Gmv),
        Err(AllocError::BelowMinimums { .. })
    ));
    a.max = Some(100.0);
    assert_eq!(
        allocate(&[a], 4000.0, Goal::Gmv),
        Err(AllocError::MinAboveMax { channel: 0 })
    );
    // the trust cap: a budget far above anything tried is not all spent
    let f = known(8000.0, 2000.0, 1000.0);
    let al = allocate(&[input(f, 0.45)], 10_000.0, Goal::Gmv).unwrap();
    assert!((f.trusted_max() - 1.5 * f.max_spend).abs() < 1e-9 && f.max_spend <= 1000.0);
    assert!((al.shares[0].spend - f.trusted_max()).abs() < 1e-6);
    assert_eq!(al.shares[0].limit, Limit::Trust);
    assert!((al.unspent - (10_000.0 - f.trusted_max())).abs() < 1e-6);
}

#[test]
fn profit_stops_at_break_even() {
    // margin 0.4 → break-even marginal ROI 2.5: spend where a/(k+s) = 2.5
    let f = known(8000.0, 1000.0, 4000.0);
    let al = allocate(&[input(f, 0.4)], 5000.0, Goal::Profit).unwrap();
    let want = f.curve.spend_at_marginal(2.5);
    assert!(
        (al.shares[0].spend - want).abs() < 1e-3 * want,
        "{} vs {want}",
        al.shares[0].spend
    );
    assert_eq!(al.shares[0].limit, Limit::BreakEven);
    assert!(al.unspent > 0.0);
}

/// A channel's spend over its plans: two plans with curves share what the plan without one does
/// not keep, as well as the best of a fine grid (within 0.5%), and the spends add up.
#[test]
fn a_channels_spend_is_split_over_its_plans() {
    let a = input(known(8000.0, 2000.0, 4000.0), 0.45);
    let b = input(known(3000.0, 400.0, 2500.0), 0.45);
    let mut fixed = input(known(1000.0, 500.0, 800.0), 0.45);
    fixed.fit = None;
    fixed.current = 250.0;
    fixed.current_roi = 2.0;
    // limits typed for the channel are not the plans' limits
    let mut a_lim = a.clone();
    a_lim.max = Some(10.0);
    let plans = [a_lim, b.clone(), fixed.clone()];
    let spend = 3000.0;
    let PlanSplit::Curves(al) = split_plans(&plans, spend) else {
        panic!("expected a split by curves");
    };
    let s: Vec<f64> = al.shares.iter().map(|x| x.spend).collect();
    assert!((s.iter().sum::<f64>() - spend).abs() < 1e-6, "{s:?}");
    assert_eq!(s[2], 250.0);
    assert_eq!(al.shares[2].limit, Limit::Fixed);
    // brute force over the two fitted plans' split of the rest
    let rest = spend - 250.0;
    let mut best = f64::NEG_INFINITY;
    for i in 0..=2000 {
        let x = rest * f64::from(i) / 2000.0;
        best = best.max(evaluate(&[a.clone(), b.clone()], &[x, rest - x]).gmv);
    }
    let got = evaluate(&[a.clone(), b.clone()], &s[..2]).gmv;
    assert!(got >= best * 0.995, "{got} vs grid {best}");
    // no plan with a curve: the current shares
    let mut c = a.clone();
    c.fit = None;
    c.current = 750.0;
    match split_plans(&[c.clone(), fixed.clone()], 2000.0) {
        PlanSplit::NoCurve(v) => {
            assert!(
                (v[0] - 1500.0).abs() < 1e-9 && (v[1] - 500.0).abs() < 1e-9,
                "{v:?}"
            )
        }
        other => panic!("{other:?}"),
    }
    // the plans without a curve spend more than the channel's new spend: scaled shares
    match split_plans(&[a.clone(), fixed.clone()], 200.0) {
        PlanSplit::FixedAbove(v) => assert!((v.iter().sum::<f64>() - 200.0).abs() < 1e-9),
        other => panic!("{other:?}"),
    }
    // nothing to split: zeros, no panic
    for bad in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert_eq!(split_plans(&plans, bad).spends(), vec![0.0; 3]);
    }
    assert_eq!(split_plans(&[], 100.0).spends(), Vec::<f64>::new());
}

#[test]
fn daily_series_adds_up_one_source() {
    let row = |day: i32, plan: &str, item: &str, spend: i64, amount: i64| AdDay {
        day,
        channel: AdChannel::Search,
        plan_id: plan.into(),
        plan_name: format!("关键词推广-{plan}"),
        item_id: item.into(),
        spend: Fen(spend),
        total_amount: Fen(amount),
        ..AdDay::default()
    };
    let ads = vec![
        row(1, "p1", "", 10_000, 40_000),
        row(1, "p2", "", 5_000, 10_000),
        row(1, "p1", "item", 99_999, 99_999), // product report: another source
        row(2, "p1", "", 20_000, 60_000),
        row(9, "p1", "", 1, 1), // outside the period
    ];
    let s = daily_series(&ads, Period::new(1, 2), AdSource::PlanReport);
    assert_eq!(s[0].key, SeriesKey::Channel(AdChannel::Search));
    assert_eq!(
        s[0].points,
        vec![
            Point {
                spend: 150.0,
                gmv: 500.0
            },
            Point {
                spend: 200.0,
                gmv: 600.0
            }
        ]
    );
    assert_eq!(s.len(), 3);
    assert_eq!(s[1].points.len(), 2);
    assert_eq!(
        s[2].points,
        vec![Point {
            spend: 50.0,
            gmv: 100.0
        }]
    );
}
