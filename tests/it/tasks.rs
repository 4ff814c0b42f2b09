//! The team's day (issue 16): recurring instances over month ends, leap days and a week
//! offline (each exactly once, idempotent, the same record in two browsers), proposals from
//! registration deadlines (accept / dismiss, each once), the Today view and counts, typed input
//! refused without changing anything, plan files and merges of tasks.

use chrono::NaiveDate;
use std::collections::HashSet;
use store_ops_planner::core::merge;
use store_ops_planner::core::tasks::{
    self, accept, apply_input, catch_up_from, dismiss, due_instances, instance_id, my_counts,
    occurs_on, parse_day, parse_due, proposals, standard_templates, today_view, InputError,
    TaskInput, MAX_CATCH_UP_DAYS,
};
use store_ops_planner::formats::plan_file;
use store_ops_planner::model::{
    DateRange, Freq, LinkKind, Member, Meta, PlatformEvent, Priority, PromoStatus, Promotion,
    Record, Task, TaskStatus, TaskTemplate, Workspace,
};

/// 2026-12-05 04:00 UTC, a plausible edit time.
const T: i64 = 1_796_443_200_000;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tpl(id: &str, freq: Freq, day: u8) -> TaskTemplate {
    let mut t = TaskTemplate {
        meta: Meta::new(id.into(), T),
        title: format!("任务 {id}"),
        role: "specialist".into(),
        owner: String::new(),
        freq,
        day,
        priority: Priority::Normal,
        active: true,
    };
    t.bump(T);
    t
}

fn workspace(
    members: Vec<Member>,
    tasks: Vec<Task>,
    task_templates: Vec<TaskTemplate>,
) -> Workspace {
    Workspace {
        records: store_ops_planner::model::Records {
            members,
            tasks,
            task_templates,
            ..Default::default()
        },
        ..Workspace::default()
    }
}

fn days(tasks: &[Task]) -> Vec<NaiveDate> {
    tasks.iter().filter_map(|t| t.due).collect()
}

#[test]
fn monthly_on_the_31st_falls_on_each_month_end() {
    let t = tpl("m31", Freq::Monthly, 31);
    let got = days(&due_instances(
        std::slice::from_ref(&t),
        &[],
        d("2027-01-01"),
        d("2027-01-31"),
        T,
    ));
    assert_eq!(got, vec![d("2027-01-31")]);
    let all: Vec<NaiveDate> = d("2027-01-01")
        .iter_days()
        .take_while(|x| *x <= d("2027-12-31"))
        .filter(|x| occurs_on(&t, *x))
        .collect();
    let want: Vec<NaiveDate> = [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
        "2027-05-31",
        "2027-06-30",
        "2027-07-31",
        "2027-08-31",
        "2027-09-30",
        "2027-10-31",
        "2027-11-30",
        "2027-12-31",
    ]
    .iter()
    .map(|s| d(s))
    .collect();
    assert_eq!(all, want, "one per month, on its last day when shorter");
    // day 1 and day 30
    assert!(occurs_on(&tpl("m1", Freq::Monthly, 1), d("2027-03-01")));
    assert!(occurs_on(&tpl("m30", Freq::Monthly, 30), d("2027-02-28")));
    assert!(!occurs_on(&tpl("m30", Freq::Monthly, 30), d("2027-03-31")));
}

#[test]
fn leap_day_2028_02_29() {
    for day in [29, 30, 31] {
        let t = tpl("m", Freq::Monthly, day);
        assert!(occurs_on(&t, d("2028-02-29")), "day {day} → 29 Feb 2028");
        assert!(
            !occurs_on(&t, d("2028-02-28")),
            "day {day}: not the 28th in a leap year"
        );
        let got = due_instances(&[t], &[], d("2028-02-20"), d("2028-03-05"), T);
        assert_eq!(days(&got), vec![d("2028-02-29")]);
        assert_eq!(got[0].meta.id, format!("rt-m-20280229"));
    }
    assert!(
        occurs_on(&tpl("m", Freq::Monthly, 29), d("2027-02-28")),
        "no 29th in 2027"
    );
    // a daily task has its leap-day instance, once
    let daily = tpl("dly", Freq::Daily, 0);
    let got = due_instances(&[daily], &[], d("2028-02-28"), d("2028-03-01"), T);
    assert_eq!(
        days(&got),
        vec![d("2028-02-28"), d("2028-02-29"), d("2028-03-01")]
    );
}

#[test]
fn weekly_on_its_iso_weekday() {
    let mon = tpl("w1", Freq::Weekly, 1);
    let got = due_instances(&[mon], &[], d("2026-11-30"), d("2026-12-27"), T);
    assert_eq!(
        days(&got),
        vec![
            d("2026-11-30"),
            d("2026-12-07"),
            d("2026-12-14"),
            d("2026-12-21")
        ]
    );
    // a weekday out of range never falls due (plan files refuse it; stored data may have it)
    let bad = tpl("w9", Freq::Weekly, 9);
    assert!(due_instances(&[bad], &[], d("2026-12-01"), d("2026-12-31"), T).is_empty());
}

