//! The platform event calendar (年货节, 38节, 618, 99划算节, 双11, 双12) seeded with typical phases
//! (domain reference §5), upcoming deadlines, and the calendar helpers the views need: a month
//! grid (weeks start on Monday), and the bars of promotions and events inside a window (month
//! view, week view, Gantt timeline).
//!
//! Seeds are *typical* dates only: every event's notes say so, and every date is the team's to
//! edit. Ids are stable (`evt-2026-1111`) and revisions deterministic (bumped once at time 0), so
//! two teammates who seed the same year get byte-identical records that merge as "same".

use crate::model::{
    DateRange, Meta, OwnerRole, Phases, PlatformEvent, PromoStatus, Promotion, Record,
};
use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

/// Keys of the seeded events, in calendar order; the id of a seed is `evt-{year}-{key}`.
pub const EVENT_KEYS: [&str; 6] = ["nianhuo", "women38", "618", "99", "1111", "1212"];

/// Chinese New Year (春节, 正月初一) dates the seeds know. Outside this table 年货节 is placed as
/// if 春节 fell on 5 February (early February), to be corrected by the user.
pub const KNOWN_CNY: [(i32, u32, u32); 6] = [
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
];

/// The id of a seeded event: `evt-{year}-{key}`.
pub fn event_id(year: i32, key: &str) -> String {
    format!("evt-{year}-{key}")
}

/// 春节 of `year` from [`KNOWN_CNY`], else 5 February; None only outside chrono's calendar.
pub fn cny_date(year: i32) -> Option<NaiveDate> {
    KNOWN_CNY
        .iter()
        .find(|(y, _, _)| *y == year)
        .and_then(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 5))
}

/// `d + n` days; None outside chrono's calendar.
pub fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(TimeDelta::try_days(n)?)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn range(a: NaiveDate, b: NaiveDate) -> DateRange {
    DateRange::new(a, b)
}

const COMMON_NOTE: &str =
    "日期为往年典型安排，仅供排期参考；请以当年《招商规则》核对报名截止、预热、正式期与价保时间后修改。";

/// Typical days of price protection (价保) after the last price day.
const PRICE_PROTECTION_DAYS: i64 = 15;

fn make_event(year: i32, key: &str, name: String, phases: Phases, note: &str) -> PlatformEvent {
    let mut e = PlatformEvent {
        meta: Meta::new(event_id(year, key), 0),
        name,
        phases,
        notes: format!("{note}\n{COMMON_NOTE}"),
        checked: false,
    };
    e.bump(0);
    e
}

/// Price protection ends this many days after the last price day (main or return wave).
fn with_price_protection(mut p: Phases) -> Option<Phases> {
    let last = p.price_days().iter().map(|r| r.end).max()?;
    p.price_protection_end = Some(add_days(last, PRICE_PROTECTION_DAYS)?);
    Some(p)
}

/// 年货节: a 17-day main period ending 8 days before 春节 (logistics stop), a 3-day warm-up,
/// registration closing two weeks before the warm-up. 现货, no presale.
fn nianhuo(year: i32) -> Option<PlatformEvent> {
    let cny = cny_date(year)?;
    let main = range(add_days(cny, -24)?, add_days(cny, -8)?);
    let mut p = Phases::new(main);
    p.warmup = Some(range(add_days(cny, -27)?, add_days(cny, -25)?));
    p.registration_deadline = Some(add_days(cny, -41)?);
    Some(make_event(
        year,
        "nianhuo",
        format!("{year} 年货节"),
        with_price_protection(p)?,
        "春节前约一周（物流停运前）结束；以现货为主，官方立减/满减力度以当年规则为准。",
    ))
}

