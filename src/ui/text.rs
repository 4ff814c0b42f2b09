//! Sentences for values the core returns (errors, issues, enums), in the user's language.
//! The core never formats user-facing text itself.

use crate::core::format::{percent_bp, yuan};
use crate::core::promo::check::{CartKind, Flag};
use crate::core::title::{ForbiddenCategory, TitleIssue};
use crate::formats::plan_file::PlanError;
use crate::formats::validate::{FieldError, Problem};
use crate::i18n::*;
use crate::model::metrics::AdChannel;
use crate::model::{
    Benefit, OwnerRole, PlatformChannel, ProductRole, ProductStatus, PromoRule, PromoStatus,
};

pub fn status(l: Locale, s: ProductStatus) -> String {
    match s {
        ProductStatus::OnShelf => td_string!(l, common.status_on_shelf),
        ProductStatus::OffShelf => td_string!(l, common.status_off_shelf),
        ProductStatus::Draft => td_string!(l, common.status_draft),
    }
    .to_string()
}

pub fn role(l: Locale, r: ProductRole) -> String {
    match r {
        ProductRole::Traffic => td_string!(l, common.role_traffic),
        ProductRole::Profit => td_string!(l, common.role_profit),
        ProductRole::Hero => td_string!(l, common.role_hero),
        ProductRole::Regular => td_string!(l, common.role_regular),
    }
    .to_string()
}

/// A task's status: 待办 / 进行中 / 受阻 / 已完成.
pub fn task_status(l: Locale, s: crate::model::TaskStatus) -> &'static str {
    use crate::model::TaskStatus;
    match s {
        TaskStatus::Todo => td_string!(l, common.tasks_st_todo),
        TaskStatus::Doing => td_string!(l, common.tasks_st_doing),
        TaskStatus::Blocked => td_string!(l, common.tasks_st_blocked),
        TaskStatus::Done => td_string!(l, common.tasks_st_done),
    }
}

/// A team member's role: one of the standard keys in the user's language, or the typed text.
pub fn member_role(l: Locale, role: &str) -> String {
    match role {
        "director" => td_string!(l, common.tasks_role_director).to_string(),
        "specialist" => td_string!(l, common.tasks_role_specialist).to_string(),
        "assistant" => td_string!(l, common.tasks_role_assistant).to_string(),
        "designer" => td_string!(l, common.tasks_role_designer).to_string(),
        "service" => td_string!(l, common.tasks_role_service).to_string(),
        "photographer" => td_string!(l, common.tasks_role_photographer).to_string(),
        other => other.to_string(),
    }
}

/// A promotion phase: 报名截止, 预热, 预售定金, 尾款, 正式期, 返场, 价保结束.
pub fn phase_name(l: Locale, k: crate::core::promo::events::PhaseKind) -> &'static str {
    use crate::core::promo::events::PhaseKind;
    match k {
        PhaseKind::Registration => td_string!(l, common.calendar_ph_registration),
        PhaseKind::Warmup => td_string!(l, common.calendar_ph_warmup),
        PhaseKind::Deposit => td_string!(l, common.calendar_ph_deposit),
        PhaseKind::Balance => td_string!(l, common.calendar_ph_balance),
        PhaseKind::Main => td_string!(l, common.calendar_ph_main),
        PhaseKind::ReturnWave => td_string!(l, common.calendar_ph_return_wave),
        PhaseKind::PriceProtectionEnd => td_string!(l, common.calendar_ph_price_protection_end),
    }
}

pub fn promo_status(l: Locale, s: PromoStatus) -> String {
    match s {
        PromoStatus::Idea => td_string!(l, common.promo_status_idea),
        PromoStatus::Planned => td_string!(l, common.promo_status_planned),
        PromoStatus::Registered => td_string!(l, common.promo_status_registered),
        PromoStatus::Approved => td_string!(l, common.promo_status_approved),
        PromoStatus::Live => td_string!(l, common.promo_status_live),
        PromoStatus::Done => td_string!(l, common.promo_status_done),
        PromoStatus::Reviewed => td_string!(l, common.promo_status_reviewed),
    }
    .to_string()
}

