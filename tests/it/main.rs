//! Every native integration test, one module per area, built as one test binary (`cargo test --test it`):
//! one link instead of one per file. Browser tests are tests/web.rs (wasm-bindgen-test); the
//! benchmark lives in bench/.
#![cfg(not(target_arch = "wasm32"))]

mod ad_channel_names;
mod competitors;
mod fuzz_regressions;
mod hero;
mod import_checks;
mod import_files;
mod import_parts;
mod merge_props;
mod metrics_ads;
mod metrics_anomaly;
mod metrics_decompose;
mod metrics_export;
mod metrics_kpi;
mod metrics_products;
mod metrics_runs;
mod metrics_sample;
mod metrics_size;
mod metrics_store;
mod metrics_totals;
mod mix;
mod period_entry;
mod plan_files;
mod promo_check;
mod promo_conflicts;
mod promo_events;
mod promo_review;
mod promo_stack;
mod report;
mod service;
mod settle;
mod stocking;
mod storage;
mod target_shares;
mod targets;
mod tasks;
mod team;
mod xlsx;
