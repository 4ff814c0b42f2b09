//! Imported facts kept outside the shared records (the Alipay statement, the refund list): read
//! with a copy set aside when unreadable, written only when they leave room for the records.

use crate::i18n::*;
use crate::store::{self, Backend};
use crate::ui::clock::now_ms;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Room left for records after a statement import (UTF-16 units).
pub const RESERVE_UNITS: usize = 300_000;

/// Imported facts under `key` (the statement, the refunds), or the default. A value that can't be
/// read is first copied aside (`sop/corrupt/<key>/<ms>`, listed on the Settings page with a
/// download) and the second value says where; `Some(Err)`: it could not be copied, and imports
/// must not overwrite it.
pub fn load_facts<T: Default>(
    b: &dyn Backend,
    key: &str,
    decode: impl Fn(&str) -> Option<T>,
) -> (T, Option<Result<String, ()>>) {
    match b.get(key) {
        Ok(None) => (T::default(), None),
        Ok(Some(s)) => match decode(&s) {
            Some(v) => (v, None),
            None => (
                T::default(),
                Some(store::set_aside(b, key, &s, now_ms()).ok_or(())),
            ),
        },
        Err(_) => (T::default(), Some(Err(()))),
    }
}

/// Whether `encoded` can replace what is under `key` and leave [`RESERVE_UNITS`] free: else the
/// message (sizes in K characters). Nothing is written.
pub fn check_room(b: &dyn Backend, key: &str, encoded: &str, l: Locale) -> Result<(), String> {
    let used = store::used_chars(b);
    let old = b
        .get(key)
        .ok()
        .flatten()
        .map_or(0, |s| s.encode_utf16().count());
    let after = used - old.min(used) + encoded.encode_utf16().count();
    if after + RESERVE_UNITS > store::LIMIT_CHARS {
        let limit = (store::LIMIT_CHARS - RESERVE_UNITS) / 1024;
        return Err(td_string!(
            l,
            common.settle_err_size,
            need = after / 1024,
            limit = limit
        )
        .to_string());
    }
    Ok(())
}

/// Writes imported facts and updates the storage figure; the message when the browser refuses.
pub fn write_facts(state: AppState, key: &str, encoded: &str, l: Locale) -> Result<(), String> {
    let b = state.backend();
    b.set(key, encoded)
        .map_err(|_| td_string!(l, common.facts_err_write).to_string())?;
    state.storage_used.set(store::used_chars(b.as_ref()));
    Ok(())
}

/// The banner for [`load_facts`]'s second value.
pub fn facts_banner(aside: &Option<Result<String, ()>>) -> Option<AnyView> {
    let text = match aside.as_ref()? {
        Ok(k) => {
            let k = k.clone();
            view! { {move || td_string!(use_i18n().get_locale(), common.facts_set_aside, key = k.clone()).to_string()} }.into_any()
        }
        Err(()) => view! { {tr!(common.settle_stuck)} }.into_any(),
    };
    Some(view! { <div class="banner error" role="alert" data-testid="facts-unreadable">{text}</div> }.into_any())
}
