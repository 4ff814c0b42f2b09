//! Dashboard KPIs of a period: totals of the additive facts and the ratios derived from those
//! sums, compared with the previous period of the same length (环比) and the same dates one year
//! earlier (同比); trend series by day, week (Mon–Sun) or month; the conversion funnel.
//!
//! Totals come from the store days (店铺整体) of the period. When the period has no store day but
//! has product days (an import of 商品_全部 only), the product rows are summed instead and the
//! result is marked [`Source::Products`]: product-level 人数 are per link, so their sum over-counts
//! de-duplicated store visitors and buyers (the UI should say so).
//!
//! Every total is one pass over the rows without allocation (saturating sums), so recomputing the
//! dashboard over 146,000 product-day rows costs a few hundred microseconds natively.

use super::ads::{self, AdTotals};
use super::period::{month_start, next_month_start, week_start, Comparison, Period};
use super::store::MetricsStore;
use super::{change, fen_per, money_ratio, ratio};
use crate::model::metrics::{AdChannel, Day, ProductDay, StoreDay};
use crate::model::Fen;

/// Sums of the additive facts over some rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Rows summed (store days, or product days for [`Source::Products`]).
    pub rows: u64,
    /// 访客数
    pub visitors: u64,
    /// 浏览量
    pub page_views: u64,
    /// 加购人数
    pub cart_buyers: u64,
    /// 下单买家数
    pub order_buyers: u64,
    /// 下单金额 (store rows only)
    pub order_amount: Fen,
    /// 支付买家数
    pub paying_buyers: u64,
    /// 支付件数
    pub paid_units: u64,
    /// 支付金额
    pub paid_amount: Fen,
    /// 成功退款金额
    pub refund_amount: Fen,
    /// 关键词推广 / 直通车花费
    pub spend_search: Fen,
    /// 人群推广 / 引力魔方 / 钻展花费
    pub spend_display: Fen,
    /// 淘宝客佣金
    pub spend_affiliate: Fen,
    /// 全站推广 / other paid tools
    pub spend_other: Fen,
}

impl Totals {
    pub fn add_store(&mut self, d: &StoreDay) {
        self.rows = self.rows.saturating_add(1);
        self.visitors = self.visitors.saturating_add(d.visitors);
        self.page_views = self.page_views.saturating_add(d.page_views);
        self.cart_buyers = self.cart_buyers.saturating_add(d.cart_buyers);
        self.order_buyers = self.order_buyers.saturating_add(d.order_buyers);
        self.order_amount = self.order_amount + d.order_amount;
        self.paying_buyers = self.paying_buyers.saturating_add(d.paying_buyers);
        self.paid_units = self.paid_units.saturating_add(d.paid_units);
        self.paid_amount = self.paid_amount + d.paid_amount;
        self.refund_amount = self.refund_amount + d.refund_amount;
        self.spend_search = self.spend_search + d.spend_search;
        self.spend_display = self.spend_display + d.spend_display;
        self.spend_affiliate = self.spend_affiliate + d.spend_affiliate;
        self.spend_other = self.spend_other + d.spend_other;
    }

    pub fn add_product(&mut self, d: &ProductDay) {
        self.rows = self.rows.saturating_add(1);
        self.visitors = self.visitors.saturating_add(d.visitors);
        self.page_views = self.page_views.saturating_add(d.page_views);
        self.cart_buyers = self.cart_buyers.saturating_add(d.cart_buyers);
        self.order_buyers = self.order_buyers.saturating_add(d.order_buyers);
        self.paying_buyers = self.paying_buyers.saturating_add(d.paying_buyers);
        self.paid_units = self.paid_units.saturating_add(d.paid_units);
        self.paid_amount = self.paid_amount + d.paid_amount;
        self.refund_amount = self.refund_amount + d.refund_amount;
    }

    /// Sum of the store's 推广花费 columns (关键词 + 人群 + 淘宝客 + 全站/其他).
    pub fn store_ad_spend(&self) -> Fen {
        self.spend_search + self.spend_display + self.spend_affiliate + self.spend_other
    }
}

/// Where the totals of a period came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Source {
    /// Store days (店铺整体): de-duplicated store figures.
    Store,
    /// Sum of product days (no store day in the period): 人数 over-count.
    Products,
    /// No data in the period.
    #[default]
    Empty,
}

