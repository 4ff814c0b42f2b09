//! Promotions (促销活动) and platform events (平台大促) as the director and specialist plan them.
//! Both are shared records (id, revision, tombstone) so they travel and merge through plan files
//! exactly like products. Rules follow the domain reference §3; uncertain values are data the
//! user edits, never constants.

use super::{Fen, Meta, Record};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An inclusive range of calendar days (UTC+8 dates).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub end: NaiveDate,
}

impl DateRange {
    pub fn new(start: NaiveDate, end: NaiveDate) -> DateRange {
        DateRange { start, end }
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
    pub fn overlaps(&self, o: &DateRange) -> bool {
        self.start <= o.end && o.start <= self.end
    }
    /// Number of days, inclusive (0 when the range is inverted).
    pub fn days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }
}

/// Where a promotion is in its life (idea → planned → registered → approved → live → done →
/// reviewed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PromoStatus {
    #[default]
    Idea,
    Planned,
    Registered,
    Approved,
    Live,
    Done,
    Reviewed,
}

impl PromoStatus {
    pub const ALL: [PromoStatus; 7] = [
        Self::Idea,
        Self::Planned,
        Self::Registered,
        Self::Approved,
        Self::Live,
        Self::Done,
        Self::Reviewed,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Self::Idea => "idea",
            Self::Planned => "planned",
            Self::Registered => "registered",
            Self::Approved => "approved",
            Self::Live => "live",
            Self::Done => "done",
            Self::Reviewed => "reviewed",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// Who owns the promotion in the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OwnerRole {
    /// 运营总监
    Director,
    /// 运营专员
    #[default]
    Specialist,
    /// 运营助理
    Assistant,
}

impl OwnerRole {
    pub const ALL: [OwnerRole; 3] = [Self::Director, Self::Specialist, Self::Assistant];
    pub fn key(self) -> &'static str {
        match self {
            Self::Director => "director",
            Self::Specialist => "specialist",
            Self::Assistant => "assistant",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// An item-level price change (单品宝 or a platform activity price) for one product (SKU).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemDiscount {
    /// 打折: the buyer pays this share of the list price, in basis points (8折 = 8000).
    /// The result is rounded to the nearest fen, halves up.
    Percent { pay_bp: u32 },
    /// 减钱: this much off the list price (never below zero).
    AmountOff { off: Fen },
    /// 促销价: this price.
    FixedPrice { price: Fen },
}

impl ItemDiscount {
    /// The item-level unit price this discount gives on `list` (never below zero).
    pub fn apply(self, list: Fen) -> Fen {
        let v = match self {
            ItemDiscount::Percent { pay_bp } => {
                let p = i128::from(list.0) * i128::from(pay_bp);
                // round half up to the fen
                ((p + 5_000) / 10_000) as i64
            }
            ItemDiscount::AmountOff { off } => list.0.saturating_sub(off.0),
            ItemDiscount::FixedPrice { price } => price.0,
        };
        Fen(v.max(0))
    }
}

/// A product (SKU) taking part in a promotion, with its item-level discount where the tool has
/// one (单品宝, platform activity price) and the stock committed to the activity (参与活动库存).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoItem {
    pub product_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<ItemDiscount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
}

/// What a 店铺宝 threshold counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdBasis {
    /// 满X元 (fen, item-level amount, postage excluded)
    #[default]
    Amount,
    /// 满X件 (units)
    Count,
}

/// What a reached 店铺宝 tier gives.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Benefit {
    /// 减钱
    AmountOff { off: Fen },
    /// 打折: pay this share, basis points (9折 = 9000)
    Percent { pay_bp: u32 },
    /// 送赠品: a gift the store pays for (its cost counts against margin, not the price)
    Gift { name: String, cost: Fen },
}

/// One tier of a 店铺宝: reaching `threshold` (fen or units, per the basis) gives `benefit`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tier {
    pub threshold: i64,
    pub benefit: Benefit,
}

/// Platform activity channels with an item-level activity price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlatformChannel {
    /// 聚划算
    #[default]
    Juhuasuan,
    /// 百亿补贴
    Billion,
    /// 淘抢购
    Taoqianggou,
    /// 官方立减
    OfficialCut,
}

impl PlatformChannel {
    pub const ALL: [PlatformChannel; 4] = [
        Self::Juhuasuan,
        Self::Billion,
        Self::Taoqianggou,
        Self::OfficialCut,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Self::Juhuasuan => "juhuasuan",
            Self::Billion => "billion",
            Self::Taoqianggou => "taoqianggou",
            Self::OfficialCut => "official_cut",
        }
    }
}

/// Coupon scope: the whole shop (店铺优惠券) or only the promotion's products (商品优惠券).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CouponScope {
    #[default]
    Store,
    Items,
}

