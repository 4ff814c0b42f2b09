//! Products view, the assistant's daily list: search, filters, sort by any column, inline edit
//! through one floating cell editor (rows stay static text, so 2,000 rows render fast), add,
//! duplicate, delete, bulk shelve/unshelve, export selected, and the title checker inline.

use crate::core::format::{percent_bp, yuan};
use crate::core::margin::margin_bp;
use crate::core::product_edit::{self, EditError, Field};
use crate::core::title::{check_title, TitleRules};
use crate::formats::plan_file;
use crate::i18n::*;
use crate::model::{Product, ProductRole, ProductStatus};
use crate::ui::state::{now_ms, AppState};
use crate::ui::text;
use crate::ui::text::{dyn_bool, dyn_text};
use crate::ui::widgets::download::download_text;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashSet};
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortKey {
    None,
    Sku,
    ItemId,
    Title,
    Category,
    Price,
    Cost,
    Margin,
    Stock,
    Status,
    Role,
}

fn compare(key: SortKey, fee: u32, a: &Product, b: &Product) -> std::cmp::Ordering {
    let margin = |p: &Product| margin_bp(p.list_price, p.cost, fee).unwrap_or(i64::MIN);
    match key {
        SortKey::None => std::cmp::Ordering::Equal,
        SortKey::Sku => a.sku.cmp(&b.sku),
        SortKey::ItemId => (a.item_id.len(), &a.item_id).cmp(&(b.item_id.len(), &b.item_id)),
        SortKey::Title => a.title.cmp(&b.title),
        SortKey::Category => a.category.cmp(&b.category),
        SortKey::Price => a.list_price.cmp(&b.list_price),
        SortKey::Cost => a.cost.cmp(&b.cost),
        SortKey::Margin => margin(a).cmp(&margin(b)),
        SortKey::Stock => a.stock.cmp(&b.stock),
        SortKey::Status => a.status.key().cmp(b.status.key()),
        SortKey::Role => a.role.key().cmp(b.role.key()),
    }
}

/// Rows drawn in the first frame (more than a tall screen holds), then per slice between frames.
const FIRST_ROWS: usize = 100;
const MORE_ROWS: usize = 1000;

/// The cell being edited and where it is on screen.
#[derive(Clone, Debug, PartialEq)]
struct EditTarget {
    id: String,
    field: Field,
    initial: String,
    left: f64,
    top: f64,
    width: f64,
}