/// Sum of the store days of a period.
pub fn store_totals(store: &MetricsStore, period: Period) -> Totals {
    let mut t = Totals::default();
    for d in store.store_range(period) {
        t.add_store(d);
    }
    t
}

/// Sum of the product days of a period for the products `include` accepts (e.g. one category).
pub fn product_totals(
    store: &MetricsStore,
    period: Period,
    include: impl Fn(&str) -> bool,
) -> Totals {
    let mut t = Totals::default();
    for (id, _) in store.products() {
        if include(id) {
            for d in store.product_range(id, period) {
                t.add_product(d);
            }
        }
    }
    t
}

/// The KPIs of one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Kpis {
    pub period: Period,
    pub source: Source,
    pub totals: Totals,
    /// Ad rows of the period: plan-report rows when the period has any, else product-report rows
    /// (never both, which would double count).
    pub ads: AdTotals,
    /// Spend of those ad rows per channel, indexed by `AdChannel::code()`.
    pub ads_channel_spend: [Fen; 5],
}

/// Which sources a 推广花费 figure combines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpendSources {
    /// Spend columns of the store file (店铺整体).
    pub store_columns: bool,
    /// 万相台 / 直通车 report rows, for channels the store file has no figure for.
    pub ad_reports: bool,
}

impl Kpis {
    /// 支付金额 (GMV): Σ 支付金额 (postage included, refunds not deducted).
    pub fn gmv(&self) -> Fen {
        self.totals.paid_amount
    }

    /// 访客数: Σ 访客数 of the days (the platform's multi-day figure de-duplicates across days;
    /// a sum of daily figures is what can be computed from daily exports).
    pub fn visitors(&self) -> u64 {
        self.totals.visitors
    }

    /// 支付买家数: Σ 支付买家数.
    pub fn paying_buyers(&self) -> u64 {
        self.totals.paying_buyers
    }

    /// 支付转化率 = 支付买家数 / 访客数.
    pub fn conversion(&self) -> Option<f64> {
        ratio(self.totals.paying_buyers, self.totals.visitors)
    }

    /// 客单价 = 支付金额 / 支付买家数 (fen, rounded half away from zero).
    pub fn aov(&self) -> Option<Fen> {
        fen_per(self.totals.paid_amount, self.totals.paying_buyers)
    }

    /// UV价值 (访客平均价值) = 支付金额 / 访客数 (fen, rounded).
    pub fn uv_value(&self) -> Option<Fen> {
        fen_per(self.totals.paid_amount, self.totals.visitors)
    }

    /// 退款 = Σ 成功退款金额.
    pub fn refunds(&self) -> Fen {
        self.totals.refund_amount
    }

    /// 退款率 = 成功退款金额 / 支付金额.
    pub fn refund_rate(&self) -> Option<f64> {
        money_ratio(self.totals.refund_amount, self.totals.paid_amount)
    }

    /// 净支付金额 (net GMV, GSV) = 支付金额 − 成功退款金额.
    pub fn net_gmv(&self) -> Fen {
        self.totals.paid_amount - self.totals.refund_amount
    }

    /// Per channel (关键词, 人群, 淘宝客, 全站/其他): the store column when it is non-zero, else the
    /// ad rows of that channel — each yuan counted once, whichever file has it.
    fn spend_parts(&self) -> [(Fen, Fen); 4] {
        let t = &self.totals;
        let c = |ch: AdChannel| {
            self.ads_channel_spend
                .get(ch.code() as usize)
                .copied()
                .unwrap_or(Fen::ZERO)
        };
        [
            (t.spend_search, c(AdChannel::Search)),
            (t.spend_display, c(AdChannel::Display)),
            (t.spend_affiliate, c(AdChannel::Affiliate)),
            (t.spend_other, c(AdChannel::Site) + c(AdChannel::Other)),
        ]
    }

    /// 推广花费 (ad spend): per channel the store's spend column (关键词推广 / 人群推广 / 淘宝客佣金
    /// / 全站推广·其他) when the store file has a figure, else the spend of that channel's ad rows.
    pub fn ad_spend(&self) -> Fen {
        self.spend_parts()
            .into_iter()
            .fold(Fen::ZERO, |a, (st, ad)| a + if st.0 != 0 { st } else { ad })
    }

