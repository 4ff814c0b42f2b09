//! Reports (日报 / 周报 / 月报): `core::report` builds one for a kind and a day; this page lays
//! its sections out as tables, and the same tables are what "copy as text" (for a chat message)
//! and "export CSV" write, so the three never disagree. Print uses the page itself (print CSS).

use crate::core::format::{group_thousands, percent2_bp, yuan};
use crate::core::metrics::anomaly::{AnomalySettings, Direction};
use crate::core::metrics::export::{to_csv, CsvCell};
use crate::core::metrics::kpi::{KpiMetric, KpiValue};
use crate::core::metrics::period::{date_of, ymd};
use crate::core::report::{build, PlanItem, Report, ReportKind};
use crate::formats::xlsx::Sheet;
use crate::i18n::*;
use crate::model::report_note::{note_id, MAX_TEXT as MAX_NOTE};
use crate::model::{Fen, Record, ReportNote};
use crate::ui::clock::now_ms;
use crate::ui::router::{use_navigate, use_query_map, NavigateOptions};
use crate::ui::state::{today_date, AppState};
use crate::ui::text::{dyn_bool, dyn_text, promo_status};
use crate::ui::widgets::chart::write_clipboard;
use crate::ui::widgets::download::{download_text, export_xlsx, XlsxFailed};
use crate::ui::widgets::figure::{change, exact_value, kpi_label};
use leptos::prelude::*;

/// One cell: shown with its exact figure, written to CSV as a plain number.
#[derive(Clone, Debug)]
enum C {
    Text(String),
    Money(Fen),
    Count(u64),
    /// basis points
    Share(Option<i64>),
    /// a relative change (0.1 = +10%)
    Change(Option<f64>),
    /// a KPI's exact figure (money to the fen, rates with four decimals)
    Kpi(KpiMetric, Option<KpiValue>),
}

impl C {
    fn shown(&self) -> String {
        match self {
            C::Text(s) => s.clone(),
            C::Money(f) => yuan(*f),
            C::Count(n) => group_thousands(*n),
            C::Share(Some(bp)) => percent2_bp(*bp),
            C::Change(c) => change(*c),
            C::Kpi(m, v) => exact_value(*m, *v),
            C::Share(None) => "—".into(),
        }
    }

    fn csv(&self) -> CsvCell {
        match self {
            C::Text(s) => CsvCell::Text(s.clone()),
            C::Money(f) => CsvCell::Money(*f),
            C::Count(n) => CsvCell::Count(*n),
            C::Share(Some(bp)) => CsvCell::Decimal(*bp as f64 / 10_000.0, 4),
            C::Change(Some(c)) => CsvCell::Decimal(*c, 6),
            C::Kpi(_, Some(KpiValue::Money(f))) => CsvCell::Money(*f),
            C::Kpi(_, Some(KpiValue::Count(n))) => CsvCell::Count(*n),
            C::Kpi(_, Some(KpiValue::Rate(r))) => CsvCell::Decimal(*r, 6),
            C::Share(None) | C::Change(None) | C::Kpi(_, None) => CsvCell::Empty,
        }
    }
}

/// One section of a report as a table.
struct Table {
    key: &'static str,
    title: String,
    head: Vec<String>,
    rows: Vec<Vec<C>>,
    /// Shown instead of the table when there are no rows.
    empty: String,
}

fn kind_name(l: Locale, k: ReportKind) -> &'static str {
    match k {
        ReportKind::Daily => td_string!(l, reports.daily),
        ReportKind::Weekly => td_string!(l, reports.weekly),
        ReportKind::Monthly => td_string!(l, reports.monthly),
    }
}

/// The report's title: store, kind, the days covered ("to date" while the unit runs on).
fn title(r: &Report, l: Locale, store: &str) -> String {
    let span = if r.full.start == r.full.end {
        r.full.start.to_string()
    } else {
        format!("{} – {}", r.full.start, r.full.end)
    };
    let mut s = format!("{store} {} {span}", kind_name(l, r.kind));
    if r.covered.end < r.full.end {
        s.push_str(&td_string!(l, reports.to_date, d = r.covered.end.to_string()).to_string());
    }
    s.trim().to_string()
}

