//! The 上新 pipeline's rules (issue 16 §3): where a listing stands, the board by step, marking a
//! step done (in order; the mutual check only when the planner's own checks pass, or with an
//! override reason), and the automatic checks of the 互检 (mutual check):
//! - the title passes the title checker (length, forbidden words, repeats, keywords);
//! - list price and cost are filled;
//! - the price guard is clean for every promotion still to come or running;
//! - the main images count is typed;
//! - category and role are set.

use crate::core::title::{check_title, TitleRules};
use crate::model::listing::{CHECK_STEP, MAX_IMAGES, MAX_REASON, STEPS};
use crate::model::{
    Listing, ListingKind, ListingStep, Meta, Product, PromoStatus, Record, Workspace,
};
use chrono::{Duration, NaiveDate};

/// One automatic check of the mutual check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutoCheck {
    /// Title issues found by the title checker (0 = passes).
    Title { issues: usize },
    /// List price and cost both above zero.
    PriceCost { price: bool, cost: bool },
    /// Promotions still to come or running whose price check flags this product.
    PriceGuard { promotions: usize },
    /// 主图 count typed (and at least one).
    MainImages { count: Option<u32> },
    /// Category filled; the role is shown (every product has one, 常规 by default).
    Category { set: bool },
}

impl AutoCheck {
    pub fn passes(&self) -> bool {
        match *self {
            AutoCheck::Title { issues } => issues == 0,
            AutoCheck::PriceCost { price, cost } => price && cost,
            AutoCheck::PriceGuard { promotions } => promotions == 0,
            AutoCheck::MainImages { count } => count.is_some_and(|n| n >= 1),
            AutoCheck::Category { set } => set,
        }
    }
    pub fn key(&self) -> &'static str {
        match self {
            AutoCheck::Title { .. } => "title",
            AutoCheck::PriceCost { .. } => "price_cost",
            AutoCheck::PriceGuard { .. } => "price_guard",
            AutoCheck::MainImages { .. } => "images",
            AutoCheck::Category { .. } => "category",
        }
    }
}

/// The automatic checks of `l`'s product as of `today` (none: the product is gone).
pub fn auto_checks(l: &Listing, ws: &Workspace, today: NaiveDate) -> Option<Vec<AutoCheck>> {
    let p = ws
        .get::<Product>(&l.product_id)
        .filter(|p| !p.meta.deleted)?;
    let rules = TitleRules {
        limit_bytes: ws.settings.title_limit_bytes,
        whitelist: &ws.settings.title_whitelist,
    };
    let issues = check_title(&p.title, &p.keywords, &rules).len();
    let promotions = ws
        .promotions
        .iter()
        .filter(|x| {
            !x.meta.deleted
                && !matches!(x.status, PromoStatus::Done | PromoStatus::Reviewed)
                && x.phases.price_days().iter().any(|r| r.end >= today)
        })
        .filter(|x| {
            crate::core::promo::check::check_all(
                std::slice::from_ref(x),
                std::slice::from_ref(p),
                &ws.profile,
                &ws.settings,
            )
            .iter()
            .any(|c| c.product_id == p.meta.id && !c.flags.is_empty())
        })
        .count();
    Some(vec![
        AutoCheck::Title { issues },
        AutoCheck::PriceCost {
            price: p.list_price.0 > 0,
            cost: p.cost.0 > 0,
        },
        AutoCheck::PriceGuard { promotions },
        AutoCheck::MainImages {
            count: l.main_images,
        },
        AutoCheck::Category {
            set: !p.category.trim().is_empty(),
        },
    ])
}

/// The step a listing is at (the first not done), or none when every step is done (listed).
pub fn current_step(l: &Listing) -> Option<usize> {
    l.steps.iter().take(STEPS).position(|s| s.done.is_none())
}

/// Board columns: one per step (listings at that step), then the listed ones. Each column by
/// the current step's due date (none last), then name.
pub fn board(listings: &[Listing]) -> Vec<Vec<&Listing>> {
    let mut cols: Vec<Vec<&Listing>> = vec![Vec::new(); STEPS + 1];
    for l in listings.iter().filter(|l| !l.meta.deleted) {
        let c = current_step(l).unwrap_or(STEPS);
        if let Some(col) = cols.get_mut(c) {
            col.push(l);
        }
    }
    for (c, col) in cols.iter_mut().enumerate() {
        col.sort_by(|a, b| {
            let due = |l: &Listing| l.steps.get(c).and_then(|s| s.due).unwrap_or(NaiveDate::MAX);
            (due(a), &a.name, &a.meta.id).cmp(&(due(b), &b.name, &b.meta.id))
        });
    }
    cols
}