#[test]
fn a_week_offline_makes_each_task_exactly_once_and_is_idempotent() {
    let templates = vec![
        tpl("daily", Freq::Daily, 0),
        tpl("fri", Freq::Weekly, 5),
        tpl("eom", Freq::Monthly, 31),
    ];
    // opened on Saturday 2026-12-05 for the first time: only today
    let day0 = d("2026-12-05");
    let mut tasks = due_instances(&templates, &[], catch_up_from(None, day0), day0, T);
    assert_eq!(
        tasks.iter().map(|t| t.meta.id.as_str()).collect::<Vec<_>>(),
        vec!["rt-daily-20261205"]
    );
    // again the same day: nothing new
    assert!(due_instances(&templates, &tasks, catch_up_from(Some(day0), day0), day0, T).is_empty());
    // closed for a week, opened on 2026-12-12
    let day7 = d("2026-12-12");
    let new = due_instances(&templates, &tasks, catch_up_from(Some(day0), day7), day7, T);
    let ids: Vec<&str> = new.iter().map(|t| t.meta.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "rt-daily-20261206",
            "rt-daily-20261207",
            "rt-daily-20261208",
            "rt-daily-20261209",
            "rt-daily-20261210",
            "rt-daily-20261211",
            "rt-fri-20261211",
            "rt-daily-20261212",
        ]
    );
    tasks.extend(new);
    let unique: HashSet<&str> = tasks.iter().map(|t| t.id()).collect();
    assert_eq!(unique.len(), tasks.len(), "no duplicates");
    // idempotent: another run, any start, makes nothing
    for from in [day0, d("2026-12-06"), day7] {
        assert!(due_instances(&templates, &tasks, from, day7, T).is_empty());
    }
    // a deleted instance stays deleted (its tombstone keeps the id)
    if let Some(t) = tasks.iter_mut().find(|t| t.meta.id == "rt-daily-20261208") {
        t.tombstone(T + 1);
    }
    assert!(due_instances(&templates, &tasks, day0, day7, T).is_empty());
    // inactive or deleted templates make nothing
    let mut off = templates.clone();
    off[0].active = false;
    off[1].meta.deleted = true;
    let later = d("2026-12-31");
    let got = due_instances(&off, &tasks, day7, later, T);
    assert_eq!(
        got.iter().map(|t| t.meta.id.as_str()).collect::<Vec<_>>(),
        vec!["rt-eom-20261231"]
    );
}

#[test]
fn catch_up_is_bounded_and_ignores_a_clock_that_went_back() {
    let today = d("2026-12-05");
    assert_eq!(catch_up_from(None, today), today);
    assert_eq!(catch_up_from(Some(d("2026-12-01")), today), d("2026-12-01"));
    assert_eq!(
        catch_up_from(Some(d("2025-01-01")), today),
        d("2026-11-04"),
        "at most {MAX_CATCH_UP_DAYS} days back"
    );
    assert_eq!(catch_up_from(Some(d("2027-01-01")), today), today);
    // due_instances bounds its range too
    let got = due_instances(&[tpl("x", Freq::Daily, 0)], &[], d("2020-01-01"), today, T);
    assert_eq!(got.len(), MAX_CATCH_UP_DAYS as usize + 1);
    // and an inverted range gives nothing
    assert!(due_instances(&[tpl("x", Freq::Daily, 0)], &[], d("2026-12-09"), today, T).is_empty());
}

#[test]
fn two_browsers_make_the_same_instance_as_one_record() {
    let t = tpl("daily", Freq::Daily, 0);
    let a = due_instances(
        std::slice::from_ref(&t),
        &[],
        d("2026-12-05"),
        d("2026-12-05"),
        T,
    );
    let b = due_instances(&[t], &[], d("2026-12-05"), d("2026-12-05"), T + 86_400_000);
    assert_eq!(a[0].meta.id, b[0].meta.id);
    assert_eq!(a[0].meta.rev, b[0].meta.rev, "same content, same revision");
    let plan = merge::plan_merge(&a, &b);
    assert!(plan.is_noop(), "nothing to merge: {plan:?}");
    assert_eq!(instance_id("tpl-x", d("2028-02-29")), "rt-tpl-x-20280229");
}

#[test]
fn standard_templates_are_stable_and_valid() {
    let a = standard_templates();
    assert_eq!(a, standard_templates());
    assert_eq!(a.len(), 7);
    let roles: HashSet<&str> = a.iter().map(|t| t.role.as_str()).collect();
    assert!(roles.contains("director") && roles.contains("service") && roles.contains("assistant"));
    // they go through a plan file and back
    let ws = Workspace {
        records: store_ops_planner::model::Records {
            task_templates: a.clone(),
            ..Default::default()
        },
        ..Workspace::default()
    };
    let f = plan_file::parse(plan_file::export(&ws, None, T).as_bytes()).expect("reads");
    assert_eq!(f.task_templates, a);
}

fn promo(id: &str, status: PromoStatus, reg: Option<&str>) -> Promotion {
    let mut p = Promotion::new(
        id.into(),
        format!("活动{id}"),
        DateRange::new(d("2026-12-20"), d("2026-12-25")),
        T,
    );
    p.status = status;
    p.phases.registration_deadline = reg.map(d);
    p.bump(T);
    p
}