fn tables(r: &Report, l: Locale, note: Option<&str>) -> Vec<Table> {
    let mut out = Vec::new();
    out.push(Table {
        key: "overview",
        title: td_string!(l, reports.overview).into(),
        head: vec![
            td_string!(l, reports.col_metric).into(),
            td_string!(l, reports.col_value).into(),
            td_string!(l, common.vs_prev).into(),
            td_string!(l, common.vs_year).into(),
        ],
        rows: if r.has_data {
            r.overview
                .rows
                .iter()
                .map(|x| {
                    vec![
                        C::Text(kpi_label(l, x.metric)),
                        C::Kpi(x.metric, x.current),
                        C::Change(x.mom),
                        C::Change(x.yoy),
                    ]
                })
                .collect()
        } else {
            Vec::new()
        },
        empty: td_string!(l, reports.no_data).into(),
    });
    if r.kind != ReportKind::Daily {
        out.push(Table {
            key: "trend",
            title: td_string!(l, reports.trend).into(),
            head: vec![
                td_string!(l, reports.col_date).into(),
                kpi_label(l, KpiMetric::Gmv),
                kpi_label(l, KpiMetric::Visitors),
                kpi_label(l, KpiMetric::PayingBuyers),
                kpi_label(l, KpiMetric::Conversion),
            ],
            rows: r
                .trend
                .iter()
                .filter(|(_, k)| k.totals.rows > 0)
                .map(|(d, k)| {
                    vec![
                        C::Text(d.to_string()),
                        C::Money(k.gmv()),
                        C::Count(k.visitors()),
                        C::Count(k.paying_buyers()),
                        C::Kpi(KpiMetric::Conversion, k.value(KpiMetric::Conversion)),
                    ]
                })
                .collect(),
            empty: td_string!(l, reports.no_data).into(),
        });
    }
    out.push(Table {
        key: "best",
        title: td_string!(l, reports.best).into(),
        head: vec![
            "#".into(),
            td_string!(l, common.col_sku).into(),
            td_string!(l, reports.col_product).into(),
            kpi_label(l, KpiMetric::Gmv),
            td_string!(l, reports.col_units).into(),
            td_string!(l, reports.col_share).into(),
        ],
        rows: r
            .best
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let name = if p.title.is_empty() {
                    td_string!(l, reports.item, id = p.item_id.clone()).to_string()
                } else {
                    p.title.clone()
                };
                vec![
                    C::Count(i as u64 + 1),
                    C::Text(p.sku.clone()),
                    C::Text(name),
                    C::Money(p.paid_amount),
                    C::Count(p.paid_units),
                    C::Share(p.share_bp),
                ]
            })
            .collect(),
        empty: td_string!(l, reports.no_products).into(),
    });
    if r.kind != ReportKind::Daily {
        out.push(Table {
            key: "categories",
            title: td_string!(l, reports.categories).into(),
            head: vec![
                td_string!(l, common.col_category).into(),
                kpi_label(l, KpiMetric::Gmv),
                td_string!(l, reports.col_previous).into(),
                td_string!(l, reports.col_share).into(),
            ],
            rows: r
                .categories
                .iter()
                .map(|c| {
                    let name = if c.category.is_empty() {
                        td_string!(l, reports.uncategorised).to_string()
                    } else {
                        c.category.clone()
                    };
                    vec![
                        C::Text(name),
                        C::Money(c.paid_amount),
                        C::Money(c.previous),
                        C::Share(c.share_bp),
                    ]
                })
                .collect(),
            empty: td_string!(l, reports.no_products).into(),
        });
    }
    out.push(Table {
        key: "anomalies",
        title: td_string!(l, reports.anomalies).into(),
        head: vec![
            td_string!(l, reports.col_date).into(),
            td_string!(l, reports.col_metric).into(),
            td_string!(l, reports.col_direction).into(),
            td_string!(l, reports.col_value).into(),
            td_string!(l, reports.col_baseline).into(),
            td_string!(l, reports.col_change).into(),
        ],
        rows: r
            .anomalies
            .iter()
            .map(|a| {
                let m = a.metric.kpi();
                let dir = match a.direction {
                    Direction::Up => td_string!(l, common.anomaly_up),
                    Direction::Down => td_string!(l, common.anomaly_down),
                };
                vec![
                    C::Text(ymd(a.day)),
                    C::Text(kpi_label(l, m)),
                    C::Text(dir.into()),
                    C::Kpi(m, Some(a.actual)),
                    C::Kpi(m, Some(a.baseline)),
                    C::Change(a.size),
                ]
            })
            .collect(),
        empty: td_string!(l, reports.no_anomalies).into(),
    });
    out.push(Table {
        key: "promotions",
        title: if r.kind == ReportKind::Monthly {
            td_string!(l, reports.promo_reviews).into()
        } else {
            td_string!(l, reports.promotions).into()
        },
        head: vec![
            td_string!(l, common.promotions_name).into(),
            td_string!(l, reports.col_dates).into(),
            td_string!(l, common.col_status).into(),
            td_string!(l, reports.col_target).into(),
            td_string!(l, reports.col_actual).into(),
            td_string!(l, reports.col_incremental).into(),
        ],
        rows: r
            .promotions
            .iter()
            .map(|p| {
                let opt = |f: Option<Fen>| f.map_or(C::Text("—".into()), C::Money);
                vec![
                    C::Text(p.name.clone()),
                    C::Text(format!("{} – {}", p.main.start, p.main.end)),
                    C::Text(promo_status(l, p.status)),
                    C::Money(p.target_gmv),
                    opt(p.actual),
                    opt(p.incremental),
                ]
            })
            .collect(),
        empty: td_string!(l, reports.no_promotions).into(),
    });
    if r.kind == ReportKind::Weekly {
        out.push(Table {
            key: "competitors",
            title: td_string!(l, reports.competitors).into(),
            head: vec![
                td_string!(l, common.competitors_item).into(),
                td_string!(l, reports.col_date).into(),
                td_string!(l, common.competitors_their_price).into(),
                td_string!(l, reports.col_before).into(),
                td_string!(l, common.competitors_our_price).into(),
                td_string!(l, common.competitors_gap).into(),
                td_string!(l, common.competitors_sales).into(),
                td_string!(l, common.competitors_activity).into(),
            ],
            rows: r
                .competitors
                .iter()
                .map(|m| {
                    let money = |f: Option<Fen>| f.map_or(C::Text("—".into()), C::Money);
                    let name = if m.store.is_empty() {
                        m.name.clone()
                    } else {
                        td_string!(l, common.parenthesised, text = m.name, note = m.store)
                    };
                    vec![
                        C::Text(name),
                        C::Text(m.day.to_string()),
                        money(m.price),
                        money(m.previous),
                        money(m.ours),
                        money(m.gap.map(Fen)),
                        m.sales.map_or(C::Text("—".into()), C::Count),
                        C::Text(m.activity.clone()),
                    ]
                })
                .collect(),
            empty: td_string!(l, reports.no_competitors).into(),
        });
    }
    out.push(Table {
        key: "plan",
        title: td_string!(
            l,
            reports.plan,
            from = r.next.start.to_string(),
            to = r.next.end.to_string()
        )
        .to_string(),
        head: vec![
            td_string!(l, reports.col_date).into(),
            td_string!(l, reports.col_kind).into(),
            td_string!(l, reports.col_item).into(),
            td_string!(l, reports.col_owner).into(),
        ],
        rows: r
            .plan
            .iter()
            .map(|p| match p {
                PlanItem::Task {
                    title,
                    due,
                    owner,
                    status,
                    ..
                } => vec![
                    C::Text(due.to_string()),
                    C::Text(td_string!(
                        l,
                        common.parenthesised,
                        text = td_string!(l, reports.task),
                        note = crate::ui::text::task_status(l, *status)
                    )),
                    C::Text(title.clone()),
                    C::Text(owner.clone()),
                ],
                PlanItem::PromoStart { name, date, .. } => vec![
                    C::Text(date.to_string()),
                    C::Text(td_string!(l, reports.promo_start).into()),
                    C::Text(name.clone()),
                    C::Text(String::new()),
                ],
                PlanItem::Registration { name, date, .. } => vec![
                    C::Text(date.to_string()),
                    C::Text(td_string!(l, common.calendar_ph_registration).into()),
                    C::Text(name.clone()),
                    C::Text(String::new()),
                ],
            })
            .collect(),
        empty: td_string!(l, reports.no_plan).into(),
    });
    let target_title = if r.kind == ReportKind::Monthly {
        td_string!(l, reports.target_next).to_string()
    } else {
        td_string!(l, reports.target_month).to_string()
    };
    out.push(Table {
        key: "target",
        title: target_title,
        head: vec![
            td_string!(l, reports.col_plan).into(),
            td_string!(l, reports.col_month).into(),
            td_string!(l, reports.col_target).into(),
            td_string!(l, reports.col_target_to_date).into(),
            td_string!(l, reports.col_actual).into(),
            td_string!(l, reports.col_attainment).into(),
        ],
        rows: r
            .target
            .iter()
            .map(|t| {
                vec![
                    C::Text(t.plan_name.clone()),
                    C::Text(format!("{}-{:02}", t.year, t.month + 1)),
                    C::Money(t.target),
                    C::Money(t.target_to_date),
                    C::Money(t.actual_to_date),
                    C::Share(t.rate_bp),
                ]
            })
            .collect(),
        empty: td_string!(l, reports.no_target).into(),
    });
    // the team's comment, when there is one: shown, printed, copied and exported with the rest
    if let Some(text) = note.map(str::trim).filter(|t| !t.is_empty()) {
        out.push(Table {
            key: "note",
            title: td_string!(l, reports.note).into(),
            head: vec![td_string!(l, reports.note).into()],
            rows: text.lines().map(|x| vec![C::Text(x.to_string())]).collect(),
            empty: String::new(),
        });
    }
    out
}