pub fn owner(l: Locale, r: OwnerRole) -> String {
    match r {
        OwnerRole::Director => td_string!(l, common.owner_director),
        OwnerRole::Specialist => td_string!(l, common.owner_specialist),
        OwnerRole::Assistant => td_string!(l, common.owner_assistant),
    }
    .to_string()
}

pub fn channel(l: Locale, c: PlatformChannel) -> String {
    match c {
        PlatformChannel::Juhuasuan => td_string!(l, common.price_channel_juhuasuan),
        PlatformChannel::Billion => td_string!(l, common.price_channel_billion),
        PlatformChannel::Taoqianggou => td_string!(l, common.price_channel_taoqianggou),
        PlatformChannel::OfficialCut => td_string!(l, common.price_channel_official_cut),
    }
    .to_string()
}

/// The tool's name by its key (`single`, `platform`, ...).
pub fn tool_key(l: Locale, key: &str) -> String {
    match key {
        "single" => td_string!(l, common.tool_single),
        "platform" => td_string!(l, common.tool_platform),
        "store_wide" => td_string!(l, common.tool_store_wide),
        "bundle" => td_string!(l, common.tool_bundle),
        "coupon" => td_string!(l, common.tool_coupon),
        _ => td_string!(l, common.tool_cross_store),
    }
    .to_string()
}

/// The tool, and for platform prices the channel: "平台活动价 · 聚划算".
pub fn promo_tool(l: Locale, r: &PromoRule) -> String {
    match r {
        PromoRule::Platform { channel: c } => {
            format!("{} · {}", tool_key(l, r.tool_key()), channel(l, *c))
        }
        _ => tool_key(l, r.tool_key()),
    }
}

/// A 店铺宝 benefit as operators write it: "减¥30", "9折" / "pay 90%", "送 保温杯".
pub fn benefit(l: Locale, b: &Benefit) -> String {
    match b {
        Benefit::AmountOff { off } => td_string!(
            l,
            common.benefit_off,
            amount = crate::core::format::yuan_terse(*off)
        )
        .to_string(),
        Benefit::Percent { pay_bp } => td_string!(
            l,
            common.benefit_pay,
            pct = crate::core::format::bp_plain(i64::from(*pay_bp))
        )
        .to_string(),
        Benefit::Gift { name, .. } => {
            td_string!(l, common.benefit_gift, name = name.clone()).to_string()
        }
    }
}

pub fn forbidden_category(l: Locale, c: ForbiddenCategory) -> String {
    match c {
        ForbiddenCategory::Superlative => td_string!(l, common.cat_superlative),
        ForbiddenCategory::First => td_string!(l, common.cat_first),
        ForbiddenCategory::Level => td_string!(l, common.cat_level),
        ForbiddenCategory::Endorsement => td_string!(l, common.cat_endorsement),
        ForbiddenCategory::Status => td_string!(l, common.cat_status),
        ForbiddenCategory::Absolute => td_string!(l, common.cat_absolute),
        ForbiddenCategory::History => td_string!(l, common.cat_history),
        ForbiddenCategory::PriceFraud => td_string!(l, common.cat_price_fraud),
        ForbiddenCategory::OffPlatform => td_string!(l, common.cat_off_platform),
    }
    .to_string()
}

pub fn title_issue(l: Locale, i: &TitleIssue) -> String {
    match i {
        TitleIssue::Empty => td_string!(l, common.title_empty).to_string(),
        TitleIssue::TooLong { bytes, limit } => {
            td_string!(l, common.title_too_long, bytes = *bytes, limit = *limit).to_string()
        }
        TitleIssue::Forbidden { word, category, .. } => {
            let cat = forbidden_category(l, *category);
            td_string!(
                l,
                common.title_forbidden,
                word = word.clone(),
                category = cat
            )
            .to_string()
        }
        TitleIssue::Repeated { word, count } => td_string!(
            l,
            common.title_repeated,
            word = word.clone(),
            count = *count
        )
        .to_string(),
        TitleIssue::MissingKeyword { keyword } => {
            td_string!(l, common.title_missing_keyword, keyword = keyword.clone()).to_string()
        }
    }
}

