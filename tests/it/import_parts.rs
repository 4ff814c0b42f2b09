//! A file read in parts (one import worker each, `formats::import::parts`) and joined gives
//! exactly what reading it in one piece gives: records, counts, duplicates and warnings with
//! their row numbers. When the parts can't tell (a cut inside a quoted field, a bad cell, a head
//! too short for the header) the join says so and the caller reads the file in one piece.
//!
//! Native only: GBK is encoded and decoded with encoding_rs, and proptest is a native
//! dev-dependency.

use proptest::prelude::*;
use store_ops_planner::formats::import::parts::{
    join_parts, nominal_start, parse_part, part_count, seek_window, split_point, HEAD_BYTES,
    MIN_PART_BYTES,
};
use store_ops_planner::formats::import::{
    import_text, EncodingRs, Field, ImportBatch, ImportError, Mapping,
};

/// What the page and its workers do: cut `bytes` near `nominals` (sorted), read each part as
/// its worker would (seek windows and a head of `head_len` bytes), join. `None`: one piece.
fn in_parts(
    bytes: &[u8],
    nominals: &[usize],
    head_len: usize,
    mapping: Option<&Mapping>,
) -> Option<(Mapping, ImportBatch)> {
    let len = bytes.len();
    let mut cuts = vec![0];
    for &n in nominals {
        let (ws, we) = seek_window(n, len);
        let p = split_point(bytes.get(ws..we)?, ws, n)?;
        if p <= *cuts.last()? {
            return None; // two cuts at one line: the page never asks for that
        }
        cuts.push(p);
    }
    cuts.push(len);
    let count = cuts.len() - 1;
    let head = bytes.get(..head_len.min(len))?;
    let mut parts = Vec::new();
    for k in 0..count {
        let part = bytes.get(cuts[k]..cuts[k + 1])?;
        parts.push(parse_part(
            k,
            count,
            part,
            head,
            mapping,
            &EncodingRs,
            store_ops_planner::formats::import::REFUND_TOLERANCE,
            &mut |_, _| true,
        )?);
    }
    join_parts(parts)
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

const PREAMBLE: &str =
    "【生意参谋平台】商品_全部\n统计时间：2024-03-01 ~ 2024-03-07\n终端：所有终端\n\n";
const HEADER: &str = "统计日期,商品ID,商品名称,商品访客数,加购人数,支付买家数,支付件数,支付金额";

/// A 生意参谋 product export of `n` rows with the quirks of real ones: duplicates near and far,
/// an ID with a `.0` suffix (a warning), quoted names with commas, quotes and line breaks,
/// blank lines, a repeated header, 合计 rows and a note at the end.
fn product_file(n: usize, crlf: bool) -> String {
    let mut s = String::from(PREAMBLE);
    s.push_str(HEADER);
    s.push('\n');
    for i in 0..n {
        let day = 1 + (i / 40) % 28;
        let item = 600_000_000_000u64 + (i % 40) as u64 + if i % 997 == 0 { 0 } else { 100 };
        let name = match i % 11 {
            0 => "\"连衣裙, 夏季\"".to_string(),
            1 => "\"说 \"\"新款\"\"\"".to_string(),
            2 => "\"两行\n名字\"".to_string(),
            3 => "半\"引号".to_string(),
            _ => format!("商品{}", i % 40),
        };
        let id = if i == 7 {
            format!("{item}.0")
        } else {
            item.to_string()
        };
        s.push_str(&format!(
            "2024-02-{day:02},{id},{name},{},{},{},{},\"{}.{:02}\"\n",
            i % 500,
            i % 50,
            i % 20,
            i % 30,
            (i * 37) % 10_000,
            i % 100
        ));
        if i % 503 == 0 {
            s.push('\n');
        }
        if i % 1_201 == 0 {
            s.push_str(HEADER);
            s.push('\n');
        }
        if i % 1_700 == 0 {
            s.push_str("合计,,,1,1,1,1,1.00\n");
        }
    }
    s.push_str("注：数据来源 生意参谋\n");
    if crlf {
        s = s.replace('\n', "\r\n");
    }
    s
}

fn thirds(len: usize, count: usize) -> Vec<usize> {
    (1..count).map(|k| nominal_start(len, k, count)).collect()
}

#[test]
fn a_product_file_in_two_three_and_four_parts_is_the_one_piece_read() {
    for crlf in [false, true] {
        let bytes = gbk(&product_file(4_000, crlf));
        let one = import_text(&bytes, &EncodingRs).expect("the file reads in one piece");
        assert!(one.1.duplicate_count > 0 && one.1.warning_count == 1);
        assert!(one.1.skipped_total_rows > 0 && one.1.skipped_other_rows > 0);
        for count in 2..=4 {
            let joined = in_parts(&bytes, &thirds(bytes.len(), count), HEAD_BYTES, None);
            assert_eq!(joined.as_ref(), Some(&one), "{count} parts, crlf {crlf}");
        }
    }
}

#[test]
fn duplicates_across_parts_are_counted_at_the_row_of_their_first_appearance() {
    // The same (day, item) in the first and the last line: one duplicate, at the last row.
    let mut s = format!("{HEADER}\n");
    for i in 0..2_000 {
        s.push_str(&format!("2024-03-01,{},名,1,0,0,0,1.00\n", 700_000 + i));
    }
    s.push_str("2024-03-01,700000,名,9,0,0,0,9.00\n");
    let bytes = s.into_bytes();
    let one = import_text(&bytes, &EncodingRs).unwrap();
    assert_eq!(one.1.duplicates, vec![2_002]);
    let joined = in_parts(&bytes, &thirds(bytes.len(), 2), HEAD_BYTES, None).unwrap();
    assert_eq!(joined, one);
    assert_eq!(joined.1.product_days[0].visitors, 9);
}

#[test]
fn a_store_file_joins_too() {
    let mut s = String::from("日期,访客数,浏览量,支付买家数,支付金额\n");
    for i in 0..3_000 {
        let d = 1 + i % 1_000; // every day three times: the last row of each wins
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            45_000 + d,
            i,
            i * 2,
            i % 7,
            i * 3
        ));
    }
    let bytes = s.into_bytes();
    let one = import_text(&bytes, &EncodingRs).unwrap();
    assert_eq!(one.1.duplicate_count, 2_000);
    let joined = in_parts(&bytes, &thirds(bytes.len(), 3), HEAD_BYTES, None);
    assert_eq!(joined, Some(one));
}

