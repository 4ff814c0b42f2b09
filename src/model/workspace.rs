//! Everything one browser holds: the shared records plus personal settings.

use super::{PlatformEvent, Product, Promotion, Record, Settings, StoreProfile};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Workspace {
    pub profile: StoreProfile,
    /// All products including tombstones (deleted records are kept so deletions can travel).
    pub products: Vec<Product>,
    pub settings: Settings,
    /// All promotions including tombstones.
    #[serde(default)]
    pub promotions: Vec<Promotion>,
    /// Platform event calendar (seeded, editable), including tombstones.
    #[serde(default)]
    pub events: Vec<PlatformEvent>,
}

impl Workspace {
    /// Products that are not deleted.
    pub fn live_products(&self) -> impl Iterator<Item = &Product> {
        self.products.iter().filter(|p| !p.meta.deleted)
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id() == id)
    }

    pub fn live_promotions(&self) -> impl Iterator<Item = &Promotion> {
        self.promotions.iter().filter(|p| !p.meta.deleted)
    }

    pub fn live_events(&self) -> impl Iterator<Item = &PlatformEvent> {
        self.events.iter().filter(|p| !p.meta.deleted)
    }

    /// Every shared record (products, promotions, events), tombstones included.
    pub fn all_records(&self) -> Vec<super::AnyRecord> {
        use super::AnyRecord as A;
        let mut v =
            Vec::with_capacity(self.products.len() + self.promotions.len() + self.events.len());
        v.extend(self.products.iter().cloned().map(A::Product));
        v.extend(self.promotions.iter().cloned().map(A::Promotion));
        v.extend(self.events.iter().cloned().map(A::Event));
        v
    }

    /// Put a record in its collection, replacing the one with the same id. Returns the previous
    /// version.
    pub fn put(&mut self, r: super::AnyRecord) -> Option<super::AnyRecord> {
        use super::AnyRecord as A;
        fn put_in<T: Record>(v: &mut Vec<T>, r: T) -> Option<T> {
            match v.iter_mut().find(|x| x.id() == r.id()) {
                Some(slot) => Some(std::mem::replace(slot, r)),
                None => {
                    v.push(r);
                    None
                }
            }
        }
        match r {
            A::Product(p) => put_in(&mut self.products, p).map(A::Product),
            A::Promotion(p) => put_in(&mut self.promotions, p).map(A::Promotion),
            A::Event(e) => put_in(&mut self.events, e).map(A::Event),
        }
    }

    pub fn promotion(&self, id: &str) -> Option<&Promotion> {
        self.promotions.iter().find(|p| p.id() == id)
    }

    pub fn event(&self, id: &str) -> Option<&PlatformEvent> {
        self.events.iter().find(|p| p.id() == id)
    }

    pub fn is_empty(&self) -> bool {
        self.live_products().next().is_none() && self.profile.name.is_empty()
    }
}
