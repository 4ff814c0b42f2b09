//! 店铺运营规划台 Store Ops Planner. See ARCHITECTURE.md for the map.
pub mod core;
pub mod formats;
pub mod model;
pub mod store;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub mod ui;
