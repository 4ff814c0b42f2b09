//! The sample store's promotions, dated relative to today so the demo always has a finished
//! 双11 to review (the sample metrics carry its peak), a reviewed 618, and three promotions being
//! planned inside the next platform event (双12 in early December), dated by that event's own
//! phases, whose 聚划算 slot closes within days — with one price that breaks the cost floor when
//! the 聚划算 price, the store coupon and 跨店满减 stack, so the checks have something to show.

use crate::core::promo::events::{event_id, seed_calendar};
use crate::model::{
    Benefit, CouponScope, DateRange, Fen, ItemDiscount, OwnerRole, PlatformChannel, PlatformEvent,
    Product, ProductRole, PromoItem, PromoRule, PromoStatus, Promotion, Record, ThresholdBasis,
    Tier,
};
use chrono::{Datelike, Duration, NaiveDate};

pub const SAMPLE_PROMO_PREFIX: &str = "sample-promo-";

/// Products the sample's 聚划算 deal uses: traffic or regular items on sale with room in the
/// margin (cost under 60% of the list price), so only the one priced at cost loses money.
fn deal_candidate(p: &Product) -> bool {
    !p.meta.deleted
        && matches!(p.role, ProductRole::Traffic | ProductRole::Regular)
        && !p.item_id.is_empty()
        && p.cost.0 * 10 < p.list_price.0 * 6
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn range(a: NaiveDate, b: NaiveDate) -> DateRange {
    DateRange::new(a, b)
}

/// The next platform event (this year's or next year's seeds) whose first phase (warm-up, else
/// the main days) starts at least 3 days after `today`.
fn upcoming_event(today: NaiveDate) -> Option<PlatformEvent> {
    let first = |e: &PlatformEvent| e.phases.warmup.map_or(e.phases.main.start, |w| w.start);
    seed_calendar(today)
        .into_iter()
        .filter(|e| first(e) >= today + Duration::days(3))
        .min_by_key(first)
}

/// Sample promotions for the sample catalog, as of `today`.
pub fn sample_promotions(products: &[Product], today: NaiveDate, now_ms: i64) -> Vec<Promotion> {
    let live: Vec<&Product> = products.iter().filter(|p| !p.meta.deleted).collect();
    let heroes: Vec<&Product> = live
        .iter()
        .copied()
        .filter(|p| p.role == ProductRole::Hero && !p.item_id.is_empty())
        .take(6)
        .collect();
    let traffic: Vec<&Product> = live
        .iter()
        .copied()
        .filter(|p| deal_candidate(p))
        .take(4)
        .collect();
    // The last 双11 whose data is complete (with a week after it for the dip).
    let y11 = if today >= ymd(today.year(), 11, 20) {
        today.year()
    } else {
        today.year() - 1
    };
    let y618 = if today >= ymd(today.year(), 6, 28) {
        today.year()
    } else {
        today.year() - 1
    };
    let mut out = Vec::new();
    let mut n = 0;
    let mut make = |name: &str, main: DateRange, rule: PromoRule, items: Vec<PromoItem>| {
        n += 1;
        let mut p = Promotion::new(
            format!("{SAMPLE_PROMO_PREFIX}{n}"),
            name.to_string(),
            main,
            now_ms,
        );
        p.rule = rule;
        p.items = items;
        p
    };
    let item = |p: &Product, d: Option<ItemDiscount>| PromoItem {
        product_id: p.meta.id.clone(),
        discount: d,
        stock: None,
    };

    // 618 (reviewed)
    let mut p = make(
        "618 主推款单品宝 8.5折",
        range(ymd(y618, 5, 31), ymd(y618, 6, 1)),
        PromoRule::Single,
        heroes
            .iter()
            .map(|p| item(p, Some(ItemDiscount::Percent { pay_bp: 8_500 })))
            .collect(),
    );
    p.phases.warmup = Some(range(ymd(y618, 5, 20), ymd(y618, 5, 30)));
    p.phases.return_wave = Some(range(ymd(y618, 6, 18), ymd(y618, 6, 18)));
    p.phases.registration_deadline = Some(ymd(y618, 5, 6));
    p.status = PromoStatus::Reviewed;
    p.owner = OwnerRole::Specialist;
    p.target_gmv = Fen::yuan(260_000);
    p.budget = Fen::yuan(30_000);
    p.event_id = Some(event_id(y618, "618"));
    p.notes = "主推款两波：5.31 开门红，6.18 返场。".into();
    out.push(p);

    // 双11 (done, ready for review)
    let mut p = make(
        "双11 主推款单品宝 8.8折",
        range(ymd(y11, 10, 31), ymd(y11, 11, 3)),
        PromoRule::Single,
        heroes
            .iter()
            .map(|p| item(p, Some(ItemDiscount::Percent { pay_bp: 8_800 })))
            .collect(),
    );
    p.phases.warmup = Some(range(ymd(y11, 10, 20), ymd(y11, 10, 30)));
    p.phases.return_wave = Some(range(ymd(y11, 11, 10), ymd(y11, 11, 11)));
    p.phases.registration_deadline = Some(ymd(y11, 9, 20));
    p.phases.price_protection_end = Some(ymd(y11, 11, 26));
    p.status = PromoStatus::Done;
    p.owner = OwnerRole::Director;
    p.target_gmv = Fen::yuan(400_000);
    p.target_units = 2_000;
    p.budget = Fen::yuan(50_000);
    p.affiliate_bp = 300;
    p.channels = vec!["手淘搜索".into(), "直播".into(), "淘宝客".into()];
    p.event_id = Some(event_id(y11, "1111"));
    out.push(p);

    let mut p = make(
        "双11 店铺宝 满300减30（每满）",
        range(ymd(y11, 10, 31), ymd(y11, 11, 11)),
        PromoRule::StoreWide {
            basis: ThresholdBasis::Amount,
            tiers: vec![Tier {
                threshold: 30_000,
                benefit: Benefit::AmountOff { off: Fen(3_000) },
            }],
            repeat: true,
        },
        Vec::new(),
    );
    p.status = PromoStatus::Done;
    p.event_id = Some(event_id(y11, "1111"));
    out.push(p);

    // The next platform event (双12 on 5 December) whose first phase is at least 3 days ahead:
    // the promotions being planned belong to it and take its dates. Its own registration has
    // usually closed by then; the 聚划算 deal's slot closes the day before the warm-up.
    let next = upcoming_event(today);
    let (label, main, warmup, protection, event) = match &next {
        Some(e) => (
            e.name
                .split_once(' ')
                .map_or(e.name.as_str(), |(_, n)| n)
                .to_string(),
            e.phases.main,
            e.phases.warmup,
            // the event's guarantee runs from its last price days; without its return wave the
            // promotion's runs 15 days after its own main days
            e.phases
                .price_protection_end
                .filter(|_| e.phases.return_wave.is_none()),
            Some(e.meta.id.clone()),
        ),
        None => {
            let start = today + Duration::days(18);
            (
                "双12".to_string(),
                range(start, start + Duration::days(2)),
                Some(range(today + Duration::days(14), start - Duration::days(1))),
                None,
                None,
            )
        }
    };
    let first = warmup.map_or(main.start, |w| w.start);
    let mut p = make(
        &format!("{label} 聚划算 引流款"),
        main,
        PromoRule::Platform {
            channel: PlatformChannel::Juhuasuan,
        },
        traffic
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // the first one is priced at cost: with the coupon and 跨店满减 it loses money
                let price = if i == 0 {
                    p.cost
                } else {
                    Fen((p.list_price.0 * 80 / 100).max(p.cost.0 + p.cost.0 / 3))
                };
                item(p, Some(ItemDiscount::FixedPrice { price }))
            })
            .collect(),
    );
    let event_deadline = next
        .as_ref()
        .and_then(|e| e.phases.registration_deadline)
        .filter(|d| *d > today && *d < first);
    p.phases.registration_deadline =
        Some(event_deadline.unwrap_or((first - Duration::days(1)).max(today + Duration::days(1))));
    p.phases.warmup = warmup;
    p.phases.price_protection_end = Some(protection.unwrap_or(main.end + Duration::days(15)));
    p.event_id = event.clone();
    p.status = PromoStatus::Planned;
    p.owner = OwnerRole::Specialist;
    p.target_gmv = Fen::yuan(120_000);
    p.target_units = 1_500;
    p.budget = Fen::yuan(20_000);
    out.push(p);

    let mut p = make(
        &format!("{label} 店铺券 满199减20"),
        main,
        PromoRule::Coupon {
            scope: CouponScope::Store,
            face: Fen(2_000),
            threshold: Fen(19_900),
        },
        Vec::new(),
    );
    p.status = PromoStatus::Planned;
    p.owner = OwnerRole::Assistant;
    p.event_id = event.clone();
    out.push(p);

    let mut p = make(
        &format!("{label} 跨店满减 每满300减50"),
        main,
        PromoRule::CrossStore {
            every: Fen(30_000),
            off: Fen(5_000),
        },
        Vec::new(),
    );
    p.status = PromoStatus::Registered;
    p.owner = OwnerRole::Director;
    p.event_id = event;
    out.push(p);

    for p in &mut out {
        p.bump(now_ms);
    }
    out
}

/// Give the sample's deal products a list-price history: the second one was cheaper two weeks
/// ago, so its 聚划算 price in the upcoming event is not below the lowest price of the last 30
/// days (a flag).
pub fn sample_price_history(products: &mut [Product], today: NaiveDate, now_ms: i64) {
    let mut traffic = products.iter_mut().filter(|p| deal_candidate(p));
    for (i, p) in (&mut traffic).take(4).enumerate() {
        let list = p.list_price;
        p.price_history = vec![crate::model::PricePoint {
            date: today - Duration::days(90),
            price: list,
        }];
        if i == 1 {
            p.price_history.push(crate::model::PricePoint {
                date: today - Duration::days(14),
                price: Fen(list.0 * 70 / 100),
            });
            p.price_history.push(crate::model::PricePoint {
                date: today - Duration::days(8),
                price: list,
            });
        }
        p.bump(now_ms);
    }
}