/// Days given to each step by default, counted from the start (photos done on day 2, ...).
pub const DEFAULT_OFFSETS: [i64; STEPS] = [2, 3, 5, 6, 7];

/// Roles that own each step by default: 摄影, 运营助理 (copy), 美工, 运营助理 (upload), 运营专员.
pub const DEFAULT_ROLES: [&str; STEPS] = [
    "photographer",
    "assistant",
    "designer",
    "assistant",
    "specialist",
];

/// A new listing for `product`, starting `start`: due dates from [`DEFAULT_OFFSETS`], owners
/// the first member with each step's role (`members`: (id, role)), the upload's owner never
/// the checker's when another member can check.
pub fn new_listing(
    id: String,
    product: &Product,
    kind: ListingKind,
    start: NaiveDate,
    members: &[(String, String)],
    now_ms: i64,
) -> Listing {
    let owner = |role: &str| {
        members
            .iter()
            .find(|(_, r)| r == role)
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    };
    let steps = (0..STEPS)
        .map(|i| ListingStep {
            owner: owner(DEFAULT_ROLES[i]),
            due: start.checked_add_signed(Duration::days(DEFAULT_OFFSETS[i])),
            done: None,
            blocked: String::new(),
        })
        .collect();
    let name = if product.title.trim().is_empty() {
        product.sku.clone()
    } else {
        product.title.chars().take(60).collect()
    };
    let mut l = Listing {
        meta: Meta::new(id, now_ms),
        product_id: product.meta.id.clone(),
        name: if name.trim().is_empty() {
            product.meta.id.clone()
        } else {
            name
        },
        kind,
        steps,
        main_images: None,
        override_reason: String::new(),
    };
    l.bump(now_ms);
    l
}

/// Why a step cannot be marked done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepError {
    /// No such step.
    NoStep,
    /// An earlier step is not done yet (its index).
    EarlierOpen(usize),
    /// The mutual check: these automatic checks fail and no override reason was given.
    ChecksFail(Vec<AutoCheck>),
    /// The product is gone: the mutual check cannot run.
    NoProduct,
    /// The override reason is longer than allowed.
    ReasonTooLong,
}

/// Mark step `i` done on `today`. Steps go in order. The mutual check needs every automatic
/// check to pass (`checks`), or an override reason (kept on the listing, cleared otherwise).
/// Marking done clears the step's blocked reason.
pub fn mark_done(
    l: &mut Listing,
    i: usize,
    today: NaiveDate,
    checks: Option<&[AutoCheck]>,
    override_reason: &str,
) -> Result<(), StepError> {
    if i >= STEPS || i >= l.steps.len() {
        return Err(StepError::NoStep);
    }
    if let Some(open) = l.steps.iter().take(i).position(|s| s.done.is_none()) {
        return Err(StepError::EarlierOpen(open));
    }
    let reason = override_reason.trim();
    if i == CHECK_STEP {
        let checks = checks.ok_or(StepError::NoProduct)?;
        let failing: Vec<AutoCheck> = checks.iter().filter(|c| !c.passes()).copied().collect();
        if reason.chars().count() > MAX_REASON {
            return Err(StepError::ReasonTooLong);
        }
        if !failing.is_empty() && reason.is_empty() {
            return Err(StepError::ChecksFail(failing));
        }
        l.override_reason = if failing.is_empty() {
            String::new()
        } else {
            reason.to_string()
        };
    }
    if let Some(s) = l.steps.get_mut(i) {
        s.done = Some(today);
        s.blocked.clear();
    }
    Ok(())
}

/// Reopen step `i`: it and every later step are no longer done (the override goes with the
/// mutual check).
pub fn reopen(l: &mut Listing, i: usize) {
    for s in l.steps.iter_mut().skip(i) {
        s.done = None;
    }
    if i <= CHECK_STEP {
        l.override_reason.clear();
    }
}

/// A typed 主图 count that is not a whole number 0–[`MAX_IMAGES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadImages;

/// A typed 主图 count: empty clears it; else a whole number 0–[`MAX_IMAGES`].
pub fn parse_images(s: &str) -> Result<Option<u32>, BadImages> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_IMAGES)
        .map(Some)
        .ok_or(BadImages)
}

