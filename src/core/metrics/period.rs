//! Days and periods: an inclusive range of platform days ([`Day`] = days since 1970-01-01, UTC+8),
//! the previous period (环比), the same dates one year earlier (同比), Monday-based weeks, calendar
//! months, and the dashboard presets (昨天 / 近7天 / 近30天 / 本月).
//!
//! All arithmetic saturates: any `Day` value, even `i32::MIN`, gives a period without panicking.

use crate::model::metrics::Day;
use chrono::{Datelike, NaiveDate};

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const CE_TO_EPOCH: i32 = 719_163;

/// The calendar date of a platform day; None outside chrono's range (±262,000 years).
pub fn date_of(day: Day) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(CE_TO_EPOCH)?)
}

/// The platform day of a calendar date.
pub fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce().saturating_sub(CE_TO_EPOCH)
}

/// The platform day of year-month-day; None for an impossible date.
pub fn day_from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
    NaiveDate::from_ymd_opt(year, month, day).map(day_of)
}

/// `YYYY-MM-DD` of a day (or the raw number when out of the calendar's range).
pub fn ymd(day: Day) -> String {
    match date_of(day) {
        Some(d) => crate::model::date::ymd(d),
        None => day.to_string(),
    }
}

/// Weekday of a day, 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday (3).
pub fn weekday(day: Day) -> u32 {
    (i64::from(day) + 3).rem_euclid(7) as u32
}

/// The Monday starting the (Mon–Sun) week of `day`.
pub fn week_start(day: Day) -> Day {
    day.saturating_sub(weekday(day) as i32)
}

/// The first day of the calendar month of `day`.
pub fn month_start(day: Day) -> Day {
    match date_of(day) {
        Some(d) => day.saturating_sub(d.day0() as i32),
        None => day,
    }
}

/// The first day of the calendar month after the month of `day`.
pub fn next_month_start(day: Day) -> Day {
    match date_of(day) {
        Some(d) => {
            let (y, m) = if d.month() == 12 {
                (d.year().saturating_add(1), 1)
            } else {
                (d.year(), d.month() + 1)
            };
            day_from_ymd(y, m, 1).unwrap_or(Day::MAX)
        }
        None => day.saturating_add(1),
    }
}

/// The same calendar date one year earlier; 29 Feb maps to 28 Feb. Outside the calendar's range,
/// 365 days earlier.
pub fn year_ago(day: Day) -> Day {
    let Some(d) = date_of(day) else {
        return day.saturating_sub(365);
    };
    let y = d.year().saturating_sub(1);
    day_from_ymd(y, d.month(), d.day())
        .or_else(|| day_from_ymd(y, d.month(), 28))
        .unwrap_or(day.saturating_sub(365))
}

/// An inclusive range of days `[from, to]`; `from <= to` always holds (the default is day 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub from: Day,
    pub to: Day,
}

impl Period {
    /// The period between two days in either order.
    pub fn new(a: Day, b: Day) -> Period {
        Period {
            from: a.min(b),
            to: a.max(b),
        }
    }

    /// One day.
    pub fn single(day: Day) -> Period {
        Period { from: day, to: day }
    }

    /// `n` days ending on `last` (at least one day).
    pub fn ending(last: Day, n: u32) -> Period {
        let back = i32::try_from(n.max(1) - 1).unwrap_or(i32::MAX);
        Period::new(last.saturating_sub(back), last)
    }

    /// Number of days, at least 1.
    pub fn len_days(&self) -> u32 {
        (i64::from(self.to) - i64::from(self.from) + 1).clamp(1, i64::from(u32::MAX)) as u32
    }

    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }

    /// 环比: the period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let to = self.from.saturating_sub(1);
        Period::ending(to, self.len_days())
    }

    /// 同比: the same calendar dates one year earlier (29 Feb → 28 Feb).
    pub fn year_ago(&self) -> Period {
        Period::new(year_ago(self.from), year_ago(self.to))
    }

    /// Every day of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = Day> {
        self.from..=self.to
    }
}

/// The first day of the month `k` months before the month of `day` (k may be negative: later).
pub fn month_start_shifted(day: Day, k: i32) -> Day {
    let Some(d) = date_of(day) else {
        return day;
    };
    let idx = i64::from(d.year()) * 12 + i64::from(d.month0()) - i64::from(k);
    let (y, m0) = (idx.div_euclid(12), idx.rem_euclid(12));
    i32::try_from(y)
        .ok()
        .and_then(|y| day_from_ymd(y, m0 as u32 + 1, 1))
        .unwrap_or(day)
}

