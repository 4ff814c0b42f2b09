//! The refund export operators download from 退款管理 (千牛 / 卖家中心): CSV, often GBK, one row
//! per refund with 订单编号, 退款编号, 商品ID, 商品名称 (宝贝标题), 退款金额, 退款原因, 退款状态,
//! 申请时间 and more. [`parse`] reads a [`Table`] into [`Refund`]s; the refund number is the
//! key, so a file imported twice, or two overlapping exports, hold each refund once (the later
//! file's row wins: its status is newer). Reasons are free text; [`reason_code`] sorts them into
//! the codes the quality view counts. Never panics; errors are values without text.

use super::import::values::{clean, parse_day, parse_money};
use super::import::{header_key, Table};
use crate::model::metrics::Day;
use std::collections::BTreeMap;

const HEADER_SCAN: usize = 30;
/// At most this many bad rows are listed (all are counted).
pub const MAX_LISTED: usize = 50;
/// Longest product name and reason text kept (characters).
const MAX_TEXT: usize = 60;

/// The reason codes (退款原因归类).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// 质量问题 (and 破损, 瑕疵, 做工, 掉色, 起球 ...).
    Quality,
    /// 尺码不符 / 大小不合适.
    Size,
    /// 发错货 / 少件 / 漏发.
    WrongItem,
    /// 描述不符 (颜色, 材质, 图片).
    NotAsDescribed,
    /// 物流 (未收到, 快递, 超时).
    Logistics,
    /// 不想要了 / 七天无理由 / 拍错 / 多拍.
    ChangedMind,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::Quality,
        Reason::Size,
        Reason::WrongItem,
        Reason::NotAsDescribed,
        Reason::Logistics,
        Reason::ChangedMind,
        Reason::Other,
    ];
    /// Counted as the product's quality feedback (质量问题 and 描述不符).
    pub fn is_quality(self) -> bool {
        matches!(self, Reason::Quality | Reason::NotAsDescribed)
    }
    pub fn code(self) -> u8 {
        self as u8
    }
    pub fn from_code(c: u8) -> Option<Reason> {
        Reason::ALL.get(c as usize).copied()
    }
    /// The key a typed complaint stores.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Quality => "quality",
            Reason::Size => "size",
            Reason::WrongItem => "wrong_item",
            Reason::NotAsDescribed => "not_as_described",
            Reason::Logistics => "logistics",
            Reason::ChangedMind => "changed_mind",
            Reason::Other => "other",
        }
    }
    pub fn from_key(k: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == k)
    }
}

/// Sorts a reason text into a code (the first group whose word it contains).
pub fn reason_code(text: &str) -> Reason {
    const GROUPS: &[(Reason, &[&str])] = &[
        (
            Reason::WrongItem,
            &["发错", "错发", "少件", "漏发", "少发", "空包"],
        ),
        (
            Reason::Size,
            &["尺码", "尺寸", "大小", "偏大", "偏小", "不合身"],
        ),
        (
            Reason::NotAsDescribed,
            &[
                "描述不符",
                "与描述",
                "与商品描述",
                "图片不符",
                "色差",
                "颜色不符",
                "材质不符",
                "假货",
                "非正品",
            ],
        ),
        (
            Reason::Quality,
            &[
                "质量", "破损", "瑕疵", "做工", "掉色", "起球", "开线", "损坏", "坏了", "污渍",
                "异味", "故障",
            ],
        ),
        (
            Reason::Logistics,
            &[
                "物流",
                "快递",
                "未收到",
                "没收到",
                "未到",
                "超时",
                "延迟发货",
                "未按约定时间发货",
                "运输",
            ],
        ),
        (
            Reason::ChangedMind,
            &[
                "不想要",
                "无理由",
                "拍错",
                "多拍",
                "不喜欢",
                "买错",
                "协商一致",
                "其他渠道",
            ],
        ),
    ];
    GROUPS
        .iter()
        .find(|(_, words)| words.iter().any(|w| text.contains(w)))
        .map_or(Reason::Other, |(r, _)| *r)
}

/// Where a refund stands (退款状态).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 退款成功.
    Success,
    /// 退款关闭 (withdrawn or refused).
    Closed,
    /// Anything still open (等待卖家同意, 等待买家退货, ...).
    Open,
}

impl Status {
    pub fn of(text: &str) -> Status {
        if text.contains("成功") || text.contains("完成") {
            Status::Success
        } else if text.contains("关闭") || text.contains("撤销") || text.contains("拒绝") {
            Status::Closed
        } else {
            Status::Open
        }
    }
    pub fn code(self) -> u8 {
        self as u8
    }
    pub fn from_code(c: u8) -> Option<Status> {
        [Status::Success, Status::Closed, Status::Open]
            .get(c as usize)
            .copied()
    }
}

