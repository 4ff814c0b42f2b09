//! Daily, weekly and monthly reports (issue 17 §4) on a hand-worked fixture: store days Mon 3 –
//! Wed 5 March 2025, three products (two in the catalog), a task, a promotion, a platform event
//! with its registration deadline and a target plan. Every expected value is worked by hand in
//! the comments.

use chrono::NaiveDate;
use store_ops_planner::core::metrics::anomaly::AnomalySettings;
use store_ops_planner::core::metrics::kpi::KpiMetric;
use store_ops_planner::core::metrics::period::day_from_ymd;
use store_ops_planner::core::metrics::{MetricsBatch, MetricsStore};
use store_ops_planner::core::report::{build, unit_of, PlanItem, ReportKind};
use store_ops_planner::model::metrics::{Day, ProductDay, StoreDay};
use store_ops_planner::model::{
    DateRange, Fen, Member, Meta, Phases, PlatformEvent, Product, Promotion, Record, TargetPlan,
    Task, TaskStatus, Workspace,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn day(s: &str) -> Day {
    let x = d(s);
    use chrono::Datelike;
    day_from_ymd(x.year(), x.month(), x.day()).unwrap()
}

fn store_day(s: &str, visitors: u64, buyers: u64, paid: i64) -> StoreDay {
    StoreDay {
        day: day(s),
        visitors,
        paying_buyers: buyers,
        paid_amount: Fen(paid),
        ..StoreDay::default()
    }
}

fn product_day(s: &str, item: &str, units: u64, paid: i64) -> ProductDay {
    ProductDay {
        day: day(s),
        item_id: item.into(),
        paid_units: units,
        paid_amount: Fen(paid),
        ..ProductDay::default()
    }
}

fn metrics() -> MetricsStore {
    MetricsStore::from_batch(MetricsBatch {
        store: vec![
            store_day("2025-03-03", 1_000, 50, 500_000),
            store_day("2025-03-04", 1_200, 60, 660_000),
            store_day("2025-03-05", 800, 40, 380_000),
            // the previous three days (环比 of Mon–Wed): 28 Feb – 2 Mar
            store_day("2025-03-01", 1_000, 40, 400_000),
        ],
        products: vec![
            product_day("2025-03-03", "101", 10, 300_000),
            product_day("2025-03-04", "101", 7, 200_000),
            product_day("2025-03-05", "102", 4, 100_000),
            product_day("2025-03-04", "103", 20, 400_000),
            product_day("2025-03-01", "101", 2, 50_000),
        ],
        ads: vec![],
    })
}

fn product(id: &str, sku: &str, item: &str, category: &str) -> Product {
    let mut p = Product::new(id.into(), 0);
    p.sku = sku.into();
    p.item_id = item.into();
    p.title = format!("{sku} 标题");
    p.category = category.into();
    p
}

fn workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.products.push(product("a", "AJ-A", "101", "床品"));
    ws.products.push(product("b", "AJ-B", "102", "收纳"));
    ws.members.push(Member {
        meta: Meta::new("m1".into(), 0),
        name: "小王".into(),
        role: "assistant".into(),
        owns: Vec::new(),
    });
    let task = |id: &str, due: &str, status: TaskStatus| {
        let mut t = Task::new(id.into(), format!("任务 {id}"), 0);
        t.due = Some(d(due));
        t.status = status;
        t.owner = "m1".into();
        t
    };
    ws.tasks
        .push(task("t-open", "2025-03-12", TaskStatus::Todo));
    ws.tasks
        .push(task("t-done", "2025-03-11", TaskStatus::Done));
    ws.tasks
        .push(task("t-later", "2025-03-20", TaskStatus::Todo));
    let mut p = Promotion::new(
        "p1".into(),
        "春焕新 单品宝".into(),
        DateRange::new(d("2025-03-14"), d("2025-03-16")),
        0,
    );
    p.target_gmv = Fen(2_000_000);
    ws.promotions.push(p);
    let mut phases = Phases::new(DateRange::new(d("2025-03-20"), d("2025-03-22")));
    phases.registration_deadline = Some(d("2025-03-10"));
    let mut e = PlatformEvent {
        meta: Meta::new("evt-x".into(), 0),
        name: "春季大促".into(),
        phases,
        notes: String::new(),
        checked: false,
    };
    e.bump(0);
    ws.events.push(e);
    let mut plan = TargetPlan::new("tp".into(), 2025, "年度目标".into(), 0);
    plan.months[2].gmv = Fen(10_000_000); // March ¥100,000
    plan.months[3].gmv = Fen(12_000_000); // April ¥120,000
    ws.targets.push(plan);
    ws
}

