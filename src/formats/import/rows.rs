//! Text → rows of cells with the `csv` crate: quoted fields, doubled quotes, ragged rows; the
//! delimiter (comma, tab or semicolon) is guessed from the first lines. Blank lines are kept as
//! empty rows so that row numbers match what the operator sees in Excel or an editor. A file cut
//! off in the middle of its last row is refused as truncated.

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
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
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
        // The reader skips blank lines; its start position is before them. Count them back in.
        if let Some(pos) = record.position() {
            let start = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
            for _ in 0..blank_lines_at(bytes, start) {
                rows.push(Vec::new());
            }
        }
        rows.push(record.iter().map(str::to_owned).collect());
        if rows.len() > MAX_ROWS {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
    }
    check_truncated(text, &rows)?;
    Ok(rows)
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
fn check_truncated(text: &str, rows: &[Vec<String>]) -> Result<(), ImportError> {
    let Some((last, before)) = rows.split_last() else {
        return Ok(());
    };
    let width = before
        .iter()
        .rev()
        .filter(|r| !r.is_empty())
        .take(20)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let ends_cleanly = text.ends_with(['\n', '\r']);
    let open_quote = text.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    // A one-cell last line without a line break is more likely a note ("注：…") than a cut.
    if last.len() < width && (open_quote || (!ends_cleanly && last.len() >= 2)) {
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
