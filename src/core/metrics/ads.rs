//! Paid traffic (万相台 / 直通车 reports): spend, impressions, clicks and attributed sales per plan
//! (计划) and per channel, with CTR, CPC, CPM, ROI and 费比 computed from sums; break-even ROI per
//! product from its margin after the platform fee; reconciliation of plan-report totals against
//! product-report totals over the dates both cover.
//!
//! Plan-report rows (计划报表) have an empty `item_id`; product-report rows (商品报表) carry the
//! 主体ID. Both describe the same spend, so a total never mixes them: [`source_in`] picks plan
//! rows when the period has any, else product rows.

use super::period::Period;
use super::{fen_per, money_ratio, ratio};
use crate::core::margin::margin_bp;
use crate::model::metrics::{AdChannel, AdDay, Day};
use crate::model::{Fen, Product};
use std::collections::BTreeMap;

/// Sums of ad facts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AdTotals {
    pub rows: u64,
    /// 展现量
    pub impressions: u64,
    /// 点击量
    pub clicks: u64,
    /// 花费
    pub spend: Fen,
    /// 直接成交金额
    pub direct_amount: Fen,
    /// 总成交金额
    pub total_amount: Fen,
    /// 总成交笔数
    pub total_orders: u64,
    /// 总购物车数
    pub carts: u64,
}

impl AdTotals {
    pub fn add(&mut self, a: &AdDay) {
        self.rows = self.rows.saturating_add(1);
        self.impressions = self.impressions.saturating_add(a.impressions);
        self.clicks = self.clicks.saturating_add(a.clicks);
        self.spend = self.spend + a.spend;
        self.direct_amount = self.direct_amount + a.direct_amount;
        self.total_amount = self.total_amount + a.total_amount;
        self.total_orders = self.total_orders.saturating_add(a.total_orders);
        self.carts = self.carts.saturating_add(a.carts);
    }

    pub fn merge(&mut self, o: &AdTotals) {
        self.rows = self.rows.saturating_add(o.rows);
        self.impressions = self.impressions.saturating_add(o.impressions);
        self.clicks = self.clicks.saturating_add(o.clicks);
        self.spend = self.spend + o.spend;
        self.direct_amount = self.direct_amount + o.direct_amount;
        self.total_amount = self.total_amount + o.total_amount;
        self.total_orders = self.total_orders.saturating_add(o.total_orders);
        self.carts = self.carts.saturating_add(o.carts);
    }

    /// 点击率 CTR = 点击量 / 展现量.
    pub fn ctr(&self) -> Option<f64> {
        ratio(self.clicks, self.impressions)
    }

    /// 平均点击花费 CPC = 花费 / 点击量 (fen, rounded).
    pub fn cpc(&self) -> Option<Fen> {
        fen_per(self.spend, self.clicks)
    }

    /// 千次展现花费 CPM = 花费 / 展现量 × 1000 (fen, rounded).
    pub fn cpm(&self) -> Option<Fen> {
        if self.impressions == 0 {
            return None;
        }
        let a = i128::from(self.spend.0) * 1000;
        let c = i128::from(self.impressions);
        let q = (a.abs() * 2 + c) / (c * 2);
        let q = if a < 0 { -q } else { q };
        Some(Fen(i64::try_from(q).unwrap_or(if a < 0 {
            i64::MIN
        } else {
            i64::MAX
        })))
    }

    /// 实际投产比 ROI = 总成交金额 / 花费.
    pub fn roi(&self) -> Option<f64> {
        money_ratio(self.total_amount, self.spend)
    }

    /// 直接投产比 = 直接成交金额 / 花费.
    pub fn direct_roi(&self) -> Option<f64> {
        money_ratio(self.direct_amount, self.spend)
    }

    /// 费比 = 花费 / 总成交金额 (= 1 / ROI).
    pub fn fee_ratio(&self) -> Option<f64> {
        money_ratio(self.spend, self.total_amount)
    }

