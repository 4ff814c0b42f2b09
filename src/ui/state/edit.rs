//! Changes to the state: records (each call one undo step), plan-file merges, the profile,
//! settings and preferences, imported metrics.

use super::{new_id, now_ms, AppState, MetricsChange};
use crate::core::merge::{self, MergePlan, Pick};
use crate::core::metrics::period::Period;
use crate::core::metrics::store::{FactKind, MetricsBatch, MetricsStore, UpsertReport};
use crate::core::undo::Change;
use crate::formats::plan_file::{PlanFile, Scope};
use crate::model::kinds::Index;
use crate::model::{
    AnyRecord, Kind, PlatformEvent, Product, ProductStatus, Promotion, Record, RecordKind,
    Settings, StoreProfile, Workspace,
};
use crate::store::Prefs;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};

impl AppState {
    // ----- records (each call is one undo step) -----

    /// Store new revisions of any records as one undo step.
    pub fn commit(&self, new_versions: Vec<AnyRecord>) {
        self.commit_with(new_versions, None);
    }

    /// [`AppState::commit`] with a profile change (before, after) already made, in the same
    /// undo step.
    fn commit_with(
        &self,
        new_versions: Vec<AnyRecord>,
        profile: Option<(StoreProfile, StoreProfile)>,
    ) {
        if new_versions.is_empty() && profile.is_none() {
            return;
        }
        let mut step = Vec::with_capacity(new_versions.len());
        let mut touched = BTreeSet::new();
        self.ws.update(|ws| {
            let mut index = Index::new();
            for r in new_versions {
                touched.insert(r.kind());
                let before = ws.records.put_indexed(r.clone(), &mut index);
                step.push(Change {
                    before: before.filter(|b| !b.meta().deleted),
                    after: r,
                });
            }
        });
        self.undo.update_value(|u| u.push_with(step, profile));
        self.refresh_undo_flags();
        self.mark(|d| d.kinds.extend(touched));
    }

    /// Store new records of one kind (already bumped) as one undo step.
    pub fn commit_kind<K: Kind>(&self, new_versions: Vec<K>) {
        self.commit(new_versions.into_iter().map(K::wrap).collect());
    }

    /// Change one record with `f` (one undo step); no revision if nothing changed.
    pub fn edit<K: Kind>(&self, id: &str, f: impl FnOnce(&mut K)) {
        let Some(mut r) = self.ws.with_untracked(|ws| ws.get::<K>(id).cloned()) else {
            return;
        };
        let before = r.clone();
        f(&mut r);
        if r.same_content(&before) {
            return;
        }
        r.bump(now_ms());
        self.commit(vec![r.wrap()]);
    }

    /// Apply `f` to several live records of one kind as one undo step.
    pub fn edit_many<K: Kind>(&self, ids: &[String], f: impl Fn(&mut K)) {
        let now = now_ms();
        let changed: Vec<K> = self.ws.with_untracked(|ws| {
            ids.iter()
                .filter_map(|id| ws.get::<K>(id))
                .filter(|r| !r.meta().deleted)
                .filter_map(|r| {
                    let mut q = r.clone();
                    f(&mut q);
                    (!q.same_content(r)).then(|| {
                        q.bump(now);
                        q
                    })
                })
                .collect()
        });
        self.commit_kind(changed);
    }

    /// Store new revisions of products (already bumped by the caller).
    pub fn commit_products(&self, new_versions: Vec<Product>) {
        self.commit_kind(new_versions);
    }

    /// Change one promotion with `f` (one undo step); no revision if nothing changed.
    pub fn edit_promotion(&self, id: &str, f: impl FnOnce(&mut Promotion)) {
        self.edit(id, f);
    }

    pub fn add_promotion(&self, p: Promotion) {
        self.commit(vec![p.wrap()]);
    }

    /// A new idea-stage promotion starting on `start` (7 days) as an unsaved draft
    /// (`promo_draft`): the editor stores it with the first accepted edit, so opening 新建 and
    /// going back creates nothing. Returns its id.
    pub fn draft_promotion(&self, start: chrono::NaiveDate, name: String) -> String {
        let id = new_id();
        let end = start + chrono::Duration::days(6);
        self.promo_draft.set(Some(Promotion::new(
            id.clone(),
            name,
            crate::model::DateRange::new(start, end),
            now_ms(),
        )));
        id
    }

    pub fn delete_promotion(&self, id: &str) {
        self.edit_promotion(id, |p| p.meta.deleted = true);
    }

    pub fn edit_event(&self, id: &str, f: impl FnOnce(&mut PlatformEvent)) {
        self.edit(id, f);
    }

