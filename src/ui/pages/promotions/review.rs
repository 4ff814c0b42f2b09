//! The review (复盘) of one promotion, part of its page: baseline from the pre-period, actual vs
//! baseline with an uncertainty band, incremental GMV and gross profit, 爆发系数, the dip after,
//! targets, what the data covers, a chart and a printable summary. The math is
//! `core::promo::review`; this file only words and draws it.

use crate::core::format::{percent_bp, yuan};
use crate::core::promo::review::{
    baseline_exclusions, review_excluding, AdSpendSource, CommissionSource, CostBasis, ExcludeWhy,
    Lift, Review, ReviewError, ReviewSettings, Scope,
};
use crate::i18n::*;
use crate::model::{Fen, PromoStatus};
use crate::ui::state::{today_date, AppState};
use crate::ui::text::dyn_text;
use crate::ui::widgets::chart::{LineChart, LineData, Series};
use crate::ui::widgets::figure::{fmt_yuan_en, fmt_yuan_zh};
use leptos::prelude::*;

fn error_text(l: Locale, e: ReviewError) -> String {
    match e {
        ReviewError::InvalidPeriod => td_string!(l, promotions.review_err_period).to_string(),
        ReviewError::PromotionNotEnded { last_day } => td_string!(
            l,
            promotions.review_err_not_ended,
            day = last_day.to_string()
        )
        .to_string(),
        ReviewError::NoMetrics => td_string!(l, promotions.review_err_no_metrics).to_string(),
        ReviewError::NoPromotionDays => td_string!(l, promotions.review_err_no_days).to_string(),
        ReviewError::TooFewPreDays { have, need } => {
            td_string!(l, promotions.review_err_few_pre, have = have, need = need).to_string()
        }
    }
}

fn signed(f: Fen) -> String {
    if f.0 > 0 {
        format!("+{}", yuan(f))
    } else {
        yuan(f)
    }
}

fn band(l: Locale, x: &Lift) -> String {
    td_string!(
        l,
        promotions.review_band,
        low = signed(x.low),
        high = signed(x.high)
    )
    .to_string()
}

fn ratio(r: Option<f64>) -> String {
    r.filter(|v| v.is_finite())
        .map(|v| format!("{v:.2}"))
        .unwrap_or_else(|| "—".into())
}

