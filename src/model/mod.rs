//! Serde types of everything the planner stores or shares. Plain data, no browser code.
//! Every shared record carries a [`Meta`] (id, revision, ancestry, updated time, tombstone).

/// `record!(Type, storage key, plan-file section, label field, validation fn)`: the `Record` and
/// `Shared` impls of a record kind whose `meta` field is its `Meta` (see `kinds`).
macro_rules! record {
    ($t:ty, $key:literal, $section:literal, $label:ident, $check:ident) => {
        impl $crate::model::Record for $t {
            fn meta(&self) -> &$crate::model::Meta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut $crate::model::Meta {
                &mut self.meta
            }
        }
        impl $crate::model::Shared for $t {
            const KEY: &'static str = $key;
            const SECTION: &'static str = $section;
            fn label(&self) -> &str {
                &self.$label
            }
            fn validate(
                v: &serde_json::Value,
                path: &str,
                strict: bool,
            ) -> Result<Vec<Self>, Vec<crate::formats::validate::FieldError>> {
                crate::formats::validate::$check(v, path, strict)
            }
        }
    };
}
pub(crate) use record;

pub mod competitor;
pub mod complaint;
pub mod date;
pub mod hero;
pub mod incentive;
pub mod kinds;
pub mod ledger;
pub mod listing;
pub mod meta;
pub mod metrics;
pub mod money;
pub mod product;
pub mod profile;
pub mod promotion;
pub mod report_note;
pub mod target;
pub mod task;
pub mod workspace;

pub use competitor::{CompKind, CompetitorEntry};
pub use complaint::Complaint;
pub use hero::{GateMetric, HeroPlan, HeroStage};
pub use incentive::{Basis, Incentive, KpiMonth, PayTier};
pub use kinds::{AnyRecord, Kind, KindVisitor, RecordKind, Records, Shared};
pub use ledger::{EntryKind, FeeClass, LedgerEntry};
pub use listing::{Listing, ListingKind, ListingStep};
pub use meta::{Meta, Record, Rev};
pub use money::Fen;
pub use product::{Product, ProductRole, ProductStatus};
pub use profile::{Platform, Settings, StoreProfile, StoreWideBase};
pub use promotion::{
    Benefit, CouponScope, DateRange, ItemDiscount, OwnerRole, Phases, PlatformChannel,
    PlatformEvent, PricePoint, PromoItem, PromoRule, PromoStatus, Promotion, ThresholdBasis, Tier,
};
pub use report_note::ReportNote;
pub use target::{
    BudgetKind, BudgetLine, CostLine, Drivers, Headline, MonthTarget, Share, TargetPlan,
};
pub use task::{
    CheckItem, Freq, LinkKind, Member, Priority, Task, TaskLink, TaskStatus, TaskTemplate,
};
pub use workspace::Workspace;
