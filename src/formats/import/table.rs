//! Rows of cells without a `String` per cell: every cell's text is copied once into one buffer
//! and addressed by its end offset. A 100,000-row export has about two million cells; this keeps
//! reading it to two allocations that grow, instead of two million.

/// Rows of text cells, as [`super::csv_rows`] returns them, in one buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// All cells' text, one after the other.
    buf: String,
    /// End offset in `buf` of every cell (a cell starts where the one before it ends).
    ends: Vec<usize>,
    /// Index in `ends` of every row's first cell, plus one past the last row.
    starts: Vec<usize>,
}

/// One row of a [`Table`].
#[derive(Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    first: usize,
    end: usize,
}

impl Table {
    pub fn new() -> Table {
        Table {
            buf: String::new(),
            ends: Vec::new(),
            starts: vec![0],
        }
    }

    /// With room for about this many bytes of text and cells.
    pub fn with_capacity(text_bytes: usize, cells: usize) -> Table {
        let mut starts = Vec::with_capacity(cells / 8 + 1);
        starts.push(0);
        Table {
            buf: String::with_capacity(text_bytes),
            ends: Vec::with_capacity(cells),
            starts,
        }
    }

    /// The same rows as `rows`.
    pub fn from_rows(rows: &[Vec<String>]) -> Table {
        let bytes = rows.iter().flatten().map(String::len).sum();
        let cells = rows.iter().map(Vec::len).sum();
        let mut t = Table::with_capacity(bytes, cells);
        for row in rows {
            for c in row {
                t.push_cell(c);
            }
            t.end_row();
        }
        t
    }

    /// Rows `range` as owned strings.
    pub fn to_rows(&self, range: std::ops::Range<usize>) -> Vec<Vec<String>> {
        range
            .filter_map(|i| self.row(i))
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, i: usize) -> Option<Row<'_>> {
        let first = *self.starts.get(i)?;
        let end = *self.starts.get(i + 1)?;
        Some(Row {
            table: self,
            first,
            end,
        })
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        (0..self.len()).filter_map(move |i| self.row(i))
    }

    /// Appends a cell to the row being built.
    pub fn push_cell(&mut self, text: &str) {
        self.buf.push_str(text);
        self.ends.push(self.buf.len());
    }

    /// Appends text to the row's current cell, which [`Table::end_cell`] then closes.
    pub(crate) fn push_text(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// Closes the current cell (its text is what was pushed since the last cell).
    pub(crate) fn end_cell(&mut self) {
        self.ends.push(self.buf.len());
    }

    /// Closes the row being built (a row without cells is an empty row).
    pub fn end_row(&mut self) {
        self.starts.push(self.ends.len());
    }

    fn cell(&self, index: usize) -> &str {
        let start = match index.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.buf.get(start..end).unwrap_or("")
    }
}

impl<'a> Row<'a> {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell `col`, if the row has it.
    pub fn get(&self, col: usize) -> Option<&'a str> {
        if col < self.len() {
            Some(self.table.cell(self.first + col))
        } else {
            None
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let t = self.table;
        (self.first..self.end).map(move |i| t.cell(i))
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let rows: Vec<Vec<String>> = vec![
            vec!["a".into(), "".into(), "日期".into()],
            vec![],
            vec!["".into()],
            vec!["x".into()],
        ];
        let t = Table::from_rows(&rows);
        assert_eq!(t.len(), 4);
        assert_eq!(t.to_rows(0..4), rows);
        assert_eq!(t.row(0).and_then(|r| r.get(2)), Some("日期"));
        assert_eq!(t.row(0).and_then(|r| r.get(3)), None);
        assert!(t.row(4).is_none());
        assert!(Table::new().is_empty());
    }
}
