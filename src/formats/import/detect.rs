//! Finding the header row (anywhere in the first 30 rows), giving each column a meaning and
//! telling the kind of file from the meanings found. The result is a [`Mapping`] the UI shows and
//! the user may correct before it is applied.

use super::fields::{header_key, lookup, Field, FileKind, Lang, Level};
use super::table::{Row, Table};
use super::ImportError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The header is looked for in this many first rows.
pub const HEADER_SCAN_ROWS: usize = 30;
/// Only this many first cells of a row are looked at when scoring it as a header.
const HEADER_SCAN_CELLS: usize = 1_000;

/// How a file's columns are read. `header_row` is 1-based, as in the file; `columns[i]` is the
/// i-th cell of every row: its header text (duplicates suffixed `_2`, `_3`...) and meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub header_row: usize,
    pub kind: FileKind,
    pub columns: Vec<(String, Field)>,
}

impl Mapping {
    /// The header texts joined: the key under which the UI remembers a corrected mapping.
    pub fn signature(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(h, _)| h.as_str()).collect();
        names.join("|")
    }

    /// Takes the kind and column meanings of a remembered mapping with the same signature,
    /// keeping this file's header row. Returns false (and changes nothing) if the headers differ.
    pub fn adopt(&mut self, remembered: &Mapping) -> bool {
        if remembered.signature() != self.signature() {
            return false;
        }
        self.kind = remembered.kind;
        self.columns.clone_from(&remembered.columns);
        true
    }

    /// The meaning of column `col` (Ignore beyond the last header).
    pub fn field(&self, col: usize) -> Field {
        self.columns.get(col).map(|c| c.1).unwrap_or_default()
    }

    /// The first column with this meaning.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| c.1 == field)
    }
}

/// Header texts of a row as shown: trimmed, trailing empty cells dropped, repeated names
/// suffixed `_2`, `_3`... (empty names are left empty).
pub fn header_names(row: &[String]) -> Vec<String> {
    let mut names: Vec<String> = row
        .iter()
        .map(|c| super::fields::display_header(c))
        .collect();
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for name in names.iter_mut() {
        if name.is_empty() {
            continue;
        }
        let n = seen.entry(name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            *name = format!("{name}_{n}");
        }
    }
    names
}

struct RowScore {
    recognized: usize,
    has_date: bool,
}

fn score(row: &[String]) -> RowScore {
    let mut recognized = 0;
    let mut has_date = false;
    for cell in row.iter().take(HEADER_SCAN_CELLS) {
        if let Some(k) = lookup(&header_key(cell)) {
            recognized += 1;
            has_date |= k.field == Field::Date;
        }
    }
    RowScore {
        recognized,
        has_date,
    }
}

/// The kind of file from the meanings found in its header.
fn kind_of(fields: &HashSet<Field>, english: bool) -> Option<FileKind> {
    use Field::*;
    let has = |f: Field| fields.contains(&f);
    let ad_metric = [Spend, Impressions, Clicks, DirectAmount, TotalAmount]
        .into_iter()
        .any(has);
    let ad_dimension = [PlanId, PlanName, SceneName, SubjectId, AvgRank]
        .into_iter()
        .any(has);
    let shop_metric = [
        Visitors,
        PageViews,
        CartBuyers,
        CartUnits,
        OrderBuyers,
        OrderAmount,
        PayingBuyers,
        PaidUnits,
        PaidAmount,
        RefundAmount,
    ]
    .into_iter()
    .any(has);
    let store_spend = [SpendSearch, SpendDisplay, SpendAffiliate, SpendOther]
        .into_iter()
        .any(has);
    if ad_metric && (ad_dimension || !(has(Visitors) || has(PayingBuyers) || has(PageViews))) {
        return if has(AvgRank) {
            Some(FileKind::LegacyTrainReport)
        } else if has(SubjectId) || has(ItemId) {
            Some(FileKind::AdProductReport)
        } else if has(PlanId) || has(PlanName) || has(SceneName) {
            Some(FileKind::AdPlanReport)
        } else {
            None
        };
    }
    if (has(ItemId) || has(SubjectId)) && shop_metric {
        return Some(if english {
            FileKind::PlainProduct
        } else {
            FileKind::SycmProduct
        });
    }
    if shop_metric || store_spend {
        return Some(if english {
            FileKind::PlainStore
        } else {
            FileKind::SycmStore
        });
    }
    None
}

