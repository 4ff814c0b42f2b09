//! Field-by-field validation of records arriving from outside (plan files, and stored data that
//! may have been edited by hand). Works on raw JSON so that every problem names its field path,
//! then the typed value is built only from data that passed.

use crate::model::money::MAX_FEN;
use crate::model::product::MAX_PACE_X100;
use crate::model::{
    OwnerRole, PlatformEvent, Product, ProductRole, ProductStatus, PromoStatus, Promotion, Rev,
    StoreProfile,
};
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Missing,
    /// Expected a value of this JSON kind: "string", "integer", "boolean", "array", "object".
    WrongType(&'static str),
    /// Text longer than the limit (in characters).
    TooLong(usize),
    /// A number outside the accepted range.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Not one of the allowed values (status, role, revision format...).
    BadValue,
    /// The same id appears twice.
    DuplicateId,
    /// Too many entries in a list.
    TooMany(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Like `payload.products[3].list_price`.
    pub path: String,
    pub problem: Problem,
}

/// Stop collecting after this many problems: enough to fix a file, not a flood.
pub const MAX_ERRORS: usize = 20;
pub const MAX_PRODUCTS: usize = 50_000;
const MAX_ID: usize = 64;
const MAX_TEXT: usize = 200;
const MAX_TITLE: usize = 300;
const MAX_NOTES: usize = 5_000;
const MAX_LIST: usize = 50;
const MAX_STOCK: i64 = 1_000_000_000;
/// Edit times from 2000-01-01 to 2100-01-01 in ms; 0 means "never edited" (a default record).
const MIN_TIME: i64 = 946_684_800_000;
const MAX_TIME: i64 = 4_102_444_800_000;

struct Checker<'a> {
    errors: &'a mut Vec<FieldError>,
    /// A plan file (not our own storage): every field the app always writes must be there (a
    /// missing price is an error, never ¥0.00), and a promotion names each product once.
    /// Older files get their defaults from their migration, not from here.
    strict: bool,
}

impl Checker<'_> {
    fn err(&mut self, path: String, problem: Problem) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(FieldError { path, problem });
        }
    }

    fn string(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        key: &str,
        max: usize,
        required: bool,
    ) {
        match o.get(key) {
            None if required => self.err(format!("{base}.{key}"), Problem::Missing),
            None | Some(Value::Null) if !required => {}
            Some(Value::String(s)) => {
                if s.chars().count() > max {
                    self.err(format!("{base}.{key}"), Problem::TooLong(max));
                }
            }
            _ => self.err(format!("{base}.{key}"), Problem::WrongType("string")),
        }
    }

    fn int(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        key: &str,
        min: i64,
        max: i64,
        required: bool,
    ) {
        match o.get(key) {
            None if required => self.err(format!("{base}.{key}"), Problem::Missing),
            None => {}
            Some(v) => match v.as_i64() {
                Some(n) if (min..=max).contains(&n) => {}
                Some(_) => self.err(format!("{base}.{key}"), Problem::OutOfRange { min, max }),
                // a whole number too large for i64
                None if v.is_u64() => {
                    self.err(format!("{base}.{key}"), Problem::OutOfRange { min, max })
                }
                // 1e20 is out of range whatever its type; 12900.0 is simply not an integer
                None if v
                    .as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && (f < min as f64 || f > max as f64)) =>
                {
                    self.err(format!("{base}.{key}"), Problem::OutOfRange { min, max })
                }
                None => self.err(format!("{base}.{key}"), Problem::WrongType("integer")),
            },
        }
    }

    fn string_list(&mut self, o: &Map<String, Value>, base: &str, key: &str) {
        match o.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) => {
                if a.len() > MAX_LIST {
                    self.err(format!("{base}.{key}"), Problem::TooMany(MAX_LIST));
                    return;
                }
                for (i, v) in a.iter().enumerate() {
                    match v {
                        Value::String(s) if s.chars().count() <= MAX_TEXT => {}
                        Value::String(_) => {
                            self.err(format!("{base}.{key}[{i}]"), Problem::TooLong(MAX_TEXT))
                        }
                        _ => self.err(format!("{base}.{key}[{i}]"), Problem::WrongType("string")),
                    }
                }
            }
            _ => self.err(format!("{base}.{key}"), Problem::WrongType("array")),
        }
    }

    fn one_of(&mut self, o: &Map<String, Value>, base: &str, key: &str, ok: &dyn Fn(&str) -> bool) {
        match o.get(key) {
            None => {}
            Some(Value::String(s)) if ok(s) => {}
            Some(Value::String(_)) => self.err(format!("{base}.{key}"), Problem::BadValue),
            _ => self.err(format!("{base}.{key}"), Problem::WrongType("string")),
        }
    }

    /// id, rev, anc, updated, deleted.
    fn meta(&mut self, o: &Map<String, Value>, base: &str) {
        self.string(o, base, "id", MAX_ID, true);
        if let Some(Value::String(s)) = o.get("id") {
            if s.trim().is_empty() {
                self.err(format!("{base}.id"), Problem::BadValue);
            }
        }
        match o.get("rev") {
            None => self.err(format!("{base}.rev"), Problem::Missing),
            Some(Value::String(s)) if Rev::parse(s).is_some() => {}
            Some(Value::String(_)) => self.err(format!("{base}.rev"), Problem::BadValue),
            Some(_) => self.err(format!("{base}.rev"), Problem::WrongType("string")),
        }
        match o.get("anc") {
            None => {}
            Some(Value::Array(a)) if a.len() > 64 => {
                self.err(format!("{base}.anc"), Problem::TooMany(64))
            }
            Some(Value::Array(a)) => {
                for (i, v) in a.iter().enumerate() {
                    if v.as_str().is_none_or(|s| Rev::parse(s).is_none()) {
                        self.err(format!("{base}.anc[{i}]"), Problem::BadValue);
                    }
                }
            }
            Some(_) => self.err(format!("{base}.anc"), Problem::WrongType("array")),
        }
        if o.get("updated").and_then(Value::as_i64) != Some(0) {
            self.int(o, base, "updated", MIN_TIME, MAX_TIME, true);
        }
        match o.get("deleted") {
            None | Some(Value::Bool(_)) => {}
            Some(_) => self.err(format!("{base}.deleted"), Problem::WrongType("boolean")),
        }
    }
}

