//! One large text export read in several parts at once (one import worker per part), then
//! joined into exactly the batch that reading it in one piece gives, row numbers included.
//!
//! A file of `len` bytes is cut into `count` parts near `len · k / count`, each cut right after
//! a line break that ends a non-blank line and is followed by one ([`split_point`]); both
//! neighbours find the same cut from the same bytes. Part 0 reads the header; every later part
//! reads the file's first [`HEAD_BYTES`] for the delimiter and the mapping, then its own bytes.
//! Each part reports what [`join_parts`] needs to check that the pieces agree with a one-piece
//! read: its delimiter, mapping and encoding, whether it ended inside a quoted field, its quote
//! count's parity and (the last part) the shape of the file's last row. Whenever anything does
//! not line up (a cut inside a quoted field, encodings that differ, any error, an ad report, whose
//! duplicate key is not its sort key) the answer is `None` and the caller reads the file in one
//! piece, which also words any error exactly. A property test checks that a joined result is
//! always the one-piece result.

use super::apply::{apply_rows, first_data_row};
use super::decode::{decode_any, looks_like_html, Encoding, Gb18030};
use super::detect::{detect_table, Mapping};
use super::fields::Level;
use super::rows::{is_truncated, last_row, odd_quotes, scan, sniff_delimiter, LastRow, WIDTH_ROWS};
use super::{ImportBatch, MAX_LISTED, MAX_ROWS};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Files are cut into parts of at least this many bytes (smaller ones are read in one piece).
pub const MIN_PART_BYTES: usize = 2 << 20;
/// Most parts (workers) for one file.
pub const MAX_PARTS: usize = 4;
/// Bytes at the start of the file that a later part reads for the header and the delimiter.
pub const HEAD_BYTES: usize = 64 << 10;
/// Bytes after a nominal cut searched for a line break to cut at.
pub const SEEK_BYTES: usize = 64 << 10;

/// How many parts to read a file of `len` bytes in, with `cores` logical processors.
pub fn part_count(len: usize, cores: usize) -> usize {
    (len / MIN_PART_BYTES).min(cores).clamp(1, MAX_PARTS)
}

/// Where part `k` of `count` would start if lines didn't matter.
pub fn nominal_start(len: usize, k: usize, count: usize) -> usize {
    let at = (len as u128 * k as u128) / (count.max(1) as u128);
    usize::try_from(at).unwrap_or(len)
}

/// The byte range `(start, end)` to read for finding the cut near `nominal`.
pub fn seek_window(nominal: usize, len: usize) -> (usize, usize) {
    (
        nominal.saturating_sub(3),
        nominal.saturating_add(SEEK_BYTES).min(len),
    )
}

/// The first cut at or after `nominal` in `window` (the bytes of the file from offset `at`): a
/// position right after `\n` (or `\r\n`) that ends a non-blank line and is followed by a byte
/// that is not a line break. `None` if the window has none.
pub fn split_point(window: &[u8], at: usize, nominal: usize) -> Option<usize> {
    let is_break = |b: Option<&u8>| matches!(b, Some(b'\n' | b'\r'));
    let from = nominal.checked_sub(at)?.max(1);
    (from..window.len()).map(|i| i + at).find(|&p| {
        let i = p - at;
        if window.get(i - 1) != Some(&b'\n') || is_break(window.get(i)) || window.get(i).is_none() {
            return false;
        }
        let mut q = i - 1; // the '\n'
        if q >= 1 && window.get(q - 1) == Some(&b'\r') {
            q -= 1;
        }
        q >= 1 && !is_break(window.get(q - 1))
    })
}

/// What a part says about itself beside its records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartInfo {
    pub index: usize,
    pub count: usize,
    /// Rows in its table (blank lines included).
    pub rows: usize,
    pub delimiter: u8,
    pub encoding: Encoding,
    /// All its bytes are ASCII (then any encoding reads them alike).
    pub ascii: bool,
    /// Its text has an odd number of quote characters.
    pub odd_quotes: bool,
    /// Its text ends with a line break.
    pub ends_cleanly: bool,
    /// The last part: the shape of the file's last row.
    pub last_row: Option<LastRow>,
}

