//! The store profile and the planner's editable settings (uncertain platform values live here,
//! not in constants: see the domain reference §8).

use super::{Fen, Meta, Record};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    #[default]
    Tmall,
    Taobao,
}

/// 店铺资料. A record like any other so that it merges through plan files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreProfile {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub platform: Platform,
    /// 类目佣金 / 软件服务费 rate in basis points of the paid amount (500 = 5%).
    #[serde(default = "default_fee_bp")]
    pub fee_rate_bp: u32,
    /// Postage charged to the buyer per order (运费; 0 for 包邮). It is income: the buyer pays it
    /// on top of the goods. (The JSON key is kept from when one number stood for both sides.)
    #[serde(default)]
    pub default_postage: Fen,
    /// What the store pays the courier per order (物流成本). `None` in records from before the
    /// split, where the one number was also read as the cost: [`StoreProfile::shipping_cost_per_order`]
    /// keeps that meaning. Not written when `None`, so an unchanged record keeps its content bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_cost: Option<Fen>,
}

impl StoreProfile {
    /// Postage charged to the buyer per order (0 for 包邮), never negative.
    pub fn postage_charged(&self) -> Fen {
        Fen(self.default_postage.0.max(0))
    }

    /// Shipping cost the store pays per order: the stored figure, or (records from before the
    /// split) the postage figure, which was then used as the cost as well.
    pub fn shipping_cost_per_order(&self) -> Fen {
        Fen(self.shipping_cost.unwrap_or(self.default_postage).0.max(0))
    }
}

fn default_fee_bp() -> u32 {
    500
}

impl Default for StoreProfile {
    fn default() -> Self {
        StoreProfile {
            meta: Meta::new("store-profile".into(), 0),
            name: String::new(),
            platform: Platform::Tmall,
            fee_rate_bp: default_fee_bp(),
            default_postage: Fen::ZERO,
            shipping_cost: None,
        }
    }
}

impl Record for StoreProfile {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
}

/// What a 店铺宝 counts when a 搭配宝 discount is in the same order (domain reference §3.2
/// step 3: not confirmed in an official text, so a setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StoreWideBase {
    /// Threshold and percent on the amount after the bundle discount (the bundle price charged).
    #[default]
    AfterBundle,
    /// Threshold and percent on the item-level amount before the bundle discount.
    BeforeBundle,
}

/// Settings are personal to this browser (not shared in plan files).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Title limit in platform bytes (CJK = 2, ASCII = 1). 60 on Tmall/Taobao today.
    #[serde(default = "default_title_limit")]
    pub title_limit_bytes: u32,
    /// Words the operator allows in titles although the absolute-term list flags them
    /// (trademarks, "本店最新款", ...).
    #[serde(default)]
    pub title_whitelist: Vec<String>,
    /// Minimum gross margin the store accepts, in basis points (used by the margin flags).
    #[serde(default = "default_min_margin")]
    pub min_margin_bp: i32,
    /// Anomaly rule operators use: a day more than this percent away from its baseline (±30%).
    #[serde(default = "default_anomaly_pct")]
    pub anomaly_threshold_pct: u32,
    /// Look-back window for "event price below the lowest price of the last N days" (7 is the
    /// legal baseline, 15/30 are common platform registration rules).
    #[serde(default = "default_lookback")]
    pub price_lookback_days: u32,
    /// Which amount a 店铺宝 counts next to a 搭配宝 (default: after the bundle; settings saved
    /// before this existed get the default, which the stack now believes to be the rule).
    #[serde(default)]
    pub store_wide_base: StoreWideBase,
    /// Import check: a day's 成功退款金额 may exceed its 支付金额 by this percent of it (refunds
    /// of orders paid on earlier days) before the row is listed for the user to check.
    #[serde(default = "default_refund_pct")]
    pub refund_tolerance_pct: u32,
    /// ... and at least by this amount (a day with few or no payments).
    #[serde(default = "default_refund_min")]
    pub refund_tolerance_min: Fen,
    /// 备货: safety stock in days of the usual sales.
    #[serde(default = "default_week")]
    pub safety_days: u32,
    /// 备货: lead time of a product without its own.
    #[serde(default = "default_week")]
    pub lead_days: u32,
    /// 对账: days from a buyer's payment to the credit in Alipay (confirmation of receipt).
    #[serde(default = "default_confirm_days")]
    pub confirm_days: u32,
}

fn default_confirm_days() -> u32 {
    10
}

fn default_week() -> u32 {
    7
}

fn default_refund_pct() -> u32 {
    50
}

fn default_refund_min() -> Fen {
    Fen(10_000)
}

fn default_lookback() -> u32 {
    30
}

fn default_anomaly_pct() -> u32 {
    30
}

fn default_title_limit() -> u32 {
    60
}
fn default_min_margin() -> i32 {
    1500
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title_limit_bytes: default_title_limit(),
            title_whitelist: Vec::new(),
            min_margin_bp: default_min_margin(),
            anomaly_threshold_pct: default_anomaly_pct(),
            price_lookback_days: default_lookback(),
            store_wide_base: StoreWideBase::default(),
            refund_tolerance_pct: default_refund_pct(),
            refund_tolerance_min: default_refund_min(),
            safety_days: default_week(),
            lead_days: default_week(),
            confirm_days: default_confirm_days(),
        }
    }
}
