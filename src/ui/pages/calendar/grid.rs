//! Month and week grids, and the chip that draws one entry in every view.

use super::*;

/// The glyph of a one-day marker: ◆ registration deadline, ◇ end of price protection.
pub(super) fn marker(k: PhaseKind) -> &'static str {
    match k {
        PhaseKind::Registration => "◆",
        PhaseKind::PriceProtectionEnd => "◇",
        _ => "",
    }
}

/// One entry: a promotion or event on a day (month, week) or as a timeline row label. Colored by
/// its leading phase; ◆ marks a registration deadline, ◇ the end of price protection.
pub(super) fn chip(r: &TimelineRow, phases: &[PhaseKind], c: &Ctx) -> AnyView {
    let lead = phases.iter().copied().filter(|p| !p.is_marker()).max();
    let marks = phases
        .iter()
        .filter(|p| p.is_marker())
        .map(|p| view! { <span class=format!("mk ph-{}", p.key())>{marker(*p)}</span> })
        .collect_view();
    let names = phases
        .iter()
        .map(|p| text::phase_name(c.l, *p))
        .collect::<Vec<_>>()
        .join(" · ");
    let kind = r.entry.kind.key();
    let warn = c.warn.contains(&r.entry.id);
    let detail = c.detail.then(|| {
        let who = match (r.status, r.owner) {
            (Some(s), Some(o)) => format!(
                " · {} · {}",
                text::promo_status(c.l, s),
                text::owner(c.l, o)
            ),
            _ => String::new(),
        };
        view! { <span class="det">{format!("{names}{who}")}</span> }
    });
    view! {
        <button type="button" class=format!("cal-entry k-{kind} ph-{}", lead.map_or("marker", PhaseKind::key))
            data-testid="cal-entry" data-kind=kind data-id=r.entry.id.clone()
            title=format!("{} · {names}", r.entry.name)>
            {marks}
            {warn.then(|| view! { <span class="warn-mark">"⚠"</span> })}
            <span class="nm">{r.entry.name.clone()}</span>
            {detail}
        </button>
    }
    .into_any()
}

/// A day of the month or week grid with its entries and a "+" to start a promotion that day.
fn day_cell(d: Option<NaiveDate>, rows: &[TimelineRow], c: &Ctx) -> AnyView {
    let Some(d) = d else {
        return view! { <div class="cal-day out"></div> }.into_any();
    };
    let ds = d.to_string();
    let mut cls = String::from("cal-day");
    if d == c.today {
        cls.push_str(" today");
    }
    if d.weekday().num_days_from_monday() >= 5 {
        cls.push_str(" weekend");
    }
    let head = if c.detail {
        format!("{} {}", crate::model::date::md(d), weekday_label(c.l, d))
    } else {
        d.day().to_string()
    };
    let add = td_string!(c.l, calendar.add_here);
    let entries = rows
        .iter()
        .filter_map(|r| {
            let ph: Vec<PhaseKind> = r.bars_on(d).map(|b| b.phase).collect();
            (!ph.is_empty()).then(|| chip(r, &ph, c))
        })
        .collect_view();
    /// Tasks shown per day; the rest are counted.
    const TASKS_PER_DAY: usize = 4;
    let day_tasks = c.tasks.get(&d).map(|v| {
        let more = v.len().saturating_sub(TASKS_PER_DAY);
        let chips = v
            .iter()
            .take(TASKS_PER_DAY)
            .map(|(id, title, done)| {
                view! {
                    <a class="cal-task" class:done=*done href="/tasks" data-testid="cal-task" data-id=id.clone()
                        title=title.clone()>{if *done { "☑ " } else { "☐ " }}{title.clone()}</a>
                }
            })
            .collect_view();
        view! {
            {chips}
            {(more > 0).then(|| view! { <a class="cal-task more" href="/tasks" data-testid="cal-task-more">{td_string!(c.l, calendar.tasks_more, n = more).to_string()}</a> })}
        }
    });
    let (tid, add_tid, ds2) = (format!("cal-day-{ds}"), format!("cal-add-{ds}"), ds.clone());
    view! {
        <div class=cls data-testid=tid data-date=ds2>
            <div class="cal-dhead">
                <span class="cal-dnum">{head}</span>
                <button type="button" class="cal-add" data-testid=add_tid data-add=ds
                    title=add aria-label=add>"+"</button>
            </div>
            {entries}
            {day_tasks}
        </div>
    }
    .into_any()
}

/// Month or week: weekday header and day cells, seven columns.
pub(super) fn grid_view(
    days: Vec<Option<NaiveDate>>,
    rows: &[TimelineRow],
    c: &Ctx,
    testid: &'static str,
) -> AnyView {
    let head = WEEKDAYS
        .iter()
        .map(|w| {
            let i = w.num_days_from_monday() as usize;
            let label = td_string!(c.l, common.calendar_weekdays)
                .split_whitespace()
                .nth(i)
                .unwrap_or("");
            view! { <div class="cal-wd">{label}</div> }
        })
        .collect_view();
    let cells = days
        .into_iter()
        .map(|d| day_cell(d, rows, c))
        .collect_view();
    view! { <div class=format!("cal-grid {testid}") data-testid=testid>{head}{cells}</div> }
        .into_any()
}
