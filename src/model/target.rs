//! The director's year (年度目标与利润计划): a sales target split into months, the drivers that
//! turn it into traffic and budget, and the costs that turn it into profit. One record per plan;
//! a scenario ("乐观", "保守", ...) is another plan of the same year with its own name.
//! The rules that split, derive and compare live in `core::targets`.

use super::{Fen, Meta, Record};
use serde::{Deserialize, Serialize};

/// Months in a plan: always exactly twelve, January first.
pub const MONTHS: usize = 12;

/// One month of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MonthTarget {
    /// 支付金额目标, in fen.
    pub gmv: Fen,
    /// Pinned: re-spreading the year or another month never changes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// This month's 支付转化率 in basis points (350 = 3.50%); none: the plan's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_bp: Option<u32>,
    /// This month's 客单价; none: the plan's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aov: Option<Fen>,
    /// This month's 推广占比 (ad spend ÷ 支付金额) in basis points; none: the plan's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_ratio_bp: Option<u32>,
}

/// The plan-wide drivers: what a month uses unless it has its own value. Rates in basis points
/// of one (100 = 1.00%).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drivers {
    /// 支付转化率 (paying buyers ÷ visitors).
    pub conversion_bp: u32,
    /// 客单价 (支付金额 ÷ paying buyers).
    pub aov: Fen,
    /// 退款率 (refunds ÷ 支付金额).
    pub refund_bp: u32,
    /// 付费流量占比 (paid visitors ÷ visitors).
    pub paid_share_bp: u32,
    /// 推广占比 (ad spend ÷ 支付金额).
    pub ad_ratio_bp: u32,
    /// 淘宝客佣金占比 (commission ÷ 支付金额).
    pub affiliate_bp: u32,
    /// 毛利率 of net sales; none: from the catalog's costs and list prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_margin_bp: Option<u32>,
    /// Platform fees (类目扣点 + 积分) of net sales; none: the store profile's rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_bp: Option<u32>,
    /// Shipping and packaging cost per order.
    pub shipping_per_order: Fen,
}

impl Default for Drivers {
    fn default() -> Drivers {
        Drivers {
            conversion_bp: 300,
            aov: Fen(15_000),
            refund_bp: 1_000,
            paid_share_bp: 3_000,
            ad_ratio_bp: 1_000,
            affiliate_bp: 0,
            gross_margin_bp: None,
            fee_bp: None,
            shipping_per_order: Fen(800),
        }
    }
}

/// A fixed monthly cost line (staff, rent, design, software...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CostLine {
    pub name: String,
    /// Per month, in fen.
    pub monthly: Fen,
}

/// What a budget line pays for: an ad channel (its spend is read from the imported metrics), or
/// a cost the metrics do not show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetKind {
    /// 关键词推广 / 直通车
    Search,
    /// 人群推广 / 引力魔方
    Display,
    /// 货品全站推广
    Site,
    /// 淘宝客
    Affiliate,
    /// Other ads
    OtherAds,
    /// Promotions (discounts, coupons, gifts)
    Promotions,
    /// Content (短视频, 直播, 种草)
    Content,
    /// Staff incentives
    Staff,
    Other,
}

impl BudgetKind {
    pub const ALL: [BudgetKind; 9] = [
        BudgetKind::Search,
        BudgetKind::Display,
        BudgetKind::Site,
        BudgetKind::Affiliate,
        BudgetKind::OtherAds,
        BudgetKind::Promotions,
        BudgetKind::Content,
        BudgetKind::Staff,
        BudgetKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BudgetKind::Search => "search",
            BudgetKind::Display => "display",
            BudgetKind::Site => "site",
            BudgetKind::Affiliate => "affiliate",
            BudgetKind::OtherAds => "other_ads",
            BudgetKind::Promotions => "promotions",
            BudgetKind::Content => "content",
            BudgetKind::Staff => "staff",
            BudgetKind::Other => "other",
        }
    }

    pub fn from_key(k: &str) -> Option<BudgetKind> {
        BudgetKind::ALL.into_iter().find(|b| b.key() == k)
    }

    /// The ad channel whose imported spend is this line's spend.
    pub fn ad_channel(self) -> Option<super::metrics::AdChannel> {
        use super::metrics::AdChannel;
        Some(match self {
            BudgetKind::Search => AdChannel::Search,
            BudgetKind::Display => AdChannel::Display,
            BudgetKind::Site => AdChannel::Site,
            BudgetKind::Affiliate => AdChannel::Affiliate,
            BudgetKind::OtherAds => AdChannel::Other,
            _ => return None,
        })
    }

    pub fn of_channel(c: super::metrics::AdChannel) -> BudgetKind {
        use super::metrics::AdChannel;
        match c {
            AdChannel::Search => BudgetKind::Search,
            AdChannel::Display => BudgetKind::Display,
            AdChannel::Site => BudgetKind::Site,
            AdChannel::Affiliate => BudgetKind::Affiliate,
            AdChannel::Other => BudgetKind::OtherAds,
        }
    }
}