/// One part's reading: what joining needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub info: PartInfo,
    pub mapping: Mapping,
    /// Its records, sorted; row numbers count from the part's first row (part 0: the file's).
    pub batch: ImportBatch,
    /// For each store or product record, the row it first appeared in.
    pub first_rows: Vec<u32>,
}

/// Reads part `index` of `count`: `bytes` are the part's own, `head` the file's first
/// [`HEAD_BYTES`] (used by later parts; part 0 has its header itself). `mapping` is the user's
/// corrected one, if any. `None`: read the file in one piece instead.
#[allow(clippy::too_many_arguments)]
pub fn parse_part(
    index: usize,
    count: usize,
    bytes: &[u8],
    head: &[u8],
    mapping: Option<&Mapping>,
    gbk: &dyn Gb18030,
    refund: super::checks::RefundTolerance,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<Part> {
    let last = index + 1 == count;
    let (text, encoding) = decode_any(bytes, gbk).ok()?;
    if matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
        return None;
    }
    let text = if index == 0 {
        if looks_like_html(&text) {
            return None;
        }
        text.strip_prefix('\u{feff}').unwrap_or(&text)
    } else {
        &text
    };
    // The file's delimiter and, unless given, its mapping: part 0 from itself, the others from
    // the head (whose last line may be cut off, so it ends at its last line break).
    let (delimiter, head_mapping) = if index == 0 {
        (sniff_delimiter(text), None)
    } else {
        let cut = head.iter().rposition(|&b| b == b'\n')? + 1;
        let (head, head_encoding) = decode_any(head.get(..cut)?, gbk).ok()?;
        if matches!(head_encoding, Encoding::Utf16Le | Encoding::Utf16Be) || looks_like_html(&head)
        {
            return None;
        }
        let head = head.strip_prefix('\u{feff}').unwrap_or(&head);
        let delimiter = sniff_delimiter(head);
        let m = match mapping {
            Some(m) => m.clone(),
            None => detect_table(&scan(head, delimiter).ok()?.table).ok()?,
        };
        (delimiter, Some(m))
    };
    if text.trim().is_empty() {
        return None;
    }
    let scanned = scan(text, delimiter).ok()?;
    if scanned.open_quote && !last {
        return None; // cut inside a quoted field
    }
    let table = scanned.table;
    let mapping = match (head_mapping, mapping) {
        (Some(m), _) => m,
        (None, Some(m)) => m.clone(),
        (None, None) => detect_table(&table).ok()?,
    };
    if mapping.kind.level() == Level::Ad {
        return None;
    }
    let first = if index == 0 {
        first_data_row(&table, &mapping).ok()?
    } else {
        0
    };
    let (batch, first_rows) = apply_rows(&table, first, &mapping, progress, true, refund).ok()?;
    Some(Part {
        info: PartInfo {
            index,
            count,
            rows: table.len(),
            delimiter,
            encoding,
            ascii: bytes.is_ascii(),
            odd_quotes: odd_quotes(text),
            ends_cleanly: text.ends_with(['\n', '\r']),
            last_row: if last { last_row(&table) } else { None },
        },
        mapping,
        batch,
        first_rows,
    })
}