/// Steps overdue on `today`: not done, due before today.
pub fn overdue(l: &Listing, today: NaiveDate) -> bool {
    current_step(l)
        .and_then(|c| l.steps.get(c))
        .and_then(|s| s.due)
        .is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fen, ProductRole};

    const T: i64 = 1_764_000_000_000;

    fn d(s: &str) -> NaiveDate {
        crate::model::date::parse_ymd(s).expect("date")
    }

    fn product(title: &str) -> Product {
        let mut p = Product::new("p1".into(), T);
        p.sku = "SKU-1".into();
        p.item_id = "600000000001".into();
        p.title = title.into();
        p.category = "女装/连衣裙".into();
        p.list_price = Fen(19_900);
        p.cost = Fen(8_000);
        p.role = ProductRole::Hero;
        p
    }

    fn ws_with(p: Product) -> Workspace {
        let mut ws = Workspace::default();
        ws.records.put(crate::model::AnyRecord::Product(p));
        ws
    }

    #[test]
    fn a_listing_moves_through_the_steps_in_order() {
        let p = product("2026冬季新款 羊毛连衣裙 女 中长款 修身显瘦 气质 长袖 针织裙");
        let members = vec![
            ("m-photo".to_string(), "photographer".to_string()),
            ("m-asst".to_string(), "assistant".to_string()),
            ("m-spec".to_string(), "specialist".to_string()),
        ];
        let mut l = new_listing(
            "l1".into(),
            &p,
            ListingKind::New,
            d("2026-12-01"),
            &members,
            T,
        );
        assert_eq!(l.steps.len(), STEPS);
        assert_eq!(l.steps[0].owner, "m-photo");
        assert_eq!(l.steps[1].owner, "m-asst");
        assert_eq!(l.steps[2].owner, "", "no designer in the team");
        assert_eq!(l.steps[4].owner, "m-spec");
        assert_eq!(l.steps[0].due, Some(d("2026-12-03")));
        assert_eq!(l.steps[4].due, Some(d("2026-12-08")));
        assert_eq!(current_step(&l), Some(0));
        // not out of order
        assert_eq!(
            mark_done(&mut l, 2, d("2026-12-02"), None, ""),
            Err(StepError::EarlierOpen(0))
        );
        l.steps[0].blocked = "样品未到".into();
        assert!(overdue(&l, d("2026-12-04")));
        assert!(!overdue(&l, d("2026-12-03")));
        for i in 0..CHECK_STEP {
            assert_eq!(mark_done(&mut l, i, d("2026-12-02"), None, ""), Ok(()));
        }
        assert_eq!(l.steps[0].blocked, "", "done clears the block");
        assert_eq!(current_step(&l), Some(CHECK_STEP));
        let ws = ws_with(p);
        let checks = auto_checks(&l, &ws, d("2026-12-02")).expect("product");
        // only the main images are missing
        let failing: Vec<&str> = checks
            .iter()
            .filter(|c| !c.passes())
            .map(|c| c.key())
            .collect();
        assert_eq!(failing, vec!["images"]);
        assert_eq!(
            mark_done(&mut l, CHECK_STEP, d("2026-12-02"), Some(&checks), "  "),
            Err(StepError::ChecksFail(vec![AutoCheck::MainImages {
                count: None
            }]))
        );
        assert_eq!(current_step(&l), Some(CHECK_STEP), "still at the check");
        l.main_images = parse_images(" 5 ").expect("count");
        let checks = auto_checks(&l, &ws, d("2026-12-02")).expect("product");
        assert!(checks.iter().all(AutoCheck::passes));
        assert_eq!(
            mark_done(&mut l, CHECK_STEP, d("2026-12-03"), Some(&checks), "x"),
            Ok(())
        );
        assert_eq!(l.override_reason, "", "no override when everything passes");
        assert_eq!(current_step(&l), None);
        let b = board(std::slice::from_ref(&l));
        assert_eq!(b[STEPS].len(), 1);
        reopen(&mut l, 3);
        assert_eq!(current_step(&l), Some(3));
        assert!(l.steps[4].done.is_none());
    }

    #[test]
    fn a_failing_title_blocks_the_check_unless_overridden_with_a_reason() {
        let p = product("全网最低价 最好的连衣裙");
        let mut l = new_listing(
            "l2".into(),
            &p,
            ListingKind::Rework,
            d("2026-12-01"),
            &[],
            T,
        );
        l.main_images = Some(5);
        for i in 0..CHECK_STEP {
            mark_done(&mut l, i, d("2026-12-02"), None, "").expect("in order");
        }
        let ws = ws_with(p);
        let checks = auto_checks(&l, &ws, d("2026-12-02")).expect("product");
        let title = checks.iter().find(|c| c.key() == "title").copied();
        assert!(matches!(title, Some(AutoCheck::Title { issues }) if issues >= 2));
        assert!(matches!(
            mark_done(&mut l, CHECK_STEP, d("2026-12-02"), Some(&checks), ""),
            Err(StepError::ChecksFail(f)) if f.len() == 1 && f[0].key() == "title"
        ));
        let long = "长".repeat(MAX_REASON + 1);
        assert_eq!(
            mark_done(&mut l, CHECK_STEP, d("2026-12-02"), Some(&checks), &long),
            Err(StepError::ReasonTooLong)
        );
        assert_eq!(
            mark_done(
                &mut l,
                CHECK_STEP,
                d("2026-12-02"),
                Some(&checks),
                " 品牌授权文件已备案 "
            ),
            Ok(())
        );
        assert_eq!(l.override_reason, "品牌授权文件已备案");
        reopen(&mut l, CHECK_STEP);
        assert_eq!(l.override_reason, "", "reopening drops the override");
    }

    #[test]
    fn missing_price_cost_category_and_a_gone_product_are_caught() {
        let mut p = product("羊毛连衣裙 女 冬季 针织");
        p.cost = Fen(0);
        p.category = " ".into();
        let l = new_listing("l3".into(), &p, ListingKind::New, d("2026-12-01"), &[], T);
        let ws = ws_with(p.clone());
        let checks = auto_checks(&l, &ws, d("2026-12-02")).expect("product");
        let failing: Vec<&str> = checks
            .iter()
            .filter(|c| !c.passes())
            .map(|c| c.key())
            .collect();
        assert_eq!(failing, vec!["price_cost", "images", "category"]);
        let mut gone = p;
        gone.meta.deleted = true;
        assert_eq!(auto_checks(&l, &ws_with(gone), d("2026-12-02")), None);
        let mut l2 = l.clone();
        for i in 0..CHECK_STEP {
            mark_done(&mut l2, i, d("2026-12-02"), None, "").expect("in order");
        }
        assert_eq!(
            mark_done(&mut l2, CHECK_STEP, d("2026-12-02"), None, "x"),
            Err(StepError::NoProduct)
        );
        assert_eq!(parse_images("21"), Err(BadImages));
        assert_eq!(parse_images("-1"), Err(BadImages));
        assert_eq!(parse_images("三"), Err(BadImages));
        assert_eq!(parse_images(""), Ok(None));
    }

    #[test]
    fn the_price_guard_flags_a_promotion_that_sells_below_cost() {
        let p = product("羊毛连衣裙 女 冬季 针织");
        let mut ws = ws_with(p.clone());
        let sample = crate::sample::sample_workspace(T);
        let promos = crate::sample::promos::sample_promotions(&sample.products, d("2026-12-01"), T);
        // a sample promotion with items, pointed at this product at a price below its cost
        let Some(mut promo) = promos.iter().find(|x| !x.items.is_empty()).cloned() else {
            panic!("sample has an item promotion");
        };
        promo.status = PromoStatus::Planned;
        if let Some(it) = promo.items.first_mut() {
            it.product_id = p.meta.id.clone();
            it.discount = Some(crate::model::ItemDiscount::FixedPrice { price: Fen(5_000) });
        }
        promo.items.truncate(1);
        let end = promo
            .phases
            .price_days()
            .iter()
            .map(|r| r.end)
            .max()
            .expect("price days");
        ws.records.put(crate::model::AnyRecord::Promotion(promo));
        let l = new_listing("l4".into(), &p, ListingKind::New, d("2026-12-01"), &[], T);
        let checks = auto_checks(&l, &ws, end).expect("product");
        assert!(
            checks.contains(&AutoCheck::PriceGuard { promotions: 1 }),
            "{checks:?}"
        );
        // over: no longer guarded
        let after = end + Duration::days(1);
        let checks = auto_checks(&l, &ws, after).expect("product");
        assert!(checks.contains(&AutoCheck::PriceGuard { promotions: 0 }));
    }
}