/// Validate one product object at `base` (e.g. `payload.products[3]`).
fn check_product(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    if c.strict {
        // the fields every product record is written with
        for key in [
            "sku",
            "item_id",
            "title",
            "category",
            "list_price",
            "cost",
            "stock",
            "status",
            "role",
        ] {
            if o.get(key).is_none_or(Value::is_null) {
                c.err(format!("{base}.{key}"), Problem::Missing);
            }
        }
    }
    c.string(o, base, "sku", MAX_TEXT, false);
    c.string(o, base, "item_id", MAX_TEXT, false);
    if let Some(Value::String(s)) = o.get("item_id") {
        if !s.is_empty() && !s.chars().all(|ch| ch.is_ascii_digit()) {
            c.err(format!("{base}.item_id"), Problem::BadValue);
        }
    }
    c.string(o, base, "title", MAX_TITLE, false);
    c.string(o, base, "category", MAX_TEXT, false);
    c.int(o, base, "list_price", 0, MAX_FEN, false);
    c.int(o, base, "cost", 0, MAX_FEN, false);
    c.int(o, base, "in_transit", 0, 100_000_000, false);
    c.int(o, base, "lead_days", 0, 365, false);
    c.int(o, base, "typed_pace_x100", 0, MAX_PACE_X100, false);
    c.int(o, base, "stock", 0, MAX_STOCK, false);
    c.one_of(o, base, "status", &|s| ProductStatus::from_key(s).is_some());
    c.one_of(o, base, "role", &|s| ProductRole::from_key(s).is_some());
    c.string_list(o, base, "tags");
    c.string_list(o, base, "keywords");
    c.string(o, base, "notes", MAX_NOTES, false);
    match o.get("price_history") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > 1_000 => {
            c.err(format!("{base}.price_history"), Problem::TooMany(1_000))
        }
        Some(Value::Array(a)) => {
            for (i, pt) in a.iter().enumerate() {
                let path = format!("{base}.price_history[{i}]");
                match pt.as_object() {
                    Some(po) => {
                        check_date(c, po.get("date"), format!("{path}.date"), true);
                        c.int(po, &path, "price", 0, MAX_FEN, true);
                    }
                    None => c.err(path, Problem::WrongType("object")),
                }
            }
        }
        Some(_) => c.err(format!("{base}.price_history"), Problem::WrongType("array")),
    }
}

fn check_profile(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.string(o, base, "name", MAX_TEXT, false);
    c.one_of(o, base, "platform", &|s| s == "tmall" || s == "taobao");
    c.int(o, base, "fee_rate_bp", 0, 10_000, false);
    c.int(o, base, "default_postage", 0, MAX_FEN, false);
    c.int(o, base, "shipping_cost", 0, MAX_FEN, false);
}

/// Validate and build products from a JSON array at `base` (our own storage). All-or-nothing.
pub fn products(v: &Value, base: &str) -> Result<Vec<Product>, Vec<FieldError>> {
    products_with(v, base, false)
}

/// Products of a plan file: as [`products`], and every field the app writes is required.
pub fn products_in_file(v: &Value, base: &str) -> Result<Vec<Product>, Vec<FieldError>> {
    products_with(v, base, true)
}