/// How 环比 / 同比 periods are chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// A period starting on the 1st of a month (本月, a chosen month, a quarter) is compared with
    /// the same span of calendar months before (March → February; 1–9 March → 1–9 February) and
    /// the same months a year earlier; any other period with the equal-length period before.
    #[default]
    CalendarMonths,
    /// Always the period of the same length that ends the day before (and the same dates a
    /// year earlier).
    SameLength,
}

impl Comparison {
    pub fn key(self) -> &'static str {
        match self {
            Comparison::CalendarMonths => "calendar",
            Comparison::SameLength => "same_length",
        }
    }
}

/// Months spanned by a period starting on the 1st of a month (1 for March, 3 for a quarter, 1
/// for 1–9 March), and whether it ends on a month's last day; None when it does not start on a
/// 1st.
fn month_span(p: &Period) -> Option<(i32, bool)> {
    if month_start(p.from) != p.from {
        return None;
    }
    let (f, t) = (date_of(p.from)?, date_of(p.to)?);
    let n = (t.year() - f.year()) * 12 + t.month() as i32 - f.month() as i32 + 1;
    let whole = next_month_start(p.to) == p.to.saturating_add(1);
    Some((n, whole))
}

/// The period `k` calendar months before a month-aligned period: whole months map to whole
/// months, a month-to-date to the same days (clipped to the shorter month).
fn months_back(p: &Period, whole: bool, k: i32) -> Period {
    let from = month_start_shifted(p.from, k);
    let last_month = month_start_shifted(p.to, k);
    let month_end = next_month_start(last_month).saturating_sub(1);
    let to = if whole {
        month_end
    } else {
        let dom = p.to.saturating_sub(month_start(p.to));
        last_month.saturating_add(dom).min(month_end)
    };
    Period::new(from, to)
}

impl Period {
    /// 环比 and 同比 periods under a comparison rule.
    pub fn comparisons(&self, mode: Comparison) -> (Period, Period) {
        match (mode, month_span(self)) {
            (Comparison::CalendarMonths, Some((n, whole))) => {
                (months_back(self, whole, n), months_back(self, whole, 12))
            }
            _ => (self.previous(), self.year_ago()),
        }
    }
}

/// Dashboard presets. Platform data for a day is complete the next morning, so every preset ends
/// yesterday (as 生意参谋's 近7天 / 近30天 do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// 昨天
    Yesterday,
    /// 近7天: the 7 days ending yesterday
    Last7,
    /// 近30天: the 30 days ending yesterday
    Last30,
    /// 本月: from the 1st of today's month to yesterday; on the 1st, just today (no data yet)
    ThisMonth,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Preset::Yesterday,
        Preset::Last7,
        Preset::Last30,
        Preset::ThisMonth,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Preset::Yesterday => "yesterday",
            Preset::Last7 => "last7",
            Preset::Last30 => "last30",
            Preset::ThisMonth => "this_month",
        }
    }

    pub fn zh_label(self) -> &'static str {
        match self {
            Preset::Yesterday => "昨天",
            Preset::Last7 => "近7天",
            Preset::Last30 => "近30天",
            Preset::ThisMonth => "本月",
        }
    }

    /// The period of the preset as seen on `today`.
    pub fn period(self, today: Day) -> Period {
        let yesterday = today.saturating_sub(1);
        match self {
            Preset::Yesterday => Period::single(yesterday),
            Preset::Last7 => Period::ending(yesterday, 7),
            Preset::Last30 => Period::ending(yesterday, 30),
            Preset::ThisMonth => {
                let first = month_start(today);
                if first >= today {
                    Period::single(today)
                } else {
                    Period::new(first, yesterday)
                }
            }
        }
    }
}

/// A typed `YYYY-MM-DD` (as a date input gives it; surrounding spaces allowed) → its day; None
/// for anything else or an impossible date.
pub fn parse_ymd(s: &str) -> Option<Day> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse::<i32>().ok()?;
    let m = it.next()?.parse::<u32>().ok()?;
    let d = it.next()?.parse::<u32>().ok()?;
    day_from_ymd(y, m, d)
}

