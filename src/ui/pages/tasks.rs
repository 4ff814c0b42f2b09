//! Tasks (issue 16, first slice): Today for "me" (overdue first), tasks proposed from
//! registration deadlines (accept / dismiss), the task form (create / edit), every task by
//! status (tick off, edit, delete), the team and the recurring templates. The rules are in
//! `core::tasks`; "me" is a browser preference (`Prefs::me`).

use crate::core::tasks::{self as core_tasks, InputError, TaskInput};
use crate::i18n::*;
use crate::model::task::ROLE_KEYS;
use crate::model::{
    Freq, Kind, LinkKind, Member, Meta, Priority, Record, Task, TaskStatus, TaskTemplate,
};
use crate::ui::state::{new_id, now_ms, today_date, AppState};
use leptos::prelude::*;
use std::collections::HashMap;

fn status_text(l: Locale, s: TaskStatus) -> String {
    crate::ui::text::task_status(l, s).to_string()
}

fn prio_text(l: Locale, p: Priority) -> String {
    match p {
        Priority::High => td_string!(l, tasks.pr_high),
        Priority::Normal => td_string!(l, tasks.pr_normal),
        Priority::Low => td_string!(l, tasks.pr_low),
    }
    .to_string()
}

fn link_kind_text(l: Locale, k: LinkKind) -> String {
    match k {
        LinkKind::Product => td_string!(l, tasks.link_product),
        LinkKind::Promotion => td_string!(l, tasks.link_promotion),
        LinkKind::Event => td_string!(l, tasks.link_event),
        LinkKind::Plan => td_string!(l, tasks.link_plan),
    }
    .to_string()
}

fn freq_text(l: Locale, f: Freq) -> String {
    match f {
        Freq::Daily => td_string!(l, tasks.freq_daily),
        Freq::Weekly => td_string!(l, tasks.freq_weekly),
        Freq::Monthly => td_string!(l, tasks.freq_monthly),
    }
    .to_string()
}

fn schedule_text(l: Locale, t: &TaskTemplate) -> String {
    match t.freq {
        Freq::Daily => freq_text(l, Freq::Daily),
        Freq::Weekly => {
            let names = td_string!(l, tasks.weekdays).to_string();
            let d = names
                .split(' ')
                .nth(usize::from(t.day.saturating_sub(1)))
                .unwrap_or("?")
                .to_string();
            td_string!(l, tasks.weekday, d = d).to_string()
        }
        Freq::Monthly => td_string!(l, tasks.monthday, d = t.day).to_string(),
    }
}

fn err_text(l: Locale, e: InputError, due: &str) -> String {
    match e {
        InputError::EmptyTitle => td_string!(l, tasks.err_title).to_string(),
        InputError::TitleTooLong => td_string!(l, tasks.err_title_long).to_string(),
        InputError::BadDate => {
            td_string!(l, tasks.err_date, v = due.trim().to_string()).to_string()
        }
        InputError::NoReason => td_string!(l, tasks.err_reason).to_string(),
        InputError::ReasonTooLong => td_string!(l, tasks.err_reason_long).to_string(),
        InputError::NotesTooLong => td_string!(l, tasks.err_notes).to_string(),
        InputError::EmptyName | InputError::NameTooLong => {
            td_string!(l, tasks.err_name).to_string()
        }
        InputError::RoleTooLong => td_string!(l, tasks.err_role).to_string(),
        InputError::BadDay => td_string!(l, tasks.err_day).to_string(),
        InputError::BadTime => td_string!(l, tasks.err_time).to_string(),
        InputError::TimeWithoutDay => td_string!(l, tasks.err_time_day).to_string(),
        InputError::ChecklistTooLong => td_string!(l, tasks.err_checklist).to_string(),
    }
}

/// The task form's fields (as typed) and what it is editing.
#[derive(Clone, Copy)]
struct Form {
    editing: RwSignal<Option<String>>,
    title: RwSignal<String>,
    owner: RwSignal<String>,
    due: RwSignal<String>,
    status: RwSignal<String>,
    reason: RwSignal<String>,
    priority: RwSignal<String>,
    notes: RwSignal<String>,
    link: RwSignal<String>,
    time: RwSignal<String>,
    checklist: RwSignal<String>,
    err: RwSignal<Option<String>>,
}

