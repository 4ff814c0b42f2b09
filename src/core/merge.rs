//! Merging two copies of a record collection (a teammate's plan file into ours, or another tab's
//! save into this tab). Records meet by id; their revisions decide:
//! - same revision → unchanged;
//! - one side's ancestry contains the other's revision → the descendant wins (fast-forward);
//!   a deletion is just a newer revision, so a tombstone wins over the edits it descends from;
//! - otherwise both changed since they diverged → a conflict the user resolves
//!   (or, for tab sync, the later edit wins), unless both made the identical change.
//!
//! Resolving creates a merge revision whose ancestry holds both heads, so either copy later
//! fast-forwards to it. Merge revisions are deterministic, which keeps merging commutative.

use crate::model::meta::{fnv32, MAX_ANCESTORS};
use crate::model::{AnyRecord, Kind, Record, Rev};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// How an incoming record relates to the local one with the same id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Same,
    /// The incoming record is an older revision of ours: nothing to do.
    IncomingOlder,
    /// The incoming record descends from ours: take it.
    IncomingNewer,
    /// Both changed since they diverged (or the shared history was forgotten).
    Conflict,
}

pub fn relate<T: Record>(local: &T, incoming: &T) -> Relation {
    let (l, i) = (local.meta(), incoming.meta());
    if l.rev == i.rev {
        Relation::Same
    } else if l.rev.gen == 0 || i.anc.contains(&l.rev) {
        // generation 0 is a default record nobody edited: every revision descends from it
        Relation::IncomingNewer
    } else if i.rev.gen == 0 {
        Relation::IncomingOlder
    } else if i.anc.contains(&l.rev) {
        Relation::IncomingNewer
    } else if l.anc.contains(&i.rev) {
        Relation::IncomingOlder
    } else {
        Relation::Conflict
    }
}

/// One record changed on both sides.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict<T> {
    pub mine: T,
    pub theirs: T,
}

/// What importing `incoming` into `local` would do. Nothing is applied yet.
#[derive(Clone, Debug, PartialEq)]
pub struct MergePlan<T> {
    /// Records we do not have (live ones).
    pub added: Vec<T>,
    /// Fast-forwards to a newer live revision: (ours, theirs).
    pub updated: Vec<(T, T)>,
    /// Fast-forwards to a tombstone, or tombstones we did not have: (ours if any, theirs).
    pub deleted: Vec<(Option<T>, T)>,
    /// Same revision, or theirs is older: nothing to do.
    pub unchanged: usize,
    /// Both sides changed the same content identically from different histories: adopt a merge
    /// revision silently (content unchanged).
    pub converged: Vec<(T, T)>,
    pub conflicts: Vec<Conflict<T>>,
}

impl<T> MergePlan<T> {
    pub fn is_noop(&self) -> bool {
        self.added.is_empty()
            && self.updated.is_empty()
            && self.deleted.is_empty()
            && self.converged.is_empty()
            && self.conflicts.is_empty()
    }
}

/// Compare two collections by id. Duplicate ids inside `incoming` are expected to have been
/// rejected by validation; if present, the last one is used.
pub fn plan_merge<T: Record>(local: &[T], incoming: &[T]) -> MergePlan<T> {
    let by_id: HashMap<&str, &T> = local.iter().map(|r| (r.id(), r)).collect();
    let mut plan = MergePlan {
        added: Vec::new(),
        updated: Vec::new(),
        deleted: Vec::new(),
        unchanged: 0,
        converged: Vec::new(),
        conflicts: Vec::new(),
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut deduped: Vec<&T> = Vec::new();
    for r in incoming {
        match seen.get(r.id()) {
            Some(&i) => deduped[i] = r,
            None => {
                seen.insert(r.id(), deduped.len());
                deduped.push(r);
            }
        }
    }
    for theirs in deduped {
        match by_id.get(theirs.id()) {
            None if theirs.meta().deleted => plan.deleted.push((None, theirs.clone())),
            None => plan.added.push(theirs.clone()),
            Some(&mine) => match relate(mine, theirs) {
                Relation::Same | Relation::IncomingOlder => plan.unchanged += 1,
                Relation::IncomingNewer if theirs.meta().deleted && !mine.meta().deleted => {
                    plan.deleted.push((Some(mine.clone()), theirs.clone()))
                }
                Relation::IncomingNewer => plan.updated.push((mine.clone(), theirs.clone())),
                Relation::Conflict if mine.same_content(theirs) => {
                    plan.converged.push((mine.clone(), theirs.clone()))
                }
                Relation::Conflict => plan.conflicts.push(Conflict {
                    mine: mine.clone(),
                    theirs: theirs.clone(),
                }),
            },
        }
    }
    plan
}

/// The user's pick for one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Mine,
    Theirs,
}

