//! The Alipay account statement (支付宝账务明细 / 账务明细查询) a merchant downloads as CSV: GBK,
//! `#` preamble lines (account, period), a header row, one row per booking, `#` footer lines
//! with totals. Cells often end in a tab (Alipay's way of keeping Excel from reading long
//! numbers as numbers) or are wrapped as `="…"`.
//!
//! [`parse`] reads the rows ([`crate::formats::import::read_table`] decodes and splits them)
//! into [`Bookings`]: per day and per description (业务类型 · 备注 · 商品名称), the count and the
//! signed sum in fen. Summing by day and text is all the settlement needs (classification is by
//! text, months by day), and it keeps 100,000 statement lines in a few thousand entries. Errors
//! are values without text; never panics.

use super::import::values::{clean, is_empty_marker, parse_day, parse_money};
use super::import::{header_key, FxMap, Table};
use crate::model::metrics::Day;
use std::borrow::Cow;
use std::collections::HashMap;

/// Rows scanned for the header row.
const HEADER_SCAN: usize = 40;
/// At most this many bad rows are listed (all are counted).
pub const MAX_LISTED: usize = 50;
/// Most distinct descriptions kept (a statement has a few hundred; a description with an order
/// number in it is cut to its words, see [`describe`]).
pub const MAX_TEXTS: usize = 50_000;
/// Longest description kept, in characters.
const MAX_TEXT_CHARS: usize = 80;
/// Separates type, remark and product name in a description.
pub const SEP: char = '\u{1f}';

/// Which column holds what.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub header_row: usize,
    pub time: usize,
    pub income: Option<usize>,
    pub expense: Option<usize>,
    /// 服务费（元）: a fee taken from the booking, booked as a line of its own.
    pub fee: Option<usize>,
    pub kind: Option<usize>,
    pub remark: Option<usize>,
    pub name: Option<usize>,
}

/// Bookings of one day with one description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    pub day: Day,
    /// Index into [`Bookings::texts`].
    pub text: u32,
    /// Lines summed.
    pub count: u32,
    /// Income minus expense, in fen.
    pub amount: i64,
}

/// A statement, summed by day and description, sorted by day then text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bookings {
    /// Descriptions: `业务类型 SEP 备注 SEP 商品名称`.
    pub texts: Vec<String>,
    pub rows: Vec<Booking>,
}

/// Why a row was refused (1-based row numbers, as in Excel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// The booking time is not a date.
    BadTime { row: usize },
    /// An amount cell is not a number of yuan.
    BadAmount { row: usize },
}

/// Why a file can't be read as a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementError {
    /// No row in the first rows names a booking time and income/expense columns.
    NoHeader,
    /// Rows that can't be read; nothing is imported. `total` counts them all.
    BadRows {
        listed: Vec<RowProblem>,
        total: usize,
    },
    /// A header but no booking.
    NoLines,
    /// More distinct descriptions than [`MAX_TEXTS`].
    TooManyTexts,
}

/// What was read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statement {
    pub columns: Columns,
    pub bookings: Bookings,
    /// Statement lines read (a booking with a service fee counts once).
    pub lines: usize,
    /// Rows skipped: `#` preamble/footer lines, totals rows, empty rows, rows with no amount.
    pub skipped: usize,
    pub first_day: Day,
    pub last_day: Day,
}

/// The columns of a header row (`names`: its cells), if it is one.
fn columns_of(names: &[&str], header_row: usize) -> Option<Columns> {
    let names: Vec<String> = names.iter().map(|c| header_key(c)).collect();
    let find = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
    let time = find(&["入账时间", "发生时间", "记账时间", "交易时间", "时间"])?;
    let income = find(&["收入", "收入金额"]);
    let expense = find(&["支出", "支出金额"]);
    if income.is_none() && expense.is_none() {
        return None;
    }
    Some(Columns {
        header_row,
        time,
        income,
        expense,
        fee: find(&["服务费"]),
        kind: find(&["业务类型", "账务类型", "类型"]),
        remark: find(&["备注"]),
        name: find(&["商品名称", "商品"]),
    })
}

/// Finds the header row and its columns.
pub fn columns(table: &Table) -> Option<Columns> {
    table
        .rows()
        .take(HEADER_SCAN)
        .enumerate()
        .find_map(|(i, row)| {
            let cells: Vec<&str> = row.iter().collect();
            columns_of(&cells, i)
        })
}