impl Form {
    fn new() -> Form {
        Form {
            editing: RwSignal::new(None),
            title: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            due: RwSignal::new(String::new()),
            status: RwSignal::new("todo".into()),
            reason: RwSignal::new(String::new()),
            priority: RwSignal::new("normal".into()),
            notes: RwSignal::new(String::new()),
            link: RwSignal::new(String::new()),
            time: RwSignal::new(String::new()),
            checklist: RwSignal::new(String::new()),
            err: RwSignal::new(None),
        }
    }
    fn clear(&self) {
        self.editing.set(None);
        self.title.set(String::new());
        self.owner.set(String::new());
        self.due.set(String::new());
        self.status.set("todo".into());
        self.reason.set(String::new());
        self.priority.set("normal".into());
        self.notes.set(String::new());
        self.link.set(String::new());
        self.time.set(String::new());
        self.checklist.set(String::new());
        self.err.set(None);
    }
    fn load(&self, t: &Task) {
        self.editing.set(Some(t.meta.id.clone()));
        self.title.set(t.title.clone());
        self.owner.set(t.owner.clone());
        self.due
            .set(t.due.map(|d| d.to_string()).unwrap_or_default());
        self.status.set(t.status.key().into());
        self.reason.set(t.blocked_reason.clone());
        self.priority.set(t.priority.key().into());
        self.notes.set(t.notes.clone());
        self.link.set(
            t.link
                .as_ref()
                .map(|k| format!("{}:{}", k.kind.key(), k.id))
                .unwrap_or_default(),
        );
        self.time.set(t.due_time.clone());
        self.checklist.set(
            t.checklist
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        self.err.set(None);
    }
    fn input(&self) -> TaskInput {
        TaskInput {
            title: self.title.get_untracked(),
            owner: self.owner.get_untracked(),
            due: self.due.get_untracked(),
            status: self.status.get_untracked(),
            reason: self.reason.get_untracked(),
            priority: self.priority.get_untracked(),
            notes: self.notes.get_untracked(),
            link: self.link.get_untracked(),
            time: self.time.get_untracked(),
            checklist: self.checklist.get_untracked(),
        }
    }
}

fn me_and_role(state: AppState) -> (String, String) {
    let me = state.prefs.with(|p| p.me.clone());
    let role = state.ws.with(|ws| {
        ws.get::<Member>(&me)
            .filter(|m| !m.meta.deleted)
            .map(|m| m.role.clone())
            .unwrap_or_default()
    });
    (me, role)
}

fn member_names(state: AppState) -> HashMap<String, String> {
    state.ws.with(|ws| {
        ws.live::<Member>()
            .map(|m| (m.meta.id.clone(), m.name.clone()))
            .collect()
    })
}

/// The label of what a task links to (its name, or the kind when it is gone).
fn link_label(state: AppState, l: Locale, t: &Task) -> Option<String> {
    let k = t.link.as_ref()?;
    let name = state.ws.with_untracked(|ws| match k.kind {
        LinkKind::Product => ws.product(&k.id).map(|p| p.title.clone()),
        LinkKind::Promotion => ws.promotion(&k.id).map(|p| p.name.clone()),
        LinkKind::Event => ws.event(&k.id).map(|e| e.name.clone()),
        LinkKind::Plan => ws
            .get::<crate::model::TargetPlan>(&k.id)
            .map(|p| format!("{} {}", p.year, p.name))
            .or_else(|| {
                ws.get::<crate::model::HeroPlan>(&k.id)
                    .map(|h| h.name.clone())
            }),
    });
    Some(format!(
        "{}: {}",
        link_kind_text(l, k.kind),
        name.unwrap_or_else(|| k.id.clone())
    ))
}

fn task_row(
    state: AppState,
    form: Form,
    l: Locale,
    t: &Task,
    names: &HashMap<String, String>,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let id = t.meta.id.clone();
    let (id_done, id_edit, id_del) = (id.clone(), id.clone(), id.clone());
    let done = t.status == TaskStatus::Done;
    let overdue = !done && t.due.is_some_and(|d| d < today);
    let owner = if t.owner.is_empty() {
        if t.role.is_empty() {
            td_string!(l, tasks.unassigned).to_string()
        } else {
            crate::ui::text::member_role(l, &t.role)
        }
    } else {
        names
            .get(&t.owner)
            .cloned()
            .unwrap_or_else(|| td_string!(l, tasks.unassigned).to_string())
    };
    let title = t.title.clone();
    let due = t.due.map(|d| {
        let when = if t.due_time.is_empty() {
            d.to_string()
        } else {
            format!("{d} {}", t.due_time)
        };
        td_string!(l, tasks.due_on, d = when).to_string()
    });
    let checks = (!t.checklist.is_empty()).then(|| {
        let n = t.checklist.len();
        let k = t.checklist.iter().filter(|c| c.done).count();
        let items = t
            .checklist
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let id = id.clone();
                let label = c.text.clone();
                view! {
                    <li><label><input type="checkbox" data-testid="task-check-item" prop:checked=c.done
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            state.edit::<Task>(&id, move |t| {
                                if let Some(x) = t.checklist.get_mut(i) {
                                    x.done = on;
                                }
                            });
                        }/>" "{label}</label></li>
                }
            })
            .collect_view();
        view! {
            <span class="muted" data-testid="task-checklist-count">{td_string!(l, tasks.checklist_count, k = k, n = n).to_string()}</span>
            <ul class="task-checklist" data-testid="task-checklist">{items}</ul>
        }
    });
    let reason = (t.status == TaskStatus::Blocked)
        .then(|| td_string!(l, tasks.blocked_because, r = t.blocked_reason.clone()).to_string());
    let link = link_label(state, l, t);
    view! {
        <li class="task-row" class:done=done class:overdue=overdue data-testid="task-row" data-id=id.clone() data-status=t.status.key() tabindex="-1">
            <input type="checkbox" data-testid="task-done" prop:checked=done
                aria-label=td_string!(l, tasks.done_label, t = title.clone()).to_string()
                on:change=move |e| {
                    let on = event_target_checked(&e);
                    state.edit::<Task>(&id_done, |t| {
                        t.status = if on { TaskStatus::Done } else { TaskStatus::Todo };
                        if on { t.blocked_reason.clear(); }
                    });
                }/>
            <span class="task-title" data-testid="task-title">{title.clone()}</span>
            <span class=format!("pill pr-{}", t.priority.key())>{prio_text(l, t.priority)}</span>
            {overdue.then(|| view! { <span class="flag bad" data-testid="task-overdue">{td_string!(l, tasks.overdue)}</span> })}
            <span class="muted">{due}</span>
            <span class="muted" data-testid="task-owner">{owner}</span>
            {link.map(|s| view! { <span class="muted" data-testid="task-link">{s}</span> })}
            {reason.map(|r| view! { <span class="flag" data-testid="task-reason">{r}</span> })}
            {checks}
            <span class="spacer"></span>
            <button type="button" class="btn ghost small" data-testid="task-edit"
                aria-label=td_string!(l, tasks.edit_label, t = title.clone()).to_string()
                on:click=move |_| {
                    if let Some(t) = state.ws.with_untracked(|ws| ws.get::<Task>(&id_edit).cloned()) {
                        form.load(&t);
                    }
                }>{td_string!(l, tasks.edit)}</button>
            <button type="button" class="btn ghost small danger" data-testid="task-delete"
                aria-label=td_string!(l, tasks.delete_label, t = title).to_string()
                on:click=move |_| {
                    state.edit::<Task>(&id_del, |t| t.meta.deleted = true);
                    if form.editing.get_untracked().as_deref() == Some(id_del.as_str()) {
                        form.clear();
                    }
                }>{td_string!(l, tasks.delete)}</button>
        </li>
    }
}

/// Rows put on screen at once when a list opens; the rest follow in batches every other frame,
/// each batch as large as what is already shown (at least [`MIN_BATCH`]), so a long list shows
/// its first screen without waiting for thousands of rows and fills in a few frames (issue 16
/// §6: 5,000 tasks).
const FIRST_ROWS: usize = 40;
const MIN_BATCH: usize = 150;

