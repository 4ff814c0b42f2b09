//! File and storage formats: the versioned plan-file envelope, its validation, and the ordered
//! migrations that let old files and old stored data keep opening.

pub mod import;
pub mod migrate;
pub mod plan_file;
pub mod validate;
