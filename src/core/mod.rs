//! Pure rules and analysis. No browser, no storage, no Leptos: everything here is tested natively.

pub mod chart;
pub mod competitors;
pub mod format;
pub mod hero;
pub mod incentive;
pub mod listing;
pub mod margin;
pub mod merge;
pub mod metrics;
pub mod mix;
pub mod product_edit;
pub mod promo;
pub mod report;
pub mod service;
pub mod settle;
pub mod stocking;
pub mod targets;
pub mod tasks;
pub mod title;
pub mod undo;
