//! One promotion: its rule (tool and tiers), products with item prices, phases, status, owner,
//! budget and targets; the per-SKU price check with its flags and the conflicts with other
//! promotions; export as a plan file; and, once it has ended, the review (复盘).
//! Every field saves on change (one undo step each); bad input is refused with a message and
//! leaves the stored promotion as it was.

use crate::core::format::{bp_plain, parse_pay_bp, parse_percent_bp, pay_plain, yuan};
use crate::formats::plan_file;
use crate::i18n::*;
use crate::model::{
    Benefit, CouponScope, DateRange, Fen, ItemDiscount, OwnerRole, PlatformChannel, PromoItem,
    PromoRule, PromoStatus, Promotion, ThresholdBasis, Tier,
};
use crate::ui::router::A;
use crate::ui::router::{use_navigate, use_params_map};
use crate::ui::state::{now_ms, AppState};
use crate::ui::text;
use crate::ui::text::{dyn_bool, dyn_text};
use crate::ui::widgets::download::download_text;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Why an edit was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bad {
    Money,
    Percent,
    /// A share of the price paid: 8.8折 or 88%.
    Zhe,
    Date,
    DateOrder,
    Count,
    Name,
    Locked,
}

fn bad_text(l: Locale, b: Bad) -> String {
    match b {
        Bad::Money => td_string!(l, common.edit_bad_money),
        Bad::Percent => td_string!(l, promotions.bad_percent),
        Bad::Zhe => td_string!(l, promotions.bad_zhe),
        Bad::Date => td_string!(l, promotions.bad_date),
        Bad::DateOrder => td_string!(l, promotions.bad_date_order),
        Bad::Count => td_string!(l, common.edit_bad_stock),
        Bad::Name => td_string!(l, common.promotions_bad_name),
        Bad::Locked => td_string!(l, promotions.locked_refused),
    }
    .to_string()
}

/// A change to a promotion that may be refused.
type EditFn = Box<dyn FnOnce(&mut Promotion) -> Result<(), Bad>>;
/// A change to a 店铺宝's basis, tiers and repeat flag.
type TierFn = Box<dyn FnOnce(&mut ThresholdBasis, &mut Vec<Tier>, &mut bool) -> Result<(), Bad>>;

fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::model::date::parse_ymd(s)
}

fn opt_date(s: &str) -> Result<Option<NaiveDate>, Bad> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(s).map(Some).ok_or(Bad::Date)
    }
}

fn money(s: &str) -> Result<Fen, Bad> {
    Fen::parse_yuan(s).ok_or(Bad::Money)
}

fn count(s: &str) -> Result<i64, Bad> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<i64>()
        .ok()
        .filter(|n| (0..=1_000_000_000).contains(n))
        .ok_or(Bad::Count)
}

/// The default rule when the user switches to a tool.
fn default_rule(tool: &str) -> PromoRule {
    match tool {
        "platform" => PromoRule::Platform {
            channel: PlatformChannel::Juhuasuan,
        },
        "store_wide" => PromoRule::StoreWide {
            basis: ThresholdBasis::Amount,
            tiers: vec![Tier {
                threshold: 29_900,
                benefit: Benefit::AmountOff { off: Fen(3_000) },
            }],
            repeat: false,
        },
        "bundle" => PromoRule::Bundle { price: Fen::ZERO },
        "coupon" => PromoRule::Coupon {
            scope: CouponScope::Store,
            face: Fen(1_000),
            threshold: Fen(9_900),
        },
        "cross_store" => PromoRule::CrossStore {
            every: Fen(30_000),
            off: Fen(5_000),
        },
        _ => PromoRule::Single,
    }
}

const TOOLS: [&str; 6] = [
    "single",
    "platform",
    "store_wide",
    "bundle",
    "coupon",
    "cross_store",
];

/// Which optional phase a date input edits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PhaseField {
    MainStart,
    MainEnd,
    Registration,
    WarmupStart,
    WarmupEnd,
    DepositStart,
    DepositEnd,
    BalanceStart,
    BalanceEnd,
    ReturnStart,
    ReturnEnd,
    ProtectionEnd,
}

