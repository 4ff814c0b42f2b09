//! One file per view, or one folder for a view made of parts (`dashboard/`, `data/`,
//! `promotions/` with the editor, checks, review and stocking, `targets/`, `calendar/`,
//! `simulator/`), whose component is `Page`. A page never imports another page: what two pages share lives in
//! `ui::text`, `ui::widgets`, `ui::facts` or the core.
pub mod analysis;
pub mod calendar;
pub mod competitors;
pub mod dashboard;
pub mod data;
pub mod first_run;
pub mod hero;
pub mod incentives;
pub mod listings;
pub mod mix;
pub mod not_found;
pub mod products;
pub mod promotions;
pub mod reports;
pub mod service;
pub mod settings;
pub mod settle;
pub mod simulator;
pub mod targets;
pub mod tasks;
