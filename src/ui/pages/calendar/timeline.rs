//! The 3-month timeline (Gantt): one row per entry, one bar per phase.

use super::grid::chip;
use super::*;

/// Position of day `d` in the window as a share (0..=1) of its width.
fn share(w: DateRange, d: NaiveDate) -> f64 {
    (d - w.start).num_days() as f64 / w.days().max(1) as f64
}

/// `left: ...; width: ...` over the track (the label column is `--lw` wide).
fn span_style(w: DateRange, a: NaiveDate, b: NaiveDate) -> String {
    let one = 1.0 / w.days().max(1) as f64;
    format!(
        "left:{:.3}%;width:{:.3}%",
        share(w, a) * 100.0,
        (share(w, b) - share(w, a) + one) * 100.0
    )
}

const LANE_PX: usize = 16;

/// The Gantt timeline: months and Mondays on top, one row per entry with a bar per phase
/// (overlapping phases go to separate lanes), today as a line.
pub(super) fn timeline_view(w: DateRange, rows: &[TimelineRow], c: &Ctx) -> AnyView {
    let mut months = Vec::new();
    let mut m = w.start;
    while m <= w.end && months.len() < 24 {
        let e = month_of(m).end.min(w.end);
        months.push(
            view! { <div class="g-month" style=span_style(w, m, e)>{month_title(c.l, m)}</div> },
        );
        match add_days(e, 1) {
            Some(n) => m = n,
            None => break,
        }
    }
    let ticks = w
        .start
        .iter_days()
        .take_while(|d| *d <= w.end)
        .filter(|d| d.weekday().num_days_from_monday() == 0)
        .map(|d| view! { <div class="g-tick" style=format!("left:{:.3}%", share(w, d) * 100.0)>{d.day()}</div> })
        .collect_view();
    let today = w.contains(c.today).then(|| {
        view! { <div class="g-today" style=span_style(w, c.today, c.today)></div> }
    });
    let body = rows
        .iter()
        .map(|r| {
            let mut lanes: Vec<NaiveDate> = Vec::new();
            let bars = r
                .bars
                .iter()
                .map(|b| {
                    let lane = match lanes.iter().position(|end| *end < b.start) {
                        Some(i) => i,
                        None => {
                            lanes.push(b.end);
                            lanes.len() - 1
                        }
                    };
                    if let Some(end) = lanes.get_mut(lane) {
                        *end = b.end;
                    }
                    let mut cls = format!("g-bar ph-{}", b.phase.key());
                    if b.phase.is_marker() {
                        cls.push_str(" marker");
                    }
                    if b.cut_start {
                        cls.push_str(" cut-start");
                    }
                    if b.cut_end {
                        cls.push_str(" cut-end");
                    }
                    view! {
                        <div class=cls style=format!("{};top:{}px", span_style(w, b.start, b.end), lane * LANE_PX + 2)
                            title=format!("{} · {} – {}", text::phase_name(c.l, b.phase), b.start, b.end)></div>
                    }
                })
                .collect_view();
            let phases: Vec<PhaseKind> = r.bars.iter().map(|b| b.phase).collect();
            view! {
                <div class="g-row" data-testid="cal-row">
                    <div class="g-label">{chip(r, &phases, c)}</div>
                    <div class="g-track" data-kind=r.entry.kind.key() data-id=r.entry.id.clone()
                        style=format!("height:{}px", lanes.len().max(1) * LANE_PX + 4)>{bars}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="cal-gantt" data-testid="cal-timeline">
            <div class="g-head"><div class="g-label"></div><div class="g-track">{months}{ticks}</div></div>
            <div class="g-body">
                <div class="g-over"><div class="g-label"></div><div class="g-track">{today}</div></div>
                {body}
            </div>
        </div>
    }
    .into_any()
}