fn problem(l: Locale, p: &Problem) -> String {
    match p {
        Problem::Missing => td_string!(l, common.problem_missing).to_string(),
        Problem::WrongType(kind) => {
            let k = match *kind {
                "string" => td_string!(l, common.kind_string),
                "integer" => td_string!(l, common.kind_integer),
                "boolean" => td_string!(l, common.kind_boolean),
                "array" => td_string!(l, common.kind_array),
                _ => td_string!(l, common.kind_object),
            };
            td_string!(l, common.problem_wrong_type, kind = k).to_string()
        }
        Problem::TooLong(n) => td_string!(l, common.problem_too_long, max = *n).to_string(),
        Problem::OutOfRange { min, max } => {
            td_string!(l, common.problem_out_of_range, min = *min, max = *max).to_string()
        }
        Problem::BadValue => td_string!(l, common.problem_bad_value).to_string(),
        Problem::DuplicateId => td_string!(l, common.problem_duplicate_id).to_string(),
        Problem::TooMany(n) => td_string!(l, common.problem_too_many, max = *n).to_string(),
    }
}

pub fn field_error(l: Locale, e: &FieldError) -> String {
    format!("{}: {}", e.path, problem(l, &e.problem))
}

/// One sentence for a refused plan file (field errors are listed separately).
pub fn plan_error(l: Locale, e: &PlanError) -> String {
    match e {
        PlanError::Empty => td_string!(l, common.plan_err_empty).to_string(),
        PlanError::TooLarge { bytes, limit } => {
            use crate::core::format::mebibytes;
            td_string!(
                l,
                common.plan_err_too_large,
                size = mebibytes(*bytes),
                limit = mebibytes(*limit)
            )
            .to_string()
        }
        PlanError::NotText => td_string!(l, common.plan_err_not_text).to_string(),
        PlanError::NotJson { line, column } => {
            td_string!(l, common.plan_err_not_json, line = *line, column = *column).to_string()
        }
        PlanError::Truncated => td_string!(l, common.plan_err_truncated).to_string(),
        PlanError::NotPlanFile => td_string!(l, common.plan_err_not_plan).to_string(),
        PlanError::WrongType { found } => {
            td_string!(l, common.plan_err_wrong_type, found = found.clone()).to_string()
        }
        PlanError::TooNew { found, supported } => td_string!(
            l,
            common.plan_err_too_new,
            found = *found,
            supported = *supported
        )
        .to_string(),
        PlanError::BadVersion => td_string!(l, common.plan_err_bad_version).to_string(),
        PlanError::Migration { from, reason } => td_string!(
            l,
            common.plan_err_migration,
            from = *from,
            reason = reason.clone()
        )
        .to_string(),
        PlanError::Invalid(errs) => {
            td_string!(l, common.plan_err_invalid, count = errs.len()).to_string()
        }
    }
}

/// Reactive translated text for a key without arguments. Every call returns the same concrete
/// closure type, so the views instantiate one renderer for all static texts instead of one per
/// `t!` call site (this alone saves a large share of the wasm size).
pub fn tr(
    f: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || f(i18n.get_locale())
}

/// Dynamic text as a `Signal<String>`: all dynamic texts then share one renderer in the wasm
/// instead of one per closure type.
pub fn dyn_text(f: impl Fn() -> String + Send + Sync + 'static) -> leptos::prelude::Signal<String> {
    leptos::prelude::Signal::derive(f)
}

/// Dynamic flag (checked, disabled, class toggles) as a `Signal<bool>`, for the same reason.
pub fn dyn_bool(f: impl Fn() -> bool + Send + Sync + 'static) -> leptos::prelude::Signal<bool> {
    leptos::prelude::Signal::derive(f)
}

// ---- metrics import ----

use crate::formats::import::{
    BinaryKind, Field, FileKind, ImportError, RowError, RowProblem, SheetFormat,
};

