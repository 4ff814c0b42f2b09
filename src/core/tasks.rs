//! The team's day: recurring task instances, tasks the planner proposes, the Today view and the
//! checks on what a user types into a task. Pure functions of their inputs (the day is passed
//! in), tested natively in `tests/tasks.rs`.
//!
//! Ids are derived from what made a task, so the same task made in two browsers is one record
//! with one revision (content and parent revision decide the revision, not the clock):
//! - a recurring instance: `rt-<template id>-<yyyymmdd>`;
//! - a proposed task: `pt-reg-<promotion or event id>` (registration deadline, 报名截止).
//!   Dismissing a proposal stores that id as a tombstone, so it travels in plan files and is not
//!   proposed again anywhere; a task deleted after accepting is not proposed again either.

use crate::model::task::{MAX_CHECKLIST, MAX_TITLE, ROLE_KEYS};
use crate::model::{
    CheckItem, Freq, LinkKind, Member, Meta, PlatformEvent, Priority, PromoStatus, Promotion,
    Record, Task, TaskLink, TaskStatus, TaskTemplate,
};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashSet;

/// Opening the app after a long break makes the missed days' instances, but at most this many
/// days back (a year offline should not bury the team in a year of daily tasks).
pub const MAX_CATCH_UP_DAYS: i64 = 31;

/// How far ahead registration deadlines are proposed as tasks.
pub const PROPOSE_WITHIN_DAYS: i64 = 14;

/// Last day of `d`'s month.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year().saturating_add(1), 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// Does the template fall due on `d`? Weekly: ISO weekday `day` (a day outside 1–7 never).
/// Monthly: day `day` of the month, or the month's last day when the month is shorter (31 →
/// 30 April, 28 or 29 February); day 0 counts as 1.
pub fn occurs_on(t: &TaskTemplate, d: NaiveDate) -> bool {
    match t.freq {
        Freq::Daily => true,
        Freq::Weekly => d.weekday().number_from_monday() == u32::from(t.day),
        Freq::Monthly => {
            let want = u32::from(t.day.clamp(1, 31));
            d.day() == want.min(month_end(d).day())
        }
    }
}

/// The id of a template's instance on `d`.
pub fn instance_id(template_id: &str, d: NaiveDate) -> String {
    format!(
        "rt-{template_id}-{:04}{:02}{:02}",
        d.year(),
        d.month(),
        d.day()
    )
}

/// The instance of `t` due on `d`: its content depends only on the template and the day.
pub fn instance(t: &TaskTemplate, d: NaiveDate, now_ms: i64) -> Task {
    let mut task = Task {
        meta: Meta::new(instance_id(t.id(), d), now_ms),
        title: t.title.clone(),
        owner: t.owner.clone(),
        role: t.role.clone(),
        due: Some(d),
        status: TaskStatus::Todo,
        blocked_reason: String::new(),
        priority: t.priority,
        notes: String::new(),
        link: None,
        template: Some(t.id().to_string()),
        due_time: String::new(),
        checklist: Vec::new(),
    };
    task.bump(now_ms);
    task
}

/// The first day to make instances for when the app opens on `today`, given the last day this
/// browser made them (`None`: never, so only today). Never more than [`MAX_CATCH_UP_DAYS`] back,
/// never after today (a clock that went backwards starts at today).
pub fn catch_up_from(last: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    let floor = today
        .checked_sub_signed(Duration::days(MAX_CATCH_UP_DAYS))
        .unwrap_or(today);
    last.filter(|l| *l <= today).unwrap_or(today).max(floor)
}

/// Instances of the active, live templates due on any day of `from..=to` that no task record
/// has yet (a deleted instance keeps its id as a tombstone and is not made again). At most
/// [`MAX_CATCH_UP_DAYS`] + 1 days are looked at, the last ones. In day order, then template
/// order.
pub fn due_instances(
    templates: &[TaskTemplate],
    tasks: &[Task],
    from: NaiveDate,
    to: NaiveDate,
    now_ms: i64,
) -> Vec<Task> {
    let floor = to
        .checked_sub_signed(Duration::days(MAX_CATCH_UP_DAYS))
        .unwrap_or(to);
    let from = from.max(floor);
    let mut have: HashSet<String> = tasks.iter().map(|t| t.id().to_string()).collect();
    let mut out = Vec::new();
    for d in from.iter_days().take_while(|d| *d <= to) {
        for t in templates.iter().filter(|t| t.active && !t.meta.deleted) {
            if occurs_on(t, d) && have.insert(instance_id(t.id(), d)) {
                out.push(instance(t, d, now_ms));
            }
        }
    }
    out
}

