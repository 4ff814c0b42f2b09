//! One file per view.
pub mod dashboard;
pub mod data;
pub mod later;
pub mod not_found;
pub mod products;
pub mod settings;