/// A list of tasks, keyed (a tick re-renders its row only), drawn in batches.
#[component]
fn Rows(
    #[prop(into)] rows: Signal<Vec<Task>>,
    form: Form,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let shown = RwSignal::new(FIRST_ROWS);
    let names = Memo::new(move |_| member_names(state));
    // the next batch two frames on: the one before is painted first
    Effect::new(move |_| {
        let n = rows.with(Vec::len);
        if shown.get() < n {
            request_animation_frame(move || {
                request_animation_frame(move || shown.update(|s| *s += (*s).max(MIN_BATCH)))
            });
        }
    });
    view! {
        <ul class="task-list">
            <For
                each=move || {
                    let l = i18n.get_locale();
                    let k = shown.get();
                    names.with(|names| {
                        rows.with(|v| {
                            v.iter()
                                .take(k)
                                .map(|t| {
                                    let owner = names.get(&t.owner).cloned().unwrap_or_default();
                                    (l, owner, t.clone())
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                }
                key=|(l, owner, t)| (*l, owner.clone(), t.meta.id.clone(), t.meta.rev)
                children=move |(l, _, t)| names.with_untracked(|n| task_row(state, form, l, &t, n, today))
            />
        </ul>
    }
}

/// How the list of every task is grouped: a board by status, open tasks by owner or by week.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupBy {
    Status,
    Owner,
    Week,
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let form = Form::new();
    let group_by = RwSignal::new(GroupBy::Status);
    let today = today_date();
    // templates merged in from a plan file or another tab make their instances here too
    Effect::new(move |_| {
        let n = state.ws.with(|ws| ws.live::<TaskTemplate>().count());
        if n > 0 {
            state.ensure_recurring(today_date());
        }
    });

    // n = new task, j / k = next / previous task, x = done / not done (outside text fields)
    let keys = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        on_task_key(state, &e)
    });
    on_cleanup(move || keys.remove());

    let set_me = move |e: leptos::ev::Event| {
        let v = event_target_value(&e);
        state.edit_prefs(|p| p.me = v);
    };

    view! {
        <section class="page tasks" data-testid="page-tasks">
            <div class="page-head">
                <h1>{tr!(common.nav_tasks)}</h1>
                {move || {
                    let l = i18n.get_locale();
                    let me = state.prefs.with(|p| p.me.clone());
                    let members: Vec<Member> = state.ws.with(|ws| ws.live::<Member>().cloned().collect());
                    view! {
                        <label class="me-pick">{td_string!(l, tasks.me)}" "
                            <select data-testid="tasks-me" on:change=set_me>
                                <option value="" selected=me.is_empty()>{td_string!(l, tasks.me_none)}</option>
                                {members.into_iter().map(|m| {
                                    let sel = m.meta.id == me;
                                    let text = format!("{} · {}", m.name, crate::ui::text::member_role(l, &m.role));
                                    view! { <option value=m.meta.id.clone() selected=sel>{text}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                }}
            </div>
            <p class="muted">{tr!(tasks.intro)}</p>
            <p class="muted small no-print" data-testid="tasks-keys">{tr!(tasks.keys_hint)}" "
                <button type="button" class="btn small" data-testid="tasks-print" on:click=|_| { let _ = window().print(); }>{tr!(common.tasks_print)}</button>
            </p>
            <div class="tasks-top">
                <section class="panel" data-testid="tasks-today">
                    <h2>{tr!(tasks.today_title)}</h2>
                    {move || {
                        let l = i18n.get_locale();
                        if state.prefs.with(|p| p.me.is_empty()) {
                            return view! { <p class="muted" data-testid="tasks-me-hint">{td_string!(l, tasks.me_hint)}</p> }.into_any();
                        }
                        let rows = Memo::new(move |_| {
                            let (me, role) = me_and_role(state);
                            state.ws.with(|ws| core_tasks::today_view(&ws.tasks, &me, &role, today).into_iter().cloned().collect::<Vec<Task>>())
                        });
                        view! {
                            <Show when=move || rows.with(Vec::is_empty)>
                                <p class="muted">{td_string!(l, tasks.today_none)}</p>
                            </Show>
                            <Rows rows=rows form=form today=today/>
                        }.into_any()
                    }}
                </section>
                <Proposals/>
            </div>
            <TaskForm form=form/>
            <section class="panel" data-testid="tasks-by-status">
                <div class="page-head">
                    <h2>{move || match group_by.get() {
                        GroupBy::Owner => t_string!(i18n, tasks.by_owner),
                        GroupBy::Week => t_string!(i18n, tasks.by_week),
                        GroupBy::Status => t_string!(i18n, tasks.by_status),
                    }}</h2>
                    <label class="me-pick no-print">{tr!(tasks.group_by)}" "
                        <select data-testid="tasks-group-by" on:change=move |e| group_by.set(match event_target_value(&e).as_str() {
                            "owner" => GroupBy::Owner,
                            "week" => GroupBy::Week,
                            _ => GroupBy::Status,
                        })>
                            <option value="status" selected=move || group_by.get() == GroupBy::Status>{tr!(tasks.g_status)}</option>
                            <option value="owner" selected=move || group_by.get() == GroupBy::Owner>{tr!(tasks.g_owner)}</option>
                            <option value="week" selected=move || group_by.get() == GroupBy::Week>{tr!(tasks.g_week)}</option>
                        </select>
                    </label>
                </div>
                {move || {
                    let l = i18n.get_locale();
                    let g = group_by.get();
                    let group = move |testid: String, head: Signal<String>, rows: Signal<Vec<Task>>| view! {
                        <div class="task-group" data-testid=testid>
                            <h3>{head}</h3>
                            <Show when=move || rows.with(Vec::is_empty)>
                                <p class="muted">{td_string!(l, tasks.none)}</p>
                            </Show>
                            <Rows rows=rows form=form today=today/>
                        </div>
                    };
                    match g {
                        GroupBy::Status => view! { <div class="task-board" data-testid="tasks-board">{TaskStatus::ALL.into_iter().map(|s| {
                            let rows = Memo::new(move |_| state.ws.with(|ws| core_tasks::by_status(&ws.tasks, s).into_iter().cloned().collect::<Vec<Task>>()));
                            let head = Signal::derive(move || td_string!(l, tasks.status_count, s = status_text(l, s), n = rows.with(Vec::len)).to_string());
                            group(format!("tasks-{}", s.key()), head, rows.into())
                        }).collect_view()}</div> }.into_any(),
                        GroupBy::Owner => state.ws.with(|ws| {
                            let names = member_names(state);
                            let groups = core_tasks::by_owner(&ws.tasks);
                            let none = groups.is_empty().then(|| view! { <p class="muted">{td_string!(l, tasks.open_none)}</p> });
                            let mut named: Vec<(String, String, Vec<Task>)> = groups.into_iter().map(|(o, v)| {
                                let name = if o.is_empty() { td_string!(l, tasks.unassigned).to_string() } else { names.get(&o).cloned().unwrap_or_else(|| td_string!(l, tasks.unassigned).to_string()) };
                                (o, name, v.into_iter().cloned().collect())
                            }).collect();
                            // by name, the unassigned last
                            named.sort_by(|a, b| (a.0.is_empty(), &a.1).cmp(&(b.0.is_empty(), &b.1)));
                            view! { {none} {named.into_iter().map(|(o, name, v)| {
                                let head = td_string!(l, tasks.group_count, g = name, n = v.len()).to_string();
                                group(format!("tasks-owner-{}", if o.is_empty() { "none" } else { o.as_str() }), Signal::stored(head), Signal::stored(v))
                            }).collect_view()} }.into_any()
                        }),
                        GroupBy::Week => state.ws.with(|ws| {
                            let groups = core_tasks::by_week(&ws.tasks);
                            let none = groups.is_empty().then(|| view! { <p class="muted">{td_string!(l, tasks.open_none)}</p> });
                            view! { {none} {groups.into_iter().map(|(w, v)| {
                                let name = match w {
                                    Some(d) => td_string!(l, tasks.week_of, d = d.to_string(), e = (d + chrono::Duration::days(6)).to_string()).to_string(),
                                    None => td_string!(l, tasks.no_due).to_string(),
                                };
                                let head = td_string!(l, tasks.group_count, g = name, n = v.len()).to_string();
                                let v: Vec<Task> = v.into_iter().cloned().collect();
                                group(format!("tasks-week-{}", w.map(|d| d.to_string()).unwrap_or_else(|| "none".into())), Signal::stored(head), Signal::stored(v))
                            }).collect_view()} }.into_any()
                        }),
                    }
                }}
            </section>
            <Team/>
            <Templates/>
        </section>
    }
}

#[component]
fn Proposals() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let today = today_date();
    view! {
        <section class="panel" data-testid="tasks-proposals">
            <h2>{tr!(tasks.proposals_title)}</h2>
            {move || {
                let l = i18n.get_locale();
                let list = state.ws.with(|ws| {
                    core_tasks::proposals(&ws.promotions, &ws.events, &ws.tasks, today, core_tasks::PROPOSE_WITHIN_DAYS)
                });
                if list.is_empty() {
                    return view! { <p class="muted">{td_string!(l, tasks.proposals_none)}</p> }.into_any();
                }
                view! {
                    <ul class="task-list">
                        {list.into_iter().map(|p| {
                            let line = td_string!(l, tasks.proposal_line, date = p.date.to_string(), name = p.source.clone()).to_string();
                            let accept_label = td_string!(l, tasks.accept_label, name = p.source.clone()).to_string();
                            let dismiss_label = td_string!(l, tasks.dismiss_label, name = p.source.clone()).to_string();
                            let (pa, pd) = (p.clone(), p);
                            view! {
                                <li class="task-row" data-testid="proposal">
                                    <span class="task-title">{line}</span>
                                    <span class="spacer"></span>
                                    <button type="button" class="btn primary small" data-testid="proposal-accept" aria-label=accept_label
                                        on:click=move |_| {
                                            let l = i18n.get_locale_untracked();
                                            let title = td_string!(l, tasks.proposal_title, name = pa.source.clone()).to_string();
                                            let me = state.prefs.with_untracked(|p| p.me.clone());
                                            // the promotion's owner (分工) when someone is responsible for it, else me
                                            let owner = state.ws.with_untracked(|ws| core_tasks::default_owner(ws, Some(&pa.link))).unwrap_or(me);
                                            let t = core_tasks::accept(&pa, &title, &owner, now_ms());
                                            state.commit(vec![t.wrap()]);
                                        }>{td_string!(l, tasks.accept)}</button>
                                    <button type="button" class="btn ghost small" data-testid="proposal-dismiss" aria-label=dismiss_label
                                        on:click=move |_| {
                                            state.commit(vec![core_tasks::dismiss(&pd, now_ms()).wrap()]);
                                        }>{td_string!(l, tasks.dismiss)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <SignalProposals/>
        </section>
    }
}

/// The proposal's line and the title of the task it makes, in the user's language.
fn signal_text(l: Locale, p: &core_tasks::SignalProposal) -> (String, String) {
    use core_tasks::Signal;
    let name = p.subject.clone();
    match &p.signal {
        Signal::Stock { out: true, .. } => (
            td_string!(l, tasks.sig_out, name = name.clone()).to_string(),
            td_string!(l, tasks.sig_restock, name = name).to_string(),
        ),
        Signal::Stock { days_of_cover, .. } => (
            td_string!(
                l,
                tasks.sig_cover,
                n = days_of_cover.unwrap_or(0),
                name = name.clone()
            )
            .to_string(),
            td_string!(l, tasks.sig_restock, name = name).to_string(),
        ),
        Signal::Title { issues } => (
            td_string!(l, tasks.sig_title, n = *issues, name = name.clone()).to_string(),
            td_string!(l, tasks.sig_fix_title, name = name).to_string(),
        ),
        Signal::Anomaly { day, metric, up } => {
            let m = crate::ui::widgets::figure::kpi_label(l, metric.kpi());
            let dir = if *up {
                td_string!(l, common.anomaly_up)
            } else {
                td_string!(l, common.anomaly_down)
            };
            let what = format!("{day} {m} {dir}");
            (
                td_string!(l, tasks.sig_anomaly, what = what.clone()).to_string(),
                td_string!(l, tasks.sig_find_cause, what = what).to_string(),
            )
        }
        Signal::PhaseStart { phase, day } => {
            let ph = crate::ui::text::phase_name(l, *phase);
            (
                td_string!(
                    l,
                    tasks.sig_phase,
                    day = day.to_string(),
                    phase = ph,
                    name = name.clone()
                )
                .to_string(),
                td_string!(l, tasks.sig_prepare_phase, phase = ph, name = name).to_string(),
            )
        }
        Signal::PriceGuard { skus } => (
            td_string!(l, tasks.sig_price, n = *skus, name = name.clone()).to_string(),
            td_string!(l, tasks.sig_fix_price, name = name).to_string(),
        ),
        Signal::HeroGate { stage, passed } => {
            let stage = match stage {
                0 => td_string!(l, common.hero_stage_test),
                1 => td_string!(l, common.hero_stage_push),
                2 => td_string!(l, common.hero_stage_burst),
                _ => td_string!(l, common.hero_stage_hold),
            };
            if *passed {
                (
                    td_string!(l, tasks.sig_gate_passed, stage = stage, name = name.clone())
                        .to_string(),
                    td_string!(l, tasks.sig_next_stage, stage = stage, name = name).to_string(),
                )
            } else {
                (
                    td_string!(l, tasks.sig_gate_failed, stage = stage, name = name.clone())
                        .to_string(),
                    td_string!(l, tasks.sig_fix_gate, stage = stage, name = name).to_string(),
                )
            }
        }
    }
}

/// How many proposals from the data are listed (the rest are counted).
const MAX_SIGNALS: usize = 12;

/// Tasks proposed from the data: price-guard flags and 爆款 gates first, then stock-out risks,
/// titles with problems, the latest anomalies.
#[component]
fn SignalProposals() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let today = today_date();
    let list = Memo::new(move |_| {
        state.ws.with(|ws| {
            let rules = crate::core::title::TitleRules {
                limit_bytes: ws.settings.title_limit_bytes,
                whitelist: &ws.settings.title_whitelist,
            };
            let anomaly = crate::core::metrics::anomaly::AnomalySettings {
                threshold_pct: f64::from(ws.settings.anomaly_threshold_pct),
                ..Default::default()
            };
            state.metrics.with(|m| {
                // money at risk and 爆款 gates first, then stock, titles and anomalies
                let mut v = core_tasks::plan_proposals(ws, m, today);
                v.extend(core_tasks::signal_proposals(
                    &ws.products,
                    &rules,
                    m,
                    &anomaly,
                    &ws.tasks,
                    today,
                ));
                v
            })
        })
    });
    view! {
        <h3 class="sig-title">{tr!(tasks.signals_title)}</h3>
        {move || {
            let l = i18n.get_locale();
            list.with(|list| {
                if list.is_empty() {
                    return view! { <p class="muted" data-testid="signals-none">{td_string!(l, tasks.signals_none)}</p> }.into_any();
                }
                let more = list.len().saturating_sub(MAX_SIGNALS);
                view! {
                    <ul class="task-list" data-testid="signal-proposals">
                        {list.iter().take(MAX_SIGNALS).cloned().map(|p| {
                            let (line, title) = signal_text(l, &p);
                            let accept_label = td_string!(l, tasks.accept_label, name = line.clone()).to_string();
                            let dismiss_label = td_string!(l, tasks.dismiss_label, name = line.clone()).to_string();
                            let pd = p.clone();
                            view! {
                                <li class="task-row" data-testid="signal-proposal">
                                    <span class="task-title">{line}</span>
                                    <span class="spacer"></span>
                                    <button type="button" class="btn primary small" data-testid="signal-accept" aria-label=accept_label
                                        on:click=move |_| {
                                            let me = state.prefs.with_untracked(|p| p.me.clone());
                                            let owner = state.ws.with_untracked(|ws| core_tasks::default_owner(ws, p.link.as_ref())).unwrap_or(me);
                                            let t = core_tasks::accept_signal(&p, &title, &owner, today_date(), now_ms());
                                            state.commit(vec![t.wrap()]);
                                        }>{td_string!(l, tasks.accept)}</button>
                                    <button type="button" class="btn ghost small" data-testid="signal-dismiss" aria-label=dismiss_label
                                        on:click=move |_| {
                                            state.commit(vec![core_tasks::dismiss_signal(&pd, now_ms()).wrap()]);
                                        }>{td_string!(l, tasks.dismiss)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(more > 0).then(|| view! { <p class="muted" data-testid="signals-more">{td_string!(l, tasks.signals_more, n = more).to_string()}</p> })}
                }.into_any()
            })
        }}
    }
}

#[component]
fn TaskForm(form: Form) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let saved = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = i18n.get_locale_untracked();
        let input = form.input();
        saved.set(false);
        let now = now_ms();
        match form.editing.get_untracked() {
            Some(id) => {
                let Some(mut t) = state
                    .ws
                    .with_untracked(|ws| ws.get::<Task>(&id).filter(|t| !t.meta.deleted).cloned())
                else {
                    form.err
                        .set(Some(td_string!(l, tasks.err_gone).to_string()));
                    return;
                };
                if let Err(e) = core_tasks::apply_input(&mut t, &input) {
                    form.err.set(Some(err_text(l, e, &input.due)));
                    return;
                }
                state.edit::<Task>(&id, move |x| *x = t);
            }
            None => {
                let id = new_id();
                let mut t = Task::new(id.clone(), String::new(), now);
                if let Err(e) = core_tasks::apply_input(&mut t, &input) {
                    form.err.set(Some(err_text(l, e, &input.due)));
                    return;
                }
                t.meta = Meta::new(id, now);
                t.bump(now);
                state.commit(vec![t.wrap()]);
            }
        }
        form.clear();
        saved.set(true);
    };
    let text_input = move |sig: RwSignal<String>, testid: &'static str, max: &'static str| {
        view! {
            <input type="text" data-testid=testid maxlength=max prop:value=move || sig.get()
                on:input=move |e| sig.set(event_target_value(&e))/>
        }
    };
    view! {
        <form class="panel form task-form" data-testid="task-form" on:submit=on_submit>
            <h2>{move || if form.editing.with(Option::is_some) { t_string!(i18n, tasks.edit_title) } else { t_string!(i18n, tasks.new) }}</h2>
            <div class="form-grid">
                <label class="wide">{tr!(common.tasks_f_title)}{text_input(form.title, "task-title-input", "300")}</label>
                <label>{tr!(common.tasks_f_owner)}
                    {move || {
                        let l = i18n.get_locale();
                        let cur = form.owner.get();
                        let members: Vec<Member> = state.ws.with(|ws| ws.live::<Member>().cloned().collect());
                        view! {
                            <select data-testid="task-owner-input" on:change=move |e| form.owner.set(event_target_value(&e))>
                                <option value="" selected=cur.is_empty()>{td_string!(l, tasks.unassigned)}</option>
                                {members.into_iter().map(|m| {
                                    let sel = m.meta.id == cur;
                                    view! { <option value=m.meta.id.clone() selected=sel>{m.name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    }}
                </label>
                <label>{tr!(common.tasks_f_due)}
                    <input type="text" data-testid="task-due-input" placeholder="YYYY-MM-DD" maxlength="20" inputmode="numeric"
                        prop:value=move || form.due.get() on:input=move |e| form.due.set(event_target_value(&e))/>
                </label>
                <label>{tr!(tasks.f_time)}
                    <input type="text" data-testid="task-time-input" placeholder="HH:MM" maxlength="5" inputmode="numeric"
                        prop:value=move || form.time.get() on:input=move |e| form.time.set(event_target_value(&e))/>
                </label>
                <label>{tr!(common.tasks_f_status)}
                    {move || {
                        let l = i18n.get_locale();
                        let cur = form.status.get();
                        view! {
                            <select data-testid="task-status-input" on:change=move |e| form.status.set(event_target_value(&e))>
                                {TaskStatus::ALL.into_iter().map(|s| view! {
                                    <option value=s.key() selected=cur == s.key()>{status_text(l, s)}</option>
                                }).collect_view()}
                            </select>
                        }
                    }}
                </label>
                <Show when=move || form.status.with(|s| s == "blocked")>
                    <label>{tr!(tasks.f_reason)}{text_input(form.reason, "task-reason-input", "200")}</label>
                </Show>
                <label>{tr!(tasks.f_priority)}
                    {move || {
                        let l = i18n.get_locale();
                        let cur = form.priority.get();
                        view! {
                            <select data-testid="task-priority-input" on:change=move |e| form.priority.set(event_target_value(&e))>
                                {Priority::ALL.into_iter().map(|p| view! {
                                    <option value=p.key() selected=cur == p.key()>{prio_text(l, p)}</option>
                                }).collect_view()}
                            </select>
                        }
                    }}
                </label>
                <label>{tr!(tasks.f_link)}
                    {move || {
                        let l = i18n.get_locale();
                        let cur = form.link.get();
                        let opts: Vec<(String, String)> = state.ws.with(|ws| {
                            let mut v = Vec::new();
                            for p in ws.live_promotions() {
                                v.push((format!("promotion:{}", p.meta.id), format!("{}: {}", link_kind_text(l, LinkKind::Promotion), p.name)));
                            }
                            for e in ws.live_events() {
                                v.push((format!("event:{}", e.meta.id), format!("{}: {}", link_kind_text(l, LinkKind::Event), e.name)));
                            }
                            for p in ws.live::<crate::model::TargetPlan>() {
                                v.push((format!("plan:{}", p.meta.id), format!("{}: {} {}", link_kind_text(l, LinkKind::Plan), p.year, p.name)));
                            }
                            for h in ws.live::<crate::model::HeroPlan>() {
                                v.push((format!("plan:{}", h.meta.id), format!("{}: {}", link_kind_text(l, LinkKind::Plan), h.name)));
                            }
                            for p in ws.live_products() {
                                let name = if p.title.is_empty() { p.sku.clone() } else { p.title.clone() };
                                v.push((format!("product:{}", p.meta.id), format!("{}: {}", link_kind_text(l, LinkKind::Product), name)));
                            }
                            v
                        });
                        view! {
                            <select data-testid="task-link-input" on:change=move |e| form.link.set(event_target_value(&e))>
                                <option value="" selected=cur.is_empty()>{td_string!(l, tasks.f_link_none)}</option>
                                {opts.into_iter().map(|(v, t)| {
                                    let sel = v == cur;
                                    view! { <option value=v selected=sel>{t}</option> }
                                }).collect_view()}
                            </select>
                        }
                    }}
                </label>
                <label class="wide">{tr!(tasks.f_checklist)}
                    <textarea data-testid="task-checklist-input" maxlength="10000" rows="3" placeholder=tr!(tasks.f_checklist_ph)
                        prop:value=move || form.checklist.get() on:input=move |e| form.checklist.set(event_target_value(&e))></textarea>
                </label>
                <label class="wide">{tr!(common.col_notes)}
                    <textarea data-testid="task-notes-input" maxlength="5000" rows="2" prop:value=move || form.notes.get()
                        on:input=move |e| form.notes.set(event_target_value(&e))></textarea>
                </label>
            </div>
            {move || form.err.get().map(|m| view! { <div class="banner error" role="alert" data-testid="task-error">{m}</div> })}
            {move || saved.get().then(|| view! { <p class="muted" role="status" data-testid="task-saved">{t_string!(i18n, tasks.saved)}</p> })}
            <div class="row-gap">
                <button type="submit" class="btn primary" data-testid="task-save">
                    {move || if form.editing.with(Option::is_some) { t_string!(i18n, tasks.save) } else { t_string!(i18n, tasks.add) }}
                </button>
                <button type="button" class="btn ghost" data-testid="task-cancel" on:click=move |_| { form.clear(); saved.set(false); }>{tr!(common.cancel)}</button>
            </div>
        </form>
    }
}

/// Role choice: a standard role, none, or "other" with a typed role.
fn role_select(
    l: Locale,
    role: RwSignal<String>,
    typed: RwSignal<String>,
    testid: &'static str,
) -> impl IntoView {
    let cur = role.get_untracked();
    view! {
        <select data-testid=testid aria-label=td_string!(l, tasks.m_role).to_string() on:change=move |e| role.set(event_target_value(&e))>
            <option value="" selected=cur.is_empty()>{td_string!(l, tasks.role_none)}</option>
            {ROLE_KEYS.into_iter().map(|k| view! {
                <option value=k selected=cur == k>{crate::ui::text::member_role(l, k)}</option>
            }).collect_view()}
            <option value="other" selected=cur == "other">{td_string!(l, tasks.role_other)}</option>
        </select>
        <Show when=move || role.with(|r| r == "other")>
            <input type="text" data-testid=format!("{testid}-typed") maxlength="40"
                aria-label=td_string!(l, tasks.m_role_typed).to_string()
                prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e))/>
        </Show>
    }
}

fn chosen_role(role: RwSignal<String>, typed: RwSignal<String>) -> String {
    let r = role.get_untracked();
    if r == "other" {
        typed.get_untracked()
    } else {
        r
    }
}

#[component]
fn Team() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let owns_open = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let err = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = i18n.get_locale_untracked();
        match core_tasks::parse_member(&name.get_untracked(), &chosen_role(role, typed)) {
            Err(e) => err.set(Some(err_text(l, e, ""))),
            Ok((n, r)) => {
                let now = now_ms();
                let mut m = Member {
                    meta: Meta::new(new_id(), now),
                    name: n,
                    role: r,
                    owns: Vec::new(),
                };
                m.bump(now);
                state.commit(vec![m.wrap()]);
                name.set(String::new());
                typed.set(String::new());
                err.set(None);
            }
        }
    };
    view! {
        <section class="panel" data-testid="tasks-team">
            <h2>{tr!(tasks.team)}</h2>
            {move || {
                let l = i18n.get_locale();
                let members: Vec<Member> = state.ws.with(|ws| ws.live::<Member>().cloned().collect());
                if members.is_empty() {
                    return view! { <p class="muted">{td_string!(l, tasks.team_none)}</p> }.into_any();
                }
                view! {
                    <ul class="task-list">
                        {members.into_iter().map(|m| {
                            let id = m.meta.id.clone();
                            let label = td_string!(l, tasks.m_delete_label, t = m.name.clone()).to_string();
                            let owns_label = td_string!(l, tasks.owns_label, t = m.name.clone()).to_string();
                            let summary = owns_summary(l, &m);
                            let open_id = m.meta.id.clone();
                            let is_open = { let id = m.meta.id.clone(); move || owns_open.get().as_deref() == Some(id.as_str()) };
                            let is_open2 = is_open.clone();
                            let mid = m.meta.id.clone();
                            view! {
                                <li class="task-row" data-testid="member">
                                    <strong>{m.name.clone()}</strong>
                                    <span class="muted">{crate::ui::text::member_role(l, &m.role)}</span>
                                    {summary.map(|s| view! { <span class="muted" data-testid="member-owns-summary">{s}</span> })}
                                    <span class="spacer"></span>
                                    <button type="button" class="btn ghost small" data-testid="member-owns" aria-label=owns_label
                                        aria-expanded=move || if is_open() { "true" } else { "false" }
                                        on:click=move |_| owns_open.update(|o| *o = if o.as_deref() == Some(open_id.as_str()) { None } else { Some(open_id.clone()) })>
                                        {td_string!(l, tasks.owns)}</button>
                                    <button type="button" class="btn ghost small danger" data-testid="member-delete" aria-label=label
                                        on:click=move |_| { state.edit::<Member>(&id, |m| m.meta.deleted = true); }>{td_string!(l, tasks.delete)}</button>
                                    <Show when=is_open2.clone()>
                                        <Owns member=mid.clone()/>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="row-gap" data-testid="member-form" on:submit=add>
                <label>{tr!(tasks.m_name)}" "
                    <input type="text" data-testid="member-name" maxlength="100" prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))/>
                </label>
                {move || role_select(i18n.get_locale(), role, typed, "member-role")}
                <button type="submit" class="btn" data-testid="member-add">{tr!(tasks.m_add)}</button>
            </form>
            {move || err.get().map(|m| view! { <div class="banner error" role="alert" data-testid="member-error">{m}</div> })}
        </section>
    }
}

/// "负责：类目 2 · 商品 5" (none when the member is responsible for nothing).
fn owns_summary(l: Locale, m: &Member) -> Option<String> {
    if m.owns.is_empty() {
        return None;
    }
    let parts: Vec<String> = core_tasks::OWN_KINDS
        .iter()
        .filter_map(|k| {
            let n = m
                .owns
                .iter()
                .filter(|o| o.split_once(':').is_some_and(|(x, _)| x == *k))
                .count();
            (n > 0).then(|| format!("{} {n}", own_kind_text(l, k)))
        })
        .collect();
    Some(td_string!(l, tasks.owns_summary, list = parts.join(" · ")).to_string())
}

fn own_kind_text(l: Locale, k: &str) -> &'static str {
    match k {
        "product" => td_string!(l, tasks.own_product),
        "category" => td_string!(l, tasks.own_category),
        "promotion" => td_string!(l, tasks.own_promotion),
        "channel" => td_string!(l, tasks.own_channel),
        _ => td_string!(l, tasks.own_target),
    }
}

/// A member's responsibilities (分工): categories, channels, promotions, target plans and
/// products, each a labelled checkbox; a tick is one undoable edit of the member.
#[component]
fn Owns(member: String) -> impl IntoView {
    use crate::core::metrics::ads::channel_label;
    use crate::model::metrics::AdChannel;
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let id = StoredValue::new(member);
    view! {
        <div class="owns" data-testid="owns-editor">
            {move || {
                let l = i18n.get_locale();
                let owns: Vec<String> = state.ws.with(|ws| ws.get::<Member>(&id.get_value()).map(|m| m.owns.clone()).unwrap_or_default());
                let groups: Vec<(&'static str, Vec<(String, String)>)> = state.ws.with(|ws| {
                    let mut cats: Vec<String> = ws.live_products().map(|p| p.category.trim().to_string()).filter(|c| !c.is_empty()).collect();
                    cats.sort();
                    cats.dedup();
                    let channels = [AdChannel::Search, AdChannel::Display, AdChannel::Site, AdChannel::Affiliate]
                        .into_iter().map(|c| (channel_label(c).to_string(), channel_label(c).to_string())).collect();
                    let promos = ws.live_promotions().map(|p| (p.meta.id.clone(), p.name.clone())).collect();
                    let targets = ws.live::<crate::model::TargetPlan>().map(|t| (t.meta.id.clone(), format!("{} {}", t.year, t.name))).collect();
                    let products = ws.live_products().map(|p| (p.meta.id.clone(), format!("{} {}", p.sku, p.title.chars().take(24).collect::<String>()))).collect();
                    vec![
                        ("category", cats.into_iter().map(|c| (c.clone(), c)).collect()),
                        ("channel", channels),
                        ("promotion", promos),
                        ("target", targets),
                        ("product", products),
                    ]
                });
                groups.into_iter().map(|(kind, items)| {
                    let boxes = items.into_iter().map(|(key, label)| {
                        let on = owns.contains(&core_tasks::own_key(kind, &key));
                        view! {
                            <label class="own-item"><input type="checkbox" data-testid=format!("own-{kind}") data-key=key.clone() prop:checked=on
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    let key = key.clone();
                                    state.edit::<Member>(&id.get_value(), move |m| core_tasks::set_owned(m, kind, &key, on));
                                }/>" "{label}</label>
                        }
                    }).collect_view();
                    view! {
                        <fieldset class="owns-group" data-testid=format!("owns-{kind}")>
                            <legend>{own_kind_text(l, kind)}</legend>
                            {boxes}
                        </fieldset>
                    }
                }).collect_view()
            }}
        </div>
    }
}

#[component]
fn Templates() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<String>);
    let title = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let freq = RwSignal::new("daily".to_string());
    let day = RwSignal::new(String::new());
    let err = RwSignal::new(None::<String>);
    let clear = move || {
        editing.set(None);
        title.set(String::new());
        role.set(String::new());
        typed.set(String::new());
        freq.set("daily".into());
        day.set(String::new());
        err.set(None);
    };
    let add_standard = move |_| {
        let missing: Vec<_> = state.ws.with_untracked(|ws| {
            core_tasks::standard_templates()
                .into_iter()
                .filter(|t| ws.get::<TaskTemplate>(t.id()).is_none())
                .map(TaskTemplate::wrap)
                .collect()
        });
        state.commit(missing);
        state.ensure_recurring(today_date());
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = i18n.get_locale_untracked();
        let f = Freq::from_key(&freq.get_untracked()).unwrap_or_default();
        let parsed = core_tasks::parse_title(&title.get_untracked()).and_then(|t| {
            let d = core_tasks::parse_day(f, &day.get_untracked())?;
            let (_, r) = core_tasks::parse_member("-", &chosen_role(role, typed))?;
            Ok((t, d, r))
        });
        let (t, d, r) = match parsed {
            Ok(x) => x,
            Err(e) => {
                err.set(Some(err_text(l, e, "")));
                return;
            }
        };
        match editing.get_untracked() {
            Some(id) => state.edit::<TaskTemplate>(&id, |x| {
                x.title = t;
                x.freq = f;
                x.day = d;
                x.role = r;
            }),
            None => {
                let now = now_ms();
                let mut x = TaskTemplate {
                    meta: Meta::new(new_id(), now),
                    title: t,
                    role: r,
                    owner: String::new(),
                    freq: f,
                    day: d,
                    priority: Priority::Normal,
                    active: true,
                };
                x.bump(now);
                state.commit(vec![x.wrap()]);
            }
        }
        clear();
        state.ensure_recurring(today_date());
    };
    view! {
        <section class="panel" data-testid="tasks-templates">
            <h2>{tr!(tasks.templates)}</h2>
            <p class="muted">{tr!(tasks.templates_hint)}</p>
            <button type="button" class="btn" data-testid="templates-standard" on:click=add_standard>{tr!(tasks.templates_standard)}</button>
            {move || {
                let l = i18n.get_locale();
                let list: Vec<TaskTemplate> = state.ws.with(|ws| ws.live::<TaskTemplate>().cloned().collect());
                if list.is_empty() {
                    return view! { <p class="muted">{td_string!(l, tasks.templates_none)}</p> }.into_any();
                }
                view! {
                    <ul class="task-list">
                        {list.into_iter().map(|t| {
                            let (id_a, id_e, id_d) = (t.meta.id.clone(), t.meta.id.clone(), t.meta.id.clone());
                            let active_label = td_string!(l, tasks.t_active, t = t.title.clone()).to_string();
                            let edit_label = td_string!(l, tasks.t_edit_label, t = t.title.clone()).to_string();
                            let del_label = td_string!(l, tasks.t_delete_label, t = t.title.clone()).to_string();
                            let tc = t.clone();
                            view! {
                                <li class="task-row" data-testid="template" data-id=t.meta.id.clone()>
                                    <input type="checkbox" data-testid="template-active" prop:checked=t.active aria-label=active_label
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            state.edit::<TaskTemplate>(&id_a, |t| t.active = on);
                                            state.ensure_recurring(today_date());
                                        }/>
                                    <span class="task-title">{t.title.clone()}</span>
                                    <span class="muted">{crate::ui::text::member_role(l, &t.role)}</span>
                                    <span class="muted">{schedule_text(l, &t)}</span>
                                    <span class="spacer"></span>
                                    <button type="button" class="btn ghost small" data-testid="template-edit" aria-label=edit_label
                                        on:click=move |_| {
                                            editing.set(Some(id_e.clone()));
                                            title.set(tc.title.clone());
                                            if tc.role.is_empty() || core_tasks::is_standard_role(&tc.role) {
                                                role.set(tc.role.clone());
                                            } else {
                                                role.set("other".into());
                                                typed.set(tc.role.clone());
                                            }
                                            freq.set(tc.freq.key().into());
                                            day.set(if tc.freq == Freq::Daily { String::new() } else { tc.day.to_string() });
                                            err.set(None);
                                        }>{td_string!(l, tasks.edit)}</button>
                                    <button type="button" class="btn ghost small danger" data-testid="template-delete" aria-label=del_label
                                        on:click=move |_| { state.edit::<TaskTemplate>(&id_d, |t| t.meta.deleted = true); }>{td_string!(l, tasks.delete)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="row-gap" data-testid="template-form" on:submit=save>
                <label>{tr!(common.tasks_f_title)}" "
                    <input type="text" data-testid="template-title" maxlength="200" prop:value=move || title.get()
                        on:input=move |e| title.set(event_target_value(&e))/>
                </label>
                {move || { let _ = editing.get(); role_select(i18n.get_locale(), role, typed, "template-role") }}
                <label>{tr!(tasks.t_freq)}" "
                    {move || {
                        let l = i18n.get_locale();
                        let cur = freq.get();
                        view! {
                            <select data-testid="template-freq" on:change=move |e| freq.set(event_target_value(&e))>
                                {Freq::ALL.into_iter().map(|f| view! {
                                    <option value=f.key() selected=cur == f.key()>{freq_text(l, f)}</option>
                                }).collect_view()}
                            </select>
                        }
                    }}
                </label>
                <label>{tr!(tasks.t_day)}" "
                    <input type="text" data-testid="template-day" maxlength="2" inputmode="numeric" size="3" prop:value=move || day.get()
                        on:input=move |e| day.set(event_target_value(&e))/>
                </label>
                <button type="submit" class="btn" data-testid="template-save">
                    {move || if editing.with(Option::is_some) { t_string!(i18n, tasks.t_save) } else { t_string!(i18n, tasks.t_add) }}
                </button>
                <Show when=move || editing.with(Option::is_some)>
                    <button type="button" class="btn ghost" on:click=move |_| clear()>{tr!(common.cancel)}</button>
                </Show>
            </form>
            {move || err.get().map(|m| view! { <div class="banner error" role="alert" data-testid="template-error">{m}</div> })}
        </section>
    }
}

/// The Tasks page's keys, ignored while typing in a field or with Ctrl / Alt / ⌘.
fn on_task_key(state: AppState, e: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return;
    }
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if matches!(
        target.tag_name().to_ascii_lowercase().as_str(),
        "input" | "textarea" | "select"
    ) || target.closest("[contenteditable]").ok().flatten().is_some()
    {
        return;
    }
    let doc = document();
    let focus = |el: Option<web_sys::Element>| {
        if let Some(h) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = h.focus();
            h.scroll_into_view_with_bool(false);
        }
    };
    let row = target.closest("[data-testid=task-row]").ok().flatten();
    match e.key().as_str() {
        "n" => {
            e.prevent_default();
            focus(
                doc.query_selector("[data-testid=task-title-input]")
                    .ok()
                    .flatten(),
            );
        }
        "j" | "k" => {
            let Ok(list) = doc.query_selector_all("[data-testid=task-row]") else {
                return;
            };
            let rows: Vec<web_sys::Element> = (0..list.length())
                .filter_map(|i| list.item(i).and_then(|n| n.dyn_into().ok()))
                .collect();
            let at = row.as_ref().and_then(|r| rows.iter().position(|x| x == r));
            let next = match (e.key().as_str(), at) {
                ("j", Some(i)) => rows.get(i + 1),
                ("k", Some(i)) => i.checked_sub(1).and_then(|i| rows.get(i)),
                ("j", None) => rows.first(),
                _ => rows.last(),
            };
            if let Some(next) = next {
                e.prevent_default();
                focus(Some(next.clone()));
            }
        }
        "x" => {
            let Some(row) = row else {
                return;
            };
            let Some(id) = row.get_attribute("data-id") else {
                return;
            };
            e.prevent_default();
            // the same list after the redraw: the row is a new element
            let list = row
                .closest("[data-testid^=tasks-]")
                .ok()
                .flatten()
                .and_then(|s| s.get_attribute("data-testid"));
            state.edit::<Task>(&id, |t| {
                if t.status == TaskStatus::Done {
                    t.status = TaskStatus::Todo;
                } else {
                    t.status = TaskStatus::Done;
                    t.blocked_reason.clear();
                }
            });
            let sel = match list {
                Some(l) => format!("[data-testid=\"{l}\"] [data-testid=task-row][data-id=\"{id}\"], [data-testid=task-row][data-id=\"{id}\"]"),
                None => format!("[data-testid=task-row][data-id=\"{id}\"]"),
            };
            let _ = set_timeout_with_handle(
                move || {
                    if let Ok(Some(el)) = document().query_selector(&sel) {
                        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                            let _ = h.focus();
                        }
                    }
                },
                std::time::Duration::ZERO,
            );
        }
        _ => {}
    }
}
