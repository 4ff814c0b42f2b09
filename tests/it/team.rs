//! 上新 listings and 考核激励 schemes as shared records (issue 16 §3–§5): they travel in plan
//! files, every field is checked with its path, teammates' edits to different listings merge
//! and both survive, and a step ticked by one teammate and another step by the other converge
//! to the later edit (a record merges whole: the conflict is shown side by side).

use chrono::NaiveDate;
use store_ops_planner::core::listing::{mark_done, new_listing};
use store_ops_planner::core::merge;
use store_ops_planner::formats::plan_file;
use store_ops_planner::model::{
    AnyRecord, Basis, Fen, Incentive, Listing, ListingKind, Meta, PayTier, Product, Record,
    Records, Workspace,
};

const T: i64 = 1_796_443_200_000;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn product() -> Product {
    let mut p = Product::new("p1".into(), T);
    p.title = "羊毛连衣裙".into();
    p
}

fn listing(id: &str) -> Listing {
    new_listing(
        id.into(),
        &product(),
        ListingKind::New,
        d("2026-12-01"),
        &[],
        T,
    )
}

fn scheme(id: &str) -> Incentive {
    let mut x = Incentive {
        meta: Meta::new(id.into(), T),
        member: "m1".into(),
        name: "2026 提成".into(),
        year: 2026,
        basis: Basis::Sales,
        share_bp: 5_000,
        task_target_bp: 0,
        kpi_name: String::new(),
        kpi: Vec::new(),
        bonus: Fen(0),
        tiers: vec![
            PayTier {
                from_bp: 8_000,
                rate_bp: 300,
            },
            PayTier {
                from_bp: 10_000,
                rate_bp: 500,
            },
        ],
    };
    x.bump(T);
    x
}

fn ws(listings: Vec<Listing>, incentives: Vec<Incentive>) -> Workspace {
    Workspace {
        records: Records {
            products: vec![product()],
            listings,
            incentives,
            ..Records::default()
        },
        ..Workspace::default()
    }
}

#[test]
fn listings_and_schemes_travel_in_plan_files() {
    let mut l = listing("l1");
    mark_done(&mut l, 0, d("2026-12-02"), None, "").unwrap();
    l.steps[1].blocked = "文案待定".into();
    l.main_images = Some(5);
    l.bump(T + 1);
    let s = scheme("s1");
    let w = ws(vec![l.clone()], vec![s.clone()]);
    let text = plan_file::export(&w, None, T);
    let f = plan_file::parse(text.as_bytes()).unwrap();
    assert_eq!(f.listings, vec![l]);
    assert_eq!(f.incentives, vec![s]);
}

#[test]
fn plan_file_fields_are_checked_with_paths() {
    let w = ws(vec![listing("l1")], vec![scheme("s1")]);
    let text = plan_file::export(&w, None, T);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "payload.listings[0].steps",
            Box::new(|p| p["listings"][0]["steps"] = serde_json::json!([{}])),
        ),
        (
            "payload.listings[0].steps[2].due",
            Box::new(|p| p["listings"][0]["steps"][2]["due"] = "2026-02-30".into()),
        ),
        (
            "payload.listings[0].kind",
            Box::new(|p| p["listings"][0]["kind"] = "old".into()),
        ),
        (
            "payload.listings[0].main_images",
            Box::new(|p| p["listings"][0]["main_images"] = 21.into()),
        ),
        (
            "payload.listings[0].name",
            Box::new(|p| p["listings"][0]["name"] = " ".into()),
        ),
        (
            "payload.incentives[0].share_bp",
            Box::new(|p| p["incentives"][0]["share_bp"] = 10_001.into()),
        ),
        (
            "payload.incentives[0].basis",
            Box::new(|p| p["incentives"][0]["basis"] = "gmv".into()),
        ),
        (
            "payload.incentives[0].tiers[1].from_bp",
            Box::new(|p| p["incentives"][0]["tiers"][1]["from_bp"] = 8_000.into()),
        ),
        (
            "payload.incentives[0].tiers[0].rate_bp",
            Box::new(|p| p["incentives"][0]["tiers"][0]["rate_bp"] = (-1).into()),
        ),
        (
            "payload.incentives[0].year",
            Box::new(|p| p["incentives"][0]["year"] = 1999.into()),
        ),
        (
            "payload.incentives[0].kpi[1].month",
            Box::new(|p| {
                p["incentives"][0]["kpi"] =
                    serde_json::json!([{"month": 3, "target": 1}, {"month": 3, "target": 2}])
            }),
        ),
        (
            "payload.incentives[0].kpi[0].month",
            Box::new(|p| {
                p["incentives"][0]["kpi"] = serde_json::json!([{"month": 13, "target": 1}])
            }),
        ),
        (
            "payload.incentives[0].bonus",
            Box::new(|p| {
                p["incentives"][0].as_object_mut().unwrap().remove("bonus");
            }),
        ),
    ];
    for (path, f) in cases {
        let mut v = v.clone();
        f(&mut v["payload"]);
        match plan_file::parse(v.to_string().as_bytes()) {
            Err(plan_file::PlanError::Invalid(e)) => {
                assert!(e.iter().any(|e| e.path == path), "{path}: {e:?}")
            }
            other => panic!("{path}: expected a field error, got {other:?}"),
        }
    }
}

