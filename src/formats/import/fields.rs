//! The meanings a column can have ([`Field`]), the kinds of file ([`FileKind`]), and the header
//! vocabulary: the exact 生意参谋 / 万相台 / 直通车 headers and English equivalents for plain CSVs,
//! each mapped to a field. Ratio columns (转化率, 客单价, 投产比, 点击率...) are known but ignored:
//! ratios are recomputed from sums, never imported.

use serde::{Deserialize, Serialize};

/// What a column means. `Ignore` columns are read past.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    #[default]
    Ignore,
    /// 统计日期 / 日期
    Date,
    /// 商品ID
    ItemId,
    /// 商品名称 / 主体名称
    ItemName,
    /// 主体ID (万相台 商品报表; = 商品ID)
    SubjectId,
    /// 访客数 / 商品访客数
    Visitors,
    /// 浏览量 / 商品浏览量
    PageViews,
    /// 加购人数 / 商品加购人数
    CartBuyers,
    /// 加购件数 / 商品加购件数
    CartUnits,
    /// 下单买家数
    OrderBuyers,
    /// 下单金额
    OrderAmount,
    /// 支付买家数
    PayingBuyers,
    /// 支付件数
    PaidUnits,
    /// 支付金额
    PaidAmount,
    /// 成功退款金额
    RefundAmount,
    /// 直通车消耗 / 关键词推广花费
    SpendSearch,
    /// 钻石展位消耗 / 精准人群推广花费
    SpendDisplay,
    /// 淘宝客佣金
    SpendAffiliate,
    /// 全站推广花费, 智能场景花费, 万相台消耗 (several columns are added up)
    SpendOther,
    /// 计划ID
    PlanId,
    /// 计划名字
    PlanName,
    /// 场景名字 (gives the ad channel)
    SceneName,
    /// 展现量
    Impressions,
    /// 点击量
    Clicks,
    /// 花费
    Spend,
    /// 直接成交金额
    DirectAmount,
    /// 总成交金额
    TotalAmount,
    /// 总成交笔数
    TotalOrders,
    /// 总购物车数
    Carts,
    /// 平均展现排名: marks the legacy 直通车 report; not stored.
    AvgRank,
}

/// How a field's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    None,
    Date,
    ItemId,
    PlanId,
    Text,
    Count,
    Money,
}

impl Field {
    pub const ALL: [Field; 30] = [
        Field::Ignore,
        Field::Date,
        Field::ItemId,
        Field::ItemName,
        Field::SubjectId,
        Field::Visitors,
        Field::PageViews,
        Field::CartBuyers,
        Field::CartUnits,
        Field::OrderBuyers,
        Field::OrderAmount,
        Field::PayingBuyers,
        Field::PaidUnits,
        Field::PaidAmount,
        Field::RefundAmount,
        Field::SpendSearch,
        Field::SpendDisplay,
        Field::SpendAffiliate,
        Field::SpendOther,
        Field::PlanId,
        Field::PlanName,
        Field::SceneName,
        Field::Impressions,
        Field::Clicks,
        Field::Spend,
        Field::DirectAmount,
        Field::TotalAmount,
        Field::TotalOrders,
        Field::Carts,
        Field::AvgRank,
    ];

    pub fn value_type(self) -> ValueType {
        use Field::*;
        match self {
            Ignore | AvgRank => ValueType::None,
            Date => ValueType::Date,
            ItemId | SubjectId => ValueType::ItemId,
            PlanId => ValueType::PlanId,
            ItemName | PlanName | SceneName => ValueType::Text,
            Visitors | PageViews | CartBuyers | CartUnits | OrderBuyers | PayingBuyers
            | PaidUnits | Impressions | Clicks | TotalOrders | Carts => ValueType::Count,
            OrderAmount | PaidAmount | RefundAmount | SpendSearch | SpendDisplay
            | SpendAffiliate | SpendOther | Spend | DirectAmount | TotalAmount => ValueType::Money,
        }
    }

    /// Whether a file of `kind` stores this field (others are read past).
    pub fn applies_to(self, kind: FileKind) -> bool {
        use Field::*;
        match kind.level() {
            Level::Store => matches!(
                self,
                Date | Visitors
                    | PageViews
                    | CartBuyers
                    | OrderBuyers
                    | OrderAmount
                    | PayingBuyers
                    | PaidUnits
                    | PaidAmount
                    | RefundAmount
                    | SpendSearch
                    | SpendDisplay
                    | SpendAffiliate
                    | SpendOther
            ),
            Level::Product => matches!(
                self,
                Date | ItemId
                    | SubjectId
                    | ItemName
                    | Visitors
                    | PageViews
                    | CartBuyers
                    | CartUnits
                    | OrderBuyers
                    | PayingBuyers
                    | PaidUnits
                    | PaidAmount
                    | RefundAmount
            ),
            Level::Ad => matches!(
                self,
                Date | ItemId
                    | SubjectId
                    | ItemName
                    | PlanId
                    | PlanName
                    | SceneName
                    | Impressions
                    | Clicks
                    | Spend
                    | DirectAmount
                    | TotalAmount
                    | TotalOrders
                    | Carts
                    | AvgRank
            ),
        }
    }