/// One refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    /// 退款编号 (the key).
    pub id: String,
    /// 商品ID (empty when the export has none).
    pub item_id: String,
    /// 商品名称, cut to 60 characters.
    pub name: String,
    /// Applied (申请时间).
    pub day: Day,
    /// 退款金额, fen.
    pub amount: i64,
    pub reason: Reason,
    /// The reason as written, cut to 60 characters.
    pub reason_text: String,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    BadTime { row: usize },
    BadAmount { row: usize },
    NoId { row: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundError {
    /// No row names 退款编号, 退款金额 and an application time.
    NoHeader,
    BadRows {
        listed: Vec<RowProblem>,
        total: usize,
    },
    NoRows,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefundFile {
    pub refunds: Vec<Refund>,
    /// Rows read (a refund listed twice in the file counts twice here, once in `refunds`).
    pub rows: usize,
    pub skipped: usize,
}

struct Cols {
    header: usize,
    id: usize,
    amount: usize,
    time: usize,
    item: Option<usize>,
    name: Option<usize>,
    reason: Option<usize>,
    status: Option<usize>,
}

fn columns(table: &Table) -> Option<Cols> {
    for (i, row) in table.rows().take(HEADER_SCAN).enumerate() {
        let names: Vec<String> = row.iter().map(header_key).collect();
        let find = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
        let (Some(id), Some(amount), Some(time)) = (
            find(&["退款编号", "退款单号"]),
            find(&["退款金额", "买家退款金额", "买家申请退款金额"]),
            find(&[
                "申请时间",
                "退款申请时间",
                "退款的申请时间",
                "买家申请退款时间",
            ]),
        ) else {
            continue;
        };
        return Some(Cols {
            header: i,
            id,
            amount,
            time,
            item: find(&["商品id", "宝贝id"]),
            name: find(&["商品名称", "宝贝标题", "宝贝名称", "商品标题"]),
            reason: find(&["退款原因", "买家退款原因"]),
            status: find(&["退款状态"]),
        });
    }
    None
}

fn cut(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect()
}

/// Reads a refund export (see the module).
pub fn parse(table: &Table) -> Result<RefundFile, RefundError> {
    let c = columns(table).ok_or(RefundError::NoHeader)?;
    let mut by_id: BTreeMap<String, Refund> = BTreeMap::new();
    let mut out = RefundFile::default();
    let mut listed = Vec::new();
    let mut bad = 0usize;
    let mut problem = |p: RowProblem, listed: &mut Vec<RowProblem>| {
        bad += 1;
        if listed.len() < MAX_LISTED {
            listed.push(p);
        }
    };
    for (i, row) in table.rows().enumerate().skip(c.header + 1) {
        let n = i + 1;
        let get = |k: Option<usize>| k.and_then(|k| row.get(k)).map(clean).unwrap_or("");
        if row.iter().all(|x| clean(x).is_empty()) || get(Some(0)).starts_with('#') {
            out.skipped += 1;
            continue;
        }
        let id = get(Some(c.id));
        if id.is_empty() {
            if row.iter().any(|x| x.contains("合计") || x.contains("总计")) {
                out.skipped += 1;
            } else {
                problem(RowProblem::NoId { row: n }, &mut listed);
            }
            continue;
        }
        let time = get(Some(c.time));
        let date = time.split([' ', 'T']).next().unwrap_or("");
        let Some(day) = parse_day(date).ok().flatten() else {
            problem(RowProblem::BadTime { row: n }, &mut listed);
            continue;
        };
        let Ok(Some(amount)) = parse_money(get(Some(c.amount))) else {
            problem(RowProblem::BadAmount { row: n }, &mut listed);
            continue;
        };
        let reason_text = cut(get(c.reason));
        out.rows += 1;
        by_id.insert(
            cut(id),
            Refund {
                id: cut(id),
                item_id: cut(get(c.item)),
                name: cut(get(c.name)),
                day,
                amount,
                reason: reason_code(&reason_text),
                reason_text,
                status: Status::of(get(c.status)),
            },
        );
    }
    if bad > 0 {
        return Err(RefundError::BadRows { listed, total: bad });
    }
    if by_id.is_empty() {
        return Err(RefundError::NoRows);
    }
    out.refunds = by_id.into_values().collect();
    Ok(out)
}

/// `old` with `new`'s refunds put in by refund number (new rows win), sorted by day then id.
pub fn merge(old: &[Refund], new: &[Refund]) -> Vec<Refund> {
    let mut m: BTreeMap<&str, &Refund> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    for r in new {
        m.insert(r.id.as_str(), r);
    }
    let mut v: Vec<Refund> = m.into_values().cloned().collect();
    v.sort_by(|a, b| (a.day, &a.id).cmp(&(b.day, &b.id)));
    v
}

/// Stored form (`sop/refunds`): a version line, then one tab-separated line per refund.
pub fn encode(refunds: &[Refund]) -> String {
    let mut s = String::from("sop-refunds 1\n");
    for r in refunds {
        let clean_tab = |t: &str| t.replace(['\t', '\n', '\r'], " ");
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            clean_tab(&r.id),
            clean_tab(&r.item_id),
            clean_tab(&r.name),
            r.day,
            r.amount,
            r.reason.code(),
            clean_tab(&r.reason_text),
            r.status.code()
        ));
    }
    s
}

/// Reads [`encode`]'s form; `None` for anything else.
pub fn decode(s: &str) -> Option<Vec<Refund>> {
    let mut lines = s.split('\n');
    if lines.next()? != "sop-refunds 1" {
        return None;
    }
    let mut out = Vec::new();
    for l in lines.filter(|l| !l.is_empty()) {
        let f: Vec<&str> = l.split('\t').collect();
        let [id, item, name, day, amount, reason, text, status] = f.as_slice() else {
            return None;
        };
        out.push(Refund {
            id: id.to_string(),
            item_id: item.to_string(),
            name: name.to_string(),
            day: day.parse().ok()?,
            amount: amount.parse().ok()?,
            reason: Reason::from_code(reason.parse().ok()?)?,
            reason_text: text.to_string(),
            status: Status::from_code(status.parse().ok()?)?,
        });
    }
    Some(out)
}
