//! Small SVG charts: a line chart with a hover line and tooltip, and a waterfall. Geometry comes
//! from `core::chart`; labels are passed in already translated. Printable (plain SVG, no canvas).
//! Each chart has a table view (a labelled toggle) listing the exact value of every point, which
//! can be selected and copied into a spreadsheet.

use crate::core::chart::{nearest_index, nice_ticks, polyline, Scale};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    /// CSS colour
    pub color: &'static str,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct LineData {
    /// One label per point (dates).
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

const W: f64 = 760.0;
const H: f64 = 240.0;
const PAD_L: f64 = 64.0;
const PAD_R: f64 = 40.0;
const PAD_T: f64 = 12.0;
const PAD_B: f64 = 28.0;

/// A number formatter chosen reactively (by locale, by metric).
pub type Fmt = Signal<fn(f64) -> String>;

/// The table-view toggle of a chart: a button whose label says what it does.
fn table_toggle(show: RwSignal<bool>, testid: &str) -> impl IntoView {
    view! {
        <button class="btn small chart-toggle" data-testid=format!("{testid}-table-toggle")
            aria-pressed=move || if show.get() { "true" } else { "false" }
            on:click=move |_| show.update(|s| *s = !*s)>
            {move || if show.get() { tr!(common.chart_hide_table).into_any() } else { tr!(common.chart_show_table).into_any() }}
        </button>
    }
}

/// Copies a chart's table as tab-separated text (it pastes into Excel as cells, exact figures),
/// shown with the table view; says whether the browser let it copy.
fn copy_button(
    show: RwSignal<bool>,
    testid: &str,
    tsv: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let done = RwSignal::new(None::<bool>);
    let status_id = format!("{testid}-copied");
    let id = format!("{testid}-copy");
    let tsv = std::sync::Arc::new(tsv);
    move || {
        show.get().then(|| {
            let tsv = tsv.clone();
            let status_id = status_id.clone();
            view! {
                <button class="btn small" data-testid=id.clone() on:click=move |_| {
                    // the figures as they are at the click
                    let text = tsv();
                    leptos::task::spawn_local(async move {
                        let ok = match write_clipboard(&text) {
                            Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
                            None => false,
                        };
                        done.try_set(Some(ok));
                    });
                }>{tr!(common.chart_copy)}</button>
                {move || done.get().map(|ok| view! {
                    <span class="muted small" role="status" data-testid=status_id.clone()>
                        {if ok { tr!(common.chart_copied).into_any() } else { tr!(common.chart_copy_failed).into_any() }}
                    </span>
                })}
            }
        })
    }
}

