//! Platform event seeds (deterministic, ordered phases, 春节-dependent 年货节), upcoming deadlines
//! and the calendar helpers (month grid, timeline bars, filters).

use chrono::{Datelike, NaiveDate, Weekday};
use store_ops_planner::core::promo::events::{
    cny_date, event_id, month_grid, month_range, parse_phases, seed_calendar, seed_events,
    timeline, upcoming_deadlines, week_range, CalendarFilter, DeadlineKind, EntryKind, PhaseKind,
    PhasesError, EVENT_KEYS,
};
use store_ops_planner::model::{
    DateRange, OwnerRole, PlatformEvent, PromoItem, PromoRule, PromoStatus, Promotion, Record,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn by_key(events: &[PlatformEvent], year: i32, key: &str) -> PlatformEvent {
    let id = event_id(year, key);
    events
        .iter()
        .find(|e| e.meta.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
        .clone()
}

#[test]
fn seeds_are_deterministic_with_stable_ids_and_revisions() {
    let a = seed_events(2026);
    let b = seed_events(2026);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap(),
        "byte-identical records"
    );
    let ids: Vec<&str> = a.iter().map(|e| e.meta.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "evt-2026-nianhuo",
            "evt-2026-women38",
            "evt-2026-618",
            "evt-2026-99",
            "evt-2026-1111",
            "evt-2026-1212"
        ]
    );
    for e in &a {
        assert_eq!(e.meta.rev.gen, 1);
        assert_eq!(e.meta.updated, 0);
        assert!(e.meta.anc.is_empty());
        assert!(!e.meta.deleted);
        assert!(e.notes.contains("招商规则"), "{}", e.name);
        assert!(e.name.starts_with("2026 "), "{}", e.name);
        // the revision is the content's: re-bumping a copy from scratch gives the same rev
        let mut c = e.clone();
        c.meta.rev = Default::default();
        c.bump(0);
        assert_eq!(c.meta.rev, e.meta.rev);
    }
    // different years are different records
    assert_ne!(seed_events(2027)[4].meta.rev, a[4].meta.rev);
    assert_eq!(EVENT_KEYS.len(), a.len());
}

#[test]
fn phases_are_ordered_every_year() {
    for year in 2020..=2035 {
        let events = seed_events(year);
        assert_eq!(events.len(), 6, "{year}");
        for e in &events {
            let p = &e.phases;
            let reg = p.registration_deadline.expect("registration deadline");
            let w = p.warmup.expect("warm-up");
            assert!(reg < w.start, "{}: registration before warm-up", e.name);
            assert!(w.start <= w.end && w.end < p.main.start, "{}", e.name);
            assert!(p.main.start <= p.main.end, "{}", e.name);
            if let Some(dep) = p.presale_deposit {
                assert!(reg < dep.start && dep.start <= dep.end, "{}", e.name);
                // the deposit ends by the main wave, or (双11 since 2024) presale and 现货 open
                // together and the deposit runs inside the first phase
                let inside = dep.start >= p.main.start && dep.end <= p.main.end;
                assert!(
                    dep.end <= p.main.start || inside,
                    "{}: deposit ends by main",
                    e.name
                );
                let bal = p.presale_balance.expect("balance with deposit");
                assert!(dep.end <= bal.start && bal.start <= bal.end, "{}", e.name);
            }
            let last = match p.return_wave {
                Some(r) => {
                    assert!(p.main.end < r.start && r.start <= r.end, "{}", e.name);
                    r.end
                }
                None => p.main.end,
            };
            let pp = p.price_protection_end.expect("price protection");
            assert_eq!((pp - last).num_days(), 15, "{}", e.name);
        }
    }
}

