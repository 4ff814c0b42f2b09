//! 上新 (listing pipeline, issue 16 §3): a new or reworked product taken through five steps —
//! 拍照 (photos), 文案 (copy), 美工/详情页 (design and detail page), 上架 (upload) and 互检 (the
//! mutual check) — each with an owner, a due date, the day it was done, or the reason it is
//! blocked. The mutual check runs the planner's own checks (`core::listing`). Shared like every
//! record (undo, plan files, merge).

use super::Meta;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Steps per listing, in order: photos, copy, design, upload, check.
pub const STEPS: usize = 5;
/// Index of the mutual check (互检), the last step.
pub const CHECK_STEP: usize = STEPS - 1;
/// Longest name, blocked reason and override reason (characters).
pub const MAX_NAME: usize = 200;
pub const MAX_REASON: usize = 500;
/// Most main images (主图) a count may say.
pub const MAX_IMAGES: u32 = 20;

/// New product (上新) or a rework of a listed one (改版).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ListingKind {
    #[default]
    New,
    Rework,
}

impl ListingKind {
    pub const ALL: [ListingKind; 2] = [Self::New, Self::Rework];
    pub fn key(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Rework => "rework",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.key() == k)
    }
}

/// One step of a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ListingStep {
    /// The member's record id (empty: nobody yet).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(
        default,
        deserialize_with = "super::date::de_ymd_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub due: Option<NaiveDate>,
    /// The day it was marked done.
    #[serde(
        default,
        deserialize_with = "super::date::de_ymd_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub done: Option<NaiveDate>,
    /// Why it is waiting (empty: not blocked).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub blocked: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    #[serde(flatten)]
    pub meta: Meta,
    /// The catalog product (its record id).
    pub product_id: String,
    /// What the board shows (the product's title when the listing was started).
    pub name: String,
    #[serde(default)]
    pub kind: ListingKind,
    /// Always [`STEPS`]: photos, copy, design, upload, check.
    pub steps: Vec<ListingStep>,
    /// 主图 count typed by whoever did the photos (none: not typed yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_images: Option<u32>,
    /// Why the checker passed the mutual check although an automatic check failed (empty: no
    /// override).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub override_reason: String,
}

super::record!(Listing, "sop/listings", "listings", name, listings_with);
