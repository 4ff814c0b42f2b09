//! The period control shared by the Dashboard and Analysis: presets (昨天 / 近7天 / 近30天 / 本月)
//! with the dates each covers, a custom from–to range, and a month picker.
//!
//! Typed dates are kept exactly as typed (`core::metrics::period::Entry`): a range whose start is
//! after its end stays in the boxes with a visible note until it is applied (Apply or Enter), and
//! applying it swaps the two dates and says so.

use crate::core::metrics::period::{parse_month, ymd, Entry, Period, Preset};
use crate::i18n::*;
use crate::ui::state::today;
use crate::ui::text::dyn_text;
use leptos::prelude::*;

/// The chosen period: a preset (counted back from today) or a custom range.
#[derive(Clone, Copy)]
pub struct PeriodChoice {
    pub preset: RwSignal<Option<Preset>>,
    pub custom: RwSignal<Period>,
}

impl PeriodChoice {
    pub fn new(default: Preset) -> PeriodChoice {
        PeriodChoice {
            preset: RwSignal::new(Some(default)),
            custom: RwSignal::new(default.period(today())),
        }
    }

    /// The period now (tracks the signals).
    pub fn period(&self) -> Period {
        match self.preset.get() {
            Some(p) => p.period(today()),
            None => self.custom.get(),
        }
    }

    fn set_custom(&self, p: Period) {
        self.custom.set(p);
        self.preset.set(None);
    }
}

pub fn preset_label(l: Locale, p: Preset) -> &'static str {
    match p {
        Preset::Yesterday => td_string!(l, common.preset_yesterday),
        Preset::Last7 => td_string!(l, common.preset_last7),
        Preset::Last30 => td_string!(l, common.preset_last30),
        Preset::ThisMonth => td_string!(l, common.preset_this_month),
    }
}

/// What the control says after applying: the swap of a reversed range.
#[derive(Clone, Copy, PartialEq)]
enum Note {
    Swapped(Period),
}

#[component]
pub fn PeriodControl(choice: PeriodChoice) -> impl IntoView {
    let i18n = use_i18n();
    let period = Memo::new(move |_| choice.period());
    // What is in the two boxes while it differs from the applied period (None: the period's dates).
    let draft = RwSignal::new(None::<(String, String)>);
    let note = RwSignal::new(None::<Note>);
    let entry = move || draft.with(|d| d.as_ref().map(|(f, t)| Entry::read(f, t)));
    let apply = move || {
        let Some((f, t)) = draft.get_untracked() else {
            return;
        };
        if let Some((p, swapped)) = Entry::read(&f, &t).apply() {
            choice.set_custom(p);
            draft.set(None);
            note.set(swapped.then_some(Note::Swapped(p)));
        }
    };
    let typed = move |from_box: bool, v: String| {
        let p = period.get_untracked();
        let (mut f, mut t) = draft
            .get_untracked()
            .unwrap_or_else(|| (ymd(p.from), ymd(p.to)));
        if from_box {
            f = v;
        } else {
            t = v;
        }
        note.set(None);
        let ready = matches!(Entry::read(&f, &t), Entry::Ready(_));
        draft.set(Some((f, t)));
        if ready {
            apply();
        }
    };
    let shown = move |from_box: bool| {
        dyn_text(move || match draft.get() {
            Some((f, t)) => {
                if from_box {
                    f
                } else {
                    t
                }
            }
            None => {
                let p = period.get();
                ymd(if from_box { p.from } else { p.to })
            }
        })
    };
    let on_enter = move |e: web_sys::KeyboardEvent| {
        if e.key() == "Enter" {
            apply();
        }
    };
    view! {
        <div class="toolbar period-bar" data-testid="period-control">
            {Preset::ALL.into_iter().map(|p| view! {
                <button class="btn" class:primary=move || choice.preset.get() == Some(p)
                    data-testid=format!("preset-{}", p.key())
                    title=move || { let q = p.period(today()); format!("{} – {}", ymd(q.from), ymd(q.to)) }
                    on:click=move |_| { draft.set(None); note.set(None); choice.preset.set(Some(p)) }>
                    {move || preset_label(i18n.get_locale(), p)}</button>
            }).collect_view()}
            <label class="muted">{tr!(common.period_from)}" "
                <input type="date" data-testid="period-from" prop:value=shown(true)
                    on:change=move |e| typed(true, event_target_value(&e)) on:keydown=on_enter/>
            </label>
            <label class="muted">{tr!(common.period_to)}" "
                <input type="date" data-testid="period-to" prop:value=shown(false)
                    on:change=move |e| typed(false, event_target_value(&e)) on:keydown=on_enter/>
            </label>
            <label class="muted">{tr!(common.period_month)}" "
                <input type="month" data-testid="period-month"
                    prop:value=dyn_text(move || {
                        let p = period.get();
                        let from = ymd(p.from);
                        from.get(..7).filter(|m| parse_month(m) == Some(p)).map(str::to_string).unwrap_or_default()
                    })
                    on:change=move |e| if let Some(p) = parse_month(&event_target_value(&e)) {
                        draft.set(None);
                        note.set(None);
                        choice.set_custom(p);
                    }/>
            </label>
            <span class="period-dates" data-testid="period-dates">{move || {
                let p = period.get();
                td_string!(i18n.get_locale(), common.period_dates, from = ymd(p.from), to = ymd(p.to), n = p.len_days()).to_string()
            }}</span>
            {move || match entry() {
                Some(Entry::Reversed { .. }) => Some(view! {
                    <span class="period-note" role="status" data-testid="period-pending">{tr!(common.period_reversed)}</span>
                    <button class="btn small" data-testid="period-apply" on:click=move |_| apply()>{tr!(common.period_apply_swap)}</button>
                }.into_any()),
                _ => note.get().map(|Note::Swapped(p)| view! {
                    <span class="period-note" role="status" data-testid="period-note">
                        {td_string!(i18n.get_locale(), common.period_swapped, from = ymd(p.from), to = ymd(p.to)).to_string()}
                    </span>
                }.into_any()),
            }}
        </div>
    }
}
