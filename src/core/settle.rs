//! Settlement (对账结算, issue 17 §3): classify the Alipay statement's bookings with the fee
//! taxonomy (推广费用 / 平台费用 / 其他, names from the domain notes §3.4) and the team's own
//! rules, sum a month's account (income, refunds, each fee line, net) and reconcile it against
//! the imported store metrics (支付金额 − 成功退款金额), with the difference explained where the
//! data allows: buyers confirm receipt days after paying, so a month's credited income holds the
//! last days of the previous month's payments and misses its own last days'.

use crate::formats::import::values::{civil_from_days, days_from_civil};
use crate::formats::statement::{parts, Bookings};
use crate::model::metrics::{Day, StoreDay};
use crate::model::{EntryKind, FeeClass, LedgerEntry, Record};
use std::collections::BTreeMap;

/// A rule: lines whose description contains `pattern` book to `line` in `class`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub pattern: String,
    pub class: FeeClass,
    pub line: String,
    /// The team's rule (a [`LedgerEntry`]), not a built-in one.
    pub own: bool,
}

/// The built-in rules: the fee names of the Alipay bill (domain notes §3.4) and the usual
/// booking types. Among rules that match, the longest text wins (`先用后付技术服务费` over
/// `技术服务费`, `光合平台软件服务费` over `软件服务费`); the team's rules come before these.
pub const DEFAULT_RULES: &[(&str, FeeClass, &str)] = &[
    // income and refunds
    ("在线支付", FeeClass::Income, "交易收入"),
    ("交易", FeeClass::Income, "交易收入"),
    ("确认收货", FeeClass::Income, "交易收入"),
    ("退款", FeeClass::Refund, "退款"),
    ("售后", FeeClass::Refund, "退款"),
    // 推广费用
    ("淘宝客佣金", FeeClass::Promotion, "淘宝客佣金"),
    ("营销活动-淘客", FeeClass::Promotion, "营销活动-淘客"),
    (
        "营销活动-淘客团长服务费",
        FeeClass::Promotion,
        "营销活动-淘客团长服务费",
    ),
    (
        "用户权益推广服务费",
        FeeClass::Promotion,
        "用户权益推广服务费",
    ),
    ("店播佣金", FeeClass::Promotion, "店播佣金"),
    ("直播收费", FeeClass::Promotion, "直播收费（佣金）"),
    ("品牌新享", FeeClass::Promotion, "品牌新享"),
    ("超市福袋", FeeClass::Promotion, "超市福袋"),
    (
        "光合平台软件服务费",
        FeeClass::Promotion,
        "光合平台软件服务费",
    ),
    ("直通车", FeeClass::Promotion, "直通车"),
    ("万相台", FeeClass::Promotion, "万相台"),
    ("引力魔方", FeeClass::Promotion, "引力魔方"),
    ("钻展", FeeClass::Promotion, "钻展"),
    ("全站推广", FeeClass::Promotion, "全站推广"),
    // 平台费用
    ("天猫佣金", FeeClass::Platform, "天猫佣金"),
    ("技术服务费", FeeClass::Platform, "技术服务费"),
    ("软件服务费", FeeClass::Platform, "软件服务费"),
    ("基础软件服务费", FeeClass::Platform, "基础软件服务费"),
    ("天猫年费", FeeClass::Platform, "天猫年费"),
    ("软件服务年费", FeeClass::Platform, "天猫年费"),
    ("返点积分", FeeClass::Platform, "返点积分"),
    ("天猫积分", FeeClass::Platform, "返点积分"),
    (
        "花呗分期",
        FeeClass::Platform,
        "技术服务费(花呗分期免息营销)",
    ),
    (
        "先用后付技术服务费",
        FeeClass::Platform,
        "先用后付技术服务费",
    ),
    ("信用卡支付服务费", FeeClass::Platform, "信用卡支付服务费"),
    ("淘金币软件服务费", FeeClass::Platform, "淘金币软件服务费"),
    (
        "消费者体验提升计划服务费",
        FeeClass::Platform,
        "消费者体验提升计划服务费",
    ),
    (
        "退货运费保障服务费",
        FeeClass::Platform,
        "退货运费保障服务费",
    ),
    ("运费险", FeeClass::Platform, "退货运费保障服务费"),
    ("评价有礼服务费", FeeClass::Platform, "评价有礼服务费"),
    ("售前客服服务费", FeeClass::Platform, "售前/售后客服服务费"),
    ("售后客服服务费", FeeClass::Platform, "售前/售后客服服务费"),
    (
        "百亿补贴软件服务费",
        FeeClass::Platform,
        "百亿补贴软件服务费",
    ),
    ("服务费", FeeClass::Platform, "服务费"),
    // 其他: money moved, not earned or spent
    ("提现", FeeClass::Other, "提现"),
    ("转账", FeeClass::Other, "转账"),
    ("充值", FeeClass::Other, "充值"),
    ("保证金", FeeClass::Other, "保证金"),
];