/// 天猫38节 / 女王节: warm-up the last five days of February, 1–8 March, registration by 10 Feb.
fn women38(year: i32) -> Option<PlatformEvent> {
    let mar1 = ymd(year, 3, 1)?;
    let mut p = Phases::new(range(mar1, ymd(year, 3, 8)?));
    p.warmup = Some(range(add_days(mar1, -5)?, add_days(mar1, -1)?));
    p.registration_deadline = Some(ymd(year, 2, 10)?);
    Some(make_event(
        year,
        "women38",
        format!("{year} 天猫38节（女王节）"),
        with_price_protection(p)?,
        "预热 + 爆发；报名一般提前 3–4 周。",
    ))
}

/// 618: registration by 8 May, presale deposit 20–31 May (warm-up alongside), balance and first
/// wave 31 May 20:00 – 3 Jun, second wave 16–18 Jun.
fn six18_before_2027(year: i32) -> Option<PlatformEvent> {
    let first = range(ymd(year, 5, 31)?, ymd(year, 6, 3)?);
    let mut p = Phases::new(first);
    p.registration_deadline = Some(ymd(year, 5, 8)?);
    p.warmup = Some(range(ymd(year, 5, 20)?, ymd(year, 5, 30)?));
    p.presale_deposit = Some(range(ymd(year, 5, 20)?, ymd(year, 5, 31)?));
    p.presale_balance = Some(first);
    p.return_wave = Some(range(ymd(year, 6, 16)?, ymd(year, 6, 18)?));
    Some(make_event(
        year,
        "618",
        format!("{year} 618"),
        with_price_protection(p)?,
        "近年做法不一：2024 年取消预售（5月20日 20:00 第一波、5月31日 20:00 第二波），2025 年 5月13日起预售、5月17日 20:00 开卖；此处按“定金 → 尾款/第一波（20:00 开始）→ 返场”排布。",
    ))
}

/// 99划算节 (聚划算): registration by 15 Aug, warm-up 28–31 Aug, 1–9 Sep.
fn ninety_nine(year: i32) -> Option<PlatformEvent> {
    let mut p = Phases::new(range(ymd(year, 9, 1)?, ymd(year, 9, 9)?));
    p.warmup = Some(range(ymd(year, 8, 28)?, ymd(year, 8, 31)?));
    p.registration_deadline = Some(ymd(year, 8, 15)?);
    Some(make_event(
        year,
        "99",
        format!("{year} 99划算节"),
        with_price_protection(p)?,
        "聚划算主导的大促；报名一般提前 3–4 周。",
    ))
}

/// 双11: registration by 20 Sep, presale deposit from 20 Oct (warm-up alongside) until 31 Oct,
/// balance and first wave 31 Oct 20:00 – 3 Nov, second wave 10–11 Nov, price protection 15 days.
fn double11_before_2027(year: i32) -> Option<PlatformEvent> {
    let first = range(ymd(year, 10, 31)?, ymd(year, 11, 3)?);
    let mut p = Phases::new(first);
    p.registration_deadline = Some(ymd(year, 9, 20)?);
    p.warmup = Some(range(ymd(year, 10, 20)?, ymd(year, 10, 30)?));
    p.presale_deposit = Some(range(ymd(year, 10, 20)?, ymd(year, 10, 31)?));
    p.presale_balance = Some(first);
    p.return_wave = Some(range(ymd(year, 11, 10)?, ymd(year, 11, 11)?));
    Some(make_event(
        year,
        "1111",
        format!("{year} 双11"),
        with_price_protection(p)?,
        "预售定金约 10月20–24日起；尾款与第一波 10月31日 20:00 开始，第二波 11月10日 20:00 – 11日；店铺报名约在 9 月中下旬。跨店满减/官方立减力度每年不同。",
    ))
}

/// 双12: registration by 20 Nov, warm-up 8–9 Dec, 10–12 Dec.
fn double12(year: i32) -> Option<PlatformEvent> {
    let mut p = Phases::new(range(ymd(year, 12, 10)?, ymd(year, 12, 12)?));
    p.warmup = Some(range(ymd(year, 12, 8)?, ymd(year, 12, 9)?));
    p.registration_deadline = Some(ymd(year, 11, 20)?);
    Some(make_event(
        year,
        "1212",
        format!("{year} 双12"),
        with_price_protection(p)?,
        "以淘宝为主；之后常接“双旦礼遇季”至元旦。报名一般提前约 3 周。",
    ))
}

