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

#[derive(Clone, Debug, PartialEq)]
pub struct UndoStack<T> {
    undo: Vec<Vec<Change<T>>>,
    redo: Vec<Vec<Change<T>>>,
    limit: usize,
}

impl<T> Default for UndoStack<T> {
    fn default() -> Self {
        UndoStack {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: 100,
        }
    }
}

impl<T: Record> UndoStack<T> {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Remember a step. Empty steps are ignored. A new step clears the redo history.
    pub fn push(&mut self, step: Vec<Change<T>>) {
        if step.is_empty() {
            return;
        }
        self.undo.push(step);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undo the last step against the current records. Returns the records to store.
    pub fn undo(&mut self, current: &[T], now_ms: i64) -> Option<Vec<T>> {
        let step = self.undo.pop()?;
        let out = step
            .iter()
            .rev()
            .map(|c| {
                let target = c.before.as_ref();
                restore(current, &c.after, target, now_ms)
            })
            .collect();
        self.redo.push(step);
        Some(out)
    }

    pub fn redo(&mut self, current: &[T], now_ms: i64) -> Option<Vec<T>> {
        let step = self.redo.pop()?;
        let out = step
            .iter()
            .map(|c| restore(current, &c.after, Some(&c.after), now_ms))
            .collect();
        self.undo.push(step);
        Some(out)
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
        let mut s = UndoStack::default();
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
        let mut s = UndoStack::default();
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
        let mut s = UndoStack::default();
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
}