#[test]
fn proposals_from_registration_deadlines_each_once() {
    let today = d("2026-12-05");
    let promos = vec![
        promo("a", PromoStatus::Planned, Some("2026-12-09")),
        promo("b", PromoStatus::Idea, Some("2026-12-05")),
        promo("c", PromoStatus::Registered, Some("2026-12-09")), // already registered
        promo("d", PromoStatus::Planned, Some("2026-12-04")),    // past
        promo("e", PromoStatus::Planned, Some("2026-12-20")),    // beyond 14 days
        promo("f", PromoStatus::Planned, None),
    ];
    let events = store_ops_planner::core::promo::events::seed_calendar(today);
    let got = proposals(&promos, &events, &[], today, tasks::PROPOSE_WITHIN_DAYS);
    let ids: Vec<&str> = got.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["pt-reg-b", "pt-reg-a"], "{got:?}");
    assert_eq!(got[1].date, d("2026-12-09"));
    assert_eq!(got[1].link.kind, LinkKind::Promotion);
    // events: the 年货节 2027 registration (春节 2027-02-06 − 41 days = 2026-12-27) is 22 days out
    let later = proposals(&promos, &events, &[], d("2026-12-20"), 14);
    assert!(
        later
            .iter()
            .any(|p| p.link.kind == LinkKind::Event && p.date == d("2026-12-27")),
        "{later:?}"
    );

    // accept one: a task with the proposal's id, linked, due on the deadline
    let mut tasks_now = vec![accept(&got[1], "报名：活动a", "m1", T)];
    let t = &tasks_now[0];
    assert_eq!(
        (t.id(), t.due, t.priority),
        ("pt-reg-a", Some(d("2026-12-09")), Priority::High)
    );
    assert_eq!(t.owner, "m1");
    // dismiss the other: a tombstone
    tasks_now.push(dismiss(&got[0], T));
    assert!(tasks_now[1].meta.deleted);
    // neither is proposed again, however often asked
    let again = proposals(&promos, &events, &tasks_now, today, 14);
    assert!(again.is_empty(), "{again:?}");
    // accepted in two browsers from the same proposal with the same words: one record
    let a2 = accept(&got[1], "报名：活动a", "m1", T + 5);
    assert_eq!(a2.meta.rev, tasks_now[0].meta.rev);
    // deleted events and promotions propose nothing
    let mut gone = promos.clone();
    for p in &mut gone {
        p.meta.deleted = true;
    }
    let no_events: Vec<PlatformEvent> = Vec::new();
    assert!(proposals(&gone, &no_events, &[], today, 14).is_empty());
    assert!(proposals(&promos, &no_events, &[], today, -1).is_empty());
}

fn task(id: &str, owner: &str, role: &str, due: Option<&str>, status: TaskStatus) -> Task {
    let mut t = Task::new(id.into(), format!("t-{id}"), T);
    t.owner = owner.into();
    t.role = role.into();
    t.due = due.map(d);
    t.status = status;
    t.bump(T);
    t
}

#[test]
fn today_view_is_mine_overdue_first_and_counts_match() {
    let today = d("2026-12-05");
    let v = vec![
        task("a", "me", "", Some("2026-12-05"), TaskStatus::Todo),
        task("b", "me", "", Some("2026-12-01"), TaskStatus::Todo),
        task("c", "me", "", Some("2026-12-03"), TaskStatus::Blocked),
        task("d", "me", "", Some("2026-12-02"), TaskStatus::Done),
        task("e", "other", "", Some("2026-12-01"), TaskStatus::Todo),
        task("f", "", "specialist", Some("2026-12-05"), TaskStatus::Todo),
        task("g", "", "service", Some("2026-12-05"), TaskStatus::Todo),
        task("h", "me", "", Some("2026-12-06"), TaskStatus::Todo),
        task("i", "me", "", None, TaskStatus::Doing),
        task("j", "me", "", None, TaskStatus::Todo),
    ];
    let got: Vec<&str> = today_view(&v, "me", "specialist", today)
        .iter()
        .map(|t| t.id())
        .collect();
    assert_eq!(got, vec!["b", "c", "a", "f", "i"]);
    assert_eq!(my_counts(&v, "me", "specialist", today), (2, 2));
    assert_eq!(
        my_counts(&v, "", "", today),
        (0, 0),
        "nobody chosen: nothing is mine"
    );
    let mut deleted = v.clone();
    deleted[1].meta.deleted = true;
    assert_eq!(my_counts(&deleted, "me", "specialist", today), (2, 1));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let t0 = task("x", "", "", Some("2026-12-05"), TaskStatus::Todo);
    let good = TaskInput {
        title: "  写周报 ".into(),
        due: "2026-12-07".into(),
        status: "doing".into(),
        priority: "high".into(),
        link: "promotion:p1".into(),
        ..TaskInput::default()
    };
    let mut t = t0.clone();
    apply_input(&mut t, &good).unwrap();
    assert_eq!(t.title, "写周报");
    assert_eq!(t.due, Some(d("2026-12-07")));
    assert_eq!((t.status, t.priority), (TaskStatus::Doing, Priority::High));
    assert_eq!(
        t.link.as_ref().map(|l| (l.kind, l.id.as_str())),
        Some((LinkKind::Promotion, "p1"))
    );

    let cases: Vec<(TaskInput, InputError)> = vec![
        (
            TaskInput {
                title: "   ".into(),
                ..good.clone()
            },
            InputError::EmptyTitle,
        ),
        (
            TaskInput {
                title: "长".repeat(201),
                ..good.clone()
            },
            InputError::TitleTooLong,
        ),
        (
            TaskInput {
                due: "2026-02-30".into(),
                ..good.clone()
            },
            InputError::BadDate,
        ),
        (
            TaskInput {
                due: "12/07/2026".into(),
                ..good.clone()
            },
            InputError::BadDate,
        ),
        (
            TaskInput {
                due: "1999-12-31".into(),
                ..good.clone()
            },
            InputError::BadDate,
        ),
        (
            TaskInput {
                due: "明天".into(),
                ..good.clone()
            },
            InputError::BadDate,
        ),
        (
            TaskInput {
                status: "blocked".into(),
                reason: " ".into(),
                ..good.clone()
            },
            InputError::NoReason,
        ),
        (
            TaskInput {
                notes: "x".repeat(5_001),
                ..good.clone()
            },
            InputError::NotesTooLong,
        ),
    ];
    for (input, want) in cases {
        let mut t = t0.clone();
        assert_eq!(apply_input(&mut t, &input), Err(want), "{input:?}");
        assert_eq!(t, t0, "unchanged after {want:?}");
    }
    assert_eq!(parse_due(""), Ok(None));
    assert_eq!(parse_due(" 2028-02-29 "), Ok(Some(d("2028-02-29"))));
    assert_eq!(parse_due("2027-02-29"), Err(InputError::BadDate));
    assert_eq!(parse_day(Freq::Weekly, "8"), Err(InputError::BadDay));
    assert_eq!(parse_day(Freq::Monthly, "31"), Ok(31));
    assert_eq!(parse_day(Freq::Monthly, "0"), Err(InputError::BadDay));
    assert_eq!(parse_day(Freq::Daily, "whatever"), Ok(0));
    assert_eq!(
        tasks::parse_member(" ", "director"),
        Err(InputError::EmptyName)
    );
    assert_eq!(
        tasks::parse_member("小王", "直播运营"),
        Ok(("小王".to_string(), "直播运营".to_string()))
    );
}

