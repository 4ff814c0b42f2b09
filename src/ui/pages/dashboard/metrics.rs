//! Dashboard, metrics part: KPIs for a period with 环比 and 同比, a trend chart, the funnel, the
//! exact split of the GMV change, and anomalies. Everything is computed by `core::metrics`
//! from summed daily facts; this file only lays it out.

use crate::core::format::{group_thousands, yuan};
use crate::core::metrics::anomaly::{detect_in, AnomalySettings, Direction};
use crate::core::metrics::decompose::{decompose_periods, Cause};
use crate::core::metrics::export::{dashboard_rows, to_csv, DashboardHeadings};
use crate::core::metrics::kpi::{dashboard_with, trend, Grain, KpiMetric, KpiValue};
use crate::core::metrics::period::{ymd, Comparison, Preset};
use crate::i18n::*;
use crate::model::Fen;
use crate::ui::state::AppState;
use crate::ui::text::dyn_text;
use crate::ui::widgets::chart::{LineChart, LineData, Series, Step, Waterfall};
use crate::ui::widgets::download::download_text;
use crate::ui::widgets::figure::Figure;
use crate::ui::widgets::figure::{
    change, exact_value, fmt_value, fmt_yuan_en, fmt_yuan_zh, kpi_label, pct,
};
use crate::ui::widgets::period::{PeriodChoice, PeriodControl};
use leptos::prelude::*;

/// Direction and judgement as classes: CSS colours by `html[data-chg]` (red up in "dir",
/// green better in "good").
fn change_class(c: Option<f64>, lower_is_better: bool) -> &'static str {
    match c {
        Some(c) if c.abs() < 1e-9 || !c.is_finite() => "chg",
        Some(c) if c > 0.0 && !lower_is_better => "chg up good",
        Some(c) if c > 0.0 => "chg up bad",
        Some(_) if lower_is_better => "chg down good",
        Some(_) => "chg down bad",
        None => "chg",
    }
}