    /// 点击转化率 = 总成交笔数 / 点击量.
    pub fn cvr(&self) -> Option<f64> {
        ratio(self.total_orders, self.clicks)
    }
}

/// Which report an ad total is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AdSource {
    /// 计划报表: rows without an item.
    PlanReport,
    /// 商品报表: rows per item (主体ID).
    ProductReport,
}

impl AdSource {
    fn accepts(self, a: &AdDay) -> bool {
        a.item_id.is_empty() == (self == AdSource::PlanReport)
    }
}

/// Plan rows when the period has any, else product rows, else None.
pub fn source_in(ads: &[AdDay], period: Period) -> Option<AdSource> {
    let mut any_product = false;
    for a in ads.iter().filter(|a| period.contains(a.day)) {
        if a.item_id.is_empty() {
            return Some(AdSource::PlanReport);
        }
        any_product = true;
    }
    any_product.then_some(AdSource::ProductReport)
}

/// Totals of the rows of one source in a period.
pub fn totals(ads: &[AdDay], period: Period, source: AdSource) -> AdTotals {
    let mut t = AdTotals::default();
    for a in ads {
        if period.contains(a.day) && source.accepts(a) {
            t.add(a);
        }
    }
    t
}

/// The ad totals a dashboard uses: rows of [`source_in`]'s source.
pub fn kpi_totals(ads: &[AdDay], period: Period) -> AdTotals {
    match source_in(ads, period) {
        Some(s) => totals(ads, period, s),
        None => AdTotals::default(),
    }
}

/// Chinese name of a channel, as 万相台无界 names its scenes.
pub fn channel_label(c: AdChannel) -> &'static str {
    match c {
        AdChannel::Search => "关键词推广",
        AdChannel::Display => "人群推广",
        AdChannel::Site => "货品全站推广",
        AdChannel::Affiliate => "淘宝客",
        AdChannel::Other => "其他推广",
    }
}

/// Keywords of plan names (计划名字) per channel. 万相台无界 names a new plan after its scene
/// (关键词推广_0301, 人群推广-拉新, 货品全站推广…), and operators keep those words.
const NAME_KEYWORDS: [(&str, AdChannel); 14] = [
    ("关键词", AdChannel::Search),
    ("搜索", AdChannel::Search),
    ("直通车", AdChannel::Search),
    ("人群", AdChannel::Display),
    ("引力魔方", AdChannel::Display),
    ("钻展", AdChannel::Display),
    ("钻石展位", AdChannel::Display),
    ("超级推荐", AdChannel::Display),
    ("全站", AdChannel::Site),
    ("淘宝客", AdChannel::Affiliate),
    ("淘客", AdChannel::Affiliate),
    ("search", AdChannel::Search),
    ("display", AdChannel::Display),
    ("affiliate", AdChannel::Affiliate),
];

/// The channel a plan name points to: the keyword that comes first in the name wins
/// (`关键词推广-人群溢价` is a keyword plan); None when the name has none.
pub fn channel_from_plan_name(name: &str) -> Option<AdChannel> {
    let lower = name.to_lowercase();
    NAME_KEYWORDS
        .iter()
        .filter_map(|&(k, c)| lower.find(k).map(|at| (at, std::cmp::Reverse(k.len()), c)))
        .min_by_key(|&(at, len, _)| (at, len))
        .map(|(_, _, c)| c)
}

/// The channel an ad row is counted under: its own (from 场景名字) when the report said which,
/// else — a report without a scene column files every plan under 其他推广 — the plan name's.
pub fn channel_of(a: &AdDay) -> AdChannel {
    match a.channel {
        AdChannel::Other => channel_from_plan_name(&a.plan_name).unwrap_or(AdChannel::Other),
        c => c,
    }
}

/// One plan over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanStats {
    pub channel: AdChannel,
    pub plan_id: String,
    /// The name on the plan's latest row in the period.
    pub plan_name: String,
    pub totals: AdTotals,
}