#[test]
fn double_11_and_618_follow_the_typical_shape() {
    let ev = seed_events(2026);
    let e = by_key(&ev, 2026, "1111");
    assert_eq!(e.name, "2026 双11");
    let p = &e.phases;
    assert_eq!(p.registration_deadline, Some(d("2026-09-20")));
    assert_eq!(p.presale_deposit.unwrap().start, d("2026-10-20"));
    assert_eq!(p.presale_deposit.unwrap().end, d("2026-10-31"));
    assert_eq!(p.main, DateRange::new(d("2026-10-31"), d("2026-11-03")));
    assert_eq!(
        p.return_wave,
        Some(DateRange::new(d("2026-11-10"), d("2026-11-11")))
    );
    assert_eq!(p.price_protection_end, Some(d("2026-11-26")));

    let s = by_key(&ev, 2026, "618");
    assert!(s.phases.presale_deposit.is_some());
    assert_eq!(s.phases.return_wave.unwrap().end, d("2026-06-18"));
    let t = by_key(&ev, 2026, "women38");
    assert_eq!(t.phases.main.end, d("2026-03-08"));
    assert_eq!(by_key(&ev, 2026, "99").phases.main.end, d("2026-09-09"));
    assert_eq!(by_key(&ev, 2026, "1212").phases.main.end, d("2026-12-12"));
    for key in ["nianhuo", "women38", "99", "1212"] {
        let e = by_key(&ev, 2026, key);
        assert!(e.phases.presale_deposit.is_none() && e.phases.return_wave.is_none());
    }
}

#[test]
fn nianhuo_follows_chinese_new_year() {
    assert_eq!(cny_date(2026), Some(d("2026-02-17")));
    assert_eq!(cny_date(2028), Some(d("2028-01-26")));
    assert_eq!(
        cny_date(2040),
        Some(d("2040-02-05")),
        "fallback: early February"
    );
    for year in 2025..=2030 {
        let cny = cny_date(year).unwrap();
        let e = by_key(&seed_events(year), year, "nianhuo");
        assert_eq!(e.phases.main.end, cny - chrono::Days::new(8), "{year}");
        assert!(e.phases.main.days() >= 14);
    }
    let e = by_key(&seed_events(2026), 2026, "nianhuo");
    assert_eq!(
        e.phases.main,
        DateRange::new(d("2026-01-24"), d("2026-02-09"))
    );
    // an early 春节 puts the warm-up (and registration) in the year before
    let e = by_key(&seed_events(2028), 2028, "nianhuo");
    assert_eq!(e.phases.main.start, d("2028-01-02"));
    assert_eq!(e.phases.warmup.unwrap().start.year(), 2027);
}

#[test]
fn calendar_seeds_this_year_and_next() {
    let v = seed_calendar(d("2026-05-01"));
    assert_eq!(v.len(), 12);
    assert_eq!(v[0].meta.id, "evt-2026-nianhuo");
    assert_eq!(v[11].meta.id, "evt-2027-1212");
    let mut ids: Vec<&str> = v.iter().map(|e| e.meta.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "unique ids");
}

fn promo(id: &str, main: (&str, &str)) -> Promotion {
    Promotion::new(
        id.into(),
        format!("活动{id}"),
        DateRange::new(d(main.0), d(main.1)),
        1_000,
    )
}

