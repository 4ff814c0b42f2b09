//! 考核激励 (incentives and assessment, issue 16 §4): a member's scheme — what they are measured
//! on (their share of the sales plan, their task completion rate, or a typed KPI) and the
//! commission tiers on attainment. Payouts per month are computed, never stored
//! (`core::incentive`). Shared like every record (undo, plan files, merge).

use super::{Fen, Meta};
use serde::{Deserialize, Serialize};

/// Longest scheme and KPI name (characters).
pub const MAX_NAME: usize = 100;
/// Most tiers per scheme.
pub const MAX_TIERS: usize = 8;
/// Highest attainment threshold a tier may start at (1000%).
pub const MAX_FROM_BP: u32 = 100_000;

/// What a scheme measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The member's share of the year's sales plan (支付金额) against the same share of the
    /// store's actual 支付金额; tiers pay a rate of the sales in each band.
    #[default]
    Sales,
    /// Tasks owned by the member and due in the month: done ÷ due, against a target rate; tiers
    /// pay a share of the bonus.
    Tasks,
    /// A KPI typed per month (target and actual); tiers pay a share of the bonus.
    Kpi,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Self::Sales, Self::Tasks, Self::Kpi];
    pub fn key(self) -> &'static str {
        match self {
            Self::Sales => "sales",
            Self::Tasks => "tasks",
            Self::Kpi => "kpi",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.key() == k)
    }
}

/// From `from_bp` attainment (basis points: 8000 = 80%) on, pay `rate_bp`: of the sales in the
/// band (sales basis) or of the bonus (tasks, KPI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayTier {
    pub from_bp: u32,
    pub rate_bp: u32,
}

/// One month's typed KPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiMonth {
    /// 1–12, in the scheme's year.
    pub month: u8,
    pub target: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incentive {
    #[serde(flatten)]
    pub meta: Meta,
    /// The member's record id.
    pub member: String,
    pub name: String,
    pub year: i32,
    #[serde(default)]
    pub basis: Basis,
    /// Sales: the member's share of the plan, basis points (10000 = the whole store).
    #[serde(default)]
    pub share_bp: u32,
    /// Tasks: the completion rate that counts as 100%, basis points.
    #[serde(default)]
    pub task_target_bp: u32,
    /// KPI: what is measured (e.g. 新品上新数).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kpi_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpi: Vec<KpiMonth>,
    /// Tasks and KPI: the bonus a 100% tier rate pays per month.
    #[serde(default)]
    pub bonus: Fen,
    /// Ascending by `from_bp`.
    pub tiers: Vec<PayTier>,
}

super::record!(
    Incentive,
    "sop/incentives",
    "incentives",
    name,
    incentives_with
);