fn edit_error(l: Locale, e: EditError) -> String {
    match e {
        EditError::BadMoney => td_string!(l, common.edit_bad_money).to_string(),
        EditError::BadStock => td_string!(l, common.edit_bad_stock).to_string(),
        EditError::BadItemId => td_string!(l, products.edit_bad_item_id).to_string(),
        EditError::TooLong(n) => td_string!(l, common.problem_too_long, max = n).to_string(),
        EditError::BadChoice => td_string!(l, common.problem_bad_value).to_string(),
    }
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();

    let search = RwSignal::new(String::new());
    let f_status = RwSignal::new(String::new());
    let f_role = RwSignal::new(String::new());
    let f_category = RwSignal::new(String::new());
    let f_problems = RwSignal::new(false);
    let sort = RwSignal::new((SortKey::None, true));
    let selected = RwSignal::new(HashSet::<String>::new());
    let editing = RwSignal::new(None::<EditTarget>);
    let edit_msg = RwSignal::new(None::<String>);

    let categories = Memo::new(move |_| {
        state.ws.with(|ws| {
            ws.live_products()
                .map(|p| p.category.clone())
                .filter(|c| !c.is_empty())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        })
    });

    // Everything that changes how a row looks besides the product itself.
    let row_sig = Memo::new(move |_| {
        state.ws.with(|ws| {
            format!(
                "{}|{}|{}|{}",
                ws.profile.fee_rate_bp,
                ws.settings.title_limit_bytes,
                ws.settings.min_margin_bp,
                ws.settings.title_whitelist.join("\u{1}")
            )
        })
    });

    let rows = Memo::new(move |_| {
        let q = search.get().trim().to_lowercase();
        let st = f_status.get();
        let rl = f_role.get();
        let cat = f_category.get();
        let only_problems = f_problems.get();
        let (key, asc) = sort.get();
        state.ws.with(|ws| {
            let rules = TitleRules {
                limit_bytes: ws.settings.title_limit_bytes,
                whitelist: &ws.settings.title_whitelist,
            };
            let fee = ws.profile.fee_rate_bp;
            let mut v: Vec<Product> = ws
                .live_products()
                .filter(|p| st.is_empty() || p.status.key() == st)
                .filter(|p| rl.is_empty() || p.role.key() == rl)
                .filter(|p| cat.is_empty() || p.category == cat)
                .filter(|p| {
                    q.is_empty()
                        || p.title.to_lowercase().contains(&q)
                        || p.sku.to_lowercase().contains(&q)
                        || p.item_id.contains(&q)
                        || p.category.to_lowercase().contains(&q)
                        || p.tags.iter().any(|t| t.to_lowercase().contains(&q))
                })
                .filter(|p| {
                    !only_problems || !check_title(&p.title, &p.keywords, &rules).is_empty()
                })
                .cloned()
                .collect();
            if key != SortKey::None {
                // one comparator for every column: a single sort instantiation in the wasm
                v.sort_by(|a, b| compare(key, fee, a, b));
            }
            if !asc {
                v.reverse();
            }
            v
        })
    });

    // A large catalog is drawn in slices: the first screen of rows at once, the rest between
    // frames, so the first rows are on screen without waiting for row 2,000. Once every row is
    // drawn (a few frames later) the whole table is in the page, for the browser's find, Tab
    // and selection; printing draws the rest at once.
    let limit = RwSignal::new(FIRST_ROWS);
    Effect::new(move |_| {
        let n = rows.with(|r| r.len());
        let l = limit.get();
        if l == usize::MAX {
            return;
        }
        if l >= n {
            limit.set(usize::MAX);
            return;
        }
        // the next slice after the frame showing this one is painted: a task queued from an
        // animation frame callback runs after that frame
        request_animation_frame(move || {
            let _ = set_timeout_with_handle(
                move || {
                    limit.try_update(|l| *l = l.saturating_add(MORE_ROWS));
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let before_print = window_event_listener_untyped("beforeprint", move |_| {
        limit.try_set(usize::MAX);
    });
    on_cleanup(move || before_print.remove());

    let sel_ids = move || selected.with_untracked(|s| s.iter().cloned().collect::<Vec<_>>());
    let bulk = move |status: ProductStatus| {
        state.set_status(&sel_ids(), status);
    };
    let bulk_delete = move |_| {
        state.delete_products(&sel_ids());
        selected.update(|s| s.clear());
    };
    let export_selected = move |_| {
        let ids = sel_ids();
        let now = now_ms();
        let text = state
            .ws
            .with_untracked(|ws| plan_file::export(ws, Some(&ids), now));
        let name = state
            .ws
            .with_untracked(|ws| plan_file::file_name(&ws.profile.name, now));
        download_text(&name, &text, "application/json");
    };
    let add = move |_| {
        let id = state.add_product(f_category.get_untracked());
        limit.set(usize::MAX); // the new row is drawn now, even during the first slices
                               // show the new row and open its title for typing
        search.set(String::new());
        f_status.set(String::new());
        f_problems.set(false);
        let _ = set_timeout_with_handle(
            move || open_editor_for(&id, Field::Title, state, editing),
            std::time::Duration::from_millis(30),
        );
    };

    // One delegated handler for the whole table body: which cell, which action.
    let on_body_click = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if let Ok(Some(btn)) = el.closest("[data-action]") {
            let action = btn.get_attribute("data-action").unwrap_or_default();
            let id = btn.get_attribute("data-id").unwrap_or_default();
            match action.as_str() {
                "duplicate" => {
                    state.duplicate_product(&id);
                }
                "delete" => {
                    state.delete_products(std::slice::from_ref(&id));
                    selected.update(|s| {
                        s.remove(&id);
                    });
                }
                _ => {}
            }
            return;
        }
        if let Ok(Some(cell)) = el.closest("td[data-field]") {
            let field = cell
                .get_attribute("data-field")
                .and_then(|f| Field::from_key(&f));
            let id = cell
                .closest("tr[data-id]")
                .ok()
                .flatten()
                .and_then(|r| r.get_attribute("data-id"));
            if let (Some(field), Some(id)) = (field, id) {
                edit_msg.set(None);
                open_editor_at(&cell, &id, field, state, editing);
            }
        }
    };

    // The table body is a keyboard grid: one tab stop (the cell last focused, else the first),
    // arrows, Home/End and PageUp/PageDown move, Enter or F2 edits a cell, Esc in the editor
    // cancels and returns to the cell, Tab leaves the table.
    let body_ref = NodeRef::<leptos::html::Tbody>::new();
    Effect::new(move |_| {
        rows.track();
        limit.track();
        request_animation_frame(move || {
            if let Some(body) = body_ref.get_untracked() {
                ensure_tab_stop(&body);
            }
        });
    });
    let on_grid_focus = move |ev: web_sys::FocusEvent| {
        let (Some(body), Some(item)) = (body_ref.get_untracked(), nav_item(ev.target())) else {
            return;
        };
        if let Ok(list) = body.query_selector_all("[data-nav][tabindex=\"0\"]") {
            for i in 0..list.length() {
                if let Some(e) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = e.set_attribute("tabindex", "-1");
                }
            }
        }
        let _ = item.set_attribute("tabindex", "0");
    };
    let on_grid_key = move |ev: web_sys::KeyboardEvent| {
        let Some(item) = nav_item(ev.target()) else {
            return;
        };
        let key = ev.key();
        if key == "Enter" || key == "F2" {
            let is_cell = item.tag_name().eq_ignore_ascii_case("td");
            let field = item
                .get_attribute("data-field")
                .and_then(|f| Field::from_key(&f));
            let id = item
                .closest("tr[data-id]")
                .ok()
                .flatten()
                .and_then(|r| r.get_attribute("data-id"));
            if let (true, Some(field), Some(id)) = (is_cell, field, id) {
                ev.prevent_default();
                edit_msg.set(None);
                open_editor_at(&item, &id, field, state, editing);
            }
            return;
        }
        if let Some(to) = grid_move(&item, &key, ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            if let Ok(h) = to.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
                h.scroll_into_view_with_bool(false);
            }
        }
    };

    let sort_header = move |k: SortKey, label: String, testid: &'static str| {
        let arrow = move || match sort.get() {
            (s, true) if s == k => " ▲",
            (s, false) if s == k => " ▼",
            _ => "",
        };
        let aria_sort = move || match sort.get() {
            (s, true) if s == k => "ascending",
            (s, false) if s == k => "descending",
            _ => "none",
        };
        // a button in the header: sortable from the keyboard; aria-sort tells the order
        view! {
            <th class="sortable" data-testid=testid aria-sort=aria_sort>
                <button type="button" class="sort-btn" on:click=move |_| sort.update(|(s, asc)| {
                    if *s == k { *asc = !*asc } else { *s = k; *asc = true }
                })>{label}{arrow}</button>
            </th>
        }
    };

    let all_visible_selected = move || {
        let r = rows.get();
        !r.is_empty() && selected.with(|s| r.iter().all(|p| s.contains(&p.meta.id)))
    };
    let toggle_all = move |_| {
        let ids: Vec<String> =
            rows.with_untracked(|r| r.iter().map(|p| p.meta.id.clone()).collect());
        let all = selected.with_untracked(|s| ids.iter().all(|i| s.contains(i)));
        selected.update(|s| {
            if all {
                for i in &ids {
                    s.remove(i);
                }
            } else {
                s.extend(ids.iter().cloned());
            }
        });
    };

    view! {
        <section class="page products" data-testid="page-products">
            <div class="page-head">
                <h1>{tr!(common.nav_products)}</h1>
                <span class="muted" data-testid="row-count">
                    {dyn_text(move || td_string!(i18n.get_locale(), products.rows_shown, shown = rows.with(|r| r.len()), total = state.ws.with(|w| w.live_products().count())).to_string())}
                </span>
            </div>
            <div class="toolbar">
                <input type="search" class="search" data-testid="search"
                    placeholder=tr!(common.search_placeholder)
                    prop:value=dyn_text(move || search.get())
                    on:input=move |e| search.set(event_target_value(&e))/>
                <select data-testid="filter-status" aria-label=tr!(common.filter_by_status) on:change=move |e| f_status.set(event_target_value(&e))
                    prop:value=dyn_text(move || f_status.get())>
                    <option value="">{tr!(common.all_statuses)}</option>
                    {ProductStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.key()>{move || text::status(i18n.get_locale(), s)}</option>
                    }).collect_view()}
                </select>
                <select data-testid="filter-role" aria-label=tr!(products.filter_by_role) on:change=move |e| f_role.set(event_target_value(&e))
                    prop:value=dyn_text(move || f_role.get())>
                    <option value="">{tr!(products.all_roles)}</option>
                    {ProductRole::ALL.into_iter().map(|r| view! {
                        <option value=r.key()>{move || text::role(i18n.get_locale(), r)}</option>
                    }).collect_view()}
                </select>
                <select data-testid="filter-category" aria-label=tr!(products.filter_by_category) on:change=move |e| f_category.set(event_target_value(&e))
                    prop:value=dyn_text(move || f_category.get())>
                    <option value="">{tr!(products.all_categories)}</option>
                    <For each=move || categories.get() key=|c| c.clone() let:c>
                        <option value=c.clone()>{c.clone()}</option>
                    </For>
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="filter-problems"
                        prop:checked=dyn_bool(move || f_problems.get())
                        on:change=move |e| f_problems.set(event_target_checked(&e))/>
                    {tr!(products.titles_with_problems)}
                </label>
                <span class="spacer"></span>
                <button class="btn primary" data-testid="add-product" on:click=add>"+ " {tr!(products.add_product)}</button>
            </div>
            <Show when=move || selected.with(|s| !s.is_empty())>
                <div class="bulkbar" data-testid="bulkbar">
                    <span>{dyn_text(move || td_string!(i18n.get_locale(), products.count_selected, n = selected.with(|s| s.len())).to_string())}</span>
                    <button class="btn" data-testid="bulk-shelve" on:click=move |_| bulk(ProductStatus::OnShelf)>{tr!(products.bulk_shelve)}</button>
                    <button class="btn" data-testid="bulk-unshelve" on:click=move |_| bulk(ProductStatus::OffShelf)>{tr!(products.bulk_unshelve)}</button>
                    <button class="btn" data-testid="bulk-export" on:click=export_selected>{tr!(products.export_selected)}</button>
                    <button class="btn danger" data-testid="bulk-delete" on:click=bulk_delete>{tr!(common.delete)}</button>
                    <button class="btn ghost" on:click=move |_| selected.update(|s| s.clear())>{tr!(products.clear_selection)}</button>
                </div>
            </Show>
            <p class="muted small" id="grid-keys" data-testid="grid-keys">{tr!(products.grid_keys_hint)}</p>
            <div class="table-wrap">
                <table class="grid" role="grid" data-testid="products-table" aria-label=tr!(common.nav_products) aria-describedby="grid-keys">
                    <thead>
                        <tr>
                            <th class="c-check"><input type="checkbox" aria-label=tr!(products.select_all)
                                prop:checked=all_visible_selected on:change=toggle_all/></th>
                            {move || sort_header(SortKey::Sku, t_string!(i18n, common.col_sku).to_string(), "sort-sku")}
                            {move || sort_header(SortKey::ItemId, t_string!(i18n, common.col_item_id).to_string(), "sort-item-id")}
                            {move || sort_header(SortKey::Title, t_string!(i18n, common.col_title).to_string(), "sort-title")}
                            {move || sort_header(SortKey::Category, t_string!(i18n, common.col_category).to_string(), "sort-category")}
                            {move || sort_header(SortKey::Price, t_string!(i18n, common.col_price).to_string(), "sort-price")}
                            {move || sort_header(SortKey::Cost, t_string!(i18n, common.col_cost).to_string(), "sort-cost")}
                            {move || sort_header(SortKey::Margin, t_string!(i18n, products.col_margin).to_string(), "sort-margin")}
                            {move || sort_header(SortKey::Stock, t_string!(i18n, common.col_stock).to_string(), "sort-stock")}
                            {move || sort_header(SortKey::Status, t_string!(i18n, common.col_status).to_string(), "sort-status")}
                            {move || sort_header(SortKey::Role, t_string!(i18n, products.col_role).to_string(), "sort-role")}
                            <th>{tr!(products.col_keywords)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody on:click=on_body_click on:keydown=on_grid_key on:focusin=on_grid_focus node_ref=body_ref>
                        <For
                            each=move || rows.with(|r| r.iter().take(limit.get()).cloned().collect::<Vec<_>>())
                            key=move |p| (p.meta.id.clone(), p.meta.rev, row_sig.get_untracked(), i18n.get_locale_untracked())
                            children=move |p| view! { <Row p=p selected=selected/> }
                        />
                    </tbody>
                </table>
                <Show when=move || rows.with(|r| r.is_empty())>
                    <p class="empty-state" data-testid="no-rows">{tr!(products.no_products_match)}</p>
                </Show>
            </div>
            <CellEditor editing=editing msg=edit_msg/>
        </section>
    }
}

fn open_editor_at(
    cell: &web_sys::Element,
    id: &str,
    field: Field,
    state: AppState,
    editing: RwSignal<Option<EditTarget>>,
) {
    let Some(p) = state.ws.with_untracked(|ws| ws.product(id).cloned()) else {
        return;
    };
    let r = cell.get_bounding_client_rect();
    editing.set(Some(EditTarget {
        id: id.to_string(),
        field,
        initial: field.current(&p),
        left: r.left(),
        top: r.top(),
        width: r
            .width()
            .max(if field == Field::Title { 360.0 } else { 140.0 }),
    }));
    // Focus after the editor is in the DOM (autofocus does not apply to inserted elements).
    let _ = set_timeout_with_handle(
        || {
            let el = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-testid=cell-input]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = el {
                let _ = el.focus();
                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    input.select();
                }
            }
        },
        std::time::Duration::from_millis(0),
    );
}