#[test]
fn tasks_members_and_templates_travel_in_plan_files_and_ticks_merge() {
    let member = {
        let mut m = Member {
            meta: Meta::new("m1".into(), T),
            name: "小王".into(),
            role: "assistant".into(),
            owns: Vec::new(),
        };
        m.bump(T);
        m
    };
    let base = vec![
        task("a", "m1", "", Some("2026-12-05"), TaskStatus::Todo),
        task("b", "m1", "", Some("2026-12-05"), TaskStatus::Todo),
    ];
    let ws = workspace(
        vec![member.clone()],
        base.clone(),
        vec![tpl("daily", Freq::Daily, 0)],
    );
    let text = plan_file::export(&ws, None, T);
    let f = plan_file::parse(text.as_bytes()).expect("reads back");
    assert_eq!(f.members, ws.members);
    assert_eq!(f.tasks, ws.tasks);
    assert_eq!(f.task_templates, ws.task_templates);

    // two teammates tick off different tasks offline, then exchange files: both see both ticks
    let mut mine = base.clone();
    mine[0].status = TaskStatus::Done;
    mine[0].bump(T + 10);
    let mut theirs = base.clone();
    theirs[1].status = TaskStatus::Done;
    theirs[1].bump(T + 20);
    let mut merged_here = mine.clone();
    let plan = merge::plan_merge(&merged_here, &theirs);
    assert!(plan.conflicts.is_empty());
    merge::apply(&mut merged_here, &plan, &Default::default());
    let mut merged_there = theirs.clone();
    let plan = merge::plan_merge(&merged_there, &mine);
    merge::apply(&mut merged_there, &plan, &Default::default());
    for side in [&merged_here, &merged_there] {
        assert!(
            side.iter().all(|t| t.status == TaskStatus::Done),
            "{side:?}"
        );
    }
    let revs = |v: &Vec<Task>| {
        let mut r: Vec<_> = v.iter().map(|t| (t.id().to_string(), t.meta.rev)).collect();
        r.sort();
        r
    };
    assert_eq!(revs(&merged_here), revs(&merged_there));
}