/// `navigator.clipboard.writeText(text)`, or None where the browser has no clipboard API.
pub(crate) fn write_clipboard(text: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let nav = web_sys::window()?.navigator();
    let cb = js_sys::Reflect::get(&nav, &"clipboard".into()).ok()?;
    let f: js_sys::Function = js_sys::Reflect::get(&cb, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    f.call1(&cb, &text.into()).ok()?.dyn_into().ok()
}

/// One cell of tab-separated text: tabs and line breaks would split it.
fn cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// A line chart. `fmt` formats axis values; `exact` (default `fmt`) the tooltip and the table view.
#[component]
pub fn LineChart(
    data: Signal<LineData>,
    #[prop(into)] fmt: Signal<fn(f64) -> String>,
    #[prop(optional, into)] exact: Option<Fmt>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let exact = exact.unwrap_or(fmt);
    let show_table = RwSignal::new(false);
    let table_id = format!("{testid}-table");
    let toggle = table_toggle(show_table, &testid);
    let copy = copy_button(show_table, &testid, move || {
        let f = exact.get_untracked();
        data.with_untracked(|d| {
            let mut out = String::new();
            for s in &d.series {
                out.push('\t');
                out.push_str(&cell(&s.name));
            }
            for (i, l) in d.labels.iter().enumerate() {
                out.push('\n');
                out.push_str(&cell(l));
                for s in &d.series {
                    out.push('\t');
                    out.push_str(&s.values.get(i).map(|v| f(*v)).unwrap_or_default());
                }
            }
            out
        })
    });
    let hover = RwSignal::new(None::<usize>);
    let geom = Memo::new(move |_| {
        data.with(|d| {
            let n = d.labels.len();
            let (lo, hi) = d
                .series
                .iter()
                .flat_map(|s| s.values.iter().copied())
                .filter(|v| v.is_finite())
                .fold((0.0f64, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
            let hi = if hi == f64::MIN { 1.0 } else { hi };
            let (ticks, y0, y1) = nice_ticks(lo, hi, 4);
            let x = Scale {
                d0: 0.0,
                d1: n.saturating_sub(1) as f64,
                r0: PAD_L,
                r1: W - PAD_R,
            };
            let y = Scale {
                d0: y0,
                d1: y1,
                r0: H - PAD_B,
                r1: PAD_T,
            };
            let lines: Vec<(String, &'static str)> = d
                .series
                .iter()
                .map(|s| (polyline(&s.values, x, y), s.color))
                .collect();
            // about 6 x labels
            let every = (n / 6).max(1);
            let xl: Vec<(f64, String)> = d
                .labels
                .iter()
                .enumerate()
                .filter(|(i, _)| i % every == 0)
                .map(|(i, l)| (x.map(i as f64), l.clone()))
                .collect();
            let f = fmt.get();
            let yl: Vec<(f64, String)> = ticks.iter().map(|t| (y.map(*t), f(*t))).collect();
            (x, lines, xl, yl, n)
        })
    });
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some(svg) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        else {
            return;
        };
        let r = svg.get_bounding_client_rect();
        if r.width() <= 0.0 {
            return;
        }
        let px = (f64::from(ev.client_x()) - r.left()) * W / r.width();
        let (x, _, _, _, n) = geom.get_untracked();
        hover.set(nearest_index(px, n, x));
    };
    let tooltip = move || {
        let i = hover.get()?;
        let (x, ..) = geom.get();
        let px = x.map(i as f64);
        let lines: Vec<String> = data.with(|d| {
            let mut v = vec![d.labels.get(i).cloned().unwrap_or_default()];
            v.extend(d.series.iter().map(|s| {
                format!(
                    "{}: {}",
                    s.name,
                    s.values.get(i).map(|v| exact.get()(*v)).unwrap_or_default()
                )
            }));
            v
        });
        let tx = if px > W * 0.65 { px - 200.0 } else { px + 8.0 };
        let h = 8.0 + 16.0 * lines.len() as f64;
        Some(view! {
            <g class="hover">
                <line x1=px x2=px y1=PAD_T y2=H - PAD_B class="hover-line"/>
                <rect x=tx y=PAD_T width="192" height=h rx="4" class="tip-bg"/>
                {lines.into_iter().enumerate().map(|(k, l)| view! {
                    <text x=tx + 8.0 y=PAD_T + 16.0 + 16.0 * k as f64 class="tip">{l}</text>
                }).collect_view()}
            </g>
        })
    };
    let table = move || {
        show_table.get().then(|| {
            data.with(|d| {
                let f = exact.get();
                view! {
                    <div class="table-wrap chart-table">
                        <table class="grid" data-testid=table_id.clone()>
                            <thead><tr><th></th>{d.series.iter().map(|s| view! { <th>{s.name.clone()}</th> }).collect_view()}</tr></thead>
                            <tbody>{d.labels.iter().enumerate().map(|(i, l)| view! {
                                <tr><td>{l.clone()}</td>{d.series.iter().map(|s| view! {
                                    <td class="num">{s.values.get(i).map(|v| f(*v)).unwrap_or_default()}</td>
                                }).collect_view()}</tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }
            })
        })
    };
    let i18n = crate::i18n::use_i18n();
    // The text alternative: each series from its first to its last point, exactly.
    let alt = crate::ui::text::dyn_text(move || {
        let l = i18n.get_locale();
        let f = exact.get();
        data.with(|d| {
            let (first, last) = (d.labels.first(), d.labels.last());
            let series = d
                .series
                .iter()
                .map(|s| {
                    let v = |v: Option<&f64>| v.map(|v| f(*v)).unwrap_or_default();
                    format!(
                        "{} {} → {}",
                        s.name,
                        v(s.values.first()),
                        v(s.values.last())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            crate::i18n::td_string!(
                l,
                common.chart_alt_line,
                from = first.cloned().unwrap_or_default(),
                to = last.cloned().unwrap_or_default(),
                series = series
            )
            .to_string()
        })
    });
    view! {
        <div class="chart">
            <div class="chart-tools">{toggle}{copy}</div>
            <svg viewBox=format!("0 0 {W} {H}") class="line-chart" data-testid=testid role="img" aria-label=alt
                on:mousemove=on_move on:mouseleave=move |_| hover.set(None)>
                {move || {
                    let (_, lines, xl, yl, _) = geom.get();
                    view! {
                        <g class="axis">
                            {yl.into_iter().map(|(py, l)| view! {
                                <line x1=PAD_L x2=W - PAD_R y1=py y2=py class="grid-line"/>
                                <text x=PAD_L - 6.0 y=py + 4.0 text-anchor="end">{l}</text>
                            }).collect_view()}
                            {xl.into_iter().map(|(px, l)| view! {
                                <text x=px y=H - 8.0 text-anchor="middle">{l}</text>
                            }).collect_view()}
                        </g>
                        {lines.into_iter().map(|(pts, color)| {
                            // a one-day period: a line of one point draws nothing, so draw the point
                            let dot = (!pts.is_empty() && !pts.contains(' '))
                                .then(|| pts.split_once(','))
                                .flatten()
                                .map(|(cx, cy)| view! { <circle cx=cx.to_string() cy=cy.to_string() r="4" fill=color/> });
                            view! {
                                <polyline points=pts.clone() fill="none" stroke=color stroke-width="2"/>
                                {dot}
                            }
                        }).collect_view()}
                    }
                }}
                {tooltip}
            </svg>
            <div class="legend">
                {move || data.with(|d| d.series.iter().map(|s| view! {
                    <span class="key"><i style=format!("background:{}", s.color)></i>{s.name.clone()}</span>
                }).collect_view())}
            </div>
            {table}
        </div>
    }
}

/// One bar of a waterfall: a label and a signed change (the first and last are totals).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub label: String,
    pub value: f64,
    pub total: bool,
}

/// A waterfall: totals as full bars, changes floating from the running total. `fmt` formats the
/// bar labels (compact); `exact` the hover title, the focus label and the table view.
#[component]
pub fn Waterfall(
    steps: Signal<Vec<Step>>,
    #[prop(into)] fmt: Signal<fn(f64) -> String>,
    #[prop(into)] exact: Signal<fn(f64) -> String>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let show_table = RwSignal::new(false);
    let table_id = format!("{testid}-table");
    let toggle = table_toggle(show_table, &testid);
    let copy = copy_button(show_table, &testid, move || {
        let f = exact.get_untracked();
        steps.with_untracked(|st| {
            st.iter()
                .map(|s| format!("{}\t{}", cell(&s.label), f(s.value)))
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    let table = move || {
        show_table.get().then(|| {
            steps.with(|st| {
                let f = exact.get();
                view! {
                    <div class="table-wrap chart-table">
                        <table class="grid" data-testid=table_id.clone()>
                            <tbody>{st.iter().map(|s| view! {
                                <tr><td>{s.label.clone()}</td><td class="num">{f(s.value)}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }
            })
        })
    };
    let i18n = crate::i18n::use_i18n();
    let alt = crate::ui::text::dyn_text(move || {
        let f = exact.get();
        let list = steps.with(|st| {
            st.iter()
                .map(|s| format!("{} {}", s.label, f(s.value)))
                .collect::<Vec<_>>()
                .join("; ")
        });
        crate::i18n::td_string!(i18n.get_locale(), common.chart_alt_waterfall, steps = list)
            .to_string()
    });
    view! {
        <div class="chart-tools">{toggle}{copy}</div>
        <svg viewBox=format!("0 0 {W} {H}") class="waterfall" data-testid=testid role="img" aria-label=alt>
            {move || steps.with(|st| {
                let mut run = 0.0f64;
                let mut lo = 0.0f64;
                let mut hi = 0.0f64;
                let mut bars = Vec::with_capacity(st.len());
                for s in st {
                    let (a, b) = if s.total { run = s.value; (0.0, s.value) } else { let a = run; run += s.value; (a, run) };
                    lo = lo.min(a.min(b));
                    hi = hi.max(a.max(b));
                    bars.push((s.label.clone(), a, b, s.total, s.value));
                }
                let (_, y0, y1) = nice_ticks(lo, hi, 4);
                let y = Scale { d0: y0, d1: y1, r0: H - PAD_B, r1: PAD_T + 14.0 };
                let n = bars.len().max(1) as f64;
                let bw = (W - PAD_L - PAD_R) / n;
                bars.into_iter().enumerate().map(|(i, (label, a, b, total, v))| {
                    let x = PAD_L + i as f64 * bw + bw * 0.15;
                    let top = y.map(a.max(b));
                    let h = (y.map(a.min(b)) - top).max(1.0);
                    let cls = if total { "bar total" } else if v >= 0.0 { "bar up" } else { "bar down" };
                    let named = format!("{label}: {}", exact.get()(v));
                    let tip = named.clone();
                    view! {
                        <g class="bar-group" tabindex="0" aria-label=named>
                            <title>{tip}</title>
                            <rect x=x y=top width=bw * 0.7 height=h class=cls/>
                            <text x=x + bw * 0.35 y=top - 4.0 text-anchor="middle" class="bar-value">{fmt.get()(v)}</text>
                            <text x=x + bw * 0.35 y=H - 8.0 text-anchor="middle">{label}</text>
                        </g>
                    }
                }).collect_view()
            })}
        </svg>
        {table}
    }
}
