//! Price conflicts of overlapping promotions in the visible range.

use super::*;

/// Conflicts listed at most (one line per product and stretch can be many).
pub(super) const MAX_CONFLICTS: usize = 30;

/// Price conflicts of the same promotions over the same days, one line for all their products.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    pub(super) promos: Vec<(String, String)>,
    pub(super) range: DateRange,
    pub(super) floor: Floor,
    /// One of the promotions breaks the floor alone.
    pub(super) alone: bool,
    /// SKU (or title) and the lowest paid per unit.
    pub(super) products: Vec<(String, Fen)>,
}

/// Products named per conflict line (the count says how many there are).
const MAX_NAMED: usize = 6;

pub(super) fn conflict_item(c: &Line, l: Locale) -> impl IntoView {
    let floor = match c.floor {
        Floor::Cost => td_string!(l, calendar.floor_cost),
        Floor::MinMargin => td_string!(l, calendar.floor_margin),
    };
    let head = td_string!(
        l,
        calendar.conflict_line,
        from = c.range.start.to_string(),
        to = c.range.end.to_string(),
        floor = floor
    )
    .to_string();
    let mut list: Vec<String> = c
        .products
        .iter()
        .take(MAX_NAMED)
        .map(|(p, paid)| format!("{p} {}", yuan(*paid)))
        .collect();
    if c.products.len() > MAX_NAMED {
        list.push("…".into());
    }
    let products = td_string!(
        l,
        calendar.conflict_products,
        n = c.products.len(),
        list = list.join(" · ")
    )
    .to_string();
    let links = c
        .promos
        .iter()
        .map(|(id, name)| {
            view! { <a class="cal-link" href=format!("/promotions/{id}") data-kind="promotion" data-id=id.clone()>{name.clone()}</a> }
        })
        .collect_view();
    view! {
        <li data-testid="cal-conflict">
            <span>{links}</span>
            <span class="bad">{head}{c.alone.then(|| td_string!(l, calendar.conflict_alone))}</span>
            <span class="muted">{products}</span>
        </li>
    }
}
