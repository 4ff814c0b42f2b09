//! Ordered, numbered migrations over JSON values (the approach of Actual Budget): step `i` turns
//! version `i + 1` into version `i + 2`. Data from a newer version than we know is refused whole,
//! never half-read.

use serde_json::Value;

/// A migration step from version N to N + 1.
pub type Step = fn(Value) -> Result<Value, String>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrateError {
    /// Written by a newer version of the app.
    TooNew { found: u64, supported: u64 },
    /// Version 0, negative, or not a number.
    BadVersion,
    /// A step failed (the message says why, in English; shown with the step number).
    StepFailed { from: u64, reason: String },
}

/// Bring `value` at `version` up to `1 + steps.len()`.
pub fn migrate(value: Value, version: u64, steps: &[Step]) -> Result<Value, MigrateError> {
    let current = steps.len() as u64 + 1;
    if version == 0 {
        return Err(MigrateError::BadVersion);
    }
    if version > current {
        return Err(MigrateError::TooNew {
            found: version,
            supported: current,
        });
    }
    let mut v = value;
    for (i, step) in steps.iter().enumerate().skip((version - 1) as usize) {
        v = step(v).map_err(|reason| MigrateError::StepFailed {
            from: i as u64 + 1,
            reason,
        })?;
    }
    Ok(v)
}

/// Reads a version field that must be a positive integer.
pub fn version_of(v: Option<&Value>) -> Result<u64, MigrateError> {
    match v.and_then(Value::as_u64) {
        Some(n) if n > 0 => Ok(n),
        _ => Err(MigrateError::BadVersion),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn add_a(mut v: Value) -> Result<Value, String> {
        v["a"] = json!(1);
        Ok(v)
    }
    fn a_to_b(mut v: Value) -> Result<Value, String> {
        let a = v.get("a").cloned().ok_or("no a")?;
        v["b"] = a;
        Ok(v)
    }

    #[test]
    fn steps_run_in_order_from_the_found_version() {
        let steps: [Step; 2] = [add_a, a_to_b];
        assert_eq!(migrate(json!({}), 1, &steps), Ok(json!({"a":1,"b":1})));
        // a version-2 value already has a; only the second step runs
        assert_eq!(migrate(json!({"a":5}), 2, &steps), Ok(json!({"a":5,"b":5})));
        assert_eq!(migrate(json!({"x":0}), 3, &steps), Ok(json!({"x":0})));
    }

    #[test]
    fn newer_version_is_refused_whole() {
        let steps: [Step; 1] = [add_a];
        assert_eq!(
            migrate(json!({}), 3, &steps),
            Err(MigrateError::TooNew {
                found: 3,
                supported: 2
            })
        );
    }

    #[test]
    fn failing_step_names_its_version() {
        let steps: [Step; 1] = [a_to_b];
        assert!(matches!(
            migrate(json!({}), 1, &steps),
            Err(MigrateError::StepFailed { from: 1, .. })
        ));
    }

    #[test]
    fn version_must_be_a_positive_integer() {
        assert_eq!(version_of(Some(&json!(0))), Err(MigrateError::BadVersion));
        assert_eq!(version_of(Some(&json!("1"))), Err(MigrateError::BadVersion));
        assert_eq!(version_of(Some(&json!(-1))), Err(MigrateError::BadVersion));
        assert_eq!(version_of(None), Err(MigrateError::BadVersion));
        assert_eq!(version_of(Some(&json!(2))), Ok(2));
    }
}