/// Per plan (channel, plan id; plan name when there is no id), highest spend first.
pub fn by_plan(ads: &[AdDay], period: Period, source: AdSource) -> Vec<PlanStats> {
    let mut plans: BTreeMap<(AdChannel, &str, &str), (Day, PlanStats)> = BTreeMap::new();
    for a in ads {
        if !period.contains(a.day) || !source.accepts(a) {
            continue;
        }
        let name_key = if a.plan_id.is_empty() {
            a.plan_name.as_str()
        } else {
            ""
        };
        let channel = channel_of(a);
        let entry = plans
            .entry((channel, a.plan_id.as_str(), name_key))
            .or_insert_with(|| {
                (
                    a.day,
                    PlanStats {
                        channel,
                        plan_id: a.plan_id.clone(),
                        plan_name: a.plan_name.clone(),
                        totals: AdTotals::default(),
                    },
                )
            });
        if a.day > entry.0 {
            entry.0 = a.day;
            entry.1.plan_name.clone_from(&a.plan_name);
        }
        entry.1.totals.add(a);
    }
    let mut out: Vec<PlanStats> = plans.into_values().map(|(_, p)| p).collect();
    out.sort_by(|a, b| {
        b.totals
            .spend
            .cmp(&a.totals.spend)
            .then_with(|| a.channel.cmp(&b.channel))
            .then_with(|| a.plan_id.cmp(&b.plan_id))
            .then_with(|| a.plan_name.cmp(&b.plan_name))
    });
    out
}

/// The total row of a plan or channel table: the rows' sums (unrounded, money in fen); CTR, CPC,
/// ROI … of the total come from these sums, never from the rows' ratios.
pub fn sum_totals<'a>(rows: impl IntoIterator<Item = &'a AdTotals>) -> AdTotals {
    let mut t = AdTotals::default();
    for r in rows {
        t.merge(r);
    }
    t
}

/// One channel over a period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChannelStats {
    pub channel: AdChannel,
    pub totals: AdTotals,
}

/// Per channel with rows, in channel order.
pub fn by_channel(ads: &[AdDay], period: Period, source: AdSource) -> Vec<ChannelStats> {
    let mut map: BTreeMap<AdChannel, AdTotals> = BTreeMap::new();
    for a in ads {
        if period.contains(a.day) && source.accepts(a) {
            map.entry(channel_of(a)).or_default().add(a);
        }
    }
    map.into_iter()
        .map(|(channel, totals)| ChannelStats { channel, totals })
        .collect()
}

/// item_id → (list price, cost) of catalog products with a 商品ID (not deleted). Several SKUs
/// (catalog rows) may share one 商品ID; without their sales every SKU weighs the same (see
/// [`price_cost_map_by_units`]).
pub fn price_cost_map(products: &[Product]) -> BTreeMap<String, (Fen, Fen)> {
    price_cost_map_by_units(products, &BTreeMap::new())
}

/// item_id → (list price, cost), each the average over the item's SKUs weighted by units sold
/// (`units`: SKU code → units); an item whose SKUs have no units in `units` weighs them equally.
/// Rounded to the fen.
pub fn price_cost_map_by_units(
    products: &[Product],
    units: &BTreeMap<String, u64>,
) -> BTreeMap<String, (Fen, Fen)> {
    // item → [(price, cost, units)]
    let mut per_item: BTreeMap<&str, Vec<(Fen, Fen, u64)>> = BTreeMap::new();
    for p in products
        .iter()
        .filter(|p| !p.meta.deleted && !p.item_id.is_empty())
    {
        let u = units.get(&p.sku).copied().unwrap_or(0);
        per_item
            .entry(p.item_id.as_str())
            .or_default()
            .push((p.list_price, p.cost, u));
    }
    per_item
        .into_iter()
        .map(|(id, skus)| {
            let by_units = skus.iter().any(|s| s.2 > 0);
            let w = |s: &(Fen, Fen, u64)| -> i128 {
                if by_units {
                    i128::from(s.2)
                } else {
                    1
                }
            };
            let total: i128 = skus.iter().map(w).sum();
            let avg = |f: &dyn Fn(&(Fen, Fen, u64)) -> Fen| -> Fen {
                let sum: i128 = skus.iter().map(|s| i128::from(f(s).0) * w(s)).sum();
                Fen(div_round(sum, total.max(1)))
            };
            (id.to_string(), (avg(&|s| s.0), avg(&|s| s.1)))
        })
        .collect()
}

