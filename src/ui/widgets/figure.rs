//! A compact figure (¥98.80万) that tells its exact value (¥988,008.66): in its title on hover,
//! and as visible text when it has keyboard focus (it is focusable; the exact value is also its
//! accessible name).

use crate::core::format::{group_thousands, yuan, yuan_compact};
use crate::core::metrics::kpi::{KpiMetric, KpiValue};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Figure(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] exact: Signal<String>,
) -> impl IntoView {
    view! {
        <span class="figure" tabindex="0" title=exact aria-label=exact data-exact=exact>{text}</span>
    }
}

pub fn kpi_label(l: Locale, m: KpiMetric) -> String {
    match m {
        KpiMetric::Gmv => td_string!(l, dashboard.kpi_gmv),
        KpiMetric::Visitors => td_string!(l, dashboard.kpi_visitors),
        KpiMetric::PayingBuyers => td_string!(l, dashboard.kpi_paying_buyers),
        KpiMetric::Conversion => td_string!(l, dashboard.kpi_conversion),
        KpiMetric::Aov => td_string!(l, dashboard.kpi_aov),
        KpiMetric::UvValue => td_string!(l, dashboard.kpi_uv_value),
        KpiMetric::Refunds => td_string!(l, dashboard.kpi_refunds),
        KpiMetric::RefundRate => td_string!(l, dashboard.kpi_refund_rate),
        KpiMetric::NetGmv => td_string!(l, dashboard.kpi_net_gmv),
        KpiMetric::AdSpend => td_string!(l, dashboard.kpi_ad_spend),
        KpiMetric::Roi => td_string!(l, dashboard.kpi_roi),
        KpiMetric::FeeRatio => td_string!(l, dashboard.kpi_ad_share),
    }
    .to_string()
}

/// A KPI value as operators read it. ROI is a multiple, other rates are percentages.
pub fn fmt_value(m: KpiMetric, v: Option<KpiValue>, zh: bool) -> String {
    match v {
        None => "—".into(),
        Some(KpiValue::Money(f)) => yuan_compact(f, zh),
        Some(KpiValue::Count(c)) => group_thousands(c),
        Some(KpiValue::Rate(r)) if m == KpiMetric::Roi => format!("{r:.2}"),
        Some(KpiValue::Rate(r)) => pct(r),
    }
}

/// The exact figure behind [`fmt_value`]: money to the fen, ratios with four decimals.
pub fn exact_value(m: KpiMetric, v: Option<KpiValue>) -> String {
    match v {
        None => "—".into(),
        Some(KpiValue::Money(f)) => yuan(f),
        Some(KpiValue::Count(c)) => group_thousands(c),
        Some(KpiValue::Rate(r)) if m == KpiMetric::Roi => format!("{r:.4}"),
        Some(KpiValue::Rate(r)) if r.is_finite() => format!("{:.4}%", r * 100.0),
        Some(KpiValue::Rate(_)) => "—".into(),
    }
}

/// A change with its arrow (the colour alone never carries the direction): "↑ +3.2%".
pub fn change(c: Option<f64>) -> String {
    match c {
        Some(c) if c.is_finite() => {
            let p = c * 100.0;
            let shown = format!("{p:.1}");
            let arrow = if shown == "0.0" || shown == "-0.0" {
                ""
            } else if c > 0.0 {
                "↑ "
            } else {
                "↓ "
            };
            format!("{arrow}{}{p:.1}%", if c > 0.0 { "+" } else { "" })
        }
        _ => "—".into(),
    }
}

pub fn fmt_yuan_zh(v: f64) -> String {
    fmt_yuan(v, true)
}

pub fn fmt_yuan_en(v: f64) -> String {
    fmt_yuan(v, false)
}

/// A rate as a percentage with two decimals; "—" when it is not a number.
pub fn pct(r: f64) -> String {
    if r.is_finite() {
        format!("{:.2}%", r * 100.0)
    } else {
        "—".into()
    }
}

pub fn fmt_yuan(v: f64, zh: bool) -> String {
    let fen = (v * 100.0).round();
    if fen.is_finite() {
        yuan_compact(crate::model::Fen(fen as i64), zh)
    } else {
        "—".into()
    }
}
