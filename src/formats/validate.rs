//! Field-by-field validation of records arriving from outside (plan files, and stored data that
//! may have been edited by hand). Works on raw JSON so that every problem names its field path,
//! then the typed value is built only from data that passed.

use crate::model::money::MAX_FEN;
use crate::model::{Product, ProductRole, ProductStatus, Rev, StoreProfile};
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
    c.int(o, base, "stock", 0, MAX_STOCK, false);
    c.one_of(o, base, "status", &|s| ProductStatus::from_key(s).is_some());
    c.one_of(o, base, "role", &|s| ProductRole::from_key(s).is_some());
    c.string_list(o, base, "tags");
    c.string_list(o, base, "keywords");
    c.string(o, base, "notes", MAX_NOTES, false);
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
}

/// Validate and build products from a JSON array at `base`. All-or-nothing.
pub fn products(v: &Value, base: &str) -> Result<Vec<Product>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut c = Checker {
        errors: &mut errors,
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