/// Appends a description's part to `out`: cleaned, runs of six or more digits (order and serial
/// numbers) cut to `#`, at most [`MAX_TEXT_CHARS`] characters, no separator or control inside.
fn describe_into(cell: &str, out: &mut String) {
    let c = clean(cell);
    // the usual part (a product name, a fee name, a type) has no long number and is short
    let mut run = 0usize;
    let mut plain = c.len() <= MAX_TEXT_CHARS;
    if plain {
        for b in c.bytes() {
            if b.is_ascii_digit() {
                run += 1;
                if run >= 6 {
                    plain = false;
                    break;
                }
            } else {
                run = 0;
                if b < 0x20 || b == 0x7f {
                    plain = false;
                    break;
                }
            }
        }
    }
    if plain {
        out.push_str(c);
        return;
    }
    let start = out.len();
    let mut digits = String::new();
    let flush = |out: &mut String, digits: &mut String| {
        if digits.len() >= 6 {
            out.push('#');
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for ch in c.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        flush(out, &mut digits);
        if ch != SEP && !ch.is_control() {
            out.push(ch);
        }
    }
    flush(out, &mut digits);
    if let Some((i, _)) = out
        .get(start..)
        .and_then(|t| t.char_indices().nth(MAX_TEXT_CHARS))
    {
        out.truncate(start + i);
    }
}

/// An amount cell in fen, sign dropped (Alipay writes expenses as `-12.50` or `12.50`).
fn amount(cell: Option<&str>) -> Result<i64, ()> {
    let c = clean(cell.unwrap_or(""));
    let c = match c.as_bytes().first() {
        Some(b'+' | b'-') => c.get(1..).unwrap_or(""),
        Some(0xE2) => c.strip_prefix('−').unwrap_or(c),
        _ => c,
    };
    if is_empty_marker(c) {
        return Ok(0);
    }
    parse_money(c).map(|v| v.unwrap_or(0)).map_err(|_| ())
}

/// The day of a booking time (`2026-11-01 00:01:23`, `2026/11/1 0:01`, `2026-11-01T00:01`).
fn day_of(cell: &str) -> Option<Day> {
    let c = clean(cell);
    let date = c.split([' ', 'T', '\t']).next().unwrap_or("");
    parse_day(date).ok().flatten()
}

/// The running sums of [`parse`] and [`parse_text`]: one row at a time.
struct Acc {
    cols: Columns,
    texts: Vec<String>,
    index: FxMap<String, u32>,
    sums: FxMap<(Day, u32), (u32, i64)>,
    problems: Vec<RowProblem>,
    bad: usize,
    st: Statement,
    key: String,
    fee_text: String,
    /// Statements are in time order: most rows have the date of the row before.
    last_date: (String, Day),
    /// Description ids of [`parse_bytes`] (its three raw cells) → text index.
    triples: FxMap<[u32; 3], u32>,
}

impl Acc {
    fn new(cols: Columns) -> Acc {
        Acc {
            st: Statement {
                columns: cols.clone(),
                first_day: Day::MAX,
                last_day: Day::MIN,
                ..Statement::default()
            },
            cols,
            texts: Vec::new(),
            index: FxMap::default(),
            sums: FxMap::default(),
            problems: Vec::new(),
            bad: 0,
            key: String::new(),
            fee_text: format!("服务费{SEP}{SEP}"),
            last_date: (String::new(), 0),
            triples: FxMap::default(),
        }
    }

    fn intern(&mut self, which: Option<&str>) -> Result<u32, StatementError> {
        let t = which.unwrap_or(&self.key);
        if let Some(&i) = self.index.get(t) {
            return Ok(i);
        }
        if self.texts.len() >= MAX_TEXTS {
            return Err(StatementError::TooManyTexts);
        }
        let i = self.texts.len() as u32;
        let t = t.to_string();
        self.index.insert(t.clone(), i);
        self.texts.push(t);
        Ok(i)
    }

    /// The day of a time cell; most rows have the date of the row before.
    fn day(&mut self, time: &str) -> Option<Day> {
        let t = time.trim_start();
        let end = t
            .bytes()
            .position(|b| b == b' ' || b == b'T' || b == b'\t')
            .unwrap_or(t.len());
        let date = t.get(..end).unwrap_or("");
        if !date.is_empty() && date == self.last_date.0 {
            return Some(self.last_date.1);
        }
        let d = day_of(time);
        if let Some(d) = d {
            self.last_date = (date.to_string(), d);
        }
        d
    }

    fn problem(&mut self, p: RowProblem) {
        self.bad += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(p);
        }
    }

    /// Row `n` (1-based) with its cells; `triple`: its descriptions' raw ids, if known.
    fn row(
        &mut self,
        n: usize,
        cells: &[Cow<'_, str>],
        triple: Option<[u32; 3]>,
    ) -> Result<(), StatementError> {
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|c| c.as_ref());
        let first = cell(Some(0)).map(clean).unwrap_or("");
        if first.starts_with('#') {
            self.st.skipped += 1;
            return Ok(());
        }
        let time = cell(Some(self.cols.time)).unwrap_or("");
        let Some(day) = self.day(time) else {
            let totals = cells
                .iter()
                .any(|c| c.contains("合计") || c.contains("总计") || c.contains("小计"));
            if totals || cells.iter().all(|c| clean(c).is_empty()) {
                self.st.skipped += 1;
            } else {
                self.problem(RowProblem::BadTime { row: n });
            }
            return Ok(());
        };
        let (inc, exp, fee) = match (
            amount(cell(self.cols.income)),
            amount(cell(self.cols.expense)),
            amount(cell(self.cols.fee)),
        ) {
            (Ok(a), Ok(b), Ok(c)) => (a, b, c),
            _ => {
                self.problem(RowProblem::BadAmount { row: n });
                return Ok(());
            }
        };
        if inc == 0 && exp == 0 && fee == 0 {
            self.st.skipped += 1;
            return Ok(());
        }
        self.st.lines += 1;
        self.st.first_day = self.st.first_day.min(day);
        self.st.last_day = self.st.last_day.max(day);
        if self.bad > 0 {
            return Ok(());
        }
        if inc != 0 || exp != 0 {
            let known = triple.and_then(|k| self.triples.get(&k).copied());
            let t = match known {
                Some(t) => t,
                None => {
                    self.key.clear();
                    describe_into(cell(self.cols.kind).unwrap_or(""), &mut self.key);
                    self.key.push(SEP);
                    describe_into(cell(self.cols.remark).unwrap_or(""), &mut self.key);
                    self.key.push(SEP);
                    describe_into(cell(self.cols.name).unwrap_or(""), &mut self.key);
                    let t = self.intern(None)?;
                    if let Some(k) = triple {
                        self.triples.insert(k, t);
                    }
                    t
                }
            };
            let e = self.sums.entry((day, t)).or_default();
            e.0 = e.0.saturating_add(1);
            e.1 = e.1.saturating_add(inc).saturating_sub(exp);
        }
        if fee != 0 {
            let fee_text = std::mem::take(&mut self.fee_text);
            let t = self.intern(Some(&fee_text));
            self.fee_text = fee_text;
            let e = self.sums.entry((day, t?)).or_default();
            e.0 = e.0.saturating_add(1);
            e.1 = e.1.saturating_sub(fee);
        }
        Ok(())
    }

    fn finish(self) -> Result<Statement, StatementError> {
        let Acc {
            texts,
            sums,
            problems,
            bad,
            mut st,
            ..
        } = self;
        if bad > 0 {
            return Err(StatementError::BadRows {
                listed: problems,
                total: bad,
            });
        }
        if st.lines == 0 {
            return Err(StatementError::NoLines);
        }
        let mut rows: Vec<Booking> = sums
            .into_iter()
            .map(|((day, text), (count, amount))| Booking {
                day,
                text,
                count,
                amount,
            })
            .collect();
        sort(&mut rows, &texts);
        st.bookings = Bookings { texts, rows };
        Ok(st)
    }
}

