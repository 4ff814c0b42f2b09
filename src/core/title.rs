//! Product-title checker (宝贝标题检查). Owns: the platform byte count of a title, the
//! absolute/forbidden-word dictionary (《广告法》第九条第(三)项 plus platform rules on 站外导流,
//! with categories and severity), whitelist handling, repeated-word detection and the
//! missing-keyword check. Pure logic with no browser code. Every finding is a warning: the
//! 2023 SAMR enforcement guide allows many context-dependent uses, so the app flags and never blocks.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Default Tmall/Taobao limit: "宝贝标题最多不能超过60个字节（30个汉字）". Other platforms and
/// unverified claims (e.g. 128 characters) belong in settings, so this is only the default.
pub const DEFAULT_LIMIT_BYTES: u32 = 60;

/// Repeated-word analysis looks only at this many leading chars. A real title is ≤ 30 汉字, and
/// the repeat search is quadratic, so imported garbage must not make it slow.
pub const REPEAT_SCAN_CHARS: usize = 200;

/// Byte length as the platform counts it: a char with code point < 0x80 (ASCII) counts 1,
/// everything else counts 2.
///
/// Many seller tools use `charCodeAt(i) < 299 ? 1 : 2`, which would count Latin-1 letters such as
/// "é" as 1 and emoji (two UTF-16 units) as 4. We follow the platform message "60个字节（30个汉字）"
/// and the `[^\x00-\xff]`-style counters' intent instead: ASCII 1, any other char 2. Full-width
/// letters/digits therefore count 2, as they do on the platform.
pub fn title_bytes(s: &str) -> u32 {
    s.chars().fold(0u32, |n, c| {
        n.saturating_add(if (c as u32) < 0x80 { 1 } else { 2 })
    })
}

/// Group of an absolute/forbidden word, following the group labels of the public word lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ForbiddenCategory {
    /// 与"最"有关
    Superlative,
    /// 与"一"有关
    First,
    /// 与"级/极"有关
    Level,
    /// 与"首/家/国"/背书有关
    Endorsement,
    /// 品牌/地位
    Status,
    /// 绝对/承诺
    Absolute,
    /// 时间/历史
    History,
    /// 价格/促销 (price-fraud risk rather than 广告法 §9)
    PriceFraud,
    /// 站外导流 (platform rule rather than 广告法)
    OffPlatform,
}

impl ForbiddenCategory {
    pub const ALL: [ForbiddenCategory; 9] = [
        ForbiddenCategory::Superlative,
        ForbiddenCategory::First,
        ForbiddenCategory::Level,
        ForbiddenCategory::Endorsement,
        ForbiddenCategory::Status,
        ForbiddenCategory::Absolute,
        ForbiddenCategory::History,
        ForbiddenCategory::PriceFraud,
        ForbiddenCategory::OffPlatform,
    ];

    /// Stable key for i18n lookups and saved settings.
    pub fn key(self) -> &'static str {
        match self {
            ForbiddenCategory::Superlative => "superlative",
            ForbiddenCategory::First => "first",
            ForbiddenCategory::Level => "level",
            ForbiddenCategory::Endorsement => "endorsement",
            ForbiddenCategory::Status => "status",
            ForbiddenCategory::Absolute => "absolute",
            ForbiddenCategory::History => "history",
            ForbiddenCategory::PriceFraud => "price_fraud",
            ForbiddenCategory::OffPlatform => "off_platform",
        }
    }
}

/// How sure the dictionary is that a hit is a real problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    High,
    /// Soft or context-dependent entries (marked [?] in the reference, or "allowed when true"),
    /// and a bare "最" not covered by a longer entry.
    Low,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TitleIssue {
    Empty,
    TooLong {
        bytes: u32,
        limit: u32,
    },
    /// `word` is the text as written in the title (e.g. "No.1" for the entry "NO.1").
    Forbidden {
        word: String,
        category: ForbiddenCategory,
        severity: Severity,
    },
    /// `word` is the first occurrence as written; `count` counts non-overlapping occurrences.
    Repeated {
        word: String,
        count: u32,
    },
    MissingKeyword {
        keyword: String,
    },
}

impl TitleIssue {
    /// Stable key for i18n lookups.
    pub fn key(&self) -> &'static str {
        match self {
            TitleIssue::Empty => "empty",
            TitleIssue::TooLong { .. } => "too_long",
            TitleIssue::Forbidden { .. } => "forbidden",
            TitleIssue::Repeated { .. } => "repeated",
            TitleIssue::MissingKeyword { .. } => "missing_keyword",
        }
    }
}

/// Per-check settings. The limit is a setting because the 60-byte rule is only verified for
/// Tmall/Taobao; the whitelist holds wording the operator has cleared (e.g. "本店最新款", own
/// trademarks such as "永久" bicycles).
#[derive(Clone, Copy, Debug)]
pub struct TitleRules<'a> {
    pub limit_bytes: u32,
    pub whitelist: &'a [String],
}

impl Default for TitleRules<'_> {
    fn default() -> Self {
        TitleRules {
            limit_bytes: DEFAULT_LIMIT_BYTES,
            whitelist: &[],
        }
    }
}

/// One forbidden-word hit with its position, for highlighting in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForbiddenHit {
    /// Text as written in the title.
    pub word: String,
    pub category: ForbiddenCategory,
    pub severity: Severity,
    /// Char (not byte) offsets into the checked string, `start..end`.
    pub start: usize,
    pub end: usize,
}