/// A merge revision joining two heads: content from `winner`, ancestry from both. Deterministic
/// in its inputs (not in which side is "mine"), so both teammates reach the same revision.
pub fn join<T: Record>(winner: &T, a: &T, b: &T) -> T {
    let mut out = winner.clone();
    let (ma, mb) = (a.meta(), b.meta());
    let (lo, hi) = if ma.rev <= mb.rev {
        (ma.rev, mb.rev)
    } else {
        (mb.rev, ma.rev)
    };
    let content = winner.content_bytes();
    let mut anc: Vec<Rev> = vec![hi, lo];
    for r in ma.anc.iter().chain(mb.anc.iter()) {
        if !anc.contains(r) {
            anc.push(*r);
        }
    }
    // newest first; keep the joined heads even when history is long
    anc[2..].sort_by(|x, y| y.cmp(x));
    anc.truncate(MAX_ANCESTORS);
    let m = out.meta_mut();
    m.rev = Rev {
        gen: ma.rev.gen.max(mb.rev.gen).saturating_add(1),
        hash: fnv32(&[
            lo.to_string().as_bytes(),
            hi.to_string().as_bytes(),
            &content,
        ]),
    };
    m.anc = anc;
    m.updated = ma.updated.max(mb.updated);
    out
}

/// Resolve a conflict by the user's pick.
pub fn resolve<T: Record>(c: &Conflict<T>, pick: Pick) -> T {
    let winner = match pick {
        Pick::Mine => &c.mine,
        Pick::Theirs => &c.theirs,
    };
    join(winner, &c.mine, &c.theirs)
}

/// Automatic pick for tab sync, where nobody is asked: the later edit wins; ties go to the
/// higher revision so every tab decides the same way.
pub fn auto_pick<T: Record>(c: &Conflict<T>) -> Pick {
    let (m, t) = (c.mine.meta(), c.theirs.meta());
    if (t.updated, t.rev) > (m.updated, m.rev) {
        Pick::Theirs
    } else {
        Pick::Mine
    }
}

/// Apply a plan to `local`. `picks` gives the choice per conflicting id; a conflict without a
/// pick keeps ours unchanged (nothing is dropped; the next import will ask again).
pub fn apply<T: Record>(local: &mut Vec<T>, plan: &MergePlan<T>, picks: &HashMap<String, Pick>) {
    let mut index: HashMap<String, usize> = local
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id().to_string(), i))
        .collect();
    let mut put = |local: &mut Vec<T>, rec: T| match index.get(rec.id()) {
        Some(&i) => {
            if let Some(slot) = local.get_mut(i) {
                *slot = rec;
            }
        }
        None => {
            index.insert(rec.id().to_string(), local.len());
            local.push(rec);
        }
    };
    for r in &plan.added {
        put(local, r.clone());
    }
    for (_, theirs) in plan.updated.iter() {
        put(local, theirs.clone());
    }
    for (_, theirs) in plan.deleted.iter() {
        put(local, theirs.clone());
    }
    for (mine, theirs) in plan.converged.iter() {
        put(local, join(mine, mine, theirs));
    }
    for c in &plan.conflicts {
        if let Some(p) = picks.get(c.mine.id()) {
            put(local, resolve(c, *p));
        }
    }
}

/// "Replace with the file": the new revisions that make `local` equal `incoming`. Records the file
/// holds take its content as revisions that descend from both sides, so a later merge with
/// either copy sees no conflict. Records the file lacks become tombstones only when the file is a
/// whole workspace (`whole`): a file of some products or of one promotion says nothing about the
/// records it does not hold, so they are left alone.
pub fn replace_with<T: Record>(local: &[T], incoming: &[T], whole: bool, now_ms: i64) -> Vec<T> {
    let theirs: HashMap<&str, &T> = incoming.iter().map(|p| (p.id(), p)).collect();
    let mine_ids: std::collections::HashSet<&str> = local.iter().map(|r| r.id()).collect();
    let mut out = Vec::new();
    for mine in local {
        match theirs.get(mine.id()) {
            Some(t) => match relate(mine, *t) {
                Relation::Same => {}
                Relation::IncomingNewer => out.push((*t).clone()),
                _ => out.push(join(*t, mine, *t)),
            },
            None if whole && !mine.meta().deleted => {
                let mut d = mine.clone();
                d.tombstone(now_ms);
                out.push(d);
            }
            None => {}
        }
    }
    out.extend(
        incoming
            .iter()
            .filter(|t| !mine_ids.contains(t.id()))
            .cloned(),
    );
    out
}