/// The standard templates (issue 16): daily, weekly and monthly work per role. Stable ids and
/// revisions made at time 0, so two teammates who both add them hold the same records.
pub fn standard_templates() -> Vec<TaskTemplate> {
    let t = |id: &str, title: &str, role: &str, freq: Freq, day: u8, priority: Priority| {
        let mut t = TaskTemplate {
            meta: Meta::new(id.to_string(), 0),
            title: title.to_string(),
            role: role.to_string(),
            owner: String::new(),
            freq,
            day,
            priority,
            active: true,
        };
        t.bump(0);
        t
    };
    vec![
        t(
            "tpl-daily-figures",
            "查看昨日数据与异常",
            "specialist",
            Freq::Daily,
            0,
            Priority::High,
        ),
        t(
            "tpl-daily-refunds",
            "处理退款与售后",
            "service",
            Freq::Daily,
            0,
            Priority::High,
        ),
        t(
            "tpl-daily-listings",
            "上下架与编辑商品",
            "assistant",
            Freq::Daily,
            0,
            Priority::Normal,
        ),
        t(
            "tpl-weekly-competitors",
            "竞品检查",
            "specialist",
            Freq::Weekly,
            1,
            Priority::Normal,
        ),
        t(
            "tpl-weekly-report",
            "周报",
            "specialist",
            Freq::Weekly,
            5,
            Priority::Normal,
        ),
        t(
            "tpl-monthly-settlement",
            "月度结算",
            "director",
            Freq::Monthly,
            31,
            Priority::High,
        ),
        t(
            "tpl-monthly-report",
            "月报",
            "director",
            Freq::Monthly,
            1,
            Priority::Normal,
        ),
    ]
}

// ----- proposals -----

/// A task the planner suggests, traceable to its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// The id the task gets when accepted (or its tombstone when dismissed).
    pub id: String,
    pub link: TaskLink,
    /// The promotion's or event's name.
    pub source: String,
    /// The registration deadline (报名截止).
    pub date: NaiveDate,
}

pub fn proposal_id(source_id: &str) -> String {
    format!("pt-reg-{source_id}")
}

/// Registration deadlines (报名截止) in `[today, today + within]` of live promotions still being
/// planned (idea, planned) and of live platform events, that no task record (live or
/// tombstone) holds yet. Sorted by date, then name, then id.
pub fn proposals(
    promos: &[Promotion],
    events: &[PlatformEvent],
    tasks: &[Task],
    today: NaiveDate,
    within: i64,
) -> Vec<Proposal> {
    if within < 0 {
        return Vec::new();
    }
    let last = today
        .checked_add_signed(Duration::days(within))
        .unwrap_or(NaiveDate::MAX);
    let have: HashSet<&str> = tasks.iter().map(|t| t.id()).collect();
    let mut out = Vec::new();
    let mut push = |kind: LinkKind, id: &str, name: &str, date: Option<NaiveDate>| {
        let Some(date) = date.filter(|d| today <= *d && *d <= last) else {
            return;
        };
        let pid = proposal_id(id);
        if !have.contains(pid.as_str()) {
            out.push(Proposal {
                id: pid,
                link: TaskLink {
                    kind,
                    id: id.to_string(),
                },
                source: name.to_string(),
                date,
            });
        }
    };
    for p in promos.iter().filter(|p| !p.meta.deleted) {
        if matches!(p.status, PromoStatus::Idea | PromoStatus::Planned) {
            push(
                LinkKind::Promotion,
                p.id(),
                &p.name,
                p.phases.registration_deadline,
            );
        }
    }
    for e in events.iter().filter(|e| !e.meta.deleted) {
        push(
            LinkKind::Event,
            e.id(),
            &e.name,
            e.phases.registration_deadline,
        );
    }
    out.sort_by(|a, b| (a.date, &a.source, &a.id).cmp(&(b.date, &b.source, &b.id)));
    out
}

