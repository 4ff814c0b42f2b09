//! Everything one browser holds: the shared records (one list per registered kind, see
//! [`super::kinds`]) plus the store profile and personal settings.

use super::kinds::Records;
use super::{PlatformEvent, Product, Promotion, Settings, StoreProfile};
use serde::{Deserialize, Serialize};
use std::ops::{Deref, DerefMut};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Workspace {
    pub profile: StoreProfile,
    pub settings: Settings,
    /// Every shared record, tombstones included; `ws.products` etc. reach them directly.
    #[serde(flatten)]
    pub records: Records,
}

impl Deref for Workspace {
    type Target = Records;
    fn deref(&self) -> &Records {
        &self.records
    }
}

impl DerefMut for Workspace {
    fn deref_mut(&mut self) -> &mut Records {
        &mut self.records
    }
}

impl Workspace {
    /// Products that are not deleted.
    pub fn live_products(&self) -> impl Iterator<Item = &Product> {
        self.live::<Product>()
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.get::<Product>(id)
    }

    pub fn live_promotions(&self) -> impl Iterator<Item = &Promotion> {
        self.live::<Promotion>()
    }

    pub fn live_events(&self) -> impl Iterator<Item = &PlatformEvent> {
        self.live::<PlatformEvent>()
    }

    pub fn promotion(&self, id: &str) -> Option<&Promotion> {
        self.get::<Promotion>(id)
    }

    pub fn event(&self, id: &str) -> Option<&PlatformEvent> {
        self.get::<PlatformEvent>(id)
    }

    pub fn is_empty(&self) -> bool {
        self.live_products().next().is_none() && self.profile.name.is_empty()
    }
}
