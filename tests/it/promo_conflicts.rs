//! Grouping price conflicts into the calendar's lines (`core::promo::check::group_conflicts`).
use chrono::NaiveDate;
use store_ops_planner::core::promo::check::{
    group_conflicts, CartKind, Conflict, ConflictGroup, Economics, Floor,
};
use store_ops_planner::model::{DateRange, Fen};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn range(a: (u32, u32), b: (u32, u32)) -> DateRange {
    DateRange {
        start: day(a.0, a.1),
        end: day(b.0, b.1),
    }
}

fn conflict(
    product: &str,
    promos: &[&str],
    alone: &[bool],
    r: DateRange,
    floor: Floor,
    paid: i64,
) -> Conflict {
    Conflict {
        product_id: product.into(),
        promo_ids: promos.iter().map(|s| s.to_string()).collect(),
        alone_breaks: alone.to_vec(),
        range: r,
        floor,
        worst_paid_unit: Fen(paid),
        worst: Economics {
            cart: CartKind::Alone,
            qty: 1,
            paid: Fen(paid),
            paid_unit: Fen(paid),
            depth_bp: 0,
            fee: Fen(0),
            affiliate: Fen(0),
            postage_charged: Fen(0),
            postage: Fen(0),
            gift: Fen(0),
            cost: Fen(0),
            profit: Fen(-1),
            margin_bp: None,
        },
    }
}

#[test]
fn same_promotions_days_floor_and_kind_make_one_line() {
    let dec = range((12, 10), (12, 12));
    let nov = range((11, 1), (11, 11));
    let cs = vec![
        conflict("p1", &["a", "b"], &[false, false], dec, Floor::Cost, 900),
        conflict("p2", &["a", "b"], &[false, false], dec, Floor::Cost, 800),
        // same promotions and days, but one breaks alone: its own line
        conflict("p3", &["a", "b"], &[true, false], dec, Floor::Cost, 700),
        // another floor: its own line
        conflict(
            "p4",
            &["a", "b"],
            &[false, false],
            dec,
            Floor::MinMargin,
            1200,
        ),
        // earlier days: first after sorting
        conflict("p1", &["a", "c"], &[false, false], nov, Floor::Cost, 500),
    ];
    let all = range((1, 1), (12, 31));
    let g = group_conflicts(&cs, &all);
    assert_eq!(g.len(), 4);
    assert_eq!(
        g[0],
        ConflictGroup {
            promo_ids: vec!["a".into(), "c".into()],
            range: nov,
            floor: Floor::Cost,
            alone: false,
            products: vec![("p1".into(), Fen(500))],
        }
    );
    assert_eq!(
        g[1].products,
        vec![("p1".into(), Fen(900)), ("p2".into(), Fen(800))]
    );
    assert!(!g[1].alone);
    assert!(g[2].alone);
    assert_eq!(g[2].products, vec![("p3".into(), Fen(700))]);
    assert_eq!(g[3].floor, Floor::MinMargin);
    // the products of all the lines are the conflicts', none lost or repeated
    let n: usize = g.iter().map(|x| x.products.len()).sum();
    assert_eq!(n, cs.len());
}

#[test]
fn only_conflicts_overlapping_the_window_are_listed() {
    let cs = vec![
        conflict(
            "p1",
            &["a", "b"],
            &[false, false],
            range((12, 10), (12, 12)),
            Floor::Cost,
            900,
        ),
        conflict(
            "p1",
            &["a", "c"],
            &[false, false],
            range((11, 1), (11, 11)),
            Floor::Cost,
            500,
        ),
    ];
    let g = group_conflicts(&cs, &range((12, 1), (12, 31)));
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].promo_ids, vec!["a".to_string(), "b".to_string()]);
    // a window touching the last day still lists it
    assert_eq!(group_conflicts(&cs, &range((11, 11), (11, 30))).len(), 1);
    assert!(group_conflicts(&cs, &range((11, 12), (12, 9))).is_empty());
    assert!(group_conflicts(&[], &range((1, 1), (12, 31))).is_empty());
}
