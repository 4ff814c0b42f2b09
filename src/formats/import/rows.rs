//! Text → rows of cells, the way the `csv` crate reads them: quoted fields, doubled quotes,
//! ragged rows; the delimiter (comma, tab or semicolon) is guessed from the first lines. Blank lines are kept as
//! empty rows so that row numbers match what the operator sees in Excel or an editor. A file cut
//! off in the middle of its last row is refused as truncated.

use super::table::Table;
use super::{ImportError, MAX_ROWS};

/// Guesses the delimiter: the candidate with the most occurrences on one of the first 30 lines.
fn sniff_delimiter(text: &str) -> u8 {
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
    let delimiter = sniff_delimiter(text);
    let bytes = text.as_bytes();
    let n = bytes.len();
    let is_break = |c: u8| c == b'\n' || c == b'\r';
    // End of an unquoted run starting at `i`: the next delimiter or line break.
    let run_end = |i: usize| {
        bytes
            .get(i..)
            .and_then(|rest| {
                rest.iter()
                    .position(|&c| c == delimiter || c == b'\n' || c == b'\r')
            })
            .map_or(n, |p| i + p)
    };
    let mut table = Table::with_capacity(n, n / 6);
    let mut rows = 0usize;
    // A second BOM at the very start is dropped too (the `csv` crate did), and then blank lines
    // before the first row are not counted (neither were they).
    let mut i = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut start = 0usize;
    loop {
        // Blank lines before a row are empty rows; after the last row they are nothing.
        while bytes.get(i).is_some_and(|&c| is_break(c)) {
            i += 1;
        }
        if i >= n {
            break;
        }
        for _ in 0..blank_lines_at(bytes, start) {
            table.end_row();
            rows += 1;
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
            let e = run_end(i);
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
        rows += 1;
        if rows > MAX_ROWS {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
        // The line break that ended the row (a `\n` after `\r` is skipped as a blank line).
        i += 1;
        start = i;
    }
    check_truncated(text, &table)?;
    Ok(table)
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

/// A last row shorter than the rows before it was cut off if the file has an unclosed quote, or
/// doesn't end with a line break and the row has at least two cells.
fn check_truncated(text: &str, rows: &Table) -> Result<(), ImportError> {
    let Some(last) = rows.len().checked_sub(1).and_then(|i| rows.row(i)) else {
        return Ok(());
    };
    let width = (0..rows.len() - 1)
        .rev()
        .filter_map(|i| rows.row(i))
        .filter(|r| !r.is_empty())
        .take(20)
        .map(|r| r.len())
        .max()
        .unwrap_or(0);
    let ends_cleanly = text.ends_with(['\n', '\r']);
    // A one-cell last line without a line break is more likely a note ("注：…") than a cut.
    if last.len() < width
        && ((!ends_cleanly && last.len() >= 2)
            || text.bytes().filter(|b| *b == b'"').count() % 2 == 1)
    {
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
        #![proptest_config(ProptestConfig::with_cases(20_000))]
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