#[test]
fn a_cut_inside_a_quoted_field_reads_in_one_piece() {
    // Only one line break in the middle of the file, and it is inside quotes.
    let mut s = format!("{HEADER}\n2024-03-01,1,\"");
    s.push_str(&"长".repeat(3_000));
    s.push('\n');
    s.push_str(&"名".repeat(3_000));
    s.push_str("\",1,0,0,0,1.00\n2024-03-02,1,名,1,0,0,0,1.00\n");
    let bytes = s.into_bytes();
    assert!(import_text(&bytes, &EncodingRs).is_ok());
    assert_eq!(in_parts(&bytes, &[bytes.len() / 2], HEAD_BYTES, None), None);
}

#[test]
fn a_bad_cell_or_a_short_head_reads_in_one_piece() {
    let good = product_file(2_000, false);
    let bad = good.replacen(",12,12,12,", ",12,十二,12,", 1);
    let bytes = gbk(&bad);
    assert!(matches!(
        import_text(&bytes, &EncodingRs),
        Err(ImportError::Rows { .. })
    ));
    assert_eq!(in_parts(&bytes, &[bytes.len() / 2], HEAD_BYTES, None), None);
    // A head that ends before the header row: the later part can't know the columns.
    let bytes = gbk(&good);
    assert_eq!(in_parts(&bytes, &[bytes.len() / 2], 40, None), None);
}