/// From this year on, 618 and 双11 are seeded from the latest year on record (2025's 618, 2024's
/// 双11, domain reference §5). Earlier years keep the older pattern their stored seeds were made
/// with, so teammates' copies of those years stay the same record.
pub const LATEST_PATTERN_FROM: i32 = 2027;

/// The newer pattern as a child revision of the older seed (same id, one more revision made at
/// time 0): a stored seed the team never edited is its ancestor, so a merge or the next start
/// fast-forwards it; an edited or deleted one is the team's and stays.
fn newer_seed(old: Option<PlatformEvent>, phases: Phases, note: &str) -> Option<PlatformEvent> {
    let mut e = old?;
    e.phases = phases;
    e.notes = format!("{note}\n{COMMON_NOTE}");
    e.bump(0);
    Some(e)
}

/// 618 as in 2025 (the latest on record): registration by 29 April, warm-up 13–15 May, presale
/// deposit 13–16 May, balance and first wave 16–26 May (opening 17 May 20:00), return wave 16–20 June,
/// price protection 15 days after (5 July, as 2025's price guarantee).
fn six18(year: i32) -> Option<PlatformEvent> {
    let old = six18_before_2027(year);
    if year < LATEST_PATTERN_FROM {
        return old;
    }
    let first = range(ymd(year, 5, 16)?, ymd(year, 5, 26)?);
    let mut p = Phases::new(first);
    p.registration_deadline = Some(ymd(year, 4, 29)?);
    p.warmup = Some(range(ymd(year, 5, 13)?, ymd(year, 5, 15)?));
    p.presale_deposit = Some(range(ymd(year, 5, 13)?, ymd(year, 5, 16)?));
    p.presale_balance = Some(first);
    p.return_wave = Some(range(ymd(year, 6, 16)?, ymd(year, 6, 20)?));
    newer_seed(
        old,
        with_price_protection(p)?,
        "按 2025 年的做法排布：5月13日起预售，5月16–26日付尾款/现货（5月17日 20:00 开卖），6月16–20日返场，价保至7月5日；2024 年曾取消预售。报名一般在开始前 2 周左右截止。",
    )
}

/// 双11 as in 2024 (the latest on record): registration by 13 September (about a month before, as
/// in 2019), warm-up 8–13 October, first phase 14–24 October from 20:00 with the presale deposit
/// inside it (14–20 October: presale and 现货 open together), balance 21–24 October, second phase 31 October 20:00 – 11 November, price protection 15 days.
fn double11(year: i32) -> Option<PlatformEvent> {
    let old = double11_before_2027(year);
    if year < LATEST_PATTERN_FROM {
        return old;
    }
    let first = range(ymd(year, 10, 14)?, ymd(year, 10, 24)?);
    let mut p = Phases::new(first);
    p.registration_deadline = Some(ymd(year, 9, 13)?);
    p.warmup = Some(range(ymd(year, 10, 8)?, ymd(year, 10, 13)?));
    p.presale_deposit = Some(range(ymd(year, 10, 14)?, ymd(year, 10, 20)?));
    p.presale_balance = Some(range(ymd(year, 10, 21)?, ymd(year, 10, 24)?));
    p.return_wave = Some(range(ymd(year, 10, 31)?, ymd(year, 11, 11)?));
    newer_seed(
        old,
        with_price_protection(p)?,
        "按 2024 年的做法排布：10月14日 20:00 第一阶段（预售定金与现货同时开始），10月21日起付尾款，10月31日 20:00 – 11月11日第二阶段；店铺报名约在预售前一个月截止（2019 年为 9月12–20日）。跨店满减/官方立减力度每年不同。",
    )
}