/// The tool and its rule. Which products it touches is [`Promotion::items`]; for 店铺宝, coupons
/// and 跨店满减 an empty list means every product in the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tool", rename_all = "snake_case")]
pub enum PromoRule {
    /// 单品宝 (item level): each item's `discount`.
    Single,
    /// Platform activity price (聚划算 / 百亿补贴 / 淘抢购 / 官方立减), item level: each item's
    /// `discount`.
    Platform { channel: PlatformChannel },
    /// 店铺宝 (store level): tiers by amount or count; `repeat` = 每满 (the single tier repeats).
    StoreWide {
        basis: ThresholdBasis,
        tiers: Vec<Tier>,
        #[serde(default)]
        repeat: bool,
    },
    /// 搭配宝 (store level): the items together cost `price` per complete set.
    Bundle { price: Fen },
    /// 店铺/商品优惠券: `face` off when the item-level amount reaches `threshold` (0 = no
    /// threshold). One coupon per order per shop.
    Coupon {
        scope: CouponScope,
        face: Fen,
        threshold: Fen,
    },
    /// 跨店满减 (platform event, merchant-funded): 每满 `every` 减 `off`, threshold checked on the
    /// item-level amount in parallel with the coupon.
    CrossStore { every: Fen, off: Fen },
}

impl PromoRule {
    pub fn tool_key(&self) -> &'static str {
        match self {
            PromoRule::Single => "single",
            PromoRule::Platform { .. } => "platform",
            PromoRule::StoreWide { .. } => "store_wide",
            PromoRule::Bundle { .. } => "bundle",
            PromoRule::Coupon { .. } => "coupon",
            PromoRule::CrossStore { .. } => "cross_store",
        }
    }
    /// Tools whose price lives on each item.
    pub fn is_item_level(&self) -> bool {
        matches!(self, PromoRule::Single | PromoRule::Platform { .. })
    }
}

/// The dated phases of a promotion or platform event. `main` is when the prices apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phases {
    pub main: DateRange,
    /// 报名截止
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::date::de_ymd_opt"
    )]
    pub registration_deadline: Option<NaiveDate>,
    /// 预热
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<DateRange>,
    /// 预售定金
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale_deposit: Option<DateRange>,
    /// 尾款
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale_balance: Option<DateRange>,
    /// 返场 / 第二波
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_wave: Option<DateRange>,
    /// 价保结束
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::date::de_ymd_opt"
    )]
    pub price_protection_end: Option<NaiveDate>,
}

impl Phases {
    pub fn new(main: DateRange) -> Phases {
        Phases {
            main,
            registration_deadline: None,
            warmup: None,
            presale_deposit: None,
            presale_balance: None,
            return_wave: None,
            price_protection_end: None,
        }
    }

    /// Days on which the promotion's prices are in force: main wave plus return wave.
    pub fn price_days(&self) -> Vec<DateRange> {
        let mut v = vec![self.main];
        if let Some(r) = self.return_wave {
            v.push(r);
        }
        v
    }

    /// First and last day of anything the plan covers (for timelines).
    pub fn span(&self) -> DateRange {
        let mut s = self.main;
        let mut widen = |r: DateRange| {
            s.start = s.start.min(r.start);
            s.end = s.end.max(r.end);
        };
        for r in [
            self.warmup,
            self.presale_deposit,
            self.presale_balance,
            self.return_wave,
        ]
        .into_iter()
        .flatten()
        {
            widen(r);
        }
        if let Some(d) = self.registration_deadline {
            widen(DateRange::new(d, d));
        }
        if let Some(d) = self.price_protection_end {
            widen(DateRange::new(d, d));
        }
        s
    }
}

/// A planned promotion (促销活动).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Promotion {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    pub rule: PromoRule,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PromoItem>,
    pub phases: Phases,
    #[serde(default)]
    pub status: PromoStatus,
    #[serde(default)]
    pub owner: OwnerRole,
    /// 推广/活动预算
    #[serde(default)]
    pub budget: Fen,
    /// 目标 GMV
    #[serde(default)]
    pub target_gmv: Fen,
    /// 目标件数
    #[serde(default)]
    pub target_units: i64,
    /// 淘宝客 commission paid on this promotion's sales, basis points of the paid amount.
    #[serde(default)]
    pub affiliate_bp: u32,
    /// 渠道 (free text tags: 手淘搜索, 直播, 淘宝客 ...)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// The platform event this promotion belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Record for Promotion {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
}

impl super::Shared for Promotion {
    const KEY: &'static str = "sop/promotions";
    const SECTION: &'static str = "promotions";
    fn label(&self) -> &str {
        &self.name
    }
    fn validate(
        v: &serde_json::Value,
        path: &str,
        strict: bool,
    ) -> Result<Vec<Self>, Vec<crate::formats::validate::FieldError>> {
        crate::formats::validate::promotions_with(v, path, strict)
    }
}