/// Accept: the task (due on the deadline, high priority, linked to its cause). `title` is the
/// sentence the UI words ("报名截止：双11").
pub fn accept(p: &Proposal, title: &str, owner: &str, now_ms: i64) -> Task {
    let mut t = Task::new(p.id.clone(), clip(title), now_ms);
    t.owner = owner.to_string();
    t.due = Some(p.date);
    t.priority = Priority::High;
    t.link = Some(p.link.clone());
    t.bump(now_ms);
    t
}

/// Dismiss: a tombstone under the proposal's id (shared, so no browser proposes it again).
pub fn dismiss(p: &Proposal, now_ms: i64) -> Task {
    let mut t = Task::new(p.id.clone(), clip(&p.source), now_ms);
    t.link = Some(p.link.clone());
    t.tombstone(now_ms);
    t
}

fn clip(s: &str) -> String {
    let s = s.trim();
    let s: String = s.chars().take(MAX_TITLE).collect();
    if s.is_empty() {
        "-".to_string()
    } else {
        s
    }
}

// ----- views -----

/// Is the task on `me`'s plate: theirs, or unassigned with their role?
pub fn is_mine(t: &Task, me_id: &str, me_role: &str) -> bool {
    if t.owner.is_empty() {
        !me_role.is_empty() && t.role == me_role
    } else {
        !me_id.is_empty() && t.owner == me_id
    }
}

/// Today for `me`: open tasks (not done) due today or earlier, overdue first (oldest first),
/// then by priority and title; then open tasks in progress without a due day.
pub fn today_view<'a>(
    tasks: &'a [Task],
    me_id: &str,
    me_role: &str,
    today: NaiveDate,
) -> Vec<&'a Task> {
    let mut v: Vec<&Task> = tasks
        .iter()
        .filter(|t| !t.meta.deleted && t.status != TaskStatus::Done)
        .filter(|t| is_mine(t, me_id, me_role))
        .filter(|t| match t.due {
            Some(d) => d <= today,
            None => t.status == TaskStatus::Doing,
        })
        .collect();
    sort_for_list(&mut v);
    v
}

/// The order of every task list: by due day (undated last), priority, title, then id (stable
/// across browsers).
fn sort_for_list(v: &mut [&Task]) {
    fn key(t: &Task) -> (bool, Option<NaiveDate>, bool, &str, Priority) {
        (
            t.due.is_none(),
            t.due,
            t.due_time.is_empty(),
            t.due_time.as_str(),
            t.priority,
        )
    }
    v.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id().cmp(b.id()))
    });
}

/// How many of `me`'s open tasks are due today and how many are overdue.
pub fn my_counts(tasks: &[Task], me_id: &str, me_role: &str, today: NaiveDate) -> (usize, usize) {
    let mut due_today = 0;
    let mut overdue = 0;
    for t in tasks
        .iter()
        .filter(|t| !t.meta.deleted && t.status != TaskStatus::Done)
        .filter(|t| is_mine(t, me_id, me_role))
    {
        match t.due {
            Some(d) if d == today => due_today += 1,
            Some(d) if d < today => overdue += 1,
            _ => {}
        }
    }
    (due_today, overdue)
}

/// Live tasks with this status, by due day (undated last), priority, title.
pub fn by_status(tasks: &[Task], status: TaskStatus) -> Vec<&Task> {
    let mut v: Vec<&Task> = tasks
        .iter()
        .filter(|t| !t.meta.deleted && t.status == status)
        .collect();
    sort_for_list(&mut v);
    v
}

/// Open (not done) live tasks by owner: `(owner id, tasks)`, owners in id order with the
/// unassigned (empty id) last; each list in the usual order.
pub fn by_owner(tasks: &[Task]) -> Vec<(String, Vec<&Task>)> {
    let mut groups: std::collections::BTreeMap<(bool, &str), Vec<&Task>> = Default::default();
    for t in tasks
        .iter()
        .filter(|t| !t.meta.deleted && t.status != TaskStatus::Done)
    {
        groups
            .entry((t.owner.is_empty(), t.owner.as_str()))
            .or_default()
            .push(t);
    }
    groups
        .into_iter()
        .map(|((_, o), mut v)| {
            sort_for_list(&mut v);
            (o.to_string(), v)
        })
        .collect()
}

