//! Fuzzes every parser of outside input natively (`bash scripts/fuzz.sh`; see ARCHITECTURE.md).
//!
//! Structured random inputs derived from the fixtures in `tests/fixtures/` (byte flips,
//! truncations, inserted and deleted bytes, spliced fixtures, JSON type swaps, huge, negative,
//! NaN and 1e309 numbers, deep nesting, long strings, duplicated keys, BOMs, GBK and UTF-16),
//! each run under `catch_unwind`. Input `i` of a run with seed `s` is made by a PRNG seeded from
//! `(s, i)` alone, so `--seed s --only i --target t` replays it; a panicking input is also
//! written to the crash directory, and `--replay t FILE` runs that file again.
//!
//! Usage: `fuzz [--seed N] [--count N | --seconds S] [--threads N] [--target NAME]
//! [--crash-dir DIR] [--only I] [--replay TARGET FILE]`.

use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;
use store_ops_planner::core::metrics::codec::{crc32, pack, unpack};
use store_ops_planner::core::metrics::MetricsStore;
use store_ops_planner::core::{sample, sample_metrics};
use store_ops_planner::formats::import::{
    self, apply_table_with_progress, csv_rows, detect_table, html_rows, parts, values, wire,
    FastGb18030, Mapping,
};
use store_ops_planner::formats::{migrate, plan_file, validate};
use store_ops_planner::store::{self, Backend, MemoryBackend};

// ---------------------------------------------------------------- PRNG

/// SplitMix64: small, fast, and every input's stream depends only on (seed, index).
struct Rng(u64);

impl Rng {
    fn for_input(seed: u64, index: u64, target: usize) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((target as u64) << 56));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------- dictionaries

const TOKENS: &[&str] = &[
    "1e309",
    "-1e309",
    "1E400",
    "NaN",
    "Infinity",
    "-0",
    "0",
    "-1",
    "1.5",
    "9.88E+11",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999999999",
    "1e-400",
    "0x1F",
    "１２３",
    "12,345.67",
    "¥1,234",
    "￥-5",
    "12%",
    "-",
    "--",
    "",
    " ",
    "\"",
    "\"\"",
    ",",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{0}",
    "合计",
    "总计",
    "汇总",
    "Total",
    "日期",
    "统计日期",
    "商品ID",
    "访客数",
    "支付金额",
    "2026-02-30",
    "2026/13/01",
    "20261111",
    "2026-11-11 ~ 2026-11-12",
    "1899-12-31",
    "46000",
    "-46000",
    "2026年11月11日",
    "11/11/2026",
    "<td>",
    "</td>",
    "<tr>",
    "</tr>",
    "<table>",
    "</table>",
    "<th colspan=99999999>",
    "&amp;",
    "&#99999999;",
    "&#x110000;",
    "&",
    "<!--",
    "<br>",
    "{",
    "}",
    "[",
    "]",
    ":",
    "null",
    "true",
    "\"schema\":",
    "\"data\":",
    "\"version\":",
    "\"id\":",
    "\"rev\":\"1-a\"",
    "\\u0000",
    "\\ud800",
    "\u{10FFFF}",
    "\u{FFFD}",
    "\u{200B}",
    "é",
    "店铺",
    "\u{1F600}",
];

const JSON_REPLACEMENTS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e309",
    "-1e309",
    "1E400",
    "\"NaN\"",
    "18446744073709551616",
    "18446744073709551615",
    "-9223372036854775808",
    "9223372036854775807",
    "4294967296",
    "1e20",
    "-0",
    "0.0000001",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "[null]",
    "{\"a\":1}",
    "\"1-abc\"",
    "\"2026-02-30\"",
    "\"9.88E+11\"",
    "\"\\ud800\"",
    "\"-1\"",
    "\"deleted\"",
    "\"999999999999999999999\"",
];

// ---------------------------------------------------------------- generic mutations

fn mutate_bytes(r: &mut Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let most = if r.chance(4) { 16 } else { 4 };
    let rounds = 1 + r.below(most);
    for _ in 0..rounds {
        let len = data.len();
        match r.below(12) {
            0 if len > 0 => {
                let i = r.below(len);
                data[i] ^= 1 << r.below(8);
            }
            1 if len > 0 => {
                let i = r.below(len);
                data[i] = *r.pick(&[
                    0, 0xFF, 0x7F, 0x80, 0xC3, 0xE4, 0xED, 0xF4, 0xFE, b'"', b',', b'\n', b'\r',
                    b'\t', b'{', b'}', b'[', b']', b'<', b'>', b'\\', b'-', b'.', b'e', b'0',
                ]);
            }
            2 => {
                let i = r.below(len + 1);
                let n = 1 + r.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
                data.splice(i..i, bytes);
            }
            3 if len > 0 => {
                let i = r.below(len);
                let n = 1 + r.below((len - i).min(64));
                data.drain(i..i + n);
            }
            4 => {
                let cut = r.below(len + 1);
                data.truncate(cut);
            }
            5 | 6 => {
                let i = r.below(len + 1);
                let tok = r.pick(TOKENS).as_bytes().to_vec();
                data.splice(i..i, tok);
            }
            7 if len > 0 => {
                // duplicate a range somewhere else
                let a = r.below(len);
                let n = 1 + r.below((len - a).min(256));
                let chunk = data[a..a + n].to_vec();
                let at = r.below(len + 1);
                data.splice(at..at, chunk);
            }
            8 if !corpus.is_empty() => {
                // splice: a prefix of this with a suffix of another fixture
                let other = r.pick(corpus);
                let a = r.below(len + 1);
                let b = r.below(other.len() + 1);
                data.truncate(a);
                data.extend_from_slice(&other[b..]);
            }
            9 if len > 0 => {
                // replace a range with a long run
                let i = r.below(len);
                let n = 1 + r.below((len - i).min(32));
                let fill = *r.pick(&[b'9', b'a', b'"', b',', b'\n', 0xFF, 0x81, b'<']);
                let run = vec![fill; 1 + r.below(20_000)];
                data.splice(i..i + n, run);
            }
            10 if len > 1 => {
                let (a, b) = (r.below(len), r.below(len));
                data.swap(a, b);
            }
            _ => {
                let i = r.below(len + 1);
                data.splice(i..i, "\u{feff}".bytes());
            }
        }
    }
    if data.len() > 400_000 {
        data.truncate(400_000);
    }
}

