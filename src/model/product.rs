//! A product (商品) in the store's catalog, as the assistant maintains it.

use super::{Fen, Meta, PricePoint, Record};
use serde::{Deserialize, Serialize};

/// 商品状态.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// 出售中 (on shelf)
    #[default]
    OnShelf,
    /// 仓库中 (off shelf)
    OffShelf,
    /// 草稿
    Draft,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 3] = [Self::OnShelf, Self::OffShelf, Self::Draft];
    pub fn key(self) -> &'static str {
        match self {
            Self::OnShelf => "on_shelf",
            Self::OffShelf => "off_shelf",
            Self::Draft => "draft",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// 商品角色: how the product is used in the assortment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProductRole {
    /// 引流款: priced to bring traffic
    Traffic,
    /// 利润款: carries the margin
    Profit,
    /// 主推款: the item the store pushes (爆款 candidate)
    Hero,
    /// 常规
    #[default]
    Regular,
}

impl ProductRole {
    pub const ALL: [ProductRole; 4] = [Self::Traffic, Self::Profit, Self::Hero, Self::Regular];
    pub fn key(self) -> &'static str {
        match self {
            Self::Traffic => "traffic",
            Self::Profit => "profit",
            Self::Hero => "hero",
            Self::Regular => "regular",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Product {
    #[serde(flatten)]
    pub meta: Meta,
    /// 商家编码 / 货号 (the store's own SKU code)
    #[serde(default)]
    pub sku: String,
    /// 商品ID on the platform; a string of digits, never a number (Excel mangles long numbers).
    #[serde(default)]
    pub item_id: String,
    /// 商品标题
    #[serde(default)]
    pub title: String,
    /// 类目
    #[serde(default)]
    pub category: String,
    /// 标价 / 一口价 in fen
    #[serde(default)]
    pub list_price: Fen,
    /// 成本 in fen (purchase or production cost per unit)
    #[serde(default)]
    pub cost: Fen,
    /// 库存
    #[serde(default)]
    pub stock: i64,
    /// 在途: units ordered and not yet on hand (the stocking plan counts them).
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub in_transit: i64,
    /// 采购周期: days from ordering to stock on hand; 0 = the store's default (settings).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub lead_days: u32,
    /// 日均件数 typed by the team, in hundredths of a unit (150 = 1.5 a day): the stocking plan's
    /// usual pace, and so the SKU's share of a target, for a SKU without history (a new product)
    /// or whose history misleads; none = its sales of the last 28 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed_pace_x100: Option<u32>,
    #[serde(default)]
    pub status: ProductStatus,
    #[serde(default)]
    pub role: ProductRole,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// 目标关键词: words the title should contain
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// List-price history, oldest first: each point says "from this day the list price was".
    /// Kept when the list price changes, for the lowest-price-in-N-days check on promotions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub price_history: Vec<PricePoint>,
}

impl Record for Product {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
}

impl super::Shared for Product {
    const KEY: &'static str = "sop/products";
    const SECTION: &'static str = "products";
    const REQUIRED_IN_FILE: bool = true;
    fn label(&self) -> &str {
        if self.title.is_empty() {
            &self.sku
        } else {
            &self.title
        }
    }
    fn validate(
        v: &serde_json::Value,
        path: &str,
        strict: bool,
    ) -> Result<Vec<Self>, Vec<crate::formats::validate::FieldError>> {
        crate::formats::validate::products_with(v, path, strict)
    }
}

impl Product {
    /// A new draft-free, on-shelf product with a first revision.
    pub fn new(id: String, now_ms: i64) -> Product {
        let mut p = Product {
            meta: Meta::new(id, now_ms),
            ..Product::default()
        };
        p.bump(now_ms);
        p
    }
}

/// The highest typed 日均件数, in hundredths (1,000,000 a day).
pub const MAX_PACE_X100: i64 = 100_000_000;

fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}