const SUP: ForbiddenCategory = ForbiddenCategory::Superlative;
const FIRST: ForbiddenCategory = ForbiddenCategory::First;
const LVL: ForbiddenCategory = ForbiddenCategory::Level;
const END: ForbiddenCategory = ForbiddenCategory::Endorsement;
const STA: ForbiddenCategory = ForbiddenCategory::Status;
const ABS: ForbiddenCategory = ForbiddenCategory::Absolute;
const HIS: ForbiddenCategory = ForbiddenCategory::History;
const PRI: ForbiddenCategory = ForbiddenCategory::PriceFraud;
const OFF: ForbiddenCategory = ForbiddenCategory::OffPlatform;
const H: Severity = Severity::High;
const L: Severity = Severity::Low;

/// The union list of domain reference §4.3, one entry per word. Words listed in two groups keep
/// one category: 最高级/全网最低/史上最低价 → Superlative (the 广告法 group, the heavier risk),
/// 绝对 → Absolute (its own group), 仅此一次 → PriceFraud (it is [?] only as a "一" word).
/// "No.1"/"Top1" are not separate entries because ASCII matching is case-insensitive.
/// Low = marked [?] in the reference, or noted there as allowed when true/proven
/// (国家认证 "without proof", 清仓 "must be true", 秒杀 "allowed if real").
const FORBIDDEN: &[(&str, ForbiddenCategory, Severity)] = &[
    // 与"最"有关. The bare "最" is Low and, thanks to longest-match scanning, only reported when
    // no longer entry covers it.
    ("最", SUP, L),
    ("最佳", SUP, H),
    ("最具", SUP, H),
    ("最爱", SUP, H),
    ("最赚", SUP, H),
    ("最优", SUP, H),
    ("最优秀", SUP, H),
    ("最好", SUP, H),
    ("最大", SUP, H),
    ("最大程度", SUP, H),
    ("最高", SUP, H),
    ("最高级", SUP, H),
    ("最高端", SUP, H),
    ("最奢侈", SUP, H),
    ("最低", SUP, H),
    ("最低级", SUP, H),
    ("最低价", SUP, H),
    ("最底", SUP, H),
    ("最便宜", SUP, H),
    ("史上最低价", SUP, H),
    ("最流行", SUP, H),
    ("最受欢迎", SUP, H),
    ("最时尚", SUP, H),
    ("最聚拢", SUP, H),
    ("最符合", SUP, H),
    ("最舒适", SUP, H),
    ("最先", SUP, H),
    ("最先进", SUP, H),
    ("最先进科学", SUP, H),
    ("最先进加工工艺", SUP, H),
    ("最新技术", SUP, H),
    ("最新科学", SUP, H),
    ("最后", SUP, H),
    ("最多", SUP, H),
    ("最强", SUP, H),
    ("最安全", SUP, H),
    ("最有效", SUP, H),
    ("最专业", SUP, H),
    ("史上最", SUP, H),
    ("全网最", SUP, H),
    ("全网最低", SUP, H),
    ("价格最低", SUP, H),
    ("行业最低", SUP, H),
    // 与"一"有关. Ordinal uses of "第一" are excluded through EXCEPTIONS below.
    ("第一", FIRST, H),
    ("中国第一", FIRST, H),
    ("全网第一", FIRST, H),
    ("全国第一", FIRST, H),
    ("世界第一", FIRST, H),
    ("行业第一", FIRST, H),
    ("销量第一", FIRST, H),
    ("排名第一", FIRST, H),
    ("第一品牌", FIRST, H),
    ("唯一", FIRST, H),
    ("独一无二", FIRST, H),
    ("首个", FIRST, H),
    ("首选", FIRST, H),
    ("首家", FIRST, H),
    ("首款", FIRST, H),
    ("首创", FIRST, H),
    ("首发", FIRST, H),
    ("全国首发", FIRST, H),
    ("全球首发", FIRST, H),
    ("全网首发", FIRST, H),
    ("全国首家", FIRST, H),
    ("独家", FIRST, H),
    ("独家首发", FIRST, H),
    ("NO.1", FIRST, H),
    ("NO1", FIRST, H),
    ("TOP1", FIRST, H),
    ("一流", FIRST, H),
    ("一天", FIRST, L),
    ("仅此一款", FIRST, L),
    // 与"级/极"有关
    ("国家级", LVL, H),
    ("国家级产品", LVL, H),
    ("世界级", LVL, H),
    ("宇宙级", LVL, H),
    ("顶级", LVL, H),
    ("顶尖", LVL, H),
    ("顶级工艺", LVL, H),
    ("极品", LVL, H),
    ("极佳", LVL, H),
    ("极致", LVL, H),
    ("终极", LVL, H),
    ("至尊", LVL, H),
    ("巅峰", LVL, H),
    ("殿堂级", LVL, L),
    ("超级", LVL, L),
    // 背书
    ("国家领导人推荐", END, H),
    ("国家机关推荐", END, H),
    ("国家认证", END, L),
    ("特供", END, H),
    ("专供", END, H),
    ("免检", END, H),
    ("质量免检", END, H),
    ("央视推荐", END, H),
    ("专家推荐", END, H),
    ("医生推荐", END, H),
    ("官方指定", END, H),
    ("官方推荐", END, H),
    ("权威推荐", END, H),
    // 品牌/地位
    ("王牌", STA, H),
    ("领袖品牌", STA, H),
    ("领导品牌", STA, H),
    ("领军品牌", STA, H),
    ("世界领先", STA, H),
    ("行业领先", STA, H),
    ("遥遥领先", STA, H),
    ("领先", STA, H),
    ("销量冠军", STA, H),
    ("冠军", STA, H),
    ("冠军品牌", STA, H),
    ("王者", STA, H),
    ("掌门人", STA, H),
    ("领衔", STA, H),
    ("金牌", STA, H),
    ("名牌", STA, L),
    ("驰名", STA, H),
    // 绝对/承诺
    ("绝对", ABS, H),
    ("完全", ABS, H),
    ("彻底", ABS, H),
    ("100%", ABS, H),
    ("百分百", ABS, H),
    ("百分之百", ABS, H),
    ("万能", ABS, H),
    ("永久", ABS, H),
    ("永不", ABS, H),
    ("终身", ABS, H),
    ("零风险", ABS, H),
    ("无风险", ABS, H),
    ("无副作用", ABS, H),
    ("保证", ABS, H),
    ("包治", ABS, H),
    ("根治", ABS, H),
    ("治愈", ABS, H),
    ("保证有效", ABS, H),
    ("无效退款", ABS, H),
    ("绝对有效", ABS, H),
    ("100%有效", ABS, H),
    // 时间/历史
    ("史无前例", HIS, H),
    ("前无古人", HIS, H),
    ("绝无仅有", HIS, H),
    ("空前绝后", HIS, H),
    ("前所未有", HIS, H),
    ("从未有过", HIS, H),
    ("填补国内空白", HIS, H),
    // 价格/促销
    ("跳楼价", PRI, H),
    ("亏本", PRI, H),
    ("血亏", PRI, H),
    ("清仓", PRI, L),
    ("仅此一次", PRI, H),
    ("错过不再", PRI, H),
    ("最后机会", PRI, H),
    ("万人疯抢", PRI, H),
    ("抢疯了", PRI, H),
    ("秒杀", PRI, L),
    // 站外导流
    ("加微信", OFF, H),
    ("微信号", OFF, H),
    ("vx", OFF, H),
    ("V信", OFF, H),
    ("薇信", OFF, H),
    ("扫码", OFF, H),
    ("二维码", OFF, H),
    ("手机号", OFF, H),
    ("联系电话", OFF, H),
    ("QQ", OFF, H),
];