/// Products from a JSON array at `base`; `strict` (plan files): every field the app writes is
/// required.
pub fn products_with(v: &Value, base: &str, strict: bool) -> Result<Vec<Product>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut c = Checker {
        errors: &mut errors,
        strict,
    };
    let Some(arr) = v.as_array() else {
        c.err(base.to_string(), Problem::WrongType("array"));
        return Err(errors);
    };
    if arr.len() > MAX_PRODUCTS {
        c.err(base.to_string(), Problem::TooMany(MAX_PRODUCTS));
        return Err(errors);
    }
    let mut ids = HashSet::new();
    for (i, item) in arr.iter().enumerate() {
        let path = format!("{base}[{i}]");
        check_product(&mut c, item, &path);
        if let Some(id) = item.get("id").and_then(Value::as_str) {
            if !ids.insert(id) {
                c.err(format!("{path}.id"), Problem::DuplicateId);
            }
        }
        if c.errors.len() >= MAX_ERRORS {
            break;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(arr.len());
    for (i, item) in arr.iter().enumerate() {
        match serde_json::from_value::<Product>(item.clone()) {
            Ok(p) => out.push(p),
            Err(_) => {
                return Err(vec![FieldError {
                    path: format!("{base}[{i}]"),
                    problem: Problem::BadValue,
                }])
            }
        }
    }
    Ok(out)
}

pub fn profile(v: &Value, base: &str) -> Result<StoreProfile, Vec<FieldError>> {
    let mut errors = Vec::new();
    check_profile(
        &mut Checker {
            errors: &mut errors,
            strict: false,
        },
        v,
        base,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    serde_json::from_value(v.clone()).map_err(|_| {
        vec![FieldError {
            path: base.to_string(),
            problem: Problem::BadValue,
        }]
    })
}

// ----- promotions and platform events -----

const MAX_PROMOTIONS: usize = 10_000;
const MAX_TIERS: usize = 20;

fn check_date(
    c: &mut Checker,
    v: Option<&Value>,
    path: String,
    required: bool,
) -> Option<NaiveDate> {
    match v {
        None | Some(Value::Null) if !required => None,
        None => {
            c.err(path, Problem::Missing);
            None
        }
        Some(Value::String(s)) => match crate::model::date::parse_ymd(s) {
            Some(d) if (2000..=2100).contains(&d.year()) => Some(d),
            _ => {
                c.err(path, Problem::BadValue);
                None
            }
        },
        Some(_) => {
            c.err(path, Problem::WrongType("string"));
            None
        }
    }
}

fn check_range(c: &mut Checker, v: Option<&Value>, path: &str, required: bool) {
    match v {
        None | Some(Value::Null) if !required => {}
        None => c.err(path.to_string(), Problem::Missing),
        Some(Value::Object(o)) => {
            let s = check_date(c, o.get("start"), format!("{path}.start"), true);
            let e = check_date(c, o.get("end"), format!("{path}.end"), true);
            if let (Some(s), Some(e)) = (s, e) {
                if e < s {
                    c.err(format!("{path}.end"), Problem::BadValue);
                }
            }
        }
        Some(_) => c.err(path.to_string(), Problem::WrongType("object")),
    }
}

fn check_phases(c: &mut Checker, o: &Map<String, Value>, base: &str) {
    let path = format!("{base}.phases");
    match o.get("phases") {
        None => c.err(path, Problem::Missing),
        Some(Value::Object(p)) => {
            check_range(c, p.get("main"), &format!("{path}.main"), true);
            for k in [
                "warmup",
                "presale_deposit",
                "presale_balance",
                "return_wave",
            ] {
                check_range(c, p.get(k), &format!("{path}.{k}"), false);
            }
            for k in ["registration_deadline", "price_protection_end"] {
                check_date(c, p.get(k), format!("{path}.{k}"), false);
            }
        }
        Some(_) => c.err(path, Problem::WrongType("object")),
    }
}

fn check_bp(c: &mut Checker, bp: u32, path: String) {
    if bp > 10_000 {
        c.err(
            path,
            Problem::OutOfRange {
                min: 0,
                max: 10_000,
            },
        );
    }
}

fn check_fen(c: &mut Checker, f: crate::model::Fen, path: String) {
    if !(0..=MAX_FEN).contains(&f.0) {
        c.err(
            path,
            Problem::OutOfRange {
                min: 0,
                max: MAX_FEN,
            },
        );
    }
}

/// Checks on the typed promotion that JSON shape alone cannot express.
fn check_promotion_values(c: &mut Checker, p: &Promotion, base: &str) {
    use crate::model::{Benefit, ItemDiscount, PromoRule};
    if c.strict {
        let mut seen = HashSet::new();
        for (i, it) in p.items.iter().enumerate() {
            if !seen.insert(it.product_id.as_str()) {
                c.err(
                    format!("{base}.items[{i}].product_id"),
                    Problem::DuplicateId,
                );
            }
        }
    }
    for (i, it) in p.items.iter().enumerate() {
        let path = format!("{base}.items[{i}].discount");
        match it.discount {
            Some(ItemDiscount::Percent { pay_bp }) => check_bp(c, pay_bp, format!("{path}.pay_bp")),
            Some(ItemDiscount::AmountOff { off }) => check_fen(c, off, format!("{path}.off")),
            Some(ItemDiscount::FixedPrice { price }) => {
                check_fen(c, price, format!("{path}.price"))
            }
            None => {}
        }
        if it.stock.is_some_and(|s| !(0..=MAX_STOCK).contains(&s)) {
            c.err(
                format!("{base}.items[{i}].stock"),
                Problem::OutOfRange {
                    min: 0,
                    max: MAX_STOCK,
                },
            );
        }
    }
    let rule = format!("{base}.rule");
    match &p.rule {
        PromoRule::Single | PromoRule::Platform { .. } => {}
        PromoRule::StoreWide { tiers, .. } => {
            if tiers.len() > MAX_TIERS {
                c.err(format!("{rule}.tiers"), Problem::TooMany(MAX_TIERS));
            }
            for (i, t) in tiers.iter().enumerate() {
                if !(0..=MAX_FEN).contains(&t.threshold) {
                    c.err(
                        format!("{rule}.tiers[{i}].threshold"),
                        Problem::OutOfRange {
                            min: 0,
                            max: MAX_FEN,
                        },
                    );
                }
                let bpath = format!("{rule}.tiers[{i}].benefit");
                match &t.benefit {
                    Benefit::AmountOff { off } => check_fen(c, *off, format!("{bpath}.off")),
                    Benefit::Percent { pay_bp } => check_bp(c, *pay_bp, format!("{bpath}.pay_bp")),
                    Benefit::Gift { name, cost } => {
                        if name.chars().count() > MAX_TEXT {
                            c.err(format!("{bpath}.name"), Problem::TooLong(MAX_TEXT));
                        }
                        check_fen(c, *cost, format!("{bpath}.cost"));
                    }
                }
            }
        }
        PromoRule::Bundle { price } => check_fen(c, *price, format!("{rule}.price")),
        PromoRule::Coupon {
            face, threshold, ..
        } => {
            check_fen(c, *face, format!("{rule}.face"));
            check_fen(c, *threshold, format!("{rule}.threshold"));
        }
        PromoRule::CrossStore { every, off } => {
            check_fen(c, *every, format!("{rule}.every"));
            check_fen(c, *off, format!("{rule}.off"));
        }
    }
    for (i, ch) in p.channels.iter().enumerate() {
        if ch.chars().count() > MAX_TEXT {
            c.err(format!("{base}.channels[{i}]"), Problem::TooLong(MAX_TEXT));
        }
    }
}

fn check_promotion(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.string(o, base, "name", MAX_TEXT, true);
    match o.get("rule") {
        None => c.err(format!("{base}.rule"), Problem::Missing),
        Some(Value::Object(r)) => c.one_of(r, &format!("{base}.rule"), "tool", &|s| {
            matches!(
                s,
                "single" | "platform" | "store_wide" | "bundle" | "coupon" | "cross_store"
            )
        }),
        Some(_) => c.err(format!("{base}.rule"), Problem::WrongType("object")),
    }
    match o.get("items") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > MAX_PRODUCTS => {
            c.err(format!("{base}.items"), Problem::TooMany(MAX_PRODUCTS))
        }
        Some(Value::Array(a)) => {
            for (i, it) in a.iter().enumerate() {
                match it.as_object() {
                    Some(io) => c.string(
                        io,
                        &format!("{base}.items[{i}]"),
                        "product_id",
                        MAX_ID,
                        true,
                    ),
                    None => c.err(format!("{base}.items[{i}]"), Problem::WrongType("object")),
                }
            }
        }
        Some(_) => c.err(format!("{base}.items"), Problem::WrongType("array")),
    }
    check_phases(c, o, base);
    c.one_of(o, base, "status", &|s| PromoStatus::from_key(s).is_some());
    c.one_of(o, base, "owner", &|s| OwnerRole::from_key(s).is_some());
    c.int(o, base, "budget", 0, MAX_FEN, false);
    c.int(o, base, "target_gmv", 0, MAX_FEN, false);
    c.int(o, base, "target_units", 0, MAX_STOCK, false);
    c.int(o, base, "affiliate_bp", 0, 10_000, false);
    c.string_list(o, base, "channels");
    c.string(o, base, "event_id", MAX_ID, false);
    c.string(o, base, "notes", MAX_NOTES, false);
}

fn check_event(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.string(o, base, "name", MAX_TEXT, true);
    check_phases(c, o, base);
    c.string(o, base, "notes", MAX_NOTES, false);
    if o.get("checked").is_some_and(|v| !v.is_boolean()) {
        c.err(format!("{base}.checked"), Problem::WrongType("boolean"));
    }
}

/// Validate and build records of one kind from a JSON array at `base`. All-or-nothing.
fn records<T: serde::de::DeserializeOwned>(
    v: &Value,
    base: &str,
    max: usize,
    check: fn(&mut Checker, &Value, &str),
    check_typed: fn(&mut Checker, &T, &str),
    strict: bool,
) -> Result<Vec<T>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut c = Checker {
        errors: &mut errors,
        strict,
    };
    let Some(arr) = v.as_array() else {
        c.err(base.to_string(), Problem::WrongType("array"));
        return Err(errors);
    };
    if arr.len() > max {
        c.err(base.to_string(), Problem::TooMany(max));
        return Err(errors);
    }
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(arr.len());
    for (i, item) in arr.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let before = c.errors.len();
        check(&mut c, item, &path);
        if let Some(id) = item.get("id").and_then(Value::as_str) {
            if !ids.insert(id) {
                c.err(format!("{path}.id"), Problem::DuplicateId);
            }
        }
        if c.errors.len() == before {
            match serde_json::from_value::<T>(item.clone()) {
                Ok(t) => {
                    check_typed(&mut c, &t, &path);
                    out.push(t);
                }
                Err(_) => c.err(path, Problem::BadValue),
            }
        }
        if c.errors.len() >= MAX_ERRORS {
            break;
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

pub fn promotions(v: &Value, base: &str) -> Result<Vec<Promotion>, Vec<FieldError>> {
    promotions_with(v, base, false)
}

/// Promotions from a JSON array at `base`; `strict` (plan files) as [`promotions_in_file`].
pub fn promotions_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<Promotion>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_PROMOTIONS,
        check_promotion,
        check_promotion_values,
        strict,
    )
}

