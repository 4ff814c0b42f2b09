//! The wall clock and new ids: the only place the app asks the browser (or the OS) for the time.
//! Everything below the UI takes `now_ms` / `today` as arguments, so tests fix the clock.

use crate::model::metrics::Day;

/// Wall clock in ms since the epoch.
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Today as a platform day (days since 1970-01-01 in UTC+8).
pub fn today() -> Day {
    let ms = now_ms().saturating_add(8 * 3_600_000);
    i32::try_from(ms.div_euclid(86_400_000)).unwrap_or(0)
}

/// Today as a calendar date in UTC+8.
pub fn today_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .unwrap_or_default()
        .checked_add_signed(chrono::Duration::days(i64::from(today())))
        .unwrap_or_default()
}

/// A new record id (uuid v4).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
