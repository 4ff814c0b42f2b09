//! The app's one state object, provided as context: the workspace signal, undo history, storage
//! status and the save loop. Views read signals and call these methods; only this file talks to
//! the storage owner (`crate::store`), and it does so through a debounced save.

use crate::core::merge::{self, MergePlan, Pick};
use crate::core::metrics::store::{MetricsBatch, MetricsStore, UpsertReport};
use crate::core::undo::{Change, UndoStack};
use crate::formats::plan_file::{PlanFile, Scope};
use crate::model::metrics::Day;
use crate::model::{
    AnyRecord, PlatformEvent, Product, ProductStatus, Promotion, Record, RecordKind, Settings,
    StoreProfile, Workspace,
};
use crate::store::{self, Backend, LoadIssue, MemoryBackend, Prefs, StoreError};
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::time::Duration;

/// Wall clock in ms since the epoch.
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Today as a platform day (days since 1970-01-01 in UTC+8).
pub fn today() -> Day {
    let ms = now_ms().saturating_add(8 * 3_600_000);
    i32::try_from(ms.div_euclid(86_400_000)).unwrap_or(0)
}

/// Today as a calendar date in UTC+8.
pub fn today_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .unwrap_or_default()
        .checked_add_signed(chrono::Duration::days(i64::from(today())))
        .unwrap_or_default()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Where data lives this session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageMode {
    Local,
    /// localStorage is unavailable: everything is kept in memory only.
    MemoryOnly,
}

#[derive(Clone, Copy, Default, Debug)]
struct Dirty {
    metrics: bool,
    products: bool,
    promotions: bool,
    events: bool,
    profile: bool,
    settings: bool,
    prefs: bool,
}

impl Dirty {
    fn all() -> Dirty {
        Dirty {
            metrics: true,
            products: true,
            promotions: true,
            events: true,
            profile: true,
            settings: true,
            prefs: true,
        }
    }

