//! The platform-event editor's date fields and its error texts.

use super::*;
use crate::core::promo::events::PhasesError;

/// The phases' date fields of the event editor, in form order, with their labels.
pub(super) type Label = fn(Locale) -> &'static str;
pub(super) const FIELDS: [(&str, Label); 12] = [
    ("main_start", |l| td_string!(l, common.phase_main_start)),
    ("main_end", |l| td_string!(l, common.phase_main_end)),
    ("registration", |l| td_string!(l, common.phase_registration)),
    ("warmup_start", |l| td_string!(l, common.phase_warmup_start)),
    ("warmup_end", |l| td_string!(l, common.phase_warmup_end)),
    ("deposit_start", |l| {
        td_string!(l, common.phase_deposit_start)
    }),
    ("deposit_end", |l| td_string!(l, common.phase_deposit_end)),
    ("balance_start", |l| {
        td_string!(l, common.phase_balance_start)
    }),
    ("balance_end", |l| td_string!(l, common.phase_balance_end)),
    ("return_start", |l| td_string!(l, common.phase_return_start)),
    ("return_end", |l| td_string!(l, common.phase_return_end)),
    ("protection_end", |l| {
        td_string!(l, common.phase_protection_end)
    }),
];

pub(super) use crate::core::promo::events::phase_fields as field_values;

pub(super) fn bad_text(l: Locale, b: PhasesError) -> String {
    match b {
        PhasesError::Main => td_string!(l, calendar.err_main).to_string(),
        PhasesError::Date(i) => {
            let f = FIELDS.get(i).map_or("", |(_, label)| label(l));
            td_string!(l, calendar.err_date, f = f).to_string()
        }
        PhasesError::Order(k) => {
            td_string!(l, calendar.err_order, f = text::phase_name(l, k)).to_string()
        }
        PhasesError::Half(k) => {
            td_string!(l, calendar.err_half, f = text::phase_name(l, k)).to_string()
        }
    }
}