#[component]
pub fn MetricsDashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let choice = PeriodChoice::new(Preset::Last30);
    let grain = RwSignal::new(Grain::Day);
    let trend_metric = RwSignal::new(KpiMetric::Gmv);
    let period = Memo::new(move |_| choice.period());
    let has_data = Memo::new(move |_| state.metrics.with(|m| !m.is_empty()));
    let compare = RwSignal::new(Comparison::CalendarMonths);
    let dash = Memo::new(move |_| {
        state
            .metrics
            .with(|m| dashboard_with(m, period.get(), compare.get()))
    });

    let trend_data = Memo::new(move |_| {
        let l = i18n.get_locale();
        let metric = trend_metric.get();
        let pts = state.metrics.with(|m| trend(m, period.get(), grain.get()));
        let values: Vec<f64> = pts
            .iter()
            .map(|k| match k.value(metric) {
                Some(KpiValue::Money(f)) => f.0 as f64 / 100.0,
                Some(v) if metric == KpiMetric::Roi => v.as_f64(),
                Some(KpiValue::Rate(r)) => r * 100.0,
                Some(v) => v.as_f64(),
                None => 0.0,
            })
            .collect();
        LineData {
            labels: pts.iter().map(|k| ymd(k.period.from)).collect(),
            series: vec![Series {
                name: kpi_label(l, metric),
                values,
                color: "#d4380d",
            }],
        }
    });

    let decomp = Memo::new(move |_| {
        let p = period.get();
        state
            .metrics
            .with(|m| decompose_periods(m, p.comparisons(compare.get()).0, p))
    });
    // one line under the waterfall: the factor that moved GMV most, to the fen
    let main_cause = move || {
        let l = i18n.get_locale();
        decomp.get().main_cause().map(|(c, v)| {
            let cause = match c {
                Cause::Visitors => td_string!(l, dashboard.decomp_visitors),
                Cause::Conversion => td_string!(l, dashboard.decomp_conversion),
                Cause::OrderValue => td_string!(l, dashboard.decomp_aov),
            };
            let value = if v.0 > 0 {
                format!("+{}", yuan(v))
            } else {
                yuan(v)
            };
            view! {
                <p class="decomp-cause" data-testid="decomp-cause">
                    {td_string!(l, dashboard.decomp_main_cause, cause = cause, value = value).to_string()}
                </p>
            }
        })
    };

    let waterfall = Memo::new(move |_| {
        let l = i18n.get_locale();
        let d = decomp.get();
        let y = |f: Fen| f.0 as f64 / 100.0;
        vec![
            Step {
                label: td_string!(l, dashboard.decomp_before).to_string(),
                value: y(d.before),
                total: true,
            },
            Step {
                label: td_string!(l, dashboard.decomp_visitors).to_string(),
                value: y(d.visitors),
                total: false,
            },
            Step {
                label: td_string!(l, dashboard.decomp_conversion).to_string(),
                value: y(d.conversion),
                total: false,
            },
            Step {
                label: td_string!(l, dashboard.decomp_aov).to_string(),
                value: y(d.order_value),
                total: false,
            },
            Step {
                label: td_string!(l, dashboard.decomp_after).to_string(),
                value: y(d.after),
                total: true,
            },
        ]
    });

    let anomalies = Memo::new(move |_| {
        let pct = state.ws.with(|w| w.settings.anomaly_threshold_pct);
        let settings = AnomalySettings {
            threshold_pct: f64::from(pct),
            ..AnomalySettings::default()
        };
        state
            .metrics
            .with(|m| detect_in(m, period.get(), &settings))
    });

    let span = move || {
        state.metrics.with(|m| m.day_span()).map(|s| {
            td_string!(
                i18n.get_locale(),
                dashboard.data_range,
                from = ymd(s.from),
                to = ymd(s.to)
            )
            .to_string()
        })
    };

    view! {
        <Show when=move || has_data.get() fallback=|| view! {
            <div class="empty-state" data-testid="no-metrics"><p class="not-yet">{tr!(common.no_metrics_yet)}</p></div>
        }>
            <div class="metrics" data-testid="metrics-dashboard">
                <div class="toolbar">
                    <PeriodControl choice=choice/>
                    <span class="spacer"></span>
                    <span class="muted">{span}</span>
                </div>
                <div class="toolbar compare-bar">
                    <label class="muted">{tr!(dashboard.compare_mode)}" "
                        <select data-testid="compare-mode" on:change=move |e| compare.set(if event_target_value(&e) == Comparison::SameLength.key() { Comparison::SameLength } else { Comparison::CalendarMonths })>
                            <option value=Comparison::CalendarMonths.key() selected=move || compare.get() == Comparison::CalendarMonths>{tr!(dashboard.compare_calendar)}</option>
                            <option value=Comparison::SameLength.key() selected=move || compare.get() == Comparison::SameLength>{tr!(dashboard.compare_same_length)}</option>
                        </select>
                    </label>
                    <button class="btn small" data-testid="export-csv" on:click=move |_| {
                        let l = i18n.get_locale();
                        let h = DashboardHeadings {
                            metric: td_string!(l, dashboard.csv_metric).to_string(),
                            current: td_string!(l, dashboard.csv_current).to_string(),
                            previous: td_string!(l, dashboard.csv_previous).to_string(),
                            year_ago: td_string!(l, dashboard.csv_year_ago).to_string(),
                            mom: td_string!(l, common.vs_prev).to_string(),
                            yoy: td_string!(l, common.vs_year).to_string(),
                        };
                        let (csv, p) = dash.with(|d| (to_csv(&dashboard_rows(d, &h, |m| kpi_label(l, m))), d.current.period));
                        download_text(&format!("dashboard_{}_{}.csv", ymd(p.from), ymd(p.to)), &csv, "text/csv;charset=utf-8");
                    }>{tr!(dashboard.export_csv)}</button>
                    <span class="muted" data-testid="compare-periods">{move || {
                        let (p, y) = dash.with(|d| (d.previous.period, d.year_ago.period));
                        td_string!(i18n.get_locale(), dashboard.compare_periods, pf = ymd(p.from), pt = ymd(p.to), yf = ymd(y.from), yt = ymd(y.to)).to_string()
                    }}</span>
                </div>
                <div class="kpis">
                    {KpiMetric::ALL.into_iter().map(|m| {
                        let row = move || dash.with(|d| d.rows.iter().find(|r| r.metric == m).cloned());
                        view! {
                            <div class="kpi" data-testid=format!("kpi-{}", m.key())>
                                <div class="kpi-label">{move || kpi_label(i18n.get_locale(), m)}</div>
                                <div class="kpi-value"><Figure
                                    text=dyn_text(move || fmt_value(m, row().and_then(|r| r.current), i18n.get_locale() == Locale::zh))
                                    exact=dyn_text(move || exact_value(m, row().and_then(|r| r.current)))/></div>
                                <div class="kpi-cmp">
                                    // each label stays on the line of its figure when the card is narrow
                                    <span class="cmp-pair">
                                        <span class="muted">{tr!(common.vs_prev)}</span>" "
                                        <span class=move || change_class(row().and_then(|r| r.mom), m.lower_is_better())>{move || change(row().and_then(|r| r.mom))}</span>
                                    </span>
                                    <span class="cmp-pair">
                                        <span class="muted">{tr!(common.vs_year)}</span>" "
                                        <span class=move || change_class(row().and_then(|r| r.yoy), m.lower_is_better())>{move || change(row().and_then(|r| r.yoy))}</span>
                                    </span>
                                </div>
                                {(m == KpiMetric::AdSpend).then(|| view! {
                                    <div class="muted small" data-testid="spend-sources">{move || {
                                        let l = i18n.get_locale();
                                        let src = dash.with(|d| d.current.ad_spend_sources());
                                        match (src.store_columns, src.ad_reports) {
                                            (true, true) => td_string!(l, dashboard.spend_src_both),
                                            (false, true) => td_string!(l, dashboard.spend_src_ads),
                                            (true, false) => td_string!(l, dashboard.spend_src_store),
                                            (false, false) => "",
                                        }
                                    }}</div>
                                })}
                                {(m == KpiMetric::FeeRatio).then(|| view! {
                                    <div class="muted small">{tr!(dashboard.ad_share_note)}</div>
                                })}
                            </div>
                        }
                    }).collect_view()}
                </div>
                <p class="muted small-note">{tr!(dashboard.ratio_note)}</p>
                <div class="panel">
                    <div class="panel-head">
                        <h2>{tr!(dashboard.trend_title)}</h2>
                        <select data-testid="trend-metric" aria-label=tr!(dashboard.trend_metric_label) on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some(m) = KpiMetric::ALL.into_iter().find(|m| m.key() == v) { trend_metric.set(m) }
                        }>
                            {[KpiMetric::Gmv, KpiMetric::Visitors, KpiMetric::Conversion, KpiMetric::Aov, KpiMetric::AdSpend, KpiMetric::Roi].into_iter().map(|m| view! {
                                <option value=m.key()>{move || kpi_label(i18n.get_locale(), m)}</option>
                            }).collect_view()}
                        </select>
                        <select data-testid="trend-grain" aria-label=tr!(dashboard.trend_grain_label) on:change=move |e| grain.set(match event_target_value(&e).as_str() { "week" => Grain::Week, "month" => Grain::Month, _ => Grain::Day })>
                            <option value="day">{tr!(dashboard.grain_day)}</option>
                            <option value="week">{tr!(dashboard.grain_week)}</option>
                            <option value="month">{tr!(dashboard.grain_month)}</option>
                        </select>
                    </div>
                    <LineChart data=trend_data.into() fmt=Signal::derive(move || if i18n.get_locale() == Locale::zh { fmt_axis_zh as fn(f64) -> String } else { fmt_axis_en })
                        exact=Signal::derive(move || match trend_metric.get() {
                            KpiMetric::Gmv | KpiMetric::Aov | KpiMetric::AdSpend => fmt_yuan_exact as fn(f64) -> String,
                            KpiMetric::Conversion => fmt_pct_exact,
                            KpiMetric::Roi => fmt_ratio_exact,
                            _ => fmt_count_exact,
                        })
                        testid="trend-chart"/>
                </div>
                <div class="two-col">
                    <div class="panel">
                        <h2>{tr!(dashboard.funnel_title)}</h2>
                        {move || {
                            let t = dash.with(|d| d.current.totals);
                            let steps = [
                                (td_string!(i18n.get_locale(), dashboard.funnel_visitors).to_string(), t.visitors),
                                (td_string!(i18n.get_locale(), dashboard.funnel_cart).to_string(), t.cart_buyers),
                                (td_string!(i18n.get_locale(), dashboard.funnel_order).to_string(), t.order_buyers),
                                (td_string!(i18n.get_locale(), dashboard.funnel_pay).to_string(), t.paying_buyers),
                            ];
                            let top = steps[0].1.max(1) as f64;
                            let mut prev: Option<u64> = None;
                            steps.into_iter().enumerate().map(|(k, (label, n))| {
                                let rate = prev.map(|p| if p > 0 { pct(n as f64 / p as f64) } else { "—".into() });
                                prev = Some(n);
                                let l = i18n.get_locale();
                                // each rate says what it is a share of (the step above)
                                let rate = rate.map(|r| match k {
                                    1 => td_string!(l, dashboard.funnel_rate_cart, rate = r).to_string(),
                                    2 => td_string!(l, dashboard.funnel_rate_order, rate = r).to_string(),
                                    _ => td_string!(l, dashboard.funnel_rate_pay, rate = r).to_string(),
                                });
                                let w = (n as f64 / top * 100.0).clamp(2.0, 100.0);
                                view! {
                                    <div class="funnel-step" data-testid="funnel-step">
                                        <div class="funnel-bar" style=format!("width:{w:.0}%")>{label}" "{group_thousands(n)}</div>
                                        {rate.map(|r| view! { <span class="muted">{r}</span> })}
                                    </div>
                                }
                            }).collect_view()
                        }}
                    </div>
                    <div class="panel">
                        <h2>{tr!(dashboard.decomp_title)}</h2>
                        <Waterfall steps=waterfall.into() fmt=Signal::derive(move || if i18n.get_locale() == Locale::zh { fmt_yuan_zh as fn(f64) -> String } else { fmt_yuan_en })
                            exact=Signal::derive(|| fmt_yuan_signed_exact as fn(f64) -> String) testid="decomp-chart"/>
                        {main_cause}
                        <p class="muted small-note">{tr!(dashboard.decomp_note)}</p>
                    </div>
                </div>
                <div class="panel">
                    <h2>{tr!(common.anomalies_title)}</h2>
                    {move || {
                        let l = i18n.get_locale();
                        let list = anomalies.get();
                        if list.is_empty() {
                            return view! { <p class="muted" data-testid="no-anomalies">{td_string!(l, dashboard.anomalies_none)}</p> }.into_any();
                        }
                        view! {
                            <ul class="anomalies" data-testid="anomalies">
                                {list.into_iter().rev().take(20).map(|a| {
                                    let metric = a.metric.kpi();
                                    let zh = l == Locale::zh;
                                    let dir = match a.direction { Direction::Up => td_string!(l, common.anomaly_up), Direction::Down => td_string!(l, common.anomaly_down) };
                                    let cls = match a.direction { Direction::Up => "up", Direction::Down => "down" };
                                    let exact = td_string!(l, dashboard.anomaly_row, day = ymd(a.day), metric = kpi_label(l, metric),
                                        actual = exact_value(metric, Some(a.actual)), baseline = exact_value(metric, Some(a.baseline)),
                                        size = change(a.size)).to_string();
                                    view! {
                                        <li class=cls tabindex="0" title=exact.clone() aria-label=format!("{dir} {exact}")>
                                            <strong>{dir}</strong>" "
                                            {td_string!(l, dashboard.anomaly_row, day = ymd(a.day), metric = kpi_label(l, metric),
                                                actual = fmt_value(metric, Some(a.actual), zh), baseline = fmt_value(metric, Some(a.baseline), zh),
                                                size = change(a.size)).to_string()}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </div>
            </div>
        </Show>
    }
}

/// Axis and tooltip numbers: 万 in Chinese, K/M in English.
fn fmt_axis_zh(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{:.1}万", v / 10_000.0)
    } else {
        fmt_plain(v)
    }
}

fn fmt_axis_en(v: f64) -> String {
    if v.abs() >= 1_000_000.0 {
        format!("{:.1}M", v / 1_000_000.0)
    } else if v.abs() >= 1_000.0 {
        format!("{:.1}K", v / 1_000.0)
    } else {
        fmt_plain(v)
    }
}

fn fmt_plain(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Yuan (as f64 from fen / 100) back to the exact fen.
fn fen_of(v: f64) -> Option<Fen> {
    let fen = (v * 100.0).round();
    (fen.is_finite() && fen.abs() < 9.0e15).then_some(Fen(fen as i64))
}

fn fmt_yuan_exact(v: f64) -> String {
    fen_of(v).map(yuan).unwrap_or_else(|| "—".into())
}

/// A change in yuan with its sign (+¥1,234.56 / -¥1,234.56).
fn fmt_yuan_signed_exact(v: f64) -> String {
    match fen_of(v) {
        Some(f) if f.0 > 0 => format!("+{}", yuan(f)),
        Some(f) => yuan(f),
        None => "—".into(),
    }
}

fn fmt_pct_exact(v: f64) -> String {
    format!("{v:.4}%")
}

fn fmt_ratio_exact(v: f64) -> String {
    format!("{v:.4}")
}

fn fmt_count_exact(v: f64) -> String {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 {
        group_thousands(v as u64)
    } else {
        format!("{v:.2}")
    }
}