fn open_editor_for(id: &str, field: Field, state: AppState, editing: RwSignal<Option<EditTarget>>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let sel = format!("tr[data-id=\"{id}\"] td[data-field=\"{}\"]", field.key());
    if let Ok(Some(cell)) = doc.query_selector(&sel) {
        cell.scroll_into_view_with_bool(false);
        open_editor_at(&cell, id, field, state, editing);
    }
}

#[component]
fn Row(p: Product, selected: RwSignal<HashSet<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let (issues, margin, min_margin) = state.ws.with_untracked(|ws| {
        let rules = TitleRules {
            limit_bytes: ws.settings.title_limit_bytes,
            whitelist: &ws.settings.title_whitelist,
        };
        (
            check_title(&p.title, &p.keywords, &rules),
            margin_bp(p.list_price, p.cost, ws.profile.fee_rate_bp),
            i64::from(ws.settings.min_margin_bp),
        )
    });
    let id = p.meta.id.clone();
    let row_id = id.clone();
    let id_check = id.clone();
    let margin_class = match margin {
        Some(m) if m < 0 => "num bad",
        Some(m) if m < min_margin => "num warn",
        _ => "num",
    };
    let margin_text = margin.map(percent_bp).unwrap_or_else(|| "—".into());
    let issue_views = issues
        .iter()
        .map(|i| {
            let cls = match i {
                crate::core::title::TitleIssue::Forbidden { .. }
                | crate::core::title::TitleIssue::TooLong { .. } => "issue high",
                _ => "issue",
            };
            view! { <span class=cls>{text::title_issue(l, i)}</span> }
        })
        .collect_view();
    let has_issues = !issues.is_empty();
    let row_label = td_string!(l, products.select_row, name = p.title.clone()).to_string();
    view! {
        <tr data-id=row_id class:has-issues=has_issues>
            <td class="c-check">
                <input type="checkbox" aria-label=row_label data-nav="" tabindex="-1"
                    prop:checked=dyn_bool(move || selected.with(|s| s.contains(&id_check)))
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        let id = id.clone();
                        selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                    }/>
            </td>
            <td data-field="sku" data-nav="" tabindex="-1" class="edit">{p.sku.clone()}</td>
            <td data-field="item_id" data-nav="" tabindex="-1" class="edit mono">{p.item_id.clone()}</td>
            <td data-field="title" data-nav="" tabindex="-1" class="edit title">
                <div class="title-text">{p.title.clone()}</div>
                <div class="issues">{issue_views}</div>
            </td>
            <td data-field="category" data-nav="" tabindex="-1" class="edit">{p.category.clone()}</td>
            <td data-field="list_price" data-nav="" tabindex="-1" class="edit num">{yuan(p.list_price)}</td>
            <td data-field="cost" data-nav="" tabindex="-1" class="edit num">{yuan(p.cost)}</td>
            <td class=margin_class data-nav="" tabindex="-1">{margin_text}</td>
            <td data-field="stock" data-nav="" tabindex="-1" class="edit num" class:zero=p.stock <= 0>{p.stock}</td>
            <td data-field="status" data-nav="" tabindex="-1" class="edit"><span class=format!("pill {}", p.status.key())>{text::status(l, p.status)}</span></td>
            <td data-field="role" data-nav="" tabindex="-1" class="edit">{text::role(l, p.role)}</td>
            <td data-field="keywords" data-nav="" tabindex="-1" class="edit small">{p.keywords.join("，")}</td>
            <td class="actions">
                <button class="btn ghost small" data-action="duplicate" data-nav="" tabindex="-1" data-id=p.meta.id.clone()>{td_string!(l, products.duplicate)}</button>
                <button class="btn ghost small danger-text" data-action="delete" data-nav="" tabindex="-1" data-id=p.meta.id.clone()>{td_string!(l, common.delete)}</button>
            </td>
        </tr>
    }
}