#[test]
fn plan_file_task_fields_are_checked_with_paths() {
    let ws = workspace(
        Vec::new(),
        vec![task("a", "", "", Some("2026-12-05"), TaskStatus::Todo)],
        vec![tpl("w", Freq::Weekly, 3)],
    );
    let text = plan_file::export(&ws, None, T);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let bad = |f: &dyn Fn(&mut serde_json::Value), path: &str| {
        let mut v = v.clone();
        f(&mut v["payload"]);
        match plan_file::parse(v.to_string().as_bytes()) {
            Err(plan_file::PlanError::Invalid(e)) => {
                assert!(e.iter().any(|e| e.path == path), "{path}: {e:?}")
            }
            other => panic!("{path}: expected a field error, got {other:?}"),
        }
    };
    bad(
        &|p| p["tasks"][0]["title"] = "  ".into(),
        "payload.tasks[0].title",
    );
    bad(
        &|p| p["tasks"][0]["due"] = "2026-13-01".into(),
        "payload.tasks[0].due",
    );
    bad(
        &|p| p["tasks"][0]["status"] = "finished".into(),
        "payload.tasks[0].status",
    );
    bad(
        &|p| p["tasks"][0]["notes"] = "x".repeat(5_001).into(),
        "payload.tasks[0].notes",
    );
    bad(
        &|p| p["tasks"][0]["link"] = serde_json::json!({"kind": "planet", "id": "x"}),
        "payload.tasks[0].link.kind",
    );
    bad(
        &|p| {
            p["tasks"][0].as_object_mut().unwrap().remove("priority");
        },
        "payload.tasks[0].priority",
    );
    bad(
        &|p| p["task_templates"][0]["day"] = 8.into(),
        "payload.task_templates[0].day",
    );
    bad(
        &|p| p["task_templates"][0]["day"] = 99.into(),
        "payload.task_templates[0].day",
    );
    bad(
        &|p| p["task_templates"][0]["freq"] = "hourly".into(),
        "payload.task_templates[0].freq",
    );
    bad(
        &|p| p["members"] = serde_json::json!([{"id": "m", "rev": "1-00000000", "updated": 0, "name": "", "role": ""}]),
        "payload.members[0].name",
    );
}

/// Issue 16: tasks proposed from the data, each once: a title with problems, a stock-out risk,
/// a dashboard anomaly; accepted or dismissed, never proposed again.
#[test]
fn proposals_from_the_data_each_once() {
    use store_ops_planner::core::metrics::anomaly::AnomalySettings;
    use store_ops_planner::core::metrics::period::day_from_ymd;
    use store_ops_planner::core::metrics::{MetricsBatch, MetricsStore};
    use store_ops_planner::core::tasks::{accept_signal, dismiss_signal, signal_proposals, Signal};
    use store_ops_planner::core::title::TitleRules;
    use store_ops_planner::model::metrics::{ProductDay, StoreDay};
    use store_ops_planner::model::{Fen, Product, ProductStatus};

    let day = |s: &str| {
        let x = d(s);
        use chrono::Datelike;
        day_from_ymd(x.year(), x.month(), x.day()).unwrap()
    };
    let product = |id: &str, sku: &str, item: &str, title: &str, stock: i64| {
        let mut p = Product::new(id.into(), 0);
        p.sku = sku.into();
        p.item_id = item.into();
        p.title = title.into();
        p.stock = stock;
        p.status = ProductStatus::OnShelf;
        p
    };
    let products = vec![
        // sells 10 a day with 50 in stock: 5 days of cover (< 14)
        product(
            "a",
            "AJ-A",
            "101",
            "纯棉四件套 床上用品 学生宿舍 被套床单",
            50,
        ),
        // a forbidden absolute term in the title
        product("b", "AJ-B", "102", "全网最低价 收纳箱 大号 衣物整理箱", 500),
        // plenty of stock, a clean title
        product("c", "AJ-C", "103", "纯棉毛巾 加厚 吸水 家用 洗脸巾", 10_000),
    ];
    // 28 quiet days of ¥1,000 and 100 visitors, then a day of ¥5,000 (a spike)
    let mut store = Vec::new();
    let first = d("2025-03-01");
    for i in 0..29 {
        let date = first + chrono::Duration::days(i);
        let paid = if i == 28 { 500_000 } else { 100_000 };
        store.push(StoreDay {
            day: day(&date.to_string()),
            visitors: 100,
            paying_buyers: 10,
            paid_amount: Fen(paid),
            ..StoreDay::default()
        });
    }
    let mut items = Vec::new();
    for i in 0..7 {
        let date = d("2025-03-23") + chrono::Duration::days(i);
        for (item, units) in [("101", 10), ("103", 10)] {
            items.push(ProductDay {
                day: day(&date.to_string()),
                item_id: item.into(),
                paid_units: units,
                ..ProductDay::default()
            });
        }
    }
    let metrics = MetricsStore::from_batch(MetricsBatch {
        store,
        products: items,
        ads: vec![],
    });
    let rules = TitleRules::default();
    let settings = AnomalySettings::default();
    let today = d("2025-03-30");
    let v = signal_proposals(&products, &rules, &metrics, &settings, &[], today);
    let ids: Vec<&str> = v.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pt-stock-a-202503",
            "pt-title-b",
            "pt-anom-20250329-gmv",
            "pt-anom-20250329-aov"
        ],
        "{v:#?}"
    );
    assert_eq!(
        v[0].signal,
        Signal::Stock {
            out: false,
            days_of_cover: Some(5)
        }
    );
    assert_eq!(v[0].subject, "AJ-A 纯棉四件套 床上用品 学生宿舍 被套床单");
    assert!(matches!(v[1].signal, Signal::Title { issues } if issues >= 1));
    assert!(matches!(v[2].signal, Signal::Anomaly { up: true, .. }));
    assert!(v[2].link.is_none());

    // accepted (a task due today, linked to the product) or dismissed: not proposed again
    let t = accept_signal(&v[0], "补货：AJ-A", "me", today, 5);
    assert_eq!(
        (t.due, t.link.as_ref().map(|l| l.id.as_str())),
        (Some(today), Some("a"))
    );
    let gone = dismiss_signal(&v[1], 5);
    assert!(gone.meta.deleted);
    let left = signal_proposals(&products, &rules, &metrics, &settings, &[t, gone], today);
    let ids: Vec<&str> = left.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["pt-anom-20250329-gmv", "pt-anom-20250329-aov"]);
    // next month the stock risk may be proposed again (one a month)
    let next = signal_proposals(&products, &rules, &metrics, &settings, &[], d("2025-04-01"));
    assert_eq!(next[0].id, "pt-stock-a-202504");
    // nothing imported: only the titles
    let none = signal_proposals(
        &products,
        &rules,
        &MetricsStore::default(),
        &settings,
        &[],
        today,
    );
    assert_eq!(none.len(), 1);
}

