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

    pub fn is_empty(&self) -> bool {
        self.live_products().next().is_none() && self.profile.name.is_empty()
    }
}
