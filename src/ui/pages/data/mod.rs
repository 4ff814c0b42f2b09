//! Data view: export the workspace as a plan file, import one (button or drag-and-drop) with a
//! preview of what would change, side-by-side conflicts, merge or a confirmed "replace
//! everything". Nothing changes until the user applies; an import is one undo step.

use crate::core::format::{date_time, yuan};
use crate::core::merge::{plan_merge, MergePlan, Pick};
use crate::formats::plan_file::{self, PlanError, PlanFile, Scope};
use crate::i18n::*;
use crate::model::{AnyRecord, Record};
use crate::ui::state::{now_ms, AppState};
use crate::ui::text;
use crate::ui::widgets::download::{download_text, read_file};
use crate::ui::widgets::file_drop::FileDrop;
use leptos::prelude::*;
use std::collections::HashMap;

mod metrics;
mod runs;

#[derive(Clone)]
struct Preview {
    file_name: String,
    file: PlanFile,
    plan: MergePlan<AnyRecord>,
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let preview = RwSignal::new(None::<Preview>);
    let error = RwSignal::new(None::<PlanError>);
    let applied = RwSignal::new(None::<String>);
    let picks = RwSignal::new(HashMap::<String, Pick>::new());
    let confirm_replace = RwSignal::new(false);

    let export_all = move |_| {
        let now = now_ms();
        let text = state
            .ws
            .with_untracked(|ws| plan_file::export(ws, None, now));
        let name = state
            .ws
            .with_untracked(|ws| plan_file::file_name(&ws.profile.name, now));
        download_text(&name, &text, "application/json");
    };