#[test]
fn periods_are_the_day_the_iso_week_and_the_month() {
    let wed = d("2025-03-05");
    assert_eq!(unit_of(ReportKind::Daily, wed), DateRange::new(wed, wed));
    assert_eq!(
        unit_of(ReportKind::Weekly, wed),
        DateRange::new(d("2025-03-03"), d("2025-03-09"))
    );
    assert_eq!(
        unit_of(ReportKind::Weekly, d("2025-03-09")),
        DateRange::new(d("2025-03-03"), d("2025-03-09")),
        "Sunday closes its week"
    );
    assert_eq!(
        unit_of(ReportKind::Monthly, d("2024-02-10")),
        DateRange::new(d("2024-02-01"), d("2024-02-29"))
    );
}

#[test]
fn weekly_report_to_date_hand_worked() {
    let r = build(
        ReportKind::Weekly,
        d("2025-03-05"),
        &workspace(),
        &metrics(),
        &AnomalySettings::default(),
    );
    assert_eq!(r.full, DateRange::new(d("2025-03-03"), d("2025-03-09")));
    assert_eq!(r.covered, DateRange::new(d("2025-03-03"), d("2025-03-05")));
    assert_eq!(r.next, DateRange::new(d("2025-03-10"), d("2025-03-16")));
    assert!(r.has_data);
    // GMV 5,000 + 6,600 + 3,800 = ¥15,400; the previous three days hold ¥4,000 → +285%
    let gmv = r
        .overview
        .rows
        .iter()
        .find(|x| x.metric == KpiMetric::Gmv)
        .unwrap();
    assert_eq!(r.overview.current.gmv(), Fen(1_540_000));
    assert_eq!(r.overview.previous.gmv(), Fen(400_000));
    assert!((gmv.mom.unwrap() - 2.85).abs() < 1e-9);
    // one trend line per covered day
    let days: Vec<NaiveDate> = r.trend.iter().map(|(x, _)| *x).collect();
    assert_eq!(days, [d("2025-03-03"), d("2025-03-04"), d("2025-03-05")]);
    assert_eq!(r.trend[1].1.gmv(), Fen(660_000));

    // products: 101 ¥5,000 (50%), 103 ¥4,000 (40%, not in the catalog), 102 ¥1,000 (10%)
    let best: Vec<(&str, &str, i64, u64, Option<i64>)> = r
        .best
        .iter()
        .map(|p| {
            (
                p.item_id.as_str(),
                p.sku.as_str(),
                p.paid_amount.0,
                p.paid_units,
                p.share_bp,
            )
        })
        .collect();
    assert_eq!(
        best,
        [
            ("101", "AJ-A", 500_000, 17, Some(5_000)),
            ("103", "", 400_000, 20, Some(4_000)),
            ("102", "AJ-B", 100_000, 4, Some(1_000)),
        ]
    );
    // categories: 床品 ¥5,000 (previous ¥500), uncategorised ¥4,000, 收纳 ¥1,000
    let cats: Vec<(&str, i64, i64, Option<i64>)> = r
        .categories
        .iter()
        .map(|c| {
            (
                c.category.as_str(),
                c.paid_amount.0,
                c.previous.0,
                c.share_bp,
            )
        })
        .collect();
    assert_eq!(
        cats,
        [
            ("床品", 500_000, 50_000, Some(5_000)),
            ("", 400_000, 0, Some(4_000)),
            ("收纳", 100_000, 0, Some(1_000)),
        ]
    );

    // next week's plan: the registration deadline (10 Mar), the open task (12 Mar, owner by
    // name), the promotion's start (14 Mar); not the done task nor the one after next week
    let plan: Vec<String> = r
        .plan
        .iter()
        .map(|p| match p {
            PlanItem::Registration { id, date, .. } => format!("reg {id} {date}"),
            PlanItem::Task { id, owner, due, .. } => format!("task {id} {owner} {due}"),
            PlanItem::PromoStart { id, date, .. } => format!("start {id} {date}"),
        })
        .collect();
    assert_eq!(
        plan,
        [
            "reg evt-x 2025-03-10",
            "task t-open 小王 2025-03-12",
            "start p1 2025-03-14"
        ]
    );
    // no promotion overlaps 3–5 March
    assert!(r.promotions.is_empty());

    // this month's target: March ¥100,000; actual 1–5 March ¥4,000 + ¥15,400 = ¥19,400
    let t = r.target.unwrap();
    assert_eq!((t.year, t.month, t.target), (2025, 2, Fen(10_000_000)));
    assert_eq!(t.actual_to_date, Fen(1_940_000));
    // the target to date spreads March over its days (5 of 31 days ≈ ¥16,129.03)
    assert!(t.target_to_date.0 > 0 && t.target_to_date.0 < 10_000_000);
    assert!(t.rate_bp.is_some());
}