    /// Several columns may carry this field; their values are added (only [`Field::SpendOther`]).
    pub fn sums_columns(self) -> bool {
        self == Field::SpendOther
    }

    /// Is a measured fact (count or money), as opposed to a date, ID or name.
    pub fn is_metric(self) -> bool {
        matches!(self.value_type(), ValueType::Count | ValueType::Money)
    }
}

/// The kind of file, detected from its headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// 生意参谋 店铺整体 / 首页概览: one row per day.
    SycmStore,
    /// 生意参谋 商品效果 (商品_全部): one row per product and day.
    SycmProduct,
    /// 万相台 商品报表: rows per 主体ID (product), plan and day.
    AdProductReport,
    /// 万相台 计划报表: rows per plan and day.
    AdPlanReport,
    /// Legacy 直通车 report (has 平均展现排名): rows per plan and day.
    LegacyTrainReport,
    /// The store's own sheet with English headers, one row per day.
    PlainStore,
    /// The store's own sheet with English headers, one row per product and day.
    PlainProduct,
}

/// What a file's rows become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Store,
    Product,
    Ad,
}

impl FileKind {
    pub const ALL: [FileKind; 7] = [
        FileKind::SycmStore,
        FileKind::SycmProduct,
        FileKind::AdProductReport,
        FileKind::AdPlanReport,
        FileKind::LegacyTrainReport,
        FileKind::PlainStore,
        FileKind::PlainProduct,
    ];

    pub fn level(self) -> Level {
        match self {
            FileKind::SycmStore | FileKind::PlainStore => Level::Store,
            FileKind::SycmProduct | FileKind::PlainProduct => Level::Product,
            FileKind::AdProductReport | FileKind::AdPlanReport | FileKind::LegacyTrainReport => {
                Level::Ad
            }
        }
    }
}

/// Language of a header synonym (decides 生意参谋 vs plain kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Zh,
    En,
}

/// A known header: normalized text, meaning, rank among synonyms of the same field (lower wins
/// when a file has several, e.g. 访客数 beats 商品访客数 in the store export), language, and the
/// meaning it takes in an ad report if different (English `sales` = paid amount in a store sheet,
/// attributed sales in an ad sheet).
pub(crate) struct Known {
    pub key: &'static str,
    pub field: Field,
    pub rank: u8,
    pub lang: Lang,
    pub in_ads: Option<Field>,
}

const fn zh(key: &'static str, field: Field, rank: u8) -> Known {
    Known {
        key,
        field,
        rank,
        lang: Lang::Zh,
        in_ads: None,
    }
}

const fn en(key: &'static str, field: Field, rank: u8) -> Known {
    Known {
        key,
        field,
        rank,
        lang: Lang::En,
        in_ads: None,
    }
}

const fn en_ad(key: &'static str, field: Field, ad: Field) -> Known {
    Known {
        key,
        field,
        rank: 1,
        lang: Lang::En,
        in_ads: Some(ad),
    }
}

use Field as F;

