//! File and storage formats: the versioned plan-file envelope, its validation, and the ordered
//! migrations that let old files and old stored data keep opening.
//!
//! Data here comes from files and storage: no `unwrap`, `expect` or indexing (a panic kills the
//! page); `clippy.toml` allows them in `#[cfg(test)]` code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod import;
pub mod migrate;
pub mod plan_file;
pub mod refunds;
pub mod statement;
pub mod validate;
pub mod xlsx;