/// The Monday of `d`'s week.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Open live tasks by the week (Monday) of their due day, earliest first; undated last.
pub fn by_week(tasks: &[Task]) -> Vec<(Option<NaiveDate>, Vec<&Task>)> {
    let mut groups: std::collections::BTreeMap<(bool, Option<NaiveDate>), Vec<&Task>> =
        Default::default();
    for t in tasks
        .iter()
        .filter(|t| !t.meta.deleted && t.status != TaskStatus::Done)
    {
        let w = t.due.map(week_start);
        groups.entry((w.is_none(), w)).or_default().push(t);
    }
    groups
        .into_iter()
        .map(|((_, w), mut v)| {
            sort_for_list(&mut v);
            (w, v)
        })
        .collect()
}

// ----- who is responsible (分工) -----

/// Kinds of things a member can be responsible for (`Member::owns` holds `kind:key`).
pub const OWN_KINDS: [&str; 5] = ["product", "category", "promotion", "channel", "target"];

/// `kind:key` as stored in `Member::owns`.
pub fn own_key(kind: &str, key: &str) -> String {
    format!("{kind}:{key}")
}

/// The member responsible for `kind:key`: the first by name (then id) when two say so.
pub fn owner_of<'a>(
    members: impl IntoIterator<Item = &'a Member>,
    kind: &str,
    key: &str,
) -> Option<&'a Member> {
    let k = own_key(kind, key);
    members
        .into_iter()
        .filter(|m| !m.meta.deleted && m.owns.contains(&k))
        .min_by(|a, b| (&a.name, a.id()).cmp(&(&b.name, b.id())))
}

/// Who a task about this link goes to by default: the owner of the promotion, of the product,
/// or of the product's category; none when nobody is responsible.
pub fn default_owner(ws: &crate::model::Workspace, link: Option<&TaskLink>) -> Option<String> {
    let link = link?;
    let members: Vec<&Member> = ws.live::<Member>().collect();
    let find = |kind: &str, key: &str| owner_of(members.iter().copied(), kind, key);
    let m = match link.kind {
        LinkKind::Promotion => find("promotion", &link.id),
        LinkKind::Product => find("product", &link.id).or_else(|| {
            ws.product(&link.id)
                .and_then(|p| find("category", &p.category))
        }),
        LinkKind::Plan => find("target", &link.id),
        LinkKind::Event => None,
    };
    m.map(|m| m.meta.id.clone())
}

/// Say that `m` is (or is no longer) responsible for `kind:key`.
pub fn set_owned(m: &mut Member, kind: &str, key: &str, on: bool) {
    let k = own_key(kind, key);
    m.owns.retain(|o| *o != k);
    if on {
        m.owns.push(k);
        m.owns.sort();
    }
}

// ----- what the user types -----

/// Why typed task fields were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputError {
    EmptyTitle,
    TitleTooLong,
    /// Not a date `YYYY-MM-DD` between 2000 and 2100.
    BadDate,
    /// Blocked needs a reason.
    NoReason,
    ReasonTooLong,
    NotesTooLong,
    EmptyName,
    NameTooLong,
    RoleTooLong,
    /// A weekly template needs a weekday 1–7, a monthly one a day 1–31.
    BadDay,
    /// Not a time `HH:MM` (00:00–23:59).
    BadTime,
    /// A time without a due day.
    TimeWithoutDay,
    /// More than [`MAX_CHECKLIST`] checklist lines, or a line over [`MAX_TITLE`] characters.
    ChecklistTooLong,
}