/// Reads a statement table (see the module).
pub fn parse(table: &Table) -> Result<Statement, StatementError> {
    let cols = columns(table).ok_or(StatementError::NoHeader)?;
    let skip = cols.header_row + 1;
    let mut acc = Acc::new(cols);
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    for (i, row) in table.rows().enumerate().skip(skip) {
        cells.clear();
        cells.extend(row.iter().map(Cow::Borrowed));
        acc.row(i + 1, &cells, None)?;
    }
    acc.finish()
}

/// One line of CSV into `out`; `None` when a quoted cell runs past the line's end.
fn split_line<'a>(line: &'a str, delim: char, out: &mut Vec<Cow<'a, str>>) -> Option<()> {
    out.clear();
    if !line.contains('"') {
        out.extend(line.split(delim).map(Cow::Borrowed));
        return Some(());
    }
    let mut rest = line;
    loop {
        if let Some(q) = rest.strip_prefix('"') {
            // a quoted cell: "" is a quote; it ends at a lone quote
            let mut cell = String::new();
            let mut it = q.char_indices();
            let mut end = None;
            while let Some((i, c)) = it.next() {
                if c == '"' {
                    if q.get(i + 1..).is_some_and(|r| r.starts_with('"')) {
                        cell.push('"');
                        it.next();
                    } else {
                        end = Some(i + 1);
                        break;
                    }
                } else {
                    cell.push(c);
                }
            }
            let after = q.get(end?..).unwrap_or("");
            // text after the closing quote up to the delimiter belongs to the cell
            let (tail, next) = match after.find(delim) {
                Some(k) => (
                    after.get(..k).unwrap_or(""),
                    after.get(k + delim.len_utf8()..),
                ),
                None => (after, None),
            };
            cell.push_str(tail);
            out.push(Cow::Owned(cell));
            match next {
                Some(n) => rest = n,
                None => return Some(()),
            }
        } else {
            match rest.find(delim) {
                Some(k) => {
                    out.push(Cow::Borrowed(rest.get(..k).unwrap_or("")));
                    rest = rest.get(k + delim.len_utf8()..).unwrap_or("");
                }
                None => {
                    out.push(Cow::Borrowed(rest));
                    return Some(());
                }
            }
        }
    }
}

