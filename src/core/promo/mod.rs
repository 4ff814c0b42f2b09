//! Promotions: the price stack (到手价), per-SKU checks and conflicts, the event calendar and
//! deadlines, and the after-the-fact review (复盘). Pure, tested natively.

pub mod check;
pub mod events;
pub mod review;
pub mod stack;
