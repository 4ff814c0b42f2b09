//! Deadlines due within 7 days, on the Calendar and the Dashboard.

use crate::core::promo::events::{upcoming_deadlines, Deadline, EntryKind};
use crate::i18n::*;
use crate::ui::state::{today_date, AppState};
use crate::ui::text::deadline_name;
use leptos::prelude::*;

/// 今天 / 明天 / n 天后.
fn due_text(l: Locale, days_left: i64) -> String {
    match days_left {
        0 => td_string!(l, calendar.due_today).to_string(),
        1 => td_string!(l, calendar.due_tomorrow).to_string(),
        n => td_string!(l, calendar.due_in, n = n).to_string(),
    }
}

fn deadline_item(d: &Deadline, l: Locale) -> impl IntoView {
    let when = due_text(l, d.days_left);
    let id = &d.source.id;
    let href = match d.source.kind {
        EntryKind::Event => format!(
            "/calendar?d={}&ev={}",
            d.date,
            String::from(js_sys::encode_uri_component(id))
        ),
        EntryKind::Promotion => format!("/promotions/{id}"),
    };
    view! {
        <li data-testid="deadline" class=format!("dl k-{}", d.source.kind.key())>
            <span class="dl-date">{crate::model::date::md(d.date)}</span>
            <span class=if d.days_left <= 1 { "dl-when soon" } else { "dl-when" }>{when}</span>
            <span class="dl-kind">{deadline_name(l, d.kind)}</span>
            <a class="cal-link" href=href data-kind=d.source.kind.key() data-id=id.clone() data-date=d.date.to_string()>
                {d.source.name.clone()}
            </a>
        </li>
    }
}

fn next_reg_item(r: &crate::core::promo::events::Registration, l: Locale) -> impl IntoView {
    let href = format!(
        "/calendar?d={}&ev={}",
        r.date,
        String::from(js_sys::encode_uri_component(&r.id))
    );
    let when = due_text(l, r.days_left);
    view! {
        <li class="next-reg" data-testid="next-reg">
            <b class="nr-label">{td_string!(l, calendar.next_reg)}</b>
            <span class="dl-date">{r.date.format("%Y-%m-%d").to_string()}</span>
            <span class="dl-when">{when}</span>
            <a class="cal-link" href=href data-kind="event" data-id=r.id.clone() data-date=r.date.to_string()>{r.name.clone()}</a>
            {r.typical.then(|| view! { <span class="typ" title=td_string!(l, calendar.typical_note)>{td_string!(l, calendar.typical_check)}</span> })}
        </li>
    }
}

/// The next two registration deadlines (报名截止) of platform events, however far, then
/// registration, presale and price-protection dates of promotions and events due within 7 days
/// (`data-testid="deadlines"`). Used on the calendar and on the Dashboard.
#[component]
pub fn UpcomingDeadlines() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let list = Memo::new(move |_| {
        state
            .ws
            .with(|ws| upcoming_deadlines(&ws.promotions, &ws.events, today_date(), 7))
    });
    let regs = Memo::new(move |_| {
        state
            .ws
            .with(|ws| crate::core::promo::events::next_registrations(&ws.events, today_date(), 2))
    });
    view! {
        <section class="panel cal-deadlines" data-testid="deadlines">
            <h2>{tr!(calendar.deadlines_title)}</h2>
            {move || {
                let l = i18n.get_locale();
                regs.with(|v| {
                    (!v.is_empty()).then(|| view! {
                        <ul class="cal-list next-regs" aria-label=td_string!(l, calendar.next_reg)>
                            {v.iter().map(|r| next_reg_item(r, l)).collect_view()}
                        </ul>
                    })
                })
            }}
            {move || {
                let l = i18n.get_locale();
                list.with(|v| {
                    if v.is_empty() {
                        view! { <p class="muted">{td_string!(l, calendar.deadlines_none)}</p> }.into_any()
                    } else {
                        view! { <ul class="cal-list">{v.iter().map(|d| deadline_item(d, l)).collect_view()}</ul> }.into_any()
                    }
                })
            }}
        </section>
    }
}