/// [`parse`] straight from the decoded text, one line at a time without building a table (the
/// statement's cells never span lines). A quoted cell that does, or a header that is not in
/// the first lines, falls back to `table()`'s rows.
pub fn parse_text(
    text: &str,
    table: impl FnOnce() -> Option<Table>,
) -> Result<Statement, StatementError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    let mut header = None;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    for (i, line) in lines.by_ref().take(HEADER_SCAN).enumerate() {
        let delim = if line.contains(',') { ',' } else { '\t' };
        if split_line(line, delim, &mut cells).is_none() {
            break;
        }
        let names: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
        if let Some(c) = columns_of(&names, i) {
            header = Some((c, delim));
            break;
        }
    }
    let fallback = |table: Option<Table>| match table {
        Some(t) => parse(&t),
        None => Err(StatementError::NoHeader),
    };
    let Some((cols, delim)) = header else {
        return fallback(table());
    };
    let mut n = cols.header_row + 1;
    let mut acc = Acc::new(cols);
    for line in lines {
        n += 1;
        if split_line(line, delim, &mut cells).is_none() {
            return fallback(table());
        }
        if cells.len() == 1 && cells.first().is_some_and(|c| c.is_empty()) {
            // an empty line (the file's last line ends with a line break)
            acc.st.skipped += usize::from(n > 0 && !line.is_empty());
            continue;
        }
        acc.row(n, &cells, None)?;
    }
    acc.finish()
}

fn sort(rows: &mut [Booking], texts: &[String]) {
    let t = |b: &Booking| texts.get(b.text as usize).map_or("", String::as_str);
    rows.sort_by(|a, b| (a.day, t(a)).cmp(&(b.day, t(b))));
}

/// The parts of a description: (业务类型, 备注, 商品名称).
pub fn parts(text: &str) -> (&str, &str, &str) {
    let mut it = text.split(SEP);
    (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    )
}

/// Stored form (`sop/statement`): the descriptions, then one line per booking. Version line
/// first; `None` from [`decode`] for anything else.
pub fn encode(b: &Bookings) -> String {
    let mut s = String::from("sop-statement 1\n");
    s.push_str(&b.texts.len().to_string());
    s.push('\n');
    for t in &b.texts {
        s.push_str(t);
        s.push('\n');
    }
    let mut last = 0i64;
    for r in &b.rows {
        // day as a delta from the previous booking's day
        let d = i64::from(r.day) - last;
        last = i64::from(r.day);
        s.push_str(&format!("{d} {} {} {}\n", r.text, r.count, r.amount));
    }
    s
}

