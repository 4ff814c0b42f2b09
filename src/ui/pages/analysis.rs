//! Analysis view: products (ranking by any metric, ABC, traffic × conversion quadrant, best-seller
//! candidates, stock-out risk) and paid traffic (per channel and plan, break-even ROI per product,
//! plan-report vs product-report reconciliation). All figures come from `core::metrics`.

use crate::core::format::{bp_plain, group_thousands, yuan};
use crate::core::metrics::ads::{self, AdSource, AdTotals, BreakEvenVerdict};
use crate::core::metrics::kpi::KpiValue;
use crate::core::metrics::period::Preset;
use crate::core::metrics::products::{
    abc, best_seller_candidates, product_stats, quadrants, rank, stock_map, stock_risk, total,
    AbcClass, ProductMetric, Quadrant,
};
use crate::i18n::*;
use crate::ui::state::AppState;
use crate::ui::text::channel_label;
use crate::ui::widgets::period::{PeriodChoice, PeriodControl};
use leptos::prelude::*;
use std::collections::HashMap;

fn pm_label(l: Locale, m: ProductMetric) -> String {
    match m {
        ProductMetric::Visitors => td_string!(l, analysis.metric_visitors),
        ProductMetric::PageViews => td_string!(l, analysis.metric_page_views),
        ProductMetric::CartBuyers => td_string!(l, analysis.metric_cart_buyers),
        ProductMetric::CartUnits => td_string!(l, analysis.metric_cart_units),
        ProductMetric::OrderBuyers => td_string!(l, analysis.metric_order_buyers),
        ProductMetric::PayingBuyers => td_string!(l, analysis.metric_paying_buyers),
        ProductMetric::PaidUnits => td_string!(l, analysis.metric_paid_units),
        ProductMetric::PaidAmount => td_string!(l, analysis.metric_paid_amount),
        ProductMetric::RefundAmount => td_string!(l, analysis.metric_refund_amount),
        ProductMetric::Conversion => td_string!(l, analysis.metric_conversion),
        ProductMetric::CartRate => td_string!(l, analysis.metric_cart_rate),
        ProductMetric::Aov => td_string!(l, analysis.metric_aov),
        ProductMetric::UvValue => td_string!(l, analysis.metric_uv_value),
        ProductMetric::UnitPrice => td_string!(l, analysis.metric_unit_price),
        ProductMetric::RefundRate => td_string!(l, analysis.metric_refund_rate),
    }
    .to_string()
}

fn quadrant_label(l: Locale, q: Quadrant) -> String {
    match q {
        Quadrant::Star => td_string!(l, analysis.quadrant_star),
        Quadrant::FixConversion => td_string!(l, analysis.quadrant_fix),
        Quadrant::Potential => td_string!(l, analysis.quadrant_potential),
        Quadrant::Weak => td_string!(l, analysis.quadrant_weak),
    }
    .to_string()
}

