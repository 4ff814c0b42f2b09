//! 考核激励 (issue 16 §4): what each member's scheme pays per month.
//!
//! - **Sales** (their share of the sales plan): the target is the plan's month 支付金额 × share,
//!   the actual the store's imported 支付金额 × the same share. Tiers are bands, like a tax
//!   table: a tier from 80% at 3% pays 3% of the sales between 80% of the target and the next
//!   tier's start. "< 80% → 0, 80–100% → 3% of the excess, > 100% → 5%" is
//!   `[{80%, 3%}, {100%, 5%}]`.
//! - **Tasks** (done ÷ due of the member's tasks due in the month, against a target rate) and
//!   **KPI** (typed target and actual): the highest tier reached pays its rate of the bonus.
//!
//! The projection of a month under way: sales at the pace so far against the plan's own shape
//! (actual to date ÷ target to date × the month's target); tasks and KPIs are not projected
//! (the rate so far is shown).

use crate::core::targets::{month_attainment, MonthSum};
use crate::model::incentive::{MAX_FROM_BP, MAX_TIERS};
use crate::model::metrics::Day;
use crate::model::target::MONTHS;
use crate::model::{Basis, Fen, Incentive, PayTier, TargetPlan, Task, TaskStatus};
use chrono::NaiveDate;

fn mul_bp(x: i64, bp: i64) -> i64 {
    // round half away from zero, in i128 so no product overflows
    let p = i128::from(x) * i128::from(bp);
    let r = if p >= 0 {
        (p + 5_000) / 10_000
    } else {
        (p - 5_000) / 10_000
    };
    r.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn rate_bp(num: i64, den: i64) -> Option<i64> {
    (den > 0).then(|| ((i128::from(num) * 10_000 + i128::from(den) / 2) / i128::from(den)) as i64)
}

/// Tiers sorted by their start, duplicates of a start dropped (the first kept).
fn sorted(tiers: &[PayTier]) -> Vec<PayTier> {
    let mut v = tiers.to_vec();
    v.sort_by_key(|t| t.from_bp);
    v.dedup_by_key(|t| t.from_bp);
    v
}

/// Sales basis: each tier pays its rate on the sales between its start (× `target`) and the
/// next tier's start; the last tier has no ceiling. Fen, rounded once at the end per band.
pub fn band_payout(target: i64, actual: i64, tiers: &[PayTier]) -> i64 {
    if target <= 0 || actual <= 0 {
        return 0;
    }
    let t = sorted(tiers);
    let mut pay = 0i64;
    for (i, tier) in t.iter().enumerate() {
        let lo = mul_bp(target, i64::from(tier.from_bp));
        let hi = t
            .get(i + 1)
            .map(|n| mul_bp(target, i64::from(n.from_bp)))
            .unwrap_or(i64::MAX);
        let band = actual.min(hi) - lo;
        if band > 0 {
            pay = pay.saturating_add(mul_bp(band, i64::from(tier.rate_bp)));
        }
    }
    pay
}

/// Tasks and KPI basis: the rate of the highest tier reached, of the bonus.
pub fn step_payout(attainment_bp: i64, bonus: Fen, tiers: &[PayTier]) -> i64 {
    sorted(tiers)
        .iter()
        .rev()
        .find(|t| i64::from(t.from_bp) <= attainment_bp)
        .map(|t| mul_bp(bonus.0, i64::from(t.rate_bp)))
        .unwrap_or(0)
}

/// One month of a scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthPay {
    /// 0-based month.
    pub month: usize,
    /// Sales: fen; tasks: the target rate (bp); KPI: the typed target. None: no target.
    pub target: Option<i64>,
    /// Sales: fen imported so far; tasks: done ÷ due so far (bp); KPI: the typed actual.
    pub actual: Option<i64>,
    /// actual ÷ target (for sales: against the target to date while the month runs), bp.
    pub attainment_bp: Option<i64>,
    /// What the actual pays (none: no actual).
    pub payout: Option<i64>,
    /// Sales, month under way: the month's sales at this pace, and what they would pay.
    pub projected: Option<i64>,
    pub projected_payout: Option<i64>,
    /// Every day of the month is behind us (sales: imported; tasks: past).
    pub complete: bool,
    /// Tasks: done and due counts.
    pub tasks: Option<(usize, usize)>,
}

/// What [`months`] needs besides the scheme.
pub struct Inputs<'a> {
    /// The year's sales plan (sales basis).
    pub plan: Option<&'a TargetPlan>,
    /// The store's month sums of the scheme's year.
    pub actual: &'a [MonthSum; MONTHS],
    /// The last imported day (none: nothing imported).
    pub asof: Option<Day>,
    pub tasks: &'a [Task],
    pub today: NaiveDate,
}