/// Proposals from the plans (issue 16 §2): a promotion whose price check flags SKUs, and a 爆款
/// plan's stage gates met or failed, each once, each traceable to its cause.
#[test]
fn proposals_from_the_plans_each_once() {
    use store_ops_planner::core::hero::default_stages;
    use store_ops_planner::core::metrics::period::day_of;
    use store_ops_planner::core::metrics::store::{MetricsBatch, MetricsStore};
    use store_ops_planner::core::promo::check::check_all;
    use store_ops_planner::core::tasks::{accept_signal, dismiss_signal, plan_proposals, Signal};
    use store_ops_planner::model::metrics::{AdDay, ProductDay};
    use store_ops_planner::model::{Fen, HeroPlan, Meta};
    // the sample store made on 5 Dec 2026 (12:00 Beijing time): its 双12 聚划算 prices one SKU at cost
    let now = 1_796_443_200_000;
    let mut ws = store_ops_planner::sample::sample_workspace(now);
    let today = d("2026-12-05");
    let promos = store_ops_planner::sample::promos::sample_promotions(&ws.products, today, now);
    ws.promotions = promos;
    let none = MetricsStore::default();
    let v = plan_proposals(&ws, &none, today);
    assert!(!v.is_empty());
    assert_eq!(
        plan_proposals(&ws, &none, today),
        v,
        "the same proposals every time"
    );
    // the price guard's proposals first, then the phases starting within 3 days (the 双12
    // warm-up on 8 December)
    let n_price = v.iter().filter(|p| p.id.starts_with("pt-price-")).count();
    assert!(n_price > 0);
    assert!(v[..n_price].iter().all(|p| p.id.starts_with("pt-price-")));
    let starts: Vec<&str> = v[n_price..].iter().map(|p| p.id.as_str()).collect();
    assert!(!starts.is_empty());
    assert!(
        starts.iter().all(|id| id.starts_with("pt-start-")),
        "{starts:?}"
    );
    for p in &v[..n_price] {
        let link = p.link.as_ref().unwrap();
        assert_eq!(p.id, format!("pt-price-{}", link.id));
        let promo = ws.promotions.iter().find(|x| x.meta.id == link.id).unwrap();
        assert_eq!(p.subject, promo.name);
        assert!(promo.phases.price_days().iter().any(|r| r.end >= today));
        let flagged = check_all(
            std::slice::from_ref(promo),
            &ws.products,
            &ws.profile,
            &ws.settings,
        )
        .iter()
        .filter(|c| !c.flags.is_empty())
        .count();
        assert!(flagged > 0);
        assert_eq!(p.signal, Signal::PriceGuard { skus: flagged });
    }
    // by first price day: the 双12 聚划算 that prices a SKU at cost comes first
    assert_eq!(v[0].subject, "双12 聚划算 引流款", "{v:?}");

    // a 爆款 plan for the first product, June 2026: 测款 met on 4 June, 推广 failed by 21 June
    let product = ws.products[0].clone();
    let item = product.item_id.clone();
    let mut stages = default_stages(
        &Default::default(),
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
    );
    stages[1].gate_min = 500;
    let pday = |m: u32, day: u32, buyers: u64| ProductDay {
        day: day_of(NaiveDate::from_ymd_opt(2026, m, day).unwrap()),
        item_id: item.clone(),
        visitors: 100,
        paying_buyers: buyers,
        paid_units: buyers,
        ..ProductDay::default()
    };
    let mut products: Vec<ProductDay> = (1..=5).map(|day| pday(6, day, 3)).collect();
    products.extend((8..=21).map(|day| pday(6, day, 4)));
    let ads = (2..=4)
        .map(|day| AdDay {
            day: day_of(NaiveDate::from_ymd_opt(2026, 6, day).unwrap()),
            plan_id: "p".into(),
            item_id: item.clone(),
            impressions: 10_000,
            clicks: 350,
            spend: Fen(10_000),
            ..AdDay::default()
        })
        .collect();
    let metrics = MetricsStore::from_batch(MetricsBatch {
        products,
        ads,
        ..MetricsBatch::default()
    });
    ws.hero_plans.push(HeroPlan {
        meta: Meta::new("h1".into(), now),
        product_id: product.meta.id.clone(),
        name: "保温杯冲爆款".into(),
        stages,
        notes: String::new(),
    });
    let june = d("2026-06-25");
    let heroes: Vec<_> = plan_proposals(&ws, &metrics, june)
        .into_iter()
        .filter(|p| matches!(p.signal, Signal::HeroGate { .. }))
        .collect();
    assert_eq!(
        heroes
            .iter()
            .map(|p| (p.id.as_str(), p.signal.clone()))
            .collect::<Vec<_>>(),
        vec![
            (
                "pt-hero-h1-0",
                Signal::HeroGate {
                    stage: 0,
                    passed: true
                }
            ),
            (
                "pt-hero-h1-1",
                Signal::HeroGate {
                    stage: 1,
                    passed: false
                }
            ),
        ]
    );
    assert_eq!(heroes[0].subject, "保温杯冲爆款");
    assert_eq!(heroes[0].link.as_ref().unwrap().id, product.meta.id);

    // accepted or dismissed, a proposal is not made again
    let price = v[0].clone();
    ws.tasks
        .push(accept_signal(&heroes[1], "按建议调整", "", june, now));
    ws.tasks.push(dismiss_signal(&price, now));
    let left = plan_proposals(&ws, &metrics, june);
    assert!(
        left.iter()
            .all(|p| p.id != heroes[1].id && p.id != price.id),
        "{left:?}"
    );
    assert!(left.iter().any(|p| p.id == heroes[0].id));
}