/// The report as plain text for a chat message: a title line, then per section 【title】 and
/// one line per row ("first cell：header value，header value").
fn as_text(l: Locale, title: &str, tables: &[Table]) -> String {
    let mut s = format!("{title}\n");
    for t in tables {
        s.push_str(&format!(
            "\n{}\n",
            td_string!(l, common.section_heading, title = t.title)
        ));
        if t.rows.is_empty() {
            s.push_str(&t.empty);
            s.push('\n');
            continue;
        }
        for row in &t.rows {
            let mut cells = row.iter().map(C::shown);
            let first = cells.next().unwrap_or_default();
            let rest: Vec<String> = t
                .head
                .iter()
                .skip(1)
                .zip(cells)
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| format!("{h} {v}"))
                .collect();
            if rest.is_empty() {
                s.push_str(&format!("{first}\n"));
            } else {
                let value = rest.join(td_string!(l, common.comma));
                s.push_str(&td_string!(
                    l,
                    common.labelled,
                    label = first,
                    value = value
                ));
                s.push('\n');
            }
        }
    }
    s
}

/// The report as CSV: the title, then per section its title, header and rows, a blank line
/// between sections (money as plain yuan, shares and changes as decimals; text neutralised).
fn as_csv(title: &str, tables: &[Table]) -> String {
    to_csv(&as_rows(title, tables))
}