/// Joins the parts of one file, in order, into what reading it in one piece gives: `None` if
/// they don't fit together or the one-piece read would fail (then read it in one piece).
pub fn join_parts(parts: Vec<Part>) -> Option<(Mapping, ImportBatch)> {
    let count = parts.len();
    let head = parts.first()?;
    let (mapping, delimiter) = (head.mapping.clone(), head.info.delimiter);
    let mut offset = head.info.rows;
    let mut family = None;
    let mut rows = 0usize;
    let mut odd = false;
    for (k, p) in parts.iter().enumerate() {
        if p.info.index != k
            || p.info.count != count
            || p.mapping != mapping
            || p.info.delimiter != delimiter
        {
            return None;
        }
        // One encoding for every part that isn't plain ASCII (a BOM is not ASCII).
        if !p.info.ascii {
            let f = match p.info.encoding {
                Encoding::Utf8 | Encoding::Utf8Bom => 0,
                Encoding::Gb18030 => 1,
                Encoding::Utf16Le | Encoding::Utf16Be => return None,
            };
            if *family.get_or_insert(f) != f {
                return None;
            }
        }
        rows = rows.saturating_add(p.info.rows);
        odd ^= p.info.odd_quotes;
    }
    if rows > MAX_ROWS {
        return None;
    }
    let tail = parts.last()?;
    let shape = tail.info.last_row.as_ref()?;
    // The width of the rows before the last one is known if the last part has enough rows.
    if shape.len >= shape.width && shape.seen < WIDTH_ROWS {
        return None;
    }
    if is_truncated(shape, tail.info.ends_cleanly, odd) {
        return None;
    }
    let level = mapping.kind.level();
    let mut parts = parts.into_iter();
    let mut batch = parts.next()?.batch;
    for p in parts {
        let shift = offset;
        offset = offset.checked_add(p.info.rows)?;
        let b = p.batch;
        let cross = match level {
            Level::Store => {
                let (merged, cross) = merge(
                    std::mem::take(&mut batch.store_days),
                    b.store_days,
                    &p.first_rows,
                    shift,
                    |x, y| x.day.cmp(&y.day),
                )?;
                batch.store_days = merged;
                cross
            }
            Level::Product => {
                let (merged, cross) = merge(
                    std::mem::take(&mut batch.product_days),
                    b.product_days,
                    &p.first_rows,
                    shift,
                    |x, y| (x.day, &x.item_id).cmp(&(y.day, &y.item_id)),
                )?;
                batch.product_days = merged;
                cross
            }
            Level::Ad => return None,
        };
        let mut dups: Vec<usize> = b.duplicates.iter().map(|r| r + shift).collect();
        dups.extend(&cross);
        dups.sort_unstable();
        batch.duplicate_count += b.duplicate_count + cross.len();
        batch.duplicates.extend(dups);
        batch.duplicates.truncate(MAX_LISTED);
        batch.warning_count += b.warning_count;
        batch.warnings.extend(b.warnings.into_iter().map(|mut w| {
            w.row += shift;
            w
        }));
        batch.warnings.truncate(MAX_LISTED);
        batch.relation_count += b.relation_count;
        batch.relations.extend(b.relations.into_iter().map(|mut w| {
            w.row += shift;
            w
        }));
        batch.relations.truncate(MAX_LISTED);
        batch.formula_cells += b.formula_cells;
        batch.data_rows += b.data_rows;
        batch.skipped_total_rows += b.skipped_total_rows;
        batch.skipped_other_rows += b.skipped_other_rows;
        batch.empty_values += b.empty_values;
        batch.items = merge_items(std::mem::take(&mut batch.items), b.items);
        batch.first_day = min_opt(batch.first_day, b.first_day, Ord::min);
        batch.last_day = min_opt(batch.last_day, b.last_day, Ord::max);
    }
    if batch.data_rows == 0 {
        return None;
    }
    Some((mapping, batch))
}

fn min_opt<T: Copy>(a: Option<T>, b: Option<T>, pick: fn(T, T) -> T) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => Some(pick(x, y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Merges two sorted runs of records with unique keys; on equal keys the later part's record
/// wins and the row it first appeared in (shifted to a file row number) is a duplicate.
fn merge<T>(
    a: Vec<T>,
    b: Vec<T>,
    b_rows: &[u32],
    shift: usize,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Option<(Vec<T>, Vec<usize>)> {
    if b_rows.len() != b.len() {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut cross = Vec::new();
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().zip(b_rows.iter().copied()).peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (Some(x), Some((y, _))) => cmp(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match order {
            Ordering::Less => out.extend(a.next()),
            Ordering::Greater => out.extend(b.next().map(|(y, _)| y)),
            Ordering::Equal => {
                a.next();
                if let Some((y, row)) = b.next() {
                    cross.push(row as usize + shift);
                    out.push(y);
                }
            }
        }
    }
    cross.sort_unstable();
    Some((out, cross))
}

/// Items of two parts, sorted by ID; the earlier part's name wins.
fn merge_items(a: Vec<(String, String)>, b: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match order {
            Ordering::Less => out.extend(a.next()),
            Ordering::Greater => out.extend(b.next()),
            Ordering::Equal => {
                out.extend(a.next());
                b.next();
            }
        }
    }
    out
}
