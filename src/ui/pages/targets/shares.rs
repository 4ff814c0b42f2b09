//! Down the store (按类目与商品拆分): the shown plan's year or one month split over the catalog's
//! categories and one category's items, from last year's sales of the same month or typed
//! shares, with what each part needs and its attainment to date (`core::targets::shares`).

use super::{month_names, pct2, Ctx, Refusal};
use crate::core::format::{bp_plain, group_thousands, parse_percent_bp, yuan};
use crate::core::targets::shares::{self as sh, Basis, Level, Part, Span};
use crate::i18n::*;
use crate::model::target::MONTHS;
use crate::model::Fen;
use crate::ui::text::{dyn_text, role};
use leptos::prelude::*;

/// The span select's value: 0–11 a month, 12 the year.
const YEAR: usize = MONTHS;

fn span_of(v: usize) -> Span {
    if v < MONTHS {
        Span::Month(v)
    } else {
        Span::Year
    }
}

fn basis_text(l: Locale, b: Basis) -> String {
    match b {
        Basis::SameMonth => td_string!(l, targets.shares_basis_month),
        Basis::LastYear => td_string!(l, targets.shares_basis_year),
        Basis::Even => td_string!(l, targets.shares_basis_even),
    }
    .to_string()
}

/// A category as shown: its name, or 未分类 for products without one.
fn category_name(l: Locale, c: &str) -> String {
    if c.is_empty() {
        td_string!(l, targets.shares_uncategorised).to_string()
    } else {
        c.to_string()
    }
}