/// `a / b` rounded half away from zero (b > 0), saturated to i64.
fn div_round(a: i128, b: i128) -> i64 {
    let q = (a.abs() * 2 + b) / (b * 2);
    let q = if a < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(if a < 0 { i64::MIN } else { i64::MAX })
}

/// What an item sold in the period (商品_全部): the realised unit price and the refund rate of
/// the break-even check come from here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItemSales {
    /// 支付金额
    pub paid_amount: Fen,
    /// 支付件数
    pub paid_units: u64,
    /// 成功退款金额
    pub refund_amount: Fen,
}

/// item_id → sales of the period, from the product days.
pub fn item_sales(store: &super::MetricsStore, period: Period) -> BTreeMap<String, ItemSales> {
    super::products::product_stats(store, period)
        .into_iter()
        .map(|s| {
            (
                s.item_id,
                ItemSales {
                    paid_amount: s.paid_amount,
                    paid_units: s.paid_units,
                    refund_amount: s.refund_amount,
                },
            )
        })
        .collect()
}

/// How a product's ads compare with its break-even ROI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BreakEvenVerdict {
    /// Net ROI ≥ break-even ROI: ads pay for themselves.
    AboveBreakEven,
    /// Net ROI < break-even ROI: each yuan of ads loses money.
    BelowBreakEven,
    /// Margin ≤ 0: every sale loses money, whatever the ROI.
    NoMargin,
    /// No price/cost, or no spend in the period.
    Unknown,
}

/// Break-even check of one product.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEven {
    pub item_id: String,
    /// The unit price the margin is taken at: the period's realised 件单价 (支付金额 ÷ 支付件数)
    /// when the item sold, else the list price; None without either.
    pub unit_price: Option<Fen>,
    /// True when `unit_price` is the realised price (false: list price).
    pub realised_price: bool,
    /// (unit price − cost − platform fee) / unit price in basis points (core::margin).
    pub margin_bp: Option<i64>,
    /// 保本ROI = 1 / 毛利率; None when the margin is not positive.
    pub break_even_roi: Option<f64>,
    /// Product-report totals of the period.
    pub totals: AdTotals,
    /// Actual ROI = 总成交金额 / 花费 (what the ad report shows).
    pub roi: Option<f64>,
    /// 退款率 of the item in the period (成功退款金额 ÷ 支付金额); None without sales.
    pub refund_rate: Option<f64>,
    /// 净投产比 = ROI × (1 − 退款率) (ROI itself without sales data); the verdict uses it.
    pub net_roi: Option<f64>,
    /// Profit per yuan of spend = 净投产比 × 毛利率 − 1 (negative: loses money).
    pub profit_per_yuan: Option<f64>,
    pub verdict: BreakEvenVerdict,
}