/// Exceptions per term: ordinary phrases that contain the term but make no claim. They take part
/// in the longest-match scan like entries but report nothing, so "第一次" swallows its "第一" and
/// the "一天" inside "第一天" is not seen either. Listing the innocent phrases is safer than
/// dropping the term, which on its own is a real claim ("第一保温杯", "100%好评"). A test checks
/// that every phrase contains its term. The operator's own whitelist (settings) adds to these.
const EXCEPTIONS: &[(&str, &[&str])] = &[
    // ordinals with a counter
    (
        "第一",
        &[
            "第一步",
            "第一次",
            "第一季",
            "第一代",
            "第一部",
            "第一集",
            "第一章",
            "第一课",
            "第一期",
            "第一批",
            "第一届",
            "第一件",
            "第一天",
            "第一套",
            "第一口",
            "第一节",
            "第一层",
            "第一排",
            "第一眼",
            "第一印象",
            "第一百",
            "第一千",
            "第一万",
        ],
    ),
    // fibre content is a fact (纺织品纤维含量标识), not a promise
    (
        "100%",
        &[
            "100%纯棉",
            "100%棉",
            "100%全棉",
            "100%纯羊毛",
            "100%羊毛",
            "100%羊绒",
            "100%桑蚕丝",
            "100%蚕丝",
            "100%真丝",
            "100%亚麻",
            "100%苎麻",
            "100%莫代尔",
            "100%天丝",
            "100%竹纤维",
            "100%涤纶",
            "100%聚酯纤维",
            "100%锦纶",
            "100%粘纤",
        ],
    ),
    // a guarantee of authenticity, not of an effect
    ("保证", &["正品保证"]),
    // product names
    ("万能", &["万能胶", "万能表"]),
    ("QQ", &["QQ糖", "QQ星", "伊利QQ星"]),
    ("扫码", &["扫码枪", "扫码器"]),
];

/// The dictionary: word, category, severity. ASCII entries match case-insensitively.
pub fn forbidden_words() -> &'static [(&'static str, ForbiddenCategory, Severity)] {
    FORBIDDEN
}

/// Folds a char for matching. Full-width ASCII forms (ＶＸ, １００％) and the ideographic space
/// map to ASCII so sellers cannot dodge the list with them; ASCII is lowercased. Always one char
/// in, one char out, so char offsets stay aligned with the original title.
fn fold(c: char) -> char {
    let u = c as u32;
    let c = if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else if u == 0x3000 {
        ' '
    } else {
        c
    };
    c.to_ascii_lowercase()
}

fn fold_str(s: &str) -> Vec<char> {
    s.chars().map(fold).collect()
}

/// A folded dictionary word or exception phrase.
struct Pattern {
    chars: Vec<char>,
    /// Index into FORBIDDEN; None for an exception phrase, which matches but reports nothing.
    entry: Option<usize>,
}

