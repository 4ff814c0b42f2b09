//! The steps of the stack worded as sentences, grouped by price level.

use super::*;

fn level_title(l: Locale, lv: Level) -> &'static str {
    match lv {
        Level::Cart => td_string!(l, simulator.lv_cart),
        Level::Item => td_string!(l, simulator.lv_item),
        Level::Bundle => td_string!(l, simulator.lv_bundle),
        Level::StoreWide => td_string!(l, simulator.lv_store),
        Level::Coupon => td_string!(l, simulator.lv_coupon),
        Level::CrossStore => td_string!(l, simulator.lv_cross),
        Level::Postage => td_string!(l, simulator.lv_postage),
    }
}

const LEVELS: [Level; 7] = [
    Level::Cart,
    Level::Item,
    Level::Bundle,
    Level::StoreWide,
    Level::Coupon,
    Level::CrossStore,
    Level::Postage,
];

/// What the step wording needs: names and the simulated lines.
struct Ctx<'a> {
    l: Locale,
    ws: &'a Workspace,
    sim: &'a Simulation,
}

impl Ctx<'_> {
    fn name(&self, id: &str) -> String {
        self.ws
            .promotion(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
    fn rule(&self, id: &str) -> Option<&PromoRule> {
        self.ws.promotion(id).map(|p| &p.rule)
    }
    fn line_label(&self, i: usize) -> String {
        let sku = self
            .sim
            .lines
            .get(i)
            .and_then(|r| self.ws.product(&r.product_id))
            .map(|p| p.sku.clone())
            .unwrap_or_default();
        td_string!(self.l, simulator.head_line, n = i + 1, sku = sku).to_string()
    }
    /// Item-level amount, amount after store level and units of the live lines `id` covers.
    fn base(&self, id: &str) -> (Fen, Fen, i64) {
        let Some(p) = self.ws.promotion(id) else {
            return (Fen::ZERO, Fen::ZERO, 0);
        };
        let mut b = (Fen::ZERO, Fen::ZERO, 0i64);
        for r in self
            .sim
            .lines
            .iter()
            .filter(|r| r.known && r.qty > 0 && p.covers(&r.product_id))
        {
            b.0 = b.0 + r.item_amount;
            b.1 = b.1 + r.item_amount - r.store_wide - r.bundle;
            b.2 = b.2.saturating_add(i64::from(r.qty));
        }
        b
    }
    fn units(&self, n: i64) -> String {
        td_string!(self.l, simulator.units, n = n).to_string()
    }
}

/// Steps that say a rule did not apply (shown muted).
fn skipped(k: &StepKind) -> bool {
    matches!(
        k,
        StepKind::UnknownProduct
            | StepKind::ZeroQty
            | StepKind::Deleted
            | StepKind::NotCovered
            | StepKind::Invalid { .. }
            | StepKind::BetterItemPriceChosen { .. }
            | StepKind::NoItemDiscount
            | StepKind::AboveList { .. }
            | StepKind::ThresholdNotMet { .. }
            | StepKind::NoBenefit
            | StepKind::LargerDiscountChosen { .. }
            | StepKind::OnlyOneCoupon { .. }
            | StepKind::NoCompleteSet
    )
}

/// One step as a clause of a sentence, in the user's language.
fn step_text(c: &Ctx, s: &Step) -> String {
    let l = c.l;
    let pid = s.promo_id.as_deref().unwrap_or("");
    let m = |f: Fen| yuan(f);
    match &s.kind {
        StepKind::UnknownProduct => td_string!(l, simulator.s_unknown).to_string(),
        StepKind::ZeroQty => td_string!(l, simulator.s_zero_qty).to_string(),
        StepKind::Deleted => td_string!(l, simulator.s_deleted).to_string(),
        StepKind::NotCovered => td_string!(l, simulator.s_not_covered).to_string(),
        StepKind::Invalid {
            problem: RuleProblem::NoTiers,
        } => td_string!(l, simulator.s_no_tiers).to_string(),
        StepKind::Invalid {
            problem: RuleProblem::EveryNotPositive,
        } => td_string!(l, simulator.s_every_bad).to_string(),
        StepKind::ItemPrice { unit } => {
            td_string!(l, simulator.s_item_price, unit = m(*unit)).to_string()
        }
        StepKind::BetterItemPriceChosen { chosen, unit } => td_string!(
            l,
            simulator.s_better_item,
            unit = m(*unit),
            chosen = c.name(chosen)
        )
        .to_string(),
        StepKind::NoItemDiscount => td_string!(l, simulator.s_no_item_discount).to_string(),
        StepKind::AboveList { unit } => {
            let list = s
                .line
                .and_then(|i| c.sim.lines.get(i))
                .map_or(Fen::ZERO, |r| r.list_unit);
            td_string!(l, simulator.s_above_list, unit = m(*unit), list = m(list)).to_string()
        }
        StepKind::ThresholdNotMet { basis, needed, had } => {
            let (base, needed, had) = match (basis, s.level) {
                (ThresholdBasis::Count, _) => (
                    td_string!(l, simulator.base_units),
                    c.units(*needed),
                    c.units(*had),
                ),
                (_, Level::Coupon) => (
                    td_string!(l, simulator.base_after_store),
                    m(Fen(*needed)),
                    m(Fen(*had)),
                ),
                _ => (
                    td_string!(l, simulator.base_item),
                    m(Fen(*needed)),
                    m(Fen(*had)),
                ),
            };
            td_string!(
                l,
                simulator.s_not_met,
                needed = needed,
                base = base,
                had = had
            )
            .to_string()
        }
        StepKind::TierReached {
            tier,
            basis,
            threshold,
        } => {
            let (item, _, units) = c.base(pid);
            let (base, had, thr) = match basis {
                ThresholdBasis::Count => (
                    td_string!(l, simulator.base_units),
                    c.units(units),
                    c.units(*threshold),
                ),
                ThresholdBasis::Amount => (
                    td_string!(l, simulator.base_item),
                    m(item),
                    m(Fen(*threshold)),
                ),
            };
            td_string!(
                l,
                simulator.s_tier,
                base = base,
                had = had,
                n = tier + 1,
                threshold = thr
            )
            .to_string()
        }
        StepKind::Repeated { times } if s.level == Level::CrossStore => {
            let every = match c.rule(pid) {
                Some(PromoRule::CrossStore { every, .. }) => *every,
                _ => Fen::ZERO,
            };
            td_string!(
                l,
                simulator.s_cross_reached,
                amount = m(c.base(pid).0),
                every = m(every),
                times = *times
            )
            .to_string()
        }
        StepKind::Repeated { times } => {
            td_string!(l, simulator.s_repeated, times = *times).to_string()
        }
        StepKind::Discount { fen } => match s.level {
            Level::Coupon => {
                let thr = match c.rule(pid) {
                    Some(PromoRule::Coupon { threshold, .. }) => *threshold,
                    _ => Fen::ZERO,
                };
                td_string!(
                    l,
                    simulator.s_coupon_used,
                    amount = m(c.base(pid).1),
                    threshold = m(thr),
                    fen = m(*fen)
                )
                .to_string()
            }
            Level::Bundle => td_string!(l, simulator.s_bundle_saving, fen = m(*fen)).to_string(),
            _ => td_string!(l, simulator.s_off, fen = m(*fen)).to_string(),
        },
        StepKind::Gift { cost, times } => {
            td_string!(l, simulator.s_gift, cost = m(*cost), times = *times).to_string()
        }
        StepKind::NoBenefit => td_string!(l, simulator.s_no_benefit).to_string(),
        StepKind::LargerDiscountChosen { chosen } => {
            td_string!(l, simulator.s_larger_chosen, chosen = c.name(chosen)).to_string()
        }
        StepKind::OnlyOneCoupon { chosen } => {
            td_string!(l, simulator.s_one_coupon, chosen = c.name(chosen)).to_string()
        }
        StepKind::NoCompleteSet => td_string!(l, simulator.s_no_set).to_string(),
        StepKind::Sets { sets } => {
            let price = match c.rule(pid) {
                Some(PromoRule::Bundle { price }) => *price,
                _ => Fen::ZERO,
            };
            td_string!(l, simulator.s_sets, sets = *sets, price = m(price)).to_string()
        }
        StepKind::CappedAtZero { by } => td_string!(l, simulator.s_capped, by = m(*by)).to_string(),
        StepKind::RemainderTo { line_index, fen } => {
            td_string!(l, simulator.s_remainder, fen = m(*fen), n = line_index + 1).to_string()
        }
        StepKind::PostageAdded { postage } => {
            td_string!(l, simulator.s_postage, postage = m(*postage)).to_string()
        }
        StepKind::StoreWideOn {
            base: StoreWideBase::AfterBundle,
            amount,
        } => td_string!(l, simulator.s_store_after_bundle, amount = m(*amount)).to_string(),
        StepKind::StoreWideOn {
            base: StoreWideBase::BeforeBundle,
            amount,
        } => td_string!(l, simulator.s_store_before_bundle, amount = m(*amount)).to_string(),
    }
}

/// The steps grouped by level (rule order), then by (promotion, line) in order of first
/// appearance; each group is one sentence. `bool` = the rule did not apply.
fn step_groups(l: Locale, ws: &Workspace, sim: &Simulation) -> Vec<(Level, Vec<(String, bool)>)> {
    let c = Ctx { l, ws, sim };
    let mut out = Vec::new();
    for lv in LEVELS {
        let mut idx: HashMap<(Option<&str>, Option<usize>), usize> = HashMap::new();
        let mut groups: Vec<(String, Vec<String>, bool)> = Vec::new();
        for s in sim.steps.iter().filter(|s| s.level == lv) {
            let key = (s.promo_id.as_deref(), s.line);
            let gi = *idx.entry(key).or_insert_with(|| {
                let mut head = match (&s.promo_id, s.line) {
                    (Some(id), _) => {
                        let tool = c
                            .rule(id)
                            .map(|r| text::promo_tool(l, r))
                            .unwrap_or_default();
                        td_string!(l, simulator.head_promo, tool = tool, name = c.name(id))
                            .to_string()
                    }
                    (None, Some(i)) => c.line_label(i),
                    (None, None) => String::new(),
                };
                if let (Some(_), Some(i)) = (&s.promo_id, s.line) {
                    head = format!("{head} · {}", c.line_label(i));
                }
                groups.push((head, Vec::new(), false));
                groups.len() - 1
            });
            let g = &mut groups[gi];
            g.1.push(step_text(&c, s));
            g.2 |= skipped(&s.kind);
        }
        if groups.is_empty() {
            continue;
        }
        let (colon, comma, stop) = (
            td_string!(l, common.colon),
            td_string!(l, common.comma),
            td_string!(l, common.full_stop),
        );
        let items = groups
            .into_iter()
            .map(|(head, parts, skip)| {
                let body = parts.join(comma);
                let t = if head.is_empty() {
                    // a sentence of its own (postage): capitalised
                    let mut ch = body.chars();
                    ch.next().map_or_else(String::new, |f| {
                        format!("{}{}{stop}", f.to_uppercase(), ch.as_str())
                    })
                } else {
                    format!("{head}{colon}{body}{stop}")
                };
                (t, skip)
            })
            .collect();
        out.push((lv, items));
    }
    out
}

/// Every level with its sentences (a rule that did not apply muted).
pub(super) fn steps_view(l: Locale, ws: &Workspace, s: &Simulation) -> impl IntoView {
    let groups = step_groups(l, ws, s);
    groups
        .into_iter()
        .map(|(lv, items)| {
            view! {
                <div class="sim-level">
                    <h3>{level_title(l, lv)}</h3>
                    <ul>
                        {items.into_iter().map(|(t, skip)| view! {
                            <li data-testid="sim-step" class:skip=skip>{t}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step kind is worded in both languages, with every placeholder filled.
    #[test]
    fn every_step_kind_is_worded() {
        let kinds = [
            StepKind::UnknownProduct,
            StepKind::ZeroQty,
            StepKind::Deleted,
            StepKind::NotCovered,
            StepKind::Invalid {
                problem: RuleProblem::NoTiers,
            },
            StepKind::Invalid {
                problem: RuleProblem::EveryNotPositive,
            },
            StepKind::ItemPrice { unit: Fen(40_000) },
            StepKind::BetterItemPriceChosen {
                chosen: "x".into(),
                unit: Fen(1),
            },
            StepKind::NoItemDiscount,
            StepKind::AboveList { unit: Fen(1) },
            StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Count,
                needed: 3,
                had: 1,
            },
            StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Amount,
                needed: 40_000,
                had: 29_900,
            },
            StepKind::TierReached {
                tier: 0,
                basis: ThresholdBasis::Amount,
                threshold: 30_000,
            },
            StepKind::TierReached {
                tier: 1,
                basis: ThresholdBasis::Count,
                threshold: 2,
            },
            StepKind::Repeated { times: 2 },
            StepKind::Discount { fen: Fen(5_000) },
            StepKind::Gift {
                cost: Fen(900),
                times: 1,
            },
            StepKind::NoBenefit,
            StepKind::LargerDiscountChosen { chosen: "x".into() },
            StepKind::OnlyOneCoupon { chosen: "x".into() },
            StepKind::NoCompleteSet,
            StepKind::Sets { sets: 2 },
            StepKind::CappedAtZero { by: Fen(3_000) },
            StepKind::RemainderTo {
                line_index: 1,
                fen: Fen(1),
            },
            StepKind::PostageAdded {
                postage: Fen(1_000),
            },
        ];
        let ws = Workspace::default();
        let sim = Simulation::default();
        for l in [Locale::zh, Locale::en] {
            let c = Ctx {
                l,
                ws: &ws,
                sim: &sim,
            };
            for lv in LEVELS {
                for k in &kinds {
                    let s = Step {
                        level: lv,
                        promo_id: Some("p".into()),
                        line: Some(0),
                        kind: k.clone(),
                    };
                    let t = step_text(&c, &s);
                    assert!(!t.is_empty() && !t.contains("{{"), "{k:?}: {t}");
                }
            }
        }
    }
}
