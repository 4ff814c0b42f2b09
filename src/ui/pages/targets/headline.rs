//! The year's headline (目标口径): 支付金额, 净支付金额 or 净利润. A net or profit headline is
//! typed here and turned into the smallest year of 支付金额 that reaches it
//! (`core::targets::set_headline`); the months stay 支付金额.

use super::{amount_text, Ctx, Refusal};
use crate::core::format::yuan;
use crate::core::targets::{self as tg, HeadlineError};
use crate::i18n::*;
use crate::model::{Fen, Headline as Kind};
use crate::ui::text::dyn_text;
use leptos::prelude::*;

fn kind_label(l: Locale, k: Kind) -> String {
    match k {
        Kind::Gmv => td_string!(l, targets.headline_gmv),
        Kind::Net => td_string!(l, targets.headline_net),
        Kind::Profit => td_string!(l, targets.headline_profit),
    }
    .to_string()
}

/// A headline amount as typed: a profit may be a loss (a leading minus).
fn parse_headline(kind: Kind, v: &str) -> Result<Fen, tg::AmountError> {
    let t = v.trim();
    match (kind, t.strip_prefix(['-', '−'])) {
        (Kind::Profit, Some(rest)) => tg::parse_amount(rest).map(|f| Fen(-f.0)),
        _ => tg::parse_amount(t),
    }
}

#[component]
pub fn Headline() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let kind = move || ctx.read(|p| p.headline).unwrap_or_default();
    let value = Memo::new(move |_| {
        ctx.plan.with(|p| {
            p.as_ref()
                .map(|p| ctx.inputs.with(|i| tg::headline_value(p, i)))
        })
    });
    let typed_text = move || {
        ctx.read(|p| p.headline_target.map(amount_text))
            .flatten()
            .unwrap_or_default()
    };
    let choose = move |e: leptos::ev::Event| {
        let Some(k) = Kind::from_key(&event_target_value(&e)) else {
            return;
        };
        ctx.change(|p, _| {
            p.headline = k;
            // the headline starts at what the plan already reaches, so nothing moves
            p.headline_target = match k {
                Kind::Gmv => None,
                _ => ctx.inputs.with_untracked(|i| {
                    let mut q = p.clone();
                    q.headline = k;
                    Some(Fen(tg::headline_value(&q, i)))
                }),
            };
            Ok(())
        });
    };
    let typed = move |e: leptos::ev::Event| {
        let v = event_target_value(&e);
        let old = typed_text();
        let ok = match parse_headline(kind(), &v) {
            Ok(fen) => ctx.change(|p, c| {
                let inputs = ctx.inputs.get_untracked();
                tg::set_headline(p, fen, c, &inputs).map_err(|e| match e {
                    HeadlineError::Target(t) => Refusal::Target(t),
                    HeadlineError::Unreachable => Refusal::Unreachable,
                })
            }),
            Err(a) => {
                ctx.msg.set(Some(Refusal::Amount(a, v)));
                false
            }
        };
        if !ok {
            event_target::<web_sys::HtmlInputElement>(&e).set_value(&old);
        }
    };
    view! {
        <div class="form-row" data-testid="headline">
            <label>{tr!(targets.headline)}
                <select data-testid="headline-kind" on:change=choose>
                    {Kind::ALL.into_iter().map(|k| view! {
                        <option value=k.key() selected=move || kind() == k>{move || kind_label(i18n.get_locale(), k)}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || kind() != Kind::Gmv>
                <label>{move || td_string!(i18n.get_locale(), targets.headline_target, k = kind_label(i18n.get_locale(), kind())).to_string()}
                    <input data-testid="headline-target" inputmode="decimal" class="num"
                        prop:value=typed_text on:change=typed/>
                </label>
                <span class="figure" data-testid="headline-reached">{move || {
                    let l = i18n.get_locale();
                    let v = value.get().unwrap_or(0);
                    td_string!(l, targets.headline_reached, k = kind_label(l, kind()), v = yuan(Fen(v)), g = ctx.read(|p| yuan(p.target)).unwrap_or_default()).to_string()
                }}</span>
            </Show>
        </div>
        <Show when=move || kind() != Kind::Gmv>
            <p class="muted" data-testid="headline-note">{dyn_text(move || td_string!(i18n.get_locale(), targets.headline_note).to_string())}</p>
        </Show>
    }
}
