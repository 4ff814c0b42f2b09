//! A price-check flag as a chip (资损, below the minimum margin, not the lowest price, …): red
//! for a loss, amber for a warning, worded in the user's language, its kind in `data-testid`.
//! The promotion's checks and the simulator's SKU table show the same chips.

use crate::core::promo::check::Flag;
use crate::i18n::Locale;
use crate::ui::text::{flag_key, flag_text};
use leptos::prelude::*;

/// "flag bad" for a loss (below cost, a ¥0 cart, a loss at list price), else "flag warn".
pub fn flag_class(f: &Flag) -> &'static str {
    match f {
        Flag::BelowCost { .. } | Flag::ZeroCart { .. } | Flag::LossAtList { .. } => "flag bad",
        _ => "flag warn",
    }
}

pub fn flag_chip(l: Locale, f: &Flag) -> impl IntoView {
    view! { <span class=flag_class(f) data-testid=flag_key(f)>{flag_text(l, f)}</span> }
}
