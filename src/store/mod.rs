//! The one owner of persistent storage. Each collection lives under its own key as
//! `{"schema": N, "data": ...}`; loading migrates old schemas in order, refuses newer ones
//! (and then never writes that key), and sets corrupted values aside under their own key instead
//! of overwriting them. Saving merges with what is stored first, so a stale tab can never
//! overwrite newer data written by another tab.
//!
//! Everything here works against the [`Backend`] trait and is tested natively with
//! [`MemoryBackend`]; `local.rs` is the browser's localStorage behind the same trait.
//!
//! Values read from storage may be anything: no `unwrap`, `expect` or indexing here.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::core::merge::{merge_auto, merge_kind};
use crate::core::metrics::codec::DecodeError;
use crate::core::metrics::store::{MetricsStore, FORMAT_VERSION};
use crate::formats::migrate::{migrate, version_of, MigrateError, Step};
use crate::formats::validate;
use crate::model::kinds::{each_kind, Kind, KindVisitor, Records};
use crate::model::{Settings, StoreProfile, Workspace};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

pub mod local;

// Shared records live under their kind's key (`Shared::KEY`: sop/products, sop/promotions,
// sop/events, ...); these are the other values.
pub const KEY_PROFILE: &str = "sop/profile";
pub const KEY_SETTINGS: &str = "sop/settings";
pub const KEY_PREFS: &str = "sop/prefs";
/// Imported daily metrics in their compact encoding (`core::metrics::store`, own version byte).
pub const KEY_METRICS: &str = "sop/metrics";
pub const CORRUPT_PREFIX: &str = "sop/corrupt/";
/// Current storage schema of the profile, settings and preferences (record kinds have their own,
/// `Shared::SCHEMA`).
pub const SCHEMA: u64 = 1;
/// Storage migrations of the profile, settings and preferences: `STORAGE_MIGRATIONS[i]` turns
/// schema i+1 into i+2. Schema 1 is the first release, so there is nothing to migrate yet.
pub const STORAGE_MIGRATIONS: &[Step] = &[];
/// Chromium's localStorage quota per origin, in UTF-16 code units (keys + values).
pub const LIMIT_CHARS: usize = 5_242_880;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused the write: storage is full (`QuotaExceededError`).
    Quota,
    /// No storage at all (disabled, private mode, blocked by policy).
    Unavailable,
    /// Another tab running a newer app version wrote this key since we loaded: not overwritten.
    NewerData,
    Other(String),
}

/// Key-value storage with the semantics of `window.localStorage`.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Vec<String>;
}

/// In-memory storage with an optional quota counted like Chromium (UTF-16 units of keys and
/// values). Used natively in tests, and in the browser when localStorage is unavailable.
#[derive(Default)]
pub struct MemoryBackend {
    map: RefCell<BTreeMap<String, String>>,
    quota: Option<usize>,
}

impl MemoryBackend {
    pub fn with_quota(chars: usize) -> Self {
        MemoryBackend {
            map: RefCell::default(),
            quota: Some(chars),
        }
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(q) = self.quota {
            let map = self.map.borrow();
            let others: usize = map
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| utf16_len(k) + utf16_len(v))
                .sum();
            if others + utf16_len(key) + utf16_len(value) > q {
                return Err(StoreError::Quota);
            }
        }
        self.map
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.map.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self) -> Vec<String> {
        self.map.borrow().keys().cloned().collect()
    }
}

/// Characters used by everything in storage (all keys, including other apps on the origin).
pub fn used_chars(b: &dyn Backend) -> usize {
    b.keys()
        .iter()
        .map(|k| utf16_len(k) + b.get(k).ok().flatten().map(|v| utf16_len(&v)).unwrap_or(0))
        .sum()
}

/// Personal preferences of this browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Prefs {
    /// "zh" or "en"; empty = follow the browser.
    #[serde(default)]
    pub locale: String,
    /// The first-run choice (sample or empty) was made.
    #[serde(default)]
    pub onboarded: bool,
    /// Column mappings the user corrected, by header signature, reused for the same file layout.
    #[serde(default)]
    pub mappings: BTreeMap<String, crate::formats::import::Mapping>,
    /// The team member using this browser (a `Member` id; empty = not chosen).
    #[serde(default)]
    pub me: String,
    /// The last day recurring tasks were made for in this browser (the next opening catches up
    /// from there; see `core::tasks::catch_up_from`).
    #[serde(default, deserialize_with = "crate::model::date::de_ymd_opt")]
    pub tasks_through: Option<chrono::NaiveDate>,
    /// How changes are coloured: "dir" red up / green down (as Chinese operators read figures),
    /// "good" green better / red worse; empty = by language (zh → "dir", en → "good").
    #[serde(default)]
    pub change_colors: String,
}

