//! Text → rows of cells, the way the `csv` crate reads them: quoted fields, doubled quotes,
//! ragged rows; the delimiter (comma, tab or semicolon) is guessed from the first lines. Blank lines are kept as
//! empty rows so that row numbers match what the operator sees in Excel or an editor. A file cut
//! off in the middle of its last row is refused as truncated.

use super::table::Table;
use super::{ImportError, MAX_ROWS};

/// Guesses the delimiter: the candidate with the most occurrences on one of the first 30 lines.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (0usize, b',');
    for line in text.lines().take(30) {
        for d in [b',', b'\t', b';'] {
            let n = line.bytes().filter(|b| *b == d).count();
            if n > best.0 {
                best = (n, d);
            }
        }
    }
    best.1
}

/// Splits CSV (or tab-separated) text into rows of cells. Row `i` of the result is line/row
/// `i + 1` of the file (blank lines give empty rows). A UTF-8 BOM at the start is dropped.
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    let table = csv_table(text)?;
    Ok(table.to_rows(0..table.len()))
}

/// [`csv_rows`] into a [`Table`] (one buffer for all cells). Reads the way the `csv` crate does
/// with `flexible(true)` and no headers: a field is quoted only if its first character is `"`;
/// `""` inside quotes is one quote; after the closing quote the field goes on unquoted up to the
/// next delimiter or line break; `\n`, `\r\n` and `\r` end a row; a quote left open runs to the
/// end of the text.
pub fn csv_table(text: &str) -> Result<Table, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let scanned = scan(text, sniff_delimiter(text))?;
    check_truncated(text, &scanned.table)?;
    Ok(scanned.table)
}

/// Rows read by [`scan`], and whether the text ended inside a quoted field.
pub(crate) struct Scanned {
    pub table: Table,
    pub open_quote: bool,
}

/// [`csv_table`]'s reading with a known delimiter and without the truncation check (text with
/// its first BOM already dropped): also what each part of a file read in parallel does.
pub(crate) fn scan(text: &str, delimiter: u8) -> Result<Scanned, ImportError> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut sc = Scanner {
        text,
        delimiter,
        table: Table::with_capacity(n, n / 6),
        rows: 0,
        open_quote: false,
        // A second BOM at the very start is dropped too (the `csv` crate did), and then blank
        // lines before the first row are not counted (neither were they).
        i: if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        },
        start: 0,
    };
    while !chunk_scan_rows(&mut sc)? {}
    Ok(Scanned {
        table: sc.table,
        open_quote: sc.open_quote,
    })
}

/// Where [`scan`] is.
struct Scanner<'t> {
    text: &'t str,
    delimiter: u8,
    table: Table,
    rows: usize,
    open_quote: bool,
    /// The next byte to read.
    i: usize,
    /// Where the current row's line starts (for counting blank lines before it).
    start: usize,
}

/// Rows per call of [`chunk_scan_rows`]: in the browser, calls over chunks run the optimized code as
/// soon as it is ready (see `decode::CHUNK`).
const ROWS_PER_CALL: usize = 512;