/// A due time as typed: `H:MM` or `HH:MM` (also `：`), 00:00–23:59, kept as `HH:MM`.
pub fn parse_time(s: &str) -> Result<String, InputError> {
    let s = s.trim().replace('：', ":");
    let (h, m) = s.split_once(':').ok_or(InputError::BadTime)?;
    let ok = |x: &str, max: u32| {
        (1..=2).contains(&x.len())
            && x.bytes().all(|b| b.is_ascii_digit())
            && x.parse::<u32>().is_ok_and(|v| v <= max)
    };
    if !ok(h, 23) || m.len() != 2 || !ok(m, 59) {
        return Err(InputError::BadTime);
    }
    Ok(format!("{:02}:{m}", h.parse::<u32>().unwrap_or(0)))
}

/// Checklist lines as typed (one item per line, blank lines skipped); an item whose text was
/// already on the list keeps its tick.
pub fn parse_checklist(s: &str, old: &[CheckItem]) -> Result<Vec<CheckItem>, InputError> {
    let mut used = vec![false; old.len()];
    let mut out = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > MAX_TITLE || out.len() >= MAX_CHECKLIST {
            return Err(InputError::ChecklistTooLong);
        }
        let done = match old
            .iter()
            .zip(used.iter_mut())
            .find(|(o, u)| !**u && o.text == line)
        {
            Some((o, u)) => {
                *u = true;
                o.done
            }
            None => false,
        };
        out.push(CheckItem {
            text: line.to_string(),
            done,
        });
    }
    Ok(out)
}

/// A due date as typed: empty = none; otherwise `YYYY-MM-DD` (spaces around allowed).
pub fn parse_due(s: &str) -> Result<Option<NaiveDate>, InputError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match crate::model::date::parse_ymd(s) {
        Some(d) if (2000..=2100).contains(&d.year()) => Ok(Some(d)),
        _ => Err(InputError::BadDate),
    }
}

/// A title as typed: trimmed, not empty, at most [`MAX_TITLE`] characters.
pub fn parse_title(s: &str) -> Result<String, InputError> {
    let s = s.trim();
    if s.is_empty() {
        Err(InputError::EmptyTitle)
    } else if s.chars().count() > MAX_TITLE {
        Err(InputError::TitleTooLong)
    } else {
        Ok(s.to_string())
    }
}

/// What the task form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskInput {
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub reason: String,
    pub priority: String,
    pub notes: String,
    /// `kind:id` or empty.
    pub link: String,
    /// `HH:MM` or empty.
    pub time: String,
    /// One checklist item per line.
    pub checklist: String,
}

/// Apply typed fields to `t` (a new or existing task). On an error `t` is left unchanged.
pub fn apply_input(t: &mut Task, i: &TaskInput) -> Result<(), InputError> {
    let title = parse_title(&i.title)?;
    let due = parse_due(&i.due)?;
    let time = if i.time.trim().is_empty() {
        String::new()
    } else {
        parse_time(&i.time)?
    };
    if !time.is_empty() && due.is_none() {
        return Err(InputError::TimeWithoutDay);
    }
    let checklist = parse_checklist(&i.checklist, &t.checklist)?;
    let status = TaskStatus::from_key(&i.status).unwrap_or_default();
    let reason = i.reason.trim().to_string();
    if status == TaskStatus::Blocked && reason.is_empty() {
        return Err(InputError::NoReason);
    }
    if reason.chars().count() > 200 {
        return Err(InputError::ReasonTooLong);
    }
    if i.notes.chars().count() > 5_000 {
        return Err(InputError::NotesTooLong);
    }
    let link = i.link.split_once(':').and_then(|(k, id)| {
        Some(TaskLink {
            kind: LinkKind::from_key(k)?,
            id: id.chars().take(64).collect(),
        })
    });
    t.title = title;
    t.owner = i.owner.chars().take(64).collect();
    t.due = due;
    t.status = status;
    t.blocked_reason = if status == TaskStatus::Blocked {
        reason
    } else {
        String::new()
    };
    t.priority = Priority::from_key(&i.priority).unwrap_or_default();
    t.notes = i.notes.clone();
    t.link = link;
    t.due_time = time;
    t.checklist = checklist;
    Ok(())
}