/// A different encoding of the same text: BOMs, GBK, UTF-16.
fn reencode(r: &mut Rng, text: &str) -> Vec<u8> {
    match r.below(8) {
        0 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        1 | 2 => encoding_rs::GBK.encode(text).0.into_owned(),
        3 => {
            let mut v = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            v
        }
        4 => {
            let mut v = if r.chance(2) {
                vec![0xFE, 0xFF]
            } else {
                Vec::new()
            };
            for u in text.encode_utf16() {
                v.extend_from_slice(&u.to_be_bytes());
            }
            v
        }
        _ => text.as_bytes().to_vec(),
    }
}

// ---------------------------------------------------------------- JSON mutations

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

fn node_mut(v: &mut Value, mut n: usize) -> Option<&mut Value> {
    fn go<'a>(v: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
        if *n == 0 {
            return Some(v);
        }
        *n -= 1;
        match v {
            Value::Array(a) => a.iter_mut().find_map(|c| go(c, n)),
            Value::Object(o) => o.values_mut().find_map(|c| go(c, n)),
            _ => None,
        }
    }
    go(v, &mut n)
}

fn deep(depth: usize) -> String {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(if i % 2 == 0 { "[" } else { "{\"a\":" });
    }
    s.push('1');
    for i in (0..depth).rev() {
        s.push(if i % 2 == 0 { ']' } else { '}' });
    }
    s
}

fn mutate_json(r: &mut Rng, v: &mut Value) {
    for _ in 0..1 + r.below(4) {
        let n = count_nodes(v);
        let Some(node) = node_mut(v, r.below(n)) else {
            continue;
        };
        match r.below(10) {
            0..=3 => {
                let rep = r.pick(JSON_REPLACEMENTS);
                *node = serde_json::from_str(rep).unwrap_or(Value::Null);
            }
            4 => *node = Value::String("长".repeat(1 + r.below(50_000))),
            5 => match node {
                Value::Object(o) if !o.is_empty() => {
                    let k = o.keys().nth(r.below(o.len())).cloned().unwrap_or_default();
                    o.remove(&k);
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = r.below(a.len());
                    a.remove(i);
                }
                _ => *node = Value::Null,
            },
            6 => match node {
                Value::Array(a) if !a.is_empty() => {
                    let i = r.below(a.len());
                    let c = a[i].clone();
                    a.push(c);
                }
                Value::Object(o) => {
                    o.insert(r.pick(TOKENS).to_string(), Value::from(r.next() as i64));
                }
                _ => *node = Value::Array(vec![node.clone()]),
            },
            7 => *node = Value::from(r.next() as i64),
            8 => *node = Value::from(f64::from_bits(r.next())),
            _ => {
                let s = node.to_string();
                *node = Value::String(s);
            }
        }
    }
}

/// Text-level JSON damage the value model can't express: duplicated keys, 1e309 and NaN
/// literals, deep nesting.
fn mutate_json_text(r: &mut Rng, text: &mut String) {
    match r.below(5) {
        0 => {
            // duplicate the first member of some object
            let starts: Vec<usize> = text.match_indices('{').map(|(i, _)| i).collect();
            if starts.is_empty() {
                return;
            }
            let at = *r.pick(&starts) + 1;
            let rest = &text[at..];
            if let Some(end) = rest.find([',', '}']) {
                let member = rest[..end].to_string();
                if !member.trim().is_empty() {
                    text.insert_str(at, &format!("{member},"));
                }
            }
        }
        1 | 2 => {
            let nums: Vec<(usize, usize)> = {
                let b = text.as_bytes();
                let mut v = Vec::new();
                let mut i = 0;
                while i < b.len() {
                    if b[i] == b':' || b[i] == b'[' || b[i] == b',' {
                        let s = i + 1;
                        let mut e = s;
                        while e < b.len() && (b[e].is_ascii_digit() || b"-.eE+".contains(&b[e])) {
                            e += 1;
                        }
                        if e > s {
                            v.push((s, e));
                        }
                    }
                    i += 1;
                }
                v
            };
            if nums.is_empty() {
                return;
            }
            let (s, e) = *r.pick(&nums);
            let rep = *r.pick(&[
                "1e309", "-1e309", "NaN", "1E400", "-0", "1e-999", "00", "1.", "-",
            ]);
            text.replace_range(s..e, rep);
        }
        3 => {
            let at = text.find(':').map(|i| i + 1).unwrap_or(0);
            text.insert_str(at, &deep(100 + r.below(400)));
        }
        _ => {
            let at = r.below(text.len() + 1);
            if text.is_char_boundary(at) {
                text.insert_str(at, TOKENS[r.below(TOKENS.len())]);
            }
        }
    }
}