    /// Add calendar events that are not there yet (seeding; not an undo step), and bring seeds
    /// nobody edited up to a newer seed pattern (`core::promo::events::seeds_to_store`). Events
    /// the user edited or deleted stay as they are: their revisions are newer than any seed.
    pub fn ensure_events(&self, seeds: Vec<PlatformEvent>) {
        let new: Vec<PlatformEvent> = self
            .ws
            .with_untracked(|ws| crate::core::promo::events::seeds_to_store(&ws.events, seeds));
        if new.is_empty() {
            return;
        }
        self.ws.update(|ws| {
            for e in new {
                match ws.events.iter_mut().find(|x| x.meta.id == e.meta.id) {
                    // an older seed nobody edited: fast-forward to the newer pattern
                    Some(old) => *old = e,
                    None => ws.events.push(e),
                }
            }
        });
        self.mark(|d| {
            d.kinds.insert(PlatformEvent::KIND);
        });
    }

    /// Make the recurring tasks due from the last day this browser made them (at most a month
    /// back) through `today`, each once (deterministic ids: an instance a teammate already made
    /// is the same record). Not an undo step, like the seeded events.
    pub fn ensure_recurring(&self, today: chrono::NaiveDate) {
        let any = self
            .ws
            .with_untracked(|ws| ws.live::<crate::model::TaskTemplate>().any(|t| t.active));
        if !any {
            return; // nothing recurs: leave storage untouched
        }
        let from = crate::core::tasks::catch_up_from(
            self.prefs.with_untracked(|p| p.tasks_through),
            today,
        );
        let new: Vec<crate::model::Task> = self.ws.with_untracked(|ws| {
            crate::core::tasks::due_instances(&ws.task_templates, &ws.tasks, from, today, now_ms())
        });
        if !new.is_empty() {
            self.ws.update(|ws| ws.tasks.extend(new));
            self.mark(|d| {
                d.kinds.insert(crate::model::Task::KIND);
            });
        }
        if self.prefs.with_untracked(|p| p.tasks_through) != Some(today) {
            self.edit_prefs(|p| p.tasks_through = Some(today));
        }
    }

    /// Change one product with `f`; a new revision is made only if the content changed.
    pub fn edit_product(&self, id: &str, f: impl FnOnce(&mut Product)) {
        self.edit(id, f);
    }

    /// Apply `f` to several products as one undo step.
    pub fn edit_products(&self, ids: &[String], f: impl Fn(&mut Product)) {
        self.edit_many(ids, f);
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
        if let Some((out, profile)) = self
            .undo
            .try_update_value(|u| u.undo_with(&current, now_ms()))
            .flatten()
        {
            self.replace_records(out);
            self.restore_profile(profile);
        }
    }

    pub fn redo(&self) {
        let current = self.ws.with_untracked(|ws| ws.all_records());
        if let Some((out, profile)) = self
            .undo
            .try_update_value(|u| u.redo_with(&current, now_ms()))
            .flatten()
        {
            self.replace_records(out);
            self.restore_profile(profile);
        }
    }

    /// The profile content an undo or redo puts back, as a new revision of the current profile
    /// (like records: it still merges with copies that saw the change).
    fn restore_profile(&self, content: Option<StoreProfile>) {
        let Some(mut p) = content else { return };
        self.ws.update(|ws| {
            *p.meta_mut() = ws.profile.meta().clone();
            p.bump(now_ms());
            ws.profile = p;
        });
        self.mark(|d| d.profile = true);
    }

    /// Put records in place without recording an undo step (undo/redo themselves).
    fn replace_records(&self, recs: Vec<AnyRecord>) {
        let mut touched = BTreeSet::new();
        self.ws.update(|ws| {
            let mut index = Index::new();
            for r in recs {
                touched.insert(r.kind());
                ws.records.put_indexed(r, &mut index);
            }
        });
        self.refresh_undo_flags();
        self.mark(|d| d.kinds.extend(touched));
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
        let records = merge::replace_with(&mine_all, &file.all_records(), whole, now_ms());
        // the profile is replaced in the same undo step as the records
        let profile = file.profile.clone().filter(|_| whole).and_then(|theirs| {
            let before = self.ws.with_untracked(|ws| ws.profile.clone());
            (!before.same_content(&theirs) || before.meta() != theirs.meta())
                .then_some((before, theirs))
        });
        if let Some((_, p)) = &profile {
            let p = p.clone();
            self.ws.update(|ws| ws.profile = p);
            self.mark(|d| d.profile = true);
        }
        self.commit_with(records, profile);
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

    /// Delete the imported rows of `kind` on the days of `p`; the rows removed are returned so
    /// that [`AppState::import_metrics`] can put them back (undo).
    pub fn remove_metrics(&self, kind: FactKind, p: Period) -> MetricsBatch {
        let mut gone = MetricsBatch::default();
        self.metrics.update(|m| gone = m.remove(kind, p));
        if !gone.is_empty() {
            self.metrics_pending
                .update_value(|q| q.push(MetricsChange::Remove(kind, p)));
            self.mark(|d| d.metrics = true);
        }
        gone
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
            d.kinds.extend(RecordKind::all());
            d.metrics = true;
            d.profile = true;
            d.settings = true;
        });
        self.edit_prefs(|p| p.onboarded = true);
    }
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