fn phase_value(p: &Promotion, f: PhaseField) -> String {
    let ph = &p.phases;
    let s = |r: Option<DateRange>, start: bool| {
        r.map(|r| if start { r.start } else { r.end }.to_string())
            .unwrap_or_default()
    };
    match f {
        PhaseField::MainStart => ph.main.start.to_string(),
        PhaseField::MainEnd => ph.main.end.to_string(),
        PhaseField::Registration => ph
            .registration_deadline
            .map(|d| d.to_string())
            .unwrap_or_default(),
        PhaseField::WarmupStart => s(ph.warmup, true),
        PhaseField::WarmupEnd => s(ph.warmup, false),
        PhaseField::DepositStart => s(ph.presale_deposit, true),
        PhaseField::DepositEnd => s(ph.presale_deposit, false),
        PhaseField::BalanceStart => s(ph.presale_balance, true),
        PhaseField::BalanceEnd => s(ph.presale_balance, false),
        PhaseField::ReturnStart => s(ph.return_wave, true),
        PhaseField::ReturnEnd => s(ph.return_wave, false),
        PhaseField::ProtectionEnd => ph
            .price_protection_end
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

/// Set one end of an optional range. Setting one end of an empty range makes a one-day range;
/// clearing either end removes the range. An end before the start is refused.
fn set_range(r: &mut Option<DateRange>, d: Option<NaiveDate>, start: bool) -> Result<(), Bad> {
    match (d, r.as_mut()) {
        (None, _) => *r = None,
        (Some(d), None) => *r = Some(DateRange::new(d, d)),
        (Some(d), Some(x)) => {
            let (s, e) = if start { (d, x.end) } else { (x.start, d) };
            if e < s {
                return Err(Bad::DateOrder);
            }
            *x = DateRange::new(s, e);
        }
    }
    Ok(())
}

fn apply_phase(p: &mut Promotion, f: PhaseField, v: &str) -> Result<(), Bad> {
    let d = opt_date(v)?;
    let ph = &mut p.phases;
    match f {
        PhaseField::MainStart | PhaseField::MainEnd => {
            let d = d.ok_or(Bad::Date)?;
            let (s, e) = if f == PhaseField::MainStart {
                (d, ph.main.end)
            } else {
                (ph.main.start, d)
            };
            if e < s {
                return Err(Bad::DateOrder);
            }
            ph.main = DateRange::new(s, e);
        }
        PhaseField::Registration => ph.registration_deadline = d,
        PhaseField::ProtectionEnd => ph.price_protection_end = d,
        PhaseField::WarmupStart => set_range(&mut ph.warmup, d, true)?,
        PhaseField::WarmupEnd => set_range(&mut ph.warmup, d, false)?,
        PhaseField::DepositStart => set_range(&mut ph.presale_deposit, d, true)?,
        PhaseField::DepositEnd => set_range(&mut ph.presale_deposit, d, false)?,
        PhaseField::BalanceStart => set_range(&mut ph.presale_balance, d, true)?,
        PhaseField::BalanceEnd => set_range(&mut ph.presale_balance, d, false)?,
        PhaseField::ReturnStart => set_range(&mut ph.return_wave, d, true)?,
        PhaseField::ReturnEnd => set_range(&mut ph.return_wave, d, false)?,
    }
    Ok(())
}

/// The item discount as the input shows it: kind key and value text.
fn discount_parts(d: Option<ItemDiscount>, zhe: bool) -> (&'static str, String) {
    match d {
        None => ("", String::new()),
        Some(ItemDiscount::Percent { pay_bp }) => ("percent", pay_plain(i64::from(pay_bp), zhe)),
        Some(ItemDiscount::AmountOff { off }) => ("off", off.to_plain()),
        Some(ItemDiscount::FixedPrice { price }) => ("fixed", price.to_plain()),
    }
}

fn parse_discount(kind: &str, v: &str, zhe: bool) -> Result<Option<ItemDiscount>, Bad> {
    Ok(match kind {
        "percent" => Some(ItemDiscount::Percent {
            pay_bp: parse_pay_bp(v, zhe).ok_or(Bad::Zhe)? as u32,
        }),
        "off" => Some(ItemDiscount::AmountOff { off: money(v)? }),
        "fixed" => Some(ItemDiscount::FixedPrice { price: money(v)? }),
        _ => None,
    })
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let exists = Memo::new(move |_| {
        let id = id.get();
        state
            .ws
            .with(|ws| ws.promotion(&id).is_some_and(|p| !p.meta.deleted))
            || is_draft(state, &id)
    });
    view! {
        <Show when=move || exists.get()
            fallback=|| view! {
                <section class="page" data-testid="promo-missing">
                    <h1>{tr!(common.nav_promotions)}</h1>
                    <div class="empty-state"><p>{tr!(promotions.missing)}</p>
                    <A href="/promotions">{tr!(promotions.back)}</A></div>
                </section>
            }>
            {move || view! { <Editor id=id.get()/> }}
        </Show>
    }
}

/// `id` is the unsaved promotion of 新建 (not in the workspace yet).
fn is_draft(state: AppState, id: &str) -> bool {
    state.ws.with(|ws| ws.promotion(id).is_none())
        && state
            .promo_draft
            .with(|d| d.as_ref().is_some_and(|d| d.meta.id == id))
}

#[component]
fn Editor(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let msg = RwSignal::new(None::<Bad>);
    let id = StoredValue::new(id);
    let promo = Memo::new(move |_| {
        let id = id.get_value();
        state.ws.with(|ws| ws.promotion(&id).cloned()).or_else(|| {
            state
                .promo_draft
                .with(|d| d.clone().filter(|d| d.meta.id == id))
        })
    });
    let draft = Memo::new(move |_| is_draft(state, &id.get_value()));
    let get = move |f: fn(&Promotion) -> String| {
        dyn_text(move || promo.with(|p| p.as_ref().map(f).unwrap_or_default()))
    };
    // Apply an edit that may be refused; a refused edit changes nothing and says why.
    // A finished (已结束) or reviewed (已复盘) promotion is locked against slips: its figures feed
    // the review. Unlocking is on purpose, for this visit of the page.
    let unlocked = RwSignal::new(false);
    let locked = Memo::new(move |_| {
        !unlocked.get()
            && promo.with(|p| {
                p.as_ref()
                    .is_some_and(|p| matches!(p.status, PromoStatus::Done | PromoStatus::Reviewed))
            })
    });
    let edit = move |f: EditFn| {
        if locked.get_untracked() {
            msg.set(Some(Bad::Locked));
            return;
        }
        if draft.get_untracked() {
            // the first accepted edit stores the draft (one undo step)
            let Some(mut p) = state.promo_draft.get_untracked() else {
                return;
            };
            match f(&mut p) {
                Ok(()) => {
                    state.add_promotion(p);
                    state.promo_draft.set(None);
                    msg.set(None);
                }
                Err(e) => msg.set(Some(e)),
            }
            return;
        }
        let mut err = None;
        state.edit_promotion(&id.get_value(), |p| {
            let before = p.clone();
            if let Err(e) = f(p) {
                *p = before;
                err = Some(e);
            }
        });
        msg.set(err);
        // Re-render inputs that may show refused text.
        promo.with_untracked(|_| ());
    };
    let on_text = move |f: fn(&mut Promotion, &str) -> Result<(), Bad>| {
        move |e: leptos::ev::Event| {
            let v = event_target_value(&e);
            edit(Box::new(move |p| f(p, &v)));
        }
    };
    // Choosing the platform event a promotion belongs to also takes that event's phase dates
    // (main wave, registration, warm-up, presale, return wave): one undo step, editable after.
    let on_event = move |e: leptos::ev::Event| {
        let v = event_target_value(&e);
        let phases = state.ws.with_untracked(|ws| {
            ws.live_events()
                .find(|ev| ev.meta.id == v)
                .map(|ev| ev.phases.clone())
        });
        edit(Box::new(move |p| {
            p.event_id = (!v.is_empty()).then_some(v);
            if let Some(ph) = phases {
                // 价保 is the store's own promise: kept unless the event sets one
                let protection = p.phases.price_protection_end;
                p.phases = ph;
                p.phases.price_protection_end = p.phases.price_protection_end.or(protection);
            }
            Ok(())
        }));
    };
    let tool = Memo::new(move |_| {
        promo.with(|p| p.as_ref().map(|p| p.rule.tool_key()).unwrap_or("single"))
    });
    let item_level =
        Memo::new(move |_| promo.with(|p| p.as_ref().is_some_and(|p| p.rule.is_item_level())));

    let export = move |_| {
        let now = now_ms();
        let text = state
            .ws
            .with_untracked(|ws| plan_file::export_promotion(ws, &id.get_value(), now));
        if let Some(text) = text {
            let name = promo
                .with_untracked(|p| p.as_ref().map(|p| p.name.clone()))
                .unwrap_or_default();
            download_text(&plan_file::file_name(&name, now), &text, "application/json");
        }
    };
    let confirm_delete = RwSignal::new(false);
    let delete = move |_| {
        if draft.get_untracked() {
            state.promo_draft.set(None);
        } else {
            state.delete_promotion(&id.get_value());
        }
        navigate("/promotions", Default::default());
    };

    let date_input = move |label: fn(Locale) -> &'static str,
                           field: PhaseField,
                           testid: &'static str| {
        view! {
            <label class="field">
                <span>{text::tr(label)}</span>
                <input type="date" data-testid=testid
                    prop:value=dyn_text(move || promo.with(|p| p.as_ref().map(|p| phase_value(p, field)).unwrap_or_default()))
                    on:change=move |e| {
                        let v = event_target_value(&e);
                        edit(Box::new(move |p| apply_phase(p, field, &v)));
                    }/>
            </label>
        }
    };

    view! {
        <section class="page promotion-edit" data-testid="page-promotion">
            <div class="page-head">
                <A href="/promotions">{tr!(promotions.back)}</A>
                <h1>{move || promo.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())}</h1>
                <span class="spacer"></span>
                <A href=move || format!("/simulator?promo={}", id.get_value())>{tr!(promotions.simulate)}</A>
                <button class="btn" data-testid="export-promotion" on:click=export disabled=move || draft.get()>{tr!(promotions.export)}</button>
                <Show when=move || !confirm_delete.get()
                    fallback=move || view! {
                        <span class="confirm">{tr!(promotions.delete_confirm)}
                            <button class="btn danger" data-testid="confirm-delete-promotion" on:click=delete.clone()>{tr!(common.delete)}</button>
                            <button class="btn ghost" on:click=move |_| confirm_delete.set(false)>{tr!(common.cancel)}</button>
                        </span>
                    }>
                    <button class="btn danger ghost" data-testid="delete-promotion" on:click=move |_| confirm_delete.set(true)>{tr!(common.delete)}</button>
                </Show>
            </div>
            <Show when=move || draft.get()>
                <p class="muted" role="status" data-testid="promo-draft">{tr!(promotions.draft_note)}</p>
            </Show>
            {move || msg.get().map(|b| view! {
                <div class="banner error" role="alert" data-testid="promo-error">{bad_text(i18n.get_locale(), b)}</div>
            })}

            <Show when=move || locked.get()>
                <div class="banner" role="status" data-testid="promo-locked">
                    <span>{tr!(promotions.locked_note)}</span>
                    <button class="btn" data-testid="unlock-promotion" on:click=move |_| { unlocked.set(true); msg.set(None); }>{tr!(promotions.unlock)}</button>
                </div>
            </Show>
            <fieldset class="lock-set" disabled=move || locked.get()>
            <div class="panel form-grid">
                <label class="field wide">
                    <span>{tr!(common.promotions_name)}</span>
                    <input type="text" data-testid="promo-name" maxlength="200" prop:value=get(|p| p.name.clone())
                        on:change=on_text(|p, v| {
                            let v = v.trim();
                            if v.is_empty() || v.chars().count() > 200 { return Err(Bad::Name); }
                            p.name = v.to_string();
                            Ok(())
                        })/>
                </label>
                <label class="field">
                    <span>{tr!(common.col_status)}</span>
                    <select data-testid="promo-status" on:change=on_text(|p, v| { if let Some(s) = PromoStatus::from_key(v) { p.status = s; } Ok(()) })>
                        {PromoStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=dyn_bool(move || promo.with(|p| p.as_ref().is_some_and(|p| p.status == s)))>
                                {dyn_text(move || text::promo_status(i18n.get_locale(), s))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr!(promotions.owner)}</span>
                    <select data-testid="promo-owner" on:change=on_text(|p, v| { if let Some(r) = OwnerRole::from_key(v) { p.owner = r; } Ok(()) })>
                        {OwnerRole::ALL.into_iter().map(|r| view! {
                            <option value=r.key() selected=dyn_bool(move || promo.with(|p| p.as_ref().is_some_and(|p| p.owner == r)))>
                                {dyn_text(move || text::owner(i18n.get_locale(), r))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr!(promotions.event)}</span>
                    <select data-testid="promo-event" on:change=on_event>
                        <option value="">{tr!(promotions.no_event)}</option>
                        {move || state.ws.with(|ws| ws.live_events().map(|e| {
                            let eid = e.meta.id.clone();
                            let eid2 = eid.clone();
                            view! {
                                <option value=eid selected=dyn_bool(move || promo.with(|p| p.as_ref().and_then(|p| p.event_id.as_deref()) == Some(eid2.as_str())))>
                                    {format!("{} ({})", e.name, e.phases.main.start)}
                                </option>
                            }
                        }).collect_view())}
                    </select>
                    <small class="muted">{tr!(promotions.event_fills)}</small>
                </label>
                <label class="field">
                    <span>{tr!(common.promotions_budget)}</span>
                    <input type="text" inputmode="decimal" data-testid="promo-budget" prop:value=get(|p| p.budget.to_plain())
                        on:change=on_text(|p, v| { p.budget = money(v)?; Ok(()) })/>
                </label>
                <label class="field">
                    <span>{tr!(promotions.target_gmv)}</span>
                    <input type="text" inputmode="decimal" data-testid="promo-target-gmv" prop:value=get(|p| p.target_gmv.to_plain())
                        on:change=on_text(|p, v| { p.target_gmv = money(v)?; Ok(()) })/>
                </label>
                <label class="field">
                    <span>{tr!(promotions.target_units)}</span>
                    <input type="text" inputmode="numeric" data-testid="promo-target-units" prop:value=get(|p| p.target_units.to_string())
                        on:change=on_text(|p, v| { p.target_units = count(v)?; Ok(()) })/>
                </label>
                <label class="field">
                    <span>{tr!(promotions.affiliate)}</span>
                    <input type="text" inputmode="decimal" data-testid="promo-affiliate" prop:value=get(|p| bp_plain(i64::from(p.affiliate_bp)))
                        on:change=on_text(|p, v| { p.affiliate_bp = parse_percent_bp(v, 0, 10_000).ok_or(Bad::Percent)? as u32; Ok(()) })/>
                </label>
                <label class="field wide">
                    <span>{tr!(promotions.channels)}</span>
                    <input type="text" data-testid="promo-channels" prop:value=get(|p| p.channels.join("，"))
                        on:change=on_text(|p, v| {
                            p.channels = v.split([',', '，', '、']).map(str::trim).filter(|s| !s.is_empty()).take(50).map(|s| s.chars().take(200).collect()).collect();
                            Ok(())
                        })/>
                </label>
                <label class="field wide">
                    <span>{tr!(common.col_notes)}</span>
                    <textarea data-testid="promo-notes" maxlength="5000" prop:value=get(|p| p.notes.clone())
                        on:change=on_text(|p, v| { p.notes = v.chars().take(5000).collect(); Ok(()) })></textarea>
                </label>
            </div>

            <div class="panel">
                <h2>{tr!(promotions.dates_title)}</h2>
                <div class="form-grid dates">
                    {date_input(|l| td_string!(l, common.phase_main_start), PhaseField::MainStart, "ph-main-start")}
                    {date_input(|l| td_string!(l, common.phase_main_end), PhaseField::MainEnd, "ph-main-end")}
                    {date_input(|l| td_string!(l, common.phase_registration), PhaseField::Registration, "ph-registration")}
                    {date_input(|l| td_string!(l, common.phase_warmup_start), PhaseField::WarmupStart, "ph-warmup-start")}
                    {date_input(|l| td_string!(l, common.phase_warmup_end), PhaseField::WarmupEnd, "ph-warmup-end")}
                    {date_input(|l| td_string!(l, common.phase_deposit_start), PhaseField::DepositStart, "ph-deposit-start")}
                    {date_input(|l| td_string!(l, common.phase_deposit_end), PhaseField::DepositEnd, "ph-deposit-end")}
                    {date_input(|l| td_string!(l, common.phase_balance_start), PhaseField::BalanceStart, "ph-balance-start")}
                    {date_input(|l| td_string!(l, common.phase_balance_end), PhaseField::BalanceEnd, "ph-balance-end")}
                    {date_input(|l| td_string!(l, common.phase_return_start), PhaseField::ReturnStart, "ph-return-start")}
                    {date_input(|l| td_string!(l, common.phase_return_end), PhaseField::ReturnEnd, "ph-return-end")}
                    {date_input(|l| td_string!(l, common.phase_protection_end), PhaseField::ProtectionEnd, "ph-protection-end")}
                </div>
                <p class="muted">{tr!(promotions.dates_hint)}</p>
            </div>

            <div class="panel">
                <h2>{tr!(promotions.rule_title)}</h2>
                <label class="field">
                    <span>{tr!(common.promotions_tool)}</span>
                    <select data-testid="promo-tool" on:change=on_text(|p, v| {
                        if p.rule.tool_key() != v { p.rule = default_rule(v); }
                        Ok(())
                    })>
                        {TOOLS.into_iter().map(|t| view! {
                            <option value=t selected=dyn_bool(move || tool.get() == t)>{dyn_text(move || text::tool_key(i18n.get_locale(), t))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <p class="muted">{move || match tool.get() {
                    "single" => t_string!(i18n, promotions.tool_single_hint),
                    "platform" => t_string!(i18n, promotions.tool_platform_hint),
                    "store_wide" => t_string!(i18n, promotions.tool_store_wide_hint),
                    "bundle" => t_string!(i18n, promotions.tool_bundle_hint),
                    "coupon" => t_string!(i18n, promotions.tool_coupon_hint),
                    _ => t_string!(i18n, promotions.tool_cross_store_hint),
                }}</p>
                {move || rule_fields(promo, edit, tool.get())}
            </div>

            <div class="panel">
                <h2>{tr!(promotions.items_title)}</h2>
                <p class="muted">{move || if item_level.get() { t_string!(i18n, promotions.items_hint_item) } else { t_string!(i18n, promotions.items_hint_scope) }}</p>
                <ItemsEditor promo=promo edit=edit item_level=item_level/>
            </div>

            </fieldset>
            <super::checks::Checks promo_id=id.get_value()/>
            <super::stocking::Stocking promo_id=id.get_value()/>
            <super::review::ReviewPanel promo_id=id.get_value()/>
        </section>
    }
}

/// Inputs for the tool's own rule.
fn rule_fields(
    promo: Memo<Option<Promotion>>,
    edit: impl Fn(EditFn) + Copy + Send + Sync + 'static,
    tool: &'static str,
) -> AnyView {
    let i18n = use_i18n();
    let rule = move || promo.with(|p| p.as_ref().map(|p| p.rule.clone()));
    let money_field = move |label: fn(Locale) -> &'static str,
                            testid: &'static str,
                            read: fn(&PromoRule) -> Fen,
                            write: fn(&mut PromoRule, Fen)| {
        view! {
            <label class="field">
                <span>{text::tr(label)}</span>
                <input type="text" inputmode="decimal" data-testid=testid
                    prop:value=dyn_text(move || rule().map(|r| read(&r).to_plain()).unwrap_or_default())
                    on:change=move |e| {
                        let v = event_target_value(&e);
                        edit(Box::new(move |p| { write(&mut p.rule, money(&v)?); Ok(()) }));
                    }/>
            </label>
        }
    };
    match tool {
        "platform" => view! {
            <label class="field">
                <span>{tr!(promotions.channel)}</span>
                <select data-testid="promo-channel" on:change=move |e| {
                    let v = event_target_value(&e);
                    edit(Box::new(move |p| {
                        if let Some(c) = PlatformChannel::ALL.into_iter().find(|c| c.key() == v) {
                            p.rule = PromoRule::Platform { channel: c };
                        }
                        Ok(())
                    }));
                }>
                    {PlatformChannel::ALL.into_iter().map(|c| view! {
                        <option value=c.key() selected=dyn_bool(move || matches!(rule(), Some(PromoRule::Platform { channel }) if channel == c))>
                            {dyn_text(move || text::channel(i18n.get_locale(), c))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
        }
        .into_any(),
        "bundle" => money_field(
            |l| td_string!(l, promotions.bundle_price),
            "bundle-price",
            |r| match r { PromoRule::Bundle { price } => *price, _ => Fen::ZERO },
            |r, f| if let PromoRule::Bundle { price } = r { *price = f },
        )
        .into_any(),
        "coupon" => view! {
            <div class="form-grid">
                <label class="field">
                    <span>{tr!(promotions.coupon_scope)}</span>
                    <select data-testid="coupon-scope" on:change=move |e| {
                        let items = event_target_value(&e) == "items";
                        edit(Box::new(move |p| {
                            if let PromoRule::Coupon { scope, .. } = &mut p.rule {
                                *scope = if items { CouponScope::Items } else { CouponScope::Store };
                            }
                            Ok(())
                        }));
                    }>
                        <option value="store" selected=dyn_bool(move || matches!(rule(), Some(PromoRule::Coupon { scope: CouponScope::Store, .. })))>{tr!(promotions.coupon_store)}</option>
                        <option value="items" selected=dyn_bool(move || matches!(rule(), Some(PromoRule::Coupon { scope: CouponScope::Items, .. })))>{tr!(promotions.coupon_items)}</option>
                    </select>
                </label>
                // 门槛 before 面额, as the platform's form and 满300减30 read
                {money_field(|l| td_string!(l, promotions.coupon_threshold), "coupon-threshold",
                    |r| match r { PromoRule::Coupon { threshold, .. } => *threshold, _ => Fen::ZERO },
                    |r, f| if let PromoRule::Coupon { threshold, .. } = r { *threshold = f })}
                {money_field(|l| td_string!(l, promotions.coupon_face), "coupon-face",
                    |r| match r { PromoRule::Coupon { face, .. } => *face, _ => Fen::ZERO },
                    |r, f| if let PromoRule::Coupon { face, .. } = r { *face = f })}
            </div>
        }
        .into_any(),
        "cross_store" => view! {
            <div class="form-grid">
                {money_field(|l| td_string!(l, promotions.cross_every), "cross-every",
                    |r| match r { PromoRule::CrossStore { every, .. } => *every, _ => Fen::ZERO },
                    |r, f| if let PromoRule::CrossStore { every, .. } = r { *every = f })}
                {money_field(|l| td_string!(l, promotions.cross_off), "cross-off",
                    |r| match r { PromoRule::CrossStore { off, .. } => *off, _ => Fen::ZERO },
                    |r, f| if let PromoRule::CrossStore { off, .. } = r { *off = f })}
            </div>
        }
        .into_any(),
        "store_wide" => view! { <TiersEditor promo=promo edit=edit/> }.into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn TiersEditor(
    promo: Memo<Option<Promotion>>,
    edit: impl Fn(EditFn) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let tiers = Memo::new(move |_| {
        promo.with(|p| match p.as_ref().map(|p| &p.rule) {
            Some(PromoRule::StoreWide {
                basis,
                tiers,
                repeat,
            }) => (*basis, tiers.clone(), *repeat),
            _ => (ThresholdBasis::Amount, Vec::new(), false),
        })
    });
    let with_rule = move |f: TierFn| {
        edit(Box::new(move |p| match &mut p.rule {
            PromoRule::StoreWide {
                basis,
                tiers,
                repeat,
            } => f(basis, tiers, repeat),
            _ => Ok(()),
        }));
    };
    view! {
        <div class="form-grid">
            <label class="field">
                <span>{tr!(promotions.tier_basis)}</span>
                <select data-testid="tier-basis" on:change=move |e| {
                    let count = event_target_value(&e) == "count";
                    with_rule(Box::new(move |b, _, _| { *b = if count { ThresholdBasis::Count } else { ThresholdBasis::Amount }; Ok(()) }));
                }>
                    <option value="amount" selected=dyn_bool(move || tiers.with(|t| t.0 == ThresholdBasis::Amount))>{tr!(promotions.basis_amount)}</option>
                    <option value="count" selected=dyn_bool(move || tiers.with(|t| t.0 == ThresholdBasis::Count))>{tr!(promotions.basis_count)}</option>
                </select>
            </label>
            <label class="field check">
                <input type="checkbox" data-testid="tier-repeat" prop:checked=dyn_bool(move || tiers.with(|t| t.2))
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        with_rule(Box::new(move |_, _, r| { *r = on; Ok(()) }));
                    }/>
                <span>{tr!(promotions.tier_repeat)}</span>
            </label>
        </div>
        <table class="grid tiers" data-testid="tiers">
            <thead><tr><th>{tr!(promotions.tier_threshold)}</th><th>{tr!(promotions.tier_benefit)}</th><th>{tr!(promotions.tier_value)}</th><th>{tr!(promotions.gift_cost)}</th><th></th></tr></thead>
            <tbody>
                {move || {
                    let (basis, list, _) = tiers.get();
                    let zhe = i18n.get_locale() == Locale::zh;
                    list.into_iter().enumerate().map(move |(i, t)| {
                        let threshold = if basis == ThresholdBasis::Count { t.threshold.to_string() } else { Fen(t.threshold).to_plain() };
                        let (kind, value, cost) = match &t.benefit {
                            Benefit::AmountOff { off } => ("off", off.to_plain(), String::new()),
                            Benefit::Percent { pay_bp } => ("percent", pay_plain(i64::from(*pay_bp), zhe), String::new()),
                            Benefit::Gift { name, cost } => ("gift", name.clone(), cost.to_plain()),
                        };
                        let set_benefit = move |kind: String, value: String, cost: String| {
                            with_rule(Box::new(move |_, tiers, _| {
                                let b = match kind.as_str() {
                                    "percent" => Benefit::Percent { pay_bp: parse_pay_bp(&value, zhe).ok_or(Bad::Zhe)? as u32 },
                                    "gift" => Benefit::Gift { name: value.trim().chars().take(200).collect(), cost: if cost.trim().is_empty() { Fen::ZERO } else { money(&cost)? } },
                                    _ => Benefit::AmountOff { off: money(&value)? },
                                };
                                if let Some(t) = tiers.get_mut(i) { t.benefit = b; }
                                Ok(())
                            }));
                        };
                        let (v1, c1) = (value.clone(), cost.clone());
                        let (k2, c2) = (kind.to_string(), cost.clone());
                        let (k3, v3) = (kind.to_string(), value.clone());
                        view! {
                            <tr data-testid="tier-row">
                                <td><input type="text" data-testid="tier-threshold" prop:value=threshold on:change=move |e| {
                                    let v = event_target_value(&e);
                                    with_rule(Box::new(move |b, tiers, _| {
                                        let n = if *b == ThresholdBasis::Count { count(&v)? } else { money(&v)?.0 };
                                        if let Some(t) = tiers.get_mut(i) { t.threshold = n; }
                                        Ok(())
                                    }));
                                }/></td>
                                <td><select data-testid="tier-kind" on:change=move |e| set_benefit(event_target_value(&e), if event_target_value(&e) == "gift" { String::new() } else { "0".into() }, c1.clone())>
                                    <option value="off" selected=kind == "off">{tr!(promotions.benefit_kind_off)}</option>
                                    <option value="percent" selected=kind == "percent">{tr!(promotions.benefit_kind_percent)}</option>
                                    <option value="gift" selected=kind == "gift">{tr!(promotions.benefit_kind_gift)}</option>
                                </select></td>
                                <td><input type="text" data-testid="tier-value" prop:value=v1 on:change=move |e| set_benefit(k2.clone(), event_target_value(&e), c2.clone())/></td>
                                <td><input type="text" data-testid="tier-gift-cost" disabled=kind != "gift" prop:value=cost on:change=move |e| set_benefit(k3.clone(), v3.clone(), event_target_value(&e))/></td>
                                <td><button class="btn ghost small" on:click=move |_| with_rule(Box::new(move |_, tiers, _| { if i < tiers.len() { tiers.remove(i); } Ok(()) }))>{tr!(common.remove)}</button></td>
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        <button class="btn small" data-testid="add-tier" on:click=move |_| with_rule(Box::new(|b, tiers, _| {
            if tiers.len() < 20 {
                let last = tiers.iter().map(|t| t.threshold).max().unwrap_or(0);
                let step = if *b == ThresholdBasis::Count { 1 } else { 10_000 };
                tiers.push(Tier { threshold: last + step, benefit: Benefit::AmountOff { off: Fen::ZERO } });
            }
            Ok(())
        }))>{tr!(promotions.add_tier)}</button>
        <p class="muted">{move || {
            let (basis, list, repeat) = tiers.get();
            let l = i18n.get_locale();
            list.iter().map(|t| {
                let th = if basis == ThresholdBasis::Count { td_string!(l, promotions.tier_count_text, n = t.threshold).to_string() } else { td_string!(l, promotions.tier_amount_text, amount = crate::core::format::yuan_terse(Fen(t.threshold))).to_string() };
                format!("{}{}{}", if repeat { td_string!(l, promotions.every_prefix) } else { "" }, th, text::benefit(l, &t.benefit))
            }).collect::<Vec<_>>().join(td_string!(l, common.list_separator))
        }}</p>
    }
}

#[component]
fn ItemsEditor(
    promo: Memo<Option<Promotion>>,
    edit: impl Fn(EditFn) + Copy + Send + Sync + 'static,
    item_level: Memo<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let pick = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let candidates = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        promo.with(|p| {
            let have: std::collections::HashSet<&str> = p
                .as_ref()
                .map(|p| p.items.iter().map(|i| i.product_id.as_str()).collect())
                .unwrap_or_default();
            state.ws.with(|ws| {
                ws.live_products()
                    .filter(|x| !have.contains(x.meta.id.as_str()))
                    .filter(|x| {
                        q.is_empty()
                            || x.title.to_lowercase().contains(&q)
                            || x.sku.to_lowercase().contains(&q)
                            || x.category.to_lowercase().contains(&q)
                    })
                    .take(200)
                    .map(|x| {
                        (
                            x.meta.id.clone(),
                            format!("{} · {} · {}", x.sku, x.title, yuan(x.list_price)),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let add = move |ids: Vec<String>| {
        edit(Box::new(move |p| {
            let level = p.rule.is_item_level();
            for id in ids {
                if p.items.len() >= 5_000 || p.items.iter().any(|i| i.product_id == id) {
                    continue;
                }
                p.items.push(PromoItem {
                    product_id: id,
                    discount: level.then_some(ItemDiscount::Percent { pay_bp: 9_000 }),
                    stock: None,
                });
            }
            Ok(())
        }));
    };
    let rows = Memo::new(move |_| {
        promo.with(|p| {
            state.ws.with(|ws| {
                p.as_ref()
                    .map(|p| {
                        p.items
                            .iter()
                            .map(|it| {
                                let prod = ws.product(&it.product_id).filter(|x| !x.meta.deleted);
                                (
                                    it.clone(),
                                    prod.map(|x| {
                                        (x.sku.clone(), x.title.clone(), x.list_price, x.cost)
                                    }),
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    });
    view! {
        <div class="row-gap">
            <input type="search" data-testid="item-search" placeholder=tr!(common.search_placeholder) on:input=move |e| query.set(event_target_value(&e))/>
            <select data-testid="item-pick" aria-label=tr!(promotions.item_pick_label) on:change=move |e| pick.set(event_target_value(&e))>
                <option value="">{tr!(common.item_choose)}</option>
                {move || candidates.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
            </select>
            <button class="btn" data-testid="add-item" on:click=move |_| {
                let id = pick.get_untracked();
                if !id.is_empty() { add(vec![id]); pick.set(String::new()); }
            }>{tr!(common.item_add)}</button>
            <button class="btn ghost" data-testid="add-all-items" on:click=move |_| add(candidates.get_untracked().into_iter().map(|c| c.0).collect())>{tr!(promotions.item_add_all)}</button>
        </div>
        <table class="grid" data-testid="promo-items">
            <thead><tr>
                <th>{tr!(common.col_sku)}</th><th>{tr!(common.col_title)}</th><th class="num">{tr!(common.col_price)}</th><th class="num">{tr!(common.col_cost)}</th>
                <Show when=move || item_level.get()><th>{tr!(promotions.item_discount)}</th><th>{tr!(promotions.tier_value)}</th><th class="num">{tr!(promotions.item_price)}</th></Show>
                <th>{tr!(promotions.item_stock)}</th><th></th>
            </tr></thead>
            <tbody>
                {move || { let level = item_level.get(); rows.get().into_iter().map(move |(it, prod)| {
                    // tracked: a language switch redraws the values in 折 or %
                    let zhe = i18n.get_locale() == Locale::zh;
                    let (kind, value) = discount_parts(it.discount, zhe);
                    let list = prod.as_ref().map(|x| x.2).unwrap_or_default();
                    let price = it.discount.map(|d| yuan(d.apply(list))).unwrap_or_default();
                    let pid = it.product_id.clone();
                    let pid2 = pid.clone();
                    let pid3 = pid.clone();
                    let pid4 = pid.clone();
                    let value2 = value.clone();
                    let kind2 = kind.to_string();
                    // each row's controls are named after its SKU (screen readers, axe)
                    let l = i18n.get_locale_untracked();
                    let sku = prod.as_ref().map(|x| x.0.clone()).unwrap_or_else(|| it.product_id.clone());
                    let kind_label = td_string!(l, promotions.item_kind_label, sku = sku.clone()).to_string();
                    let value_label = td_string!(l, promotions.item_value_label, sku = sku.clone()).to_string();
                    let stock_label = td_string!(l, promotions.item_stock_label, sku = sku).to_string();
                    let set = move |pid: String, kind: String, value: String| {
                        edit(Box::new(move |p| {
                            let d = parse_discount(&kind, &value, zhe)?;
                            if let Some(x) = p.items.iter_mut().find(|x| x.product_id == pid) { x.discount = d; }
                            Ok(())
                        }));
                    };
                    view! {
                        <tr data-testid="promo-item">
                            <td>{prod.as_ref().map(|x| x.0.clone()).unwrap_or_else(|| "—".into())}</td>
                            <td>{prod.as_ref().map(|x| x.1.clone()).unwrap_or_else(|| td_string!(i18n.get_locale_untracked(), common.item_missing_product).to_string())}</td>
                            <td class="num">{yuan(list)}</td>
                            <td class="num">{prod.as_ref().map(|x| yuan(x.3)).unwrap_or_default()}</td>
                            {level.then(|| view! {
                                <td><select data-testid="item-discount-kind" aria-label=kind_label.clone() on:change={
                                    let (pid, value) = (pid.clone(), value2.clone());
                                    move |e| set(pid.clone(), event_target_value(&e), value.clone())
                                }>
                                    <option value="percent" selected=kind == "percent">{tr!(promotions.discount_percent)}</option>
                                    <option value="off" selected=kind == "off">{tr!(promotions.discount_off)}</option>
                                    <option value="fixed" selected=kind == "fixed">{tr!(promotions.discount_fixed)}</option>
                                </select></td>
                                <td><input type="text" inputmode="decimal" data-testid="item-discount-value" aria-label=value_label.clone() prop:value=value.clone() on:change={
                                    let (pid, kind) = (pid2.clone(), kind2.clone());
                                    move |e| set(pid.clone(), if kind.is_empty() { "percent".into() } else { kind.clone() }, event_target_value(&e))
                                }/></td>
                                <td class="num" data-testid="item-price">{price.clone()}</td>
                            })}
                            <td><input type="text" inputmode="numeric" class="narrow" data-testid="item-stock" aria-label=stock_label prop:value=it.stock.map(|s| s.to_string()).unwrap_or_default()
                                on:change=move |e| {
                                    let v = event_target_value(&e);
                                    let pid = pid3.clone();
                                    edit(Box::new(move |p| {
                                        let s = if v.trim().is_empty() { None } else { Some(count(&v)?) };
                                        if let Some(x) = p.items.iter_mut().find(|x| x.product_id == pid) { x.stock = s; }
                                        Ok(())
                                    }));
                                }/></td>
                            <td><button class="btn ghost small" data-testid="remove-item" on:click=move |_| {
                                let pid = pid4.clone();
                                edit(Box::new(move |p| { p.items.retain(|x| x.product_id != pid); Ok(()) }));
                            }>{tr!(common.remove)}</button></td>
                        </tr>
                    }
                }).collect_view() }}
            </tbody>
        </table>
    }
}