/// A JSON fixture damaged at the value level, the text level, the byte level, or all three.
fn mutated_json_bytes(r: &mut Rng, seed: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let parsed: Option<Value> = serde_json::from_slice(seed).ok();
    let mut bytes = match parsed {
        Some(mut v) if !r.chance(4) => {
            if !r.chance(5) {
                mutate_json(r, &mut v);
            }
            let mut text = if r.chance(2) {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            } else {
                v.to_string()
            };
            if r.chance(2) {
                mutate_json_text(r, &mut text);
            }
            reencode(r, &text)
        }
        _ => seed.to_vec(),
    };
    if r.chance(3) {
        mutate_bytes(r, &mut bytes, corpus);
    }
    bytes
}

// ---------------------------------------------------------------- table mutations

fn mutate_rows(r: &mut Rng, rows: &mut Vec<Vec<String>>) {
    for _ in 0..1 + r.below(6) {
        if rows.is_empty() {
            rows.push(vec![String::new()]);
        }
        let i = r.below(rows.len());
        match r.below(9) {
            0..=3 => {
                let row = &mut rows[i];
                if row.is_empty() {
                    row.push(String::new());
                }
                let j = r.below(row.len());
                row[j] = if r.chance(6) {
                    format!("{}{}", row[j], r.pick(TOKENS))
                } else {
                    r.pick(TOKENS).to_string()
                };
            }
            4 => {
                let c = rows[i].clone();
                let at = r.below(rows.len() + 1);
                rows.insert(at, c);
            }
            5 => {
                rows.remove(i);
            }
            6 => {
                let row = &mut rows[i];
                if r.chance(2) {
                    row.push(r.pick(TOKENS).to_string());
                } else {
                    row.pop();
                }
            }
            7 => {
                // swap two columns everywhere
                let w = rows.iter().map(Vec::len).max().unwrap_or(0);
                let (a, b) = (r.below(w), r.below(w));
                for row in rows.iter_mut() {
                    if a < row.len() && b < row.len() {
                        row.swap(a, b);
                    }
                }
            }
            _ => {
                let row = &mut rows[i];
                let n = row.len();
                if n > 0 {
                    let j = r.below(n);
                    row[j] = "9".repeat(1 + r.below(400));
                }
            }
        }
    }
}

fn quote(cell: &str, delim: char, always: bool) -> String {
    if always || cell.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

fn to_csv(r: &mut Rng, rows: &[Vec<String>]) -> String {
    let delim = *r.pick(&[',', ',', '\t', ';']);
    let eol = *r.pick(&["\n", "\r\n", "\r"]);
    let always = r.chance(4);
    let mut s = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| quote(c, delim, always)).collect();
        s.push_str(&cells.join(&delim.to_string()));
        s.push_str(eol);
    }
    if r.chance(5) {
        s.pop();
    }
    s
}

fn to_html(r: &mut Rng, rows: &[Vec<String>]) -> String {
    let mut s = String::from("<html><head><meta charset=\"utf-8\"></head><body><table border=1>\n");
    for (i, row) in rows.iter().enumerate() {
        s.push_str("<tr>");
        let tag = if i == 0 && r.chance(2) { "th" } else { "td" };
        for c in row {
            let attr = if r.chance(30) { " colspan=\"3\"" } else { "" };
            let c = c.replace('&', "&amp;").replace('<', "&lt;");
            s.push_str(&format!("<{tag}{attr}>{c}</{tag}>"));
        }
        if !r.chance(10) {
            s.push_str("</tr>");
        }
        s.push('\n');
    }
    s.push_str("</table></body></html>");
    s
}

// ---------------------------------------------------------------- fixtures

struct Corpus {
    plan: Vec<Vec<u8>>,
    plan_small: Vec<Vec<u8>>,
    import: Vec<Vec<u8>>,
    import_rows: Vec<Vec<Vec<String>>>,
    mappings: Vec<Mapping>,
    wires: Vec<(import::ImportBatch, Vec<u8>)>,
    metrics: Vec<Vec<u8>>,
    stored: Vec<(String, String)>,
}