#[test]
fn teammates_edits_to_different_listings_both_survive_a_merge() {
    let base = [listing("l1"), listing("l2")];
    // me: photos of l1 done; them: photos and copy of l2 done
    let mut mine: Vec<AnyRecord> = base.iter().cloned().map(AnyRecord::Listing).collect();
    if let Some(AnyRecord::Listing(l)) = mine.get_mut(0) {
        mark_done(l, 0, d("2026-12-02"), None, "").unwrap();
        l.bump(T + 10);
    }
    let mut theirs: Vec<AnyRecord> = base.iter().cloned().map(AnyRecord::Listing).collect();
    if let Some(AnyRecord::Listing(l)) = theirs.get_mut(1) {
        mark_done(l, 0, d("2026-12-02"), None, "").unwrap();
        mark_done(l, 1, d("2026-12-03"), None, "").unwrap();
        l.bump(T + 20);
    }
    let n = merge::merge_auto(&mut mine, &theirs);
    assert_eq!(n, 1);
    let done = |r: &AnyRecord| match r {
        AnyRecord::Listing(l) => l.steps.iter().filter(|s| s.done.is_some()).count(),
        _ => 0,
    };
    assert_eq!(mine.iter().map(done).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn responsibilities_pick_the_default_owner_and_are_checked_in_plan_files() {
    use store_ops_planner::core::tasks::{default_owner, owner_of, set_owned};
    use store_ops_planner::model::{LinkKind, Member, TaskLink};
    let member = |id: &str, name: &str| {
        let mut m = Member {
            meta: Meta::new(id.into(), T),
            name: name.into(),
            role: "specialist".into(),
            owns: Vec::new(),
        };
        m.bump(T);
        m
    };
    let mut wang = member("m1", "小王");
    let mut li = member("m2", "小李");
    let mut p = product();
    p.category = "女装/连衣裙".into();
    set_owned(&mut li, "category", "女装/连衣裙", true);
    set_owned(&mut wang, "promotion", "promo-1", true);
    set_owned(&mut wang, "promotion", "promo-1", true);
    assert_eq!(wang.owns, vec!["promotion:promo-1".to_string()], "once");
    let mut w = ws(Vec::new(), Vec::new());
    w.records.products = vec![p.clone()];
    w.records.members = vec![wang.clone(), li.clone()];
    let link = |kind, id: &str| TaskLink {
        kind,
        id: id.into(),
    };
    // the product's category owner, the promotion's owner, nobody for an event
    assert_eq!(
        default_owner(&w, Some(&link(LinkKind::Product, "p1"))).as_deref(),
        Some("m2")
    );
    assert_eq!(
        default_owner(&w, Some(&link(LinkKind::Promotion, "promo-1"))).as_deref(),
        Some("m1")
    );
    assert_eq!(default_owner(&w, Some(&link(LinkKind::Event, "e"))), None);
    assert_eq!(default_owner(&w, None), None);
    // the product itself beats its category; two owners: the first by name
    set_owned(&mut wang, "product", "p1", true);
    w.records.members = vec![wang.clone(), li.clone()];
    assert_eq!(
        default_owner(&w, Some(&link(LinkKind::Product, "p1"))).as_deref(),
        Some("m1")
    );
    set_owned(&mut li, "product", "p1", true);
    let both = [wang.clone(), li.clone()];
    assert_eq!(
        owner_of(both.iter(), "product", "p1").map(|m| m.name.as_str()),
        Some("小李")
    );
    set_owned(&mut li, "product", "p1", false);
    assert!(!li.owns.contains(&"product:p1".to_string()));
    // in plan files: kept, and a bad entry is named by its path
    w.records.members = vec![wang.clone(), li.clone()];
    let text = plan_file::export(&w, None, T);
    let f = plan_file::parse(text.as_bytes()).unwrap();
    assert_eq!(f.members, vec![wang, li]);
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["payload"]["members"][0]["owns"] = serde_json::json!(["promotion:promo-1", "warehouse:A"]);
    match plan_file::parse(v.to_string().as_bytes()) {
        Err(plan_file::PlanError::Invalid(e)) => {
            assert!(
                e.iter().any(|e| e.path == "payload.members[0].owns[1]"),
                "{e:?}"
            )
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}