/// Three-way merge of two JSON values edited from a common `base`, field by field (objects
/// recursively): a field one side changed takes that side's value; a field both changed takes
/// `mine`. For values without revisions (settings, preferences) shared by the tabs of a browser,
/// so two tabs that each changed another setting both keep their change.
pub fn merge_fields(base: &Value, mine: &Value, theirs: &Value) -> Value {
    match (mine, theirs) {
        (Value::Object(m), Value::Object(t)) => {
            let empty = serde_json::Map::new();
            let b = base.as_object().unwrap_or(&empty);
            let mut out = serde_json::Map::new();
            for key in m.keys().chain(t.keys()) {
                if out.contains_key(key) {
                    continue;
                }
                let bv = b.get(key);
                let merged = match (m.get(key), t.get(key)) {
                    (Some(mv), Some(tv)) => Some(merge_fields(bv.unwrap_or(&Value::Null), mv, tv)),
                    // only theirs has it: new there, or deleted here
                    (None, Some(tv)) => (bv.is_none() || bv != Some(tv)).then(|| tv.clone()),
                    // only mine has it: new here, or deleted there
                    (Some(mv), None) => (bv.is_none() || bv != Some(mv)).then(|| mv.clone()),
                    (None, None) => None,
                };
                if let Some(v) = merged {
                    out.insert(key.clone(), v);
                }
            }
            Value::Object(out)
        }
        _ if mine != base => mine.clone(),
        _ => theirs.clone(),
    }
}

/// [`merge_fields`] for typed values; `mine` if the merged value does not read back.
pub fn merge_typed<T: Serialize + DeserializeOwned + Clone>(base: &T, mine: &T, theirs: &T) -> T {
    let v = |x: &T| serde_json::to_value(x).unwrap_or(Value::Null);
    serde_json::from_value(merge_fields(&v(base), &v(mine), &v(theirs)))
        .unwrap_or_else(|_| mine.clone())
}

/// Merge without asking (tab sync): conflicts resolved by [`auto_pick`]. Returns the number of
/// records that changed in `local`.
pub fn merge_auto<T: Record>(local: &mut Vec<T>, incoming: &[T]) -> usize {
    let plan = plan_merge(local, incoming);
    if plan.is_noop() {
        return 0;
    }
    let picks: HashMap<String, Pick> = plan
        .conflicts
        .iter()
        .map(|c| (c.mine.id().to_string(), auto_pick(c)))
        .collect();
    let n = plan.added.len()
        + plan.updated.len()
        + plan.deleted.len()
        + plan.converged.len()
        + plan.conflicts.len();
    apply(local, &plan, &picks);
    n
}