/// Reads [`encode`]'s form; `None` when it is not that (then nothing is overwritten by the
/// caller without asking).
pub fn decode(s: &str) -> Option<Bookings> {
    let mut lines = s.split('\n');
    if lines.next()? != "sop-statement 1" {
        return None;
    }
    let n: usize = lines.next()?.parse().ok()?;
    if n > MAX_TEXTS {
        return None;
    }
    let mut texts = Vec::with_capacity(n);
    for _ in 0..n {
        texts.push(lines.next()?.to_string());
    }
    let mut rows = Vec::new();
    let mut day = 0i64;
    for l in lines.filter(|l| !l.is_empty()) {
        let mut f = l.split(' ');
        let d: i64 = f.next()?.parse().ok()?;
        let text: u32 = f.next()?.parse().ok()?;
        let count: u32 = f.next()?.parse().ok()?;
        let amount: i64 = f.next()?.parse().ok()?;
        day = day.checked_add(d)?;
        if text as usize >= texts.len() {
            return None;
        }
        rows.push(Booking {
            day: Day::try_from(day).ok()?,
            text,
            count,
            amount,
        });
    }
    Some(Bookings { texts, rows })
}

/// `old` with every day from `new`'s first to its last day replaced by `new`'s bookings (a file
/// covering a period replaces that period: importing the same file twice changes nothing).
pub fn replace_days(old: &Bookings, new: &Bookings) -> Bookings {
    let (Some(first), Some(last)) = (
        new.rows.iter().map(|r| r.day).min(),
        new.rows.iter().map(|r| r.day).max(),
    ) else {
        return old.clone();
    };
    let mut texts: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut rows = Vec::new();
    let kept = old.rows.iter().filter(|r| r.day < first || r.day > last);
    for (src, r) in kept
        .map(|r| (old, r))
        .chain(new.rows.iter().map(|r| (new, r)))
    {
        let t = src.texts.get(r.text as usize).map_or("", String::as_str);
        let i = match index.get(t) {
            Some(&i) => i,
            None => {
                texts.push(t.to_string());
                let i = (texts.len() - 1) as u32;
                index.insert(t.to_string(), i);
                i
            }
        };
        rows.push(Booking {
            text: i,
            ..r.clone()
        });
    }
    sort(&mut rows, &texts);
    Bookings { texts, rows }
}