/// Promotions of a plan file: as [`promotions`], and a product named twice in one promotion is
/// an error (10,000 copies of one item would freeze the editor).
pub fn promotions_in_file(v: &Value, base: &str) -> Result<Vec<Promotion>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_PROMOTIONS,
        check_promotion,
        check_promotion_values,
        true,
    )
}

pub fn events(v: &Value, base: &str) -> Result<Vec<PlatformEvent>, Vec<FieldError>> {
    events_with(v, base, false)
}

pub fn events_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<PlatformEvent>, Vec<FieldError>> {
    records(v, base, MAX_PROMOTIONS, check_event, |_, _, _| {}, strict)
}

/// Records of a simple kind: an identity (`id`, `rev`, ...) plus the named text fields, each
/// required and at most so many characters; at most `max` records. For kinds whose rules are
/// only that (new kinds start here and grow their own checks).
pub fn plain_records<T: serde::de::DeserializeOwned>(
    v: &Value,
    base: &str,
    max: usize,
    strict: bool,
    texts: &'static [(&'static str, usize)],
) -> Result<Vec<T>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut c = Checker {
        errors: &mut errors,
        strict,
    };
    let Some(arr) = v.as_array() else {
        c.err(base.to_string(), Problem::WrongType("array"));
        return Err(errors);
    };
    if arr.len() > max {
        c.err(base.to_string(), Problem::TooMany(max));
        return Err(errors);
    }
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(arr.len());
    for (i, item) in arr.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let before = c.errors.len();
        match item.as_object() {
            None => c.err(path.clone(), Problem::WrongType("object")),
            Some(o) => {
                c.meta(o, &path);
                for (key, len) in texts {
                    c.string(o, &path, key, *len, true);
                }
                if let Some(id) = o.get("id").and_then(Value::as_str) {
                    if !ids.insert(id) {
                        c.err(format!("{path}.id"), Problem::DuplicateId);
                    }
                }
            }
        }
        if c.errors.len() == before {
            match serde_json::from_value::<T>(item.clone()) {
                Ok(t) => out.push(t),
                Err(_) => c.err(path, Problem::BadValue),
            }
        }
        if c.errors.len() >= MAX_ERRORS {
            break;
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// At most this many target plans (a year × its scenarios) in one workspace.
const MAX_TARGET_PLANS: usize = 500;
/// Rates above 100% make sense only for 推广占比 (a store may spend more than it sells).
const MAX_RATIO_BP: i64 = 100_000;

/// Target plans (`model::target::TargetPlan`) from a JSON array at `base`: every field checked
/// by path, exactly twelve months, and the months add up to the year's target to the fen (a
/// plan that does not add up is refused rather than silently re-spread).
pub fn targets_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::TargetPlan>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_TARGET_PLANS,
        check_target,
        check_target_sum,
        strict,
    )
}

fn check_bool(c: &mut Checker, o: &Map<String, Value>, base: &str, key: &str) {
    match o.get(key) {
        None | Some(Value::Bool(_)) => {}
        Some(_) => c.err(format!("{base}.{key}"), Problem::WrongType("boolean")),
    }
}