/// A budget line (预算): what is planned to be spent on one thing each month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub kind: BudgetKind,
    /// A name of the team's (e.g. 双11 直播); empty: the kind's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Planned per month, January first: always twelve.
    pub planned: Vec<Fen>,
}

impl BudgetLine {
    pub fn new(kind: BudgetKind, name: String) -> BudgetLine {
        BudgetLine {
            kind,
            name,
            planned: vec![Fen::ZERO; MONTHS],
        }
    }
}

/// A typed share of a level of the store (a category's of the store, an item's of its
/// category), in basis points of one (2500 = 25.00%). Levels without one take their share
/// from last year's sales.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The category's name, or the item's key (商品ID; the product's id without one).
    pub key: String,
    pub share_bp: u32,
}

/// What the year's headline target counts: 支付金额 (the months' figure), 净支付金额 (less
/// refunds) or 净利润 (operating profit). The months are always 支付金额; a net or profit
/// headline is turned into the 支付金额 that reaches it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Headline {
    #[default]
    Gmv,
    Net,
    Profit,
}

impl Headline {
    pub const ALL: [Headline; 3] = [Headline::Gmv, Headline::Net, Headline::Profit];
    pub fn key(self) -> &'static str {
        match self {
            Headline::Gmv => "gmv",
            Headline::Net => "net",
            Headline::Profit => "profit",
        }
    }
    pub fn from_key(k: &str) -> Option<Headline> {
        Headline::ALL.into_iter().find(|h| h.key() == k)
    }
    fn is_gmv(&self) -> bool {
        *self == Headline::Gmv
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct TargetPlan {
    #[serde(flatten)]
    pub meta: Meta,
    /// The calendar year planned.
    pub year: i32,
    /// The scenario's name (基准, 乐观, 保守...).
    pub name: String,
    /// The year's 支付金额 target; the months always add up to it exactly.
    pub target: Fen,
    /// Twelve months, January first.
    pub months: Vec<MonthTarget>,
    pub drivers: Drivers,
    /// Fixed monthly costs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<CostLine>,
    /// Budget lines (ads per channel, promotions, content, staff...), planned per month.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget: Vec<BudgetLine>,
    /// Typed category shares (类目/系列); the others follow last year's sales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_shares: Vec<Share>,
    /// Typed item shares within their category; the others follow last year's sales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_shares: Vec<Share>,
    /// What the headline target counts (the months are 支付金额 whatever it is).
    #[serde(default, skip_serializing_if = "Headline::is_gmv")]
    pub headline: Headline,
    /// The headline target as typed, when it is not 支付金额 (净支付金额 or 净利润, fen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline_target: Option<Fen>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The plan this scenario was copied from; none for a year's main plan (the one the
    /// Dashboard measures against).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

impl Record for TargetPlan {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
}

impl super::Shared for TargetPlan {
    const KEY: &'static str = "sop/targets";
    const SECTION: &'static str = "targets";
    fn label(&self) -> &str {
        &self.name
    }
    fn validate(
        v: &serde_json::Value,
        path: &str,
        strict: bool,
    ) -> Result<Vec<Self>, Vec<crate::formats::validate::FieldError>> {
        crate::formats::validate::targets_with(v, path, strict)
    }
}

impl TargetPlan {
    /// A new plan for `year` with no target yet (twelve empty months), first revision.
    pub fn new(id: String, year: i32, name: String, now_ms: i64) -> TargetPlan {
        let mut p = TargetPlan {
            meta: Meta::new(id, now_ms),
            year,
            name,
            months: vec![MonthTarget::default(); MONTHS],
            ..TargetPlan::default()
        };
        p.bump(now_ms);
        p
    }

    /// A month's 支付转化率, its own or the plan's.
    pub fn conversion_bp(&self, m: usize) -> u32 {
        self.months
            .get(m)
            .and_then(|x| x.conversion_bp)
            .unwrap_or(self.drivers.conversion_bp)
    }

    /// A month's 客单价, its own or the plan's.
    pub fn aov(&self, m: usize) -> Fen {
        self.months
            .get(m)
            .and_then(|x| x.aov)
            .unwrap_or(self.drivers.aov)
    }

    /// A month's 推广占比, its own or the plan's.
    pub fn ad_ratio_bp(&self, m: usize) -> u32 {
        self.months
            .get(m)
            .and_then(|x| x.ad_ratio_bp)
            .unwrap_or(self.drivers.ad_ratio_bp)
    }

    /// Fixed costs per month, in fen.
    pub fn fixed_monthly(&self) -> i64 {
        self.fixed
            .iter()
            .fold(0i64, |a, l| a.saturating_add(l.monthly.0))
    }
}