#[test]
fn due_time_and_checklist_typed_kept_and_checked() {
    use store_ops_planner::core::tasks::{parse_checklist, parse_time};
    use store_ops_planner::model::CheckItem;
    assert_eq!(parse_time("9:30"), Ok("09:30".into()));
    assert_eq!(parse_time(" 18：05 "), Ok("18:05".into()));
    for bad in [
        "24:00", "12:60", "12", "1230", "ab:cd", "12:5", "-1:30", "123:00",
    ] {
        assert_eq!(parse_time(bad), Err(InputError::BadTime), "{bad}");
    }
    let mut t = task("x", "", "", Some("2026-12-05"), TaskStatus::Todo);
    let input = TaskInput {
        title: "双12 报名".into(),
        due: "2026-12-08".into(),
        time: "10:00".into(),
        checklist: "核对价格\n\n  上传素材 \n提交报名".into(),
        ..TaskInput::default()
    };
    apply_input(&mut t, &input).unwrap();
    assert_eq!(t.due_time, "10:00");
    let texts: Vec<&str> = t.checklist.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["核对价格", "上传素材", "提交报名"]);
    // a tick survives re-editing the list; a removed item goes, a new one is open
    t.checklist[1].done = true;
    let again = TaskInput {
        checklist: "上传素材\n核对价格\n复核库存".into(),
        ..input.clone()
    };
    apply_input(&mut t, &again).unwrap();
    assert_eq!(
        t.checklist,
        vec![
            CheckItem {
                text: "上传素材".into(),
                done: true
            },
            CheckItem {
                text: "核对价格".into(),
                done: false
            },
            CheckItem {
                text: "复核库存".into(),
                done: false
            },
        ]
    );
    // refused, nothing changed: a bad time, a time without a day, too many items
    let before = t.clone();
    for (bad, err) in [
        (
            TaskInput {
                time: "25:00".into(),
                ..again.clone()
            },
            InputError::BadTime,
        ),
        (
            TaskInput {
                due: String::new(),
                ..again.clone()
            },
            InputError::TimeWithoutDay,
        ),
        (
            TaskInput {
                checklist: (0..51).map(|i| format!("第{i}项\n")).collect(),
                ..again.clone()
            },
            InputError::ChecklistTooLong,
        ),
        (
            TaskInput {
                checklist: "长".repeat(301),
                ..again.clone()
            },
            InputError::ChecklistTooLong,
        ),
    ] {
        assert_eq!(apply_input(&mut t, &bad), Err(err));
        assert_eq!(t, before);
    }
    assert_eq!(parse_checklist("", &t.checklist), Ok(Vec::new()));
    // an earlier time on the same day sorts first
    let mut a = task("a", "m", "", Some("2026-12-08"), TaskStatus::Todo);
    a.due_time = "15:00".into();
    let mut b = task("b", "m", "", Some("2026-12-08"), TaskStatus::Todo);
    b.due_time = "09:00".into();
    let c = task("c", "m", "", Some("2026-12-08"), TaskStatus::Todo);
    let all = [a, b, c];
    let order: Vec<&str> = tasks::by_status(&all, TaskStatus::Todo)
        .iter()
        .map(|t| t.id())
        .collect();
    assert_eq!(order, vec!["b", "a", "c"], "timed first, earliest first");
}