fn pct(r: Option<f64>) -> String {
    r.filter(|r| r.is_finite())
        .map(|r| format!("{:.2}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn num2(r: Option<f64>) -> String {
    r.filter(|r| r.is_finite())
        .map(|r| format!("{r:.2}"))
        .unwrap_or_else(|| "—".into())
}

fn value(v: Option<KpiValue>) -> String {
    match v {
        None => "—".into(),
        Some(KpiValue::Money(f)) => yuan(f),
        Some(KpiValue::Count(c)) => group_thousands(c),
        Some(KpiValue::Rate(r)) => pct(Some(r)),
    }
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let choice = PeriodChoice::new(Preset::Last30);
    let tab = RwSignal::new(0u8);
    let metric = RwSignal::new(ProductMetric::PaidAmount);
    let period = Memo::new(move |_| choice.period());
    let titles = Memo::new(move |_| {
        state.ws.with(|ws| {
            ws.live_products()
                .filter(|p| !p.item_id.is_empty())
                .map(|p| (p.item_id.clone(), p.title.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    let name = move |id: &str| {
        titles
            .with(|t| t.get(id).cloned())
            .unwrap_or_else(|| id.to_string())
    };
    let has_data = Memo::new(move |_| state.metrics.with(|m| !m.is_empty()));

    let products_view = move || {
        let l = i18n.get_locale();
        let p = period.get();
        let (mut stats, best, risk) = state.metrics.with(|m| {
            let stats = product_stats(m, p);
            let best = best_seller_candidates(m, p.to);
            let stock = state.ws.with(|ws| stock_map(&ws.products));
            let risk = stock_risk(m, p.to, &stock, 14.0);
            (stats, best, risk)
        });
        let abc_of: HashMap<String, AbcClass> = abc(&stats)
            .into_iter()
            .map(|r| (r.item_id, r.class))
            .collect();
        let quad_of: HashMap<String, Quadrant> = quadrants(&stats)
            .rows
            .into_iter()
            .map(|r| (r.item_id, r.quadrant))
            .collect();
        let m = metric.get();
        rank(&mut stats, m);
        let sum = total(&stats);
        let count = stats.len();
        // the ranking metric gets its own column only when it is not one of the fixed ones
        let fixed = [
            ProductMetric::Visitors,
            ProductMetric::Conversion,
            ProductMetric::PaidAmount,
        ];
        let extra = !fixed.contains(&m);
        // a header that ranks by its metric (descending, as a ranking reads)
        let sort_th = move |x: ProductMetric| {
            let on = x == m;
            view! {
                <th class="sortable" aria-sort=if on { "descending" } else { "none" } data-testid=format!("rank-by-{}", x.key())>
                    <button type="button" class="sort-btn" on:click=move |_| metric.set(x)>
                        {pm_label(l, x)}{if on { " ▼" } else { "" }}
                    </button>
                </th>
            }
        };
        view! {
            <div class="panel">
                <div class="panel-head">
                    <h2>{tr!(analysis.tab_products)}</h2>
                    <label class="muted">{tr!(analysis.rank_by)}" "
                        <select data-testid="rank-metric" on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some(m) = ProductMetric::ALL.into_iter().find(|m| m.key() == v) { metric.set(m) }
                        }>
                            {ProductMetric::ALL.into_iter().map(|x| view! {
                                <option value=x.key() selected=x == m>{pm_label(l, x)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                <div class="table-wrap short" tabindex="0" role="region" aria-label=tr!(analysis.ranking_region)>
                    <table class="grid" data-testid="product-ranking">
                        <thead><tr>
                            <th>"#"</th><th>{tr!(common.col_product)}</th>
                            {sort_th(ProductMetric::Visitors)}{sort_th(ProductMetric::Conversion)}{sort_th(ProductMetric::PaidAmount)}
                            {extra.then(|| sort_th(m))}
                            <th>{tr!(analysis.col_abc)}</th><th>{tr!(analysis.col_quadrant)}</th>
                        </tr></thead>
                        <tbody>
                            {stats.iter().take(100).enumerate().map(|(i, s)| view! {
                                <tr>
                                    <td>{i + 1}</td>
                                    <td class="title">{name(&s.item_id)}<div class="muted mono">{s.item_id.clone()}</div></td>
                                    <td class="num">{group_thousands(s.visitors)}</td>
                                    <td class="num">{pct(s.conversion())}</td>
                                    <td class="num">{yuan(s.paid_amount)}</td>
                                    {extra.then(|| view! { <td class="num">{value(m.value(s))}</td> })}
                                    <td>{abc_of.get(&s.item_id).map(|c| format!("{c:?}")).unwrap_or_default()}</td>
                                    <td class="small">{quad_of.get(&s.item_id).map(|q| quadrant_label(l, *q)).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot>
                            <tr class="total-row" data-testid="product-total">
                                <td></td>
                                <td>{td_string!(l, analysis.total_products, n = count).to_string()}</td>
                                <td class="num">{group_thousands(sum.visitors)}</td>
                                <td class="num">{pct(sum.conversion())}</td>
                                <td class="num">{yuan(sum.paid_amount)}</td>
                                {extra.then(|| view! { <td class="num">{value(m.value(&sum))}</td> })}
                                <td></td><td></td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
            </div>
            <div class="two-col">
                <div class="panel" data-testid="best-sellers">
                    <h2>{tr!(analysis.best_sellers_title)}</h2>
                    {if best.candidates.is_empty() {
                        view! { <p class="muted">{td_string!(l, analysis.none_found)}</p> }.into_any()
                    } else {
                        view! { <ul class="plain-list">{best.candidates.iter().map(|b| view! {
                            <li><strong>{name(&b.item_id)}</strong>" · "
                                {td_string!(l, analysis.growth, v = pct(b.visitors_growth), c = pct(b.cart_growth)).to_string()}
                                " · "{td_string!(l, analysis.bs_conversion, v = pct(Some(b.conversion))).to_string()}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </div>
                <div class="panel" data-testid="stock-risk">
                    <h2>{tr!(analysis.stock_risk_title)}</h2>
                    <p class="muted small-note">{tr!(analysis.stock_sum_note)}</p>
                    {if risk.is_empty() {
                        view! { <p class="muted">{td_string!(l, analysis.none_found)}</p> }.into_any()
                    } else {
                        view! { <ul class="plain-list">{risk.iter().map(|r| {
                            let what = if r.out_of_stock {
                                td_string!(l, analysis.out_of_stock).to_string()
                            } else {
                                td_string!(l, analysis.days_cover, d = num2(r.days_of_cover)).to_string()
                            };
                            view! { <li><strong>{name(&r.item_id)}</strong>" · "{what}" · "{r.stock}</li> }
                        }).collect_view()}</ul> }.into_any()
                    }}
                </div>
            </div>
        }
    };

    let ads_view = move || {
        let l = i18n.get_locale();
        let p = period.get();
        let (source, channels, plans, be, recon) = state.metrics.with(|m| {
            let list = m.ads();
            let source = ads::source_in(list, p);
            let src = source.unwrap_or(AdSource::PlanReport);
            let prices = state.ws.with(|ws| ads::price_cost_map(&ws.products));
            let sales = ads::item_sales(m, p);
            let fee = state.ws.with(|ws| ws.profile.fee_rate_bp);
            (
                source,
                ads::by_channel(list, p, src),
                ads::by_plan(list, p, src),
                ads::break_even(list, p, &prices, &sales, fee)
                    .into_iter()
                    .filter(|b| b.totals.spend.0 > 0)
                    .collect::<Vec<_>>(),
                ads::reconcile(list, p),
            )
        });
        if source.is_none() {
            return view! { <p class="muted panel" data-testid="no-ads">{td_string!(l, common.no_ads)}</p> }.into_any();
        }
        let row = |label: String, t: &AdTotals, total_row: bool| {
            view! {
                <tr class:total-row=total_row>
                    <td>{label}</td>
                    <td class="num">{yuan(t.spend)}</td>
                    <td class="num">{group_thousands(t.impressions)}</td>
                    <td class="num">{group_thousands(t.clicks)}</td>
                    <td class="num">{pct(t.ctr())}</td>
                    <td class="num">{t.cpc().map(yuan).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{t.cpm().map(yuan).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{yuan(t.total_amount)}</td>
                    <td class="num">{num2(t.roi())}</td>
                    <td class="num">{pct(t.fee_ratio())}</td>
                </tr>
            }
        };
        let head = move |first: String| {
            view! {
                <thead><tr>
                    <th>{first}</th><th>{tr!(analysis.col_spend)}</th><th>{tr!(analysis.col_impr)}</th><th>{tr!(analysis.col_clicks)}</th>
                    <th>{tr!(analysis.col_ctr)}</th><th>{tr!(analysis.col_cpc)}</th><th>{tr!(analysis.col_cpm)}</th><th>{tr!(analysis.col_sales)}</th>
                    <th>{tr!(analysis.col_roi)}</th><th>{tr!(analysis.col_fee_ratio)}</th>
                </tr></thead>
            }
        };
        view! {
            <div class="panel">
                <h2>{tr!(analysis.by_channel)}</h2>
                <table class="grid" data-testid="ads-by-channel">
                    {head(td_string!(l, analysis.col_channel).to_string())}
                    <tbody>{channels.iter().map(|c| row(channel_label(l, c.channel), &c.totals, false)).collect_view()}</tbody>
                    <tfoot data-testid="channel-total">{row(td_string!(l, common.col_total).to_string(), &ads::sum_totals(channels.iter().map(|c| &c.totals)), true)}</tfoot>
                </table>
                <h2>{tr!(analysis.by_plan)}</h2>
                <table class="grid" data-testid="ads-by-plan">
                    {head(td_string!(l, analysis.col_plan).to_string())}
                    <tbody>{plans.iter().map(|pl| row(format!("{} · {}", channel_label(l, pl.channel), pl.plan_name), &pl.totals, false)).collect_view()}</tbody>
                    <tfoot data-testid="plan-total">{row(td_string!(l, common.col_total).to_string(), &ads::sum_totals(plans.iter().map(|p| &p.totals)), true)}</tfoot>
                </table>
            </div>
            <div class="panel" data-testid="break-even">
                <h2>{tr!(analysis.break_even_title_realised)}</h2>
                {if be.is_empty() { view! { <p class="muted">{td_string!(l, analysis.none_found)}</p> }.into_any() } else { view! {
                    <table class="grid">
                        <thead><tr><th>{tr!(common.col_product)}</th><th>{tr!(analysis.col_unit_price_be)}</th><th>{tr!(analysis.col_margin_be)}</th><th>{tr!(analysis.col_be_roi)}</th><th>{tr!(analysis.col_roi)}</th><th>{tr!(analysis.col_net_roi)}</th><th>{tr!(analysis.col_profit_per_yuan)}</th><th>{tr!(analysis.col_spend)}</th><th>{tr!(analysis.col_verdict)}</th></tr></thead>
                        <tbody>{be.iter().map(|b| {
                            let (cls, verdict) = match b.verdict {
                                BreakEvenVerdict::AboveBreakEven => ("ok", td_string!(l, analysis.break_even_above)),
                                BreakEvenVerdict::BelowBreakEven => ("bad", td_string!(l, analysis.break_even_below)),
                                BreakEvenVerdict::NoMargin => ("bad", td_string!(l, analysis.break_even_no_margin)),
                                BreakEvenVerdict::Unknown => ("", td_string!(l, analysis.break_even_unknown)),
                            };
                            view! { <tr>
                                <td class="title">{name(&b.item_id)}</td>
                                <td class="num">{b.unit_price.map(|f| format!("{} ({})", yuan(f), if b.realised_price { td_string!(l, analysis.break_even_price_realised) } else { td_string!(l, analysis.break_even_price_list) })).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{b.margin_bp.map(|m| format!("{}%", bp_plain(m))).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{num2(b.break_even_roi)}</td>
                                <td class="num">{num2(b.roi)}</td>
                                <td class="num">{num2(b.net_roi)}</td>
                                <td class="num">{b.profit_per_yuan.filter(|v| v.is_finite()).map(|v| format!("{}¥{:.2}", if v < 0.0 { "−" } else { "+" }, v.abs())).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{yuan(b.totals.spend)}</td>
                                <td class=format!("verdict {cls}")>{verdict}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table>
                    <p class="muted small-note">{td_string!(l, analysis.break_even_note)}</p>
                }.into_any() }}
            </div>
            <div class="panel" data-testid="reconciliation">
                <h2>{tr!(analysis.recon_title)}</h2>
                {if recon.days.is_empty() { td_string!(l, analysis.recon_none).to_string() } else {
                    td_string!(l, analysis.recon_text, days = recon.days.len(), ps = yuan(recon.plan_spend), qs = yuan(recon.product_spend),
                        ds = yuan(recon.spend_diff()), pa = yuan(recon.plan_amount), qa = yuan(recon.product_amount),
                        da = yuan(recon.amount_diff()), items = recon.promoted_items).to_string()
                }}
            </div>
        }.into_any()
    };

    view! {
        <section class="page analysis" data-testid="page-analysis">
            <h1>{tr!(common.nav_analysis)}</h1>
            <Show when=move || has_data.get() fallback=|| view! {
                <div class="empty-state"><p class="not-yet">{tr!(common.no_metrics_yet)}</p></div>
            }>
                <div class="toolbar">
                    <button class="btn" class:primary=move || tab.get() == 0 data-testid="tab-products" on:click=move |_| tab.set(0)>{tr!(analysis.tab_products)}</button>
                    <button class="btn" class:primary=move || tab.get() == 1 data-testid="tab-ads" on:click=move |_| tab.set(1)>{tr!(analysis.tab_ads)}</button>
                </div>
                <PeriodControl choice=choice/>
                {move || if tab.get() == 0 { products_view().into_any() } else { ads_view() }}
            </Show>
        </section>
    }
}