#[test]
fn deadlines_within_seven_days_are_found_and_sorted() {
    let today = d("2026-10-15");
    let events = seed_events(2026);

    let mut a = promo("a", ("2026-10-25", "2026-10-28"));
    a.phases.registration_deadline = Some(d("2026-10-18"));
    a.status = PromoStatus::Planned;
    let mut b = promo("b", ("2026-10-01", "2026-10-07"));
    b.phases.registration_deadline = Some(d("2026-10-16"));
    b.phases.price_protection_end = Some(d("2026-10-22")); // exactly today + 7: included
    b.status = PromoStatus::Done; // registration no longer listed
    let mut gone = promo("gone", ("2026-10-16", "2026-10-17"));
    gone.phases.registration_deadline = Some(d("2026-10-15"));
    gone.tombstone(2_000);
    let mut c = promo("c", ("2026-10-15", "2026-10-30")); // main starts today
    c.phases.registration_deadline = Some(d("2026-10-14")); // yesterday: not listed
    let mut late = promo("late", ("2026-10-23", "2026-10-24")); // today + 8: not listed
    late.phases.registration_deadline = Some(d("2026-10-23"));

    let got = upcoming_deadlines(&[a, b, gone, c, late], &events, today, 7);
    let seen: Vec<(String, DeadlineKind, &str, i64)> = got
        .iter()
        .map(|x| {
            (
                x.date.to_string(),
                x.kind,
                x.source.id.as_str(),
                x.days_left,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("2026-10-15".into(), DeadlineKind::MainStart, "c", 0),
            ("2026-10-18".into(), DeadlineKind::Registration, "a", 3),
            (
                "2026-10-20".into(),
                DeadlineKind::WarmupStart,
                "evt-2026-1111",
                5
            ),
            (
                "2026-10-20".into(),
                DeadlineKind::DepositStart,
                "evt-2026-1111",
                5
            ),
            (
                "2026-10-22".into(),
                DeadlineKind::PriceProtectionEnd,
                "b",
                7
            ),
        ]
    );
    assert_eq!(got[2].source.kind, EntryKind::Event);
    assert_eq!(got[2].source.name, "2026 双11");
    assert_eq!(got[1].source.name, "活动a");
    assert!(got.windows(2).all(|w| w[0].date <= w[1].date));

    // a tombstoned event is skipped too; negative windows give nothing
    let mut events = events;
    for e in events.iter_mut() {
        e.tombstone(5);
    }
    assert!(upcoming_deadlines(&[], &events, today, 7).is_empty());
    assert!(upcoming_deadlines(&[], &seed_events(2026), today, -1).is_empty());
    // registration deadline of the 双11 seed, seen a week ahead
    let v = upcoming_deadlines(&[], &seed_events(2026), d("2026-09-14"), 7);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, DeadlineKind::Registration);
    assert_eq!(v[0].days_left, 6);
}

#[test]
fn month_grid_has_monday_first_weeks() {
    // February 2026 starts on a Sunday and ends on a Saturday: 5 rows
    let g = month_grid(2026, 2);
    assert_eq!(d("2026-02-01").weekday(), Weekday::Sun);
    assert_eq!(g.len(), 5);
    assert_eq!(g[0][..6], [None; 6]);
    assert_eq!(g[0][6], Some(d("2026-02-01")));
    assert_eq!(g[1][0], Some(d("2026-02-02")));
    assert_eq!(g[4][5], Some(d("2026-02-28")));
    assert_eq!(g[4][6], None);
    // February 2021: Monday 1st to Sunday 28th, exactly four rows
    let g = month_grid(2021, 2);
    assert_eq!(g.len(), 4);
    assert!(g.iter().all(|w| w.iter().all(Option::is_some)));
    // March 2026: Sunday 1st, Tuesday 31st → 6 rows
    let g = month_grid(2026, 3);
    assert_eq!(g.len(), 6);
    assert_eq!(g[5][1], Some(d("2026-03-31")));
    // every month: each day once, in its weekday column
    for (y, m) in [(2024, 2), (2025, 12), (2026, 1), (2026, 6), (2027, 8)] {
        let g = month_grid(y, m);
        let r = month_range(y, m).unwrap();
        let mut n = 0;
        for w in &g {
            for (col, cell) in w.iter().enumerate() {
                if let Some(x) = cell {
                    assert_eq!(x.weekday().num_days_from_monday() as usize, col);
                    assert_eq!((x.year(), x.month()), (y, m));
                    n += 1;
                }
            }
        }
        assert_eq!(n, r.days(), "{y}-{m}");
    }
    assert_eq!(month_range(2024, 2).unwrap().end, d("2024-02-29"));
    assert_eq!(month_range(2025, 12).unwrap().end, d("2025-12-31"));
    assert_eq!(
        week_range(d("2026-02-01")),
        DateRange::new(d("2026-01-26"), d("2026-02-01"))
    );
}