#[test]
fn daily_and_monthly_reports() {
    let ws = workspace();
    let m = metrics();
    let daily = build(
        ReportKind::Daily,
        d("2025-03-04"),
        &ws,
        &m,
        &AnomalySettings::default(),
    );
    assert_eq!(
        daily.covered,
        DateRange::new(d("2025-03-04"), d("2025-03-04"))
    );
    assert_eq!(daily.next, DateRange::new(d("2025-03-05"), d("2025-03-05")));
    assert_eq!(daily.overview.current.gmv(), Fen(660_000));
    assert!(daily.trend.is_empty() && daily.categories.is_empty());
    // 103 ¥4,000 then 101 ¥2,000 of ¥6,000 → 66.67% and 33.33%
    assert_eq!(daily.best[0].item_id, "103");
    assert_eq!(daily.best[0].share_bp, Some(6_667));
    assert_eq!(daily.best[1].share_bp, Some(3_333));
    assert!(daily.plan.is_empty());

    let monthly = build(
        ReportKind::Monthly,
        d("2025-03-31"),
        &ws,
        &m,
        &AnomalySettings::default(),
    );
    assert_eq!(
        monthly.covered,
        DateRange::new(d("2025-03-01"), d("2025-03-31"))
    );
    assert_eq!(
        monthly.next,
        DateRange::new(d("2025-04-01"), d("2025-04-30"))
    );
    // March: 4,000 + 15,400 = ¥19,400
    assert_eq!(monthly.overview.current.gmv(), Fen(1_940_000));
    assert_eq!(monthly.trend.len(), 31);
    // the promotion in March, without data in its window
    assert_eq!(monthly.promotions.len(), 1);
    assert_eq!(monthly.promotions[0].target_gmv, Fen(2_000_000));
    assert_eq!(monthly.promotions[0].actual, None);
    // next month's target: April ¥120,000, nothing actual yet
    let t = monthly.target.unwrap();
    assert_eq!(
        (t.month, t.target, t.actual_to_date),
        (3, Fen(12_000_000), Fen::ZERO)
    );
    assert_eq!(t.rate_bp, None);
    // the 20 Mar task is in March, not in April's plan
    assert!(monthly.plan.is_empty());
}

