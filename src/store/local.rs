//! The browser's localStorage behind [`Backend`]. Probed before use: gloo-storage's `raw()`
//! panics when storage is disabled, so we only call it once the probe succeeded.

use super::{Backend, StoreError};
use gloo_storage::Storage as _;
use wasm_bindgen::JsCast;

pub struct LocalBackend {
    storage: web_sys::Storage,
}

impl LocalBackend {
    /// The real localStorage if it exists and accepts a write; None otherwise (disabled,
    /// blocked by policy, some private modes).
    pub fn probe() -> Option<LocalBackend> {
        let storage = web_sys::window()?.local_storage().ok()??;
        let k = "sop/probe";
        storage.set_item(k, "1").ok()?;
        storage.remove_item(k).ok()?;
        drop(storage);
        // Known to work now, so gloo-storage's raw() will not panic.
        Some(LocalBackend {
            storage: gloo_storage::LocalStorage::raw(),
        })
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