fn check_target(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.int(o, base, "year", 2000, 2100, true);
    c.string(o, base, "name", MAX_TEXT, true);
    c.int(o, base, "target", 0, MAX_FEN, true);
    c.string(o, base, "notes", MAX_NOTES, false);
    c.string(o, base, "base", MAX_TEXT, false);
    match o.get("months") {
        None => c.err(format!("{base}.months"), Problem::Missing),
        Some(Value::Array(a)) if a.len() != crate::model::target::MONTHS => c.err(
            format!("{base}.months"),
            Problem::OutOfRange { min: 12, max: 12 },
        ),
        Some(Value::Array(a)) => {
            for (i, m) in a.iter().enumerate() {
                let path = format!("{base}.months[{i}]");
                let Some(mo) = m.as_object() else {
                    c.err(path, Problem::WrongType("object"));
                    continue;
                };
                c.int(mo, &path, "gmv", 0, MAX_FEN, true);
                check_bool(c, mo, &path, "locked");
                c.int(mo, &path, "conversion_bp", 1, 10_000, false);
                c.int(mo, &path, "aov", 1, MAX_FEN, false);
                c.int(mo, &path, "ad_ratio_bp", 0, MAX_RATIO_BP, false);
            }
        }
        Some(_) => c.err(format!("{base}.months"), Problem::WrongType("array")),
    }
    match o.get("drivers") {
        None => c.err(format!("{base}.drivers"), Problem::Missing),
        Some(Value::Object(d)) => {
            let path = format!("{base}.drivers");
            c.int(d, &path, "conversion_bp", 1, 10_000, true);
            c.int(d, &path, "aov", 1, MAX_FEN, true);
            c.int(d, &path, "refund_bp", 0, 10_000, true);
            c.int(d, &path, "paid_share_bp", 0, 10_000, true);
            c.int(d, &path, "ad_ratio_bp", 0, MAX_RATIO_BP, true);
            c.int(d, &path, "affiliate_bp", 0, 10_000, true);
            c.int(d, &path, "gross_margin_bp", 0, 10_000, false);
            c.int(d, &path, "fee_bp", 0, 10_000, false);
            c.int(d, &path, "shipping_per_order", 0, MAX_FEN, true);
        }
        Some(_) => c.err(format!("{base}.drivers"), Problem::WrongType("object")),
    }
    match o.get("fixed") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > MAX_LIST => {
            c.err(format!("{base}.fixed"), Problem::TooMany(MAX_LIST))
        }
        Some(Value::Array(a)) => {
            for (i, l) in a.iter().enumerate() {
                let path = format!("{base}.fixed[{i}]");
                let Some(lo) = l.as_object() else {
                    c.err(path, Problem::WrongType("object"));
                    continue;
                };
                c.string(lo, &path, "name", MAX_TEXT, true);
                c.int(lo, &path, "monthly", 0, MAX_FEN, true);
            }
        }
        Some(_) => c.err(format!("{base}.fixed"), Problem::WrongType("array")),
    }
    match o.get("budget") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > MAX_LIST => {
            c.err(format!("{base}.budget"), Problem::TooMany(MAX_LIST))
        }
        Some(Value::Array(a)) => {
            for (i, l) in a.iter().enumerate() {
                let path = format!("{base}.budget[{i}]");
                let Some(lo) = l.as_object() else {
                    c.err(path, Problem::WrongType("object"));
                    continue;
                };
                if !lo.contains_key("kind") {
                    c.err(format!("{path}.kind"), Problem::Missing);
                }
                c.one_of(lo, &path, "kind", &|k| {
                    crate::model::BudgetKind::from_key(k).is_some()
                });
                c.string(lo, &path, "name", MAX_TEXT, false);
                match lo.get("planned") {
                    Some(Value::Array(m)) if m.len() == crate::model::target::MONTHS => {
                        for (j, x) in m.iter().enumerate() {
                            match x.as_i64() {
                                Some(v) if (0..=MAX_FEN).contains(&v) => {}
                                Some(_) => c.err(
                                    format!("{path}.planned[{j}]"),
                                    Problem::OutOfRange {
                                        min: 0,
                                        max: MAX_FEN,
                                    },
                                ),
                                None => c.err(
                                    format!("{path}.planned[{j}]"),
                                    Problem::WrongType("integer"),
                                ),
                            }
                        }
                    }
                    Some(Value::Array(_)) => c.err(
                        format!("{path}.planned"),
                        Problem::OutOfRange { min: 12, max: 12 },
                    ),
                    Some(_) => c.err(format!("{path}.planned"), Problem::WrongType("array")),
                    None => c.err(format!("{path}.planned"), Problem::Missing),
                }
            }
        }
        Some(_) => c.err(format!("{base}.budget"), Problem::WrongType("array")),
    }
    c.one_of(o, base, "headline", &|k| {
        crate::model::Headline::from_key(k).is_some()
    });
    c.int(o, base, "headline_target", -MAX_FEN, MAX_FEN, false);
    for key in ["category_shares", "product_shares"] {
        match o.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) if a.len() > MAX_SHARES => {
                c.err(format!("{base}.{key}"), Problem::TooMany(MAX_SHARES))
            }
            Some(Value::Array(a)) => {
                let mut seen = std::collections::HashSet::new();
                for (i, l) in a.iter().enumerate() {
                    let path = format!("{base}.{key}[{i}]");
                    let Some(lo) = l.as_object() else {
                        c.err(path, Problem::WrongType("object"));
                        continue;
                    };
                    c.string(lo, &path, "key", MAX_TEXT, true);
                    c.int(lo, &path, "share_bp", 0, 10_000, true);
                    if let Some(k) = lo.get("key").and_then(Value::as_str) {
                        if !seen.insert(k) {
                            c.err(format!("{path}.key"), Problem::BadValue);
                        }
                    }
                }
            }
            Some(_) => c.err(format!("{base}.{key}"), Problem::WrongType("array")),
        }
    }
}

/// Typed shares of one plan: a level's categories or items.
const MAX_SHARES: usize = 20_000;