/// The seeds to store given what is stored: every seed whose id is missing, and every seed whose
/// stored copy is one of its ancestors (an older seed nobody edited). Edited, deleted or newer
/// copies are the team's and are left alone.
pub fn seeds_to_store(stored: &[PlatformEvent], seeds: Vec<PlatformEvent>) -> Vec<PlatformEvent> {
    seeds
        .into_iter()
        .filter(|s| match stored.iter().find(|e| e.meta.id == s.meta.id) {
            None => true,
            Some(e) => e.meta.rev != s.meta.rev && !e.meta.deleted && s.meta.knows(e.meta.rev),
        })
        .collect()
}

/// The seed an event was made from (`evt-{year}-{key}`), or None for the team's own events.
pub fn seed_of(e: &PlatformEvent) -> Option<PlatformEvent> {
    let rest = e.meta.id.strip_prefix("evt-")?;
    let (y, key) = rest.split_once('-')?;
    let year: i32 = y.parse().ok()?;
    if !EVENT_KEYS.contains(&key) {
        return None;
    }
    seed_events(year)
        .into_iter()
        .find(|s| s.meta.id == e.meta.id)
}

/// Which of the editor's twelve date fields (in [`parse_phases`] order) still hold the seed's
/// typical date: not yet checked against this year's rules. All false once the team marked the
/// event as checked, and for the team's own events.
pub fn typical_fields(e: &PlatformEvent) -> [bool; 12] {
    let mut out = [false; 12];
    if e.checked {
        return out;
    }
    let Some(seed) = seed_of(e) else {
        return out;
    };
    let (a, b) = (phase_fields(&e.phases), phase_fields(&seed.phases));
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        *o = x.is_some() && x == y;
    }
    out
}

/// The twelve dates of the editor's fields, in [`parse_phases`] order.
pub fn phase_fields(p: &Phases) -> [Option<NaiveDate>; 12] {
    let s = |r: Option<DateRange>| r.map(|r| r.start);
    let e = |r: Option<DateRange>| r.map(|r| r.end);
    [
        Some(p.main.start),
        Some(p.main.end),
        p.registration_deadline,
        s(p.warmup),
        e(p.warmup),
        s(p.presale_deposit),
        e(p.presale_deposit),
        s(p.presale_balance),
        e(p.presale_balance),
        s(p.return_wave),
        e(p.return_wave),
        p.price_protection_end,
    ]
}

/// A platform event's registration deadline (报名截止) still ahead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub id: String,
    pub name: String,
    pub date: NaiveDate,
    pub days_left: i64,
    /// The date is the seed's typical date, not yet checked against this year's rules.
    pub typical: bool,
}

/// The next `n` registration deadlines of live platform events from `today` on, soonest first.
pub fn next_registrations(
    events: &[PlatformEvent],
    today: NaiveDate,
    n: usize,
) -> Vec<Registration> {
    let mut v: Vec<Registration> = events
        .iter()
        .filter(|e| !e.meta.deleted)
        .filter_map(|e| {
            let date = e.phases.registration_deadline.filter(|d| *d >= today)?;
            Some(Registration {
                id: e.meta.id.clone(),
                name: e.name.clone(),
                date,
                days_left: (date - today).num_days(),
                typical: typical_fields(e).get(2).copied().unwrap_or(false),
            })
        })
        .collect();
    v.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    v.truncate(n);
    v
}

/// The six recurring platform events of `year` with typical phases, in calendar order (年货节
/// first; for early 春节 years its warm-up may fall in December of the year before). Years
/// outside chrono's calendar give fewer (or no) events; never panics.
pub fn seed_events(year: i32) -> Vec<PlatformEvent> {
    [
        nianhuo(year),
        women38(year),
        six18(year),
        ninety_nine(year),
        double11(year),
        double12(year),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The seeds of this year and next, as of `today`.
pub fn seed_calendar(today: NaiveDate) -> Vec<PlatformEvent> {
    let y = today.year();
    let mut v = seed_events(y);
    if let Some(next) = y.checked_add(1) {
        v.extend(seed_events(next));
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Entries, phases, deadlines

/// Whether an entry of the calendar is a promotion or a platform event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A platform event (平台大促). Ordered first.
    Event,
    /// A promotion (促销活动).
    Promotion,
}

impl EntryKind {
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Event => "event",
            EntryKind::Promotion => "promotion",
        }
    }
}

/// Which record a deadline or bar belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntryRef {
    pub kind: EntryKind,
    pub id: String,
    pub name: String,
}