/// The twelve months of `inc`.
pub fn months(inc: &Incentive, i: &Inputs) -> Vec<MonthPay> {
    (0..MONTHS).map(|m| month(inc, m, i)).collect()
}

fn month(inc: &Incentive, m: usize, i: &Inputs) -> MonthPay {
    let mut out = MonthPay {
        month: m,
        ..MonthPay::default()
    };
    match inc.basis {
        Basis::Sales => {
            let Some(plan) = i.plan.filter(|p| p.year == inc.year) else {
                return out;
            };
            let share = i64::from(inc.share_bp);
            let target = mul_bp(plan.months.get(m).map(|x| x.gmv.0).unwrap_or(0), share);
            out.target = Some(target);
            let Some(asof) = i.asof else { return out };
            if i.actual[m].days == 0 {
                return out;
            }
            let a = month_attainment(plan, m, i.actual, asof);
            let actual = mul_bp(a.actual_to_date, share);
            let to_date = mul_bp(a.target_to_date, share);
            out.actual = Some(actual);
            out.complete = a.days_left == 0;
            out.attainment_bp = rate_bp(actual, to_date);
            out.payout = Some(band_payout(target, actual, &inc.tiers));
            if !out.complete {
                let projected = if to_date > 0 {
                    ((i128::from(actual) * i128::from(target)) / i128::from(to_date)) as i64
                } else {
                    actual
                };
                out.projected = Some(projected);
                out.projected_payout = Some(band_payout(target, projected, &inc.tiers));
            }
        }
        Basis::Tasks => {
            let Some(first) = NaiveDate::from_ymd_opt(inc.year, m as u32 + 1, 1) else {
                return out;
            };
            let last = crate::core::tasks::month_end(first);
            if first > i.today {
                return out;
            }
            let upto = last.min(i.today);
            let mine = i.tasks.iter().filter(|t| {
                !t.meta.deleted
                    && t.owner == inc.member
                    && t.due.is_some_and(|d| d >= first && d <= upto)
            });
            let (mut done, mut due) = (0usize, 0usize);
            for t in mine {
                due += 1;
                if t.status == TaskStatus::Done {
                    done += 1;
                }
            }
            out.tasks = Some((done, due));
            out.complete = last < i.today;
            let target = i64::from(inc.task_target_bp);
            out.target = Some(target);
            if let Some(rate) = rate_bp(done as i64, due as i64) {
                out.actual = Some(rate);
                out.attainment_bp = rate_bp(rate, target);
                out.payout = out
                    .attainment_bp
                    .map(|a| step_payout(a, inc.bonus, &inc.tiers));
            }
        }
        Basis::Kpi => {
            let Some(k) = inc.kpi.iter().find(|k| usize::from(k.month) == m + 1) else {
                return out;
            };
            out.target = Some(k.target);
            out.actual = k.actual;
            out.complete = k.actual.is_some();
            if let Some(a) = k.actual {
                out.attainment_bp = rate_bp(a, k.target);
                out.payout = out
                    .attainment_bp
                    .map(|x| step_payout(x, inc.bonus, &inc.tiers));
            }
        }
    }
    out
}

/// The year's payout so far and, with the month under way projected, where it will land.
pub fn year_total(rows: &[MonthPay]) -> (i64, i64) {
    let actual: i64 = rows.iter().filter_map(|r| r.payout).sum();
    let projected: i64 = rows
        .iter()
        .filter_map(|r| r.projected_payout.or(r.payout))
        .sum();
    (actual, projected)
}

/// Why typed tiers are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierError {
    /// Row (0-based) whose start is not a percentage 0–1000%.
    BadFrom(usize),
    /// Row whose rate is not a percentage 0–100%.
    BadRate(usize),
    /// Row whose start repeats an earlier one.
    Repeated(usize),
    /// No tier at all.
    Empty,
    TooMany,
}

