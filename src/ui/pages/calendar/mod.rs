//! Calendar view: month, week and a 3-month timeline (Gantt) of promotions and platform events
//! with their phases; filters (status, owner, product, hide events); the platform-event editor;
//! deadlines due within 7 days ([`UpcomingDeadlines`], also on the Dashboard) and the price
//! conflicts of overlapping promotions in the visible range.
//!
//! One renderer (`chip`) draws an entry in all three views, and one delegated click handler
//! serves every entry, day and "+" button. View, date, filters and the open event are mirrored
//! into the query string, so Back (e.g. from a promotion opened here) returns to the same place.

use crate::core::format::yuan;
use crate::core::promo::check::{conflicts, group_conflicts, Floor};
use crate::core::promo::events::{
    add_days, month_grid, month_range, parse_phases, timeline, week_range, CalendarFilter,
    PhaseKind, TimelineRow, WEEKDAYS,
};
use crate::i18n::*;
use crate::model::{DateRange, Fen, OwnerRole, PromoStatus, Promotion};
use crate::ui::router::NavigateOptions;
use crate::ui::router::{use_location, use_navigate, use_query_map};
use crate::ui::state::{today_date, AppState};
use crate::ui::text::{self, dyn_bool, dyn_text};
use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::JsCast;

mod conflicts;
mod event_editor;
mod grid;
mod timeline;

use crate::ui::widgets::deadlines::UpcomingDeadlines;
use conflicts::{conflict_item, Line, MAX_CONFLICTS};
use event_editor::{bad_text, field_values, FIELDS};
use grid::{grid_view, marker};
use timeline::timeline_view;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Month,
    Week,
    Timeline,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Month, Mode::Week, Mode::Timeline];
    fn key(self) -> &'static str {
        match self {
            Mode::Month => "month",
            Mode::Week => "week",
            Mode::Timeline => "timeline",
        }
    }
    fn from_key(k: &str) -> Mode {
        Mode::ALL
            .into_iter()
            .find(|m| m.key() == k)
            .unwrap_or(Mode::Month)
    }
    fn label(self, l: Locale) -> &'static str {
        match self {
            Mode::Month => td_string!(l, calendar.view_month),
            Mode::Week => td_string!(l, calendar.view_week),
            Mode::Timeline => td_string!(l, calendar.view_timeline),
        }
    }
}

fn month_of(d: NaiveDate) -> DateRange {
    month_range(d.year(), d.month()).unwrap_or(DateRange::new(d, d))
}

/// The days a view shows around `anchor`: its month, its week, or three months from its month.
fn window_of(mode: Mode, anchor: NaiveDate) -> DateRange {
    let m = month_of(anchor);
    match mode {
        Mode::Month => m,
        Mode::Week => week_range(anchor),
        Mode::Timeline => {
            let end = m
                .start
                .checked_add_months(Months::new(2))
                .map_or(m.end, |d| month_of(d).end);
            DateRange::new(m.start, end)
        }
    }
}

/// The anchor one page earlier or later (None at the ends of the calendar).
fn step(mode: Mode, anchor: NaiveDate, forward: bool) -> Option<NaiveDate> {
    if mode == Mode::Week {
        return add_days(anchor, if forward { 7 } else { -7 });
    }
    let first = anchor.with_day(1)?;
    if forward {
        first.checked_add_months(Months::new(1))
    } else {
        first.checked_sub_months(Months::new(1))
    }
}

fn weekday_label(l: Locale, d: NaiveDate) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    td_string!(l, common.calendar_weekdays)
        .split_whitespace()
        .nth(i)
        .unwrap_or("")
}

/// "2026年11月" / "Nov 2026".
fn month_title(l: Locale, d: NaiveDate) -> String {
    let m = td_string!(l, common.calendar_months)
        .split_whitespace()
        .nth(d.month0() as usize)
        .unwrap_or("");
    td_string!(l, calendar.month_title, y = d.year(), m = m).to_string()
}

fn title_of(l: Locale, mode: Mode, w: DateRange) -> String {
    match mode {
        Mode::Month => month_title(l, w.start),
        Mode::Week => format!("{} – {}", w.start, w.end),
        Mode::Timeline => format!("{} – {}", month_title(l, w.start), month_title(l, w.end)),
    }
}