/// The report's rows, typed: what the CSV and XLSX exports write.
fn as_rows(title: &str, tables: &[Table]) -> Vec<Vec<CsvCell>> {
    let mut rows: Vec<Vec<CsvCell>> = vec![vec![CsvCell::Text(title.into())], Vec::new()];
    for t in tables {
        rows.push(vec![CsvCell::Text(t.title.clone())]);
        if t.rows.is_empty() {
            rows.push(vec![CsvCell::Text(t.empty.clone())]);
        } else {
            rows.push(t.head.iter().cloned().map(CsvCell::Text).collect());
            rows.extend(t.rows.iter().map(|r| r.iter().map(C::csv).collect()));
        }
        rows.push(Vec::new());
    }
    rows
}

fn table_view(t: &Table) -> AnyView {
    let key = t.key;
    let body = if t.rows.is_empty() {
        view! { <p class="muted" data-testid=format!("rp-{key}-empty")>{t.empty.clone()}</p> }
            .into_any()
    } else {
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t.title.clone()>
                <table class="grid rp-table" data-testid=format!("rp-{key}")>
                    <thead><tr>{t.head.iter().enumerate().map(|(i, h)| {
                        let num = t.rows.first().and_then(|r| r.get(i)).is_some_and(|c| !matches!(c, C::Text(_)));
                        view! { <th scope="col" class:num=num>{h.clone()}</th> }
                    }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.iter().map(|r| view! {
                            <tr>{r.iter().map(|c| {
                                let num = !matches!(c, C::Text(_));
                                view! { <td class:num=num>{c.shown()}</td> }
                            }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel rp-section" data-testid=format!("rp-sec-{key}")>
            <h2>{t.title.clone()}</h2>
            {body}
        </section>
    }
    .into_any()
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let q = use_query_map().get_untracked();
    let kind = RwSignal::new(
        q.get("k")
            .and_then(|k| ReportKind::from_key(&k))
            .unwrap_or(ReportKind::Daily),
    );
    // the chosen day: the query's, else the last day with store data, else today
    let last_day = move || {
        state
            .metrics
            .with_untracked(|m| m.store_days().last().and_then(|d| date_of(d.day)))
            .unwrap_or_else(today_date)
    };
    let day = RwSignal::new(
        q.get("d")
            .and_then(|d| crate::model::date::parse_ymd(&d))
            .unwrap_or_else(last_day),
    );
    let bad_day = RwSignal::new(false);
    Effect::new(move |_| {
        let s = format!("/reports?k={}&d={}", kind.get().key(), day.get());
        navigate(
            &s,
            NavigateOptions {
                replace: true,
                scroll: false,
            },
        );
    });

    let report = Memo::new(move |_| {
        let (k, d) = (kind.get(), day.get());
        let pct = state.ws.with(|w| w.settings.anomaly_threshold_pct);
        let settings = AnomalySettings {
            threshold_pct: f64::from(pct),
            ..AnomalySettings::default()
        };
        state
            .ws
            .with(|ws| state.metrics.with(|m| build(k, d, ws, m, &settings)))
    });
    let store_name = move || state.ws.with(|w| w.profile.name.clone());
    let copied = RwSignal::new(None::<bool>);
    // the comment on the report shown: its record's id from the kind and the period's first day
    let note_key = Memo::new(move |_| report.with(|r| note_id(r.kind.key(), r.full.start)));
    let note_text = move || {
        let id = note_key.get();
        state.ws.with(|ws| {
            ws.get::<ReportNote>(&id)
                .filter(|n| !n.meta.deleted)
                .map(|n| n.text.clone())
        })
    };
    let draft = RwSignal::new(None::<String>);
    let note_msg = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        note_key.track();
        draft.set(None);
        note_msg.set(None);
    });
    let save_note = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(text) = draft.get_untracked() else {
            return;
        };
        let text = text.trim().to_string();
        if text.chars().count() > MAX_NOTE {
            return note_msg.set(Some(
                td_string!(l, reports.note_too_long, n = MAX_NOTE).to_string(),
            ));
        }
        let (k, start) = report.with_untracked(|r| (r.kind.key(), r.full.start));
        let id = note_id(k, start);
        let old = state
            .ws
            .with_untracked(|ws| ws.get::<ReportNote>(&id).cloned());
        match old {
            Some(_) => state.edit::<ReportNote>(&id, |n| {
                n.meta.deleted = text.is_empty();
                if !text.is_empty() {
                    n.text = text.clone();
                }
            }),
            None if text.is_empty() => {}
            None => {
                let mut n = ReportNote::new(k, start, text.clone(), now_ms());
                n.bump(now_ms());
                state.commit_kind(vec![n]);
            }
        }
        draft.set(None);
        note_msg.set(Some(td_string!(l, reports.note_saved).to_string()));
    };

    let on_copy = move |_| {
        let l = i18n.get_locale_untracked();
        let text = report.with_untracked(|r| {
            as_text(
                l,
                &title(r, l, &store_name()),
                &tables(r, l, note_text().as_deref()),
            )
        });
        leptos::task::spawn_local(async move {
            let ok = match write_clipboard(&text) {
                Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
                None => false,
            };
            copied.try_set(Some(ok));
        });
    };
    let on_csv = move |_| {
        let l = i18n.get_locale_untracked();
        let (name, csv) = report.with_untracked(|r| {
            let t = title(r, l, &store_name());
            (
                format!("report-{}-{}.csv", r.kind.key(), r.covered.end),
                as_csv(&t, &tables(r, l, note_text().as_deref())),
            )
        });
        download_text(&name, &csv, "text/csv;charset=utf-8");
    };
    let xlsx_failed = RwSignal::new(false);
    let on_xlsx = move |_| {
        let l = i18n.get_locale_untracked();
        let (name, sheet) = report.with_untracked(|r| {
            let t = title(r, l, &store_name());
            let rows = as_rows(&t, &tables(r, l, note_text().as_deref()));
            let name = format!("report-{}-{}.xlsx", r.kind.key(), r.covered.end);
            (name, Sheet { name: t, rows })
        });
        export_xlsx(name, vec![sheet], xlsx_failed);
    };

    view! {
        <section class="page reports" data-testid="page-reports">
            <div class="page-head">
                <h1>{tr!(common.nav_reports)}</h1>
            </div>
            <p class="muted rp-intro">{tr!(reports.intro)}</p>
            <div class="toolbar rp-bar">
                <div class="cal-views" role="group" aria-label=move || td_string!(i18n.get_locale(), reports.kind).to_string()>
                    {ReportKind::ALL.into_iter().map(|k| view! {
                        <button type="button" class="btn" class:active=dyn_bool(move || kind.get() == k)
                            aria-pressed=dyn_bool(move || kind.get() == k)
                            data-testid=format!("rp-kind-{}", k.key()) on:click=move |_| { copied.set(None); kind.set(k) }>
                            {dyn_text(move || kind_name(i18n.get_locale(), k).to_string())}
                        </button>
                    }).collect_view()}
                </div>
                <label>{tr!(reports.day)}
                    <input type="date" data-testid="rp-day" prop:value=move || day.get().to_string()
                        on:change=move |e| {
                            match crate::model::date::parse_ymd(&event_target_value(&e)) {
                                Some(d) => { bad_day.set(false); copied.set(None); day.set(d) }
                                None => bad_day.set(true),
                            }
                        }/>
                </label>
                <span class="spacer"></span>
                <button type="button" class="btn" data-testid="rp-copy" on:click=on_copy>{tr!(reports.copy)}</button>
                <button type="button" class="btn" data-testid="rp-csv" on:click=on_csv>{tr!(reports.csv)}</button>
                <button type="button" class="btn" data-testid="rp-xlsx" on:click=on_xlsx>{tr!(common.xlsx_export)}</button>
                <button type="button" class="btn" data-testid="rp-print"
                    on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{tr!(common.calendar_print)}</button>
            </div>
            {move || bad_day.get().then(|| view! { <div class="banner error" role="alert" data-testid="rp-bad-day">{tr!(reports.bad_day)}</div> })}
            <XlsxFailed failed=xlsx_failed/>
            {move || copied.get().map(|ok| view! {
                <p class="muted" role="status" data-testid="rp-copied">
                    {if ok { tr!(reports.copied).into_any() } else { tr!(common.chart_copy_failed).into_any() }}
                </p>
            })}
            {move || {
                let l = i18n.get_locale();
                report.with(|r| {
                    let t = title(r, l, &store_name());
                    view! {
                        <article class="rp-doc" data-testid="rp-doc">
                            <h2 class="rp-title" data-testid="rp-title">{t}</h2>
                            {tables(r, l, note_text().as_deref()).iter().map(table_view).collect_view()}
                        </article>
                    }
                })
            }}
            <section class="panel no-print rp-note-editor">
                <label class="rp-note-label">{tr!(reports.note_edit)}
                    <textarea data-testid="rp-note-input" rows="4" maxlength=MAX_NOTE.to_string()
                        prop:value=move || draft.get().or_else(note_text).unwrap_or_default()
                        on:input=move |e| { note_msg.set(None); draft.set(Some(event_target_value(&e))) }></textarea>
                </label>
                <button type="button" class="btn" data-testid="rp-note-save" on:click=save_note
                    disabled=dyn_bool(move || draft.with(Option::is_none))>{tr!(reports.note_save)}</button>
                {move || note_msg.get().map(|m| view! { <span class="muted" role="status" data-testid="rp-note-msg">{m}</span> })}
            </section>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_pair_headers_with_values() {
        let t = Table {
            key: "x",
            title: "概况".into(),
            head: vec!["指标".into(), "数值".into(), "环比".into()],
            rows: vec![vec![
                C::Text("支付金额".into()),
                C::Money(Fen(1_540_000)),
                C::Change(Some(2.85)),
            ]],
            empty: "无".into(),
        };
        let s = as_text(Locale::zh, "店 周报", &[t]);
        assert_eq!(
            s,
            "店 周报\n\n【概况】\n支付金额：数值 ¥15,400.00，环比 ↑ +285.0%\n"
        );
    }

    #[test]
    fn csv_neutralises_text_and_writes_plain_numbers() {
        let t = Table {
            key: "x",
            title: "热销".into(),
            head: vec!["商品".into(), "支付金额".into(), "占比".into()],
            rows: vec![vec![
                C::Text("=HYPERLINK(\"x\")".into()),
                C::Money(Fen(1_540_000)),
                C::Share(Some(5_000)),
            ]],
            empty: String::new(),
        };
        let s = as_csv("@店", &[t]);
        assert_eq!(
            s,
            "\u{feff}'@店\r\n\r\n热销\r\n商品,支付金额,占比\r\n\"'=HYPERLINK(\"\"x\"\")\",15400.00,0.5000\r\n\r\n"
        );
    }
}