/// Something found while loading that the user must hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadIssue {
    /// The value could not be read; it was copied to `kept_as` (None if even that failed, in
    /// which case the key is left untouched and not written).
    Corrupt {
        key: String,
        kept_as: Option<String>,
    },
    /// Written by a newer app version; not read and never written by this version.
    TooNew {
        key: String,
        found: u64,
        supported: u64,
    },
}

pub struct Loaded {
    pub workspace: Workspace,
    pub metrics: MetricsStore,
    pub prefs: Prefs,
    pub issues: Vec<LoadIssue>,
    /// Keys this session must not write (too new, or corrupt and could not be set aside).
    pub blocked: BTreeSet<String>,
}

enum Decode<T> {
    Missing,
    Ok(T),
    Corrupt,
    TooNew { found: u64, supported: u64 },
}

fn decode<T>(
    raw: Option<String>,
    build: impl Fn(&Value) -> Option<T>,
) -> (Decode<T>, Option<String>) {
    decode_with(raw, STORAGE_MIGRATIONS, build)
}

fn decode_with<T>(
    raw: Option<String>,
    migrations: &[Step],
    build: impl Fn(&Value) -> Option<T>,
) -> (Decode<T>, Option<String>) {
    let Some(raw) = raw else {
        return (Decode::Missing, None);
    };
    let parsed: Option<Value> = serde_json::from_str(&raw).ok();
    let Some(Value::Object(mut o)) = parsed else {
        return (Decode::Corrupt, Some(raw));
    };
    let Ok(schema) = version_of(o.get("schema")) else {
        return (Decode::Corrupt, Some(raw));
    };
    let data = o.remove("data").unwrap_or(Value::Null);
    match migrate(data, schema, migrations) {
        Err(MigrateError::TooNew { found, supported }) => {
            (Decode::TooNew { found, supported }, Some(raw))
        }
        Err(_) => (Decode::Corrupt, Some(raw)),
        Ok(v) => match build(&v) {
            Some(t) => (Decode::Ok(t), Some(raw)),
            None => (Decode::Corrupt, Some(raw)),
        },
    }
}

fn typed<T: DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

/// The stored text of a value (profile, settings, preferences).
pub fn encode<T: Serialize + ?Sized>(data: &T) -> String {
    encode_as(SCHEMA, data)
}

/// `{"data":…,"schema":N}`, the data written straight by the compact writer (the same code that
/// hashes a record's content), not through a `serde_json::Value`: a second serializer per record
/// kind would cost main-bundle bytes (issue 10). Keys keep the struct's order.
fn encode_as<T: Serialize + ?Sized>(schema: u64, data: &T) -> String {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".to_string());
    format!("{{\"data\":{data},\"schema\":{schema}}}")
}

/// Decode the stored collection of kind `K`.
fn decode_kind<K: Kind>(raw: Option<String>) -> (Decode<Vec<K>>, Option<String>) {
    decode_with(raw, K::migrations(), |v| {
        K::validate(v, K::SECTION, false).ok()
    })
}