struct Matcher {
    /// Folded first char → patterns, longest first so the first match found is the longest.
    by_first: HashMap<char, Vec<Pattern>>,
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let mut by_first: HashMap<char, Vec<Pattern>> = HashMap::new();
        let words = FORBIDDEN.iter().enumerate().map(|(i, e)| (e.0, Some(i)));
        let safe = EXCEPTIONS
            .iter()
            .flat_map(|(_, phrases)| phrases.iter())
            .map(|w| (*w, None));
        for (word, entry) in words.chain(safe) {
            let chars = fold_str(word);
            if let Some(&first) = chars.first() {
                by_first
                    .entry(first)
                    .or_default()
                    .push(Pattern { chars, entry });
            }
        }
        for list in by_first.values_mut() {
            // Stable sort: equal lengths keep dictionary order, so results are deterministic.
            list.sort_by_key(|p| std::cmp::Reverse(p.chars.len()));
        }
        Matcher { by_first }
    })
}

/// ASCII letters/digits at the edge of an entry must not run on into more of the same kind, so
/// "vx" does not fire in "vxyz" and "TOP1" not in "TOP10", while "vx123" (a WeChat id) and
/// "QQ音乐" still fire.
fn edge_ok(edge: char, neighbour: Option<&char>) -> bool {
    match neighbour {
        None => true,
        Some(n) => {
            !((edge.is_ascii_alphabetic() && n.is_ascii_alphabetic())
                || (edge.is_ascii_digit() && n.is_ascii_digit()))
        }
    }
}

/// Does `pat` match the haystack at `i`? `hay` is the folded title without whitespace and `pos`
/// the original char index of each of its chars; the edges are checked against the original
/// neighbours, so "TOP 1" matches "TOP1" while "No.1 top1" keeps its word boundaries.
fn matches_at(hay: &[char], pos: &[usize], orig: &[char], i: usize, pat: &[char]) -> bool {
    let Some(end) = i.checked_add(pat.len()) else {
        return false;
    };
    if hay.get(i..end) != Some(pat) {
        return false;
    }
    let (Some(&first), Some(&last)) = (pat.first(), pat.last()) else {
        return false;
    };
    let around = |k: Option<usize>| k.and_then(|k| orig.get(k)).map(|&c| fold(c));
    let before = around(pos.get(i).and_then(|p| p.checked_sub(1)));
    let after = around(end.checked_sub(1).and_then(|e| pos.get(e)).map(|p| p + 1));
    edge_ok(first, before.as_ref()) && edge_ok(last, after.as_ref())
}

/// The folded chars of `s` without whitespace, each with its char index in `s`, and "第1" read
/// as "第一" (not in "第10"), so "销量第1" is "销量第一" and "第1次" an ordinal.
fn squeeze(s: &[char]) -> (Vec<char>, Vec<usize>) {
    let mut hay = Vec::with_capacity(s.len());
    let mut pos = Vec::with_capacity(s.len());
    for (k, &c) in s.iter().enumerate() {
        let f = fold(c);
        if !f.is_whitespace() {
            hay.push(f);
            pos.push(k);
        }
    }
    for j in 1..hay.len() {
        let prev_di = hay.get(j - 1) == Some(&'第');
        let next_digit = hay.get(j + 1).is_some_and(|c| c.is_ascii_digit());
        if prev_di && !next_digit {
            if let Some(c) = hay.get_mut(j).filter(|c| **c == '1') {
                *c = '一';
            }
        }
    }
    (hay, pos)
}

/// True when some occurrence of a whitelisted text contains the span `start..end`. Checked
/// locally around the hit, so cost depends on hits and whitelist length, not on title length.
fn whitelisted(hay: &[char], start: usize, end: usize, whitelist: &[Vec<char>]) -> bool {
    whitelist.iter().any(|w| {
        let len = w.len();
        len >= end - start
            && (end.saturating_sub(len)..=start)
                .any(|s| s.checked_add(len).and_then(|e| hay.get(s..e)) == Some(w.as_slice()))
    })
}

/// Forbidden-word hits in title order, leftmost-longest: at each position the longest entry wins
/// and scanning resumes after it, so "全网最低" is one hit, never also "最低" or "最". Hits lying
/// inside an occurrence of a whitelisted text are dropped.
pub fn find_forbidden(title: &str, whitelist: &[String]) -> Vec<ForbiddenHit> {
    let orig: Vec<char> = title.chars().collect();
    let (hay, pos) = squeeze(&orig);
    let wl: Vec<Vec<char>> = whitelist
        .iter()
        .map(|w| squeeze(&w.chars().collect::<Vec<char>>()).0)
        .filter(|w| !w.is_empty())
        .collect();
    let m = matcher();
    let mut hits = Vec::new();
    let mut i = 0;
    while let Some(c) = hay.get(i) {
        let mut step = 1;
        if let Some(cands) = m.by_first.get(c) {
            if let Some(pat) = cands
                .iter()
                .find(|p| matches_at(&hay, &pos, &orig, i, &p.chars))
            {
                step = pat.chars.len();
                let end = i + step;
                if let Some(&(_, category, severity)) = pat.entry.and_then(|k| FORBIDDEN.get(k)) {
                    if !whitelisted(&hay, i, end, &wl) {
                        // char offsets in the title as written (spaces inside a hit included)
                        let start = pos.get(i).copied().unwrap_or(0);
                        let stop = pos.get(end - 1).map_or(start, |p| p + 1);
                        hits.push(ForbiddenHit {
                            word: orig.get(start..stop).unwrap_or_default().iter().collect(),
                            category,
                            severity,
                            start,
                            end: stop,
                        });
                    }
                }
            }
        }
        i += step.max(1);
    }
    hits
}