pub fn field(l: Locale, f: Field) -> String {
    match f {
        Field::Ignore => td_string!(l, common.field_ignore),
        Field::Date => td_string!(l, common.field_date),
        Field::ItemId => td_string!(l, common.field_item_id),
        Field::ItemName => td_string!(l, common.field_item_name),
        Field::SubjectId => td_string!(l, common.field_subject_id),
        Field::Visitors => td_string!(l, common.field_visitors),
        Field::PageViews => td_string!(l, common.field_page_views),
        Field::CartBuyers => td_string!(l, common.field_cart_buyers),
        Field::CartUnits => td_string!(l, common.field_cart_units),
        Field::OrderBuyers => td_string!(l, common.field_order_buyers),
        Field::OrderAmount => td_string!(l, common.field_order_amount),
        Field::PayingBuyers => td_string!(l, common.field_paying_buyers),
        Field::PaidUnits => td_string!(l, common.field_paid_units),
        Field::PaidAmount => td_string!(l, common.field_paid_amount),
        Field::RefundAmount => td_string!(l, common.field_refund_amount),
        Field::SpendSearch => td_string!(l, common.field_spend_search),
        Field::SpendDisplay => td_string!(l, common.field_spend_display),
        Field::SpendAffiliate => td_string!(l, common.field_spend_affiliate),
        Field::SpendOther => td_string!(l, common.field_spend_other),
        Field::PlanId => td_string!(l, common.field_plan_id),
        Field::PlanName => td_string!(l, common.field_plan_name),
        Field::SceneName => td_string!(l, common.field_scene_name),
        Field::Impressions => td_string!(l, common.field_impressions),
        Field::Clicks => td_string!(l, common.field_clicks),
        Field::Spend => td_string!(l, common.field_spend),
        Field::DirectAmount => td_string!(l, common.field_direct_amount),
        Field::TotalAmount => td_string!(l, common.field_total_amount),
        Field::TotalOrders => td_string!(l, common.field_total_orders),
        Field::Carts => td_string!(l, common.field_carts),
        Field::AvgRank => td_string!(l, common.field_avg_rank),
    }
    .to_string()
}

pub fn file_kind(l: Locale, k: FileKind) -> String {
    match k {
        FileKind::SycmStore => td_string!(l, common.kind_sycm_store),
        FileKind::SycmProduct => td_string!(l, common.kind_sycm_product),
        FileKind::AdProductReport => td_string!(l, common.kind_ad_product_report),
        FileKind::AdPlanReport => td_string!(l, common.kind_ad_plan_report),
        FileKind::LegacyTrainReport => td_string!(l, common.kind_legacy_train_report),
        FileKind::PlainStore => td_string!(l, common.kind_plain_store),
        FileKind::PlainProduct => td_string!(l, common.kind_plain_product),
    }
    .to_string()
}

fn row_problem(l: Locale, p: &RowProblem) -> String {
    match p {
        RowProblem::MissingValue => td_string!(l, common.report_missing).to_string(),
        RowProblem::BadDate(v) => td_string!(l, common.report_bad_date, v = v.clone()).to_string(),
        RowProblem::DateRange { .. } => td_string!(l, common.report_date_range).to_string(),
        RowProblem::DateOutOfRange(v) => {
            td_string!(l, common.report_date_out, v = v.clone()).to_string()
        }
        RowProblem::BadNumber(v) => {
            td_string!(l, common.report_bad_number, v = v.clone()).to_string()
        }
        RowProblem::ScientificNumber(v) => {
            td_string!(l, common.report_sci_number, v = v.clone()).to_string()
        }
        RowProblem::NotWhole(v) => {
            td_string!(l, common.report_not_whole, v = v.clone()).to_string()
        }
        RowProblem::Negative(v) => td_string!(l, common.report_negative, v = v.clone()).to_string(),
        RowProblem::Percent(v) => td_string!(l, common.report_percent, v = v.clone()).to_string(),
        RowProblem::TooLarge(v) => {
            td_string!(l, common.report_too_large, v = v.clone()).to_string()
        }
        RowProblem::IdScientific(v) => {
            td_string!(l, common.report_id_sci, v = v.clone()).to_string()
        }
        RowProblem::BadId(v) => td_string!(l, common.report_bad_id, v = v.clone()).to_string(),
    }
}

pub fn row_error(l: Locale, e: &RowError) -> String {
    let col = e
        .column
        .as_ref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    td_string!(
        l,
        common.row_problem,
        row = e.row,
        col = col,
        what = row_problem(l, &e.problem)
    )
    .to_string()
}