/// What every entry needs besides its row.
struct Ctx {
    l: Locale,
    today: NaiveDate,
    /// Week view: phase names, status and owner on each entry.
    detail: bool,
    /// Promotions in a price conflict in this range.
    warn: HashSet<String>,
    /// The tasks layer: (id, title, done) by due day; empty when the layer is off.
    tasks: std::collections::HashMap<NaiveDate, Vec<(String, String, bool)>>,
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let navigate = use_navigate();

    // State from the query string (so Back and links from the Dashboard land in place).
    let q = use_query_map().get_untracked();
    let qv = |k: &str| q.get(k).unwrap_or_default();
    let mode = RwSignal::new(Mode::from_key(&qv("v")));
    let anchor = RwSignal::new(crate::model::date::parse_ymd(&qv("d")).unwrap_or_else(today_date));
    let f_status = RwSignal::new(qv("st"));
    let f_owner = RwSignal::new(qv("ow"));
    let f_product = RwSignal::new(qv("pr"));
    let hide_events = RwSignal::new(qv("he") == "1");
    let show_tasks = RwSignal::new(qv("tk") == "1");
    let editing = RwSignal::new(q.get("ev").filter(|s| !s.is_empty()));
    let ed_err = RwSignal::new(None::<String>);

    let last = StoredValue::new(use_location().search.get_untracked());
    let nav = navigate.clone();
    Effect::new(move |_| {
        let mut s = format!("v={}&d={}", mode.get().key(), anchor.get());
        let ev = editing.get().unwrap_or_default();
        for (k, v) in [
            ("st", f_status.get()),
            ("ow", f_owner.get()),
            ("pr", f_product.get()),
            ("ev", ev),
        ] {
            if !v.is_empty() {
                s.push_str(&format!(
                    "&{k}={}",
                    String::from(js_sys::encode_uri_component(&v))
                ));
            }
        }
        if hide_events.get() {
            s.push_str("&he=1");
        }
        if show_tasks.get() {
            s.push_str("&tk=1");
        }
        if last.get_value() != s {
            last.set_value(s.clone());
            let opts = NavigateOptions {
                replace: true,
                scroll: false,
            };
            nav(&format!("/calendar?{s}"), opts);
        }
    });