/// The whole calendar month of a typed `YYYY-MM` (a month input's value).
pub fn parse_month(s: &str) -> Option<Period> {
    let (y, m) = s.trim().split_once('-')?;
    let first = day_from_ymd(y.parse().ok()?, m.parse().ok()?, 1)?;
    Some(Period::new(
        first,
        next_month_start(first).saturating_sub(1),
    ))
}

/// What two typed dates of a period entry amount to. The entry never changes what was typed:
/// a reversed range is kept as typed until it is applied, and applying it says that it swapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// One of the two is empty or not a date: nothing to apply yet.
    Incomplete,
    /// `from ≤ to`: the period, applied as typed.
    Ready(Period),
    /// `from > to`: kept as typed; applying it gives the swapped period.
    Reversed { from: Day, to: Day },
}

impl Entry {
    pub fn read(from: &str, to: &str) -> Entry {
        match (parse_ymd(from), parse_ymd(to)) {
            (Some(f), Some(t)) if f <= t => Entry::Ready(Period { from: f, to: t }),
            (Some(f), Some(t)) => Entry::Reversed { from: f, to: t },
            _ => Entry::Incomplete,
        }
    }

    /// Applying the entry: the period, and whether from and to were swapped to get it (the UI
    /// must say so). None while incomplete.
    pub fn apply(self) -> Option<(Period, bool)> {
        match self {
            Entry::Incomplete => None,
            Entry::Ready(p) => Some((p, false)),
            Entry::Reversed { from, to } => Some((Period::new(from, to), true)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_a_thursday_and_weeks_start_on_monday() {
        assert_eq!(weekday(0), 3);
        let d = day_from_ymd(2025, 6, 18).unwrap(); // a Wednesday
        assert_eq!(weekday(d), 2);
        assert_eq!(ymd(week_start(d)), "2025-06-16");
        assert_eq!(weekday(-1), 2);
    }

    #[test]
    fn month_boundaries() {
        let d = day_from_ymd(2024, 2, 29).unwrap();
        assert_eq!(ymd(month_start(d)), "2024-02-01");
        assert_eq!(ymd(next_month_start(d)), "2024-03-01");
        let dec = day_from_ymd(2024, 12, 31).unwrap();
        assert_eq!(ymd(next_month_start(dec)), "2025-01-01");
    }

    #[test]
    fn year_ago_maps_leap_day_to_28_february() {
        let d = day_from_ymd(2024, 2, 29).unwrap();
        assert_eq!(ymd(year_ago(d)), "2023-02-28");
        let p = Period::new(
            day_from_ymd(2025, 6, 1).unwrap(),
            day_from_ymd(2025, 6, 18).unwrap(),
        );
        let y = p.year_ago();
        assert_eq!(
            (ymd(y.from), ymd(y.to)),
            ("2024-06-01".into(), "2024-06-18".into())
        );
    }

    #[test]
    fn previous_period_has_the_same_length_and_ends_the_day_before() {
        let p = Period::new(100, 106);
        assert_eq!(p.previous(), Period::new(93, 99));
        assert_eq!(Period::single(5).previous(), Period::single(4));
    }

    #[test]
    fn presets_end_yesterday() {
        let today = day_from_ymd(2025, 3, 10).unwrap();
        assert_eq!(Preset::Yesterday.period(today), Period::single(today - 1));
        assert_eq!(
            Preset::Last7.period(today),
            Period::new(today - 7, today - 1)
        );
        assert_eq!(
            Preset::Last30.period(today),
            Period::new(today - 30, today - 1)
        );
        let m = Preset::ThisMonth.period(today);
        assert_eq!(
            (ymd(m.from), ymd(m.to)),
            ("2025-03-01".into(), "2025-03-09".into())
        );
        let first = day_from_ymd(2025, 3, 1).unwrap();
        assert_eq!(Preset::ThisMonth.period(first), Period::single(first));
    }

    #[test]
    fn extreme_days_do_not_panic() {
        for d in [i32::MIN, i32::MIN + 1, -1, 0, i32::MAX - 1, i32::MAX] {
            let p = Period::new(d, d);
            let _ = (p.previous(), p.year_ago(), p.len_days());
            let _ = (week_start(d), month_start(d), next_month_start(d), ymd(d));
            for preset in Preset::ALL {
                let _ = preset.period(d);
            }
        }
        assert_eq!(Period::new(i32::MIN, i32::MAX).len_days(), u32::MAX);
    }
}
