//! The team's day (issue 16): team members, tasks and recurring-task templates. Shared records
//! like products: they merge by id and revision through plan files. Which member "I" am is a
//! browser preference (`store::Prefs::me`), not shared. The rules (recurrence, proposals, the
//! Today view) are in `core::tasks`.

use super::{Meta, Record};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The roles of an operation team (keys stored in `Member::role` and `TaskTemplate::role`); any
/// other text is a role the user typed.
pub const ROLE_KEYS: [&str; 6] = [
    "director",
    "specialist",
    "assistant",
    "designer",
    "service",
    "photographer",
];

/// Longest role text, member name and task title (characters).
pub const MAX_ROLE: usize = 40;
pub const MAX_NAME: usize = 100;
pub const MAX_TITLE: usize = 200;

/// A team member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    /// One of [`ROLE_KEYS`] or a typed role.
    #[serde(default)]
    pub role: String,
    /// What the member is responsible for (分工), as `kind:key`: `product:<id>`,
    /// `category:<类目>`, `promotion:<id>`, `channel:<渠道>`, `target:<plan id>` (see
    /// `core::tasks::OWN_KINDS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owns: Vec<String>,
}

/// Most responsibilities per member.
pub const MAX_OWNS: usize = 2_000;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Todo,
    Doing,
    /// Waiting on something; the reason is in `Task::blocked_reason`.
    Blocked,
    Done,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [Self::Todo, Self::Doing, Self::Blocked, Self::Done];
    pub fn key(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::Doing => "doing",
            Self::Blocked => "blocked",
            Self::Done => "done",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// Ordered most urgent first.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    #[default]
    Normal,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Self::High, Self::Normal, Self::Low];
    pub fn key(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Normal => "normal",
            Self::Low => "low",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// What a task is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Product,
    Promotion,
    Event,
    /// A target plan or a 爆款 plan (by its record id).
    Plan,
}

impl LinkKind {
    pub const ALL: [LinkKind; 4] = [Self::Product, Self::Promotion, Self::Event, Self::Plan];
    pub fn key(self) -> &'static str {
        match self {
            Self::Product => "product",
            Self::Promotion => "promotion",
            Self::Event => "event",
            Self::Plan => "plan",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaskLink {
    pub kind: LinkKind,
    pub id: String,
}

/// A task. Recurring instances have the id `rt-<template>-<yyyymmdd>` and proposed ones
/// `pt-<cause>` (see `core::tasks`), so the same task made on two machines is one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    #[serde(flatten)]
    pub meta: Meta,
    pub title: String,
    /// Member id; empty = unassigned (then `role` says who should pick it up).
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub role: String,
    #[serde(default, deserialize_with = "super::date::de_ymd_opt")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub status: TaskStatus,
    #[serde(default)]
    pub blocked_reason: String,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<TaskLink>,
    /// The template a recurring instance was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Due time `HH:MM` on the due day (empty: any time that day).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due_time: String,
    /// Steps to tick inside the task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<CheckItem>,
}

/// Most checklist items per task.
pub const MAX_CHECKLIST: usize = 50;

/// One step of a task's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

impl Task {
    pub fn new(id: String, title: String, now_ms: i64) -> Task {
        let mut t = Task {
            meta: Meta::new(id, now_ms),
            title,
            owner: String::new(),
            role: String::new(),
            due: None,
            status: TaskStatus::Todo,
            blocked_reason: String::new(),
            priority: Priority::Normal,
            notes: String::new(),
            link: None,
            template: None,
            due_time: String::new(),
            checklist: Vec::new(),
        };
        t.bump(now_ms);
        t
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Freq {
    #[default]
    Daily,
    /// On `day` = ISO weekday (1 = Monday … 7 = Sunday).
    Weekly,
    /// On `day` of the month (1–31; a shorter month uses its last day).
    Monthly,
}

impl Freq {
    pub const ALL: [Freq; 3] = [Self::Daily, Self::Weekly, Self::Monthly];
    pub fn key(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
        }
    }
    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

fn yes() -> bool {
    true
}

/// A recurring task, per role: one task per due day (see `core::tasks::due_instances`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskTemplate {
    #[serde(flatten)]
    pub meta: Meta,
    pub title: String,
    #[serde(default)]
    pub role: String,
    /// Member id the instances go to; empty = anyone with the role.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub freq: Freq,
    /// Weekday (weekly) or day of month (monthly); unused for daily.
    #[serde(default)]
    pub day: u8,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default = "yes")]
    pub active: bool,
}

super::record!(Member, "sop/members", "members", name, members_with);
super::record!(Task, "sop/tasks", "tasks", title, tasks_with);
super::record!(
    TaskTemplate,
    "sop/task-templates",
    "task_templates",
    title,
    task_templates_with
);