/// Finds the header row and kind of file and proposes a meaning for every column.
///
/// The header row is the row among the first 30 with the most known header texts that has a date
/// column and at least two known headers (ties: the earliest). When several columns mean the
/// same thing (访客数 and 商品访客数 in the store export), the preferred synonym keeps the meaning
/// and the others are ignored; meanings the detected kind doesn't store are set to Ignore.
pub fn detect(rows: &[Vec<String>]) -> Result<Mapping, ImportError> {
    if rows
        .iter()
        .all(|r| r.iter().all(|c| super::values::clean(c).is_empty()))
    {
        return Err(ImportError::Empty);
    }
    let mut best_any: Option<(usize, usize)> = None; // (recognized, row index)
    let mut best_header: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().take(HEADER_SCAN_ROWS).enumerate() {
        let s = score(row);
        if s.recognized > 0 && best_any.is_none_or(|(n, _)| s.recognized > n) {
            best_any = Some((s.recognized, i));
        }
        if s.has_date && s.recognized >= 2 && best_header.is_none_or(|(n, _)| s.recognized > n) {
            best_header = Some((s.recognized, i));
        }
    }
    let Some((_, index)) = best_header else {
        return Err(ImportError::NoHeader {
            best_row: best_any.map(|(_, i)| i + 1),
        });
    };
    let header_row = index + 1;
    let header = rows.get(index).map(Vec::as_slice).unwrap_or(&[]);
    let names = header_names(header);
    let known: Vec<_> = names.iter().map(|n| lookup(&header_key(n))).collect();

    let mut base: HashSet<Field> = HashSet::new();
    let (mut zh, mut en) = (0usize, 0usize);
    for k in known.iter().flatten() {
        if k.field != Field::Ignore {
            base.insert(k.field);
            match k.lang {
                Lang::Zh => zh += 1,
                Lang::En => en += 1,
            }
        }
    }
    let kind = kind_of(&base, en > zh).ok_or(ImportError::UnknownKind { header_row })?;
    let level = kind.level();

    // Meaning and rank of each column in this kind of file.
    let mut proposed: Vec<(Field, u8)> = known
        .iter()
        .map(|k| match k {
            Some(k) => (
                match (level, k.in_ads) {
                    (Level::Ad, Some(f)) => f,
                    // A store sheet's "spend"/"花费" column is the day's ad spend.
                    (Level::Store, _) if k.field == Field::Spend => Field::SpendOther,
                    _ => k.field,
                },
                k.rank,
            ),
            None => (Field::Ignore, 0),
        })
        .map(|(f, r)| {
            if f.applies_to(kind) {
                (f, r)
            } else {
                (Field::Ignore, 0)
            }
        })
        .collect();
    // One column per meaning: the best-ranked synonym, the first of equals.
    for f in Field::ALL {
        if f == Field::Ignore || f.sums_columns() {
            continue;
        }
        let best = proposed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.0 == f)
            .min_by_key(|(i, p)| (p.1, *i))
            .map(|(i, _)| i);
        for (i, p) in proposed.iter_mut().enumerate() {
            if p.0 == f && Some(i) != best {
                *p = (Field::Ignore, 0);
            }
        }
    }
    // 主体ID and 商品ID in one file: 主体ID is the item.
    if proposed.iter().any(|p| p.0 == Field::SubjectId) {
        for p in proposed.iter_mut().filter(|p| p.0 == Field::ItemId) {
            *p = (Field::Ignore, 0);
        }
    }
    let columns = names
        .into_iter()
        .zip(proposed)
        .map(|(n, (f, _))| (n, f))
        .collect();
    Ok(Mapping {
        header_row,
        kind,
        columns,
    })
}