/// [`merge_auto`] for one kind's collection, through the one instance over [`AnyRecord`]: the
/// same merge (ids are unique, so wrapping changes nothing), but the code is in the main bundle
/// once instead of once per kind (issue 10: a kind used to add ~2.6 KB of merge code there).
pub fn merge_kind<K: Kind>(local: &mut Vec<K>, incoming: Vec<K>) -> usize {
    let mut mine: Vec<AnyRecord> = std::mem::take(local).into_iter().map(K::wrap).collect();
    let theirs: Vec<AnyRecord> = incoming.into_iter().map(K::wrap).collect();
    let n = merge_auto(&mut mine, &theirs);
    *local = mine.into_iter().filter_map(K::unwrap).collect();
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fen, Product};

    fn named(id: &str, title: &str) -> Product {
        let mut p = Product {
            meta: crate::model::Meta::new(id.into(), 1),
            title: title.into(),
            ..Product::default()
        };
        p.bump(1);
        p
    }

    #[test]
    fn settings_changed_in_two_tabs_keep_both_changes() {
        let base = serde_json::json!({"a": 1, "b": 1, "m": {"x": 1}});
        let mine = serde_json::json!({"a": 2, "b": 1, "m": {"x": 1, "y": 2}});
        let theirs = serde_json::json!({"a": 1, "b": 3, "m": {"x": 1, "z": 3}});
        assert_eq!(
            merge_fields(&base, &mine, &theirs),
            serde_json::json!({"a": 2, "b": 3, "m": {"x": 1, "y": 2, "z": 3}})
        );
        // both changed one field: mine
        let theirs2 = serde_json::json!({"a": 5, "b": 1, "m": {"x": 1}});
        assert_eq!(merge_fields(&base, &mine, &theirs2)["a"], 2);
        // a key the other side removed stays removed
        let theirs3 = serde_json::json!({"a": 1, "b": 1, "m": {}});
        assert_eq!(
            merge_fields(&base, &base, &theirs3),
            serde_json::json!({"a": 1, "b": 1, "m": {}})
        );
    }

    #[test]
    fn replacing_with_a_scoped_file_leaves_the_records_it_does_not_hold_alone() {
        let mine: Vec<Product> = (0..5).map(|i| named(&format!("p{i}"), "mine")).collect();
        let mut theirs = mine[1].clone();
        theirs.title = "theirs".into();
        theirs.bump(2);
        let out = replace_with(&mine, std::slice::from_ref(&theirs), false, 3);
        assert_eq!(out.len(), 1, "only the file's own record changes");
        assert_eq!(out[0].title, "theirs");
        assert!(!out[0].meta.deleted);
    }

    #[test]
    fn replacing_with_a_whole_workspace_tombstones_what_the_file_lacks() {
        let mine: Vec<Product> = (0..3).map(|i| named(&format!("p{i}"), "mine")).collect();
        let out = replace_with(&mine, &mine[..1], true, 3);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|p| p.meta.deleted));
    }

    fn p(id: &str, price: i64) -> Product {
        let mut p = Product::new(id.into(), 1_000);
        p.title = format!("商品{id}");
        p.list_price = Fen(price);
        p.bump(1_000);
        p
    }

    fn edit(p: &Product, price: i64, t: i64) -> Product {
        let mut q = p.clone();
        q.list_price = Fen(price);
        q.bump(t);
        q
    }

    #[test]
    fn same_edit_from_same_parent_gives_same_revision() {
        let base = p("a", 100);
        assert_eq!(edit(&base, 200, 5).meta.rev, edit(&base, 200, 9).meta.rev);
        assert_ne!(edit(&base, 200, 5).meta.rev, edit(&base, 300, 5).meta.rev);
    }

    #[test]
    fn descendant_fast_forwards_and_older_is_unchanged() {
        let base = p("a", 100);
        let newer = edit(&base, 200, 2_000);
        let plan = plan_merge(std::slice::from_ref(&base), std::slice::from_ref(&newer));
        assert_eq!(plan.updated.len(), 1);
        let plan = plan_merge(std::slice::from_ref(&newer), std::slice::from_ref(&base));
        assert_eq!(plan.unchanged, 1);
        assert!(plan.is_noop());
    }

    #[test]
    fn tombstone_wins_over_the_edit_it_descends_from() {
        let base = p("a", 100);
        let mut dead = base.clone();
        dead.tombstone(3_000);
        let mut local = vec![base];
        merge_auto(&mut local, &[dead]);
        assert!(local[0].meta.deleted);
    }

    #[test]
    fn concurrent_edits_conflict_and_resolution_is_known_to_both() {
        let base = p("a", 100);
        let mine = edit(&base, 200, 2_000);
        let theirs = edit(&base, 300, 2_500);
        let plan = plan_merge(std::slice::from_ref(&mine), std::slice::from_ref(&theirs));
        assert_eq!(plan.conflicts.len(), 1);
        let r = resolve(&plan.conflicts[0], Pick::Mine);
        assert_eq!(r.list_price, Fen(200));
        assert_eq!(relate(&mine, &r), Relation::IncomingNewer);
        assert_eq!(relate(&theirs, &r), Relation::IncomingNewer);
        // the other side resolving the same way reaches the same revision
        let plan2 = plan_merge(std::slice::from_ref(&theirs), std::slice::from_ref(&mine));
        let r2 = resolve(&plan2.conflicts[0], Pick::Theirs);
        assert_eq!(r, r2);
    }

    #[test]
    fn identical_concurrent_edits_converge_without_asking() {
        let base = p("a", 100);
        let mut x = base.clone();
        x.list_price = Fen(500);
        x.bump(10);
        let mut y = edit(&base, 400, 5);
        y.list_price = Fen(500);
        y.bump(6);
        let plan = plan_merge(std::slice::from_ref(&x), std::slice::from_ref(&y));
        assert_eq!(plan.converged.len(), 1);
        assert!(plan.conflicts.is_empty());
    }

    #[test]
    fn unresolved_conflict_keeps_ours() {
        let base = p("a", 100);
        let mine = edit(&base, 200, 2_000);
        let theirs = edit(&base, 300, 2_500);
        let mut local = vec![mine.clone()];
        let plan = plan_merge(&local, std::slice::from_ref(&theirs));
        apply(&mut local, &plan, &HashMap::new());
        assert_eq!(local, vec![mine]);
    }

    #[test]
    fn auto_pick_takes_the_later_edit() {
        let base = p("a", 100);
        let mine = edit(&base, 200, 2_000);
        let theirs = edit(&base, 300, 2_500);
        let mut local = vec![mine];
        merge_auto(&mut local, &[theirs]);
        assert_eq!(local[0].list_price, Fen(300));
    }
}