/// Reads up to [`ROWS_PER_CALL`] rows; true at the end of the text.
#[inline(never)]
fn chunk_scan_rows(sc: &mut Scanner<'_>) -> Result<bool, ImportError> {
    let Scanner {
        text,
        delimiter,
        table,
        rows,
        open_quote,
        i,
        start,
    } = sc;
    let (text, delimiter) = (*text, *delimiter);
    let bytes = text.as_bytes();
    let n = bytes.len();
    let is_break = |c: u8| c == b'\n' || c == b'\r';
    let (mut i, mut start) = (*i, *start);
    for _ in 0..ROWS_PER_CALL {
        // Blank lines before a row are empty rows; after the last row they are nothing.
        while bytes.get(i).is_some_and(|&c| is_break(c)) {
            i += 1;
        }
        if i >= n {
            return Ok(true);
        }
        for _ in 0..blank_lines_at(bytes, start) {
            table.end_row();
            *rows += 1;
        }
        loop {
            if bytes.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let quote = bytes
                        .get(i..)
                        .and_then(|rest| rest.iter().position(|&c| c == b'"'))
                        .map(|p| i + p);
                    let Some(q) = quote else {
                        table.push_text(text.get(i..).unwrap_or(""));
                        *open_quote = true;
                        i = n;
                        break;
                    };
                    table.push_text(text.get(i..q).unwrap_or(""));
                    i = q + 1;
                    if bytes.get(i) == Some(&b'"') {
                        table.push_text("\"");
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            let e = run_end(bytes, i, delimiter);
            table.push_text(text.get(i..e).unwrap_or(""));
            i = e;
            table.end_cell();
            if bytes.get(i) == Some(&delimiter) {
                i += 1;
            } else {
                break;
            }
        }
        table.end_row();
        *rows += 1;
        if *rows > MAX_ROWS {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
        // The line break that ended the row (a `\n` after `\r` is skipped as a blank line).
        i += 1;
        start = i;
    }
    sc.i = i;
    sc.start = start;
    Ok(false)
}

/// End of an unquoted run starting at `i`: the next delimiter or line break (or the end), found
/// eight bytes at a time.
#[inline(always)]
pub(crate) fn run_end(bytes: &[u8], i: usize, delimiter: u8) -> usize {
    use super::decode::{word_at, zero_bytes, LOW};
    let mut at = i;
    while let Some(x) = word_at(bytes, at) {
        let hits = zero_bytes(x ^ (LOW * u64::from(delimiter)))
            | zero_bytes(x ^ (LOW * u64::from(b'\n')))
            | zero_bytes(x ^ (LOW * u64::from(b'\r')));
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes
        .get(at..)
        .and_then(|rest| {
            rest.iter()
                .position(|&c| c == delimiter || c == b'\n' || c == b'\r')
        })
        .map_or(bytes.len(), |p| at + p)
}

/// Line breaks (`\n`, `\r\n` or `\r`) at `start`, not counting the `\n` that completes the
/// previous row's `\r\n`.
fn blank_lines_at(bytes: &[u8], start: usize) -> usize {
    let run = bytes
        .get(start..)
        .unwrap_or(&[])
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'));
    let mut prev = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    let mut n = 0;
    for &b in run {
        if !(b == b'\n' && prev == Some(b'\r')) {
            n += 1;
        }
        prev = Some(b);
    }
    n
}

/// The shape of a table's last row, for the truncation check.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LastRow {
    /// Its number of cells.
    pub len: usize,
    /// The most cells in one of the (up to) 20 non-empty rows before it.
    pub width: usize,
    /// How many non-empty rows that width was taken from (20 when there were enough).
    pub seen: usize,
}

/// Rows looked at for the width of the table before its last row.
pub(crate) const WIDTH_ROWS: usize = 20;

pub(crate) fn last_row(rows: &Table) -> Option<LastRow> {
    let last = rows.len().checked_sub(1).and_then(|i| rows.row(i))?;
    let widths: Vec<usize> = (0..rows.len() - 1)
        .rev()
        .filter_map(|i| rows.row(i))
        .filter(|r| !r.is_empty())
        .take(WIDTH_ROWS)
        .map(|r| r.len())
        .collect();
    Some(LastRow {
        len: last.len(),
        width: widths.iter().copied().max().unwrap_or(0),
        seen: widths.len(),
    })
}

/// Whether a text whose last row is `last` was cut off: the last row is shorter than the rows
/// before it, and the text has an unclosed quote (an odd number of quote characters), or it
/// doesn't end with a line break and the row has at least two cells (a one-cell last line
/// without a line break is more likely a note, "注：…", than a cut).
pub(crate) fn is_truncated(last: &LastRow, ends_cleanly: bool, odd_quotes: bool) -> bool {
    last.len < last.width && ((!ends_cleanly && last.len >= 2) || odd_quotes)
}

/// Whether the text has an odd number of quote characters.
pub(crate) fn odd_quotes(text: &str) -> bool {
    // A call per chunk: see `decode::CHUNK`.
    text.as_bytes()
        .chunks(super::decode::CHUNK)
        .map(chunk_quotes)
        .fold(false, |odd, n| odd ^ (n % 2 == 1))
}

/// Quote characters in `bytes`, eight bytes at a time.
#[inline(never)]
pub(crate) fn chunk_quotes(bytes: &[u8]) -> usize {
    use super::decode::{word_at, zero_bytes, LOW};
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for word in words.by_ref() {
        let x = word_at(word, 0).unwrap_or(0);
        n += zero_bytes(x ^ (LOW * u64::from(b'"'))).count_ones() as usize;
    }
    n + words.remainder().iter().filter(|b| **b == b'"').count()
}

fn check_truncated(text: &str, rows: &Table) -> Result<(), ImportError> {
    let Some(last) = last_row(rows) else {
        return Ok(());
    };
    if is_truncated(&last, text.ends_with(['\n', '\r']), odd_quotes(text)) {
        return Err(ImportError::Truncated { row: rows.len() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn quotes_separators_and_blank_lines_keep_row_numbers() {
        let text = "标题\n\n\"a,1\",\"say \"\"hi\"\"\"\n\r\nx,\"multi\nline\",z\ny\n";
        assert_eq!(
            csv_rows(text).unwrap(),
            v(&[
                &["标题"],
                &[],
                &["a,1", "say \"hi\""],
                &[],
                &["x", "multi\nline", "z"],
                &["y"],
            ])
        );
    }

    #[test]
    fn tabs_are_detected() {
        assert_eq!(
            csv_rows("日期\t花费\n2024-03-01\t1,234.00\n").unwrap(),
            v(&[&["日期", "花费"], &["2024-03-01", "1,234.00"]])
        );
    }

    #[test]
    fn bom_and_crlf() {
        assert_eq!(
            csv_rows("\u{feff}a,b\r\n1,2\r\n").unwrap(),
            v(&[&["a", "b"], &["1", "2"]])
        );
        assert_eq!(
            csv_rows("a,b\r\n\r\n\r\n1,2\r\r3\n").unwrap(),
            v(&[&["a", "b"], &[], &[], &["1", "2"], &[], &["3"]])
        );
    }

    #[test]
    fn cut_off_last_row_is_truncated() {
        assert_eq!(
            csv_rows("a,b,c\n1,2,3\n4,5"),
            Err(ImportError::Truncated { row: 3 })
        );
        assert_eq!(
            csv_rows("a,b,c\n1,2,3\n4,\"5\n"),
            Err(ImportError::Truncated { row: 3 })
        );
        // A complete last line without a line break is fine, and so is a one-cell note.
        assert_eq!(
            csv_rows("a,b\n1,2").unwrap(),
            v(&[&["a", "b"], &["1", "2"]])
        );
        assert_eq!(
            csv_rows("a,b\n1,2\n注：完").unwrap(),
            v(&[&["a", "b"], &["1", "2"], &["注：完"]])
        );
    }

    #[test]
    fn empty_text() {
        assert_eq!(csv_rows(""), Err(ImportError::Empty));
        assert_eq!(csv_rows("\u{feff}\n \n"), Err(ImportError::Empty));
    }
}

/// The reader this module replaced (the `csv` crate), kept to check that [`csv_rows`] reads every
/// text the same way.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod same_as_csv_crate {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ImportError::Empty);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sniff_delimiter(text))
            .from_reader(text.as_bytes());
        let bytes = text.as_bytes();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => return Err(ImportError::NotText),
            }
            if let Some(pos) = record.position() {
                let start = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
                for _ in 0..blank_lines_at(bytes, start) {
                    rows.push(Vec::new());
                }
            }
            rows.push(record.iter().map(str::to_owned).collect());
        }
        check_truncated(text, &Table::from_rows(&rows))?;
        Ok(rows)
    }

    fn texts() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a", "12", ",", ",", "\t", ";", "\"", "\"", "\"\"", "\n", "\n", "\r", "\r\n", " ",
            "日期", "\u{feff}", "x\"y",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        // a fixed seed: the same cases on every run
        #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]
        /// The word-at-a-time quote count against one byte at a time.
        #[test]
        fn quotes_count_as_bytes_do(
            bytes in proptest::collection::vec(prop_oneof![Just(b'"'), any::<u8>()], 0..100),
        ) {
            let slow = bytes.iter().filter(|b| **b == b'"').count();
            prop_assert_eq!(super::chunk_quotes(&bytes), slow);
        }
    }

    proptest! {
        // a fixed seed: the same cases on every run
        #![proptest_config(ProptestConfig { cases: 20_000, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]
        #[test]
        fn any_text_reads_as_the_csv_crate_reads_it(text in texts()) {
            prop_assert_eq!(csv_rows(&text), reference(&text));
        }
    }

    #[test]
    fn edge_cases_read_as_the_csv_crate_reads_them() {
        for text in [
            "a,",
            "a,\n",
            "\"a\"b,c",
            "\"a\" ,b\n",
            "\"a",
            "\"a\"\"",
            "x\r\r\n\ny",
            ",,\n,",
            "\"\"",
            "\"\"\"\"",
            "a\"b\"c,d",
            "\n\n\na",
            "\r\n",
            "a\tb;c,d\n1\t2",
        ] {
            assert_eq!(csv_rows(text), reference(text), "{text:?}");
        }
    }
}
