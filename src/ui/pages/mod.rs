//! One file per view.
pub mod analysis;
pub mod calendar;
pub mod dashboard;
pub mod dashboard_metrics;
pub mod data;
pub mod data_metrics;
pub mod later;
pub mod not_found;
pub mod products;
pub mod promo_checks;
pub mod promo_review;
pub mod promotion_edit;
pub mod promotions;
pub mod settings;
pub mod simulator;
pub mod tasks;