#[test]
fn timeline_clips_bars_to_the_window_and_filters_promotions() {
    let events = seed_events(2026);
    let october = month_range(2026, 10).unwrap();

    let mut p = promo("p1", ("2026-10-31", "2026-11-03"));
    p.status = PromoStatus::Approved;
    p.owner = OwnerRole::Director;
    p.items = vec![PromoItem {
        product_id: "sku-1".into(),
        discount: None,
        stock: None,
    }];
    p.phases.warmup = Some(DateRange::new(d("2026-10-24"), d("2026-10-30")));
    p.event_id = Some("evt-2026-1111".into());
    let mut q = promo("q2", ("2026-10-05", "2026-10-07"));
    q.rule = PromoRule::CrossStore {
        every: store_ops_planner::model::Fen(30_000),
        off: store_ops_planner::model::Fen(5_000),
    };
    let mut dead = promo("x", ("2026-10-10", "2026-10-11"));
    dead.tombstone(9);
    let promos = [p, q, dead];

    let rows = timeline(&promos, &events, october, &CalendarFilter::default());
    let names: Vec<&str> = rows.iter().map(|r| r.entry.id.as_str()).collect();
    assert_eq!(names, ["evt-2026-1111", "q2", "p1"], "by plan start");
    let e = &rows[0];
    assert_eq!(e.entry.kind, EntryKind::Event);
    let phases: Vec<PhaseKind> = e.bars.iter().map(|b| b.phase).collect();
    assert_eq!(
        phases,
        [
            PhaseKind::Warmup,
            PhaseKind::Deposit,
            PhaseKind::Balance,
            PhaseKind::Main
        ]
    );
    let main = e.bars.iter().find(|b| b.phase == PhaseKind::Main).unwrap();
    assert_eq!((main.start, main.end), (d("2026-10-31"), d("2026-10-31")));
    assert!(main.cut_end && !main.cut_start);
    assert_eq!(e.bars_on(d("2026-10-25")).count(), 2, "warm-up + deposit");
    assert_eq!(rows[2].status, Some(PromoStatus::Approved));
    assert_eq!(rows[2].event_id.as_deref(), Some("evt-2026-1111"));

    // filters: status, owner, product, events hidden
    let f = CalendarFilter {
        statuses: vec![PromoStatus::Approved],
        hide_events: true,
        ..CalendarFilter::default()
    };
    let ids: Vec<String> = timeline(&promos, &events, october, &f)
        .into_iter()
        .map(|r| r.entry.id)
        .collect();
    assert_eq!(ids, ["p1"]);
    let f = CalendarFilter {
        owner: Some(OwnerRole::Specialist),
        hide_events: true,
        ..CalendarFilter::default()
    };
    assert_eq!(timeline(&promos, &events, october, &f).len(), 1);
    let f = CalendarFilter {
        product_id: Some("sku-9".into()),
        hide_events: true,
        ..CalendarFilter::default()
    };
    let ids: Vec<String> = timeline(&promos, &events, october, &f)
        .into_iter()
        .map(|r| r.entry.id)
        .collect();
    assert_eq!(ids, ["q2"], "store-wide 跨店满减 touches every product");

    // a week and a one-day marker
    let week = week_range(d("2026-09-20"));
    let rows = timeline(&[], &events, week, &CalendarFilter::default());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].bars[0].phase, PhaseKind::Registration);
    assert!(rows[0].bars[0].phase.is_marker());
    // an inverted window
    let bad = DateRange::new(d("2026-10-31"), d("2026-10-01"));
    assert!(timeline(&promos, &events, bad, &CalendarFilter::default()).is_empty());
}

fn fields(v: [&str; 12]) -> [String; 12] {
    v.map(String::from)
}

