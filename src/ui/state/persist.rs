//! Saving (debounced, each key on its own), the storage-full state and its retry, and what other
//! tabs write: their records are merged in, ours saved again when we hold newer ones.

use super::{now_ms, save_status, AppState, Dirty, MetricsChange, QUOTA_RETRY, SAVE_DEBOUNCE};
use crate::core::merge;
use crate::model::kinds::{self, Kind, KindVisitor};
use crate::model::{Record, RecordKind};
use crate::store::{self, Backend, StoreError};
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};

impl AppState {
    // ----- saving -----

    pub(super) fn mark(&self, f: impl FnOnce(&mut Dirty)) {
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
        let mut left = dirty.clone();
        for (key, r) in self.save_kinds(b.as_ref(), &blocked, &dirty.kinds) {
            match r {
                Ok(()) => {
                    if let Some(k) = RecordKind::from_key(key) {
                        left.kinds.remove(&k);
                    }
                }
                Err(e) => errors.push((key, e)),
            }
        }
        let mut note = |key: &'static str, r: Result<(), StoreError>, flag: &mut bool| match r {
            Ok(()) => *flag = false,
            Err(e) => errors.push((key, e)),
        };
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
    pub(super) fn set_quota_full(&self, full: bool) {
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
        let kinds = RecordKind::all().into_iter().map(RecordKind::key);
        let others = [
            store::KEY_PROFILE,
            store::KEY_METRICS,
            store::KEY_SETTINGS,
            store::KEY_PREFS,
        ];
        for key in kinds.chain(others) {
            self.on_external_change(key);
        }
        self.mark(|d| *d = Dirty::all());
    }

    /// Another tab wrote `key`: take its newer records (no undo step), and save again what this
    /// tab holds that the other lacks.
    pub fn on_external_change(&self, key: &str) {
        let b = self.backend.get_value();
        if let Some(kind) = RecordKind::from_key(key) {
            kinds::visit(
                kind,
                &mut TakeTheirs {
                    state: *self,
                    b: b.as_ref(),
                },
            );
        }
        match key {
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
                            MetricsChange::Remove(kind, p) => {
                                m.remove(kind, p);
                            }
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

impl AppState {
    /// Save every dirty record kind; (storage key, outcome) per kind.
    fn save_kinds(
        &self,
        b: &dyn Backend,
        blocked: &BTreeSet<String>,
        dirty: &BTreeSet<RecordKind>,
    ) -> Vec<(&'static str, Result<(), StoreError>)> {
        struct Save<'a> {
            state: AppState,
            b: &'a dyn Backend,
            blocked: &'a BTreeSet<String>,
            dirty: &'a BTreeSet<RecordKind>,
            out: Vec<(&'static str, Result<(), StoreError>)>,
        }
        impl KindVisitor for Save<'_> {
            fn visit<K: Kind>(&mut self) {
                if !self.dirty.contains(&K::KIND) {
                    return;
                }
                let ws = self.state.ws;
                let mut mine = ws.with_untracked(|ws| K::of(ws).clone());
                let r = store::save::<K>(self.b, self.blocked, &mut mine);
                if let Ok(true) = r {
                    // another tab's newer records were merged in
                    ws.update(|ws| *K::of_mut(ws) = mine);
                }
                self.out.push((K::KEY, r.map(|_| ())));
            }
        }
        let mut v = Save {
            state: *self,
            b,
            blocked,
            dirty,
            out: Vec::new(),
        };
        kinds::each_kind(&mut v);
        v.out
    }
}

/// Another tab wrote the records of kind `K`: take its newer ones (no undo step), and save again
/// if we hold anything it lacks.
struct TakeTheirs<'a> {
    state: AppState,
    b: &'a dyn Backend,
}

impl KindVisitor for TakeTheirs<'_> {
    fn visit<K: Kind>(&mut self) {
        let Some(theirs) = store::read::<K>(self.b) else {
            return;
        };
        let ws = self.state.ws;
        let mut mine = ws.with_untracked(|ws| K::of(ws).clone());
        if merge::merge_kind(&mut mine, theirs.clone()) > 0 {
            ws.update(|ws| *K::of_mut(ws) = mine.clone());
            self.state.synced_at.set(Some(now_ms()));
        }
        // The other tab may have saved without seeing our latest edits (its read of storage
        // raced our write): if we hold anything newer, save the merge again.
        if holds_newer(&mine, &theirs) {
            self.state.mark(|d| {
                d.kinds.insert(K::KIND);
            });
        }
    }
}