/// [`parse_text`] on the file's bytes without decoding them all: in GBK / GB18030 a byte under
/// 0x40 — digits, `,`, `"`, `-`, `.`, `:`, line breaks — is never part of a two-byte character,
/// so lines and cells split, and dates and amounts read, on the bytes. Only the descriptions
/// (业务类型, 备注, 商品名称) are decoded: each distinct one once, all in one call to `gbk`.
/// UTF-8 text goes to [`parse_text`] as it is. `None`: not a case for bytes (UTF-16, a
/// workbook, binary data, HTML, a quoted cell over several lines): decode and use
/// [`parse_text`].
pub fn parse_bytes(
    bytes: &[u8],
    gbk: &dyn super::import::Gb18030,
) -> Option<Result<Statement, StatementError>> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(b"PK")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || head.contains(&0)
        || first == Some(&b'<')
    {
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(parse_text(text, || super::import::csv_table(text).ok()));
    }
    // line ranges (without their line break and a \r before it)
    let mut lines: Vec<(usize, usize)> = Vec::with_capacity(bytes.len() / 64);
    let mut from = 0usize;
    for nl in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let end = if nl > from && bytes.get(nl - 1) == Some(&b'\r') {
            nl - 1
        } else {
            nl
        };
        lines.push((from, end));
        from = nl + 1;
    }
    let line_at = |(a, b): (usize, usize)| bytes.get(a..b).unwrap_or(&[]);
    // the header among the first lines, decoded
    let mut header = None;
    for (i, range) in lines.iter().take(HEADER_SCAN).enumerate() {
        let text = gbk.decode(line_at(*range));
        let delim = if text.contains(',') { ',' } else { '\t' };
        let mut head_cells: Vec<Cow<'_, str>> = Vec::new();
        split_line(&text, delim, &mut head_cells)?;
        let names: Vec<&str> = head_cells.iter().map(|c| c.as_ref()).collect();
        if let Some(c) = columns_of(&names, i) {
            header = Some((c, delim as u8));
            break;
        }
    }
    let Some((cols, delim)) = header else {
        return Some(Err(StatementError::NoHeader));
    };
    let skip = cols.header_row + 1;
    // the columns a row reads: 0 (a '#' line), time and amounts (ASCII on a fast line), and the
    // descriptions (decoded)
    let read = [
        Some(cols.time),
        cols.income,
        cols.expense,
        cols.fee,
        cols.kind,
        cols.remark,
        cols.name,
    ];
    let width = read.iter().flatten().max().map_or(1, |m| m + 1);
    const DESC: usize = 4;
    // 1: per line, its cells' ranges; the distinct non-ASCII descriptions, decoded in one call
    let mut ids: FxMap<&[u8], u32> = FxMap::default();
    let mut joined: Vec<u8> = Vec::new();
    // per fast line: the ranges of the cells read (index as in `read`), and the descriptions'
    // decoded ids (u32::MAX: ASCII, read from the bytes)
    struct Fast {
        cells: [(usize, usize); 7],
        desc: [u32; 3],
    }
    let mut recs: Vec<Option<Fast>> = Vec::with_capacity(lines.len());
    // per description id: its piece of the decoded text, or None (ASCII, read from the bytes)
    let mut src: Vec<Option<u32>> = Vec::new();
    let mut pieces = 0u32;
    let mut cuts: Vec<usize> = Vec::new();
    for &(a, b) in lines.iter().skip(skip) {
        let line = line_at((a, b));
        if line.is_empty() || line.first() == Some(&b'#') || memchr::memchr(b'"', line).is_some() {
            recs.push(None);
            continue;
        }
        cuts.clear();
        cuts.extend(memchr::memchr_iter(delim, line).take(width));
        let cell = |c: usize| -> (usize, usize) {
            let start = if c == 0 {
                0
            } else {
                cuts.get(c - 1).map_or(line.len(), |x| x + 1)
            };
            let end = cuts.get(c).copied().unwrap_or(line.len()).max(start);
            (a + start.min(line.len()), a + end.min(line.len()))
        };
        let mut rec = Fast {
            cells: [(a, a); 7],
            desc: [u32::MAX; 3],
        };
        let mut ok = true;
        for (k, col) in read.iter().enumerate() {
            let Some(col) = col else { continue };
            let r = cell(*col);
            if let Some(slot) = rec.cells.get_mut(k) {
                *slot = r;
            }
            let bytes_of = line_at(r);
            if k < DESC {
                if !bytes_of.is_ascii() {
                    ok = false;
                    break;
                }
                continue;
            }
            let next = ids.len() as u32;
            let id = *ids.entry(bytes_of).or_insert_with(|| {
                if bytes_of.is_ascii() {
                    src.push(None);
                } else {
                    src.push(Some(pieces));
                    pieces += 1;
                    joined.extend_from_slice(bytes_of);
                    joined.push(b'\n');
                }
                next
            });
            if let Some(slot) = rec.desc.get_mut(k - DESC) {
                *slot = id;
            }
        }
        recs.push(ok.then_some(rec));
    }
    let decoded_all = gbk.decode(&joined);
    let decoded: Vec<&str> = decoded_all.split('\n').collect();
    // 2: the rows
    let mut acc = Acc::new(cols);
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    for ((i, range), rec) in lines.iter().enumerate().skip(skip).zip(recs) {
        let n = i + 1;
        let line = line_at(*range);
        if line.is_empty() {
            continue;
        }
        let ascii = |r: (usize, usize)| std::str::from_utf8(line_at(r)).unwrap_or("");
        let fast = rec.filter(|f| acc.day(ascii(f.cells[0])).is_some());
        let done = match fast {
            Some(f) => {
                cells.clear();
                cells.resize(width, Cow::Borrowed(""));
                for (k, col) in read.iter().enumerate() {
                    let Some(col) = col else { continue };
                    let piece = (k >= DESC)
                        .then(|| f.desc.get(k - DESC).copied())
                        .flatten()
                        .and_then(|id| src.get(id as usize).copied().flatten());
                    let text = match piece {
                        Some(p) => decoded.get(p as usize).copied().unwrap_or(""),
                        None => f.cells.get(k).map_or("", |r| ascii(*r)),
                    };
                    if let Some(slot) = cells.get_mut(*col) {
                        *slot = Cow::Borrowed(text);
                    }
                }
                acc.row(n, &cells, Some(f.desc))
            }
            None => {
                let text = gbk.decode(line);
                let mut owned: Vec<Cow<'_, str>> = Vec::new();
                split_line(&text, delim as char, &mut owned)?;
                acc.row(n, &owned, None)
            }
        };
        if let Err(e) = done {
            return Some(Err(e));
        }
    }
    Some(acc.finish())
}
