//! Everything one browser holds: the shared records plus personal settings.

use super::{Product, Record, Settings, StoreProfile};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Workspace {
    pub profile: StoreProfile,
    /// All products including tombstones (deleted records are kept so deletions can travel).
    pub products: Vec<Product>,
    pub settings: Settings,
}

impl Workspace {
    /// Products that are not deleted.
    pub fn live_products(&self) -> impl Iterator<Item = &Product> {
        self.products.iter().filter(|p| !p.meta.deleted)
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id() == id)
    }

    pub fn is_empty(&self) -> bool {
        self.live_products().next().is_none() && self.profile.name.is_empty()
    }
}
