//! One file per view.
pub mod analysis;
pub mod dashboard;
pub mod dashboard_metrics;
pub mod data;
pub mod data_metrics;
pub mod later;
pub mod not_found;
pub mod products;
pub mod settings;
