//! 爆款计划 (best-seller plan): one product taken through four stages — 测款 (test), 推广 (push),
//! 爆发 (burst), 维稳 (hold) — each with its dates, a daily budget, daily targets (visitors, CTR,
//! conversion, units) and the gate to pass before the next stage. Shared like every record.
//! Defaults from the product's history and the tracking against the imported metrics are in
//! `core::hero`.

use super::{Fen, Meta};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Stages per plan, in order: 测款, 推广, 爆发, 维稳.
pub const STAGES: usize = 4;

/// What a stage's gate measures, per day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateMetric {
    /// 点击率 of the product's ads (clicks ÷ impressions), basis points.
    Ctr,
    /// 支付转化率 (paying buyers ÷ visitors), basis points.
    Conversion,
    /// 访客数 per day.
    Visitors,
    /// 支付件数 per day.
    Units,
}

impl GateMetric {
    pub const ALL: [GateMetric; 4] = [
        GateMetric::Ctr,
        GateMetric::Conversion,
        GateMetric::Visitors,
        GateMetric::Units,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GateMetric::Ctr => "ctr",
            GateMetric::Conversion => "conversion",
            GateMetric::Visitors => "visitors",
            GateMetric::Units => "units",
        }
    }

    pub fn from_key(k: &str) -> Option<GateMetric> {
        GateMetric::ALL.into_iter().find(|g| g.key() == k)
    }

    /// A rate in basis points (else a count).
    pub fn is_rate(self) -> bool {
        matches!(self, GateMetric::Ctr | GateMetric::Conversion)
    }
}

/// One stage of a plan. Targets are per day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeroStage {
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub from: NaiveDate,
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub to: NaiveDate,
    pub daily_budget: Fen,
    pub visitors: u64,
    pub ctr_bp: u32,
    pub conversion_bp: u32,
    pub units: u64,
    pub gate: GateMetric,
    /// The gate's threshold: basis points for a rate, a count for visitors or units.
    pub gate_min: u64,
    /// Days in a row the threshold must be met.
    pub gate_days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeroPlan {
    #[serde(flatten)]
    pub meta: Meta,
    /// The catalog product (its record id).
    pub product_id: String,
    pub name: String,
    /// Always four: 测款, 推广, 爆发, 维稳.
    pub stages: Vec<HeroStage>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

super::record!(
    HeroPlan,
    "sop/hero-plans",
    "hero_plans",
    name,
    hero_plans_with
);