impl EntryRef {
    pub fn promotion(p: &Promotion) -> EntryRef {
        EntryRef {
            kind: EntryKind::Promotion,
            id: p.meta.id.clone(),
            name: p.name.clone(),
        }
    }

    pub fn event(e: &PlatformEvent) -> EntryRef {
        EntryRef {
            kind: EntryKind::Event,
            id: e.meta.id.clone(),
            name: e.name.clone(),
        }
    }
}

/// A phase of a promotion or event as drawn on the calendar. Registration and price-protection
/// end are one-day markers; the rest are ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PhaseKind {
    /// 报名截止 (marker)
    Registration,
    /// 预热
    Warmup,
    /// 预售定金
    Deposit,
    /// 尾款
    Balance,
    /// 正式期 / 第一波
    Main,
    /// 返场 / 第二波
    ReturnWave,
    /// 价保结束 (marker)
    PriceProtectionEnd,
}

impl PhaseKind {
    pub const ALL: [PhaseKind; 7] = [
        PhaseKind::Registration,
        PhaseKind::Warmup,
        PhaseKind::Deposit,
        PhaseKind::Balance,
        PhaseKind::Main,
        PhaseKind::ReturnWave,
        PhaseKind::PriceProtectionEnd,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PhaseKind::Registration => "registration",
            PhaseKind::Warmup => "warmup",
            PhaseKind::Deposit => "deposit",
            PhaseKind::Balance => "balance",
            PhaseKind::Main => "main",
            PhaseKind::ReturnWave => "return_wave",
            PhaseKind::PriceProtectionEnd => "price_protection_end",
        }
    }

    /// One-day markers (a deadline, not a period).
    pub fn is_marker(self) -> bool {
        matches!(
            self,
            PhaseKind::Registration | PhaseKind::PriceProtectionEnd
        )
    }

    /// Are the promotion's prices in force during this phase?
    pub fn is_price_phase(self) -> bool {
        matches!(self, PhaseKind::Main | PhaseKind::ReturnWave)
    }
}

/// Every dated phase of a plan, in [`PhaseKind`] order (markers as one-day ranges).
pub fn phase_ranges(p: &Phases) -> Vec<(PhaseKind, DateRange)> {
    let one = |d: NaiveDate| DateRange::new(d, d);
    [
        (PhaseKind::Registration, p.registration_deadline.map(one)),
        (PhaseKind::Warmup, p.warmup),
        (PhaseKind::Deposit, p.presale_deposit),
        (PhaseKind::Balance, p.presale_balance),
        (PhaseKind::Main, Some(p.main)),
        (PhaseKind::ReturnWave, p.return_wave),
        (
            PhaseKind::PriceProtectionEnd,
            p.price_protection_end.map(one),
        ),
    ]
    .into_iter()
    .filter_map(|(k, r)| r.map(|r| (k, r)))
    .collect()
}