/// Han ideographs (incl. extensions and compatibility forms), the ideographic iteration marks,
/// kana and Hangul syllables: scripts written without spaces, where repeats are substrings.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Letters of space-separated scripts: ASCII alphanumerics and Latin-1/Extended letters.
fn is_latin_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && ('\u{C0}'..='\u{24F}').contains(&c))
}

/// (first position, word as written, count) of repeated tokens within the first
/// REPEAT_SCAN_CHARS chars, sorted by first position.
fn find_repeats(title: &str) -> Vec<(usize, String, u32)> {
    let orig: Vec<char> = title.chars().take(REPEAT_SCAN_CHARS).collect();
    let folded: Vec<char> = orig.iter().copied().map(fold).collect();
    let mut out = latin_repeats(&orig, &folded);
    out.extend(cjk_repeats(&orig, &folded));
    out.sort_by_key(|r| r.0);
    out
}

fn latin_repeats(orig: &[char], folded: &[char]) -> Vec<(usize, String, u32)> {
    // key (lowercased) → index into `found`
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut found: Vec<(usize, String, u32)> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if !folded.get(i).copied().is_some_and(is_latin_word_char) {
            i += 1;
            continue;
        }
        let start = i;
        while folded.get(i).copied().is_some_and(is_latin_word_char) {
            i += 1;
        }
        if i - start < 2 {
            continue;
        }
        let token = folded.get(start..i).unwrap_or_default();
        let key: String = token.iter().flat_map(|c| c.to_lowercase()).collect();
        match index.get(&key) {
            Some(&k) => {
                if let Some(f) = found.get_mut(k) {
                    f.2 += 1;
                }
            }
            None => {
                index.insert(key, found.len());
                let word = orig.get(start..i).unwrap_or_default().iter().collect();
                found.push((start, word, 1));
            }
        }
    }
    found.retain(|f| f.2 >= 2);
    found
}

/// Maximal repeated CJK substrings (length ≥ 2, ≥ 2 non-overlapping occurrences), longest first:
/// once a repeat is accepted its occurrences are claimed, so "保温杯" ×2 hides "保温"/"温杯".
///
/// O(n²) in the (capped) length: a longest-common-extension table gives, for every pair of
/// positions, the longest CJK run they share; pairs are bucketed by usable (non-overlapping)
/// length and visited longest first. Each accepted repeat costs O(n) to count and claim, and at
/// most n/4 repeats can be accepted.
fn cjk_repeats(orig: &[char], folded: &[char]) -> Vec<(usize, String, u32)> {
    let n = folded.len();
    if n < 4 {
        return Vec::new();
    }
    let w = n + 1;
    // lce[i * w + j]: length of the common CJK-only extension of positions i and j.
    let mut lce = vec![0u16; w * w];
    for i in (0..n).rev() {
        for j in (0..n).rev() {
            let (a, b) = (folded.get(i), folded.get(j));
            if a == b && a.copied().is_some_and(is_cjk) {
                let next = lce.get((i + 1) * w + j + 1).copied().unwrap_or(0);
                if let Some(cell) = lce.get_mut(i * w + j) {
                    *cell = next.saturating_add(1);
                }
            }
        }
    }
    let lce_at = |i: usize, j: usize| -> usize {
        if i == j {
            n - i
        } else {
            usize::from(lce.get(i * w + j).copied().unwrap_or(0))
        }
    };
    let mut buckets: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n / 2 + 1];
    for i in 0..n {
        for j in (i + 1)..n {
            let len = lce_at(i, j).min(j - i);
            if len >= 2 {
                if let Some(b) = buckets.get_mut(len) {
                    b.push((i, j));
                }
            }
        }
    }
    let mut claimed = vec![false; n];
    // next_claimed[p]: first claimed position ≥ p (n if none), for O(1) range checks.
    let mut next_claimed = vec![n; n + 1];
    let free = |nc: &[usize], s: usize, len: usize| nc.get(s).is_some_and(|&c| c >= s + len);
    let mut out = Vec::new();
    for len in (2..buckets.len()).rev() {
        let Some(pairs) = buckets.get(len) else {
            continue;
        };
        for &(i, j) in pairs {
            if !free(&next_claimed, i, len) || !free(&next_claimed, j, len) {
                continue;
            }
            // A block made of one shorter unit ("超长超长" in "超长"×4) is reported as that unit
            // with its full count; units stay ≥ 2 chars.
            let unit = (2..=len)
                .find(|&p| len % p == 0 && (p == len || lce_at(i, i + p) >= len - p))
                .unwrap_or(len);
            // Left-to-right greedy gives the most non-overlapping occurrences.
            let mut occ = Vec::new();
            let mut k = 0;
            while k + unit <= n {
                let same = k == i || lce_at(k.min(i), k.max(i)) >= unit;
                if same && free(&next_claimed, k, unit) {
                    occ.push(k);
                    k += unit;
                } else {
                    k += 1;
                }
            }
            let (Some(&first), true) = (occ.first(), occ.len() >= 2) else {
                continue;
            };
            for &s in &occ {
                for c in claimed.iter_mut().skip(s).take(unit) {
                    *c = true;
                }
            }
            let mut next = n;
            for p in (0..n).rev() {
                if claimed.get(p) == Some(&true) {
                    next = p;
                }
                if let Some(slot) = next_claimed.get_mut(p) {
                    *slot = next;
                }
            }
            let word = orig
                .get(first..first + unit)
                .unwrap_or_default()
                .iter()
                .collect();
            out.push((first, word, u32::try_from(occ.len()).unwrap_or(u32::MAX)));
        }
    }
    out
}

