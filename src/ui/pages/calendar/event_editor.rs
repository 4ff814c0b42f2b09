//! The platform-event editor's date fields and its error texts.

use super::*;
use crate::core::promo::events::PhasesError;

/// The phases' date fields of the event editor, in form order, with their labels.
pub(super) type Label = fn(Locale) -> &'static str;
pub(super) const FIELDS: [(&str, Label); 12] = [
    ("main_start", |l| td_string!(l, ph_main_start)),
    ("main_end", |l| td_string!(l, ph_main_end)),
    ("registration", |l| td_string!(l, ph_registration)),
    ("warmup_start", |l| td_string!(l, ph_warmup_start)),
    ("warmup_end", |l| td_string!(l, ph_warmup_end)),
    ("deposit_start", |l| td_string!(l, ph_deposit_start)),
    ("deposit_end", |l| td_string!(l, ph_deposit_end)),
    ("balance_start", |l| td_string!(l, ph_balance_start)),
    ("balance_end", |l| td_string!(l, ph_balance_end)),
    ("return_start", |l| td_string!(l, ph_return_start)),
    ("return_end", |l| td_string!(l, ph_return_end)),
    ("protection_end", |l| td_string!(l, ph_protection_end)),
];

pub(super) fn field_values(p: &Phases) -> [Option<NaiveDate>; 12] {
    let s = |r: Option<DateRange>| r.map(|r| r.start);
    let e = |r: Option<DateRange>| r.map(|r| r.end);
    [
        Some(p.main.start),
        Some(p.main.end),
        p.registration_deadline,
        s(p.warmup),
        e(p.warmup),
        s(p.presale_deposit),
        e(p.presale_deposit),
        s(p.presale_balance),
        e(p.presale_balance),
        s(p.return_wave),
        e(p.return_wave),
        p.price_protection_end,
    ]
}

pub(super) fn bad_text(l: Locale, b: PhasesError) -> String {
    match b {
        PhasesError::Main => td_string!(l, cal_err_main).to_string(),
        PhasesError::Date(i) => {
            let f = FIELDS.get(i).map_or("", |(_, label)| label(l));
            td_string!(l, cal_err_date, f = f).to_string()
        }
        PhasesError::Order(k) => td_string!(l, cal_err_order, f = phase_name(l, k)).to_string(),
        PhasesError::Half(k) => td_string!(l, cal_err_half, f = phase_name(l, k)).to_string(),
    }
}