    /// Which sources [`Kpis::ad_spend`] used.
    pub fn ad_spend_sources(&self) -> SpendSources {
        let mut s = SpendSources::default();
        for (st, ad) in self.spend_parts() {
            if st.0 != 0 {
                s.store_columns = true;
            } else if ad.0 != 0 {
                s.ad_reports = true;
            }
        }
        s
    }

    /// ROI (实际投产比) = 总成交金额 / 花费, both from the ad rows; None without ad rows.
    pub fn roi(&self) -> Option<f64> {
        self.ads.roi()
    }

    /// 推广占比 (全店) = 推广花费 / 支付金额. (费比 in ad reports is spend ÷ ad GMV = 1 / ROI, see
    /// `AdTotals::fee_ratio`; the key stays `fee_ratio` for saved views and tests.)
    pub fn fee_ratio(&self) -> Option<f64> {
        money_ratio(self.ad_spend(), self.totals.paid_amount)
    }

    /// The KPI unrounded, for 环比 / 同比 and charts: money per head (客单价, UV价值) in fen
    /// before rounding to the fen, so a change is never computed from rounded values.
    pub fn exact(&self, m: KpiMetric) -> Option<f64> {
        let t = &self.totals;
        match m {
            KpiMetric::Aov => ratio_f(t.paid_amount.0 as f64, t.paying_buyers),
            KpiMetric::UvValue => ratio_f(t.paid_amount.0 as f64, t.visitors),
            _ => self.value(m).map(KpiValue::as_f64),
        }
    }

    pub fn value(&self, m: KpiMetric) -> Option<KpiValue> {
        use KpiValue::{Count, Money, Rate};
        match m {
            KpiMetric::Gmv => Some(Money(self.gmv())),
            KpiMetric::Visitors => Some(Count(self.visitors())),
            KpiMetric::PayingBuyers => Some(Count(self.paying_buyers())),
            KpiMetric::Conversion => self.conversion().map(Rate),
            KpiMetric::Aov => self.aov().map(Money),
            KpiMetric::UvValue => self.uv_value().map(Money),
            KpiMetric::Refunds => Some(Money(self.refunds())),
            KpiMetric::RefundRate => self.refund_rate().map(Rate),
            KpiMetric::NetGmv => Some(Money(self.net_gmv())),
            KpiMetric::AdSpend => Some(Money(self.ad_spend())),
            KpiMetric::Roi => self.roi().map(Rate),
            KpiMetric::FeeRatio => self.fee_ratio().map(Rate),
        }
    }
}

fn ratio_f(num: f64, den: u64) -> Option<f64> {
    (den != 0).then(|| num / den as f64)
}

/// A KPI value: money in fen, a count, or a ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KpiValue {
    Money(Fen),
    Count(u64),
    Rate(f64),
}

impl KpiValue {
    /// For comparisons and charts (fen for money).
    pub fn as_f64(self) -> f64 {
        match self {
            KpiValue::Money(f) => f.0 as f64,
            KpiValue::Count(c) => c as f64,
            KpiValue::Rate(r) => r,
        }
    }
}

/// The dashboard's KPIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KpiMetric {
    Gmv,
    Visitors,
    PayingBuyers,
    Conversion,
    Aov,
    UvValue,
    Refunds,
    RefundRate,
    NetGmv,
    AdSpend,
    Roi,
    FeeRatio,
}

impl KpiMetric {
    pub const ALL: [KpiMetric; 12] = [
        KpiMetric::Gmv,
        KpiMetric::Visitors,
        KpiMetric::PayingBuyers,
        KpiMetric::Conversion,
        KpiMetric::Aov,
        KpiMetric::UvValue,
        KpiMetric::Refunds,
        KpiMetric::RefundRate,
        KpiMetric::NetGmv,
        KpiMetric::AdSpend,
        KpiMetric::Roi,
        KpiMetric::FeeRatio,
    ];