fn read_dir(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            read_dir(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "json" || e == "csv" || e == "xls")
        {
            if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
}

fn corpus(root: &Path) -> Corpus {
    let mut plan = Vec::new();
    read_dir(&root.join("tests/fixtures/plan"), &mut plan);
    let mut import = Vec::new();
    read_dir(&root.join("tests/fixtures/import"), &mut import);
    read_dir(&root.join("tests/fixtures/fuzz"), &mut import);
    let gbk = FastGb18030::new();
    let mut import_rows = Vec::new();
    let mut mappings = Vec::new();
    let mut wires = Vec::new();
    for b in &import {
        if let Ok((rows, _)) = import::read_rows(b, &gbk) {
            // keep the inputs small: header area and a few dozen rows
            import_rows.push(rows.into_iter().take(40).collect());
        }
        if let Ok((m, batch)) = import::import_text(b, &gbk) {
            mappings.push(m);
            wires.push(wire::split(batch));
        }
    }
    let now = 1_780_000_000_000;
    let mut ws = sample::sample_workspace(now);
    ws.products.truncate(4);
    ws.promotions.truncate(3);
    ws.events.truncate(6);
    let today = 20_400;
    let m = sample_metrics::generated_metrics(&ws.products, today, 12);
    let mut metrics = Vec::new();
    if let Ok(b) = unpack(&m.encode()) {
        metrics.push(b);
    }
    let small = sample_metrics::generated_metrics(&ws.products[..1], today, 3);
    if let Ok(b) = unpack(&small.encode()) {
        metrics.push(b);
    }
    if let Ok(b) = unpack(&MetricsStore::default().encode()) {
        metrics.push(b);
    }
    let stored = vec![
        ("sop/products".to_string(), store::encode(&ws.products)),
        ("sop/promotions".to_string(), store::encode(&ws.promotions)),
        ("sop/events".to_string(), store::encode(&ws.events)),
        (store::KEY_PROFILE.to_string(), store::encode(&ws.profile)),
        (store::KEY_SETTINGS.to_string(), store::encode(&ws.settings)),
        (
            store::KEY_PREFS.to_string(),
            store::encode(&serde_json::json!({"locale": "zh", "onboarded": true,
                "mappings": {"a|b": mappings.first()}})),
        ),
        (store::KEY_METRICS.to_string(), m.encode()),
    ];
    plan.push(plan_file::export(&ws, None, now).into_bytes());
    let plan_small = plan.iter().filter(|p| p.len() < 8_000).cloned().collect();
    Corpus {
        plan,
        plan_small,
        import,
        import_rows,
        mappings,
        wires,
        metrics,
        stored,
    }
}

// ---------------------------------------------------------------- inputs with several parts

/// Several byte strings in one input (so one file replays it): u32 LE length, bytes, ...
fn join_fields(fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in fields {
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(f);
    }
    out
}

fn split_fields(mut b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while b.len() >= 4 {
        let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let rest = &b[4..];
        let n = n.min(rest.len());
        out.push(&rest[..n]);
        b = &rest[n..];
    }
    out
}

// ---------------------------------------------------------------- a stored-zip xlsx

fn zip_stored(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let mut h = Vec::new();
        h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        h.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        h.extend_from_slice(&crc.to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn sheet_xml(r: &mut Rng, rows: &[Vec<String>]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (i, row) in rows.iter().enumerate() {
        s.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, c) in row.iter().enumerate() {
            let at = format!("{}{}", col_name(j), i + 1);
            let esc = c.replace('&', "&amp;").replace('<', "&lt;");
            if !c.is_empty() && c.parse::<f64>().is_ok() && !r.chance(4) {
                let style = if r.chance(8) { " s=\"1\"" } else { "" };
                s.push_str(&format!("<c r=\"{at}\"{style}><v>{esc}</v></c>"));
            } else {
                s.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t>{esc}</t></is></c>"
                ));
            }
        }
        s.push_str("</row>");
    }
    s.push_str("</sheetData></worksheet>");
    s
}

