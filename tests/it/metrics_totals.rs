//! The import preview's file totals beside the stored data of the same days
//! (`core::metrics::totals::file_totals`), hand-worked.
use store_ops_planner::core::metrics::store::{MetricsBatch, MetricsStore};
use store_ops_planner::core::metrics::totals::{file_totals, Amount, TotalMetric, TotalRow};
use store_ops_planner::model::metrics::{AdDay, ProductDay, StoreDay};
use store_ops_planner::model::Fen;

fn sd(day: i32, visitors: u64, paid: i64) -> StoreDay {
    StoreDay {
        day,
        visitors,
        paying_buyers: visitors / 10,
        paid_units: visitors / 5,
        paid_amount: Fen(paid),
        refund_amount: Fen(paid / 20),
        ..StoreDay::default()
    }
}

fn row(m: TotalMetric, file: Amount, stored: Amount) -> TotalRow {
    TotalRow {
        metric: m,
        file,
        stored,
    }
}

#[test]
fn store_file_sums_beside_the_stored_days_it_covers() {
    let mut stored = MetricsStore::default();
    // stored: days 1..=3; the file has days 2..=4, so days 2 and 3 are "stored on the same days"
    stored.upsert(MetricsBatch {
        store: vec![
            sd(1, 1_000, 500_000),
            sd(2, 2_000, 100_000),
            sd(3, 3_000, 200_050),
        ],
        ..MetricsBatch::default()
    });
    let file = vec![
        sd(2, 2_100, 110_000),
        sd(3, 2_900, 190_000),
        sd(4, 4_000, 400_001),
    ];
    let t = file_totals(&file, &[], &[], &stored);
    use Amount::{Count, Money};
    assert_eq!(
        t,
        vec![
            row(TotalMetric::Visitors, Count(9_000), Count(5_000)),
            row(
                TotalMetric::PayingBuyers,
                Count(210 + 290 + 400),
                Count(200 + 300)
            ),
            row(
                TotalMetric::PaidUnits,
                Count(420 + 580 + 800),
                Count(400 + 600)
            ),
            row(
                TotalMetric::PaidAmount,
                Money(Fen(700_001)),
                Money(Fen(300_050))
            ),
            row(
                TotalMetric::RefundAmount,
                Money(Fen(5_500 + 9_500 + 20_000)),
                Money(Fen(5_000 + 10_002))
            ),
        ]
    );
    // nothing stored: the stored column is zero; an empty file: no rows at all
    let t = file_totals(&file, &[], &[], &MetricsStore::default());
    assert_eq!(t[0].stored, Count(0));
    assert_eq!(t[3].stored, Money(Fen(0)));
    assert!(file_totals(&[], &[], &[], &stored).is_empty());
}

#[test]
fn product_and_ad_files_sum_every_row_of_their_days() {
    let p = |day: i32, item: &str, v: u64, paid: i64| ProductDay {
        day,
        item_id: item.into(),
        visitors: v,
        paid_amount: Fen(paid),
        ..ProductDay::default()
    };
    let a = |day: i32, plan: &str, spend: i64, sales: i64| AdDay {
        day,
        plan_id: plan.into(),
        plan_name: plan.into(),
        impressions: 1_000,
        clicks: 30,
        spend: Fen(spend),
        total_amount: Fen(sales),
        ..AdDay::default()
    };
    let mut stored = MetricsStore::default();
    stored.upsert(MetricsBatch {
        // item 9 on day 5 is not in the file but is on its day: it counts as stored
        products: vec![
            p(5, "1", 10, 1_000),
            p(5, "9", 5, 700),
            p(6, "1", 99, 9_900),
        ],
        ads: vec![a(5, "x", 1_000, 3_000), a(7, "x", 50, 0)],
        ..MetricsBatch::default()
    });
    let t = file_totals(
        &[],
        &[p(5, "1", 12, 1_200), p(5, "2", 3, 300)],
        &[],
        &stored,
    );
    assert_eq!(
        t[0],
        row(TotalMetric::Visitors, Amount::Count(15), Amount::Count(15))
    );
    assert_eq!(
        t[3],
        row(
            TotalMetric::PaidAmount,
            Amount::Money(Fen(1_500)),
            Amount::Money(Fen(1_700))
        )
    );
    let t = file_totals(
        &[],
        &[],
        &[a(5, "x", 1_100, 2_000), a(5, "y", 400, 0)],
        &stored,
    );
    assert_eq!(
        t,
        vec![
            row(
                TotalMetric::Impressions,
                Amount::Count(2_000),
                Amount::Count(1_000)
            ),
            row(TotalMetric::Clicks, Amount::Count(60), Amount::Count(30)),
            row(
                TotalMetric::Spend,
                Amount::Money(Fen(1_500)),
                Amount::Money(Fen(1_000))
            ),
            row(
                TotalMetric::AdSales,
                Amount::Money(Fen(2_000)),
                Amount::Money(Fen(3_000))
            ),
        ]
    );
}