    let window = Memo::new(move |_| window_of(mode.get(), anchor.get()));
    let filter = Memo::new(move |_| CalendarFilter {
        statuses: PromoStatus::from_key(&f_status.get()).into_iter().collect(),
        owner: OwnerRole::from_key(&f_owner.get()),
        product_id: Some(f_product.get()).filter(|s| !s.is_empty()),
        hide_events: hide_events.get(),
    });
    let rows = Memo::new(move |_| {
        let (w, f) = (window.get(), filter.get());
        state
            .ws
            .with(|ws| timeline(&ws.promotions, &ws.events, w, &f))
    });
    let lines = Memo::new(move |_| {
        let w = window.get();
        state.ws.with(|ws| {
            let live: Vec<Promotion> = ws.live_promotions().cloned().collect();
            let name = |id: &str| {
                ws.promotion(id)
                    .map_or_else(String::new, |p| p.name.clone())
            };
            let product = |id: &str| {
                ws.product(id).map_or_else(String::new, |p| {
                    if p.sku.is_empty() {
                        p.title.chars().take(24).collect()
                    } else {
                        p.sku.clone()
                    }
                })
            };
            let all = conflicts(&live, &ws.products, &ws.profile, &ws.settings);
            group_conflicts(&all, &w)
                .into_iter()
                .map(|g| Line {
                    promos: g
                        .promo_ids
                        .iter()
                        .map(|id| (id.clone(), name(id)))
                        .collect(),
                    range: g.range,
                    floor: g.floor,
                    alone: g.alone,
                    products: g
                        .products
                        .into_iter()
                        .map(|(id, paid)| (product(&id), paid))
                        .collect(),
                })
                .collect::<Vec<Line>>()
        })
    });
    let products = Memo::new(move |_| {
        state.ws.with(|ws| {
            let mut v: Vec<(String, String)> = ws
                .live_products()
                .map(|p| {
                    let t: String = p.title.chars().take(22).collect();
                    (
                        p.meta.id.clone(),
                        format!("{} {t}", p.sku).trim().to_string(),
                    )
                })
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });

    let create = move |d: NaiveDate| {
        // a promotion runs 7 days from its start; refuse where that leaves the calendar
        if add_days(d, 6).is_none() {
            return;
        }
        let name = td_string!(i18n.get_locale_untracked(), common.promotions_new_name).to_string();
        let id = state.draft_promotion(d, name);
        navigate(&format!("/promotions/{id}"), Default::default());
    };
    let nav_promo = use_navigate();
    let open_promo = move |id: &str| nav_promo(&format!("/promotions/{id}"), Default::default());
    // One handler for the whole page: entries, links, "+" buttons and empty parts of days.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(hit)) = el.closest("[data-id],[data-add],.cal-day") else {
            return;
        };
        let attr = |a: &str| hit.get_attribute(a).unwrap_or_default();
        let date = |s: String| crate::model::date::parse_ymd(&s);
        let id = attr("data-id");
        if id.is_empty() {
            if let Some(d) = date(attr("data-add")).or_else(|| date(attr("data-date"))) {
                create(d);
            }
            return;
        }
        if attr("data-kind") == "event" {
            ev.prevent_default();
            if let Some(d) = date(attr("data-date")) {
                anchor.set(d);
            }
            ed_err.set(None);
            editing.set(Some(id));
        } else if hit.tag_name() != "A" {
            // promotions open in their editor (links go through the router themselves)
            open_promo(&id);
        }
    };

    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let get = |n: &str| {
            form.query_selector(&format!("[name={n}]"))
                .ok()
                .flatten()
                .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>().value())
                .unwrap_or_default()
        };
        let l = i18n.get_locale_untracked();
        let name = get("name").trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            ed_err.set(Some(td_string!(l, common.promotions_bad_name).to_string()));
            return;
        }
        let phases = match parse_phases(&FIELDS.map(|(k, _)| get(k))) {
            Ok(p) => p,
            Err(b) => {
                ed_err.set(Some(bad_text(l, b)));
                return;
            }
        };
        if !state
            .ws
            .with_untracked(|ws| ws.event(&id).is_some_and(|e| !e.meta.deleted))
        {
            ed_err.set(Some(td_string!(l, calendar.err_gone).to_string()));
            return;
        }
        let notes = get("notes");
        let checked = form
            .query_selector("[name=checked]")
            .ok()
            .flatten()
            .is_some_and(|e| e.unchecked_into::<web_sys::HtmlInputElement>().checked());
        state.edit_event(&id, |e| {
            e.name = name;
            e.phases = phases;
            e.notes = notes;
            e.checked = checked;
        });
        ed_err.set(None);
        editing.set(None);
    };

    let set_mode = move |m: Mode| {
        let today = today_date();
        if m == Mode::Week && month_of(anchor.get_untracked()).contains(today) {
            anchor.set(today);
        }
        mode.set(m);
    };
    let go = move |forward: bool| {
        if let Some(a) = step(mode.get_untracked(), anchor.get_untracked(), forward) {
            anchor.set(a);
        }
    };

    view! {
        <section class="page calendar" data-testid="page-calendar" on:click=on_click>
            <div class="page-head">
                <h1>{tr!(common.nav_calendar)}</h1>
                <h2 class="cal-title" data-testid="cal-title">
                    {dyn_text(move || title_of(i18n.get_locale(), mode.get(), window.get()))}
                </h2>
            </div>
            <p class="muted cal-intro">{tr!(calendar.intro)}</p>
            <div class="toolbar cal-bar">
                <div class="cal-views" role="group">
                    {Mode::ALL.into_iter().map(|m| view! {
                        <button type="button" class="btn" class:active=dyn_bool(move || mode.get() == m)
                            aria-pressed=dyn_bool(move || mode.get() == m)
                            data-testid=format!("cal-view-{}", m.key()) on:click=move |_| set_mode(m)>
                            {dyn_text(move || m.label(i18n.get_locale()).to_string())}
                        </button>
                    }).collect_view()}
                </div>
                <button type="button" class="btn" data-testid="cal-prev" on:click=move |_| go(false)>{tr!(calendar.prev)}</button>
                <button type="button" class="btn" data-testid="cal-today" on:click=move |_| anchor.set(today_date())>{tr!(calendar.today)}</button>
                <button type="button" class="btn" data-testid="cal-next" on:click=move |_| go(true)>{tr!(calendar.next)}</button>
                <span class="spacer"></span>
                <button type="button" class="btn ghost" data-testid="cal-print"
                    on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{tr!(common.calendar_print)}</button>
            </div>
            {move || {
                let l = i18n.get_locale();
                let (st, ow, pr) = (f_status.get_untracked(), f_owner.get_untracked(), f_product.get_untracked());
                view! {
                    <div class="toolbar cal-filters">
                        <select data-testid="cal-filter-status" aria-label=td_string!(l, common.filter_by_status) on:change=move |e| f_status.set(event_target_value(&e))>
                            <option value="">{td_string!(l, common.all_statuses)}</option>
                            {PromoStatus::ALL.into_iter().map(|s| view! {
                                <option value=s.key() selected={st == s.key()}>{text::promo_status(l, s)}</option>
                            }).collect_view()}
                        </select>
                        <select data-testid="cal-filter-owner" aria-label=td_string!(l, common.filter_by_owner) on:change=move |e| f_owner.set(event_target_value(&e))>
                            <option value="">{td_string!(l, common.all_owners)}</option>
                            {OwnerRole::ALL.into_iter().map(|r| view! {
                                <option value=r.key() selected={ow == r.key()}>{text::owner(l, r)}</option>
                            }).collect_view()}
                        </select>
                        <select data-testid="cal-filter-product" aria-label=td_string!(l, calendar.filter_by_product) on:change=move |e| f_product.set(event_target_value(&e))>
                            <option value="">{td_string!(l, calendar.all_products)}</option>
                            {products.get().into_iter().map(|(id, label)| {
                                let sel = pr == id;
                                view! { <option value=id selected=sel>{label}</option> }
                            }).collect_view()}
                        </select>
                        <label class="check">
                            <input type="checkbox" data-testid="cal-hide-events" prop:checked=hide_events
                                on:change=move |e| hide_events.set(event_target_checked(&e))/>
                            {td_string!(l, calendar.hide_events)}
                        </label>
                        <label class="check">
                            <input type="checkbox" data-testid="cal-show-tasks" prop:checked=show_tasks
                                on:change=move |e| show_tasks.set(event_target_checked(&e))/>
                            {td_string!(l, calendar.show_tasks)}
                        </label>
                    </div>
                    <div class="cal-legend" data-testid="cal-legend">
                        <span class="cal-entry k-event ph-main">{td_string!(l, calendar.kind_event)}</span>
                        <span class="cal-entry k-promotion ph-main">{td_string!(l, calendar.kind_promotion)}</span>
                        {PhaseKind::ALL.into_iter().map(|k| view! {
                            <span class=format!("lg ph-{}", k.key())>
                                {if k.is_marker() { view! { <b class="mk">{marker(k)}</b> }.into_any() } else { view! { <i></i> }.into_any() }}
                                {text::phase_name(l, k)}
                            </span>
                        }).collect_view()}
                    </div>
                }
            }}
            {move || {
                let l = i18n.get_locale();
                editing.get().map(|id| {
                    let ev = state.ws.with_untracked(|ws| ws.event(&id).filter(|e| !e.meta.deleted).cloned());
                    let Some(e) = ev else {
                        return view! { <div class="banner error" data-testid="cal-event-missing">{td_string!(l, calendar.err_gone)}</div> }.into_any();
                    };
                    let vals = field_values(&e.phases);
                    let typical = crate::core::promo::events::typical_fields(&e);
                    let any_typical = typical.iter().any(|t| *t);
                    let is_seed = crate::core::promo::events::seed_of(&e).is_some();
                    // 报名截止 first: it is the date a team misses
                    let order = [2usize, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11];
                    view! {
                        <form class="panel form cal-editor" data-testid="cal-event-editor" on:submit=on_save>
                            <h2>{td_string!(l, calendar.edit_event)}</h2>
                            <p class="muted">{td_string!(l, calendar.event_hint)}</p>
                            {any_typical.then(|| view! {
                                <p class="banner warn" data-testid="ev-typical-note">{td_string!(l, calendar.typical_note)}</p>
                            })}
                            <label class="wide">{td_string!(l, common.promotions_name)}
                                <input type="text" name="name" data-testid="ev-name" maxlength="200" value=e.name.clone()/>
                            </label>
                            <div class="cal-editor-dates">
                                {order.into_iter().filter_map(|i| {
                                    let (k, label) = *FIELDS.get(i)?;
                                    let v = vals.get(i).copied().flatten();
                                    let typ = typical.get(i).copied().unwrap_or(false);
                                    Some(view! {
                                        <label class:ev-reg=i == 2>{label(l)}
                                            {typ.then(|| view! { <span class="typ" data-testid=format!("ev-typical-{k}")>{td_string!(l, calendar.typical)}</span> })}
                                            <input type="date" name=k data-testid=format!("ev-{k}") value=v.map(|d| d.to_string()).unwrap_or_default()/>
                                        </label>
                                    })
                                }).collect_view()}
                            </div>
                            {is_seed.then(|| view! {
                                <label class="check wide">
                                    <input type="checkbox" name="checked" data-testid="ev-checked" prop:checked=e.checked/>
                                    {td_string!(l, calendar.checked)}
                                </label>
                            })}
                            <label class="wide">{td_string!(l, common.col_notes)}
                                <textarea name="notes" data-testid="ev-notes" maxlength="5000" rows="3" prop:value=e.notes.clone()></textarea>
                            </label>
                            {move || ed_err.get().map(|m| view! { <div class="banner error" role="alert" data-testid="cal-event-error">{m}</div> })}
                            <div class="cal-editor-actions">
                                <button type="submit" class="btn primary" data-testid="ev-save">{td_string!(l, calendar.save)}</button>
                                <button type="button" class="btn" data-testid="ev-cancel"
                                    on:click=move |_| { ed_err.set(None); editing.set(None); }>{td_string!(l, common.cancel)}</button>
                            </div>
                        </form>
                    }.into_any()
                })
            }}
            {move || {
                let w = window.get();
                let mut tasks: std::collections::HashMap<NaiveDate, Vec<(String, String, bool)>> = Default::default();
                if show_tasks.get() {
                    state.ws.with(|ws| {
                        let mut v: Vec<&crate::model::Task> = ws.tasks.iter()
                            .filter(|t| !t.meta.deleted && t.due.is_some_and(|d| d >= w.start && d <= w.end))
                            .collect();
                        v.sort_by(|a, b| (a.status == crate::model::TaskStatus::Done, &a.due_time, &a.title).cmp(&(b.status == crate::model::TaskStatus::Done, &b.due_time, &b.title)));
                        for t in v {
                            if let Some(d) = t.due {
                                let title = if t.due_time.is_empty() { t.title.clone() } else { format!("{} {}", t.due_time, t.title) };
                                tasks.entry(d).or_default().push((t.meta.id.clone(), title, t.status == crate::model::TaskStatus::Done));
                            }
                        }
                    });
                }
                let c = Ctx {
                    l: i18n.get_locale(),
                    today: today_date(),
                    detail: mode.get() == Mode::Week,
                    warn: lines.with(|v| v.iter().flat_map(|x| x.promos.iter().map(|p| p.0.clone())).collect()),
                    tasks,
                };
                rows.with(|rows| {
                    let body = match mode.get() {
                        Mode::Month => {
                            let a = w.start;
                            let days = month_grid(a.year(), a.month()).into_iter().flatten().collect();
                            grid_view(days, rows, &c, "cal-month")
                        }
                        Mode::Week => grid_view(w.start.iter_days().take(7).map(Some).collect(), rows, &c, "cal-week"),
                        Mode::Timeline => timeline_view(w, rows, &c),
                    };
                    let empty = rows.is_empty().then(|| view! { <p class="muted" data-testid="cal-empty">{td_string!(c.l, calendar.empty)}</p> });
                    view! { <div class="cal-body">{body}{empty}</div> }
                })
            }}
            <div class="cal-side">
                <UpcomingDeadlines/>
                <section class="panel cal-conflicts" data-testid="cal-conflicts">
                    <h2>{tr!(calendar.conflicts_title)}</h2>
                    {move || {
                        let l = i18n.get_locale();
                        lines.with(|v| {
                            if v.is_empty() {
                                view! { <p class="muted">{td_string!(l, calendar.conflicts_none)}</p> }.into_any()
                            } else {
                                let more = v.len().saturating_sub(MAX_CONFLICTS);
                                view! {
                                    <ul class="cal-list">{v.iter().take(MAX_CONFLICTS).map(|c| conflict_item(c, l)).collect_view()}</ul>
                                    {(more > 0).then(|| view! { <p class="muted">{td_string!(l, calendar.conflicts_more, n = more).to_string()}</p> })}
                                }.into_any()
                            }
                        })
                    }}
                </section>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn windows_and_steps_never_panic() {
        for a in [NaiveDate::MIN, NaiveDate::MAX, d("2026-11-22")] {
            for m in Mode::ALL {
                let w = window_of(m, a);
                assert!(w.start <= w.end);
                let _ = step(m, a, true);
                let _ = step(m, a, false);
            }
        }
        let w = window_of(Mode::Timeline, d("2026-11-22"));
        assert_eq!((w.start, w.end), (d("2026-11-01"), d("2027-01-31")));
        assert_eq!(
            step(Mode::Month, d("2026-01-31"), true),
            Some(d("2026-02-01"))
        );
    }
}
