//! Small reusable pieces shared by views.
pub mod banner;
pub mod chart;
pub mod download;
pub mod file_drop;