fn check_target_sum(c: &mut Checker, p: &crate::model::TargetPlan, base: &str) {
    let sum = p.months.iter().fold(0i64, |a, m| a.saturating_add(m.gmv.0));
    if sum != p.target.0 {
        c.err(format!("{base}.months"), Problem::BadValue);
    }
    // the categories' typed shares are of one whole
    let typed = p
        .category_shares
        .iter()
        .fold(0u64, |a, s| a.saturating_add(u64::from(s.share_bp)));
    if typed > 10_000 {
        c.err(format!("{base}.category_shares"), Problem::BadValue);
    }
    if p.headline == crate::model::Headline::Net && p.headline_target.is_some_and(|t| t.0 < 0) {
        c.err(format!("{base}.headline_target"), Problem::BadValue);
    }
}

// ----- the team's day: members, tasks, templates -----

const MAX_TASKS: usize = 100_000;
const MAX_MEMBERS: usize = 1_000;

impl Checker<'_> {
    /// Fields every record of a kind is written with (plan files only).
    fn required(&mut self, o: &Map<String, Value>, base: &str, keys: &[&str]) {
        if self.strict {
            for key in keys {
                if o.get(*key).is_none_or(Value::is_null) {
                    self.err(format!("{base}.{key}"), Problem::Missing);
                }
            }
        }
    }

    /// A required text that is not blank.
    fn text(&mut self, o: &Map<String, Value>, base: &str, key: &str, max: usize) {
        self.string(o, base, key, max, true);
        if o.get(key)
            .and_then(Value::as_str)
            .is_some_and(|s| s.trim().is_empty())
        {
            self.err(format!("{base}.{key}"), Problem::BadValue);
        }
    }
}

fn check_member(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.required(o, base, &["role"]);
    c.text(o, base, "name", crate::model::task::MAX_NAME);
    c.string(o, base, "role", crate::model::task::MAX_ROLE, false);
    match o.get("owns") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > crate::model::task::MAX_OWNS => c.err(
            format!("{base}.owns"),
            Problem::TooMany(crate::model::task::MAX_OWNS),
        ),
        Some(Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                let ok = v.as_str().is_some_and(|s| {
                    s.chars().count() <= MAX_TEXT
                        && s.split_once(':').is_some_and(|(k, key)| {
                            crate::core::tasks::OWN_KINDS.contains(&k) && !key.trim().is_empty()
                        })
                });
                if !ok {
                    c.err(format!("{base}.owns[{i}]"), Problem::BadValue);
                }
            }
        }
        Some(_) => c.err(format!("{base}.owns"), Problem::WrongType("array")),
    }
}

fn check_task(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::{LinkKind, Priority, TaskStatus};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.required(o, base, &["status", "priority"]);
    c.text(o, base, "title", crate::model::task::MAX_TITLE);
    c.string(o, base, "owner", MAX_ID, false);
    c.string(o, base, "role", crate::model::task::MAX_ROLE, false);
    check_date(c, o.get("due"), format!("{base}.due"), false);
    c.one_of(o, base, "status", &|s| TaskStatus::from_key(s).is_some());
    c.string(o, base, "blocked_reason", MAX_TEXT, false);
    c.one_of(o, base, "priority", &|s| Priority::from_key(s).is_some());
    c.string(o, base, "notes", MAX_NOTES, false);
    c.string(o, base, "template", MAX_ID, false);
    c.string(o, base, "due_time", 5, false);
    if let Some(Value::String(t)) = o.get("due_time") {
        if !t.is_empty() && crate::core::tasks::parse_time(t).as_deref() != Ok(t.as_str()) {
            c.err(format!("{base}.due_time"), Problem::BadValue);
        }
    }
    match o.get("checklist") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > crate::model::task::MAX_CHECKLIST => c.err(
            format!("{base}.checklist"),
            Problem::TooMany(crate::model::task::MAX_CHECKLIST),
        ),
        Some(Value::Array(a)) => {
            for (i, it) in a.iter().enumerate() {
                let path = format!("{base}.checklist[{i}]");
                let Some(io) = it.as_object() else {
                    c.err(path, Problem::WrongType("object"));
                    continue;
                };
                c.text(io, &path, "text", crate::model::task::MAX_TITLE);
                check_bool(c, io, &path, "done");
            }
        }
        Some(_) => c.err(format!("{base}.checklist"), Problem::WrongType("array")),
    }
    match o.get("link") {
        None | Some(Value::Null) => {}
        Some(Value::Object(l)) => {
            let path = format!("{base}.link");
            c.string(l, &path, "id", MAX_ID, true);
            if l.get("kind").is_none() {
                c.err(format!("{path}.kind"), Problem::Missing);
            }
            c.one_of(l, &path, "kind", &|s| LinkKind::from_key(s).is_some());
        }
        Some(_) => c.err(format!("{base}.link"), Problem::WrongType("object")),
    }
}

fn check_template(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::{Freq, Priority};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.required(o, base, &["role", "freq", "day", "priority", "active"]);
    c.text(o, base, "title", crate::model::task::MAX_TITLE);
    c.string(o, base, "role", crate::model::task::MAX_ROLE, false);
    c.string(o, base, "owner", MAX_ID, false);
    c.one_of(o, base, "freq", &|s| Freq::from_key(s).is_some());
    c.int(o, base, "day", 0, 31, false);
    c.one_of(o, base, "priority", &|s| Priority::from_key(s).is_some());
    match o.get("active") {
        None | Some(Value::Bool(_)) => {}
        Some(_) => c.err(format!("{base}.active"), Problem::WrongType("boolean")),
    }
}

/// A weekly template's day must be a weekday (1–7).
fn check_template_values(c: &mut Checker, t: &crate::model::TaskTemplate, base: &str) {
    if t.freq == crate::model::Freq::Weekly && !(1..=7).contains(&t.day) {
        c.err(
            format!("{base}.day"),
            Problem::OutOfRange { min: 1, max: 7 },
        );
    }
}

pub fn members_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::Member>, Vec<FieldError>> {
    records(v, base, MAX_MEMBERS, check_member, |_, _, _| {}, strict)
}

pub fn tasks_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::Task>, Vec<FieldError>> {
    records(v, base, MAX_TASKS, check_task, |_, _, _| {}, strict)
}