#[test]
fn phases_parse_and_refuse() {
    let mut v = fields([
        "2026-12-10",
        "2026-12-12",
        "2026-11-20",
        "2026-12-08",
        "2026-12-09",
        "",
        "",
        "",
        "",
        "",
        "",
        "2026-12-27",
    ]);
    let p = parse_phases(&v).unwrap();
    assert_eq!(p.main, DateRange::new(d("2026-12-10"), d("2026-12-12")));
    assert_eq!(
        p.warmup,
        Some(DateRange::new(d("2026-12-08"), d("2026-12-09")))
    );
    assert_eq!(p.price_protection_end, Some(d("2026-12-27")));
    v[1] = "2026-12-01".into();
    assert_eq!(parse_phases(&v), Err(PhasesError::Order(PhaseKind::Main)));
    v[1] = String::new();
    assert_eq!(parse_phases(&v), Err(PhasesError::Main));
    v[1] = "2026-12-12".into();
    v[4] = String::new();
    assert_eq!(parse_phases(&v), Err(PhasesError::Half(PhaseKind::Warmup)));
    v[4] = "2026-13-01".into();
    assert_eq!(parse_phases(&v), Err(PhasesError::Date(4)));
}

#[test]
fn phases_parse_main_only_trims_and_checks_every_range() {
    let mut v: [String; 12] = Default::default();
    v[0] = " 2026-06-01 ".into();
    v[1] = "2026-06-03".into();
    let p = parse_phases(&v).unwrap();
    assert_eq!(p.main, DateRange::new(d("2026-06-01"), d("2026-06-03")));
    assert_eq!(p.registration_deadline, None);
    assert_eq!(p.warmup, None);
    assert_eq!(p.price_protection_end, None);
    // each optional range, in the editor's order: start index, its kind
    for (i, k) in [
        (3, PhaseKind::Warmup),
        (5, PhaseKind::Deposit),
        (7, PhaseKind::Balance),
        (9, PhaseKind::ReturnWave),
    ] {
        let mut w = v.clone();
        w[i] = "2026-05-20".into();
        assert_eq!(parse_phases(&w), Err(PhasesError::Half(k)), "field {i}");
        w[i + 1] = "2026-05-19".into();
        assert_eq!(parse_phases(&w), Err(PhasesError::Order(k)), "field {i}");
        w[i + 1] = "2026-05-20".into();
        assert!(parse_phases(&w).is_ok(), "field {i}");
        w[i + 1] = "20.05.2026".into();
        assert_eq!(parse_phases(&w), Err(PhasesError::Date(i + 1)));
    }
    // only the end of the main range
    v[0] = String::new();
    assert_eq!(parse_phases(&v), Err(PhasesError::Main));
}

/// Issue 12 item 10: from 2027 on, 618 follows 2025 and 双11 follows 2024 (the latest years on
/// record), each a child revision of the older seed so untouched stored seeds fast-forward.
#[test]
fn seeds_from_2027_follow_the_latest_year_on_record() {
    let ev = seed_events(2027);
    let p = &by_key(&ev, 2027, "1111").phases;
    assert_eq!(p.registration_deadline, Some(d("2027-09-13")));
    assert_eq!(
        p.warmup,
        Some(DateRange::new(d("2027-10-08"), d("2027-10-13")))
    );
    assert_eq!(
        p.presale_deposit,
        Some(DateRange::new(d("2027-10-14"), d("2027-10-20")))
    );
    assert_eq!(
        p.presale_balance,
        Some(DateRange::new(d("2027-10-21"), d("2027-10-24")))
    );
    assert_eq!(p.main, DateRange::new(d("2027-10-14"), d("2027-10-24")));
    assert_eq!(
        p.return_wave,
        Some(DateRange::new(d("2027-10-31"), d("2027-11-11")))
    );
    assert_eq!(p.price_protection_end, Some(d("2027-11-26")));

    let p = &by_key(&ev, 2027, "618").phases;
    assert_eq!(p.registration_deadline, Some(d("2027-04-29")));
    assert_eq!(p.presale_deposit.unwrap().start, d("2027-05-13"));
    assert_eq!(p.warmup.unwrap().end, d("2027-05-15"));
    assert_eq!(p.main, DateRange::new(d("2027-05-16"), d("2027-05-26")));
    assert_eq!(p.return_wave.unwrap().end, d("2027-06-20"));
    // 2025's price guarantee ran until 5 July
    assert_eq!(p.price_protection_end, Some(d("2027-07-05")));

    // 2026 and before keep the pattern their stored seeds were made with
    let old = seed_events(2026);
    assert_eq!(
        by_key(&old, 2026, "1111").phases.registration_deadline,
        Some(d("2026-09-20"))
    );
    // every seed still says its dates are typical
    for e in ev.iter().chain(&old) {
        assert!(e.notes.contains("典型"), "{}", e.name);
    }
}