impl Promotion {
    /// A new idea-stage 单品宝 promotion over `main` with a first revision.
    pub fn new(id: String, name: String, main: DateRange, now_ms: i64) -> Promotion {
        let mut p = Promotion {
            meta: Meta::new(id, now_ms),
            name,
            rule: PromoRule::Single,
            items: Vec::new(),
            phases: Phases::new(main),
            status: PromoStatus::Idea,
            owner: OwnerRole::Specialist,
            budget: Fen::ZERO,
            target_gmv: Fen::ZERO,
            target_units: 0,
            affiliate_bp: 0,
            channels: Vec::new(),
            event_id: None,
            notes: String::new(),
        };
        p.bump(now_ms);
        p
    }

    /// Does this promotion touch the product? (Store-wide tools with no item list touch all.)
    pub fn covers(&self, product_id: &str) -> bool {
        if self.items.is_empty() {
            return matches!(
                self.rule,
                PromoRule::StoreWide { .. }
                    | PromoRule::Coupon {
                        scope: CouponScope::Store,
                        ..
                    }
                    | PromoRule::CrossStore { .. }
            );
        }
        self.items.iter().any(|i| i.product_id == product_id)
    }

    /// A store-wide tool with no item list: it touches every product (shown as 全店).
    pub fn covers_all(&self) -> bool {
        self.items.is_empty() && self.covers("")
    }

    pub fn item(&self, product_id: &str) -> Option<&PromoItem> {
        self.items.iter().find(|i| i.product_id == product_id)
    }

    /// Is the promotion's price in force on `d` (main or return wave)?
    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.phases.price_days().iter().any(|r| r.contains(d))
    }
}

/// A platform event (年货节, 38节, 618, 99划算节, 双11, 双12 ...) with its typical phases. Seeded
/// for this year and next with stable ids (`evt-2026-618`) so two teammates' seeds are the same
/// record; every date is the user's to adjust.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformEvent {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    pub phases: Phases,
    /// 跨店满减 / 官方立减 mechanics as text the team keeps (levels change every year).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The team checked the dates against this year's rules (招商规则): seeded dates no longer
    /// show as "typical".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checked: bool,
}

impl Record for PlatformEvent {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
}

/// The platform event calendar (seeded on first run, edited by the user).
impl super::Shared for PlatformEvent {
    const KEY: &'static str = "sop/events";
    const SECTION: &'static str = "events";
    fn label(&self) -> &str {
        &self.name
    }
    fn validate(
        v: &serde_json::Value,
        path: &str,
        strict: bool,
    ) -> Result<Vec<Self>, Vec<crate::formats::validate::FieldError>> {
        crate::formats::validate::events_with(v, path, strict)
    }
}

/// A list-price change kept on the product (for "event price below the lowest price of the last
/// N days"): from `date` on, the list price was `price`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PricePoint {
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub date: NaiveDate,
    pub price: Fen,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn percent_discount_rounds_half_up_to_the_fen() {
        // 8.5折 of ¥99.99 = 8499.15 fen → 8499
        let p = ItemDiscount::Percent { pay_bp: 8500 }.apply(Fen(9999));
        assert_eq!(p, Fen(8499));
        // 9.5折 of ¥0.01... 0.95 fen → 1 fen
        assert_eq!(ItemDiscount::Percent { pay_bp: 9500 }.apply(Fen(1)), Fen(1));
        assert_eq!(
            ItemDiscount::AmountOff { off: Fen(500) }.apply(Fen(300)),
            Fen(0)
        );
    }

    #[test]
    fn serde_shape_is_tagged_and_readable() {
        let mut p = Promotion::new(
            "p1".into(),
            "双11".into(),
            DateRange::new(d("2026-11-01"), d("2026-11-11")),
            0,
        );
        p.rule = PromoRule::StoreWide {
            basis: ThresholdBasis::Amount,
            tiers: vec![Tier {
                threshold: 30000,
                benefit: Benefit::AmountOff { off: Fen(3000) },
            }],
            repeat: true,
        };
        let j = serde_json::to_value(&p).unwrap();
        assert_eq!(j["rule"]["tool"], "store_wide");
        assert_eq!(j["phases"]["main"]["start"], "2026-11-01");
        let back: Promotion = serde_json::from_value(j).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn store_wide_without_items_covers_everything() {
        let mut p = Promotion::new(
            "p".into(),
            "x".into(),
            DateRange::new(d("2026-01-01"), d("2026-01-02")),
            0,
        );
        assert!(!p.covers("a"), "单品宝 with no items covers nothing");
        p.rule = PromoRule::CrossStore {
            every: Fen(30000),
            off: Fen(5000),
        };
        assert!(p.covers("a"));
        assert!(p.covers_all());
        assert!(p.active_on(d("2026-01-02")));
        assert!(!p.active_on(d("2026-01-03")));
    }
}