/// A member's name and role as typed (role: a key of [`ROLE_KEYS`] or free text).
pub fn parse_member(name: &str, role: &str) -> Result<(String, String), InputError> {
    let name = name.trim();
    let role = role.trim();
    if name.is_empty() {
        return Err(InputError::EmptyName);
    }
    if name.chars().count() > crate::model::task::MAX_NAME {
        return Err(InputError::NameTooLong);
    }
    if role.chars().count() > crate::model::task::MAX_ROLE {
        return Err(InputError::RoleTooLong);
    }
    Ok((name.to_string(), role.to_string()))
}

/// Is `role` one of the standard roles?
pub fn is_standard_role(role: &str) -> bool {
    ROLE_KEYS.contains(&role)
}

/// A template's day as typed for its frequency.
pub fn parse_day(freq: Freq, s: &str) -> Result<u8, InputError> {
    if freq == Freq::Daily {
        return Ok(0);
    }
    let max = if freq == Freq::Weekly { 7 } else { 31 };
    match s.trim().parse::<u8>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(InputError::BadDay),
    }
}

// ----- proposals from the data -----

/// Why the planner proposes a task from the data (besides registration deadlines).
#[derive(Clone, Debug, PartialEq)]
pub enum Signal {
    /// A product's title has problems the title check flags (how many).
    Title { issues: usize },
    /// A product on the shelf may run out: out of stock, or the days its stock covers at the
    /// last 7 days' sales.
    Stock {
        out: bool,
        days_of_cover: Option<u32>,
    },
    /// A day the Dashboard flags (spike or drop of a metric).
    Anomaly {
        day: NaiveDate,
        metric: crate::core::metrics::anomaly::AnomalyMetric,
        up: bool,
    },
    /// A promotion whose prices are still to come or in force breaks the price guard (资损, the
    /// minimum margin, not below the lowest price before it, a ¥0 cart) on `skus` of its SKUs.
    PriceGuard { skus: usize },
    /// A 爆款 plan's stage (0 = 测款 … 3 = 维稳) met its gate (time to move on) or ended without.
    HeroGate { stage: usize, passed: bool },
    /// A promotion's phase (预热, 定金, 尾款, 正式期, 返场) starts on `day`, within
    /// [`PHASE_AHEAD_DAYS`] days.
    PhaseStart {
        phase: crate::core::promo::events::PhaseKind,
        day: NaiveDate,
    },
}

/// How many days ahead a promotion phase's start is proposed as a task.
pub const PHASE_AHEAD_DAYS: i64 = 3;

/// A task proposed from the data: its id (the task's, or its tombstone's when dismissed), the
/// cause, what it is about (a product's SKU and title; empty for a store anomaly) and the link.
#[derive(Clone, Debug, PartialEq)]
pub struct SignalProposal {
    pub id: String,
    pub signal: Signal,
    pub subject: String,
    pub link: Option<TaskLink>,
}

/// Days a stock must cover at the last 7 days' sales before a restock is proposed.
pub const STOCK_COVER_DAYS: f64 = 14.0;
/// Anomalies of the last this many days with data are proposed.
pub const ANOMALY_DAYS: u32 = 3;