const MAX_HERO_PLANS: usize = 1_000;

pub fn hero_plans_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::HeroPlan>, Vec<FieldError>> {
    records(v, base, MAX_HERO_PLANS, check_hero, |_, _, _| {}, strict)
}

fn check_hero(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.string(o, base, "product_id", MAX_ID, true);
    c.string(o, base, "name", MAX_TEXT, true);
    c.string(o, base, "notes", MAX_NOTES, false);
    let stages = match o.get("stages") {
        Some(Value::Array(a)) if a.len() == crate::model::hero::STAGES => a,
        Some(Value::Array(_)) => {
            return c.err(
                format!("{base}.stages"),
                Problem::OutOfRange { min: 4, max: 4 },
            )
        }
        Some(_) => return c.err(format!("{base}.stages"), Problem::WrongType("array")),
        None => return c.err(format!("{base}.stages"), Problem::Missing),
    };
    for (i, s) in stages.iter().enumerate() {
        let path = format!("{base}.stages[{i}]");
        let Some(so) = s.as_object() else {
            c.err(path, Problem::WrongType("object"));
            continue;
        };
        let from = check_date(c, so.get("from"), format!("{path}.from"), true);
        let to = check_date(c, so.get("to"), format!("{path}.to"), true);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                c.err(format!("{path}.to"), Problem::BadValue);
            }
        }
        c.int(so, &path, "daily_budget", 0, MAX_FEN, true);
        c.int(so, &path, "visitors", 0, 1_000_000_000, true);
        c.int(so, &path, "ctr_bp", 0, 10_000, true);
        c.int(so, &path, "conversion_bp", 0, 10_000, true);
        c.int(so, &path, "units", 0, 1_000_000_000, true);
        if !so.contains_key("gate") {
            c.err(format!("{path}.gate"), Problem::Missing);
        }
        c.one_of(so, &path, "gate", &|g| {
            crate::model::GateMetric::from_key(g).is_some()
        });
        c.int(so, &path, "gate_min", 0, 1_000_000_000, true);
        c.int(so, &path, "gate_days", 1, 90, true);
    }
}

pub fn task_templates_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::TaskTemplate>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_MEMBERS,
        check_template,
        check_template_values,
        strict,
    )
}

const MAX_LEDGER: usize = 5_000;

pub fn ledger_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::LedgerEntry>, Vec<FieldError>> {
    records(v, base, MAX_LEDGER, check_ledger, |_, _, _| {}, strict)
}

fn check_ledger(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::ledger::{FeeClass, MAX_LINE, MAX_NOTE, MAX_PATTERN};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    if !o.contains_key("entry") {
        c.err(format!("{base}.entry"), Problem::Missing);
    }
    c.one_of(o, base, "entry", &|k| matches!(k, "rule" | "close"));
    c.string(o, base, "name", MAX_PATTERN, true);
    c.one_of(o, base, "class", &|k| FeeClass::from_key(k).is_some());
    c.string(o, base, "line", MAX_LINE, false);
    c.string(o, base, "note", MAX_NOTE, false);
    let name = o.get("name").and_then(Value::as_str).unwrap_or("");
    let bad = match o.get("entry").and_then(Value::as_str) {
        Some("close") => crate::core::settle::month_of_key(name).is_none(),
        _ => name.trim().is_empty(),
    };
    if bad && o.contains_key("name") {
        c.err(format!("{base}.name"), Problem::BadValue);
    }
}

const MAX_COMPETITORS: usize = 20_000;

/// Competitor items and snapshots (`sop/competitors`, `payload.competitors`).
pub fn competitors_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::CompetitorEntry>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_COMPETITORS,
        check_competitor,
        |_, _, _| {},
        strict,
    )
}

fn check_competitor(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::competitor::{MAX_COUNT, MAX_LINK, MAX_NAME, MAX_NOTE};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    if !o.contains_key("entry") {
        c.err(format!("{base}.entry"), Problem::Missing);
    }
    c.one_of(o, base, "entry", &|k| matches!(k, "item" | "snap"));
    c.string(o, base, "name", MAX_NAME, true);
    c.string(o, base, "store", MAX_NAME, false);
    c.string(o, base, "link", MAX_LINK, false);
    c.string(o, base, "product", MAX_ID, false);
    c.string(o, base, "item", MAX_ID, false);
    c.string(o, base, "note", MAX_NOTE, false);
    c.int(o, base, "price", 0, MAX_FEN, false);
    c.int(o, base, "sales", 0, MAX_COUNT as i64, false);
    c.int(o, base, "favs", 0, MAX_COUNT as i64, false);
    if o.get("entry").and_then(Value::as_str) == Some("snap") {
        check_date(c, o.get("day"), format!("{base}.day"), true);
        if o.get("item")
            .and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
        {
            c.err(format!("{base}.item"), Problem::Missing);
        }
    } else if o
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|s| s.trim().is_empty())
    {
        c.err(format!("{base}.name"), Problem::BadValue);
    }
}

const MAX_REPORT_NOTES: usize = 5_000;

/// Report comments (`sop/report-notes`, `payload.report_notes`).
pub fn report_notes_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::ReportNote>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_REPORT_NOTES,
        check_report_note,
        |_, _, _| {},
        strict,
    )
}

fn check_report_note(c: &mut Checker, v: &Value, base: &str) {
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    if !o.contains_key("kind") {
        c.err(format!("{base}.kind"), Problem::Missing);
    }
    c.one_of(o, base, "kind", &|k| {
        matches!(k, "daily" | "weekly" | "monthly")
    });
    check_date(c, o.get("start"), format!("{base}.start"), true);
    c.string(o, base, "text", crate::model::report_note::MAX_TEXT, true);
}

const MAX_COMPLAINTS: usize = 20_000;

/// Typed complaints (`sop/complaints`, `payload.complaints`).
pub fn complaints_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::Complaint>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_COMPLAINTS,
        check_complaint,
        |_, _, _| {},
        strict,
    )
}