/// What falls due on a deadline's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeadlineKind {
    /// 报名截止
    Registration,
    /// 预热开始
    WarmupStart,
    /// 预售定金开始
    DepositStart,
    /// 尾款开始
    BalanceStart,
    /// 正式期 / 第一波开始
    MainStart,
    /// 返场 / 第二波开始
    ReturnWaveStart,
    /// 价保结束
    PriceProtectionEnd,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 7] = [
        DeadlineKind::Registration,
        DeadlineKind::WarmupStart,
        DeadlineKind::DepositStart,
        DeadlineKind::BalanceStart,
        DeadlineKind::MainStart,
        DeadlineKind::ReturnWaveStart,
        DeadlineKind::PriceProtectionEnd,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DeadlineKind::Registration => "registration",
            DeadlineKind::WarmupStart => "warmup_start",
            DeadlineKind::DepositStart => "deposit_start",
            DeadlineKind::BalanceStart => "balance_start",
            DeadlineKind::MainStart => "main_start",
            DeadlineKind::ReturnWaveStart => "return_wave_start",
            DeadlineKind::PriceProtectionEnd => "price_protection_end",
        }
    }
}

/// A date that falls due soon.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Deadline {
    pub date: NaiveDate,
    pub kind: DeadlineKind,
    pub source: EntryRef,
    /// Days from today (0 = today).
    pub days_left: i64,
}

fn deadline_dates(p: &Phases) -> Vec<(DeadlineKind, NaiveDate)> {
    [
        (DeadlineKind::Registration, p.registration_deadline),
        (DeadlineKind::WarmupStart, p.warmup.map(|r| r.start)),
        (
            DeadlineKind::DepositStart,
            p.presale_deposit.map(|r| r.start),
        ),
        (
            DeadlineKind::BalanceStart,
            p.presale_balance.map(|r| r.start),
        ),
        (DeadlineKind::MainStart, Some(p.main.start)),
        (
            DeadlineKind::ReturnWaveStart,
            p.return_wave.map(|r| r.start),
        ),
        (DeadlineKind::PriceProtectionEnd, p.price_protection_end),
    ]
    .into_iter()
    .filter_map(|(k, d)| d.map(|d| (k, d)))
    .collect()
}

/// Deadlines of promotions and events falling in `[today, today + within_days]`, sorted by date,
/// then kind (registration first), then events before promotions, then name and id.
///
/// Listed: 报名截止, the starts of 预热 / 定金 / 尾款 / 正式期 / 返场, and 价保结束. Tombstoned
/// records are skipped; promotions already done or reviewed list no registration deadline
/// (their other dates, e.g. price-protection end, still count). A negative `within_days` gives
/// nothing.
pub fn upcoming_deadlines(
    promos: &[Promotion],
    events: &[PlatformEvent],
    today: NaiveDate,
    within_days: i64,
) -> Vec<Deadline> {
    if within_days < 0 {
        return Vec::new();
    }
    let last = add_days(today, within_days).unwrap_or(NaiveDate::MAX);
    let mut out = Vec::new();
    let mut push = |source: &EntryRef, phases: &Phases, skip_registration: bool| {
        for (kind, date) in deadline_dates(phases) {
            if skip_registration && kind == DeadlineKind::Registration {
                continue;
            }
            if today <= date && date <= last {
                out.push(Deadline {
                    date,
                    kind,
                    source: source.clone(),
                    days_left: (date - today).num_days(),
                });
            }
        }
    };
    for e in events.iter().filter(|e| !e.meta.deleted) {
        push(&EntryRef::event(e), &e.phases, false);
    }
    for p in promos.iter().filter(|p| !p.meta.deleted) {
        let closed = matches!(p.status, PromoStatus::Done | PromoStatus::Reviewed);
        push(&EntryRef::promotion(p), &p.phases, closed);
    }
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.source.kind.cmp(&b.source.kind))
            .then_with(|| a.source.name.cmp(&b.source.name))
            .then_with(|| a.source.id.cmp(&b.source.id))
    });
    out
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