    pub fn key(self) -> &'static str {
        match self {
            KpiMetric::Gmv => "gmv",
            KpiMetric::Visitors => "visitors",
            KpiMetric::PayingBuyers => "paying_buyers",
            KpiMetric::Conversion => "conversion",
            KpiMetric::Aov => "aov",
            KpiMetric::UvValue => "uv_value",
            KpiMetric::Refunds => "refunds",
            KpiMetric::RefundRate => "refund_rate",
            KpiMetric::NetGmv => "net_gmv",
            KpiMetric::AdSpend => "ad_spend",
            KpiMetric::Roi => "roi",
            KpiMetric::FeeRatio => "fee_ratio",
        }
    }

    pub fn zh_label(self) -> &'static str {
        match self {
            KpiMetric::Gmv => "支付金额",
            KpiMetric::Visitors => "访客数",
            KpiMetric::PayingBuyers => "支付买家数",
            KpiMetric::Conversion => "支付转化率",
            KpiMetric::Aov => "客单价",
            KpiMetric::UvValue => "UV价值",
            KpiMetric::Refunds => "退款金额",
            KpiMetric::RefundRate => "退款率",
            KpiMetric::NetGmv => "净支付金额",
            KpiMetric::AdSpend => "推广花费",
            KpiMetric::Roi => "ROI",
            KpiMetric::FeeRatio => "推广占比",
        }
    }

    /// True when a rise is bad news (shown red-for-up in the UI).
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            KpiMetric::Refunds | KpiMetric::RefundRate | KpiMetric::AdSpend | KpiMetric::FeeRatio
        )
    }
}

/// Totals and KPIs of a period.
pub fn kpis(store: &MetricsStore, period: Period) -> Kpis {
    let mut totals = store_totals(store, period);
    let mut source = Source::Store;
    if totals.rows == 0 {
        totals = product_totals(store, period, |_| true);
        source = if totals.rows == 0 {
            Source::Empty
        } else {
            Source::Products
        };
    }
    let mut ads_channel_spend = [Fen::ZERO; 5];
    if let Some(src) = ads::source_in(store.ads(), period) {
        for c in ads::by_channel(store.ads(), period, src) {
            if let Some(x) = ads_channel_spend.get_mut(c.channel.code() as usize) {
                *x = c.totals.spend;
            }
        }
    }
    Kpis {
        period,
        source,
        totals,
        ads: ads::kpi_totals(store.ads(), period),
        ads_channel_spend,
    }
}

/// One dashboard line: a KPI now, 环比 and 同比.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KpiRow {
    pub metric: KpiMetric,
    pub current: Option<KpiValue>,
    pub previous: Option<KpiValue>,
    pub year_ago: Option<KpiValue>,
    /// 环比: relative change against the previous period of the same length.
    pub mom: Option<f64>,
    /// 同比: relative change against the same dates one year earlier.
    pub yoy: Option<f64>,
}

/// The dashboard of a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub current: Kpis,
    pub previous: Kpis,
    pub year_ago: Kpis,
    pub rows: Vec<KpiRow>,
}

/// KPIs of a period with 环比 and 同比 (changes are None when the comparison period has no data
/// or the value there is zero).
pub fn dashboard(store: &MetricsStore, period: Period) -> Dashboard {
    dashboard_with(store, period, Comparison::SameLength)
}

/// KPIs of a period with 环比 and 同比 under a comparison rule (calendar months or same length);
/// the periods compared with are `previous.period` and `year_ago.period`.
pub fn dashboard_with(store: &MetricsStore, period: Period, mode: Comparison) -> Dashboard {
    let (prev, year) = period.comparisons(mode);
    let current = kpis(store, period);
    let previous = kpis(store, prev);
    let year_ago = kpis(store, year);
    let rows = KpiMetric::ALL
        .iter()
        .map(|&metric| {
            let has = |k: &Kpis| k.source != Source::Empty;
            let p = has(&previous).then(|| previous.value(metric)).flatten();
            let y = has(&year_ago).then(|| year_ago.value(metric)).flatten();
            // Changes from the unrounded values (客单价 and UV价值 are shown to the fen).
            let cx = current.exact(metric);
            let px = has(&previous).then(|| previous.exact(metric)).flatten();
            let yx = has(&year_ago).then(|| year_ago.exact(metric)).flatten();
            KpiRow {
                metric,
                current: current.value(metric),
                previous: p,
                year_ago: y,
                mom: change(cx, px),
                yoy: change(cx, yx),
            }
        })
        .collect();
    Dashboard {
        current,
        previous,
        year_ago,
        rows,
    }
}

/// Trend grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grain {
    Day,
    /// Monday to Sunday
    Week,
    /// Calendar month
    Month,
}

/// At most this many trend points (27 years of days); longer periods are cut at the end.
pub const MAX_TREND_POINTS: usize = 10_000;

