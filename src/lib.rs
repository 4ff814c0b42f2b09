//! 店铺运营规划台 Store Ops Planner. See ARCHITECTURE.md for the map.
pub mod core;
pub mod formats;
pub mod model;
pub mod sample;
pub mod store;

pub mod i18n;
/// `tr!(ns.key)`: reactive text of a locale key (see `ui::text::tr`).
macro_rules! tr {
    ($ns:ident . $key:ident) => {
        $crate::ui::text::tr(|l| $crate::i18n::td_string!(l, $ns.$key))
    };
}

pub mod ui;
