//! The plan file teammates send each other: a JSON envelope
//! `{type, version, source, exported_at, app_version, scope, payload}` (the Excalidraw shape).
//! This module is the one place that knows the format: writing it, and reading it back through
//! size cap → text → JSON → type and version check (older migrated, newer refused) →
//! field-by-field validation. Nothing is applied here; the caller merges the result.

use super::migrate::{migrate, version_of, MigrateError, Step};
use super::validate::{self, FieldError};
use crate::model::kinds::{each_kind, Kind, KindVisitor, Records};
use crate::model::{PlatformEvent, Product, Record, StoreProfile, Workspace};
use serde_json::{json, Value};
use std::ops::{Deref, DerefMut};

pub const PLAN_TYPE: &str = "store-ops-planner/plan";
/// Version 2 added promotions and the event calendar (`payload.promotions`, `payload.events`).
pub const PLAN_VERSION: u64 = 2;
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Plan-file migrations: `PLAN_MIGRATIONS[i]` turns version i+1 into i+2. Add steps here, never
/// edit old ones.
pub const PLAN_MIGRATIONS: &[Step] = &[v1_to_v2];

/// Version 1 files have products and a profile only: give them empty promotion and event lists.
/// (A version 1 app refuses version 2 files as too new rather than silently dropping the
/// promotions it cannot read.)
fn v1_to_v2(mut payload: Value) -> Result<Value, String> {
    let Some(o) = payload.as_object_mut() else {
        return Err("payload is not an object".into());
    };
    // Version 1 readers took a missing product field as its default: say so explicitly, since
    // version 2 requires every field (a missing price must not read as ¥0.00).
    if let Some(Value::Array(products)) = o.get_mut("products") {
        for p in products.iter_mut().filter_map(Value::as_object_mut) {
            for (key, default) in [
                ("sku", json!("")),
                ("item_id", json!("")),
                ("title", json!("")),
                ("category", json!("")),
                ("list_price", json!(0)),
                ("cost", json!(0)),
                ("stock", json!(0)),
                ("status", json!("on_shelf")),
                ("role", json!("regular")),
            ] {
                p.entry(key).or_insert(default);
            }
        }
    }
    o.entry("promotions").or_insert_with(|| json!([]));
    o.entry("events").or_insert_with(|| json!([]));
    Ok(payload)
}

/// What a plan file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The whole workspace (profile and all products, deletions included).
    Workspace,
    /// Some products only.
    Products,
    /// One promotion with the products it covers.
    Promotion,
}

impl Scope {
    fn key(self) -> &'static str {
        match self {
            Scope::Workspace => "workspace",
            Scope::Products => "products",
            Scope::Promotion => "promotion",
        }
    }
}

/// A plan file that passed every check. Its records (`file.products`, ..., or
/// `file.all_records()` for one merge preview) are reached through [`Records`].
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFile {
    pub scope: Scope,
    pub exported_at: i64,
    pub app_version: String,
    pub profile: Option<StoreProfile>,
    pub records: Records,
}

impl Deref for PlanFile {
    type Target = Records;
    fn deref(&self) -> &Records {
        &self.records
    }
}

impl DerefMut for PlanFile {
    fn deref_mut(&mut self) -> &mut Records {
        &mut self.records
    }
}

/// Why a file was refused. The UI turns each into a sentence in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    Empty,
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    NotText,
    /// JSON syntax error at a line and column (1-based).
    NotJson {
        line: usize,
        column: usize,
    },
    /// The text ends in the middle of the JSON (a cut download).
    Truncated,
    /// Valid JSON, but not a plan file of this app (no envelope).
    NotPlanFile,
    /// An envelope of another kind of file.
    WrongType {
        found: String,
    },
    TooNew {
        found: u64,
        supported: u64,
    },
    BadVersion,
    Migration {
        from: u64,
        reason: String,
    },
    Invalid(Vec<FieldError>),
}

/// Build the file text for the whole workspace (`only` = None) or for the given product ids.
pub fn export(ws: &Workspace, only: Option<&[String]>, now_ms: i64) -> String {
    match only {
        None => {
            // every kind in its own section, tombstones included (deletions travel)
            let mut payload = value_of(&ws.records);
            if let Some(o) = payload.as_object_mut() {
                let profile = value_of(&ws.profile);
                o.insert("profile".to_string(), profile);
            }
            envelope(Scope::Workspace, payload, now_ms)
        }
        Some(ids) => {
            let products: Vec<&Product> = ws
                .products
                .iter()
                .filter(|p| !p.meta.deleted && ids.iter().any(|i| i == p.id()))
                .collect();
            envelope(
                Scope::Products,
                json!({ "products": value_of(&products) }),
                now_ms,
            )
        }
    }
}

/// One promotion with the (live) products it names and the event it belongs to, so a teammate
/// can open it in a fresh profile. None if there is no such promotion.
pub fn export_promotion(ws: &Workspace, promo_id: &str, now_ms: i64) -> Option<String> {
    let promo = ws
        .promotions
        .iter()
        .find(|p| p.id() == promo_id && !p.meta.deleted)?;
    let products: Vec<&Product> = ws
        .products
        .iter()
        .filter(|p| !p.meta.deleted && promo.items.iter().any(|i| i.product_id == p.id()))
        .collect();
    let events: Vec<&PlatformEvent> = promo
        .event_id
        .as_deref()
        .and_then(|e| ws.event(e))
        .into_iter()
        .collect();
    let payload = json!({
        "products": value_of(&products),
        "promotions": value_of(&[promo]),
        "events": value_of(&events),
    });
    Some(envelope(Scope::Promotion, payload, now_ms))
}