/// [`detect`] on rows in a [`Table`]: only the first [`HEADER_SCAN_ROWS`] rows are copied.
pub fn detect_table(rows: &Table) -> Result<Mapping, ImportError> {
    let blank = |r: Row<'_>| r.iter().all(|c| super::values::clean(c).is_empty());
    if rows.rows().take(HEADER_SCAN_ROWS).all(blank) {
        // No header can be found; [`detect`] on the first rows alone can't tell an empty file
        // from one without a header.
        return Err(if rows.rows().skip(HEADER_SCAN_ROWS).all(blank) {
            ImportError::Empty
        } else {
            ImportError::NoHeader { best_row: None }
        });
    }
    detect(&rows.to_rows(0..rows.len().min(HEADER_SCAN_ROWS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| {
                if l.is_empty() {
                    Vec::new()
                } else {
                    l.split(',').map(str::to_string).collect()
                }
            })
            .collect()
    }

    #[test]
    fn header_after_preamble_is_found() {
        let r = rows(&[
            "【生意参谋平台】商品_全部",
            "统计时间：2024-03-01 ~ 2024-03-01",
            "终端：所有终端",
            "",
            "统计日期,商品ID,商品名称,商品访客数,支付金额,支付转化率",
            "2024-03-01,1,a,5,10.00,1%",
        ]);
        let m = detect(&r).unwrap();
        assert_eq!(m.header_row, 5);
        assert_eq!(m.kind, FileKind::SycmProduct);
        assert_eq!(
            m.columns,
            vec![
                ("统计日期".to_string(), Field::Date),
                ("商品ID".to_string(), Field::ItemId),
                ("商品名称".to_string(), Field::ItemName),
                ("商品访客数".to_string(), Field::Visitors),
                ("支付金额".to_string(), Field::PaidAmount),
                ("支付转化率".to_string(), Field::Ignore),
            ]
        );
    }

    #[test]
    fn preferred_synonym_wins_and_duplicates_get_suffixes() {
        let r = rows(&["统计日期,商品访客数,访客数,PC端访客数,访客数,支付金额,"]);
        let m = detect(&r).unwrap();
        assert_eq!(m.kind, FileKind::SycmStore);
        assert_eq!(
            m.columns,
            vec![
                ("统计日期".to_string(), Field::Date),
                ("商品访客数".to_string(), Field::Ignore),
                ("访客数".to_string(), Field::Visitors),
                ("PC端访客数".to_string(), Field::Ignore),
                ("访客数_2".to_string(), Field::Ignore),
                ("支付金额".to_string(), Field::PaidAmount),
            ]
        );
        assert_eq!(
            m.signature(),
            "统计日期|商品访客数|访客数|PC端访客数|访客数_2|支付金额"
        );
    }

    #[test]
    fn english_sales_means_attributed_sales_in_an_ad_sheet() {
        let m = detect(&rows(&[
            "date,campaign,impressions,clicks,spend,sales,orders",
        ]))
        .unwrap();
        assert_eq!(m.kind, FileKind::AdPlanReport);
        assert_eq!(m.field(5), Field::TotalAmount);
        assert_eq!(m.field(6), Field::TotalOrders);
        let m = detect(&rows(&["date,visitors,sales,orders,spend"])).unwrap();
        assert_eq!(m.kind, FileKind::PlainStore);
        assert_eq!(m.field(2), Field::PaidAmount);
        assert_eq!(m.field(3), Field::OrderBuyers);
        assert_eq!(m.field(4), Field::SpendOther);
    }

    #[test]
    fn no_header_names_the_closest_row() {
        assert_eq!(
            detect(&rows(&["姓名,年龄", "张三,3"])),
            Err(ImportError::NoHeader { best_row: None })
        );
        assert_eq!(
            detect(&rows(&["x", "商品ID,支付金额,访客数", "1,2,3"])),
            Err(ImportError::NoHeader { best_row: Some(2) })
        );
        assert_eq!(
            detect(&rows(&["日期,商品名称,货号"])),
            Err(ImportError::UnknownKind { header_row: 1 })
        );
        assert_eq!(detect(&rows(&["", ", ,"])), Err(ImportError::Empty));
    }

    #[test]
    fn adopt_takes_a_remembered_mapping_only_for_the_same_headers() {
        let r = rows(&["统计日期,访客数,支付金额"]);
        let mut m = detect(&r).unwrap();
        let mut remembered = m.clone();
        remembered.header_row = 9;
        remembered.columns[1].1 = Field::PageViews;
        assert!(m.adopt(&remembered));
        assert_eq!(m.header_row, 1);
        assert_eq!(m.field(1), Field::PageViews);
        let other = detect(&rows(&["日期,访客数,支付金额"])).unwrap();
        assert!(!m.adopt(&other));
    }
}