#[component]
pub fn ReviewPanel(promo_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let id = StoredValue::new(promo_id);
    let result = Memo::new(move |_| {
        let id = id.get_value();
        state.ws.with(|ws| {
            let p = ws.promotion(&id)?;
            Some(state.metrics.with(|m| {
                let ex = baseline_exclusions(p, &ws.events, &ws.promotions);
                review_excluding(
                    p,
                    m,
                    &ws.products,
                    &ws.profile,
                    today_date(),
                    &ReviewSettings::default(),
                    &ex,
                )
            }))
        })
    });
    let reviewed = Memo::new(move |_| {
        let id = id.get_value();
        state.ws.with(|ws| {
            ws.promotion(&id)
                .is_some_and(|p| p.status == PromoStatus::Reviewed)
        })
    });
    let mark_reviewed = move |_| {
        state.edit_promotion(&id.get_value(), |p| p.status = PromoStatus::Reviewed);
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="panel review" data-testid="review">
            <div class="page-head">
                <h2>{tr!(promotions.review_title)}</h2>
                <span class="spacer"></span>
                {move || matches!(result.get(), Some(Ok(_))).then(|| view! {
                    <button class="btn ghost no-print" data-testid="review-print" on:click=print>{tr!(promotions.review_print)}</button>
                    <button class="btn no-print" data-testid="mark-reviewed" disabled=move || reviewed.get() on:click=mark_reviewed>{tr!(promotions.review_mark)}</button>
                })}
            </div>
            // The body words itself in the language of the moment: rebuilt when it changes.
            {move || match (i18n.get_locale(), result.get()).1 {
                None => ().into_any(),
                Some(Err(e)) => view! {
                    <p class="muted" data-testid="review-unavailable">{error_text(i18n.get_locale(), e)}</p>
                }.into_any(),
                Some(Ok(r)) => view! { <ReviewBody r=r/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ReviewBody(r: Review) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<AppState>();
    let names: std::collections::HashMap<String, String> = state.ws.with_untracked(|ws| {
        ws.events
            .iter()
            .map(|e| (e.meta.id.clone(), e.name.clone()))
            .chain(
                ws.promotions
                    .iter()
                    .map(|p| (p.meta.id.clone(), p.name.clone())),
            )
            .collect()
    });
    let l = i18n.get_locale_untracked();
    let zh = l == Locale::zh;
    let scope = match &r.scope {
        Scope::Products { item_ids } => {
            td_string!(l, promotions.review_scope_products, n = item_ids.len()).to_string()
        }
        Scope::Store => td_string!(l, promotions.review_scope_store).to_string(),
    };
    let w = r.windows;
    let windows = td_string!(
        l,
        promotions.review_windows,
        pre = format!("{} – {}", w.pre.start, w.pre.end),
        promo = format!("{} – {}", w.promo.start, w.promo.end)
    )
    .to_string();
    let tile = |label: String, value: String, sub: String, testid: &'static str| {
        view! {
            <div class="tile" data-testid=testid>
                <div class="tile-value">{value}</div>
                <div class="tile-label">{label}</div>
                <div class="muted small-note">{sub}</div>
            </div>
        }
    };
    let p = r.promo;
    let tiles = vec![
        tile(
            td_string!(l, promotions.review_actual).to_string(),
            yuan(p.actual),
            td_string!(l, promotions.review_baseline_was, v = yuan(p.baseline)).to_string(),
            "rv-actual",
        ),
        tile(
            td_string!(l, promotions.review_incremental).to_string(),
            signed(p.incremental),
            band(l, &p),
            "rv-incremental",
        ),
        tile(
            td_string!(l, promotions.review_burst).to_string(),
            ratio(r.burst_factor),
            format!(
                "{} · {}",
                td_string!(l, promotions.review_burst_days, n = r.burst_days),
                td_string!(l, promotions.review_lift_ratio, v = ratio(r.lift_ratio))
            ),
            "rv-burst",
        ),
        match &r.post {
            Some(d) => tile(
                td_string!(l, promotions.review_dip).to_string(),
                signed(d.incremental),
                band(l, d),
                "rv-dip",
            ),
            None => tile(
                td_string!(l, promotions.review_dip).to_string(),
                "—".into(),
                td_string!(l, promotions.review_dip_pending).to_string(),
                "rv-dip",
            ),
        },
        tile(
            td_string!(l, promotions.review_net).to_string(),
            signed(r.net.incremental),
            band(l, &r.net),
            "rv-net",
        ),
        match &r.profit {
            Some(pr) => tile(
                td_string!(l, promotions.review_profit).to_string(),
                signed(pr.incremental),
                format!(
                    "{} · {}",
                    td_string!(
                        l,
                        promotions.review_profit_sub,
                        a = yuan(pr.actual.profit),
                        b = yuan(pr.baseline.profit)
                    ),
                    td_string!(
                        l,
                        promotions.review_band,
                        low = signed(pr.low),
                        high = signed(pr.high)
                    )
                ),
                "rv-profit",
            ),
            None => tile(
                td_string!(l, promotions.review_profit).to_string(),
                "—".into(),
                td_string!(l, promotions.review_no_cost).to_string(),
                "rv-profit",
            ),
        },
    ];
    let significant = if p.band_contains_zero() {
        td_string!(l, promotions.review_not_significant).to_string()
    } else if p.incremental.0 > 0 {
        td_string!(l, promotions.review_significant_up).to_string()
    } else {
        td_string!(l, promotions.review_significant_down).to_string()
    };
    let targets = [
        r.gmv_target.map(|c| {
            td_string!(
                l,
                promotions.review_target_gmv,
                actual = yuan(Fen(c.actual)),
                target = yuan(Fen(c.target)),
                pct = percent_bp(c.bp)
            )
            .to_string()
        }),
        r.units_target.map(|c| {
            td_string!(
                l,
                promotions.review_target_units,
                actual = c.actual,
                target = c.target,
                pct = percent_bp(c.bp)
            )
            .to_string()
        }),
    ];
    let profit_rows = r.profit.map(|pr| {
        let row = |label: String, a: Fen, b: Fen| {
            view! { <tr><td>{label}</td><td class="num">{yuan(a)}</td><td class="num">{yuan(b)}</td><td class="num">{signed(a - b)}</td></tr> }
        };
        let basis = match pr.cost_basis {
            CostBasis::ItemCosts => td_string!(l, promotions.review_cost_items).to_string(),
            CostBasis::SoldMixAverage { unit_cost } => {
                td_string!(l, promotions.review_cost_mix, c = yuan(unit_cost)).to_string()
            }
            CostBasis::CatalogAverage { unit_cost } => {
                td_string!(l, promotions.review_cost_catalog, c = yuan(unit_cost)).to_string()
            }
        };
        let ads = match pr.ad_source {
            AdSpendSource::ItemAdRows => td_string!(l, promotions.review_ads_items),
            AdSpendSource::StoreColumns => td_string!(l, promotions.review_ads_store),
            AdSpendSource::AdRows => td_string!(l, promotions.review_ads_rows),
            AdSpendSource::None => td_string!(l, promotions.review_ads_none),
            AdSpendSource::UnknownForScope => td_string!(l, promotions.review_ads_unknown_scope),
        };
        let commission = match pr.commission_source {
            CommissionSource::Recorded => td_string!(l, promotions.review_commission_recorded).to_string(),
            CommissionSource::RateEstimate { bp } => {
                td_string!(l, promotions.review_commission_rate, rate = percent_bp(i64::from(bp))).to_string()
            }
            CommissionSource::None => td_string!(l, promotions.review_commission_none).to_string(),
        };
        let (a, b) = (pr.actual, pr.baseline);
        view! {
            <table class="grid compact" data-testid="rv-profit-table">
                <thead><tr><th></th><th class="num">{tr!(promotions.review_col_actual)}</th><th class="num">{tr!(promotions.review_col_baseline)}</th><th class="num">{tr!(promotions.review_col_diff)}</th></tr></thead>
                <tbody>
                    {row(td_string!(l, promotions.review_paid).to_string(), a.paid, b.paid)}
                    {row(td_string!(l, promotions.review_goods_cost).to_string(), a.goods_cost, b.goods_cost)}
                    {row(td_string!(l, promotions.review_fee).to_string(), a.platform_fee, b.platform_fee)}
                    {row(td_string!(l, promotions.review_commission).to_string(), a.commission, b.commission)}
                    {row(td_string!(l, promotions.review_ad_spend).to_string(), a.ad_spend, b.ad_spend)}
                    {row(td_string!(l, promotions.review_refunds).to_string(), a.refunds, b.refunds)}
                    {row(td_string!(l, promotions.review_shipping).to_string(), a.shipping, b.shipping)}
                    {row(td_string!(l, promotions.review_gross_profit).to_string(), a.profit, b.profit)}
                </tbody>
            </table>
            <p class="muted small-note">{basis}" "{ads}" "{commission}
                {(pr.products_without_cost > 0).then(|| format!(" {}", td_string!(l, promotions.review_zero_cost, n = pr.products_without_cost)))}</p>
        }
    });
    let c = &r.coverage;
    let mut notes = vec![td_string!(
        l,
        promotions.review_coverage,
        pre = c.pre.have,
        pre_n = c.pre.expected,
        promo = c.promo.have,
        promo_n = c.promo.expected
    )
    .to_string()];
    if !c.missing.is_empty() {
        let days: Vec<String> = c.missing.iter().take(10).map(|d| d.to_string()).collect();
        notes.push(
            td_string!(
                l,
                promotions.review_missing_days,
                days = days.join(td_string!(l, common.enumeration))
            )
            .to_string(),
        );
    }
    if !r.excluded.is_empty() {
        let list: Vec<String> = r
            .excluded
            .iter()
            .map(|e| {
                let (from, to) = (e.range.start.to_string(), e.range.end.to_string());
                match &e.why {
                    ExcludeWhy::PlatformEvent { id } => td_string!(
                        l,
                        promotions.review_ex_event,
                        name = names.get(id).cloned().unwrap_or_default(),
                        from = from,
                        to = to
                    )
                    .to_string(),
                    ExcludeWhy::SpringFestival => {
                        td_string!(l, promotions.review_ex_festival, from = from, to = to)
                            .to_string()
                    }
                    ExcludeWhy::OtherPromotion { id } => td_string!(
                        l,
                        promotions.review_ex_promo,
                        name = names.get(id).cloned().unwrap_or_default(),
                        from = from,
                        to = to
                    )
                    .to_string(),
                }
            })
            .collect();
        notes.push(
            td_string!(
                l,
                promotions.review_excluded,
                list = list.join(td_string!(l, common.list_separator))
            )
            .to_string(),
        );
    }
    if !c.post_complete {
        notes.push(
            td_string!(
                l,
                promotions.review_post_partial,
                have = c.post.have,
                n = c.post.expected
            )
            .to_string(),
        );
    }
    let series = r.series.clone();
    let chart = LineData {
        labels: series
            .iter()
            .map(|d| crate::model::date::md(d.date))
            .collect(),
        series: vec![
            Series {
                name: td_string!(l, promotions.review_col_actual).to_string(),
                values: series
                    .iter()
                    .map(|d| d.actual.map(|f| f.0 as f64 / 100.0).unwrap_or(f64::NAN))
                    .collect(),
                color: "#d4380d",
            },
            Series {
                name: td_string!(l, promotions.review_col_baseline).to_string(),
                values: series.iter().map(|d| d.baseline.0 as f64 / 100.0).collect(),
                color: "#1677ff",
            },
            Series {
                name: td_string!(l, promotions.review_band_low).to_string(),
                values: series.iter().map(|d| d.low.0 as f64 / 100.0).collect(),
                color: "#91caff",
            },
            Series {
                name: td_string!(l, promotions.review_band_high).to_string(),
                values: series.iter().map(|d| d.high.0 as f64 / 100.0).collect(),
                color: "#91caff",
            },
        ],
    };
    let fmt: fn(f64) -> String = if zh { fmt_yuan_zh } else { fmt_yuan_en };
    view! {
        <p class="muted">{scope}" · "{windows}</p>
        <div class="tiles">{tiles}</div>
        <p data-testid="rv-verdict"><strong>{significant}</strong></p>
        <ul class="rv-targets">{targets.into_iter().flatten().map(|t| view! { <li data-testid="rv-target">{t}</li> }).collect_view()}</ul>
        {profit_rows}
        <LineChart data=Signal::stored(chart) fmt=Signal::stored(fmt) testid="review-chart"/>
        <ul class="muted small-note">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        <p class="muted small-note">{dyn_text(move || t_string!(i18n, promotions.review_method).to_string())}</p>
    }
}