/// Keys are normalized (see [`header_key`]): no spaces, `_` or `-`, ASCII lowercased, a trailing
/// unit in brackets removed.
pub(crate) const KNOWN: &[Known] = &[
    // dimensions
    zh("统计日期", F::Date, 0),
    zh("日期", F::Date, 0),
    zh("统计时间", F::Date, 1),
    zh("数据日期", F::Date, 1),
    zh("商品id", F::ItemId, 0),
    zh("宝贝id", F::ItemId, 1),
    zh("商品名称", F::ItemName, 0),
    zh("商品标题", F::ItemName, 1),
    zh("宝贝名称", F::ItemName, 1),
    zh("主体名称", F::ItemName, 0),
    zh("主体id", F::SubjectId, 0),
    zh("计划id", F::PlanId, 0),
    zh("推广计划id", F::PlanId, 1),
    zh("计划名字", F::PlanName, 0),
    zh("计划名称", F::PlanName, 1),
    zh("推广计划名称", F::PlanName, 1),
    zh("推广计划", F::PlanName, 2),
    zh("场景名字", F::SceneName, 0),
    zh("场景名称", F::SceneName, 1),
    zh("营销场景", F::SceneName, 2),
    // store and product facts (生意参谋)
    zh("访客数", F::Visitors, 0),
    zh("商品访客数", F::Visitors, 1),
    zh("浏览量", F::PageViews, 0),
    zh("商品浏览量", F::PageViews, 1),
    zh("加购人数", F::CartBuyers, 0),
    zh("商品加购人数", F::CartBuyers, 1),
    zh("加购件数", F::CartUnits, 0),
    zh("商品加购件数", F::CartUnits, 1),
    zh("下单买家数", F::OrderBuyers, 0),
    zh("下单金额", F::OrderAmount, 0),
    zh("支付买家数", F::PayingBuyers, 0),
    zh("支付件数", F::PaidUnits, 0),
    zh("支付金额", F::PaidAmount, 0),
    zh("成功退款金额", F::RefundAmount, 0),
    zh("成功退货退款金额", F::RefundAmount, 1),
    zh("退款金额", F::RefundAmount, 2),
    zh("直通车消耗", F::SpendSearch, 0),
    zh("关键词推广花费", F::SpendSearch, 0),
    zh("关键词推广消耗", F::SpendSearch, 1),
    zh("钻石展位消耗", F::SpendDisplay, 0),
    zh("精准人群推广花费", F::SpendDisplay, 0),
    zh("人群推广消耗", F::SpendDisplay, 1),
    zh("淘宝客佣金", F::SpendAffiliate, 0),
    zh("全站推广花费", F::SpendOther, 0),
    zh("全站推广消耗", F::SpendOther, 0),
    zh("智能场景花费", F::SpendOther, 0),
    zh("万相台消耗", F::SpendOther, 0),
    // ad reports (万相台 / 直通车)
    zh("展现量", F::Impressions, 0),
    zh("点击量", F::Clicks, 0),
    zh("花费", F::Spend, 0),
    zh("消耗", F::Spend, 1),
    zh("直接成交金额", F::DirectAmount, 0),
    zh("总成交金额", F::TotalAmount, 0),
    zh("总成交笔数", F::TotalOrders, 0),
    zh("总购物车数", F::Carts, 0),
    zh("平均展现排名", F::AvgRank, 0),
    // known and deliberately ignored: ratios (recomputed from sums), non-additive or unused facts
    zh("商品状态", F::Ignore, 0),
    zh("货号", F::Ignore, 0),
    zh("商品标签", F::Ignore, 0),
    zh("主商品id", F::Ignore, 0),
    zh("商品类型", F::Ignore, 0),
    zh("平均停留时长", F::Ignore, 0),
    zh("商品平均停留时长", F::Ignore, 0),
    zh("跳失率", F::Ignore, 0),
    zh("商品详情页跳出率", F::Ignore, 0),
    zh("人均浏览量", F::Ignore, 0),
    zh("商品收藏人数", F::Ignore, 0),
    zh("商品收藏买家数", F::Ignore, 0),
    zh("下单件数", F::Ignore, 0),
    zh("下单转化率", F::Ignore, 0),
    zh("下单支付转化率", F::Ignore, 0),
    zh("支付转化率", F::Ignore, 0),
    zh("商品支付转化率", F::Ignore, 0),
    zh("客单价", F::Ignore, 0),
    zh("uv价值", F::Ignore, 0),
    zh("访客平均价值", F::Ignore, 0),
    zh("支付新买家数", F::Ignore, 0),
    zh("支付老买家数", F::Ignore, 0),
    zh("老买家支付金额", F::Ignore, 0),
    zh("聚划算支付金额", F::Ignore, 0),
    zh("年累计支付金额", F::Ignore, 0),
    zh("月累计支付金额", F::Ignore, 0),
    zh("月累计支付件数", F::Ignore, 0),
    zh("支付子订单数", F::Ignore, 0),
    zh("支付父订单数", F::Ignore, 0),
    zh("老访客数", F::Ignore, 0),
    zh("新访客数", F::Ignore, 0),
    zh("场景id", F::Ignore, 0),
    zh("主体类型", F::Ignore, 0),
    zh("点击率", F::Ignore, 0),
    zh("平均点击花费", F::Ignore, 0),
    zh("千次展现花费", F::Ignore, 0),
    zh("间接成交金额", F::Ignore, 0),
    zh("直接成交笔数", F::Ignore, 0),
    zh("间接成交笔数", F::Ignore, 0),
    zh("直接购物车数", F::Ignore, 0),
    zh("间接购物车数", F::Ignore, 0),
    zh("投入产出比", F::Ignore, 0),
    zh("实际投产比", F::Ignore, 0),
    zh("直接投产比", F::Ignore, 0),
    zh("点击转化率", F::Ignore, 0),
    zh("宝贝收藏数", F::Ignore, 0),
    zh("店铺收藏数", F::Ignore, 0),
    zh("总收藏数", F::Ignore, 0),
    zh("收藏宝贝数", F::Ignore, 0),
    zh("净成交金额", F::Ignore, 0),
    zh("净成交笔数", F::Ignore, 0),
    zh("净实际投产比", F::Ignore, 0),
    // English (plain CSV)
    en("date", F::Date, 0),
    en("day", F::Date, 1),
    en("statdate", F::Date, 1),
    en("itemid", F::ItemId, 0),
    en("productid", F::ItemId, 1),
    en("itemname", F::ItemName, 0),
    en("productname", F::ItemName, 1),
    en("title", F::ItemName, 2),
    en("visitors", F::Visitors, 0),
    en("uv", F::Visitors, 1),
    en("pageviews", F::PageViews, 0),
    en("pv", F::PageViews, 1),
    en("cartbuyers", F::CartBuyers, 0),
    en_ad("addtocart", F::CartBuyers, F::Carts),
    en("cartunits", F::CartUnits, 0),
    en("orderbuyers", F::OrderBuyers, 0),
    en_ad("orders", F::OrderBuyers, F::TotalOrders),
    en("orderamount", F::OrderAmount, 0),
    en("payingbuyers", F::PayingBuyers, 0),
    en("buyers", F::PayingBuyers, 1),
    en("paidunits", F::PaidUnits, 0),
    en("units", F::PaidUnits, 1),
    en("paidamount", F::PaidAmount, 0),
    en("gmv", F::PaidAmount, 0),
    en_ad("sales", F::PaidAmount, F::TotalAmount),
    en_ad("revenue", F::PaidAmount, F::TotalAmount),
    en("refundamount", F::RefundAmount, 0),
    en("refunds", F::RefundAmount, 0),
    en("searchspend", F::SpendSearch, 0),
    en("displayspend", F::SpendDisplay, 0),
    en("affiliatespend", F::SpendAffiliate, 0),
    en("commission", F::SpendAffiliate, 1),
    en("adspend", F::SpendOther, 0),
    en("planid", F::PlanId, 0),
    en("campaignid", F::PlanId, 1),
    en("planname", F::PlanName, 0),
    en("campaign", F::PlanName, 1),
    en("campaignname", F::PlanName, 1),
    en("scene", F::SceneName, 0),
    en("channel", F::SceneName, 1),
    en("impressions", F::Impressions, 0),
    en("clicks", F::Clicks, 0),
    en("spend", F::Spend, 0),
    en("cost", F::Spend, 1),
    en("directsales", F::DirectAmount, 0),
    en("totalsales", F::TotalAmount, 0),
    en("conversions", F::TotalOrders, 1),
    en("carts", F::Carts, 0),
    en("ctr", F::Ignore, 0),
    en("cpc", F::Ignore, 0),
    en("cpm", F::Ignore, 0),
    en("roi", F::Ignore, 0),
    en("roas", F::Ignore, 0),
    en("acos", F::Ignore, 0),
    en("aov", F::Ignore, 0),
    en("conversionrate", F::Ignore, 0),
];

