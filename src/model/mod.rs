//! Serde types of everything the planner stores or shares. Plain data, no browser code.
//! Every shared record carries a [`Meta`] (id, revision, ancestry, updated time, tombstone).

pub mod date;
pub mod hero;
pub mod kinds;
pub mod meta;
pub mod metrics;
pub mod money;
pub mod product;
pub mod profile;
pub mod promotion;
pub mod target;
pub mod task;
pub mod workspace;

pub use hero::{GateMetric, HeroPlan, HeroStage};
pub use kinds::{AnyRecord, Kind, KindVisitor, RecordKind, Records, Shared};
pub use meta::{Meta, Record, Rev};
pub use money::Fen;
pub use product::{Product, ProductRole, ProductStatus};
pub use profile::{Platform, Settings, StoreProfile, StoreWideBase};
pub use promotion::{
    Benefit, CouponScope, DateRange, ItemDiscount, OwnerRole, Phases, PlatformChannel,
    PlatformEvent, PricePoint, PromoItem, PromoRule, PromoStatus, Promotion, ThresholdBasis, Tier,
};
pub use target::{BudgetKind, BudgetLine, CostLine, Drivers, MonthTarget, TargetPlan};
pub use task::{Freq, LinkKind, Member, Priority, Task, TaskLink, TaskStatus, TaskTemplate};
pub use workspace::Workspace;