/// Tasks proposed from the data as of `today`, each once (the id is the cause: a record under it,
/// live or tombstone, means it was accepted or dismissed): titles with problems
/// (`pt-title-<product>`), stock-out risks (`pt-stock-<product>-<yyyymm>`: at most one a month
/// per product) and the anomalies of the last [`ANOMALY_DAYS`] days with store data
/// (`pt-anom-<yyyymmdd>-<metric>`). Products first (out of stock, then least cover, then titles
/// by SKU), then anomalies by day.
pub fn signal_proposals(
    products: &[crate::model::Product],
    rules: &crate::core::title::TitleRules,
    metrics: &crate::core::metrics::MetricsStore,
    anomaly: &crate::core::metrics::anomaly::AnomalySettings,
    tasks: &[Task],
    today: NaiveDate,
) -> Vec<SignalProposal> {
    use crate::core::metrics::anomaly::{detect_in, Direction};
    use crate::core::metrics::period::{date_of, Period};
    use crate::core::metrics::products::{stock_map, stock_risk};
    let have: HashSet<&str> = tasks.iter().map(|t| t.id()).collect();
    let live: Vec<&crate::model::Product> = products.iter().filter(|p| !p.meta.deleted).collect();
    let label = |p: &crate::model::Product| {
        if p.sku.is_empty() {
            p.title.clone()
        } else {
            format!("{} {}", p.sku, p.title)
        }
    };
    let link = |p: &crate::model::Product| {
        Some(TaskLink {
            kind: LinkKind::Product,
            id: p.meta.id.clone(),
        })
    };
    let mut out = Vec::new();

    // stock-out risk as of the last day with product data
    let last_product_day = metrics
        .products()
        .filter_map(|(_, days)| days.last().map(|d| d.day))
        .max();
    if let Some(end) = last_product_day {
        let month = format!("{:04}{:02}", today.year(), today.month());
        for r in stock_risk(metrics, end, &stock_map(products), STOCK_COVER_DAYS) {
            // one proposal per item id: the first product on the shelf with it
            let Some(p) = live.iter().find(|p| {
                p.item_id == r.item_id && p.status == crate::model::ProductStatus::OnShelf
            }) else {
                continue;
            };
            out.push(SignalProposal {
                id: format!("pt-stock-{}-{month}", p.meta.id),
                signal: Signal::Stock {
                    out: r.out_of_stock,
                    days_of_cover: r
                        .days_of_cover
                        .filter(|d| d.is_finite())
                        .map(|d| d.floor().clamp(0.0, f64::from(u32::MAX)) as u32),
                },
                subject: label(p),
                link: link(p),
            });
        }
    }
    let mut titled: Vec<&&crate::model::Product> = live.iter().collect();
    titled.sort_by(|a, b| (&a.sku, &a.meta.id).cmp(&(&b.sku, &b.meta.id)));
    for p in titled {
        let issues = crate::core::title::check_title(&p.title, &p.keywords, rules).len();
        if issues > 0 {
            out.push(SignalProposal {
                id: format!("pt-title-{}", p.meta.id),
                signal: Signal::Title { issues },
                subject: label(p),
                link: link(p),
            });
        }
    }
    if let Some(last) = metrics.store_days().last().map(|d| d.day) {
        for a in detect_in(metrics, Period::ending(last, ANOMALY_DAYS), anomaly) {
            let Some(day) = date_of(a.day) else { continue };
            out.push(SignalProposal {
                id: format!("pt-anom-{}-{}", day.format("%Y%m%d"), a.metric.key()),
                signal: Signal::Anomaly {
                    day,
                    metric: a.metric,
                    up: a.direction == Direction::Up,
                },
                subject: String::new(),
                link: None,
            });
        }
    }
    out.retain(|p| !have.contains(p.id.as_str()));
    out
}