/// Header text as shown: BOM, zero-width and outer (also full-width) spaces removed.
pub fn display_header(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
        .to_string()
}

/// Header text for matching: full-width ASCII folded to ASCII, spaces, `_` and `-` removed,
/// lowercased, and a trailing bracketed unit dropped (`花费(元)` → `花费`).
pub fn header_key(cell: &str) -> String {
    let mut k = String::with_capacity(cell.len());
    for c in cell.chars() {
        let c = match u32::from(c) {
            0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '_' | '-' | '*') {
            continue;
        }
        k.push(c.to_ascii_lowercase());
    }
    if k.ends_with(')') {
        if let Some(open) = k.rfind('(') {
            if open > 0 {
                k.truncate(open);
            }
        }
    }
    k
}

/// The known header with this key.
pub(crate) fn lookup(key: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_fold_width_case_spaces_and_units() {
        assert_eq!(header_key("\u{feff}统计日期 "), "统计日期");
        assert_eq!(header_key("商品ＩＤ"), "商品id");
        assert_eq!(header_key("花费（元）"), "花费");
        assert_eq!(header_key("Paid Amount"), "paidamount");
        assert_eq!(header_key("paid_amount"), "paidamount");
        assert_eq!(header_key("下单-支付转化率"), "下单支付转化率");
        assert_eq!(header_key("(元)"), "(元)");
    }

    #[test]
    fn every_known_key_is_normalized_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in KNOWN {
            assert_eq!(header_key(k.key), k.key, "{}", k.key);
            assert!(seen.insert(k.key), "duplicate {}", k.key);
        }
    }

    #[test]
    fn all_lists_every_field_once() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
        }
    }
}