/// The rules in force: the team's live rules, then the built-in ones.
pub fn rules(entries: &[LedgerEntry]) -> Vec<Rule> {
    let own = entries
        .iter()
        .filter(|e| !e.meta().deleted && e.entry == EntryKind::Rule && !e.name.trim().is_empty())
        .map(|e| Rule {
            pattern: e.name.trim().to_string(),
            class: e.class,
            line: if e.line.trim().is_empty() {
                e.name.trim().to_string()
            } else {
                e.line.trim().to_string()
            },
            own: true,
        });
    let builtin = DEFAULT_RULES.iter().map(|(p, c, l)| Rule {
        pattern: p.to_string(),
        class: *c,
        line: l.to_string(),
        own: false,
    });
    own.chain(builtin).collect()
}

/// The rule a description books by: the longest matching text of the team's rules, else of
/// the built-in ones. `None`: no rule matches (the line is listed as unclassified).
pub fn classify<'a>(text: &str, rules: &'a [Rule]) -> Option<&'a Rule> {
    let best = |own: bool| {
        rules
            .iter()
            .filter(|r| r.own == own && text.contains(r.pattern.as_str()))
            .max_by_key(|r| r.pattern.chars().count())
    };
    best(true).or_else(|| best(false))
}

/// A month: (year, month).
pub type Month = (i32, u32);

/// `YYYY-MM` → month (2000–2100), else `None`.
pub fn month_of_key(k: &str) -> Option<Month> {
    let (y, m) = k.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

pub fn month_key((y, m): Month) -> String {
    format!("{y:04}-{m:02}")
}

pub fn month_of_day(day: Day) -> Month {
    let (y, m, _) = civil_from_days(day);
    (y, m)
}

/// First and last day of a month.
pub fn month_days((y, m): Month) -> (Day, Day) {
    let first = days_from_civil(y, m, 1);
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    (first as Day, (next - 1) as Day)
}

fn prev_month((y, m): Month) -> Month {
    if m == 1 {
        (y - 1, 12)
    } else {
        (y, m - 1)
    }
}

/// The months with bookings, oldest first.
pub fn months(b: &Bookings) -> Vec<Month> {
    let mut out: Vec<Month> = b.rows.iter().map(|r| month_of_day(r.day)).collect();
    out.dedup();
    out.sort();
    out.dedup();
    out
}

/// One line of a month's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLine {
    /// `None`: no rule matched.
    pub class: Option<FeeClass>,
    /// The fee line's name (a rule's line), or the description for an unclassified line.
    pub line: String,
    pub count: u64,
    /// Signed sum in fen (income positive, expense negative).
    pub amount: i64,
}

/// A month's account from the statement. Costs are positive numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub income: i64,
    pub refunds: i64,
    pub promotion: i64,
    pub platform: i64,
    /// Unclassified lines, signed (they count in the net until a rule books them).
    pub unclassified: i64,
    /// 其他 (transfers, withdrawals), signed: not in the net.
    pub other: i64,
    /// income − refunds − promotion − platform + unclassified.
    pub net: i64,
    /// Lines by class (income, refund, promotion, platform, other, then unclassified), each
    /// class by amount.
    pub lines: Vec<AccountLine>,
    /// Lines booked in the month (a service fee taken from a booking counts as a line).
    pub count: u64,
}