#[test]
fn open_tasks_by_owner_and_by_week() {
    use store_ops_planner::core::tasks::{by_owner, by_week, week_start};
    let all = vec![
        task("1", "m2", "", Some("2026-12-07"), TaskStatus::Todo), // Monday
        task("2", "m1", "", Some("2026-12-13"), TaskStatus::Doing), // Sunday, same week
        task(
            "3",
            "",
            "assistant",
            Some("2026-12-14"),
            TaskStatus::Blocked,
        ),
        task("4", "m1", "", None, TaskStatus::Todo),
        task("5", "m1", "", Some("2026-12-08"), TaskStatus::Done),
    ];
    let mut gone = task("6", "m1", "", Some("2026-12-08"), TaskStatus::Todo);
    gone.meta.deleted = true;
    let mut all = all;
    all.push(gone);
    let owners: Vec<(String, Vec<&str>)> = by_owner(&all)
        .into_iter()
        .map(|(o, v)| (o, v.iter().map(|t| t.id()).collect()))
        .collect();
    assert_eq!(
        owners,
        vec![
            ("m1".to_string(), vec!["2", "4"]),
            ("m2".to_string(), vec!["1"]),
            (String::new(), vec!["3"]),
        ]
    );
    assert_eq!(week_start(d("2026-12-13")), d("2026-12-07"));
    assert_eq!(week_start(d("2026-12-07")), d("2026-12-07"));
    assert_eq!(week_start(d("2027-01-01")), d("2026-12-28"));
    let weeks: Vec<(Option<NaiveDate>, Vec<&str>)> = by_week(&all)
        .into_iter()
        .map(|(w, v)| (w, v.iter().map(|t| t.id()).collect()))
        .collect();
    assert_eq!(
        weeks,
        vec![
            (Some(d("2026-12-07")), vec!["1", "2"]),
            (Some(d("2026-12-14")), vec!["3"]),
            (None, vec!["4"]),
        ]
    );
}

#[test]
fn checklist_and_time_travel_in_plan_files_and_are_checked_with_paths() {
    let mut t = task("a", "", "", Some("2026-12-05"), TaskStatus::Todo);
    t.due_time = "09:30".into();
    t.checklist = vec![store_ops_planner::model::CheckItem {
        text: "核对".into(),
        done: true,
    }];
    t.bump(T + 1);
    let ws = workspace(Vec::new(), vec![t.clone()], Vec::new());
    let text = plan_file::export(&ws, None, T);
    let f = plan_file::parse(text.as_bytes()).unwrap();
    assert_eq!(f.tasks, vec![t]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (field, value, path) in [
        (
            "due_time",
            serde_json::json!("9:3"),
            "payload.tasks[0].due_time",
        ),
        (
            "due_time",
            serde_json::json!("24:00"),
            "payload.tasks[0].due_time",
        ),
        (
            "checklist",
            serde_json::json!([{"text": " ", "done": false}]),
            "payload.tasks[0].checklist[0].text",
        ),
        (
            "checklist",
            serde_json::json!([{"text": "x", "done": "yes"}]),
            "payload.tasks[0].checklist[0].done",
        ),
        (
            "checklist",
            serde_json::json!("x"),
            "payload.tasks[0].checklist",
        ),
    ] {
        let mut v = v.clone();
        v["payload"]["tasks"][0][field] = value;
        match plan_file::parse(v.to_string().as_bytes()) {
            Err(plan_file::PlanError::Invalid(e)) => {
                assert!(e.iter().any(|e| e.path == path), "{path}: {e:?}")
            }
            other => panic!("{path}: expected a field error, got {other:?}"),
        }
    }
}

#[test]
fn a_promotion_phase_starting_soon_is_proposed_once() {
    use store_ops_planner::core::metrics::MetricsStore;
    use store_ops_planner::core::tasks::{accept_signal, dismiss_signal, plan_proposals, Signal};
    let today = d("2026-12-17");
    let mut p = promo("a", PromoStatus::Planned, None);
    // 预热 from the 19th (2 days ahead), the main phase from the 20th (3), 返场 on the 28th (11)
    p.phases.warmup = Some(DateRange::new(d("2026-12-19"), d("2026-12-19")));
    p.phases.return_wave = Some(DateRange::new(d("2026-12-28"), d("2026-12-28")));
    let mut done = promo("b", PromoStatus::Done, None);
    done.phases.main = DateRange::new(d("2026-12-18"), d("2026-12-19"));
    let mut ws = Workspace::default();
    ws.records.promotions = vec![p, done];
    let metrics = MetricsStore::default();
    let starts = |ws: &Workspace, today| -> Vec<String> {
        plan_proposals(ws, &metrics, today)
            .into_iter()
            .filter(|s| matches!(s.signal, Signal::PhaseStart { .. }))
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(
        starts(&ws, today),
        vec!["pt-start-a-warmup", "pt-start-a-main"]
    );
    // accepted: due the day before the phase, linked to the promotion; not proposed again
    let all = plan_proposals(&ws, &metrics, today);
    let warm = all.iter().find(|s| s.id == "pt-start-a-warmup").unwrap();
    let t = accept_signal(warm, "准备预热", "m1", today, T);
    assert_eq!(t.due, Some(d("2026-12-18")));
    assert_eq!(t.link.as_ref().map(|l| l.id.as_str()), Some("a"));
    let main = all.iter().find(|s| s.id == "pt-start-a-main").unwrap();
    ws.records.tasks = vec![t, dismiss_signal(main, T)];
    assert_eq!(starts(&ws, today), Vec::<String>::new());
    // a phase starting today is due today, not yesterday
    ws.records.tasks.clear();
    let on_the_day = plan_proposals(&ws, &metrics, d("2026-12-19"));
    let warm = on_the_day
        .iter()
        .find(|s| s.id == "pt-start-a-warmup")
        .unwrap();
    assert_eq!(
        accept_signal(warm, "x", "", d("2026-12-19"), T).due,
        Some(d("2026-12-19"))
    );
}
