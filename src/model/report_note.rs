//! A report's typed comments (issue 17 §4: "typed comments kept with the report"): one record per
//! report — kind and first day of its period, id `rn-<kind>-<yyyymmdd>` — so the comment on a
//! week's report is the same record in every browser and travels in plan files like the rest.

use super::Meta;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest comment (characters).
pub const MAX_TEXT: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportNote {
    #[serde(flatten)]
    pub meta: Meta,
    /// `daily`, `weekly` or `monthly`.
    pub kind: String,
    /// The first day of the report's period (the day, the ISO week's Monday, the month's 1st).
    #[serde(deserialize_with = "super::date::de_ymd")]
    pub start: NaiveDate,
    pub text: String,
}

super::record!(
    ReportNote,
    "sop/report-notes",
    "report_notes",
    text,
    report_notes_with
);

/// The id of the comment on the `kind` report starting on `start`.
pub fn note_id(kind: &str, start: NaiveDate) -> String {
    format!("rn-{kind}-{}", super::date::ymd(start).replace('-', ""))
}

impl ReportNote {
    /// A new comment (not yet bumped).
    pub fn new(kind: &str, start: NaiveDate, text: String, now_ms: i64) -> ReportNote {
        ReportNote {
            meta: Meta::new(note_id(kind, start), now_ms),
            kind: kind.to_string(),
            start,
            text,
        }
    }
}