/// Sums month `m` of the bookings with the rules.
pub fn account(b: &Bookings, rules: &[Rule], m: Month) -> Account {
    let (first, last) = month_days(m);
    let mut lines: BTreeMap<(u8, String), (u64, i64)> = BTreeMap::new();
    let mut a = Account::default();
    let mut cache: BTreeMap<u32, (Option<FeeClass>, String)> = BTreeMap::new();
    for r in b.rows.iter().filter(|r| r.day >= first && r.day <= last) {
        let (class, line) = cache
            .entry(r.text)
            .or_insert_with(|| {
                let text = b.texts.get(r.text as usize).map_or("", String::as_str);
                match classify(text, rules) {
                    Some(rule) => (Some(rule.class), rule.line.clone()),
                    None => (None, readable(text)),
                }
            })
            .clone();
        let order = class.map_or(9, |c| c as u8);
        let e = lines.entry((order, line)).or_default();
        e.0 += u64::from(r.count);
        e.1 = e.1.saturating_add(r.amount);
        a.count += u64::from(r.count);
        match class {
            Some(FeeClass::Income) => a.income = a.income.saturating_add(r.amount),
            Some(FeeClass::Refund) => a.refunds = a.refunds.saturating_sub(r.amount),
            Some(FeeClass::Promotion) => a.promotion = a.promotion.saturating_sub(r.amount),
            Some(FeeClass::Platform) => a.platform = a.platform.saturating_sub(r.amount),
            Some(FeeClass::Other) => a.other = a.other.saturating_add(r.amount),
            None => a.unclassified = a.unclassified.saturating_add(r.amount),
        }
    }
    a.net = a
        .income
        .saturating_sub(a.refunds)
        .saturating_sub(a.promotion)
        .saturating_sub(a.platform)
        .saturating_add(a.unclassified);
    let mut v: Vec<AccountLine> = lines
        .into_iter()
        .map(|((order, line), (count, amount))| AccountLine {
            class: FeeClass::ALL.get(order as usize).copied(),
            line,
            count,
            amount,
        })
        .collect();
    v.sort_by(|x, y| {
        let o = |l: &AccountLine| l.class.map_or(9, |c| c as u8);
        o(x).cmp(&o(y))
            .then(x.amount.abs().cmp(&y.amount.abs()).reverse())
            .then(x.line.cmp(&y.line))
    });
    a.lines = v;
    a
}

/// A description as one line of text: `业务类型 · 备注 · 商品名称`, empty parts left out.
pub fn readable(text: &str) -> String {
    let (k, r, n) = parts(text);
    [k, r, n]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A month reconciled against the imported store metrics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Days of the month with imported store data, and the month's days.
    pub metric_days: u32,
    pub month_days: u32,
    /// 支付金额 and 成功退款金额 of the month (metrics).
    pub paid: i64,
    pub refunded: i64,
    /// paid − refunded.
    pub expected: i64,
    /// The statement's income − refunds.
    pub received: i64,
    /// received − expected.
    pub difference: i64,
    /// Days between payment and credit assumed (the setting).
    pub lag_days: u32,
    /// Paid in the previous month's last `lag_days` days: credited this month (estimate).
    pub carried_in: i64,
    /// Paid in this month's last `lag_days` days: credited next month (estimate).
    pub carried_out: i64,
    /// Whether the previous month's last days have metrics (else `carried_in` is 0 and unknown).
    pub carried_in_known: bool,
    /// difference − carried_in + carried_out: what the timing does not explain.
    pub unexplained: i64,
}

/// Reconciles `account` of month `m` with the store days (any order).
pub fn reconcile(account: &Account, days: &[StoreDay], m: Month, lag_days: u32) -> Reconciliation {
    let (first, last) = month_days(m);
    let lag = lag_days.min(28) as Day;
    let (pfirst, plast) = month_days(prev_month(m));
    let mut r = Reconciliation {
        month_days: (last - first + 1) as u32,
        lag_days: lag as u32,
        ..Reconciliation::default()
    };
    let mut prev_days = 0;
    for d in days {
        if d.day >= first && d.day <= last {
            r.metric_days += 1;
            r.paid = r.paid.saturating_add(d.paid_amount.0);
            r.refunded = r.refunded.saturating_add(d.refund_amount.0);
            if d.day > last - lag {
                r.carried_out = r.carried_out.saturating_add(d.paid_amount.0);
            }
        } else if lag > 0 && d.day > plast - lag && d.day >= pfirst && d.day <= plast {
            prev_days += 1;
            r.carried_in = r.carried_in.saturating_add(d.paid_amount.0);
        }
    }
    r.carried_in_known = lag == 0 || prev_days == lag;
    r.expected = r.paid.saturating_sub(r.refunded);
    r.received = account.income.saturating_sub(account.refunds);
    r.difference = r.received.saturating_sub(r.expected);
    r.unexplained = r
        .difference
        .saturating_sub(r.carried_in)
        .saturating_add(r.carried_out);
    r
}

/// The closing of month `m`, if settled (live `Close` entry).
pub fn closing(entries: &[LedgerEntry], m: Month) -> Option<&LedgerEntry> {
    let key = month_key(m);
    entries
        .iter()
        .find(|e| !e.meta().deleted && e.entry == EntryKind::Close && e.name == key)
}

/// The stable id of month `m`'s closing: two teammates settling the same month hold one record.
pub fn closing_id(m: Month) -> String {
    format!("settle-{}", month_key(m))
}
