//! Data view, imported days: the stored rows as runs of consecutive days per kind (store totals,
//! products, ads), each with a delete that asks first and can be undone (the rows removed are
//! kept until the next delete and put back by "Undo delete").

use crate::core::format::group_thousands;
use crate::core::metrics::period::ymd;
use crate::core::metrics::store::{FactKind, ImportedRun, MetricsBatch};
use crate::i18n::*;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Runs listed at most (sparse imports can make many).
const MAX_RUNS: usize = 100;

fn kind_name(l: Locale, k: FactKind) -> &'static str {
    match k {
        FactKind::Store => td_string!(l, data.runs_kind_store),
        FactKind::Products => td_string!(l, data.runs_kind_products),
        FactKind::Ads => td_string!(l, data.runs_kind_ads),
    }
}

#[component]
pub(super) fn ImportedRuns() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let runs = Memo::new(move |_| state.metrics.with(|m| m.imported_runs()));
    let confirm = RwSignal::new(None::<ImportedRun>);
    // the rows deleted last, and how many rows were stored right after: an undo puts them back
    // only if nothing was imported or deleted since (else it could overwrite newer figures)
    let removed = StoredValue::new(None::<(MetricsBatch, usize)>);
    let deleted = RwSignal::new(None::<ImportedRun>);
    let stale = RwSignal::new(false);
    let rows_now = move || {
        state
            .metrics
            .with_untracked(|m| m.store_days().len() + m.product_row_count() + m.ads().len())
    };

    let delete = move |r: ImportedRun| {
        let gone = state.remove_metrics(r.kind, r.period);
        removed.set_value(Some((gone, rows_now())));
        confirm.set(None);
        stale.set(false);
        deleted.set(Some(r));
    };
    let undo = move |_| match removed.try_update_value(Option::take).flatten() {
        Some((batch, after)) if after == rows_now() => {
            state.import_metrics(batch);
            deleted.set(None);
        }
        _ => stale.set(true),
    };

    let row = move |r: ImportedRun, l: Locale| {
        let (from, to) = (ymd(r.period.from), ymd(r.period.to));
        let kind = kind_name(l, r.kind);
        let label = td_string!(l, data.runs_delete_label, kind = kind, from = from, to = to);
        // only this cell follows `confirm`, so the table (and the focus) stays
        let action = move || {
            if confirm.get() == Some(r) {
                let yes = NodeRef::<leptos::html::Button>::new();
                Effect::new(move |_| {
                    if let Some(b) = yes.get() {
                        let _ = b.focus();
                    }
                });
                view! {
                    <button class="btn danger small" data-testid="run-confirm" node_ref=yes on:click=move |_| delete(r)>
                        {td_string!(l, data.runs_confirm, rows = group_thousands(r.rows as u64)).to_string()}
                    </button>
                    " "
                    <button class="btn ghost small" data-testid="run-cancel" on:click=move |_| confirm.set(None)>
                        {td_string!(l, data.runs_cancel)}
                    </button>
                }.into_any()
            } else {
                let label = label.clone();
                view! {
                    <button class="btn ghost small" data-testid="run-delete" aria-label=label.clone() title=label
                        on:click=move |_| confirm.set(Some(r))>{td_string!(l, data.runs_delete)}</button>
                }.into_any()
            }
        };
        view! {
            <tr data-testid="run-row" data-kind=format!("{:?}", r.kind)>
                <td>{kind}</td>
                <td>{from.clone()}</td>
                <td>{to.clone()}</td>
                <td class="num">{group_thousands(r.days as u64)}</td>
                <td class="num">{group_thousands(r.rows as u64)}</td>
                <td>{action}</td>
            </tr>
        }
    };

    view! {
        <div class="panel" data-testid="imported-runs">
            <h2>{tr!(data.runs_title)}</h2>
            <p class="muted">{tr!(data.runs_hint)}</p>
            {move || deleted.get().map(|r| {
                let l = i18n.get_locale();
                let text = td_string!(l, data.runs_deleted, kind = kind_name(l, r.kind), from = ymd(r.period.from),
                    to = ymd(r.period.to), rows = group_thousands(r.rows as u64));
                let undo_btn = NodeRef::<leptos::html::Button>::new();
                Effect::new(move |_| {
                    if let Some(b) = undo_btn.get() {
                        let _ = b.focus();
                    }
                });
                view! {
                    <div class="banner ok" role="status" data-testid="runs-deleted">
                        {text}" "
                        <button class="btn small" data-testid="runs-undo" node_ref=undo_btn on:click=undo>{td_string!(l, data.runs_undo)}</button>
                        {move || stale.get().then(|| view! {
                            <p class="error" role="alert" data-testid="runs-undo-stale">{td_string!(i18n.get_locale(), data.runs_undo_stale)}</p>
                        })}
                    </div>
                }
            })}
            {move || {
                let l = i18n.get_locale();
                let all = runs.get();
                if all.is_empty() {
                    return view! { <p class="muted" data-testid="runs-none">{td_string!(l, data.runs_none)}</p> }.into_any();
                }
                let more = all.len().saturating_sub(MAX_RUNS);
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, data.runs_title)>
                        <table class="grid compact" data-testid="runs-table">
                            <caption>{td_string!(l, data.runs_title)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(l, data.runs_col_kind)}</th>
                                <th scope="col">{td_string!(l, data.runs_col_from)}</th>
                                <th scope="col">{td_string!(l, data.runs_col_to)}</th>
                                <th scope="col" class="num">{td_string!(l, data.runs_col_days)}</th>
                                <th scope="col" class="num">{td_string!(l, data.runs_col_rows)}</th>
                                <th scope="col">{td_string!(l, data.runs_col_action)}</th>
                            </tr></thead>
                            <tbody>{all.into_iter().take(MAX_RUNS).map(|r| row(r, l)).collect_view()}</tbody>
                        </table>
                    </div>
                    {(more > 0).then(|| view! { <p class="muted">{td_string!(l, data.runs_more, n = more).to_string()}</p> })}
                }.into_any()
            }}
        </div>
    }
}
