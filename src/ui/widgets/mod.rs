//! Small reusable pieces shared by views.
pub mod banner;
pub mod chart;
pub mod deadlines;
pub mod download;
pub mod figure;
pub mod file_drop;
pub mod flag;
pub mod period;
pub mod stock;