/// The floating editor placed over the clicked cell. Enter or leaving the field saves, Escape
/// cancels; a refused value keeps the editor open with the reason.
#[component]
fn CellEditor(
    editing: RwSignal<Option<EditTarget>>,
    msg: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let commit = move |value: String| {
        let Some(t) = editing.get_untracked() else {
            return;
        };
        let mut result = Ok(());
        state.edit_product(&t.id, |p| result = product_edit::apply(p, t.field, &value));
        match result {
            Ok(()) => {
                msg.set(None);
                editing.set(None);
                focus_cell_later(&t.id, t.field);
            }
            Err(e) => msg.set(Some(edit_error(i18n.get_locale_untracked(), e))),
        }
    };
    // Esc: nothing saved, the focus back on the cell
    let cancel = move || {
        msg.set(None);
        if let Some(t) = editing.get_untracked() {
            editing.set(None);
            focus_cell_later(&t.id, t.field);
        }
    };
    view! {
        {move || editing.get().map(|t| {
            let style = format!("left:{}px;top:{}px;min-width:{}px", t.left as i32, t.top as i32, t.width as i32);
            let field = t.field;
            let input: AnyView = match field {
                Field::Status | Field::Role => {
                    let opts: Vec<(String, String)> = if field == Field::Status {
                        ProductStatus::ALL.iter().map(|s| (s.key().to_string(), text::status(i18n.get_locale_untracked(), *s))).collect()
                    } else {
                        ProductRole::ALL.iter().map(|r| (r.key().to_string(), text::role(i18n.get_locale_untracked(), *r))).collect()
                    };
                    let initial = t.initial.clone();
                    view! {
                        <select class="cell-input" data-testid="cell-input"
                            on:change=move |e| commit(event_target_value(&e))
                            aria-label=field_label(i18n.get_locale_untracked(), field)
                            on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Escape" { cancel() }>
                            {opts.into_iter().map(|(k, label)| {
                                let sel = k == initial;
                                view! { <option value=k selected=sel>{label}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                }
                _ => {
                    // a title shows its byte count and the rules it breaks while it is typed
                    let is_title = field == Field::Title;
                    let typed = RwSignal::new(t.initial.clone());
                    let id = t.id.clone();
                    let live = is_title.then(|| view! {
                        <div class="cell-live" data-testid="title-live" aria-live="polite">{move || {
                            let l = i18n.get_locale();
                            let title = typed.get();
                            state.ws.with(|ws| {
                                let rules = TitleRules {
                                    limit_bytes: ws.settings.title_limit_bytes,
                                    whitelist: &ws.settings.title_whitelist,
                                };
                                let keywords = ws.product(&id).map(|p| p.keywords.clone()).unwrap_or_default();
                                let bytes = crate::core::title::title_bytes(&title);
                                let over = bytes > rules.limit_bytes;
                                let issues = check_title(&title, &keywords, &rules);
                                view! {
                                    <span class="byte-count" class:bad=over data-testid="title-bytes">
                                        {td_string!(l, products.title_live_bytes, bytes = bytes, limit = rules.limit_bytes).to_string()}
                                    </span>
                                    {issues.iter().map(|i| view! { <span class="issue">{text::title_issue(l, i)}</span> }).collect_view()}
                                }
                            })
                        }}</div>
                    });
                    view! {
                    <input class="cell-input" data-testid="cell-input"
                        aria-label=field_label(i18n.get_locale_untracked(), field)
                        prop:value=t.initial.clone()
                        on:input=move |e| if is_title { typed.set(event_target_value(&e)) }
                        on:keydown=move |e: web_sys::KeyboardEvent| {
                            match e.key().as_str() {
                                "Enter" => commit(event_target_value(&e)),
                                "Escape" => cancel(),
                                _ => {}
                            }
                        }
                        on:blur=move |e| {
                            if editing.with_untracked(|x| x.is_some()) { commit(event_target_value(&e)) }
                        }/>
                    {live}
                }.into_any()
                }
            };
            view! {
                <div class="cell-editor" style=style data-testid="cell-editor">
                    {input}
                    <Show when=move || msg.get().is_some()>
                        <div class="cell-error" role="alert" data-testid="cell-error">{move || msg.get()}</div>
                    </Show>
                </div>
            }
        })}
    }
}

/// The grid item (cell, row checkbox or row button) an event came from.
fn nav_item(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[data-nav]").ok().flatten())
}

/// The items of one row, in order.
fn row_items(row: &web_sys::Element) -> Vec<web_sys::Element> {
    let Ok(list) = row.query_selector_all("[data-nav]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| {
            list.item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        })
        .collect()
}

/// Where a key moves from `item`: left/right/Home/End within the row (Ctrl+Home/End: the first
/// or last row), up/down one row and PageUp/PageDown ten, in the same column.
fn grid_move(item: &web_sys::Element, key: &str, ctrl: bool) -> Option<web_sys::Element> {
    let row = item.closest("tr").ok().flatten()?;
    let items = row_items(&row);
    let col = items.iter().position(|e| e == item)?;
    let last = items.len().checked_sub(1)?;
    let in_row = |r: &web_sys::Element, c: usize| {
        let its = row_items(r);
        let n = its.len().checked_sub(1)?;
        its.into_iter().nth(c.min(n))
    };
    let step = |mut r: web_sys::Element, n: usize, down: bool| {
        for _ in 0..n {
            let next = if down {
                r.next_element_sibling()
            } else {
                r.previous_element_sibling()
            };
            match next {
                Some(x) => r = x,
                None => break,
            }
        }
        r
    };
    let body = row.parent_element()?;
    match key {
        "ArrowLeft" => items.into_iter().nth(col.checked_sub(1)?),
        "ArrowRight" => items.into_iter().nth(col + 1),
        "Home" if ctrl => in_row(&body.first_element_child()?, 0),
        "End" if ctrl => in_row(&body.last_element_child()?, usize::MAX),
        "Home" => items.into_iter().next(),
        "End" => items.into_iter().nth(last),
        "ArrowUp" => in_row(&row.previous_element_sibling()?, col),
        "ArrowDown" => in_row(&row.next_element_sibling()?, col),
        "PageUp" => in_row(&step(row, 10, false), col),
        "PageDown" => in_row(&step(row, 10, true), col),
        _ => None,
    }
}

/// Keeps one way into the grid with Tab: if no item holds the tab stop, the first one does.
fn ensure_tab_stop(body: &web_sys::HtmlElement) {
    if let Ok(None) = body.query_selector("[data-nav][tabindex=\"0\"]") {
        if let Ok(Some(first)) = body.query_selector("[data-nav]") {
            let _ = first.set_attribute("tabindex", "0");
        }
    }
}

/// Focuses a product's cell once the table has redrawn its row (an edit makes a new revision,
/// so the row is a new element).
fn focus_cell_later(id: &str, field: Field) {
    let sel = format!("tr[data-id=\"{id}\"] td[data-field=\"{}\"]", field.key());
    let _ = set_timeout_with_handle(
        move || {
            let cell = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(&sel).ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(cell) = cell {
                let _ = cell.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The column name of a field: the editor's accessible name.
fn field_label(l: Locale, field: Field) -> String {
    match field {
        Field::Sku => td_string!(l, common.col_sku),
        Field::ItemId => td_string!(l, common.col_item_id),
        Field::Title => td_string!(l, common.col_title),
        Field::Category => td_string!(l, common.col_category),
        Field::ListPrice => td_string!(l, common.col_price),
        Field::Cost => td_string!(l, common.col_cost),
        Field::Stock => td_string!(l, common.col_stock),
        Field::Status => td_string!(l, common.col_status),
        Field::Role => td_string!(l, products.col_role),
        Field::Keywords => td_string!(l, products.col_keywords),
        Field::Tags => td_string!(l, products.col_tags),
    }
    .to_string()
}
