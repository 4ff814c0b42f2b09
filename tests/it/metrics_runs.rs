//! The Data page's list of imported days (`MetricsStore::imported_runs`) and deleting a run
//! (`MetricsStore::remove`), undone by upserting what was removed.
use store_ops_planner::core::metrics::period::Period;
use store_ops_planner::core::metrics::store::{FactKind, ImportedRun, MetricsBatch, MetricsStore};
use store_ops_planner::model::metrics::{AdDay, ProductDay, StoreDay};
use store_ops_planner::model::Fen;

fn store_day(day: i32) -> StoreDay {
    StoreDay {
        day,
        visitors: 100 + day as u64,
        paid_amount: Fen(1_000),
        ..StoreDay::default()
    }
}

fn product_day(day: i32, item: &str) -> ProductDay {
    ProductDay {
        day,
        item_id: item.into(),
        visitors: 7,
        ..ProductDay::default()
    }
}

fn ad_day(day: i32, plan: &str) -> AdDay {
    AdDay {
        day,
        plan_id: plan.into(),
        plan_name: plan.into(),
        spend: Fen(500),
        ..AdDay::default()
    }
}

fn run(kind: FactKind, from: i32, to: i32, days: usize, rows: usize) -> ImportedRun {
    ImportedRun {
        kind,
        period: Period { from, to },
        days,
        rows,
    }
}

fn sample() -> MetricsStore {
    let mut m = MetricsStore::default();
    // store: days 10..=14 and 20..=21 (a gap of 5 days); products: two items on 10..=12, one
    // more on 13, then 30; ads: two plans on 11 and one on 12
    let b = MetricsBatch {
        store: (10..=14).chain(20..=21).map(store_day).collect(),
        products: (10..=12)
            .flat_map(|d| [product_day(d, "111"), product_day(d, "222")])
            .chain([product_day(13, "111"), product_day(30, "222")])
            .collect(),
        ads: vec![ad_day(11, "p1"), ad_day(11, "p2"), ad_day(12, "p1")],
    };
    m.upsert(b);
    m
}

#[test]
fn runs_are_consecutive_days_by_kind() {
    assert!(MetricsStore::default().imported_runs().is_empty());
    assert_eq!(
        sample().imported_runs(),
        vec![
            run(FactKind::Store, 10, 14, 5, 5),
            run(FactKind::Store, 20, 21, 2, 2),
            run(FactKind::Products, 10, 13, 4, 7),
            run(FactKind::Products, 30, 30, 1, 1),
            run(FactKind::Ads, 11, 12, 2, 3),
        ]
    );
}

#[test]
fn removing_a_run_touches_only_its_kind_and_days_and_upserting_it_undoes() {
    let before = sample();
    let mut m = before.clone();
    let gone = m.remove(FactKind::Products, Period { from: 10, to: 13 });
    assert_eq!(gone.products.len(), 7);
    assert!(gone.store.is_empty() && gone.ads.is_empty());
    assert_eq!(
        m.imported_runs(),
        vec![
            run(FactKind::Store, 10, 14, 5, 5),
            run(FactKind::Store, 20, 21, 2, 2),
            run(FactKind::Products, 30, 30, 1, 1),
            run(FactKind::Ads, 11, 12, 2, 3),
        ]
    );
    // item 111 had rows only on 10..=13: it is gone entirely
    assert_eq!(m.item_ids().collect::<Vec<_>>(), vec!["222"]);
    m.upsert(gone);
    assert_eq!(m, before);

    for (kind, p) in [
        (FactKind::Store, Period { from: 12, to: 20 }),
        (FactKind::Ads, Period { from: 11, to: 11 }),
    ] {
        let mut m = before.clone();
        let gone = m.remove(kind, p);
        assert!(!gone.is_empty());
        assert_ne!(m, before);
        m.upsert(gone);
        assert_eq!(m, before, "{kind:?}");
    }
    // nothing on those days: nothing removed, nothing changed
    let mut m = before.clone();
    assert!(m
        .remove(FactKind::Store, Period { from: 15, to: 19 })
        .is_empty());
    assert_eq!(m, before);
}
