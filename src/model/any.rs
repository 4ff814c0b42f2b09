//! One type over every shared record, so undo steps, merges and plan-file previews treat
//! products, promotions and calendar events alike. Ids are uuids or stable seeds (`evt-…`), so
//! they never collide across kinds.

use super::{Meta, PlatformEvent, Product, Promotion, Record};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnyRecord {
    Product(Product),
    Promotion(Promotion),
    Event(PlatformEvent),
}

/// Which collection a record belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Product,
    Promotion,
    Event,
}

impl AnyRecord {
    pub fn kind(&self) -> RecordKind {
        match self {
            AnyRecord::Product(_) => RecordKind::Product,
            AnyRecord::Promotion(_) => RecordKind::Promotion,
            AnyRecord::Event(_) => RecordKind::Event,
        }
    }

    /// A short human label: product title (or SKU), promotion or event name.
    pub fn label(&self) -> &str {
        match self {
            AnyRecord::Product(p) if !p.title.is_empty() => &p.title,
            AnyRecord::Product(p) => &p.sku,
            AnyRecord::Promotion(p) => &p.name,
            AnyRecord::Event(e) => &e.name,
        }
    }
}

impl Record for AnyRecord {
    fn meta(&self) -> &Meta {
        match self {
            AnyRecord::Product(r) => &r.meta,
            AnyRecord::Promotion(r) => &r.meta,
            AnyRecord::Event(r) => &r.meta,
        }
    }
    fn meta_mut(&mut self) -> &mut Meta {
        match self {
            AnyRecord::Product(r) => &mut r.meta,
            AnyRecord::Promotion(r) => &mut r.meta,
            AnyRecord::Event(r) => &mut r.meta,
        }
    }
    // Content bytes and revisions must be those of the inner record, so a record's revision is
    // the same whether it is handled alone or wrapped.
    fn content_bytes(&self) -> Vec<u8> {
        match self {
            AnyRecord::Product(r) => r.content_bytes(),
            AnyRecord::Promotion(r) => r.content_bytes(),
            AnyRecord::Event(r) => r.content_bytes(),
        }
    }
    fn bump(&mut self, now_ms: i64) {
        match self {
            AnyRecord::Product(r) => r.bump(now_ms),
            AnyRecord::Promotion(r) => r.bump(now_ms),
            AnyRecord::Event(r) => r.bump(now_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_and_bare_records_get_the_same_revision() {
        let mut p = Product::new("a".into(), 1);
        let mut w = AnyRecord::Product(p.clone());
        p.title = "x".into();
        p.bump(2);
        if let AnyRecord::Product(q) = &mut w {
            q.title = "x".into();
        }
        w.bump(2);
        assert_eq!(w.meta().rev, p.meta.rev);
    }
}