/// The weeks (Monday first) of a month: each row holds the month's dates in their weekday
/// columns and `None` outside the month. Empty for an impossible month.
pub fn month_grid(year: i32, month: u32) -> Vec<[Option<NaiveDate>; 7]> {
    let Some(range) = month_range(year, month) else {
        return Vec::new();
    };
    let mut weeks = Vec::new();
    let mut row = [None; 7];
    let mut d = range.start;
    loop {
        let col = d.weekday().num_days_from_monday() as usize;
        if let Some(cell) = row.get_mut(col) {
            *cell = Some(d);
        }
        if col == 6 {
            weeks.push(row);
            row = [None; 7];
        }
        if d >= range.end {
            break;
        }
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    if row.iter().any(Option::is_some) {
        weeks.push(row);
    }
    weeks
}

/// First to last day of a month; None for an impossible month.
pub fn month_range(year: i32, month: u32) -> Option<DateRange> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    let end = match next {
        Some(n) => n.pred_opt()?,
        None => NaiveDate::from_ymd_opt(year, 12, 31)?,
    };
    Some(DateRange::new(start, end))
}

/// The Monday-to-Sunday week holding `d` (clamped at the ends of the calendar).
pub fn week_range(d: NaiveDate) -> DateRange {
    let back = i64::from(d.weekday().num_days_from_monday());
    let start = add_days(d, -back).unwrap_or(NaiveDate::MIN);
    let end = add_days(start, 6).unwrap_or(NaiveDate::MAX);
    DateRange::new(start, end)
}

/// The same week-day positions: Monday … Sunday (for column headers).
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Which promotions a calendar shows. Empty `statuses` = every status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CalendarFilter {
    pub statuses: Vec<PromoStatus>,
    pub owner: Option<OwnerRole>,
    /// Only promotions touching this product (`Promotion::covers`: store-wide tools without an
    /// item list touch every product).
    pub product_id: Option<String>,
    /// Leave platform events out.
    pub hide_events: bool,
}

impl CalendarFilter {
    pub fn accepts(&self, p: &Promotion) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&p.status))
            && self.owner.is_none_or(|o| o == p.owner)
            && self.product_id.as_deref().is_none_or(|id| p.covers(id))
    }
}

/// One phase of one entry inside a window, clipped to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bar {
    pub phase: PhaseKind,
    /// Clipped to the window.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The phase begins before the window (draw an open left edge).
    pub cut_start: bool,
    /// The phase continues after the window.
    pub cut_end: bool,
}

impl Bar {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// One row of a timeline: a promotion or event with its phases inside the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    pub entry: EntryRef,
    /// Promotions only.
    pub status: Option<PromoStatus>,
    pub owner: Option<OwnerRole>,
    /// The platform event a promotion belongs to.
    pub event_id: Option<String>,
    /// The whole plan ([`Phases::span`]), not clipped.
    pub span: DateRange,
    /// Phases intersecting the window, by start then phase order.
    pub bars: Vec<Bar>,
}

impl TimelineRow {
    /// Bars covering a day (for month and week cells).
    pub fn bars_on(&self, d: NaiveDate) -> impl Iterator<Item = &Bar> {
        self.bars.iter().filter(move |b| b.contains(d))
    }
}

fn clip(phases: &Phases, window: DateRange) -> Vec<Bar> {
    let mut bars: Vec<Bar> = phase_ranges(phases)
        .into_iter()
        .filter(|(_, r)| r.start <= r.end && r.overlaps(&window))
        .map(|(phase, r)| Bar {
            phase,
            start: r.start.max(window.start),
            end: r.end.min(window.end),
            cut_start: r.start < window.start,
            cut_end: r.end > window.end,
        })
        .collect();
    bars.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.phase.cmp(&b.phase)));
    bars
}

