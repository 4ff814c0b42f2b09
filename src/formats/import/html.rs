//! HTML tables saved as `.xls` (some 生意参谋 exports are an HTML page with a `<table>`): every
//! `<tr>` of the page becomes a row and every `<td>`/`<th>` a cell, in document order, so the
//! preamble rows and the header are found the same way as in a CSV. Tags inside cells are
//! dropped, entities decoded, whitespace collapsed; `colspan` pads with empty cells.

/// A row is not padded (for `colspan`) beyond this many cells.
const MAX_PADDED_CELLS: usize = 1_000;

/// Rows of all tables in an HTML text.
pub fn html_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<(String, usize)> = None; // text, colspan
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        let (before, tag_start) = rest.split_at(lt);
        if let Some((buf, _)) = cell.as_mut() {
            buf.push_str(before);
        }
        // Comments and script/style bodies are skipped whole.
        if let Some(after) = tag_start.strip_prefix("<!--") {
            rest = after
                .find("-->")
                .map_or("", |i| after.get(i + 3..).unwrap_or(""));
            continue;
        }
        let Some(gt) = tag_start.find('>') else {
            break;
        };
        let tag = tag_start.get(1..gt).unwrap_or("");
        rest = tag_start.get(gt + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = body.get(..len).unwrap_or("");
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if (is("script") || is("style")) && !closing {
            let end = if is("script") { "</script" } else { "</style" };
            rest = find_ignore_case(rest, end).map_or("", |i| rest.get(i..).unwrap_or(""));
        } else if is("tr") || is("table") {
            finish_cell(&mut cell, &mut row);
            if let Some(r) = row.take() {
                rows.push(r);
            }
            if is("tr") && !closing {
                row = Some(Vec::new());
            }
        } else if is("td") || is("th") {
            finish_cell(&mut cell, &mut row);
            if !closing {
                if row.is_none() {
                    row = Some(Vec::new());
                }
                cell = Some((String::new(), colspan(tag)));
            }
        } else if is("br") || is("p") || is("div") {
            if let Some((buf, _)) = cell.as_mut() {
                buf.push(' ');
            }
        }
    }
    if let Some((buf, _)) = cell.as_mut() {
        buf.push_str(rest);
    }
    finish_cell(&mut cell, &mut row);
    if let Some(r) = row.take() {
        rows.push(r);
    }
    rows
}

fn finish_cell(cell: &mut Option<(String, usize)>, row: &mut Option<Vec<String>>) {
    if let (Some((text, span)), Some(r)) = (cell.take(), row.as_mut()) {
        r.push(collapse(&decode_entities(&text)));
        // Padding stops at MAX_PADDED_CELLS so that a hostile colspan can't exhaust memory.
        for _ in 1..span {
            if r.len() >= MAX_PADDED_CELLS {
                break;
            }
            r.push(String::new());
        }
    }
}

/// `colspan="3"` of a tag (1 if absent or odd; at most 100).
fn colspan(tag: &str) -> usize {
    let lower = tag.to_ascii_lowercase();
    let Some(i) = lower.find("colspan") else {
        return 1;
    };
    let digits: String = lower
        .get(i + 7..)
        .unwrap_or("")
        .trim_start_matches(|c: char| c == '=' || c == '"' || c == '\'' || c.is_whitespace())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<usize>().unwrap_or(1).clamp(1, 100)
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.char_indices().map(|(i, _)| i).find(|&i| {
        hay.get(i..i + n)
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let (before, from_amp) = rest.split_at(amp);
        out.push_str(before);
        let semi = from_amp.find(';').filter(|&i| i <= 10);
        let entity = semi.and_then(|i| from_amp.get(1..i));
        let decoded = entity.and_then(|e| match e {
            "nbsp" => Some(' '),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let num = e.strip_prefix('#')?;
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (decoded, semi) {
            (Some(c), Some(i)) => {
                out.push(c);
                rest = from_amp.get(i + 1..).unwrap_or("");
            }
            _ => {
                out.push('&');
                rest = from_amp.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
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
    fn excel_html_table_becomes_rows() {
        let html = r#"<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta charset="utf-8"><style>td { mso-number-format:"\@"; }</style></head>
<body><!-- <tr><td>hidden</td></tr> --><table border=1>
<TR><TD colspan="3">【生意参谋平台】商品_全部</TD></TR>
<tr><th>统计日期</th><th>商品ID</th><th>支付金额</th></tr>
<tr><td>2024-03-01</td><td x:str>612345678901</td><td><b>1,234.50</b></td></tr>
<tr><td>2024-03-02</td><td>&#54;12&nbsp;&amp;<br>x</td><td>&lt;5&gt; &bogus; &#xZZ;</td>
</table></body></html>"#;
        assert_eq!(
            html_rows(html),
            v(&[
                &["【生意参谋平台】商品_全部", "", ""],
                &["统计日期", "商品ID", "支付金额"],
                &["2024-03-01", "612345678901", "1,234.50"],
                &["2024-03-02", "612 & x", "<5> &bogus; &#xZZ;"],
            ])
        );
    }

    #[test]
    fn broken_html_never_panics() {
        for s in [
            "<",
            "<tr",
            "<tr><td>a",
            "<!--",
            "<script>",
            "<td colspan=999999999999>x",
            "&#99999999;",
            "<tr><td>&",
        ] {
            let _ = html_rows(s);
        }
        assert_eq!(html_rows("<tr><td>a"), v(&[&["a"]]));
        assert_eq!(html_rows("<td colspan=999999999999>x").len(), 1);
    }
}
