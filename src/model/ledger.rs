//! The settlement's shared records (对账结算, issue 17 §3): the team's fee rules (which text of a
//! statement line books it to which fee line and class) and the months marked settled. One kind,
//! `LedgerEntry`, so both merge by id and revision through plan files like every record. The
//! imported statement itself is a fact, not a record: `formats::statement`, stored apart.

use super::Meta;
use serde::{Deserialize, Serialize};

/// Where a statement line goes in the month's account.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum FeeClass {
    /// 销售收入: buyers' payments credited on confirmation.
    #[default]
    Income,
    /// 退款: money back to buyers.
    Refund,
    /// 推广费用: paid traffic and commissions (淘宝客, 直播, 权益推广 ...).
    Promotion,
    /// 平台费用: the platform's commissions and service fees.
    Platform,
    /// 其他: transfers, withdrawals, deposits (收款/提现/BP): outside the account.
    Other,
}

impl FeeClass {
    pub const ALL: [FeeClass; 5] = [
        Self::Income,
        Self::Refund,
        Self::Promotion,
        Self::Platform,
        Self::Other,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Self::Income => "income",
            Self::Refund => "refund",
            Self::Promotion => "promotion",
            Self::Platform => "platform",
            Self::Other => "other",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == k)
    }
}

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A fee rule: lines whose text contains `name` book to `line` in `class`.
    #[default]
    Rule,
    /// Month `name` (`YYYY-MM`) is settled; `note` says what was checked.
    Close,
}

/// Longest rule text, fee-line name and note (characters).
pub const MAX_PATTERN: usize = 60;
pub const MAX_LINE: usize = 60;
pub const MAX_NOTE: usize = 500;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    #[serde(flatten)]
    pub meta: Meta,
    pub entry: EntryKind,
    /// A rule: the text to find in 业务类型 / 备注 / 商品名称. A closing: the month, `YYYY-MM`.
    pub name: String,
    /// A rule: its class.
    #[serde(default)]
    pub class: FeeClass,
    /// A rule: the fee line it books to (empty: the text itself).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub line: String,
    /// A closing: what was checked, who settled.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

super::record!(LedgerEntry, "sop/ledger", "ledger", name, ledger_with);