/// `x` as a JSON value, written by the compact writer and read back (keys sorted as before),
/// instead of `serde_json::to_value`: that would be a second serializer per record kind in the
/// main bundle (issue 10). Export only, not a hot path.
fn value_of<T: serde::Serialize + ?Sized>(x: &T) -> Value {
    serde_json::to_vec(x)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

fn envelope(scope: Scope, payload: Value, now_ms: i64) -> String {
    let env = json!({
        "type": PLAN_TYPE,
        "version": PLAN_VERSION,
        "source": "store-ops-planner",
        "exported_at": now_ms,
        "app_version": APP_VERSION,
        "scope": scope.key(),
        "payload": payload,
    });
    serde_json::to_string_pretty(&env).unwrap_or_default()
}

/// A dated file name: `店铺运营计划-2026-11-21.json` style, ASCII-safe.
pub fn file_name(store_name: &str, now_ms: i64) -> String {
    let date = crate::core::format::date_ymd(now_ms);
    let safe: String = store_name
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .take(40)
        .collect();
    let safe = safe.trim();
    if safe.is_empty() {
        format!("store-plan-{date}.json")
    } else {
        format!("{safe}-plan-{date}.json")
    }
}

/// Read a plan file from raw bytes.
pub fn parse(bytes: &[u8]) -> Result<PlanFile, PlanError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(PlanError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| match e.error_len() {
        // the bytes end inside a character: a cut download, not a binary file
        None => PlanError::Truncated,
        Some(_) => PlanError::NotText,
    })?;
    if text.trim().is_empty() {
        return Err(PlanError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Eof => PlanError::Truncated,
        _ => PlanError::NotJson {
            line: e.line(),
            column: e.column(),
        },
    })?;
    let Some(obj) = value.as_object() else {
        return Err(PlanError::NotPlanFile);
    };
    match obj.get("type") {
        Some(Value::String(t)) if t == PLAN_TYPE => {}
        Some(Value::String(t)) => {
            return Err(PlanError::WrongType {
                found: t.chars().take(60).collect(),
            })
        }
        _ => return Err(PlanError::NotPlanFile),
    }
    let version = version_of(obj.get("version")).map_err(|_| PlanError::BadVersion)?;
    let exported_at = obj.get("exported_at").and_then(Value::as_i64).unwrap_or(0);
    let app_version: String = obj
        .get("app_version")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    // Versions first: a newer file may have a different layout, and must say "too new".
    let current = PLAN_MIGRATIONS.len() as u64 + 1;
    if version > current {
        return Err(PlanError::TooNew {
            found: version,
            supported: current,
        });
    }
    let payload = obj.get("payload").cloned().ok_or_else(|| {
        PlanError::Invalid(vec![FieldError {
            path: "payload".into(),
            problem: validate::Problem::Missing,
        }])
    })?;
    let payload = migrate(payload, version, PLAN_MIGRATIONS).map_err(|e| match e {
        MigrateError::TooNew { found, supported } => PlanError::TooNew { found, supported },
        MigrateError::BadVersion => PlanError::BadVersion,
        MigrateError::StepFailed { from, reason } => PlanError::Migration { from, reason },
    })?;
    let scope = match obj.get("scope").and_then(Value::as_str) {
        Some("products") => Scope::Products,
        Some("promotion") => Scope::Promotion,
        _ => Scope::Workspace,
    };
    let mut errors = Vec::new();
    let records = read_sections(&payload, &mut errors);
    let profile = match payload.get("profile") {
        None | Some(Value::Null) => None,
        Some(v) => match validate::profile(v, "payload.profile") {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(e);
                None
            }
        },
    };
    if !errors.is_empty() {
        errors.truncate(validate::MAX_ERRORS);
        return Err(PlanError::Invalid(errors));
    }
    Ok(PlanFile {
        scope,
        exported_at,
        app_version,
        profile,
        records,
    })
}

/// Every kind's section of a payload (`payload.<section>`), checked field by field (strictly:
/// every field the app writes must be there). A missing section is empty, unless the kind
/// requires it.
fn read_sections(payload: &Value, errors: &mut Vec<FieldError>) -> Records {
    struct Sections<'a> {
        payload: &'a Value,
        errors: &'a mut Vec<FieldError>,
        records: Records,
    }
    impl KindVisitor for Sections<'_> {
        fn visit<K: Kind>(&mut self) {
            let path = format!("payload.{}", K::SECTION);
            match self.payload.get(K::SECTION) {
                None | Some(Value::Null) if K::REQUIRED_IN_FILE => self.errors.push(FieldError {
                    path,
                    problem: validate::Problem::Missing,
                }),
                None | Some(Value::Null) => {}
                Some(v) => match K::validate(v, &path, true) {
                    Ok(r) => *K::of_mut(&mut self.records) = r,
                    Err(e) => self.errors.extend(e),
                },
            }
        }
    }
    let mut s = Sections {
        payload,
        errors,
        records: Records::default(),
    };
    each_kind(&mut s);
    s.records
}