fn xlsx(sheet: &[u8], extra: &[u8]) -> Vec<u8> {
    let ct = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_vec();
    let rels = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_vec();
    let wb = [b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>".as_slice(), extra, b"</sheets></workbook>"].concat();
    let wbrels = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_vec();
    let styles = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>".to_vec();
    zip_stored(&[
        ("[Content_Types].xml", ct),
        ("_rels/.rels", rels),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", wbrels),
        ("xl/styles.xml", styles),
        ("xl/worksheets/sheet1.xml", sheet.to_vec()),
    ])
}

// ---------------------------------------------------------------- targets

struct Ctx {
    corpus: Corpus,
    gbk: FastGb18030,
}

type Gen = fn(&mut Rng, &Ctx) -> Vec<u8>;
type Run = fn(&[u8], &Ctx);

struct Target {
    name: &'static str,
    what: &'static str,
    gen: Gen,
    run: Run,
}

const TARGETS: &[Target] = &[
    Target {
        name: "plan",
        what: "plan files: formats::plan_file::parse (envelope, migrate, validate)",
        gen: gen_plan,
        run: run_plan,
    },
    Target {
        name: "validate",
        what: "formats::validate and formats::migrate on mutated JSON values",
        gen: gen_plan,
        run: run_validate,
    },
    Target {
        name: "csv",
        what: "CSV/TSV in UTF-8, GBK, UTF-16: read_table, detect_table, apply",
        gen: gen_csv,
        run: run_import,
    },
    Target {
        name: "html",
        what: "HTML-table .xls: html_rows, read_table, detect_table, apply",
        gen: gen_html,
        run: run_import,
    },
    Target {
        name: "mapping",
        what: "a remembered/corrected Mapping (JSON) applied to a mutated file",
        gen: gen_mapping,
        run: run_mapping,
    },
    Target {
        name: "parts",
        what: "parallel import: split_point, parse_part, join_parts",
        gen: gen_parts,
        run: run_parts,
    },
    Target {
        name: "values",
        what: "cell parsers: parse_day/decimal/money/count/item_id/plan_id/name, header_key",
        gen: gen_values,
        run: run_values,
    },
    Target {
        name: "wire",
        what: "formats::import::wire::join on mutated record bytes",
        gen: gen_wire,
        run: run_wire,
    },
    Target {
        name: "xlsx",
        what: "xlsx/xls bytes through calamine as the worker reads them, then detect/apply",
        gen: gen_xlsx,
        run: run_xlsx,
    },
    Target {
        name: "metrics",
        what: "stored metrics: MetricsStore::decode (codec) incl. re-checksummed bodies",
        gen: gen_metrics,
        run: run_metrics,
    },
    Target {
        name: "store",
        what: "store::load over a MemoryBackend with mutated values for each key",
        gen: gen_store,
        run: run_store,
    },
];

fn gen_plan(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let pool = if r.chance(40) {
        &c.corpus.plan
    } else {
        &c.corpus.plan_small
    };
    let seed = r.pick(pool);
    mutated_json_bytes(r, seed, pool)
}

fn run_plan(b: &[u8], _: &Ctx) {
    let _ = plan_file::parse(b);
}

fn run_validate(b: &[u8], _: &Ctx) {
    let Ok(v) = serde_json::from_slice::<Value>(b) else {
        return;
    };
    let payload = v.get("payload").unwrap_or(&v);
    let empty = Value::Null;
    let _ = validate::products(payload.get("products").unwrap_or(&empty), "products");
    let _ = validate::promotions(payload.get("promotions").unwrap_or(&empty), "promotions");
    let _ = validate::events(payload.get("events").unwrap_or(&empty), "events");
    let _ = validate::profile(payload.get("profile").unwrap_or(&empty), "profile");
    let _ = validate::products(payload, "x");
    if let Ok(version) = migrate::version_of(v.get("version")) {
        let step: migrate::Step = |v| Ok(v);
        let _ = migrate::migrate(v.clone(), version, &[step, step]);
    }
}

fn gen_csv(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let corpus = &c.corpus.import;
    if r.chance(3) || c.corpus.import_rows.is_empty() {
        let mut b = r.pick(corpus).clone();
        if b.len() > 6_000 && !r.chance(10) {
            b.truncate(6_000);
        }
        mutate_bytes(r, &mut b, corpus);
        return b;
    }
    let mut rows = r.pick(&c.corpus.import_rows).clone();
    mutate_rows(r, &mut rows);
    let text = to_csv(r, &rows);
    let mut b = reencode(r, &text);
    if r.chance(4) {
        mutate_bytes(r, &mut b, corpus);
    }
    b
}

fn gen_html(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let Some(rows) = c
        .corpus
        .import_rows
        .get(r.below(c.corpus.import_rows.len()))
    else {
        return Vec::new();
    };
    let mut rows = rows.clone();
    if !r.chance(4) {
        mutate_rows(r, &mut rows);
    }
    let text = to_html(r, &rows);
    let mut b = reencode(r, &text);
    if r.chance(2) {
        mutate_bytes(r, &mut b, &[]);
    }
    b
}

fn run_import(b: &[u8], c: &Ctx) {
    let _ = import::decode_text(b, &c.gbk);
    if let Ok((text, _)) = import::decode_text(b, &c.gbk) {
        let _ = html_rows(&text);
        let _ = csv_rows(&text);
    }
    let _ = import::import_text(b, &c.gbk);
}

fn gen_mapping(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let file = gen_csv(r, c);
    let m = c.corpus.mappings.get(r.below(c.corpus.mappings.len()));
    let json = serde_json::to_vec(&m).unwrap_or_default();
    let mapping = mutated_json_bytes(r, &json, &[]);
    join_fields(&[&file, &mapping])
}

fn run_mapping(b: &[u8], c: &Ctx) {
    let f = split_fields(b);
    let (Some(file), Some(mapping)) = (f.first(), f.get(1)) else {
        return;
    };
    let Ok(mut mapping) = serde_json::from_slice::<Mapping>(mapping) else {
        return;
    };
    let Ok((table, _)) = import::read_table(file, &c.gbk) else {
        return;
    };
    let _ = mapping.signature();
    let _ = mapping.field(r_usize(b));
    let _ = apply_table_with_progress(&table, &mapping, &mut |_, _| true);
    if let Ok(mut detected) = detect_table(&table) {
        let _ = detected.adopt(&mapping);
        mapping.header_row = detected.header_row;
        let _ = apply_table_with_progress(&table, &detected, &mut |_, _| true);
        let _ = apply_table_with_progress(&table, &mapping, &mut |done, _| done < 3);
    }
}

fn r_usize(b: &[u8]) -> usize {
    b.len().wrapping_mul(31) % 64
}

fn gen_parts(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let file = gen_csv(r, c);
    let count = 2 + r.below(3);
    let mut cuts: Vec<u8> = vec![count as u8];
    for _ in 1..count {
        cuts.extend_from_slice(&(r.below(file.len() + 1) as u32).to_le_bytes());
    }
    let m = if r.chance(3) {
        c.corpus
            .mappings
            .get(r.below(c.corpus.mappings.len()))
            .and_then(|m| serde_json::to_vec(m).ok())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    join_fields(&[&file, &cuts, &m])
}

fn run_parts(b: &[u8], c: &Ctx) {
    let f = split_fields(b);
    let (Some(file), Some(cuts)) = (f.first(), f.get(1)) else {
        return;
    };
    let mapping: Option<Mapping> = f.get(2).and_then(|m| serde_json::from_slice(m).ok());
    let Some((&count, rest)) = cuts.split_first() else {
        return;
    };
    let count = usize::from(count).clamp(1, 8);
    let mut starts = vec![0usize];
    for w in rest.chunks_exact(4).take(count - 1) {
        let nominal = (u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize).min(file.len());
        let (a, e) = parts::seek_window(nominal, file.len());
        let cut = parts::split_point(&file[a..e], a, nominal).unwrap_or(nominal);
        starts.push(cut.max(*starts.last().unwrap_or(&0)).min(file.len()));
    }
    starts.push(file.len());
    let head = &file[..file.len().min(parts::HEAD_BYTES)];
    let n = starts.len() - 1;
    let mut got = Vec::new();
    for k in 0..n {
        let part = &file[starts[k]..starts[k + 1]];
        match parts::parse_part(
            k,
            n,
            part,
            head,
            mapping.as_ref(),
            &c.gbk,
            store_ops_planner::formats::import::REFUND_TOLERANCE,
            &mut |_, _| true,
        ) {
            Some(p) => got.push(p),
            None => return,
        }
    }
    let _ = parts::join_parts(got);
}

fn gen_values(r: &mut Rng, _: &Ctx) -> Vec<u8> {
    let mut s = String::new();
    for _ in 0..1 + r.below(4) {
        s.push_str(TOKENS[r.below(TOKENS.len())]);
    }
    let mut b = s.into_bytes();
    if r.chance(2) {
        mutate_bytes(r, &mut b, &[]);
    }
    b
}

fn run_values(b: &[u8], _: &Ctx) {
    let s = String::from_utf8_lossy(b);
    let s = s.as_ref();
    let _ = values::clean(s);
    let _ = values::is_empty_marker(values::clean(s));
    let _ = values::parse_decimal(s);
    let _ = values::parse_money(s);
    let _ = values::parse_count(s);
    if let Ok(Some(day)) = values::parse_day(s) {
        let _ = values::day_to_iso(day);
        let _ = values::civil_from_days(day);
    }
    let _ = values::parse_item_id(s);
    let _ = values::parse_plan_id(s);
    let _ = values::parse_name(s);
    let _ = import::header_key(s);
    let _ = import::header_names(&[s.to_string()]);
    if b.len() >= 8 {
        let v = i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        let _ = values::fen_to_text(v);
        let _ = values::civil_from_days(v as i32 as _);
        let _ = values::days_from_civil(v as i32, (v >> 32) as u32 % 40, (v >> 40) as u32 % 40);
    }
}

fn gen_wire(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let Some((_, bytes)) = c.corpus.wires.get(r.below(c.corpus.wires.len())) else {
        return Vec::new();
    };
    let mut b = bytes.clone();
    mutate_bytes(r, &mut b, &[]);
    b
}

fn run_wire(b: &[u8], c: &Ctx) {
    if let Some((batch, _)) = c.corpus.wires.first() {
        let _ = wire::join(batch.clone(), b);
    }
}

fn gen_xlsx(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    if r.chance(10) {
        // an OLE2 (BIFF .xls) header and garbage
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(512 * (1 + r.below(8)), 0);
        for x in b.iter_mut().skip(8) {
            if r.chance(3) {
                *x = r.next() as u8;
            }
        }
        return b;
    }
    let rows = c
        .corpus
        .import_rows
        .get(r.below(c.corpus.import_rows.len()))
        .cloned()
        .unwrap_or_default();
    let mut rows: Vec<Vec<String>> = rows.into_iter().take(12).collect();
    if r.chance(2) {
        mutate_rows(r, &mut rows);
    }
    let mut sheet = sheet_xml(r, &rows).into_bytes();
    if r.chance(2) {
        mutate_bytes(r, &mut sheet, &[]);
    }
    let extra: &[u8] = if r.chance(10) {
        b"<sheet name=\"\" sheetId=\"0\" r:id=\"rId9\"/>"
    } else {
        b""
    };
    let mut z = xlsx(&sheet, extra);
    if r.chance(5) {
        mutate_bytes(r, &mut z, &[]);
    }
    z
}

fn run_xlsx(b: &[u8], c: &Ctx) {
    let _ = import::read_table(b, &c.gbk);
    if let Ok(table) = import::sheet_rows(b.to_vec()) {
        if let Ok(m) = detect_table(&table) {
            let _ = apply_table_with_progress(&table, &m, &mut |_, _| true);
        }
    }
}

fn gen_metrics(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let Some(seed) = c.corpus.metrics.get(r.below(c.corpus.metrics.len())) else {
        return Vec::new();
    };
    let mut bytes = seed.clone();
    if r.chance(4) {
        // damage the packed string itself
        let mut s = pack(&bytes).into_bytes();
        mutate_bytes(r, &mut s, &[]);
        return s;
    }
    // damage the body and fix the checksum, so the decoder's inner reads are reached
    let body_end = bytes.len().saturating_sub(4);
    let mut body = bytes[..body_end].to_vec();
    let version = body.first().copied().unwrap_or(1);
    let mut rest = body.split_off(1.min(body.len()));
    match r.below(3) {
        0 => {
            let n = 1 + r.below(3);
            for _ in 0..n {
                if !rest.is_empty() {
                    let i = r.below(rest.len());
                    rest[i] ^= 1 << r.below(8);
                }
            }
        }
        _ => mutate_bytes(r, &mut rest, &[]),
    }
    let version = if r.chance(50) {
        r.next() as u8
    } else {
        version
    };
    bytes = [vec![version], rest].concat();
    let crc = crc32(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    pack(&bytes).into_bytes()
}

fn run_metrics(b: &[u8], _: &Ctx) {
    let s = String::from_utf8_lossy(b);
    if let Ok(m) = MetricsStore::decode(&s) {
        let _ = m.encode();
        let _ = m.day_span();
    }
    let _ = unpack(&s);
}

fn gen_store(r: &mut Rng, c: &Ctx) -> Vec<u8> {
    let stored = &c.corpus.stored;
    let mut fields: Vec<Vec<u8>> = Vec::new();
    let victims = 1 + r.below(3);
    let chosen: Vec<usize> = (0..victims).map(|_| r.below(stored.len())).collect();
    for (i, (key, value)) in stored.iter().enumerate() {
        if r.chance(12) {
            continue; // missing key
        }
        let v = if chosen.contains(&i) {
            if key == store::KEY_METRICS {
                let mut b = value.clone().into_bytes();
                mutate_bytes(r, &mut b, &[]);
                b
            } else {
                mutated_json_bytes(r, value.as_bytes(), &[])
            }
        } else {
            value.clone().into_bytes()
        };
        fields.push(key.clone().into_bytes());
        fields.push(v);
    }
    if r.chance(20) {
        let key = format!("{}{}/1780000000000", store::CORRUPT_PREFIX, "sop/products");
        fields.push(key.into_bytes());
        fields.push(b"x".to_vec());
    }
    let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    join_fields(&refs)
}

fn run_store(b: &[u8], _: &Ctx) {
    let f = split_fields(b);
    let backend = MemoryBackend::default();
    for kv in f.chunks_exact(2) {
        let (k, v) = (
            String::from_utf8_lossy(kv[0]),
            String::from_utf8_lossy(kv[1]),
        );
        let _ = backend.set(&k, &v);
    }
    let loaded = store::load(&backend, 1_780_000_000_000);
    let _ = store::corrupt_entries(&backend);
    let _ = store::read_metrics(&backend);
    let _ = store::read::<store_ops_planner::model::Product>(&backend);
    let _ = store::read::<store_ops_planner::model::Promotion>(&backend);
    let _ = store::read::<store_ops_planner::model::PlatformEvent>(&backend);
    let _ = store::read_profile(&backend);
    let _ = store::read_settings(&backend);
    let _ = store::used_chars(&backend);
    let _ = loaded.workspace.products.len();
}

// ---------------------------------------------------------------- driver

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

struct Args {
    seed: u64,
    count: Option<u64>,
    seconds: Option<f64>,
    threads: usize,
    targets: Vec<usize>,
    crash_dir: PathBuf,
    only: Option<u64>,
    replay: Option<(String, PathBuf)>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seed: 1,
        count: None,
        seconds: None,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        targets: (0..TARGETS.len()).collect(),
        crash_dir: PathBuf::from("fuzz-crashes"),
        only: None,
        replay: None,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    let num = |s: Option<&String>, what: &str| -> Result<String, String> {
        s.cloned().ok_or(format!("{what} needs a value"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seed" => a.seed = num(it.next(), arg)?.parse().map_err(|e| format!("{e}"))?,
            "--count" => a.count = Some(num(it.next(), arg)?.parse().map_err(|e| format!("{e}"))?),
            "--seconds" => {
                a.seconds = Some(num(it.next(), arg)?.parse().map_err(|e| format!("{e}"))?)
            }
            "--threads" => a.threads = num(it.next(), arg)?.parse().map_err(|e| format!("{e}"))?,
            "--only" => a.only = Some(num(it.next(), arg)?.parse().map_err(|e| format!("{e}"))?),
            "--crash-dir" => a.crash_dir = PathBuf::from(num(it.next(), arg)?),
            "--target" => {
                let names = num(it.next(), arg)?;
                a.targets = names
                    .split(',')
                    .map(|n| {
                        TARGETS
                            .iter()
                            .position(|t| t.name == n)
                            .ok_or(format!("no target {n}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--replay" => {
                let t = num(it.next(), arg)?;
                let f = num(it.next(), arg)?;
                a.replay = Some((t, PathBuf::from(f)));
            }
            "--list" => {
                for t in TARGETS {
                    println!("{:9} {}", t.name, t.what);
                }
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    a.threads = a.threads.max(1);
    Ok(a)
}

fn run_one(t: &Target, input: &[u8], ctx: &Ctx) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| (t.run)(input, ctx)))
        .map_err(|_| LAST_PANIC.with(|p| p.borrow().clone()))
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("fuzz: {e}");
            std::process::exit(2);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let msg = format!("{info}");
        LAST_PANIC.with(|p| *p.borrow_mut() = msg);
    }));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ctx = Arc::new(Ctx {
        corpus: corpus(&root),
        gbk: FastGb18030::new(),
    });

    if let Some((name, file)) = &args.replay {
        let Some(t) = TARGETS.iter().find(|t| t.name == name) else {
            eprintln!("fuzz: no target {name}");
            std::process::exit(2);
        };
        let input = std::fs::read(file).unwrap_or_default();
        match run_one(t, &input, &ctx) {
            Ok(()) => println!("replay {name} {}: no panic", file.display()),
            Err(m) => {
                println!("replay {name} {}: PANIC {m}", file.display());
                std::process::exit(1);
            }
        }
        return;
    }
    if let Some(i) = args.only {
        for &ti in &args.targets {
            let t = &TARGETS[ti];
            let input = (t.gen)(&mut Rng::for_input(args.seed, i, ti), &ctx);
            match run_one(t, &input, &ctx) {
                Ok(()) => println!("{} seed {} input {i}: no panic", t.name, args.seed),
                Err(m) => println!("{} seed {} input {i}: PANIC {m}", t.name, args.seed),
            }
        }
        return;
    }

    let count = args.count.unwrap_or(if args.seconds.is_some() {
        u64::MAX
    } else {
        10_000_000
    });
    let per_target = count.div_ceil(args.targets.len() as u64);
    let deadline = args.seconds.map(std::time::Duration::from_secs_f64);
    println!(
        "fuzz: seed {}, {} threads, targets {}, {}",
        args.seed,
        args.threads,
        args.targets.len(),
        match deadline {
            Some(d) => format!(
                "{:.0} s per target",
                d.as_secs_f64() / args.targets.len() as f64
            ),
            None => format!("{per_target} inputs per target"),
        }
    );
    let _ = std::fs::create_dir_all(&args.crash_dir);
    let start = Instant::now();
    let mut total = 0u64;
    let mut total_panics = 0u64;
    for &ti in &args.targets {
        let t = &TARGETS[ti];
        let t_start = Instant::now();
        let next = Arc::new(AtomicU64::new(0));
        let done = Arc::new(AtomicU64::new(0));
        let panics = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let budget = deadline.map(|d| d / args.targets.len() as u32);
        std::thread::scope(|s| {
            for _ in 0..args.threads {
                let (next, done, panics, stop, ctx) = (&next, &done, &panics, &stop, &ctx);
                let crash_dir = &args.crash_dir;
                s.spawn(move || loop {
                    // batches of 64 keep the shared counter cheap
                    let first = next.fetch_add(64, Ordering::Relaxed);
                    if first >= per_target || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    for i in first..(first + 64).min(per_target) {
                        let input = (t.gen)(&mut Rng::for_input(args.seed, i, ti), ctx);
                        if let Err(m) = run_one(t, &input, ctx) {
                            panics.fetch_add(1, Ordering::Relaxed);
                            let file = crash_dir.join(format!("{}-{}-{i}.bin", t.name, args.seed));
                            let _ = std::fs::write(&file, &input);
                            eprintln!(
                                "PANIC target {} seed {} input {i} (replay: --seed {} --only {i} \
                                 --target {}; saved {}): {m}",
                                t.name,
                                args.seed,
                                args.seed,
                                t.name,
                                file.display()
                            );
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    if budget.is_some_and(|b| t_start.elapsed() >= b) {
                        stop.store(true, Ordering::Relaxed);
                    }
                });
            }
        });
        let n = done.load(Ordering::Relaxed);
        let p = panics.load(Ordering::Relaxed);
        let secs = t_start.elapsed().as_secs_f64();
        println!(
            "{:9} {:>10} inputs {:>4} panics {:>8.1} s {:>9.0}/s  {}",
            t.name,
            n,
            p,
            secs,
            n as f64 / secs.max(1e-9),
            t.what
        );
        total += n;
        total_panics += p;
    }
    println!(
        "total     {:>10} inputs {:>4} panics {:>8.1} s (seed {})",
        total,
        total_panics,
        start.elapsed().as_secs_f64(),
        args.seed
    );
    if total_panics > 0 {
        println!("crash inputs saved in {}", args.crash_dir.display());
        std::process::exit(1);
    }
}