/// Read everything. Never fails: problems become [`LoadIssue`]s and the app opens.
pub fn load(b: &dyn Backend, now_ms: i64) -> Loaded {
    let mut issues = Vec::new();
    let mut blocked = BTreeSet::new();
    let mut handle = |key: &str, outcome: &Decode<()>, raw: Option<String>| match outcome {
        Decode::Corrupt => {
            let kept_as = raw.and_then(|r| set_aside(b, key, &r, now_ms));
            if kept_as.is_none() {
                blocked.insert(key.to_string());
            }
            issues.push(LoadIssue::Corrupt {
                key: key.to_string(),
                kept_as,
            });
        }
        Decode::TooNew { found, supported } => {
            blocked.insert(key.to_string());
            issues.push(LoadIssue::TooNew {
                key: key.to_string(),
                found: *found,
                supported: *supported,
            });
        }
        _ => {}
    };
    let read = |key: &str| b.get(key).ok().flatten();

    struct LoadKinds<'a, H> {
        records: Records,
        read: &'a dyn Fn(&str) -> Option<String>,
        handle: &'a mut H,
    }
    impl<H: FnMut(&str, &Decode<()>, Option<String>)> KindVisitor for LoadKinds<'_, H> {
        fn visit<K: Kind>(&mut self) {
            let (d, raw) = decode_kind::<K>((self.read)(K::KEY));
            match d {
                Decode::Ok(v) => *K::of_mut(&mut self.records) = v,
                other => (self.handle)(K::KEY, &strip(&other), raw),
            }
        }
    }
    let mut kinds = LoadKinds {
        records: Records::default(),
        read: &read,
        handle: &mut handle,
    };
    each_kind(&mut kinds);
    let records = kinds.records;
    let (d, raw) = decode(read(KEY_PROFILE), |v| validate::profile(v, "profile").ok());
    let profile = match d {
        Decode::Ok(p) => p,
        other => {
            handle(KEY_PROFILE, &strip(&other), raw);
            StoreProfile::default()
        }
    };
    let (d, raw) = decode(read(KEY_SETTINGS), typed::<Settings>);
    let settings = match d {
        Decode::Ok(s) => s,
        other => {
            handle(KEY_SETTINGS, &strip(&other), raw);
            Settings::default()
        }
    };
    let (d, raw) = decode(read(KEY_PREFS), typed::<Prefs>);
    let prefs = match d {
        Decode::Ok(p) => p,
        other => {
            handle(KEY_PREFS, &strip(&other), raw);
            Prefs::default()
        }
    };
    let metrics = match read(KEY_METRICS) {
        None => MetricsStore::default(),
        Some(raw) => match MetricsStore::decode(&raw) {
            Ok(m) => m,
            Err(DecodeError::UnsupportedVersion(v)) => {
                handle(
                    KEY_METRICS,
                    &Decode::TooNew {
                        found: u64::from(v),
                        supported: u64::from(FORMAT_VERSION),
                    },
                    Some(raw),
                );
                MetricsStore::default()
            }
            Err(_) => {
                handle(KEY_METRICS, &Decode::Corrupt, Some(raw));
                MetricsStore::default()
            }
        },
    };
    Loaded {
        metrics,
        workspace: Workspace {
            profile,
            settings,
            records,
        },
        prefs,
        issues,
        blocked,
    }
}

fn strip<T>(d: &Decode<T>) -> Decode<()> {
    match d {
        Decode::Missing => Decode::Missing,
        Decode::Ok(_) => Decode::Ok(()),
        Decode::Corrupt => Decode::Corrupt,
        Decode::TooNew { found, supported } => Decode::TooNew {
            found: *found,
            supported: *supported,
        },
    }
}

/// Copy a corrupted value to a key of its own that is never overwritten. Returns that key.
pub fn set_aside(b: &dyn Backend, key: &str, raw: &str, now_ms: i64) -> Option<String> {
    let base = format!("{CORRUPT_PREFIX}{key}/{now_ms}");
    let mut aside = base.clone();
    let mut n = 1;
    while b.get(&aside).ok().flatten().is_some() {
        n += 1;
        aside = format!("{base}-{n}");
    }
    b.set(&aside, raw).ok().map(|_| aside)
}

/// Values set aside at load, for the Settings page: (key, size in characters).
pub fn corrupt_entries(b: &dyn Backend) -> Vec<(String, usize)> {
    b.keys()
        .into_iter()
        .filter(|k| k.starts_with(CORRUPT_PREFIX))
        .map(|k| {
            let n = b.get(&k).ok().flatten().map(|v| utf16_len(&v)).unwrap_or(0);
            (k, n)
        })
        .collect()
}

/// Write a collection unless its key is blocked.
pub fn write<T: Serialize + ?Sized>(
    b: &dyn Backend,
    blocked: &BTreeSet<String>,
    key: &str,
    data: &T,
) -> Result<(), StoreError> {
    if blocked.contains(key) {
        return Ok(());
    }
    b.set(key, &encode(data))
}