    let take_file = move |file: web_sys::File| {
        applied.set(None);
        error.set(None);
        preview.set(None);
        confirm_replace.set(false);
        let name = file.name();
        // Refuse huge files before reading them into memory.
        if file.size() > plan_file::MAX_FILE_BYTES as f64 {
            error.set(Some(PlanError::TooLarge {
                bytes: file.size() as usize,
                limit: plan_file::MAX_FILE_BYTES,
            }));
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(bytes) = read_file(&file).await else {
                error.set(Some(PlanError::NotText));
                return;
            };
            match plan_file::parse(&bytes) {
                Ok(f) => {
                    let plan = state
                        .ws
                        .with_untracked(|ws| plan_merge(&ws.all_records(), &f.all_records()));
                    picks.set(HashMap::new());
                    preview.set(Some(Preview {
                        file_name: name,
                        file: f,
                        plan,
                    }));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let apply_merge = move |_| {
        if let Some(p) = preview.get_untracked() {
            let picks = picks.get_untracked();
            state.apply_merge(&p.plan, &picks, p.file.profile.clone());
            let n = p.plan.added.len() + p.plan.updated.len() + p.plan.deleted.len() + picks.len();
            applied.set(Some(
                td_string!(i18n.get_locale_untracked(), data.import_done, n = n).to_string(),
            ));
            preview.set(None);
        }
    };
    let apply_replace = move |_| {
        if let Some(p) = preview.get_untracked() {
            state.replace_all(&p.file);
            applied.set(Some(t_string!(i18n, data.replace_done).to_string()));
            preview.set(None);
            confirm_replace.set(false);
        }
    };
    let pick_all = move |pick: Pick| {
        if let Some(p) = preview.get_untracked() {
            picks.set(
                p.plan
                    .conflicts
                    .iter()
                    .map(|c| (c.mine.id().to_string(), pick))
                    .collect(),
            );
        }
    };

    view! {
        <section class="page data" data-testid="page-data">
            <h1>{tr!(common.nav_data)}</h1>
            <metrics::MetricsImport/>
            <runs::ImportedRuns/>
            <div class="panel">
                <h2>{tr!(data.export_title)}</h2>
                <p class="muted">{tr!(data.export_hint)}</p>
                <button class="btn primary" data-testid="export-all" on:click=export_all>{tr!(data.export_workspace)}</button>
            </div>
            <div class="panel">
                <h2>{tr!(data.import_title)}</h2>
                <FileDrop accept=".json,application/json" zone_testid="dropzone" input_testid="import-file"
                    hint=tr!(data.import_drop_hint) on_file=take_file/>
                {move || error.get().map(|e| {
                    let l = i18n.get_locale();
                    let details = match &e {
                        PlanError::Invalid(errs) => errs.iter().map(|fe| view! { <li>{text::field_error(l, fe)}</li> }).collect_view().into_any(),
                        _ => ().into_any(),
                    };
                    view! {
                        <div class="banner error" role="alert" data-testid="import-error">
                            <div>{text::plan_error(l, &e)}</div>
                            <ul class="field-errors">{details}</ul>
                            <div class="muted">{tr!(data.import_nothing_changed)}</div>
                        </div>
                    }
                })}
                {move || applied.get().map(|m| view! { <div class="banner ok" data-testid="import-done">{m}</div> })}
                {move || preview.get().map(|p| {
                    let l = i18n.get_locale();
                    let plan = p.plan.clone();
                    let count = |n: usize, key: &'static str, label: String| view! {
                        <div class="tile" data-testid=key><div class="tile-value">{n}</div><div class="tile-label">{label}</div></div>
                    };
                    let conflicts = plan.conflicts.clone();
                    let has_conflicts = !conflicts.is_empty();
                    let noop = plan.is_noop();
                    view! {
                        <div class="preview" data-testid="import-preview">
                            <p>
                                <strong>{p.file_name.clone()}</strong>
                                " · " {td_string!(l, data.exported_at, when = date_time(p.file.exported_at)).to_string()}
                                " · " {td_string!(l, data.count_products_in_file, n = p.file.products.len()).to_string()}
                                {(!p.file.promotions.is_empty()).then(|| format!(" · {}", td_string!(l, data.count_promotions_in_file, n = p.file.promotions.len())))}
                            </p>
                            <div class="tiles">
                                {count(plan.added.len(), "pv-new", td_string!(l, data.preview_new).to_string())}
                                {count(plan.updated.len(), "pv-updated", td_string!(l, data.preview_updated).to_string())}
                                {count(plan.unchanged, "pv-unchanged", td_string!(l, data.preview_unchanged).to_string())}
                                {count(plan.conflicts.len(), "pv-conflicts", td_string!(l, data.preview_conflicts).to_string())}
                                {count(plan.deleted.len(), "pv-deleted", td_string!(l, data.preview_deleted).to_string())}
                            </div>
                            <Show when=move || noop>
                                <p class="muted" data-testid="pv-noop">{tr!(data.preview_nothing_to_do)}</p>
                            </Show>
                            <Show when=move || has_conflicts>
                                <h3>{tr!(data.conflicts_title)}</h3>
                                <p class="muted">{tr!(data.conflicts_hint)}</p>
                                <div class="row-gap">
                                    <button class="btn" data-testid="keep-all-mine" on:click=move |_| pick_all(Pick::Mine)>{tr!(data.keep_all_mine)}</button>
                                    <button class="btn" data-testid="take-all-theirs" on:click=move |_| pick_all(Pick::Theirs)>{tr!(data.take_all_theirs)}</button>
                                </div>
                            </Show>
                            {conflicts.into_iter().map(|c| {
                                let id = c.mine.id().to_string();
                                let id2 = id.clone();
                                let id3 = id.clone();
                                let id4 = id.clone();
                                let (mine, theirs) = (c.mine.clone(), c.theirs.clone());
                                let side = move |r: &AnyRecord, other: &AnyRecord| conflict_side(l, r, other);
                                view! {
                                    <div class="conflict" data-testid="conflict">
                                        <label class="side-pick" class:picked=move || picks.with(|m| m.get(&id) == Some(&Pick::Mine))>
                                            <input type="radio" name=format!("c-{}", id2) data-testid="pick-mine"
                                                on:change=move |_| picks.update(|m| { m.insert(id2.clone(), Pick::Mine); })/>
                                            <strong>{tr!(data.mine)}</strong>
                                            {side(&mine, &theirs)}
                                        </label>
                                        <label class="side-pick" class:picked=move || picks.with(|m| m.get(&id3) == Some(&Pick::Theirs))>
                                            <input type="radio" name=format!("c-{}", id4) data-testid="pick-theirs"
                                                on:change=move |_| picks.update(|m| { m.insert(id4.clone(), Pick::Theirs); })/>
                                            <strong>{tr!(data.theirs)}</strong>
                                            {side(&theirs, &mine)}
                                        </label>
                                    </div>
                                }
                            }).collect_view()}
                            <div class="row-gap">
                                <button class="btn primary" data-testid="apply-merge" disabled=noop on:click=apply_merge>{tr!(data.apply_merge)}</button>
                                <button class="btn ghost" data-testid="cancel-import" on:click=move |_| preview.set(None)>{tr!(common.cancel)}</button>
                                <span class="spacer"></span>
                                {(p.file.scope == Scope::Workspace).then(|| view! {
                                    <Show when=move || !confirm_replace.get()
                                        fallback=move || view! {
                                            <span class="confirm">
                                                {tr!(data.replace_confirm)}
                                                <button class="btn danger" data-testid="confirm-replace" on:click=apply_replace>{tr!(data.replace_yes)}</button>
                                                <button class="btn ghost" on:click=move |_| confirm_replace.set(false)>{tr!(common.cancel)}</button>
                                            </span>
                                        }>
                                        <button class="btn danger ghost" data-testid="replace-all" on:click=move |_| confirm_replace.set(true)>{tr!(data.replace_everything)}</button>
                                    </Show>
                                })}
                                {(p.file.scope != Scope::Workspace).then(|| view! {
                                    <span class="muted" data-testid="replace-scoped">{tr!(data.replace_scoped_note)}</span>
                                })}
                            </div>
                        </div>
                    }
                })}
            </div>
        </section>
    }
}

/// One side of a conflict: the fields people edit, those that differ from the other side marked.
fn conflict_side(l: Locale, r: &AnyRecord, other: &AnyRecord) -> AnyView {
    let deleted = if r.meta().deleted {
        format!(" ({})", td_string!(l, data.deleted_mark))
    } else {
        String::new()
    };
    let edited = date_time(r.meta().updated);
    match (r, other) {
        (AnyRecord::Product(p), AnyRecord::Product(o)) => {
            let d = [
                p.title != o.title,
                p.list_price != o.list_price,
                p.cost != o.cost,
                p.stock != o.stock,
                p.status != o.status || p.meta.deleted != o.meta.deleted,
            ];
            view! {
                <dl class="side">
                    <dt>{tr!(common.col_title)}</dt><dd class:diff=d[0]>{p.title.clone()}</dd>
                    <dt>{tr!(common.col_price)}</dt><dd class:diff=d[1]>{yuan(p.list_price)}</dd>
                    <dt>{tr!(common.col_cost)}</dt><dd class:diff=d[2]>{yuan(p.cost)}</dd>
                    <dt>{tr!(common.col_stock)}</dt><dd class:diff=d[3]>{p.stock}</dd>
                    <dt>{tr!(common.col_status)}</dt><dd class:diff=d[4]>{text::status(l, p.status)}{deleted}</dd>
                    <dt>{tr!(data.edited_at)}</dt><dd>{edited}</dd>
                </dl>
            }
            .into_any()
        }
        (AnyRecord::Promotion(p), AnyRecord::Promotion(o)) => {
            let d = [
                p.name != o.name,
                p.rule != o.rule || p.items != o.items,
                p.phases != o.phases,
                p.status != o.status || p.meta.deleted != o.meta.deleted,
                p.budget != o.budget || p.target_gmv != o.target_gmv,
            ];
            view! {
                <dl class="side">
                    <dt>{tr!(common.promotions_name)}</dt><dd class:diff=d[0]>{p.name.clone()}</dd>
                    <dt>{tr!(common.promotions_tool)}</dt><dd class:diff=d[1]>{text::promo_tool(l, &p.rule)}" · "{td_string!(l, data.count_items, n = p.items.len()).to_string()}</dd>
                    <dt>{tr!(common.promotions_dates)}</dt><dd class:diff=d[2]>{format!("{} – {}", p.phases.main.start, p.phases.main.end)}</dd>
                    <dt>{tr!(common.col_status)}</dt><dd class:diff=d[3]>{text::promo_status(l, p.status)}{deleted}</dd>
                    <dt>{tr!(common.promotions_budget)}</dt><dd class:diff=d[4]>{yuan(p.budget)}" / "{yuan(p.target_gmv)}</dd>
                    <dt>{tr!(data.edited_at)}</dt><dd>{edited}</dd>
                </dl>
            }
            .into_any()
        }
        (AnyRecord::Task(t), AnyRecord::Task(o)) => {
            let d = [
                t.title != o.title,
                t.status != o.status || t.meta.deleted != o.meta.deleted,
                t.due != o.due,
                t.owner != o.owner,
            ];
            let status = match t.status {
                crate::model::TaskStatus::Todo => td_string!(l, common.tasks_st_todo),
                crate::model::TaskStatus::Doing => td_string!(l, common.tasks_st_doing),
                crate::model::TaskStatus::Blocked => td_string!(l, common.tasks_st_blocked),
                crate::model::TaskStatus::Done => td_string!(l, common.tasks_st_done),
            };
            let owner = use_context::<crate::ui::state::AppState>()
                .and_then(|s| {
                    s.ws.with_untracked(|ws| {
                        ws.get::<crate::model::Member>(&t.owner)
                            .map(|m| m.name.clone())
                    })
                })
                .unwrap_or_else(|| t.owner.clone());
            view! {
                <dl class="side">
                    <dt>{tr!(common.tasks_f_title)}</dt><dd class:diff=d[0]>{t.title.clone()}</dd>
                    <dt>{tr!(common.tasks_f_status)}</dt><dd class:diff=d[1]>{status}{deleted}</dd>
                    <dt>{tr!(common.tasks_f_due)}</dt><dd class:diff=d[2]>{t.due.map(|d| d.to_string()).unwrap_or_default()}</dd>
                    <dt>{tr!(common.tasks_f_owner)}</dt><dd class:diff=d[3]>{owner}</dd>
                    <dt>{tr!(data.edited_at)}</dt><dd>{edited}</dd>
                </dl>
            }
            .into_any()
        }
        _ => view! {
            <dl class="side">
                <dt>{tr!(common.promotions_name)}</dt><dd>{r.label().to_string()}{deleted}</dd>
                <dt>{tr!(data.edited_at)}</dt><dd>{edited}</dd>
            </dl>
        }
        .into_any(),
    }
}
