//! Typed complaints (投诉, issue 17 §2): what a buyer complained about through 千牛 / 客服 that the
//! refund export does not hold — the day, the order and product when known, a reason code (the
//! refund reasons' codes), what was said, whether it is handled and how. Shared like every record
//! (undo, plan files, merge); the Customer service page counts them by reason and product next to
//! the refunds.

use super::Meta;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest order number, product id, text and handling note (characters).
pub const MAX_ORDER: usize = 40;
pub const MAX_TEXT: usize = 500;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    #[serde(flatten)]
    pub meta: Meta,
    /// The day it came in.
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub day: NaiveDate,
    /// 订单编号 (empty: not known).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub order: String,
    /// 商品ID (empty: not known).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item_id: String,
    /// The reason's key (`formats::refunds::Reason::key`).
    pub reason: String,
    /// What the buyer said.
    pub text: String,
    /// Handled (处理完毕).
    #[serde(default)]
    pub done: bool,
    /// How it was handled.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

super::record!(
    Complaint,
    "sop/complaints",
    "complaints",
    text,
    complaints_with
);