/// One sentence for a refused import (row errors are listed separately).
pub fn import_error(l: Locale, e: &ImportError) -> String {
    match e {
        ImportError::Empty => td_string!(l, common.import_err_empty).to_string(),
        ImportError::NotText => td_string!(l, common.import_err_not_text).to_string(),
        ImportError::Binary(BinaryKind::Zip) => td_string!(l, common.import_err_zip).to_string(),
        ImportError::Binary(k) => {
            let what = match k {
                BinaryKind::Png => "PNG",
                BinaryKind::Jpeg => "JPEG",
                BinaryKind::Gif => "GIF",
                BinaryKind::Pdf => "PDF",
                _ => "binary",
            };
            td_string!(l, common.import_err_binary, what = what).to_string()
        }
        ImportError::Spreadsheet(f) => {
            let what = match f {
                SheetFormat::Xlsx => "xlsx",
                SheetFormat::Xls => "xls",
                SheetFormat::Ods => "ods",
                SheetFormat::Html => "HTML .xls",
            };
            td_string!(l, common.import_err_sheet, what = what).to_string()
        }
        ImportError::Truncated { row } => {
            td_string!(l, common.import_err_truncated, row = *row).to_string()
        }
        ImportError::NoHeader { best_row: Some(r) } => {
            td_string!(l, common.import_err_no_header_best, row = *r).to_string()
        }
        ImportError::NoHeader { best_row: None } => {
            td_string!(l, common.import_err_no_header).to_string()
        }
        ImportError::UnknownKind { header_row } => {
            td_string!(l, common.import_err_unknown_kind, row = *header_row).to_string()
        }
        ImportError::HeaderMismatch { header_row } => {
            td_string!(l, common.import_err_header_mismatch, row = *header_row).to_string()
        }
        ImportError::MissingColumn(f) => {
            td_string!(l, common.import_err_missing_column, field = field(l, *f)).to_string()
        }
        ImportError::DuplicateField(f) => {
            td_string!(l, common.import_err_duplicate_field, field = field(l, *f)).to_string()
        }
        ImportError::NoMetricColumns => td_string!(l, common.import_err_no_metrics).to_string(),
        ImportError::NoDataRows => td_string!(l, common.import_err_no_rows).to_string(),
        ImportError::Rows { total, .. } => {
            td_string!(l, common.import_err_rows, total = *total).to_string()
        }
        ImportError::TooManyRows(n) => {
            td_string!(l, common.import_err_too_many, max = *n).to_string()
        }
        ImportError::Cancelled => td_string!(l, common.import_err_cancelled).to_string(),
        ImportError::FormulaWithoutValue {
            column,
            letter,
            row,
            count,
        } => td_string!(
            l,
            common.import_err_formula,
            column = column.clone(),
            letter = letter.clone(),
            count = *count,
            row = *row
        )
        .to_string(),
    }
}

/// One line for a row that breaks a relation the exports guarantee (values as counts or ¥).
pub fn relation_warning(
    l: Locale,
    w: &crate::formats::import::RelationWarning,
    refund: crate::formats::import::RefundTolerance,
) -> String {
    use crate::core::format::yuan;
    use crate::formats::import::RelationCheck;
    use crate::model::Fen;
    let (row, a, b) = (w.row, w.left, w.right);
    match w.check {
        RelationCheck::PayingOverVisitors => td_string!(
            l,
            common.check_paying_over_visitors,
            row = row,
            a = a,
            b = b
        )
        .to_string(),
        RelationCheck::PayingOverOrderBuyers => {
            td_string!(l, common.check_paying_over_orders, row = row, a = a, b = b).to_string()
        }
        RelationCheck::ClicksOverImpressions => td_string!(
            l,
            common.check_clicks_over_impressions,
            row = row,
            a = a,
            b = b
        )
        .to_string(),
        RelationCheck::RefundOverPaid => td_string!(
            l,
            common.check_refund_over_paid,
            row = row,
            a = yuan(Fen(a)),
            b = yuan(Fen(b)),
            pct = refund.percent,
            min = yuan(Fen(refund.fen))
        )
        .to_string(),
    }
}