/// The promotions (passing `filter`) and events with a phase intersecting `window`, one row
/// each, sorted by the start of their plan, events first on ties, then name and id. Tombstones
/// are skipped. Use it for the month view (cells: [`TimelineRow::bars_on`]), the week view and
/// the Gantt timeline. An inverted window gives nothing.
pub fn timeline(
    promos: &[Promotion],
    events: &[PlatformEvent],
    window: DateRange,
    filter: &CalendarFilter,
) -> Vec<TimelineRow> {
    if window.start > window.end {
        return Vec::new();
    }
    let mut rows = Vec::new();
    if !filter.hide_events {
        for e in events.iter().filter(|e| !e.meta.deleted) {
            let bars = clip(&e.phases, window);
            if !bars.is_empty() {
                rows.push(TimelineRow {
                    entry: EntryRef::event(e),
                    status: None,
                    owner: None,
                    event_id: None,
                    span: e.phases.span(),
                    bars,
                });
            }
        }
    }
    for p in promos
        .iter()
        .filter(|p| !p.meta.deleted && filter.accepts(p))
    {
        let bars = clip(&p.phases, window);
        if !bars.is_empty() {
            rows.push(TimelineRow {
                entry: EntryRef::promotion(p),
                status: Some(p.status),
                owner: Some(p.owner),
                event_id: p.event_id.clone(),
                span: p.phases.span(),
                bars,
            });
        }
    }
    rows.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then_with(|| a.entry.kind.cmp(&b.entry.kind))
            .then_with(|| a.entry.name.cmp(&b.entry.name))
            .then_with(|| a.entry.id.cmp(&b.entry.id))
    });
    rows
}

/// Why [`parse_phases`] refused the dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhasesError {
    /// Main start or end missing.
    Main,
    /// Not a date: the field's index in the fields' order.
    Date(usize),
    /// End before start.
    Order(PhaseKind),
    /// Only one end of a range.
    Half(PhaseKind),
}

/// The event's phases from the editor's twelve date fields ("" = empty), in the
/// editor's order: main start, main end, registration deadline, warm-up start/end, deposit
/// start/end, balance start/end, return wave start/end, end of price protection.
pub fn parse_phases(v: &[String; 12]) -> Result<Phases, PhasesError> {
    let mut d = [None; 12];
    for (i, (slot, s)) in d.iter_mut().zip(v).enumerate() {
        let s = s.trim();
        if !s.is_empty() {
            *slot = Some(crate::model::date::parse_ymd(s).ok_or(PhasesError::Date(i))?);
        }
    }
    let range = |a: Option<NaiveDate>, b: Option<NaiveDate>, k: PhaseKind| match (a, b) {
        (None, None) => Ok(None),
        (Some(s), Some(e)) if s <= e => Ok(Some(DateRange::new(s, e))),
        (Some(_), Some(_)) => Err(PhasesError::Order(k)),
        _ => Err(PhasesError::Half(k)),
    };
    let [ms, me, reg, ws, we, ds, de, bs, be, rs, re, pe] = d;
    let main = match range(ms, me, PhaseKind::Main) {
        Ok(Some(m)) => m,
        Err(PhasesError::Order(k)) => return Err(PhasesError::Order(k)),
        _ => return Err(PhasesError::Main),
    };
    let mut p = Phases::new(main);
    p.registration_deadline = reg;
    p.warmup = range(ws, we, PhaseKind::Warmup)?;
    p.presale_deposit = range(ds, de, PhaseKind::Deposit)?;
    p.presale_balance = range(bs, be, PhaseKind::Balance)?;
    p.return_wave = range(rs, re, PhaseKind::ReturnWave)?;
    p.price_protection_end = pe;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_years_do_not_panic() {
        for y in [i32::MIN, -262_144, -262_143, 0, 262_142, 262_143, i32::MAX] {
            let _ = seed_events(y);
            let _ = month_grid(y, 12);
            let _ = month_grid(y, 1);
        }
        assert!(seed_events(i32::MAX).is_empty());
        assert_eq!(seed_events(2026).len(), 6);
        let _ = seed_calendar(NaiveDate::MAX);
        let _ = week_range(NaiveDate::MIN);
        let _ = week_range(NaiveDate::MAX);
        let _ = upcoming_deadlines(&[], &seed_events(2026), NaiveDate::MAX, i64::MAX);
    }

    #[test]
    fn impossible_month_is_empty() {
        assert!(month_grid(2026, 0).is_empty());
        assert!(month_grid(2026, 13).is_empty());
    }
}