fn check_complaint(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::complaint::{MAX_ORDER, MAX_TEXT};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    check_date(c, o.get("day"), format!("{base}.day"), true);
    if !o.contains_key("reason") {
        c.err(format!("{base}.reason"), Problem::Missing);
    }
    c.one_of(o, base, "reason", &|k| {
        crate::formats::refunds::Reason::from_key(k).is_some()
    });
    c.string(o, base, "order", MAX_ORDER, false);
    c.string(o, base, "item_id", MAX_ORDER, false);
    c.string(o, base, "text", MAX_TEXT, true);
    c.string(o, base, "note", MAX_TEXT, false);
    match o.get("done") {
        None | Some(Value::Bool(_)) => {}
        Some(_) => c.err(format!("{base}.done"), Problem::WrongType("boolean")),
    }
}

const MAX_LISTINGS: usize = 10_000;

/// 上新 pipelines (`sop/listings`, `payload.listings`).
pub fn listings_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::Listing>, Vec<FieldError>> {
    records(v, base, MAX_LISTINGS, check_listing, |_, _, _| {}, strict)
}

fn check_listing(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::listing::{MAX_IMAGES, MAX_NAME, MAX_REASON, STEPS};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.required(o, base, &["kind"]);
    c.string(o, base, "product_id", MAX_ID, true);
    c.text(o, base, "name", MAX_NAME);
    c.one_of(o, base, "kind", &|k| {
        crate::model::ListingKind::from_key(k).is_some()
    });
    c.int(o, base, "main_images", 0, i64::from(MAX_IMAGES), false);
    c.string(o, base, "override_reason", MAX_REASON, false);
    let steps = match o.get("steps") {
        Some(Value::Array(a)) if a.len() == STEPS => a,
        Some(Value::Array(_)) => {
            return c.err(
                format!("{base}.steps"),
                Problem::OutOfRange {
                    min: STEPS as i64,
                    max: STEPS as i64,
                },
            )
        }
        Some(_) => return c.err(format!("{base}.steps"), Problem::WrongType("array")),
        None => return c.err(format!("{base}.steps"), Problem::Missing),
    };
    for (i, s) in steps.iter().enumerate() {
        let path = format!("{base}.steps[{i}]");
        let Some(so) = s.as_object() else {
            c.err(path, Problem::WrongType("object"));
            continue;
        };
        c.string(so, &path, "owner", MAX_ID, false);
        check_date(c, so.get("due"), format!("{path}.due"), false);
        check_date(c, so.get("done"), format!("{path}.done"), false);
        c.string(so, &path, "blocked", MAX_REASON, false);
    }
}

const MAX_INCENTIVES: usize = 2_000;

/// 考核激励 schemes (`sop/incentives`, `payload.incentives`).
pub fn incentives_with(
    v: &Value,
    base: &str,
    strict: bool,
) -> Result<Vec<crate::model::Incentive>, Vec<FieldError>> {
    records(
        v,
        base,
        MAX_INCENTIVES,
        check_incentive,
        |_, _, _| {},
        strict,
    )
}

fn check_incentive(c: &mut Checker, v: &Value, base: &str) {
    use crate::model::incentive::{MAX_FROM_BP, MAX_NAME, MAX_TIERS};
    let Some(o) = v.as_object() else {
        c.err(base.to_string(), Problem::WrongType("object"));
        return;
    };
    c.meta(o, base);
    c.required(o, base, &["basis", "share_bp", "task_target_bp", "bonus"]);
    c.string(o, base, "member", MAX_ID, true);
    c.text(o, base, "name", MAX_NAME);
    c.int(o, base, "year", 2000, 2100, true);
    c.one_of(o, base, "basis", &|k| {
        crate::model::Basis::from_key(k).is_some()
    });
    c.int(o, base, "share_bp", 0, 10_000, false);
    c.int(o, base, "task_target_bp", 0, 10_000, false);
    c.string(o, base, "kpi_name", MAX_NAME, false);
    c.int(o, base, "bonus", 0, MAX_FEN, false);
    match o.get("tiers") {
        Some(Value::Array(a)) if a.len() > MAX_TIERS => {
            c.err(format!("{base}.tiers"), Problem::TooMany(MAX_TIERS))
        }
        Some(Value::Array(a)) => {
            let mut last = -1i64;
            for (i, t) in a.iter().enumerate() {
                let path = format!("{base}.tiers[{i}]");
                let Some(to) = t.as_object() else {
                    c.err(path, Problem::WrongType("object"));
                    continue;
                };
                c.int(to, &path, "from_bp", 0, i64::from(MAX_FROM_BP), true);
                c.int(to, &path, "rate_bp", 0, 10_000, true);
                if let Some(f) = to.get("from_bp").and_then(Value::as_i64) {
                    if f <= last {
                        c.err(format!("{path}.from_bp"), Problem::BadValue);
                    }
                    last = f;
                }
            }
        }
        Some(_) => c.err(format!("{base}.tiers"), Problem::WrongType("array")),
        None => c.err(format!("{base}.tiers"), Problem::Missing),
    }
    match o.get("kpi") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > 12 => c.err(format!("{base}.kpi"), Problem::TooMany(12)),
        Some(Value::Array(a)) => {
            let mut seen = [false; 13];
            for (i, k) in a.iter().enumerate() {
                let path = format!("{base}.kpi[{i}]");
                let Some(ko) = k.as_object() else {
                    c.err(path, Problem::WrongType("object"));
                    continue;
                };
                c.int(ko, &path, "month", 1, 12, true);
                c.int(ko, &path, "target", 0, MAX_FEN, true);
                c.int(ko, &path, "actual", 0, MAX_FEN, false);
                if let Some(m) = ko
                    .get("month")
                    .and_then(Value::as_u64)
                    .filter(|m| (1..=12).contains(m))
                {
                    if let Some(slot) = seen.get_mut(m as usize) {
                        if std::mem::replace(slot, true) {
                            c.err(format!("{path}.month"), Problem::BadValue);
                        }
                    }
                }
            }
        }
        Some(_) => c.err(format!("{base}.kpi"), Problem::WrongType("array")),
    }
}
