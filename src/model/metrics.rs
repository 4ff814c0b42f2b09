//! Daily facts imported from 生意参谋 and 万相台 exports. Only additive facts are kept; every
//! ratio (转化率, 客单价, ROI, CTR...) is computed from sums when shown, never stored or averaged.
//! Money in fen. A day is counted in the platform's time zone (UTC+8).

use super::Fen;
use serde::{Deserialize, Serialize};

/// A calendar day as the number of days since 1970-01-01 (the platform's day, UTC+8).
pub type Day = i32;

/// Store-level facts of one day (店铺整体 / 首页概览).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreDay {
    pub day: Day,
    /// 访客数
    pub visitors: u64,
    /// 浏览量
    pub page_views: u64,
    /// 加购人数
    pub cart_buyers: u64,
    /// 下单买家数
    pub order_buyers: u64,
    /// 下单金额
    pub order_amount: Fen,
    /// 支付买家数
    pub paying_buyers: u64,
    /// 支付件数
    pub paid_units: u64,
    /// 支付金额 (includes postage, refunds not deducted)
    pub paid_amount: Fen,
    /// 成功退款金额
    pub refund_amount: Fen,
    /// 直通车 / 关键词推广花费
    pub spend_search: Fen,
    /// 钻展 / 引力魔方 / 精准人群推广花费
    pub spend_display: Fen,
    /// 淘宝客佣金
    pub spend_affiliate: Fen,
    /// 全站推广 / 万相台 / other paid tools
    pub spend_other: Fen,
}

/// Product-level facts of one day (商品效果 / 商品_全部).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDay {
    pub day: Day,
    /// 商品ID, digits as text
    pub item_id: String,
    /// 商品访客数
    pub visitors: u64,
    /// 商品浏览量
    pub page_views: u64,
    /// 商品加购人数
    pub cart_buyers: u64,
    /// 商品加购件数
    pub cart_units: u64,
    /// 下单买家数
    pub order_buyers: u64,
    /// 支付买家数
    pub paying_buyers: u64,
    /// 支付件数
    pub paid_units: u64,
    /// 支付金额
    pub paid_amount: Fen,
    /// 成功退款金额
    pub refund_amount: Fen,
}

/// Paid channel of an ad row.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AdChannel {
    /// 直通车 / 关键词推广
    Search,
    /// 钻展 / 引力魔方 / 人群推广
    Display,
    /// 货品全站推广
    Site,
    /// 淘宝客
    Affiliate,
    #[default]
    Other,
}

impl AdChannel {
    /// A small stable number for compact encodings (the stored metrics, the import worker's
    /// records); [`AdChannel::from_code`] reads it back.
    pub fn code(self) -> u64 {
        match self {
            AdChannel::Search => 0,
            AdChannel::Display => 1,
            AdChannel::Site => 2,
            AdChannel::Affiliate => 3,
            AdChannel::Other => 4,
        }
    }

    pub fn from_code(code: u64) -> Option<AdChannel> {
        Some(match code {
            0 => AdChannel::Search,
            1 => AdChannel::Display,
            2 => AdChannel::Site,
            3 => AdChannel::Affiliate,
            4 => AdChannel::Other,
            _ => return None,
        })
    }
}

/// One plan (计划), optionally one product (主体ID), one day, from 万相台 / 直通车 reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdDay {
    pub day: Day,
    pub channel: AdChannel,
    /// 计划ID
    pub plan_id: String,
    /// 计划名字
    pub plan_name: String,
    /// 主体ID (= 商品ID) in product reports; empty in plan reports
    pub item_id: String,
    /// 展现量
    pub impressions: u64,
    /// 点击量
    pub clicks: u64,
    /// 花费
    pub spend: Fen,
    /// 直接成交金额
    pub direct_amount: Fen,
    /// 总成交金额
    pub total_amount: Fen,
    /// 总成交笔数
    pub total_orders: u64,
    /// 总购物车数
    pub carts: u64,
}