#[test]
fn untouched_older_seeds_fast_forward_edited_and_deleted_ones_stay() {
    use store_ops_planner::core::promo::events::seeds_to_store;
    let new = seed_events(2027);
    let new_1111 = by_key(&new, 2027, "1111").clone();
    // the seed as an older app made it: the newer seed's parent revision
    let parent = new_1111.meta.anc[0];
    let mut older = new_1111.clone();
    older.meta.rev = parent;
    older.meta.anc.clear();
    assert!(new_1111.meta.knows(older.meta.rev));

    // untouched older seed → replaced by the newer one; missing ones → added; same → nothing
    let mut stored: Vec<_> = new
        .iter()
        .filter(|e| e.meta.id != new_1111.meta.id)
        .cloned()
        .collect();
    stored.push(older.clone());
    let out = seeds_to_store(&stored, new.clone());
    assert_eq!(out.len(), 1);
    assert_eq!(out[0], new_1111);
    assert_eq!(seeds_to_store(&new, new.clone()), vec![]);
    assert_eq!(seeds_to_store(&[], new.clone()).len(), 6);

    // edited (a child of the older seed) or deleted → left alone
    let mut edited = older.clone();
    edited.name = "双11（我们的日期）".into();
    edited.bump(5);
    stored.retain(|e| e.meta.id != new_1111.meta.id);
    stored.push(edited);
    assert!(seeds_to_store(&stored, new.clone()).is_empty());
    let mut gone = older;
    gone.tombstone(5);
    stored.pop();
    stored.push(gone);
    assert!(seeds_to_store(&stored, new).is_empty());
}

#[test]
fn typical_dates_are_flagged_until_edited_or_checked() {
    use store_ops_planner::core::promo::events::{next_registrations, typical_fields};
    let ev = seed_events(2027);
    let mut e = by_key(&ev, 2027, "1111").clone();
    let t = typical_fields(&e);
    // main start/end, registration, warm-up, deposit, balance, return wave, protection: all set
    assert_eq!(t, [true; 12]);
    let t = typical_fields(&by_key(&ev, 2027, "99"));
    assert!(
        t[2] && !t[5],
        "no deposit phase in 99: not typical, just empty"
    );

    e.phases.registration_deadline = Some(d("2027-09-10"));
    let t = typical_fields(&e);
    assert!(
        !t[2] && t[0],
        "an edited date is the team's; the others stay typical"
    );
    e.checked = true;
    assert_eq!(typical_fields(&e), [false; 12]);
    // the team's own events are never "typical"
    let mut own = e.clone();
    own.meta.id = "my-event".into();
    own.checked = false;
    assert_eq!(typical_fields(&own), [false; 12]);

    // the next registration deadlines, however far ahead, with the flag
    let mut all = seed_events(2026);
    all.extend(seed_events(2027));
    let v = next_registrations(&all, d("2026-12-06"), 2);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].id, "evt-2027-nianhuo");
    assert_eq!(v[0].date, d("2026-12-27"));
    assert_eq!(v[0].days_left, 21);
    assert!(v[0].typical);
    assert_eq!(v[1].id, "evt-2027-women38");
    let v = next_registrations(&all, d("2027-09-01"), 1);
    assert_eq!((v[0].id.as_str(), v[0].days_left), ("evt-2027-1111", 12));
}