#[component]
pub fn SharesPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let span = RwSignal::new(YEAR);
    let category = RwSignal::new(None::<String>);
    let items = Memo::new(move |_| ctx.state.ws.with(|ws| sh::items_of(&ws.products)));
    let year = Memo::new(move |_| ctx.plan.with(|p| p.as_ref().map(|p| p.year)));
    let last = Memo::new(move |_| {
        year.get()
            .map(|y| ctx.state.metrics.with(|m| sh::item_months(m, y - 1, None)))
            .unwrap_or_default()
    });
    let this = Memo::new(move |_| {
        year.get()
            .map(|y| ctx.state.metrics.with(|m| sh::item_months(m, y, None)))
            .unwrap_or_default()
    });
    // a level of the shown span: the categories (`which` gives Some(None)), or a category's
    // items (Some(Some(category))); nothing while `which` gives None
    let level = move |which: Box<dyn Fn() -> Option<Option<String>> + Send + Sync>| {
        Memo::new(move |_| {
            let c = which()?;
            let sp = span_of(span.get());
            ctx.plan.with(|p| {
                let p = p.as_ref()?;
                items.with(|it| {
                    last.with(|l| {
                        this.with(|t| {
                            let inputs = sh::SplitInputs {
                                items: it,
                                last_year: l,
                                this_year: t,
                                asof: ctx.actuals.with(|a| a.asof),
                            };
                            Some(sh::split(p, sp, c.as_deref(), &inputs))
                        })
                    })
                })
            })
        })
    };
    let cats = level(Box::new(|| Some(None)));
    // the chosen category, or the first one
    let chosen = Memo::new(move |_| {
        category
            .get()
            .filter(|c| {
                cats.with(|l| {
                    l.as_ref()
                        .is_some_and(|l| l.parts.iter().any(|p| &p.key == c))
                })
            })
            .or_else(|| {
                cats.with(|l| {
                    l.as_ref()
                        .and_then(|l| l.parts.first().map(|p| p.key.clone()))
                })
            })
    });
    let products = level(Box::new(move || chosen.get().map(Some)));
    let total = move |l: &Level| l.parts.iter().map(|p| p.target).sum::<i64>();

    // a typed share: empty clears it; refused with a message and the box reset
    let type_share =
        move |e: leptos::ev::Event, key: String, siblings: Option<Vec<String>>, old: String| {
            let v = event_target_value(&e);
            let parsed = if v.trim().is_empty() {
                Some(None)
            } else {
                parse_percent_bp(&v, 0, 10_000).map(|bp| Some(u32::try_from(bp).unwrap_or(0)))
            };
            let ok = match parsed {
                Some(bp) => ctx.change(|p, _| {
                    sh::set_share(p, &key, bp, siblings.as_deref())
                        .map_err(|err| Refusal::Share(err, v.clone()))
                }),
                None => {
                    ctx.msg
                        .set(Some(Refusal::Share(sh::ShareError::NotAPercent, v.clone())));
                    false
                }
            };
            if !ok {
                event_target::<web_sys::HtmlInputElement>(&e).set_value(&old);
            }
        };

    let figures = move |p: &Part, whole: i64| {
        let share = p.share_bp(whole).map(pct2).unwrap_or_else(|| "—".into());
        view! {
            <td class="num" data-testid="share-effective">{share}</td>
            <td class="num">{yuan(Fen(p.last_year))}</td>
            <td class="num" data-testid="share-target">{yuan(Fen(p.target))}</td>
            <td class="num">{group_thousands(p.visitors.max(0) as u64)}</td>
            <td class="num">{group_thousands(p.buyers.max(0) as u64)}</td>
            <td class="num">{yuan(Fen(p.ad_budget))}</td>
            <td class="num">{yuan(Fen(p.actual))}</td>
            <td class="num">{yuan(Fen(p.to_date))}</td>
            <td class="num" data-testid="share-attain">{p.rate_bp().map(pct2).unwrap_or_else(|| "—".into())}</td>
        }
    };
    let head = move |items: bool| {
        view! {
            <th>{if items { tr!(targets.shares_item).into_any() } else { tr!(targets.shares_category).into_any() }}</th>
            <th class="num">{tr!(targets.shares_typed)}</th>
            <th class="num">{tr!(targets.col_share)}</th>
            <th class="num">{tr!(targets.shares_last_year)}</th>
            <th class="num">{tr!(targets.col_target)}</th>
            <th class="num">{tr!(targets.col_visitors)}</th>
            <th class="num">{tr!(targets.col_buyers)}</th>
            <th class="num">{tr!(targets.col_budget)}</th>
            <th class="num">{tr!(targets.col_actual)}</th>
            <th class="num">{tr!(targets.shares_to_date)}</th>
            <th class="num">{tr!(targets.col_attain)}</th>
        }
    };

    view! {
        <div class="panel" data-testid="shares">
            <h2>{tr!(targets.shares)}</h2>
            <p class="muted">{tr!(targets.shares_intro)}</p>
            <div class="form-row no-print">
                <label>{tr!(targets.shares_span)}
                    <select data-testid="shares-span" on:change=move |e| span.set(event_target_value(&e).parse().unwrap_or(YEAR))>
                        <option value=YEAR.to_string() selected=move || span.get() == YEAR>{tr!(targets.shares_year)}</option>
                        {(0..MONTHS).map(|m| view! {
                            <option value=m.to_string() selected=move || span.get() == m>{move || month_names(i18n.get_locale()).get(m).cloned().unwrap_or_default()}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {move || cats.with(|l| l.as_ref().map(|l| {
                let lc = i18n.get_locale();
                let mut notes = vec![basis_text(lc, l.basis)];
                if l.over_typed {
                    notes.push(td_string!(lc, targets.shares_over).to_string());
                }
                view! { <p class="muted" data-testid="shares-basis">{notes.join(" ")}</p> }
            }))}
            <Show when=move || cats.with(|l| l.as_ref().is_some_and(|l| l.parts.is_empty()))>
                <p class="muted" data-testid="shares-empty">{tr!(targets.shares_empty)}</p>
            </Show>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.shares_categories)>
            <table class="grid" data-testid="shares-categories">
                <caption>{tr!(targets.shares_categories)}</caption>
                <thead><tr>{head(false)}</tr></thead>
                <tbody>
                    {move || cats.get().map(|l| {
                        let whole = total(&l);
                        l.parts.iter().map(|p| {
                            let key = p.key.clone();
                            let name = category_name(i18n.get_locale_untracked(), &p.key);
                            let typed = p.typed_bp.map(|b| bp_plain(i64::from(b))).unwrap_or_default();
                            let placeholder = p.share_bp(whole).map(bp_plain).unwrap_or_default();
                            let label = name.clone();
                            view! {
                                <tr data-testid="share-category-row">
                                    <th scope="row">{name}</th>
                                    <td class="num">
                                        <input class="num cell" inputmode="decimal" data-testid="category-share"
                                            aria-label=dyn_text(move || td_string!(i18n.get_locale(), targets.shares_input, name = label.clone()).to_string())
                                            placeholder=placeholder prop:value=typed.clone()
                                            on:change=move |e| type_share(e, key.clone(), None, typed.clone())/>
                                    </td>
                                    {figures(p, whole)}
                                </tr>
                            }
                        }).collect_view()
                    })}
                </tbody>
                <tfoot>
                    {move || cats.get().map(|l| {
                        let sum = |f: fn(&Part) -> i64| l.parts.iter().fold(0i64, |a, p| a.saturating_add(f(p)));
                        let to_date = sum(|p| p.to_date);
                        let actual = sum(|p| p.actual);
                        view! {
                            <tr class="total" data-testid="shares-total">
                                <th scope="row">{tr!(targets.total)}</th>
                                <td></td>
                                <td class="num">{if total(&l) > 0 { "100.00%" } else { "—" }}</td>
                                <td class="num">{yuan(Fen(sum(|p| p.last_year)))}</td>
                                <td class="num" data-testid="shares-total-target">{yuan(Fen(total(&l)))}</td>
                                <td class="num">{group_thousands(sum(|p| p.visitors).max(0) as u64)}</td>
                                <td class="num">{group_thousands(sum(|p| p.buyers).max(0) as u64)}</td>
                                <td class="num">{yuan(Fen(sum(|p| p.ad_budget)))}</td>
                                <td class="num">{yuan(Fen(actual))}</td>
                                <td class="num">{yuan(Fen(to_date))}</td>
                                <td class="num">{sh::Part { actual, to_date, ..sh::Part::default() }.rate_bp().map(pct2).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }
                    })}
                </tfoot>
            </table>
            </div>
            <div class="form-row no-print">
                <label>{tr!(targets.shares_category)}
                    <select data-testid="shares-category" on:change=move |e| category.set(Some(event_target_value(&e)))>
                        {move || cats.get().map(|l| l.parts.iter().map(|p| {
                            let k = p.key.clone();
                            let k2 = k.clone();
                            view! { <option value=k selected=move || chosen.get().as_deref() == Some(k2.as_str())>{category_name(i18n.get_locale_untracked(), &p.key)}</option> }
                        }).collect_view())}
                    </select>
                </label>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.shares_items)>
            <table class="grid" data-testid="shares-items">
                <caption>{move || {
                    let l = i18n.get_locale();
                    td_string!(l, targets.shares_items_of, c = chosen.get().map(|c| category_name(l, &c)).unwrap_or_default()).to_string()
                }}</caption>
                <thead><tr>{head(true)}<th>{tr!(targets.shares_role)}</th></tr></thead>
                <tbody>
                    {move || products.get().map(|l| {
                        let whole = total(&l);
                        let siblings: Vec<String> = l.parts.iter().map(|p| p.key.clone()).collect();
                        let info = items.get();
                        l.parts.iter().map(|p| {
                            let it = info.iter().find(|i| i.key == p.key).cloned();
                            let title = it.as_ref().map(|i| i.title.clone()).unwrap_or_else(|| p.key.clone());
                            let r = it.map(|i| i.role).unwrap_or_default();
                            let key = p.key.clone();
                            let sib = siblings.clone();
                            let typed = p.typed_bp.map(|b| bp_plain(i64::from(b))).unwrap_or_default();
                            let placeholder = p.share_bp(whole).map(bp_plain).unwrap_or_default();
                            let label = title.clone();
                            view! {
                                <tr data-testid="share-item-row">
                                    <th scope="row" class="title-cell">{title}</th>
                                    <td class="num">
                                        <input class="num cell" inputmode="decimal" data-testid="item-share"
                                            aria-label=dyn_text(move || td_string!(i18n.get_locale(), targets.shares_input, name = label.clone()).to_string())
                                            placeholder=placeholder prop:value=typed.clone()
                                            on:change=move |e| type_share(e, key.clone(), Some(sib.clone()), typed.clone())/>
                                    </td>
                                    {figures(p, whole)}
                                    <td>{move || role(i18n.get_locale(), r)}</td>
                                </tr>
                            }
                        }).collect_view()
                    })}
                </tbody>
            </table>
            </div>
        </div>
    }
}