/// All issues of one title, in a stable order: Empty/TooLong first, then Forbidden (in order of
/// position in the title), Repeated (by first occurrence), MissingKeyword (in keyword order).
/// Warnings only; never fails.
///
/// The title is trimmed first: leading/trailing blanks from copy-paste are not part of what the
/// seller means to publish.
pub fn check_title(title: &str, keywords: &[String], rules: &TitleRules) -> Vec<TitleIssue> {
    let mut issues = Vec::new();
    let title = title.trim();
    if title.is_empty() {
        issues.push(TitleIssue::Empty);
    } else {
        let bytes = title_bytes(title);
        if bytes > rules.limit_bytes {
            issues.push(TitleIssue::TooLong {
                bytes,
                limit: rules.limit_bytes,
            });
        }
        issues.extend(find_forbidden(title, rules.whitelist).into_iter().map(|h| {
            TitleIssue::Forbidden {
                word: h.word,
                category: h.category,
                severity: h.severity,
            }
        }));
        issues.extend(
            find_repeats(title)
                .into_iter()
                .map(|(_, word, count)| TitleIssue::Repeated { word, count }),
        );
    }
    // Same folding as the dictionary (full-width → ASCII, ASCII lowercased) so "iphone" is found
    // in "iPhone". A keyword repeated in the list is reported once.
    let hay: String = fold_str(title).into_iter().collect();
    let mut seen: Vec<String> = Vec::new();
    for kw in keywords {
        let kw = kw.trim();
        if kw.is_empty() {
            continue;
        }
        let needle: String = fold_str(kw).into_iter().collect();
        if seen.contains(&needle) {
            continue;
        }
        if !hay.contains(&needle) {
            issues.push(TitleIssue::MissingKeyword {
                keyword: kw.to_string(),
            });
        }
        seen.push(needle);
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn check(title: &str) -> Vec<TitleIssue> {
        check_title(title, &[], &TitleRules::default())
    }

    fn forbidden(word: &str, category: ForbiddenCategory, severity: Severity) -> TitleIssue {
        TitleIssue::Forbidden {
            word: word.to_string(),
            category,
            severity,
        }
    }

    fn repeated(word: &str, count: u32) -> TitleIssue {
        TitleIssue::Repeated {
            word: word.to_string(),
            count,
        }
    }

    fn words(title: &str) -> Vec<String> {
        find_forbidden(title, &[])
            .into_iter()
            .map(|h| h.word)
            .collect()
    }

    #[test]
    fn cjk_counts_two_bytes_ascii_one() {
        assert_eq!(title_bytes(""), 0);
        assert_eq!(title_bytes("iPhone 15"), 9);
        assert_eq!(title_bytes("手机壳"), 6);
        assert_eq!(title_bytes("iPhone15手机壳"), 14);
    }

    #[test]
    fn non_ascii_latin_full_width_and_emoji_count_two_bytes() {
        assert_eq!(title_bytes("é"), 2);
        assert_eq!(title_bytes("ＡＢ"), 4);
        assert_eq!(title_bytes("😀"), 2);
        assert_eq!(title_bytes("，"), 2);
    }

    #[test]
    fn thirty_cjk_chars_fit_the_default_limit() {
        let thirty = "保".repeat(30);
        assert!(!check(&thirty)
            .iter()
            .any(|i| matches!(i, TitleIssue::TooLong { .. })));
        let title = format!("{thirty}a");
        assert_eq!(
            check(&title).first(),
            Some(&TitleIssue::TooLong {
                bytes: 61,
                limit: 60
            })
        );
    }

    #[test]
    fn too_long_uses_configured_limit_and_trimmed_title() {
        let rules = TitleRules {
            limit_bytes: 4,
            whitelist: &[],
        };
        assert_eq!(check_title("  ab  ", &[], &rules), vec![]);
        assert_eq!(
            check_title("手机壳", &[], &rules),
            vec![TitleIssue::TooLong { bytes: 6, limit: 4 }]
        );
    }

    #[test]
    fn blank_title_is_empty_and_only_keywords_are_checked() {
        let issues = check_title(" \u{3000} ", &s(&["保温杯"]), &TitleRules::default());
        assert_eq!(
            issues,
            vec![
                TitleIssue::Empty,
                TitleIssue::MissingKeyword {
                    keyword: "保温杯".into()
                }
            ]
        );
    }

    #[test]
    fn longest_forbidden_match_wins() {
        assert_eq!(
            check("全网最低价保温杯"),
            vec![forbidden("全网最低", SUP, H)]
        );
        assert_eq!(words("史上最低价"), vec!["史上最低价"]);
        assert_eq!(words("最后机会"), vec!["最后机会"]);
        assert_eq!(words("100%有效"), vec!["100%有效"]);
    }

    #[test]
    fn bare_most_is_low_severity() {
        assert_eq!(check("最新款连衣裙"), vec![forbidden("最", SUP, L)]);
    }

    #[test]
    fn most_covered_by_longer_entry_is_not_reported_again() {
        assert_eq!(check("最好用的杯子"), vec![forbidden("最好", SUP, H)]);
    }

    #[test]
    fn first_step_is_not_an_absolute_claim() {
        assert_eq!(
            words("第一步 第一次 第一季 第一代 第一天 第一百"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bare_first_and_ranking_claims_are_flagged() {
        assert_eq!(
            check("销量第一的保温杯 第一好用"),
            vec![
                forbidden("销量第一", FIRST, H),
                forbidden("第一", FIRST, H),
                repeated("第一", 2),
            ]
        );
    }

    #[test]
    fn ascii_entries_match_case_insensitively_and_report_title_spelling() {
        assert_eq!(
            check("No.1 top1 Vx qq"),
            vec![
                forbidden("No.1", FIRST, H),
                forbidden("top1", FIRST, H),
                forbidden("Vx", OFF, H),
                forbidden("qq", OFF, H),
            ]
        );
    }

    #[test]
    fn ascii_letters_and_digits_need_word_boundaries() {
        assert_eq!(words("vxyz avx TOP10 STOP1 piano.1"), Vec::<String>::new());
        assert_eq!(words("vx123456"), vec!["vx"]);
        assert_eq!(words("加vx"), vec!["vx"]);
    }

    #[test]
    fn qq_before_cjk_is_off_platform() {
        assert_eq!(check("QQ音乐会员"), vec![forbidden("QQ", OFF, H)]);
    }

    #[test]
    fn full_width_ascii_is_folded_for_matching() {
        assert_eq!(
            check("ＶＸ同款 １００％好评"),
            vec![forbidden("ＶＸ", OFF, H), forbidden("１００％", ABS, H)]
        );
    }

    /// Issue 12 item 11: fibre content is a fact, "正品保证" a guarantee of authenticity, and
    /// 万能胶 / QQ糖 / 伊利QQ星 / 扫码枪 are product names: no flag at all.
    #[test]
    fn facts_and_product_names_containing_a_term_are_exceptions_of_that_term() {
        for t in [
            "100%纯棉四件套",
            "１００％桑蚕丝枕套",
            "正品保证 保温杯",
            "强力万能胶",
            "QQ糖 水果味",
            "伊利QQ星儿童奶",
            "无线扫码枪",
        ] {
            assert_eq!(words(t), Vec::<String>::new(), "{t}");
        }
        // the terms themselves still fire elsewhere
        assert_eq!(words("100%有效"), vec!["100%有效"]);
        assert_eq!(words("100%好评"), vec!["100%"]);
        assert_eq!(words("万能清洁剂"), vec!["万能"]);
        assert_eq!(words("保证有效"), vec!["保证有效"]);
        assert_eq!(words("QQ咨询"), vec!["QQ"]);
        assert_eq!(words("扫码领券"), vec!["扫码"]);
    }

    #[test]
    fn every_exception_contains_its_term_and_the_term_is_in_the_dictionary() {
        for (term, phrases) in EXCEPTIONS {
            assert!(FORBIDDEN.iter().any(|e| e.0 == *term), "{term}");
            for p in *phrases {
                assert!(
                    fold_str(p)
                        .windows(fold_str(term).len())
                        .any(|w| w == fold_str(term).as_slice()),
                    "{p}"
                );
            }
        }
    }

    /// Issue 12 item 11: "第1" is "第一", "NO1" is "NO.1", and a space inside a claim
    /// ("TOP 1", "最 好") does not hide it.
    #[test]
    fn ranking_claims_written_with_a_digit_without_a_dot_or_split_by_a_space_are_flagged() {
        assert_eq!(check("销量第1保温杯"), vec![forbidden("销量第1", FIRST, H)]);
        assert_eq!(check("全网第1"), vec![forbidden("全网第1", FIRST, H)]);
        assert_eq!(check("NO1 保温杯"), vec![forbidden("NO1", FIRST, H)]);
        assert_eq!(check("保温杯 TOP 1"), vec![forbidden("TOP 1", FIRST, H)]);
        assert_eq!(check("最 好用的杯子"), vec![forbidden("最 好", SUP, H)]);
        // ordinals and longer numbers stay innocent
        assert_eq!(
            words("第1次 第1代 第10名 TOP 10 laptop 1"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn soft_entries_are_low_severity() {
        assert_eq!(
            check("超级 名牌 殿堂级 清仓 秒杀"),
            vec![
                forbidden("超级", LVL, L),
                forbidden("名牌", STA, L),
                forbidden("殿堂级", LVL, L),
                forbidden("清仓", PRI, L),
                forbidden("秒杀", PRI, L),
            ]
        );
    }

    #[test]
    fn word_listed_in_two_groups_has_one_category() {
        assert_eq!(
            check("绝对 最高级 仅此一次"),
            vec![
                forbidden("绝对", ABS, H),
                forbidden("最高级", SUP, H),
                forbidden("仅此一次", PRI, H),
            ]
        );
    }

    #[test]
    fn dictionary_has_unique_entries_and_covers_every_category() {
        let mut seen = std::collections::HashSet::new();
        for (w, _, _) in forbidden_words() {
            assert!(!w.trim().is_empty());
            assert!(seen.insert(fold_str(w)), "duplicate entry {w}");
        }
        for c in ForbiddenCategory::ALL {
            assert!(forbidden_words().iter().any(|e| e.1 == c), "{c:?}");
        }
        assert_eq!(forbidden_words().len(), 165); // 164 + "NO1" (issue 12)
    }

    #[test]
    fn whitelist_suppresses_hit_inside_it() {
        let wl = s(&["本店最新款", "永久"]);
        let rules = TitleRules {
            limit_bytes: 60,
            whitelist: &wl,
        };
        assert_eq!(
            check_title("本店最新款 永久自行车 最好", &[], &rules),
            vec![forbidden("最好", SUP, H)]
        );
    }

    #[test]
    fn whitelist_only_covers_its_own_occurrences() {
        let wl = s(&["本店最新款"]);
        let rules = TitleRules {
            limit_bytes: 60,
            whitelist: &wl,
        };
        let hits = find_forbidden("本店最新款 最新", rules.whitelist);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].end), (6, 7));
        assert_eq!(hits[0].severity, L);
    }

    #[test]
    fn whitelist_matches_ascii_case_insensitively() {
        let wl = s(&[" top1牌 "]);
        assert_eq!(find_forbidden("TOP1牌跑鞋", &wl), vec![]);
    }

    #[test]
    fn forbidden_hits_are_in_title_order_with_char_spans() {
        let hits = find_forbidden("a顶级扫码b", &[]);
        let spans: Vec<_> = hits
            .iter()
            .map(|h| (h.word.as_str(), h.start, h.end))
            .collect();
        assert_eq!(spans, vec![("顶级", 1, 3), ("扫码", 3, 5)]);
    }

    #[test]
    fn repeated_cjk_word_reported_once_maximal() {
        assert_eq!(check("保温杯男士保温杯女"), vec![repeated("保温杯", 2)]);
    }

    #[test]
    fn repeated_cjk_counts_non_overlapping_occurrences() {
        assert_eq!(check("哈哈哈"), vec![]);
        assert_eq!(check("好用好用好用"), vec![repeated("好用", 3)]);
        assert_eq!(check("保温杯保温杯保温"), vec![repeated("保温杯", 2)]);
    }

    #[test]
    fn repeated_cjk_does_not_cross_spaces_or_ascii() {
        assert_eq!(check("保温 杯保温"), vec![repeated("保温", 2)]);
        assert_eq!(check("温杯a温杯"), vec![repeated("温杯", 2)]);
        assert_eq!(check("杯a保 杯a保"), vec![]);
    }

    #[test]
    fn repeated_latin_word_is_case_insensitive_and_at_least_two_chars() {
        assert_eq!(check("Nike耐克 nike跑鞋"), vec![repeated("Nike", 2)]);
        assert_eq!(check("a b a b 7 7"), vec![]);
        assert_eq!(check("Café café"), vec![repeated("Café", 2)]);
    }

    #[test]
    fn repeats_are_sorted_by_first_occurrence() {
        assert_eq!(
            check("2025新款连衣裙 2025连衣裙"),
            vec![repeated("2025", 2), repeated("连衣裙", 2)]
        );
    }

    #[test]
    fn repeats_are_only_analysed_in_the_first_200_chars() {
        let title = format!("{}保温杯保温杯", "a ".repeat(100));
        assert!(!check(&title)
            .iter()
            .any(|i| matches!(i, TitleIssue::Repeated { .. })));
    }

    #[test]
    fn missing_keyword_ignores_blank_and_ascii_case() {
        let issues = check_title(
            "iPhone15手机壳",
            &s(&["iphone", " 手机壳 ", "", "  ", "磁吸", "磁吸"]),
            &TitleRules::default(),
        );
        assert_eq!(
            issues,
            vec![TitleIssue::MissingKeyword {
                keyword: "磁吸".into()
            }]
        );
    }

    #[test]
    fn issue_order_is_stable() {
        let title = "最好的保温杯 加微信 保温杯 超长超长超长超长超长超长超长超长超长超长";
        let issues = check_title(title, &s(&["不锈钢", "杯"]), &TitleRules::default());
        let keys: Vec<_> = issues.iter().map(TitleIssue::key).collect();
        assert_eq!(
            keys,
            vec![
                "too_long",
                "forbidden",
                "forbidden",
                "repeated",
                "repeated",
                "missing_keyword"
            ]
        );
        assert_eq!(issues[3], repeated("保温杯", 2));
        assert_eq!(issues[4], repeated("超长", 10));
    }

    #[test]
    fn keys_are_stable() {
        let keys: Vec<_> = ForbiddenCategory::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(
            keys,
            vec![
                "superlative",
                "first",
                "level",
                "endorsement",
                "status",
                "absolute",
                "history",
                "price_fraud",
                "off_platform"
            ]
        );
        assert_eq!(TitleIssue::Empty.key(), "empty");
        assert_eq!(
            TitleIssue::MissingKeyword {
                keyword: String::new()
            }
            .key(),
            "missing_keyword"
        );
    }

    #[test]
    fn huge_garbage_title_does_not_panic() {
        let pool: Vec<char> = "最第一次全网低保温杯vxQQ1０%Ｖé😀\u{301}\u{0}\u{FFFD} \t\n.a"
            .chars()
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let title: String = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                pool[(x % pool.len() as u64) as usize]
            })
            .collect();
        let wl = s(&["最第", "😀"]);
        let rules = TitleRules {
            limit_bytes: 60,
            whitelist: &wl,
        };
        let issues = check_title(&title, &s(&["保温杯", "😀\u{301}"]), &rules);
        assert!(matches!(issues.first(), Some(TitleIssue::TooLong { .. })));
        let all_same = "最".repeat(100_000);
        assert!(!check(&all_same).is_empty());
    }
}
