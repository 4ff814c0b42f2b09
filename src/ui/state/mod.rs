//! The app's one state object, provided as context: the workspace signal, undo history, storage
//! status and the save loop. Views read signals and call its methods; only this module talks to
//! the storage owner (`crate::store`), and it does so through a debounced save.
//!
//! - `mod.rs`: the state itself, opening storage;
//! - `edit.rs`: changes to records (each one undo step), plan-file merges, settings;
//! - `persist.rs`: saving, the storage-full retry, and changes made by other tabs.
//!
//! Record kinds are handled through the generic registry (`crate::model::kinds`): nothing here
//! names a kind except the convenience editors for products, promotions and events.

mod edit;
mod persist;

use crate::core::metrics::period::Period;
use crate::core::metrics::store::{FactKind, MetricsBatch, MetricsStore};
use crate::core::undo::UndoStack;
use crate::model::{AnyRecord, Promotion, RecordKind, Settings, StoreProfile, Workspace};
use crate::store::{self, Backend, LoadIssue, MemoryBackend, Prefs};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

pub use crate::ui::clock::{new_id, now_ms, today, today_date};

/// Where data lives this session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageMode {
    Local,
    /// localStorage is unavailable: everything is kept in memory only.
    MemoryOnly,
}

/// What changed since the last save, per storage key.
#[derive(Clone, Default, Debug)]
struct Dirty {
    /// Record kinds with changes.
    kinds: BTreeSet<RecordKind>,
    metrics: bool,
    profile: bool,
    settings: bool,
    prefs: bool,
}

impl Dirty {
    fn all() -> Dirty {
        Dirty {
            kinds: RecordKind::all().into_iter().collect(),
            metrics: true,
            profile: true,
            settings: true,
            prefs: true,
        }
    }

    fn any(&self) -> bool {
        !self.kinds.is_empty() || self.metrics || self.profile || self.settings || self.prefs
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub ws: RwSignal<Workspace>,
    /// Imported daily metrics (生意参谋 / 万相台), kept apart from the shared records.
    pub metrics: RwSignal<MetricsStore>,
    pub prefs: RwSignal<Prefs>,
    pub mode: StorageMode,
    /// The last save hit the storage quota; cleared by the next successful save.
    pub quota_full: RwSignal<bool>,
    /// A newer app version wrote our data in another tab; this tab no longer saves over it.
    pub newer_elsewhere: RwSignal<bool>,
    pub load_issues: RwSignal<Vec<LoadIssue>>,
    pub storage_used: RwSignal<usize>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// Set after an edit arrives from another tab (for a short notice).
    pub synced_at: RwSignal<Option<i64>>,
    /// A promotion just created with 新建 and not saved yet: it becomes a record (and an undo
    /// step) with its first accepted edit; leaving it unedited leaves nothing behind.
    pub promo_draft: RwSignal<Option<Promotion>>,
    /// Record edits; a step can also change the store profile ("replace everything" with a
    /// whole-workspace file), undone with it.
    undo: StoredValue<UndoStack<AnyRecord, StoreProfile>, LocalStorage>,
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    blocked: StoredValue<BTreeSet<String>, LocalStorage>,
    dirty: StoredValue<Dirty, LocalStorage>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The next save attempt while storage is full.
    retry: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// Settings and preferences as last read from or written to storage: the common base of a
    /// three-way merge with another tab's (they have no revisions).
    settings_base: StoredValue<Settings, LocalStorage>,
    prefs_base: StoredValue<Prefs, LocalStorage>,
    /// Metrics changes not yet saved, replayed over another tab's metrics when those arrive, so
    /// neither tab's import is lost.
    metrics_pending: StoredValue<Vec<MetricsChange>, LocalStorage>,
}

/// A change to the imported metrics, kept until it is saved.
#[derive(Clone)]
enum MetricsChange {
    Upsert(MetricsBatch),
    Replace(MetricsStore),
    /// The rows of a kind on a period deleted (replayed on another tab's store as a delete, so
    /// that tab's imports are kept).
    Remove(FactKind, Period),
}

const SAVE_DEBOUNCE: Duration = Duration::from_millis(300);
/// How often saving is tried again while storage is full.
const QUOTA_RETRY: Duration = Duration::from_secs(2);

/// The save loop's state on the document element (`data-save`: pending / saved / failed), so
/// tests and tools can wait for a save to land instead of sleeping.
fn save_status(status: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-save", status);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = status;
}

impl AppState {
    /// Open storage (or fall back to memory) and load everything.
    pub fn open() -> AppState {
        // (backend, full at start)
        #[cfg(target_arch = "wasm32")]
        let local: Option<(Rc<dyn Backend>, bool)> = {
            use store::local::{LocalBackend, Probe};
            match LocalBackend::probe() {
                Probe::Ready(b) => Some((Rc::new(b), false)),
                Probe::Full(b) => Some((Rc::new(b), true)),
                Probe::Unavailable => None,
            }
        };
        #[cfg(not(target_arch = "wasm32"))]
        let local: Option<(Rc<dyn Backend>, bool)> = None;
        match local {
            Some((b, full)) => {
                let state = Self::with_backend(b, StorageMode::Local);
                if full {
                    // Storage exists and was read whole; it only has no room: say so (banner
                    // with backup and retry) and save as soon as space is back.
                    state.set_quota_full(true);
                }
                state
            }
            None => Self::with_backend(
                Rc::new(MemoryBackend::default()) as Rc<dyn Backend>,
                StorageMode::MemoryOnly,
            ),
        }
    }

    pub fn with_backend(backend: Rc<dyn Backend>, mode: StorageMode) -> AppState {
        let loaded = store::load(backend.as_ref(), now_ms());
        let used = store::used_chars(backend.as_ref());
        let settings_base = loaded.workspace.settings.clone();
        let prefs_base = loaded.prefs.clone();
        AppState {
            ws: RwSignal::new(loaded.workspace),
            metrics: RwSignal::new(loaded.metrics),
            prefs: RwSignal::new(loaded.prefs),
            mode,
            quota_full: RwSignal::new(false),
            newer_elsewhere: RwSignal::new(false),
            load_issues: RwSignal::new(loaded.issues),
            storage_used: RwSignal::new(used),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            synced_at: RwSignal::new(None),
            promo_draft: RwSignal::new(None),
            undo: StoredValue::new_local(UndoStack::default()),
            backend: StoredValue::new_local(backend),
            blocked: StoredValue::new_local(loaded.blocked),
            dirty: StoredValue::new_local(Dirty::default()),
            timer: StoredValue::new_local(None),
            retry: StoredValue::new_local(None),
            settings_base: StoredValue::new_local(settings_base),
            prefs_base: StoredValue::new_local(prefs_base),
            metrics_pending: StoredValue::new_local(Vec::new()),
        }
    }

    pub fn backend(&self) -> Rc<dyn Backend> {
        self.backend.get_value()
    }
}