    fn any(&self) -> bool {
        self.metrics
            || self.products
            || self.promotions
            || self.events
            || self.profile
            || self.settings
            || self.prefs
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
    undo: StoredValue<UndoStack<AnyRecord>, LocalStorage>,
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

    // ----- product edits (each call is one undo step) -----

    /// Store new revisions of products (already bumped by the caller or by `edit_product`).
    pub fn commit_products(&self, new_versions: Vec<Product>) {
        self.commit(new_versions.into_iter().map(AnyRecord::Product).collect());
    }

    /// Store new revisions of any records as one undo step.
    pub fn commit(&self, new_versions: Vec<AnyRecord>) {
        if new_versions.is_empty() {
            return;
        }
        let mut step = Vec::with_capacity(new_versions.len());
        let mut touched = (false, false, false);
        self.ws.update(|ws| {
            let index = |kind: RecordKind, ws: &Workspace| -> HashMap<String, usize> {
                match kind {
                    RecordKind::Product => ids(&ws.products),
                    RecordKind::Promotion => ids(&ws.promotions),
                    RecordKind::Event => ids(&ws.events),
                }
            };
            let mut idx: HashMap<RecordKind, HashMap<String, usize>> = HashMap::new();
            for r in new_versions {
                let kind = r.kind();
                match kind {
                    RecordKind::Product => touched.0 = true,
                    RecordKind::Promotion => touched.1 = true,
                    RecordKind::Event => touched.2 = true,
                }
                let map = idx.entry(kind).or_insert_with(|| index(kind, ws));
                let before = match (map.get(r.id()).copied(), r.clone()) {
                    (Some(i), AnyRecord::Product(p)) => ws
                        .products
                        .get_mut(i)
                        .map(|s| AnyRecord::Product(std::mem::replace(s, p))),
                    (Some(i), AnyRecord::Promotion(p)) => ws
                        .promotions
                        .get_mut(i)
                        .map(|s| AnyRecord::Promotion(std::mem::replace(s, p))),
                    (Some(i), AnyRecord::Event(e)) => ws
                        .events
                        .get_mut(i)
                        .map(|s| AnyRecord::Event(std::mem::replace(s, e))),
                    (None, rec) => {
                        let n = match &rec {
                            AnyRecord::Product(_) => ws.products.len(),
                            AnyRecord::Promotion(_) => ws.promotions.len(),
                            AnyRecord::Event(_) => ws.events.len(),
                        };
                        map.insert(rec.id().to_string(), n);
                        ws.put(rec);
                        None
                    }
                };
                step.push(Change {
                    before: before.filter(|b| !b.meta().deleted),
                    after: r,
                });
            }
        });
        self.undo.update_value(|u| u.push(step));
        self.refresh_undo_flags();
        self.mark(|d| {
            d.products |= touched.0;
            d.promotions |= touched.1;
            d.events |= touched.2;
        });
    }

    // ----- promotions and events -----

    /// Change one promotion with `f` (one undo step); no revision if nothing changed.
    pub fn edit_promotion(&self, id: &str, f: impl FnOnce(&mut Promotion)) {
        let Some(mut p) = self.ws.with_untracked(|ws| ws.promotion(id).cloned()) else {
            return;
        };
        let before = p.clone();
        f(&mut p);
        if p.same_content(&before) {
            return;
        }
        p.bump(now_ms());
        self.commit(vec![AnyRecord::Promotion(p)]);
    }

    pub fn add_promotion(&self, p: Promotion) {
        self.commit(vec![AnyRecord::Promotion(p)]);
    }

    pub fn delete_promotion(&self, id: &str) {
        self.edit_promotion(id, |p| p.meta.deleted = true);
    }

    pub fn edit_event(&self, id: &str, f: impl FnOnce(&mut PlatformEvent)) {
        let Some(mut e) = self.ws.with_untracked(|ws| ws.event(id).cloned()) else {
            return;
        };
        let before = e.clone();
        f(&mut e);
        if e.same_content(&before) {
            return;
        }
        e.bump(now_ms());
        self.commit(vec![AnyRecord::Event(e)]);
    }

    /// Add calendar events that are not there yet (seeding; not an undo step). Events the user
    /// deleted stay deleted: their tombstones keep the id.
    pub fn ensure_events(&self, seeds: Vec<PlatformEvent>) {
        let missing: Vec<PlatformEvent> = self.ws.with_untracked(|ws| {
            seeds
                .into_iter()
                .filter(|e| ws.event(e.id()).is_none())
                .collect()
        });
        if missing.is_empty() {
            return;
        }
        self.ws.update(|ws| ws.events.extend(missing));
        self.mark(|d| d.events = true);
    }

    /// Change one product with `f`; a new revision is made only if the content changed.
    pub fn edit_product(&self, id: &str, f: impl FnOnce(&mut Product)) {
        let Some(mut p) = self.ws.with_untracked(|ws| ws.product(id).cloned()) else {
            return;
        };
        let before = p.clone();
        f(&mut p);
        if p.same_content(&before) {
            return;
        }
        p.bump(now_ms());
        self.commit_products(vec![p]);
    }

    /// Apply `f` to several products as one undo step.
    pub fn edit_products(&self, ids: &[String], f: impl Fn(&mut Product)) {
        let now = now_ms();
        let changed: Vec<Product> = self.ws.with_untracked(|ws| {
            ids.iter()
                .filter_map(|id| ws.product(id))
                .filter(|p| !p.meta.deleted)
                .filter_map(|p| {
                    let mut q = p.clone();
                    f(&mut q);
                    (!q.same_content(p)).then(|| {
                        q.bump(now);
                        q
                    })
                })
                .collect()
        });
        self.commit_products(changed);
    }

    pub fn add_product(&self, category: String) -> String {
        let now = now_ms();
        let id = new_id();
        let mut p = Product {
            meta: crate::model::Meta::new(id.clone(), now),
            category,
            status: ProductStatus::Draft,
            ..Product::default()
        };
        p.bump(now);
        self.commit_products(vec![p]);
        id
    }

    pub fn duplicate_product(&self, id: &str) -> Option<String> {
        let src = self.ws.with_untracked(|ws| ws.product(id).cloned())?;
        let now = now_ms();
        let new = new_id();
        let mut p = Product {
            meta: crate::model::Meta::new(new.clone(), now),
            item_id: String::new(),
            status: ProductStatus::Draft,
            ..src
        };
        p.bump(now);
        self.commit_products(vec![p]);
        Some(new)
    }

    pub fn delete_products(&self, ids: &[String]) {
        self.edit_products(ids, |p| p.meta.deleted = true);
    }

    pub fn set_status(&self, ids: &[String], status: ProductStatus) {
        self.edit_products(ids, |p| p.status = status);
    }

    pub fn undo(&self) {
        let current = self.ws.with_untracked(|ws| ws.all_records());
        if let Some(out) = self
            .undo
            .try_update_value(|u| u.undo(&current, now_ms()))
            .flatten()
        {
            self.replace_records(out);
        }
    }

    pub fn redo(&self) {
        let current = self.ws.with_untracked(|ws| ws.all_records());
        if let Some(out) = self
            .undo
            .try_update_value(|u| u.redo(&current, now_ms()))
            .flatten()
        {
            self.replace_records(out);
        }
    }

    /// Put records in place without recording an undo step (undo/redo themselves).
    fn replace_records(&self, recs: Vec<AnyRecord>) {
        let mut touched = (false, false, false);
        self.ws.update(|ws| {
            for r in recs {
                match r.kind() {
                    RecordKind::Product => touched.0 = true,
                    RecordKind::Promotion => touched.1 = true,
                    RecordKind::Event => touched.2 = true,
                }
                ws.put(r);
            }
        });
        self.refresh_undo_flags();
        self.mark(|d| {
            d.products |= touched.0;
            d.promotions |= touched.1;
            d.events |= touched.2;
        });
    }

    fn refresh_undo_flags(&self) {
        let (u, r) = self.undo.with_value(|s| (s.can_undo(), s.can_redo()));
        self.can_undo.set(u);
        self.can_redo.set(r);
    }

    // ----- plan files -----

    /// Apply a previewed merge with the user's conflict picks. One undo step.
    pub fn apply_merge(
        &self,
        plan: &MergePlan<AnyRecord>,
        picks: &HashMap<String, Pick>,
        profile: Option<StoreProfile>,
    ) {
        let before = self.ws.with_untracked(|ws| ws.all_records());
        let mut merged = before.clone();
        merge::apply(&mut merged, plan, picks);
        self.commit(changed_records(&before, &merged));
        if let Some(theirs) = profile {
            self.merge_profile(theirs);
        }
    }

    /// "Replace everything": afterwards the shared records equal the file's (see
    /// [`merge::replace_with`]). Only a whole-workspace file replaces everything; a file of some
    /// products or of one promotion replaces just the records it holds. One undo step.
    pub fn replace_all(&self, file: &PlanFile) {
        let whole = file.scope == Scope::Workspace;
        let mine_all = self.ws.with_untracked(|ws| ws.all_records());
        self.commit(merge::replace_with(
            &mine_all,
            &file.records(),
            whole,
            now_ms(),
        ));
        if let Some(p) = file.profile.clone().filter(|_| whole) {
            self.ws.update(|ws| ws.profile = p);
            self.mark(|d| d.profile = true);
        }
    }

    fn merge_profile(&self, theirs: StoreProfile) {
        self.ws.update(|ws| {
            let mut v = vec![ws.profile.clone()];
            let plan = merge::plan_merge(&v, std::slice::from_ref(&theirs));
            // a profile conflict keeps ours: the profile is rarely edited and never worth a dialog
            merge::apply(&mut v, &plan, &HashMap::new());
            if let Some(p) = v.pop() {
                ws.profile = p;
            }
        });
        self.mark(|d| d.profile = true);
    }

    // ----- profile, settings, prefs -----

    pub fn edit_profile(&self, f: impl FnOnce(&mut StoreProfile)) {
        self.ws.update(|ws| {
            let before = ws.profile.clone();
            f(&mut ws.profile);
            if !ws.profile.same_content(&before) {
                ws.profile.bump(now_ms());
            }
        });
        self.mark(|d| d.profile = true);
    }

    pub fn edit_settings(&self, f: impl FnOnce(&mut Settings)) {
        self.ws.update(|ws| f(&mut ws.settings));
        self.mark(|d| d.settings = true);
    }

    pub fn edit_prefs(&self, f: impl FnOnce(&mut Prefs)) {
        self.prefs.update(f);
        self.mark(|d| d.prefs = true);
    }

    /// Store an imported batch of daily facts (re-imported days are replaced).
    pub fn import_metrics(&self, batch: MetricsBatch) -> UpsertReport {
        let mut report = UpsertReport::default();
        self.metrics.update(|m| report = m.upsert(batch.clone()));
        self.metrics_pending
            .update_value(|p| p.push(MetricsChange::Upsert(batch)));
        self.mark(|d| d.metrics = true);
        report
    }

    /// Start with a whole workspace (first run: sample store or empty) and its metrics.
    pub fn start_with(&self, mut ws: Workspace, metrics: MetricsStore) {
        if ws.events.is_empty() {
            // keep the seeded (and possibly edited) event calendar
            ws.events = self.ws.with_untracked(|w| w.events.clone());
        }
        self.ws.set(ws);
        self.metrics_pending
            .update_value(|p| p.push(MetricsChange::Replace(metrics.clone())));
        self.metrics.set(metrics);
        self.mark(|d| {
            d.metrics = true;
            d.products = true;
            d.promotions = true;
            d.events = true;
            d.profile = true;
            d.settings = true;
        });
        self.edit_prefs(|p| p.onboarded = true);
    }

    // ----- saving -----

    fn mark(&self, f: impl FnOnce(&mut Dirty)) {
        self.dirty.update_value(f);
        self.schedule_save();
    }

    fn schedule_save(&self) {
        if let Some(Some(h)) = self.timer.try_update_value(|t| t.take()) {
            h.clear();
        }
        let me = *self;
        let h = set_timeout_with_handle(
            move || {
                me.timer.set_value(None);
                me.flush()
            },
            SAVE_DEBOUNCE,
        )
        .ok();
        self.timer.set_value(h);
        save_status("pending");
    }

    /// Write everything dirty now, each key on its own: one key's error never hides another's.
    /// On a quota error the in-memory state and the dirty flags stay, the banner shows, and
    /// saving is tried again every few seconds (and on the next change or the retry button)
    /// until it goes through. A key that a newer app version wrote in another tab is never
    /// overwritten: it is blocked for this session and the banner says so.
    pub fn flush(&self) {
        let Some(dirty) = self.dirty.try_get_value() else {
            return;
        };
        let b = self.backend.get_value();
        let blocked = self.blocked.get_value();
        let mut errors: Vec<(&'static str, StoreError)> = Vec::new();
        let mut left = dirty;
        let mut note = |key: &'static str, r: Result<(), StoreError>, flag: &mut bool| match r {
            Ok(()) => *flag = false,
            Err(e) => errors.push((key, e)),
        };
        if dirty.products {
            let mut mine = self.ws.with_untracked(|ws| ws.products.clone());
            let r = store::save_products(b.as_ref(), &blocked, &mut mine);
            if let Ok(true) = r {
                self.ws.update(|ws| ws.products = mine);
            }
            note(store::KEY_PRODUCTS, r.map(|_| ()), &mut left.products);
        }
        if dirty.promotions {
            let mut mine = self.ws.with_untracked(|ws| ws.promotions.clone());
            let r = store::save_promotions(b.as_ref(), &blocked, &mut mine);
            if let Ok(true) = r {
                self.ws.update(|ws| ws.promotions = mine);
            }
            note(store::KEY_PROMOTIONS, r.map(|_| ()), &mut left.promotions);
        }
        if dirty.events {
            let mut mine = self.ws.with_untracked(|ws| ws.events.clone());
            let r = store::save_events(b.as_ref(), &blocked, &mut mine);
            if let Ok(true) = r {
                self.ws.update(|ws| ws.events = mine);
            }
            note(store::KEY_EVENTS, r.map(|_| ()), &mut left.events);
        }
        if dirty.profile {
            let mut mine = self.ws.with_untracked(|ws| ws.profile.clone());
            let r = store::save_profile(b.as_ref(), &blocked, &mut mine);
            if let Ok(true) = r {
                self.ws.update(|ws| ws.profile = mine);
            }
            note(store::KEY_PROFILE, r.map(|_| ()), &mut left.profile);
        }
        if dirty.metrics {
            let r = self
                .metrics
                .with_untracked(|m| store::save_metrics(b.as_ref(), &blocked, m));
            if r.is_ok() {
                self.metrics_pending.set_value(Vec::new());
            }
            note(store::KEY_METRICS, r, &mut left.metrics);
        }
        if dirty.settings {
            // Merge with what another tab may have stored since (field by field), then write.
            let mine = self.ws.with_untracked(|ws| ws.settings.clone());
            let merged = match store::read_settings(b.as_ref()) {
                Some(stored) => self
                    .settings_base
                    .with_value(|base| merge::merge_typed(base, &mine, &stored)),
                None => mine.clone(),
            };
            let r = store::write(b.as_ref(), &blocked, store::KEY_SETTINGS, &merged);
            if r.is_ok() {
                self.settings_base.set_value(merged.clone());
                if merged != mine {
                    self.ws.update(|ws| ws.settings = merged);
                }
            }
            note(store::KEY_SETTINGS, r, &mut left.settings);
        }
        if dirty.prefs {
            let mine = self.prefs.get_untracked();
            let merged = match store::read_prefs(b.as_ref()) {
                Some(stored) => self
                    .prefs_base
                    .with_value(|base| merge::merge_typed(base, &mine, &stored)),
                None => mine.clone(),
            };
            let r = store::write(b.as_ref(), &blocked, store::KEY_PREFS, &merged);
            if r.is_ok() {
                self.prefs_base.set_value(merged.clone());
                if merged != mine {
                    self.prefs.set(merged);
                }
            }
            note(store::KEY_PREFS, r, &mut left.prefs);
        }
        let mut full = errors.iter().any(|(_, e)| *e == StoreError::Quota);
        if errors.is_empty() && self.quota_full.get_untracked() && !left.any() {
            // Nothing was due, but storage was full: is there room again?
            full = store::has_room(b.as_ref()) == Err(StoreError::Quota);
        }
        let newer: Vec<&str> = errors
            .iter()
            .filter(|(_, e)| *e == StoreError::NewerData)
            .map(|(k, _)| *k)
            .collect();
        if !newer.is_empty() {
            // Never write over a newer version's data; its edits here stay in memory (backup).
            self.blocked.update_value(|bl| {
                bl.extend(newer.iter().map(|k| k.to_string()));
            });
            self.newer_elsewhere.set(true);
        }
        for (key, e) in &errors {
            if let StoreError::Other(name) = e {
                leptos::logging::warn!("saving {key} failed: {name}");
            }
        }
        self.dirty.set_value(left);
        self.set_quota_full(full);
        save_status(if errors.is_empty() { "saved" } else { "failed" });
        self.storage_used.set(store::used_chars(b.as_ref()));
    }

    /// Show or clear the storage-full state; while it is set, saving is retried every few
    /// seconds, so the data is stored as soon as space is freed (here, in another tab, or by
    /// another app on the origin).
    fn set_quota_full(&self, full: bool) {
        if self.quota_full.get_untracked() != full {
            self.quota_full.set(full);
        }
        if !full {
            if let Some(Some(h)) = self.retry.try_update_value(|t| t.take()) {
                h.clear();
            }
            return;
        }
        if self.retry.with_value(|t| t.is_some()) {
            return;
        }
        let me = *self;
        let h = set_timeout_with_handle(
            move || {
                me.retry.set_value(None);
                if me.quota_full.get_untracked() {
                    me.flush();
                }
            },
            QUOTA_RETRY,
        )
        .ok();
        self.retry.set_value(h);
    }

    /// Another tab (or app on the origin) cleared the whole storage (a `storage` event without a
    /// key): whatever was written since is merged in as usual, and this tab stores its copy again
    /// (merged with what is there), so a clear elsewhere never loses the data this tab holds.
    pub fn on_storage_cleared(&self) {
        for key in [
            store::KEY_PRODUCTS,
            store::KEY_PROMOTIONS,
            store::KEY_EVENTS,
            store::KEY_PROFILE,
            store::KEY_METRICS,
            store::KEY_SETTINGS,
            store::KEY_PREFS,
        ] {
            self.on_external_change(key);
        }
        self.mark(|d| *d = Dirty::all());
    }

    /// Another tab wrote `key`: take its newer records (no undo step), and save again what this
    /// tab holds that the other lacks.
    pub fn on_external_change(&self, key: &str) {
        let b = self.backend.get_value();
        match key {
            store::KEY_PRODUCTS => {
                if let Some(theirs) = store::read_products(b.as_ref()) {
                    let mut mine = self.ws.with_untracked(|ws| ws.products.clone());
                    if merge::merge_auto(&mut mine, &theirs) > 0 {
                        self.ws.update(|ws| ws.products = mine.clone());
                        self.synced_at.set(Some(now_ms()));
                    }
                    // The other tab may have saved without seeing our latest edits (its read of
                    // storage raced our write): if we hold anything newer, save the merge again.
                    if holds_newer(&mine, &theirs) {
                        self.mark(|d| d.products = true);
                    }
                }
            }
            store::KEY_PROMOTIONS => {
                if let Some(theirs) = store::read_promotions(b.as_ref()) {
                    let mut mine = self.ws.with_untracked(|ws| ws.promotions.clone());
                    if merge::merge_auto(&mut mine, &theirs) > 0 {
                        self.ws.update(|ws| ws.promotions = mine.clone());
                        self.synced_at.set(Some(now_ms()));
                    }
                    if holds_newer(&mine, &theirs) {
                        self.mark(|d| d.promotions = true);
                    }
                }
            }
            store::KEY_EVENTS => {
                if let Some(theirs) = store::read_events(b.as_ref()) {
                    let mut mine = self.ws.with_untracked(|ws| ws.events.clone());
                    if merge::merge_auto(&mut mine, &theirs) > 0 {
                        self.ws.update(|ws| ws.events = mine.clone());
                        self.synced_at.set(Some(now_ms()));
                    }
                    if holds_newer(&mine, &theirs) {
                        self.mark(|d| d.events = true);
                    }
                }
            }
            store::KEY_PROFILE => {
                if let Some(theirs) = store::read_profile(b.as_ref()) {
                    let mut v = vec![self.ws.with_untracked(|ws| ws.profile.clone())];
                    if merge::merge_auto(&mut v, &[theirs]) > 0 {
                        if let Some(p) = v.pop() {
                            self.ws.update(|ws| ws.profile = p);
                        }
                    }
                }
            }
            store::KEY_METRICS => {
                if let Some(mut m) = store::read_metrics(b.as_ref()) {
                    // Our changes not yet saved go on top of theirs (and are saved again).
                    let pending = self.metrics_pending.get_value();
                    for change in pending.iter().cloned() {
                        match change {
                            MetricsChange::Upsert(batch) => {
                                m.upsert(batch);
                            }
                            MetricsChange::Replace(all) => m = all,
                        }
                    }
                    self.metrics.set(m);
                    if !pending.is_empty() {
                        self.mark(|d| d.metrics = true);
                    }
                }
            }
            store::KEY_SETTINGS => {
                if let Some(theirs) = store::read_settings(b.as_ref()) {
                    let mine = self.ws.with_untracked(|ws| ws.settings.clone());
                    let merged = self
                        .settings_base
                        .with_value(|base| merge::merge_typed(base, &mine, &theirs));
                    self.settings_base.set_value(theirs.clone());
                    if merged != mine {
                        self.ws.update(|ws| ws.settings = merged.clone());
                    }
                    if merged != theirs {
                        self.mark(|d| d.settings = true);
                    }
                }
            }
            store::KEY_PREFS => {
                if let Some(theirs) = store::read_prefs(b.as_ref()) {
                    let mine = self.prefs.get_untracked();
                    let merged = self
                        .prefs_base
                        .with_value(|base| merge::merge_typed(base, &mine, &theirs));
                    self.prefs_base.set_value(theirs.clone());
                    if merged != mine {
                        self.prefs.set(merged.clone());
                    }
                    if merged != theirs {
                        self.mark(|d| d.prefs = true);
                    }
                }
            }
            _ => {}
        }
        self.storage_used.set(store::used_chars(b.as_ref()));
        if self.quota_full.get_untracked() {
            // the other tab may have freed space
            self.flush();
        }
    }

    /// Remove a value that was set aside at load (after the user downloaded it, or to free space).
    pub fn remove_key(&self, key: &str) {
        let b = self.backend.get_value();
        if key.starts_with(store::CORRUPT_PREFIX) {
            let _ = b.remove(key);
        }
        self.storage_used.set(store::used_chars(b.as_ref()));
        if self.quota_full.get_untracked() {
            self.flush();
        }
    }
}

/// True when `mine` has a record that `stored` lacks or has at another revision.
fn holds_newer<T: Record>(mine: &[T], stored: &[T]) -> bool {
    let idx: HashMap<&str, &T> = stored.iter().map(|p| (p.id(), p)).collect();
    mine.iter()
        .any(|p| idx.get(p.id()).is_none_or(|s| s.meta().rev != p.meta().rev))
}

/// Records in `after` that differ from `before` (by revision), including new ones.
fn changed_records<T: Record>(before: &[T], after: &[T]) -> Vec<T> {
    let idx: HashMap<&str, &T> = before.iter().map(|p| (p.id(), p)).collect();
    after
        .iter()
        .filter(|p| idx.get(p.id()).is_none_or(|b| b.meta().rev != p.meta().rev))
        .cloned()
        .collect()
}

fn ids<T: Record>(v: &[T]) -> HashMap<String, usize> {
    v.iter()
        .enumerate()
        .map(|(i, r)| (r.id().to_string(), i))
        .collect()
}