/// Tasks proposed from the plans as of `today` (the last day of data is the day before), each
/// once like [`signal_proposals`]: a promotion not over and not reviewed whose price check flags
/// SKUs (`pt-price-<promotion>`, one per promotion, linked to it; by first price day), and each
/// 爆款 plan's stages whose gate was met or failed (`pt-hero-<plan>-<stage>`, linked to the
/// product; by plan name, then stage); then a promotion phase (预热, 定金, 尾款, 正式期, 返场)
/// starting within [`PHASE_AHEAD_DAYS`] days (`pt-start-<promotion>-<phase>`; by day).
pub fn plan_proposals(
    ws: &crate::model::Workspace,
    metrics: &crate::core::metrics::MetricsStore,
    today: NaiveDate,
) -> Vec<SignalProposal> {
    use crate::core::hero::{track, GateState};
    use crate::core::metrics::period::day_of;
    use crate::model::PromoStatus;
    let have: HashSet<&str> = ws.tasks.iter().map(|t| t.id()).collect();
    let mut out = Vec::new();
    let mut promos: Vec<&crate::model::Promotion> = ws
        .promotions
        .iter()
        .filter(|p| {
            !p.meta.deleted
                && !matches!(p.status, PromoStatus::Done | PromoStatus::Reviewed)
                && p.phases.price_days().iter().any(|r| r.end >= today)
                && !have.contains(proposal_key("price", &p.meta.id).as_str())
        })
        .collect();
    promos.sort_by_key(|p| (p.phases.main.start, p.meta.id.clone()));
    // phases starting soon: from today to PHASE_AHEAD_DAYS on, by day then promotion
    let mut starts = Vec::new();
    for p in ws.promotions.iter().filter(|p| {
        !p.meta.deleted && !matches!(p.status, PromoStatus::Done | PromoStatus::Reviewed)
    }) {
        for (phase, r) in crate::core::promo::events::phase_ranges(&p.phases) {
            let ahead = (r.start - today).num_days();
            if phase.is_marker() || !(0..=PHASE_AHEAD_DAYS).contains(&ahead) {
                continue;
            }
            let id = format!("pt-start-{}-{}", p.meta.id, phase.key());
            if have.contains(id.as_str()) {
                continue;
            }
            starts.push(SignalProposal {
                id,
                signal: Signal::PhaseStart {
                    phase,
                    day: r.start,
                },
                subject: p.name.clone(),
                link: Some(TaskLink {
                    kind: LinkKind::Promotion,
                    id: p.meta.id.clone(),
                }),
            });
        }
    }
    starts.sort_by(|a, b| {
        let day = |s: &SignalProposal| match s.signal {
            Signal::PhaseStart { day, .. } => Some(day),
            _ => None,
        };
        (day(a), &a.subject, &a.id).cmp(&(day(b), &b.subject, &b.id))
    });
    for p in promos {
        let checks = crate::core::promo::check::check_all(
            std::slice::from_ref(p),
            &ws.products,
            &ws.profile,
            &ws.settings,
        );
        let skus = checks.iter().filter(|c| !c.flags.is_empty()).count();
        if skus > 0 {
            out.push(SignalProposal {
                id: proposal_key("price", &p.meta.id),
                signal: Signal::PriceGuard { skus },
                subject: p.name.clone(),
                link: Some(TaskLink {
                    kind: LinkKind::Promotion,
                    id: p.meta.id.clone(),
                }),
            });
        }
    }
    let mut plans: Vec<&crate::model::HeroPlan> =
        ws.hero_plans.iter().filter(|h| !h.meta.deleted).collect();
    plans.sort_by(|a, b| (&a.name, &a.meta.id).cmp(&(&b.name, &b.meta.id)));
    let last = day_of(today) - 1;
    for h in plans {
        let Some(product) = ws.products.iter().find(|p| p.meta.id == h.product_id) else {
            continue;
        };
        for (stage, a) in track(&h.stages, &product.item_id, metrics, last)
            .iter()
            .enumerate()
        {
            let passed = match a.gate {
                GateState::Passed(_) => true,
                GateState::Failed => false,
                GateState::NotYet | GateState::Upcoming => continue,
            };
            out.push(SignalProposal {
                id: format!("pt-hero-{}-{stage}", h.meta.id),
                signal: Signal::HeroGate { stage, passed },
                subject: h.name.clone(),
                link: Some(TaskLink {
                    kind: LinkKind::Product,
                    id: product.meta.id.clone(),
                }),
            });
        }
    }
    // then the phases starting soon
    out.extend(starts);
    out.retain(|p| !have.contains(p.id.as_str()));
    out
}

fn proposal_key(kind: &str, id: &str) -> String {
    format!("pt-{kind}-{id}")
}

/// Accept a proposal from the data: a task due today, high priority for stock and anomalies.
pub fn accept_signal(
    p: &SignalProposal,
    title: &str,
    owner: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Task {
    let mut t = Task::new(p.id.clone(), clip(title), now_ms);
    t.owner = owner.to_string();
    t.due = match p.signal {
        Signal::PhaseStart { day, .. } => Some((day - Duration::days(1)).max(today)),
        _ => Some(today),
    };
    t.priority = match p.signal {
        Signal::Title { .. } | Signal::HeroGate { passed: true, .. } => Priority::Normal,
        _ => Priority::High,
    };
    t.link = p.link.clone();
    t.bump(now_ms);
    t
}

/// Dismiss a proposal from the data: a tombstone under its id.
pub fn dismiss_signal(p: &SignalProposal, now_ms: i64) -> Task {
    let mut t = Task::new(p.id.clone(), clip(&p.subject), now_ms);
    t.link = p.link.clone();
    t.tombstone(now_ms);
    t
}