#[test]
fn a_corrected_mapping_is_used_by_every_part() {
    let bytes = gbk(&product_file(4_000, false));
    let (mut mapping, _) = import_text(&bytes, &EncodingRs).unwrap();
    // The operator says 加购人数 is not to be read.
    if let Some(c) = mapping
        .columns
        .iter_mut()
        .find(|c| c.1 == Field::CartBuyers)
    {
        c.1 = Field::Ignore;
    }
    let joined = in_parts(&bytes, &thirds(bytes.len(), 2), HEAD_BYTES, Some(&mapping)).unwrap();
    assert_eq!(joined.0, mapping);
    assert!(joined.1.product_days.iter().all(|r| r.cart_buyers == 0));
}

#[test]
fn part_counts_follow_size_and_cores() {
    assert_eq!(part_count(MIN_PART_BYTES - 1, 8), 1);
    assert_eq!(part_count(14 << 20, 2), 2);
    assert_eq!(part_count(14 << 20, 16), 4);
    assert_eq!(part_count(5 << 20, 16), 2);
    assert_eq!(part_count(usize::MAX, 0), 1);
}

#[test]
fn cuts_are_after_one_line_break_between_two_lines() {
    let b = b"a,b\r\n\r\nc\n\nd\ne\r\nf";
    assert_eq!(split_point(b, 0, 0), Some(12)); // "d\n|e": the first single break
    assert_eq!(split_point(b, 0, 13), Some(15)); // "e\r\n|f"
    assert_eq!(split_point(b, 0, 16), None);
    assert_eq!(split_point(&b[5..], 5, 5), Some(12)); // a window from offset 5
}

/// One line of a random export: data (few days and items, so duplicates are common), blank,
/// 合计, repeated header, a note, or a bad cell.
fn line() -> impl Strategy<Value = String> {
    let data = (1u32..4, 0u64..6, 0u32..200, 0u32..4, 0usize..6).prop_map(
        |(day, item, visitors, odd, name)| {
            let name = ["名", "\"a,b\"", "\"x\ny\"", "\"q\"\"q\"", "a\"b", ""][name];
            let id = if odd == 1 {
                format!("{}.0", 100 + item)
            } else {
                (100 + item).to_string()
            };
            let amount = if odd == 2 {
                "-".to_string()
            } else {
                format!("{visitors}.5")
            };
            format!("2024-03-0{day},{id},{name},{visitors},{amount}")
        },
    );
    prop_oneof![
        400 => data,
        12 => Just(String::new()),
        4 => Just("合计,,,1,2".to_string()),
        4 => Just("统计日期,商品ID,商品名称,商品访客数,支付金额".to_string()),
        4 => Just("注：数据来源".to_string()),
        1 => Just("2024-03-01,1,名,x,1".to_string()),
        1 => Just("2024-03-01,\"open".to_string()),
    ]
}

proptest! {
    // a fixed seed: the same cases on every run
    #![proptest_config(ProptestConfig { cases: 400, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]
    #[test]
    fn any_file_in_any_parts_is_the_one_piece_read_or_none(
        lines in proptest::collection::vec(line(), 1..150),
        preamble in 0usize..3,
        crlf in any::<bool>(),
        encode_gbk in any::<bool>(),
        bom in any::<bool>(),
        end_break in any::<bool>(),
        cuts in proptest::collection::vec(0.0f64..0.8, 1..4),
        head_share in 0.1f64..1.2,
    ) {
        let mut text = String::new();
        for _ in 0..preamble {
            text.push_str("【生意参谋平台】商品_全部\n");
        }
        text.push_str("统计日期,商品ID,商品名称,商品访客数,支付金额\n");
        text.push_str(&lines.join("\n"));
        if end_break {
            text.push('\n');
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut bytes = if bom && !encode_gbk { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
        bytes.extend(if encode_gbk { gbk(&text) } else { text.into_bytes() });
        let len = bytes.len();
        let mut nominals: Vec<usize> = cuts.iter().map(|f| (f * len as f64) as usize).collect();
        nominals.sort_unstable();
        nominals.dedup();
        let head = (head_share * len as f64) as usize;
        if let Some(joined) = in_parts(&bytes, &nominals, head, None) {
            prop_assert_eq!(Ok(joined), import_text(&bytes, &EncodingRs));
        }
    }
}
