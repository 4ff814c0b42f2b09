//! Competitors (竞品, issue 17 §1): the competitor items the team watches and their dated
//! snapshots (price, monthly sales, favourites, activity), as typed in the grid or imported from
//! a competitor log. One kind, `CompetitorEntry`, so both merge by id and revision through plan
//! files like every record: an item's id comes from its store and name (`item_id`), a snapshot is `cs-<item>-<yyyymmdd>`, so two
//! teammates who note different days never conflict and the same day is one record.

use super::{Fen, Meta};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CompKind {
    /// A competitor item: its name, store, link and the SKU of ours it is matched to.
    #[default]
    Item,
    /// What the item showed on `day`.
    Snap,
}

/// Longest name, store, link, activity and note (characters).
pub const MAX_NAME: usize = 80;
pub const MAX_LINK: usize = 300;
pub const MAX_NOTE: usize = 300;
/// Largest monthly sales or favourites count accepted.
pub const MAX_COUNT: u64 = 1_000_000_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetitorEntry {
    #[serde(flatten)]
    pub meta: Meta,
    pub entry: CompKind,
    /// An item: its name (商品 / SPU as the team calls it). A snapshot: the item's name when
    /// noted (for labels in merge previews).
    pub name: String,
    /// An item: the competitor store (竞品店铺).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub store: String,
    /// An item: its link or link text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub link: String,
    /// An item: the id of our product it is compared with (empty: not matched).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub product: String,
    /// A snapshot: the item's id.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// A snapshot: the day noted (read by `date::de_ymd_opt`, not chrono's parser, which would
    /// bring its format machinery into the main bundle).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::date::de_ymd_opt"
    )]
    pub day: Option<NaiveDate>,
    /// A snapshot: the price a buyer pays (到手价 shown), 0 = not noted.
    #[serde(default)]
    pub price: Fen,
    /// A snapshot: monthly sales (月销量 / 销售量) and favourites (收藏), when noted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favs: Option<u64>,
    /// A snapshot: the activity running (活动名称); an item: notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

super::record!(
    CompetitorEntry,
    "sop/competitors",
    "competitors",
    name,
    competitors_with
);

/// The id of the item `name` of `store`: the same in every browser (case and surrounding spaces
/// aside), so two teammates who note or import the same competitor hold one record.
pub fn item_id(store: &str, name: &str) -> String {
    let norm = |s: &str| s.trim().to_lowercase();
    format!(
        "ci-{:08x}{:08x}",
        super::meta::fnv32(&[norm(store).as_bytes()]),
        super::meta::fnv32(&[norm(name).as_bytes(), norm(store).as_bytes()])
    )
}

/// The id of `item`'s snapshot on `day`.
pub fn snap_id(item: &str, day: NaiveDate) -> String {
    format!("cs-{item}-{}", day.format("%Y%m%d"))
}

impl CompetitorEntry {
    /// A new item (not yet bumped).
    pub fn item(id: String, now_ms: i64, name: String) -> CompetitorEntry {
        CompetitorEntry {
            meta: Meta::new(id, now_ms),
            entry: CompKind::Item,
            name,
            store: String::new(),
            link: String::new(),
            product: String::new(),
            item: String::new(),
            day: None,
            price: Fen(0),
            sales: None,
            favs: None,
            note: String::new(),
        }
    }

    /// A new snapshot of `item` on `day` (not yet bumped).
    pub fn snap(item: &CompetitorEntry, day: NaiveDate, now_ms: i64) -> CompetitorEntry {
        CompetitorEntry {
            entry: CompKind::Snap,
            item: item.meta.id.clone(),
            day: Some(day),
            ..CompetitorEntry::item(snap_id(&item.meta.id, day), now_ms, item.name.clone())
        }
    }
}