#[test]
fn an_empty_store_gives_an_empty_report_without_panicking() {
    let ws = Workspace::default();
    let m = MetricsStore::default();
    for kind in ReportKind::ALL {
        for day in ["1970-01-01", "2025-12-31", "9999-12-31"] {
            let r = build(kind, d(day), &ws, &m, &AnomalySettings::default());
            assert!(!r.has_data);
            assert!(r.best.is_empty() && r.plan.is_empty() && r.target.is_none());
        }
    }
}

#[test]
fn weekly_report_lists_the_competitors_moves() {
    use store_ops_planner::model::competitor::item_id;
    use store_ops_planner::model::CompetitorEntry;
    let mut ws = workspace();
    if let Some(a) = ws.products.iter_mut().find(|p| p.id() == "a") {
        a.list_price = Fen(10_000);
    }
    let item = |store: &str, name: &str, product: &str| {
        let mut x = CompetitorEntry::item(item_id(store, name), 0, name.into());
        x.store = store.into();
        x.product = product.into();
        x
    };
    let snap = |it: &CompetitorEntry, day: &str, price: i64| {
        let mut s = CompetitorEntry::snap(it, d(day), 0);
        s.price = Fen(price);
        s.sales = Some(300);
        s
    };
    let x = item("甲店", "竞品 X", "a");
    let y = item("乙店", "竞品 Y", "");
    let z = item("丙店", "竞品 Z", "a");
    ws.competitors.extend([
        snap(&x, "2025-02-26", 9_500),
        snap(&x, "2025-03-04", 9_000),
        snap(&x, "2025-03-07", 8_000), // after the days covered (to Wed 5 March)
        snap(&y, "2025-03-03", 5_000),
        snap(&z, "2025-02-20", 7_000), // nothing this week
    ]);
    ws.competitors.extend([x, y, z]);
    let r = build(
        ReportKind::Weekly,
        d("2025-03-05"),
        &ws,
        &metrics(),
        &AnomalySettings::default(),
    );
    let moves: Vec<_> = r
        .competitors
        .iter()
        .map(|m| (m.name.as_str(), m.day, m.price, m.previous, m.ours, m.gap))
        .collect();
    assert_eq!(
        moves,
        vec![
            // below ours first: ¥90 against our ¥100 list price, ¥95 the week before
            (
                "竞品 X",
                d("2025-03-04"),
                Some(Fen(9_000)),
                Some(Fen(9_500)),
                Some(Fen(10_000)),
                Some(-1_000)
            ),
            (
                "竞品 Y",
                d("2025-03-03"),
                Some(Fen(5_000)),
                None,
                None,
                None
            ),
        ]
    );
    assert_eq!(r.competitors[0].sales, Some(300));
    let daily = build(
        ReportKind::Daily,
        d("2025-03-04"),
        &ws,
        &metrics(),
        &AnomalySettings::default(),
    );
    assert!(daily.competitors.is_empty(), "weekly only");
}

#[test]
fn report_comments_have_one_id_per_report_and_are_checked() {
    use store_ops_planner::formats::validate::report_notes_with;
    use store_ops_planner::model::report_note::note_id;
    use store_ops_planner::model::ReportNote;
    assert_eq!(note_id("weekly", d("2025-03-03")), "rn-weekly-20250303");
    let mut n = ReportNote::new(
        "weekly",
        d("2025-03-03"),
        "周三流量回落".into(),
        1_764_000_000_000,
    );
    n.bump(1_764_000_000_000);
    let v = serde_json::to_value(vec![n.clone()]).unwrap();
    assert_eq!(
        report_notes_with(&v, "payload.report_notes", true),
        Ok(vec![n])
    );
    let mut bad = v.clone();
    bad[0]["kind"] = serde_json::json!("yearly");
    bad[0]["start"] = serde_json::json!("2025-02-30");
    bad[0]["text"] = serde_json::json!("x".repeat(2_001));
    let e = report_notes_with(&bad, "payload.report_notes", true).unwrap_err();
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "payload.report_notes[0].kind",
            "payload.report_notes[0].start",
            "payload.report_notes[0].text"
        ]
    );
}