/// Break-even ROI per product (catalog items and items with product-report rows in the period),
/// highest spend first. The margin is taken at the period's realised unit price from `sales`
/// (ad reports' 总成交金额 is what buyers paid after discounts), falling back to the list price;
/// the verdict compares the ROI net of the item's refund rate with the break-even ROI.
pub fn break_even(
    ads: &[AdDay],
    period: Period,
    prices: &BTreeMap<String, (Fen, Fen)>,
    sales: &BTreeMap<String, ItemSales>,
    fee_rate_bp: u32,
) -> Vec<BreakEven> {
    let mut per_item: BTreeMap<&str, AdTotals> = BTreeMap::new();
    for a in ads {
        if period.contains(a.day) && !a.item_id.is_empty() {
            per_item.entry(a.item_id.as_str()).or_default().add(a);
        }
    }
    for id in prices.keys() {
        per_item.entry(id.as_str()).or_default();
    }
    let mut out: Vec<BreakEven> = per_item
        .into_iter()
        .map(|(id, totals)| {
            let sold = sales.get(id).filter(|s| s.paid_units > 0);
            let realised = sold.and_then(|s| fen_per(s.paid_amount, s.paid_units));
            let list = prices.get(id).map(|&(price, _)| price);
            let unit_price = realised.or(list);
            let realised_price = realised.is_some();
            let margin = prices
                .get(id)
                .zip(unit_price)
                .and_then(|(&(_, cost), price)| margin_bp(price, cost, fee_rate_bp));
            let be = margin.filter(|&m| m > 0).map(|m| 10_000.0 / m as f64);
            let roi = totals.roi();
            let refund_rate = sales
                .get(id)
                .and_then(|s| money_ratio(s.refund_amount, s.paid_amount));
            let net_roi = roi.map(|r| r * (1.0 - refund_rate.unwrap_or(0.0).clamp(0.0, 1.0)));
            let profit_per_yuan = net_roi
                .zip(margin)
                .filter(|_| totals.spend.0 > 0)
                .map(|(r, m)| r * m as f64 / 10_000.0 - 1.0);
            let verdict = match (margin, be, net_roi) {
                (Some(m), _, _) if m <= 0 => BreakEvenVerdict::NoMargin,
                (_, Some(be), Some(roi)) if totals.spend.0 > 0 => {
                    if roi >= be {
                        BreakEvenVerdict::AboveBreakEven
                    } else {
                        BreakEvenVerdict::BelowBreakEven
                    }
                }
                _ => BreakEvenVerdict::Unknown,
            };
            BreakEven {
                item_id: id.to_string(),
                unit_price,
                realised_price,
                margin_bp: margin,
                break_even_roi: be,
                totals,
                roi,
                refund_rate,
                net_roi,
                profit_per_yuan,
                verdict,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.totals
            .spend
            .cmp(&a.totals.spend)
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    out
}

/// Plan vs product report on one day both cover.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReconDay {
    pub day: Day,
    pub plan_spend: Fen,
    pub product_spend: Fen,
    pub plan_amount: Fen,
    pub product_amount: Fen,
}

impl ReconDay {
    /// Plan − product spend.
    pub fn spend_diff(&self) -> Fen {
        self.plan_spend - self.product_spend
    }

    /// Plan − product 总成交金额.
    pub fn amount_diff(&self) -> Fen {
        self.plan_amount - self.product_amount
    }
}

/// 计划报表 vs 商品报表 over what both cover. When every product row of the period names its plan
/// (商品报表 exported with the 计划 dimension), plans are matched one by one — a plan missing from
/// the product report (e.g. 淘宝客) is listed in `unmatched_plans` instead of showing up as a
/// difference; otherwise all plans of a day are compared with all product rows of that day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Days with something covered by both reports, in order (sums over the matched plans).
    pub days: Vec<ReconDay>,
    /// Days with plan rows / product rows only (nothing compared).
    pub plan_only_days: u32,
    pub product_only_days: u32,
    pub plan_spend: Fen,
    pub product_spend: Fen,
    pub plan_amount: Fen,
    pub product_amount: Fen,
    /// Distinct items in the compared product rows.
    pub promoted_items: usize,
    /// True when plans were matched one by one.
    pub per_plan: bool,
    /// Plans (name, or id when unnamed) with plan rows on compared days but no product row.
    pub unmatched_plans: Vec<String>,
}

impl Reconciliation {
    /// Plan − product spend over the common days.
    pub fn spend_diff(&self) -> Fen {
        self.plan_spend - self.product_spend
    }

    /// Plan − product 总成交金额 over the common days.
    pub fn amount_diff(&self) -> Fen {
        self.plan_amount - self.product_amount
    }

    /// True when both reports agree to the fen.
    pub fn matches(&self) -> bool {
        self.spend_diff() == Fen::ZERO && self.amount_diff() == Fen::ZERO
    }
}

/// Sum 花费 and 总成交金额 of plan rows and of product rows per day (and plan, when product rows
/// name their plans); compare where both exist.
pub fn reconcile(ads: &[AdDay], period: Period) -> Reconciliation {
    #[derive(Default)]
    struct Acc {
        plan: Option<(Fen, Fen)>,
        product: Option<(Fen, Fen)>,
    }
    let in_period = || ads.iter().filter(|a| period.contains(a.day));
    let per_plan = in_period().any(|a| !a.item_id.is_empty())
        && in_period().all(|a| a.item_id.is_empty() || !a.plan_id.is_empty());
    let plan_key = |a: &AdDay| {
        if per_plan {
            (channel_of(a), a.plan_id.clone())
        } else {
            (AdChannel::Other, String::new())
        }
    };
    let mut cells: BTreeMap<(Day, (AdChannel, String)), Acc> = BTreeMap::new();
    for a in in_period() {
        let acc = cells.entry((a.day, plan_key(a))).or_default();
        let slot = if a.item_id.is_empty() {
            &mut acc.plan
        } else {
            &mut acc.product
        };
        let (s, t) = slot.unwrap_or((Fen::ZERO, Fen::ZERO));
        *slot = Some((s + a.spend, t + a.total_amount));
    }
    let mut r = Reconciliation {
        per_plan,
        ..Reconciliation::default()
    };
    let mut common_days: std::collections::BTreeSet<Day> = std::collections::BTreeSet::new();
    let mut plan_days = std::collections::BTreeSet::new();
    let mut product_days = std::collections::BTreeSet::new();
    for ((day, _), acc) in &cells {
        if acc.plan.is_some() {
            plan_days.insert(*day);
        }
        if acc.product.is_some() {
            product_days.insert(*day);
        }
        let (Some((ps, pa)), Some((qs, qa))) = (acc.plan, acc.product) else {
            continue;
        };
        common_days.insert(*day);
        r.plan_spend = r.plan_spend + ps;
        r.product_spend = r.product_spend + qs;
        r.plan_amount = r.plan_amount + pa;
        r.product_amount = r.product_amount + qa;
        match r.days.last_mut() {
            Some(last) if last.day == *day => {
                last.plan_spend = last.plan_spend + ps;
                last.product_spend = last.product_spend + qs;
                last.plan_amount = last.plan_amount + pa;
                last.product_amount = last.product_amount + qa;
            }
            _ => r.days.push(ReconDay {
                day: *day,
                plan_spend: ps,
                product_spend: qs,
                plan_amount: pa,
                product_amount: qa,
            }),
        }
    }
    r.plan_only_days = plan_days.difference(&common_days).count() as u32;
    r.product_only_days = product_days.difference(&common_days).count() as u32;
    let mut items = std::collections::BTreeSet::new();
    let mut unmatched = std::collections::BTreeSet::new();
    for a in in_period() {
        if !common_days.contains(&a.day) {
            continue;
        }
        let matched = cells
            .get(&(a.day, plan_key(a)))
            .is_some_and(|acc| acc.plan.is_some() && acc.product.is_some());
        if !a.item_id.is_empty() && matched {
            items.insert(a.item_id.as_str());
        }
        if a.item_id.is_empty() && !matched {
            let name = if a.plan_name.is_empty() {
                &a.plan_id
            } else {
                &a.plan_name
            };
            unmatched.insert(name.clone());
        }
    }
    r.promoted_items = items.len();
    r.unmatched_plans = unmatched.into_iter().collect();
    r
}