pub fn channel_label(l: Locale, c: AdChannel) -> String {
    match c {
        AdChannel::Search => td_string!(l, analysis.channel_search),
        AdChannel::Display => td_string!(l, analysis.channel_display),
        AdChannel::Site => td_string!(l, analysis.channel_site),
        AdChannel::Affiliate => td_string!(l, analysis.channel_affiliate),
        AdChannel::Other => td_string!(l, analysis.channel_other),
    }
    .to_string()
}

/// A flag as a sentence.
pub fn flag_text(l: Locale, f: &Flag) -> String {
    match f {
        Flag::BelowCost { cart, qty, profit } => td_string!(
            l,
            promotions.flag_below_cost,
            cart = cart_text(l, cart, *qty),
            loss = yuan(crate::model::Fen(profit.0.saturating_abs()))
        )
        .to_string(),
        Flag::BelowMinMargin {
            cart,
            qty,
            margin_bp,
            min_bp,
        } => td_string!(
            l,
            promotions.flag_min_margin,
            cart = cart_text(l, cart, *qty),
            margin = margin_bp.map(percent_bp).unwrap_or_else(|| "—".into()),
            min = percent_bp(i64::from(*min_bp))
        )
        .to_string(),
        Flag::NotBelowLowestPrice {
            price,
            lowest,
            days,
        } => td_string!(
            l,
            promotions.flag_not_lowest,
            price = yuan(*price),
            lowest = yuan(*lowest),
            days = *days
        )
        .to_string(),
        Flag::ZeroCart { qty } => td_string!(l, promotions.flag_zero_cart, qty = *qty).to_string(),
        Flag::LossAtList { profit } => td_string!(
            l,
            promotions.flag_loss_at_list,
            loss = yuan(crate::model::Fen(profit.0.saturating_abs()))
        )
        .to_string(),
    }
}

pub fn flag_key(f: &Flag) -> &'static str {
    match f {
        Flag::BelowCost { .. } => "flag-below-cost",
        Flag::BelowMinMargin { .. } => "flag-min-margin",
        Flag::NotBelowLowestPrice { .. } => "flag-not-lowest",
        Flag::ZeroCart { .. } => "flag-zero-cart",
        Flag::LossAtList { .. } => "flag-loss-at-list",
    }
}

pub fn cart_text(l: Locale, c: &CartKind, qty: u32) -> String {
    match c {
        CartKind::Alone if qty == 1 => td_string!(l, promotions.cart_alone_one).to_string(),
        CartKind::Alone => td_string!(l, promotions.cart_alone, qty = qty).to_string(),
        CartKind::BundleSet { .. } => td_string!(l, promotions.cart_bundle).to_string(),
        CartKind::Mixed { others } => {
            td_string!(l, promotions.cart_mixed, others = yuan(*others)).to_string()
        }
    }
}

pub fn deadline_name(l: Locale, k: crate::core::promo::events::DeadlineKind) -> &'static str {
    match k {
        crate::core::promo::events::DeadlineKind::Registration => {
            td_string!(l, common.calendar_ph_registration)
        }
        crate::core::promo::events::DeadlineKind::WarmupStart => {
            td_string!(l, calendar.dl_warmup_start)
        }
        crate::core::promo::events::DeadlineKind::DepositStart => {
            td_string!(l, calendar.dl_deposit_start)
        }
        crate::core::promo::events::DeadlineKind::BalanceStart => {
            td_string!(l, calendar.dl_balance_start)
        }
        crate::core::promo::events::DeadlineKind::MainStart => {
            td_string!(l, calendar.dl_main_start)
        }
        crate::core::promo::events::DeadlineKind::ReturnWaveStart => {
            td_string!(l, calendar.dl_return_wave_start)
        }
        crate::core::promo::events::DeadlineKind::PriceProtectionEnd => {
            td_string!(l, common.calendar_ph_price_protection_end)
        }
    }
}

/// The month names in the user's language.
pub fn month_names(l: Locale) -> Vec<String> {
    td_string!(l, common.calendar_months)
        .to_string()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}
