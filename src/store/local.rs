//! The browser's localStorage behind [`Backend`]. Probed before use: gloo-storage's `raw()`
//! panics when storage is disabled, so we only call it once the probe could read storage.

use super::{Backend, StoreError};
use gloo_storage::Storage as _;
use wasm_bindgen::JsCast;

/// The probe's own key: written and removed at start, and again to ask whether space is back.
pub const PROBE_KEY: &str = "sop/probe";

pub struct LocalBackend {
    storage: web_sys::Storage,
}

/// What the start-up probe found.
pub enum Probe {
    /// Storage reads and accepts a write.
    Ready(LocalBackend),
    /// Storage exists and reads, but is full (`QuotaExceededError` on the probe's write): keep
    /// it, read everything, and save again as soon as space allows.
    Full(LocalBackend),
    /// No storage at all (disabled, blocked by policy, some private modes): memory only.
    Unavailable,
}

impl LocalBackend {
    /// The real localStorage if it exists; whether it accepts a write is in the answer.
    pub fn probe() -> Probe {
        let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
            return Probe::Unavailable;
        };
        // It must at least read: a storage that cannot be read is no storage.
        if storage.length().is_err() || storage.get_item(PROBE_KEY).is_err() {
            return Probe::Unavailable;
        }
        let written = storage.set_item(PROBE_KEY, "1").map_err(map_err);
        let _ = storage.remove_item(PROBE_KEY);
        drop(storage);
        // Known to exist now, so gloo-storage's raw() will not panic.
        let b = LocalBackend {
            storage: gloo_storage::LocalStorage::raw(),
        };
        match written {
            Ok(()) => Probe::Ready(b),
            Err(StoreError::Quota) => Probe::Full(b),
            Err(_) => Probe::Unavailable,
        }
    }

    /// The probe as an `Option`, for callers that only need a writable storage.
    pub fn writable() -> Option<LocalBackend> {
        match Self::probe() {
            Probe::Ready(b) => Some(b),
            _ => None,
        }
    }
}

fn map_err(e: wasm_bindgen::JsValue) -> StoreError {
    let name = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| d.name())
        .or_else(|| {
            js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|v| v.as_string())
        })
        .unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StoreError::Quota
    } else {
        StoreError::Other(name)
    }
}

impl Backend for LocalBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.storage.get_item(key).map_err(map_err)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage.set_item(key, value).map_err(map_err)
    }
    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.storage.remove_item(key).map_err(map_err)
    }
    fn keys(&self) -> Vec<String> {
        let n = self.storage.length().unwrap_or(0);
        (0..n)
            .filter_map(|i| self.storage.key(i).ok().flatten())
            .collect()
    }
}
