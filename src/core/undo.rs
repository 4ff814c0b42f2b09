//! Undo/redo for record edits. An undo step is a list of changes (one edit, a bulk action or a
//! whole import). Undoing writes the old content back as a *new* revision rather than rewinding
//! the revision, so an undone edit still merges correctly with copies that saw the edit.

use crate::model::Record;

/// One record before and after a change. `before == None` means the change created it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change<T> {
    pub before: Option<T>,
    pub after: T,
}

/// One undo step: record changes, and optionally a value outside the records (`S`, the store
/// profile in the app) as (before, after), undone and redone with them.
#[derive(Clone, Debug, PartialEq)]
struct Step<T, S> {
    changes: Vec<Change<T>>,
    side: Option<(S, S)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UndoStack<T, S = ()> {
    undo: Vec<Step<T, S>>,
    redo: Vec<Step<T, S>>,
    limit: usize,
}

impl<T, S> Default for UndoStack<T, S> {
    fn default() -> Self {
        UndoStack {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: 100,
        }
    }
}

impl<T: Record, S: Clone> UndoStack<T, S> {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Remember a step. Empty steps are ignored. A new step clears the redo history.
    pub fn push(&mut self, step: Vec<Change<T>>) {
        self.push_with(step, None);
    }

    /// Remember a step with a change of the side value (`(before, after)`) in it; a step with no
    /// record change and no side change is ignored.
    pub fn push_with(&mut self, changes: Vec<Change<T>>, side: Option<(S, S)>) {
        if changes.is_empty() && side.is_none() {
            return;
        }
        self.undo.push(Step { changes, side });
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undo the last step against the current records. Returns the records to store.
    pub fn undo(&mut self, current: &[T], now_ms: i64) -> Option<Vec<T>> {
        self.undo_with(current, now_ms).map(|(r, _)| r)
    }

    pub fn redo(&mut self, current: &[T], now_ms: i64) -> Option<Vec<T>> {
        self.redo_with(current, now_ms).map(|(r, _)| r)
    }

    /// [`UndoStack::undo`], with the side value to put back when the step changed it.
    pub fn undo_with(&mut self, current: &[T], now_ms: i64) -> Option<(Vec<T>, Option<S>)> {
        let step = self.undo.pop()?;
        let out = step
            .changes
            .iter()
            .rev()
            .map(|c| {
                let target = c.before.as_ref();
                restore(current, &c.after, target, now_ms)
            })
            .collect();
        let side = step.side.as_ref().map(|(before, _)| before.clone());
        self.redo.push(step);
        Some((out, side))
    }

    /// [`UndoStack::redo`], with the side value to set again when the step changed it.
    pub fn redo_with(&mut self, current: &[T], now_ms: i64) -> Option<(Vec<T>, Option<S>)> {
        let step = self.redo.pop()?;
        let out = step
            .changes
            .iter()
            .map(|c| restore(current, &c.after, Some(&c.after), now_ms))
            .collect();
        let side = step.side.as_ref().map(|(_, after)| after.clone());
        self.undo.push(step);
        Some((out, side))
    }
}

/// New revision of the record currently stored under `after`'s id, with the content of
/// `target` (or a tombstone when `target` is None: the record did not exist before).
fn restore<T: Record>(current: &[T], after: &T, target: Option<&T>, now_ms: i64) -> T {
    let cur = current
        .iter()
        .find(|r| r.id() == after.id())
        .unwrap_or(after);
    let meta = cur.meta().clone();
    let mut out = match target {
        Some(t) => {
            let mut t = t.clone();
            *t.meta_mut() = meta;
            t.meta_mut().deleted = target.map(|x| x.meta().deleted).unwrap_or(false);
            t
        }
        None => {
            let mut t = cur.clone();
            t.meta_mut().deleted = true;
            t
        }
    };
    out.bump(now_ms);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fen, Product};

    #[test]
    fn undo_restores_content_with_a_newer_revision_and_redo_reapplies() {
        let a = Product::new("a".into(), 1);
        let mut b = a.clone();
        b.list_price = Fen(500);
        b.bump(2);
        let mut s: UndoStack<Product> = UndoStack::default();
        s.push(vec![Change {
            before: Some(a.clone()),
            after: b.clone(),
        }]);
        let undone = s.undo(std::slice::from_ref(&b), 3).unwrap();
        assert_eq!(undone[0].list_price, Fen(0));
        assert!(undone[0].meta.rev.gen > b.meta.rev.gen);
        assert!(s.can_redo());
        let redone = s.redo(&undone, 4).unwrap();
        assert_eq!(redone[0].list_price, Fen(500));
        assert!(redone[0].meta.rev.gen > undone[0].meta.rev.gen);
    }

    #[test]
    fn undoing_a_creation_leaves_a_tombstone() {
        let a = Product::new("a".into(), 1);
        let mut s: UndoStack<Product> = UndoStack::default();
        s.push(vec![Change {
            before: None,
            after: a.clone(),
        }]);
        let undone = s.undo(std::slice::from_ref(&a), 3).unwrap();
        assert!(undone[0].meta.deleted);
    }

    #[test]
    fn new_step_clears_redo() {
        let a = Product::new("a".into(), 1);
        let mut s: UndoStack<Product> = UndoStack::default();
        s.push(vec![Change {
            before: None,
            after: a.clone(),
        }]);
        s.undo(std::slice::from_ref(&a), 2);
        s.push(vec![Change {
            before: None,
            after: a.clone(),
        }]);
        assert!(!s.can_redo());
    }

    #[test]
    fn a_side_value_is_undone_and_redone_with_its_step() {
        let a = Product::new("a".into(), 1);
        let mut b = a.clone();
        b.title = "new".into();
        b.bump(2);
        let mut u: UndoStack<Product, String> = UndoStack::default();
        u.push_with(
            vec![Change {
                before: Some(a.clone()),
                after: b.clone(),
            }],
            Some(("old name".into(), "new name".into())),
        );
        // a step changing only the side value is kept; one changing nothing is not
        u.push_with(Vec::new(), Some(("new name".into(), "third".into())));
        u.push_with(Vec::new(), None);
        let (recs, side) = u.undo_with(std::slice::from_ref(&b), 3).expect("step");
        assert!(recs.is_empty());
        assert_eq!(side.as_deref(), Some("new name"));
        let (recs, side) = u.undo_with(std::slice::from_ref(&b), 4).expect("step");
        assert_eq!(recs[0].title, a.title);
        assert_eq!(side.as_deref(), Some("old name"));
        assert!(u.undo_with(&recs, 5).is_none());
        let (recs, side) = u.redo_with(&recs, 6).expect("redo");
        assert_eq!(recs[0].title, "new");
        assert_eq!(side.as_deref(), Some("new name"));
        // a step without a side value gives none back
        u.push(vec![Change {
            before: Some(recs[0].clone()),
            after: recs[0].clone(),
        }]);
        assert_eq!(u.undo_with(&recs, 7).map(|(_, s)| s), Some(None));
    }
}