/// The buckets of a period, each clipped to it.
pub fn buckets(period: Period, grain: Grain) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = period.from;
    loop {
        if out.len() >= MAX_TREND_POINTS {
            break;
        }
        let next = match grain {
            Grain::Day => start.checked_add(1),
            Grain::Week => week_start(start).checked_add(7),
            Grain::Month => Some(next_month_start(month_start(start))),
        };
        let end = match next {
            Some(n) if n > start => (n - 1).min(period.to),
            _ => period.to,
        };
        out.push(Period::new(start, end));
        match next {
            Some(n) if end < period.to && n > start => start = n,
            _ => break,
        }
    }
    out
}

/// KPIs per day / week / month of a period (one pass over the rows). Each point's `period` is its
/// bucket clipped to the requested period; points without rows have `Source::Empty`.
pub fn trend(store: &MetricsStore, period: Period, grain: Grain) -> Vec<Kpis> {
    let b = buckets(period, grain);
    let mut points: Vec<Kpis> = b
        .iter()
        .map(|&p| Kpis {
            period: p,
            ..Kpis::default()
        })
        .collect();
    let index = |day: Day| -> Option<usize> {
        let i = b.partition_point(|p| p.to < day);
        b.get(i).filter(|p| p.contains(day)).map(|_| i)
    };
    let store_rows = store.store_range(period);
    if store_rows.is_empty() {
        for id in store.item_ids() {
            for d in store.product_range(id, period) {
                if let Some(pt) = index(d.day).and_then(|i| points.get_mut(i)) {
                    pt.totals.add_product(d);
                    pt.source = Source::Products;
                }
            }
        }
    } else {
        let mut i = 0;
        for d in store_rows {
            while b.get(i).is_some_and(|p| p.to < d.day) {
                i += 1;
            }
            if let Some(pt) = points.get_mut(i) {
                if pt.period.contains(d.day) {
                    pt.totals.add_store(d);
                    pt.source = Source::Store;
                }
            }
        }
    }
    let plan_rows = ads::source_in(store.ads(), period) == Some(ads::AdSource::PlanReport);
    for a in store.ads_in(period) {
        if a.item_id.is_empty() == plan_rows {
            if let Some(pt) = index(a.day).and_then(|i| points.get_mut(i)) {
                pt.ads.add(a);
                if let Some(x) = pt
                    .ads_channel_spend
                    .get_mut(ads::channel_of(a).code() as usize)
                {
                    *x = *x + a.spend;
                }
            }
        }
    }
    points
}

/// Funnel stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FunnelStage {
    Visitors,
    CartBuyers,
    OrderBuyers,
    PayingBuyers,
}

impl FunnelStage {
    pub fn key(self) -> &'static str {
        match self {
            FunnelStage::Visitors => "visitors",
            FunnelStage::CartBuyers => "cart_buyers",
            FunnelStage::OrderBuyers => "order_buyers",
            FunnelStage::PayingBuyers => "paying_buyers",
        }
    }

    pub fn zh_label(self) -> &'static str {
        match self {
            FunnelStage::Visitors => "访客数",
            FunnelStage::CartBuyers => "加购人数",
            FunnelStage::OrderBuyers => "下单买家数",
            FunnelStage::PayingBuyers => "支付买家数",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FunnelStep {
    pub stage: FunnelStage,
    pub count: u64,
    /// This stage ÷ the previous stage (加购率 = 加购人数/访客数, 加购→下单, 下单-支付转化率 =
    /// 支付买家数/下单买家数); None for the first stage or a zero previous stage.
    pub step_rate: Option<f64>,
    /// This stage ÷ visitors (下单转化率, 支付转化率 …).
    pub overall_rate: Option<f64>,
}

/// Visitors → add-to-cart buyers → ordering buyers → paying buyers.
pub fn funnel(t: &Totals) -> [FunnelStep; 4] {
    let counts = [
        (FunnelStage::Visitors, t.visitors),
        (FunnelStage::CartBuyers, t.cart_buyers),
        (FunnelStage::OrderBuyers, t.order_buyers),
        (FunnelStage::PayingBuyers, t.paying_buyers),
    ];
    let mut prev: Option<u64> = None;
    counts.map(|(stage, count)| {
        let step = prev.and_then(|p| ratio(count, p));
        prev = Some(count);
        FunnelStep {
            stage,
            count,
            step_rate: step,
            overall_rate: ratio(count, t.visitors),
        }
    })
}
