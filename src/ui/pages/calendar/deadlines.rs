//! Deadlines due within 7 days (also on the Dashboard).

use super::*;

fn deadline_item(d: &Deadline, l: Locale) -> impl IntoView {
    let when = match d.days_left {
        0 => td_string!(l, cal_due_today).to_string(),
        1 => td_string!(l, cal_due_tomorrow).to_string(),
        n => td_string!(l, cal_due_in, n = n).to_string(),
    };
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

/// Registration, presale and price-protection dates of promotions and events due within 7 days
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
    view! {
        <section class="panel cal-deadlines" data-testid="deadlines">
            <h2>{tr!(cal_deadlines_title)}</h2>
            {move || {
                let l = i18n.get_locale();
                list.with(|v| {
                    if v.is_empty() {
                        view! { <p class="muted">{td_string!(l, cal_deadlines_none)}</p> }.into_any()
                    } else {
                        view! { <ul class="cal-list">{v.iter().map(|d| deadline_item(d, l)).collect_view()}</ul> }.into_any()
                    }
                })
            }}
        </section>
    }
}