/// Tiers typed as rows of (from %, rate %); rows with both cells empty are skipped.
pub fn parse_tiers(rows: &[(String, String)]) -> Result<Vec<PayTier>, TierError> {
    use crate::core::format::parse_percent_bp;
    let mut out: Vec<PayTier> = Vec::new();
    for (i, (from, rate)) in rows.iter().enumerate() {
        if from.trim().is_empty() && rate.trim().is_empty() {
            continue;
        }
        let f = parse_percent_bp(from.trim(), 0, i64::from(MAX_FROM_BP))
            .ok_or(TierError::BadFrom(i))? as u32;
        let r = parse_percent_bp(rate.trim(), 0, 10_000).ok_or(TierError::BadRate(i))? as u32;
        if out.iter().any(|t| t.from_bp == f) {
            return Err(TierError::Repeated(i));
        }
        out.push(PayTier {
            from_bp: f,
            rate_bp: r,
        });
    }
    if out.is_empty() {
        return Err(TierError::Empty);
    }
    if out.len() > MAX_TIERS {
        return Err(TierError::TooMany);
    }
    out.sort_by_key(|t| t.from_bp);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::period::day_of;
    use crate::model::{KpiMonth, Meta, MonthTarget};

    const T: i64 = 1_764_000_000_000;

    fn d(s: &str) -> NaiveDate {
        crate::model::date::parse_ymd(s).expect("date")
    }

    fn tiers(v: &[(u32, u32)]) -> Vec<PayTier> {
        v.iter()
            .map(|&(f, r)| PayTier {
                from_bp: f,
                rate_bp: r,
            })
            .collect()
    }

    #[test]
    fn band_payouts_worked_by_hand() {
        // < 80% → 0; 80–100% → 3% of the excess over 80%; > 100% → 5%
        let t = tiers(&[(8_000, 300), (10_000, 500)]);
        let target = 100_000_000; // ¥1,000,000.00
                                  // 75%: nothing
        assert_eq!(band_payout(target, 75_000_000, &t), 0);
        // 90%: 3% × ¥100,000 = ¥3,000
        assert_eq!(band_payout(target, 90_000_000, &t), 300_000);
        // 100%: 3% × ¥200,000 = ¥6,000
        assert_eq!(band_payout(target, 100_000_000, &t), 600_000);
        // 112.5%: ¥6,000 + 5% × ¥125,000 = ¥12,250
        assert_eq!(band_payout(target, 112_500_000, &t), 1_225_000);
        // order of typing does not matter
        let rev = tiers(&[(10_000, 500), (8_000, 300)]);
        assert_eq!(band_payout(target, 112_500_000, &rev), 1_225_000);
        // fen rounding: 3% of ¥0.17 = 0.51 fen → 1 fen
        assert_eq!(band_payout(100, 97, &t), 1);
        assert_eq!(band_payout(0, 97, &t), 0);
    }

    #[test]
    fn step_payouts_worked_by_hand() {
        // < 80% → 0; ≥ 80% → 50% of the bonus; ≥ 100% → 100%; ≥ 120% → 120%
        let t = tiers(&[(8_000, 5_000), (10_000, 10_000), (12_000, 10_000)]);
        let bonus = Fen(200_000); // ¥2,000
        assert_eq!(step_payout(7_999, bonus, &t), 0);
        assert_eq!(step_payout(8_000, bonus, &t), 100_000);
        assert_eq!(step_payout(9_999, bonus, &t), 100_000);
        assert_eq!(step_payout(10_000, bonus, &t), 200_000);
        assert_eq!(step_payout(15_000, bonus, &t), 200_000);
    }

    fn plan(year: i32, month_gmv: i64) -> TargetPlan {
        let mut p = TargetPlan::new("t".into(), year, "基准".into(), T);
        for m in p.months.iter_mut() {
            *m = MonthTarget {
                gmv: Fen(month_gmv),
                ..m.clone()
            };
        }
        p.target = Fen(month_gmv * 12);
        p
    }

    fn scheme(basis: Basis) -> Incentive {
        Incentive {
            meta: Meta::new("i1".into(), T),
            member: "m1".into(),
            name: "2026 提成".into(),
            year: 2026,
            basis,
            share_bp: 5_000,
            task_target_bp: 9_000,
            kpi_name: String::new(),
            kpi: Vec::new(),
            bonus: Fen(100_000),
            tiers: tiers(&[(8_000, 300), (10_000, 500)]),
        }
    }

    #[test]
    fn sales_share_month_done_and_month_under_way() {
        let p = plan(2026, 31_000_000); // ¥310,000 a month
        let mut actual = [MonthSum::default(); MONTHS];
        // November complete: ¥330,000 (30 days); December to the 10th: ¥80,000
        actual[10] = MonthSum {
            gmv: 33_000_000,
            days: 30,
            ..MonthSum::default()
        };
        actual[11] = MonthSum {
            gmv: 8_000_000,
            days: 10,
            ..MonthSum::default()
        };
        let inc = scheme(Basis::Sales);
        let i = Inputs {
            plan: Some(&p),
            actual: &actual,
            asof: Some(day_of(d("2026-12-10"))),
            tasks: &[],
            today: d("2026-12-11"),
        };
        let rows = months(&inc, &i);
        let nov = rows[10];
        // member: half. target ¥155,000, actual ¥165,000 (106.45%)
        assert_eq!(nov.target, Some(15_500_000));
        assert_eq!(nov.actual, Some(16_500_000));
        assert!(nov.complete);
        assert_eq!(nov.attainment_bp, Some(10_645));
        // 3% × (155,000 − 124,000) + 5% × (165,000 − 155,000) = 930 + 500 = ¥1,430
        assert_eq!(nov.payout, Some(143_000));
        assert_eq!(nov.projected, None);
        let dec = rows[11];
        // to date: ¥155,000 × 10/31 = ¥50,000 target, ¥40,000 actual (80%)
        assert_eq!(dec.actual, Some(4_000_000));
        assert_eq!(dec.attainment_bp, Some(8_000));
        assert!(!dec.complete);
        // projected: 40,000 ÷ 50,000 × 155,000 = ¥124,000: just 80%, nothing
        assert_eq!(dec.projected, Some(12_400_000));
        assert_eq!(dec.projected_payout, Some(0));
        // January has no actual
        assert_eq!(rows[0].actual, None);
        assert_eq!(rows[0].payout, None);
        assert_eq!(year_total(&rows), (143_000, 143_000));
        // another year's plan is not this scheme's
        let other = plan(2027, 1);
        let i2 = Inputs {
            plan: Some(&other),
            ..i
        };
        assert_eq!(months(&inc, &i2)[10].target, None);
    }

    #[test]
    fn task_rate_counts_the_members_tasks_due_so_far() {
        let mut tasks = Vec::new();
        for (n, (due, done, owner)) in [
            ("2026-11-03", true, "m1"),
            ("2026-11-10", true, "m1"),
            ("2026-11-30", false, "m1"),
            ("2026-11-12", false, "m2"),
            ("2026-12-01", true, "m1"),
            ("2026-12-20", false, "m1"),
        ]
        .iter()
        .enumerate()
        {
            let mut t = Task::new(format!("t{n}"), "x".into(), T);
            t.due = Some(d(due));
            t.owner = (*owner).into();
            if *done {
                t.status = TaskStatus::Done;
            }
            tasks.push(t);
        }
        let mut gone = Task::new("gone".into(), "x".into(), T);
        gone.due = Some(d("2026-11-05"));
        gone.owner = "m1".into();
        gone.meta.deleted = true;
        tasks.push(gone);
        let inc = scheme(Basis::Tasks);
        let actual = [MonthSum::default(); MONTHS];
        let i = Inputs {
            plan: None,
            actual: &actual,
            asof: None,
            tasks: &tasks,
            today: d("2026-12-10"),
        };
        let rows = months(&inc, &i);
        // November: 2 of 3 = 66.67% against 90% → 74.07%: below 80%, nothing
        assert_eq!(rows[10].tasks, Some((2, 3)));
        assert_eq!(rows[10].actual, Some(6_667));
        assert_eq!(rows[10].attainment_bp, Some(7_408));
        assert_eq!(rows[10].payout, Some(0));
        assert!(rows[10].complete);
        // December so far: 1 of 1 (the 20th is not due yet) → 111%: 5% of ¥1,000 = ¥50
        assert_eq!(rows[11].tasks, Some((1, 1)));
        assert_eq!(rows[11].payout, Some(5_000));
        assert!(!rows[11].complete);
        // months with no task due: no rate
        assert_eq!(rows[0].actual, None);
    }

    #[test]
    fn kpi_typed_per_month() {
        let mut inc = scheme(Basis::Kpi);
        inc.kpi = vec![
            KpiMonth {
                month: 3,
                target: 20,
                actual: Some(24),
            },
            KpiMonth {
                month: 4,
                target: 20,
                actual: None,
            },
        ];
        let actual = [MonthSum::default(); MONTHS];
        let i = Inputs {
            plan: None,
            actual: &actual,
            asof: None,
            tasks: &[],
            today: d("2026-12-10"),
        };
        let rows = months(&inc, &i);
        assert_eq!(rows[2].attainment_bp, Some(12_000));
        assert_eq!(rows[2].payout, Some(5_000));
        assert_eq!(rows[3].target, Some(20));
        assert_eq!(rows[3].payout, None);
        assert_eq!(rows[0].target, None);
    }

    #[test]
    fn typed_tiers() {
        let row = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            parse_tiers(&[row("100", "5"), row("", ""), row("80%", "3%")]),
            Ok(tiers(&[(8_000, 300), (10_000, 500)]))
        );
        assert_eq!(parse_tiers(&[row("", "")]), Err(TierError::Empty));
        assert_eq!(parse_tiers(&[row("八十", "3")]), Err(TierError::BadFrom(0)));
        assert_eq!(parse_tiers(&[row("80", "300")]), Err(TierError::BadRate(0)));
        assert_eq!(
            parse_tiers(&[row("80", "3"), row("80", "4")]),
            Err(TierError::Repeated(1))
        );
        assert_eq!(parse_tiers(&[row("1001", "3")]), Err(TierError::BadFrom(0)));
    }
}