/// Save the records of kind `K` without ever losing another tab's newer work: read what is
/// stored, merge it into `mine` (newer revisions win, concurrent edits go to the later one),
/// then write the result. Returns true when `mine` changed because of the merge.
pub fn save<K: Kind>(
    b: &dyn Backend,
    blocked: &BTreeSet<String>,
    mine: &mut Vec<K>,
) -> Result<bool, StoreError> {
    if blocked.contains(K::KEY) {
        return Ok(false);
    }
    let (stored, raw) = decode_kind::<K>(b.get(K::KEY)?);
    let changed = match stored {
        Decode::Ok(stored) => merge_kind(mine, stored) > 0,
        other => {
            guard_before_overwrite(b, K::KEY, &strip(&other), raw)?;
            false
        }
    };
    b.set(K::KEY, &encode_as(K::SCHEMA, mine))?;
    Ok(changed)
}

/// Before overwriting a key whose stored value we cannot read: refuse if a newer app version
/// wrote it (another tab), and keep a corrupted value aside first (never lose it).
fn guard_before_overwrite(
    b: &dyn Backend,
    key: &str,
    stored: &Decode<()>,
    raw: Option<String>,
) -> Result<(), StoreError> {
    match stored {
        Decode::TooNew { .. } => Err(StoreError::NewerData),
        Decode::Corrupt => match raw {
            Some(r) => set_aside(b, key, &r, 0)
                .map(|_| ())
                .ok_or(StoreError::Quota),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Same for the profile record.
pub fn save_profile(
    b: &dyn Backend,
    blocked: &BTreeSet<String>,
    mine: &mut StoreProfile,
) -> Result<bool, StoreError> {
    if blocked.contains(KEY_PROFILE) {
        return Ok(false);
    }
    let mut v = vec![mine.clone()];
    let (stored, raw) = decode(b.get(KEY_PROFILE)?, |v| {
        validate::profile(v, "profile").ok()
    });
    let changed = match stored {
        Decode::Ok(stored) => merge_auto(&mut v, &[stored]) > 0,
        other => {
            guard_before_overwrite(b, KEY_PROFILE, &strip(&other), raw)?;
            false
        }
    };
    if let Some(p) = v.pop() {
        *mine = p;
    }
    b.set(KEY_PROFILE, &encode(mine))?;
    Ok(changed)
}

/// Write the metrics (one value, replaced whole). Refuses to overwrite metrics that a newer app
/// version stored since we loaded.
pub fn save_metrics(
    b: &dyn Backend,
    blocked: &BTreeSet<String>,
    m: &MetricsStore,
) -> Result<(), StoreError> {
    if blocked.contains(KEY_METRICS) {
        return Ok(());
    }
    if let Some(raw) = b.get(KEY_METRICS)? {
        if let Err(DecodeError::UnsupportedVersion(_)) = MetricsStore::decode(&raw) {
            return Err(StoreError::NewerData);
        }
    }
    b.set(KEY_METRICS, &m.encode())
}

/// Metrics another tab stored (for the `storage` event).
pub fn read_metrics(b: &dyn Backend) -> Option<MetricsStore> {
    MetricsStore::decode(&b.get(KEY_METRICS).ok().flatten()?).ok()
}

/// Read the records of kind `K` another tab stored (for the `storage` event). None if
/// unreadable.
pub fn read<K: Kind>(b: &dyn Backend) -> Option<Vec<K>> {
    match decode_kind::<K>(b.get(K::KEY).ok().flatten()).0 {
        Decode::Ok(p) => Some(p),
        _ => None,
    }
}

pub fn read_profile(b: &dyn Backend) -> Option<StoreProfile> {
    match decode(b.get(KEY_PROFILE).ok().flatten(), |v| {
        validate::profile(v, "profile").ok()
    })
    .0
    {
        Decode::Ok(p) => Some(p),
        _ => None,
    }
}

pub fn read_settings(b: &dyn Backend) -> Option<Settings> {
    match decode(b.get(KEY_SETTINGS).ok().flatten(), typed::<Settings>).0 {
        Decode::Ok(p) => Some(p),
        _ => None,
    }
}

/// Whether storage accepts a small write now (asked while it is full, before saving again).
pub fn has_room(b: &dyn Backend) -> Result<(), StoreError> {
    const PROBE: &str = "sop/probe";
    b.set(PROBE, "1")?;
    b.remove(PROBE)
}

/// The preferences another tab stored (for the `storage` event). None if unreadable.
pub fn read_prefs(b: &dyn Backend) -> Option<Prefs> {
    match decode(b.get(KEY_PREFS).ok().flatten(), typed::<Prefs>).0 {
        Decode::Ok(p) => Some(p),
        _ => None,
    }
}
