//! The storage owner (`store`) against `MemoryBackend`: loading, round trips, corrupt values set
//! aside, newer schemas left alone, quota refusals, two tabs saving in turn, and the character
//! count used for the quota.

use std::collections::BTreeSet;
use store_ops_planner::model::{
    Fen, PlatformEvent, Product, Promotion, Record, Settings, StoreProfile, StoreWideBase,
    Workspace,
};
use store_ops_planner::sample::sample_workspace;
use store_ops_planner::store::{
    self, encode, load, used_chars, write, Backend, LoadIssue, MemoryBackend, Prefs, StoreError,
    KEY_PREFS, KEY_PROFILE, KEY_SETTINGS,
};

/// Where each kind is stored: never changes (stored data lives there).
const KEY_PRODUCTS: &str = "sop/products";
const KEY_PROMOTIONS: &str = "sop/promotions";
const KEY_EVENTS: &str = "sop/events";

/// 2026-01-01T00:00:00Z.
const T: i64 = 1_767_225_600_000;
const KEPT: &str = "sop/corrupt/sop/products/1767225600000";

fn get(b: &MemoryBackend, key: &str) -> Option<String> {
    b.get(key).expect("memory get")
}

fn keys(b: &MemoryBackend) -> Vec<String> {
    b.keys()
}

fn products(n: usize) -> Vec<Product> {
    (0..n)
        .map(|i| {
            let mut p = Product::new(format!("p{i}"), T);
            p.title = format!("商品{i}");
            p.list_price = Fen(1_000 * (i as i64 + 1));
            p.stock = 5;
            p.bump(T);
            p
        })
        .collect()
}

fn by_id<'a>(v: &'a [Product], id: &str) -> &'a Product {
    v.iter().find(|p| p.id() == id).expect("id present")
}

#[test]
fn loading_an_empty_backend_gives_an_empty_workspace_and_no_issues() {
    let b = MemoryBackend::default();
    let l = load(&b, T);
    assert_eq!(l.workspace, Workspace::default());
    assert_eq!(l.prefs, Prefs::default());
    assert_eq!(l.issues, Vec::<LoadIssue>::new());
    assert_eq!(l.blocked, BTreeSet::new());
    assert_eq!(keys(&b), Vec::<String>::new(), "loading writes nothing");
}

#[test]
fn saved_products_profile_settings_and_prefs_load_back_equal() {
    let b = MemoryBackend::default();
    let blocked = BTreeSet::new();
    let mut ws = sample_workspace(T);
    ws.products[0].list_price = Fen(1);
    ws.products[0].bump(T + 1);
    ws.products[1].tombstone(T + 2);
    ws.settings = Settings {
        title_limit_bytes: 58,
        title_whitelist: vec!["本店最新款".into()],
        min_margin_bp: 2_000,
        anomaly_threshold_pct: 25,
        price_lookback_days: 15,
        store_wide_base: StoreWideBase::BeforeBundle,
        refund_tolerance_pct: 20,
        refund_tolerance_min: Fen(5_000),
        safety_days: 10,
        lead_days: 21,
        confirm_days: 7,
    };
    let prefs = Prefs {
        locale: "en".into(),
        onboarded: true,
        ..Prefs::default()
    };
    let mut mine = ws.products.clone();
    assert_eq!(store::save::<Product>(&b, &blocked, &mut mine), Ok(false));
    assert_eq!(
        mine, ws.products,
        "nothing stored before: nothing merged in"
    );
    write(&b, &blocked, KEY_PROFILE, &ws.profile).expect("profile");
    write(&b, &blocked, KEY_SETTINGS, &ws.settings).expect("settings");
    write(&b, &blocked, KEY_PREFS, &prefs).expect("prefs");
    assert_eq!(get(&b, KEY_PRODUCTS), Some(encode(&ws.products)));
    assert!(encode(&ws.products).contains(r#""schema":1"#));

    let l = load(&b, T + 10);
    assert_eq!(l.issues, Vec::<LoadIssue>::new());
    assert_eq!(l.blocked, BTreeSet::new());
    assert_eq!(l.workspace, ws);
    assert_eq!(l.prefs, prefs);
    assert_eq!(store::read::<Product>(&b), Some(ws.products.clone()));
    assert_eq!(store::read_profile(&b), Some(ws.profile.clone()));
    assert_eq!(store::read_settings(&b), Some(ws.settings.clone()));
}

#[test]
fn a_saved_never_edited_profile_loads_back_without_issue() {
    let b = MemoryBackend::default();
    write(&b, &BTreeSet::new(), KEY_PROFILE, &StoreProfile::default()).expect("write");
    let l = load(&b, T);
    assert_eq!(l.issues, Vec::<LoadIssue>::new());
    assert_eq!(l.workspace.profile, StoreProfile::default());
}

const CORRUPT_PRODUCTS: [&str; 6] = [
    "{not json",
    "",
    "[1,2,3]",
    r#"{"schema":1,"data":{"products":[]}}"#,
    r#"{"schema":1,"data":[{"id":"p0","title":"no rev"}]}"#,
    r#"{"schema":0,"data":[]}"#,
];

#[test]
fn a_corrupt_products_value_is_set_aside_unchanged_and_reported() {
    for raw in CORRUPT_PRODUCTS {
        let b = MemoryBackend::default();
        b.set(KEY_PRODUCTS, raw).expect("set");
        let l = load(&b, T);
        assert_eq!(
            l.issues,
            vec![LoadIssue::Corrupt {
                key: KEY_PRODUCTS.into(),
                kept_as: Some(KEPT.into()),
            }],
            "{raw}"
        );
        assert_eq!(l.blocked, BTreeSet::new(), "{raw}");
        assert_eq!(l.workspace.products, Vec::<Product>::new(), "{raw}");
        assert_eq!(get(&b, KEPT).as_deref(), Some(raw), "{raw}");
        assert_eq!(get(&b, KEY_PRODUCTS).as_deref(), Some(raw), "{raw}");
        assert_eq!(keys(&b), vec![KEPT.to_string(), KEY_PRODUCTS.to_string()]);
        assert_eq!(
            store::corrupt_entries(&b),
            vec![(KEPT.to_string(), raw.len())]
        );
    }
}

#[test]
fn a_later_load_never_overwrites_an_earlier_set_aside_copy() {
    let b = MemoryBackend::default();
    b.set(KEY_PRODUCTS, "{first").expect("set");
    assert_eq!(
        load(&b, T).issues,
        vec![LoadIssue::Corrupt {
            key: KEY_PRODUCTS.into(),
            kept_as: Some(KEPT.into()),
        }]
    );
    b.set(KEY_PRODUCTS, "{second").expect("set");
    assert_eq!(
        load(&b, T).issues,
        vec![LoadIssue::Corrupt {
            key: KEY_PRODUCTS.into(),
            kept_as: Some(format!("{KEPT}-2")),
        }]
    );
    b.set(KEY_PRODUCTS, "{third").expect("set");
    assert_eq!(
        load(&b, T).issues,
        vec![LoadIssue::Corrupt {
            key: KEY_PRODUCTS.into(),
            kept_as: Some(format!("{KEPT}-3")),
        }]
    );
    assert_eq!(get(&b, KEPT).as_deref(), Some("{first"));
    assert_eq!(get(&b, &format!("{KEPT}-2")).as_deref(), Some("{second"));
    assert_eq!(get(&b, &format!("{KEPT}-3")).as_deref(), Some("{third"));
}

#[test]
fn a_corrupt_value_of_every_collection_is_set_aside_under_its_own_key() {
    let b = MemoryBackend::default();
    for key in [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS, KEY_PREFS] {
        b.set(key, "{not json").expect("set");
    }
    let l = load(&b, T);
    let expected: Vec<LoadIssue> = [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS, KEY_PREFS]
        .iter()
        .map(|k| LoadIssue::Corrupt {
            key: k.to_string(),
            kept_as: Some(format!("sop/corrupt/{k}/{T}")),
        })
        .collect();
    assert_eq!(l.issues, expected);
    assert_eq!(l.workspace, Workspace::default());
    assert_eq!(l.prefs, Prefs::default());
    for k in [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS, KEY_PREFS] {
        assert_eq!(
            get(&b, &format!("sop/corrupt/{k}/{T}")).as_deref(),
            Some("{not json")
        );
    }
}

const NEWER: &str = r#"{"schema":2,"data":{"products_v2":[{"id":"p0"}]}}"#;

#[test]
fn a_newer_schema_is_reported_too_new_blocked_and_never_written() {
    let b = MemoryBackend::default();
    for key in [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS] {
        b.set(key, NEWER).expect("set");
    }
    let l = load(&b, T);
    assert_eq!(
        l.issues,
        [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS]
            .iter()
            .map(|k| LoadIssue::TooNew {
                key: k.to_string(),
                found: 2,
                supported: 1,
            })
            .collect::<Vec<_>>()
    );
    let expected_blocked: BTreeSet<String> = [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS]
        .iter()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(l.blocked, expected_blocked);
    assert_eq!(l.workspace, Workspace::default());

    let mut mine = products(3);
    assert_eq!(store::save::<Product>(&b, &l.blocked, &mut mine), Ok(false));
    assert_eq!(mine, products(3));
    assert_eq!(write(&b, &l.blocked, KEY_PRODUCTS, &mine), Ok(()));
    let mut profile = sample_workspace(T).profile;
    assert_eq!(store::save_profile(&b, &l.blocked, &mut profile), Ok(false));
    assert_eq!(write(&b, &l.blocked, KEY_PROFILE, &profile), Ok(()));
    assert_eq!(
        write(&b, &l.blocked, KEY_SETTINGS, &Settings::default()),
        Ok(())
    );
    for key in [KEY_PRODUCTS, KEY_PROFILE, KEY_SETTINGS] {
        assert_eq!(get(&b, key).as_deref(), Some(NEWER), "{key}");
    }
    // not set aside either: nothing but the three keys exists
    assert_eq!(keys(&b).len(), 3);
    // prefs were not blocked: writing them works
    write(&b, &l.blocked, KEY_PREFS, &Prefs::default()).expect("prefs");
    assert_eq!(get(&b, KEY_PREFS), Some(encode(&Prefs::default())));
}

#[test]
fn save_products_never_overwrites_a_newer_schema_stored_after_load() {
    let b = MemoryBackend::default();
    let mut mine = products(2);
    store::save::<Product>(&b, &BTreeSet::new(), &mut mine).expect("first save");
    let l = load(&b, T);
    assert!(l.blocked.is_empty());
    // a newer version of the app, open in another tab, migrates the stored products
    b.set(KEY_PRODUCTS, NEWER).expect("set");
    let mut mine = l.workspace.records.products;
    mine[0].stock = 99;
    mine[0].bump(T + 1);
    let _ = store::save::<Product>(&b, &l.blocked, &mut mine);
    assert_eq!(get(&b, KEY_PRODUCTS).as_deref(), Some(NEWER));
}

#[test]
fn a_save_refused_for_quota_leaves_the_stored_products_unchanged() {
    let small = products(2);
    let stored_small = encode(&small);
    // room for the small list and a little more, not for ten products
    let quota = KEY_PRODUCTS.len() + stored_small.len() + 200;
    let b = MemoryBackend::with_quota(quota);
    let blocked = BTreeSet::new();
    let mut mine = small.clone();
    assert_eq!(store::save::<Product>(&b, &blocked, &mut mine), Ok(false));
    assert_eq!(get(&b, KEY_PRODUCTS), Some(stored_small.clone()));

    let mut big = products(10);
    big[0].title = "改过的标题".into();
    big[0].bump(T + 1);
    assert!(KEY_PRODUCTS.len() + encode(&big).len() > quota);
    assert_eq!(
        store::save::<Product>(&b, &blocked, &mut big),
        Err(StoreError::Quota)
    );
    assert_eq!(get(&b, KEY_PRODUCTS), Some(stored_small));
    assert_eq!(keys(&b), vec![KEY_PRODUCTS.to_string()]);
    assert_eq!(
        write(&b, &blocked, KEY_PRODUCTS, &big),
        Err(StoreError::Quota)
    );
    assert_eq!(get(&b, KEY_PRODUCTS), Some(encode(&small)));
}

#[test]
fn memory_quota_counts_utf16_units_of_key_and_value_and_admits_exactly_the_limit() {
    // "k" (1) + "中文😀" (2 + 2) = 5 units
    let b = MemoryBackend::with_quota(5);
    assert_eq!(b.set("k", "中文😀"), Ok(()));
    assert_eq!(used_chars(&b), 5);
    // replacing a value counts the new value, not both
    assert_eq!(b.set("k", "abcd"), Ok(()));
    assert_eq!(b.set("k", "abcde"), Err(StoreError::Quota));
    assert_eq!(get(&b, "k").as_deref(), Some("abcd"));
    assert_eq!(b.set("x", ""), Err(StoreError::Quota));
    assert_eq!(keys(&b), vec!["k".to_string()]);
}

#[test]
fn a_corrupt_value_that_cannot_be_set_aside_for_quota_is_blocked_and_left_untouched() {
    let raw = format!("{{not json {}", "x".repeat(100));
    let b = MemoryBackend::with_quota(KEY_PRODUCTS.len() + raw.len() + 20);
    b.set(KEY_PRODUCTS, &raw).expect("fits once");
    let l = load(&b, T);
    assert_eq!(
        l.issues,
        vec![LoadIssue::Corrupt {
            key: KEY_PRODUCTS.into(),
            kept_as: None,
        }]
    );
    assert_eq!(l.blocked, BTreeSet::from([KEY_PRODUCTS.to_string()]));
    assert_eq!(keys(&b), vec![KEY_PRODUCTS.to_string()]);

    let mut mine = products(1);
    assert_eq!(store::save::<Product>(&b, &l.blocked, &mut mine), Ok(false));
    assert_eq!(write(&b, &l.blocked, KEY_PRODUCTS, &mine), Ok(()));
    assert_eq!(get(&b, KEY_PRODUCTS), Some(raw));
}

/// Stored data both tabs start from, and each tab's in-memory copy.
fn two_tabs() -> (MemoryBackend, Vec<Product>, Vec<Product>) {
    let b = MemoryBackend::default();
    let mut base = products(4);
    store::save::<Product>(&b, &BTreeSet::new(), &mut base).expect("seed");
    let tab1 = load(&b, T).workspace.records.products;
    let tab2 = load(&b, T).workspace.records.products;
    assert_eq!(tab1, base);
    (b, tab1, tab2)
}

fn edit(v: &mut [Product], id: &str, t: i64, f: impl FnOnce(&mut Product)) {
    let p = v.iter_mut().find(|p| p.id() == id).expect("id");
    f(p);
    p.bump(t);
}

#[test]
fn two_tabs_editing_different_products_keep_both_edits() {
    let (b, mut tab1, mut tab2) = two_tabs();
    let none = BTreeSet::new();
    edit(&mut tab1, "p0", T + 10, |p| p.list_price = Fen(111));
    edit(&mut tab2, "p1", T + 20, |p| p.list_price = Fen(222));
    assert_eq!(store::save::<Product>(&b, &none, &mut tab1), Ok(false));
    assert_eq!(
        store::save::<Product>(&b, &none, &mut tab2),
        Ok(true),
        "tab2 took tab1's edit"
    );
    let stored = store::read::<Product>(&b).expect("readable");
    assert_eq!(stored.len(), 4);
    assert_eq!(by_id(&stored, "p0"), by_id(&tab1, "p0"));
    assert_eq!(by_id(&stored, "p1").list_price, Fen(222));
    assert_eq!(by_id(&stored, "p0").list_price, Fen(111));
    assert_eq!(stored, tab2);
    // tab1 saves again, still holding the old p1: it takes tab2's edit instead of reverting it
    assert_eq!(store::save::<Product>(&b, &none, &mut tab1), Ok(true));
    let again = store::read::<Product>(&b).expect("readable");
    assert_eq!(by_id(&again, "p1").list_price, Fen(222));
    assert_eq!(by_id(&again, "p0").list_price, Fen(111));
    assert_eq!(again, stored);
}

#[test]
fn a_stale_tab_saving_after_a_newer_one_never_reverts_the_newer_record() {
    let (b, mut tab1, mut tab2) = two_tabs();
    let none = BTreeSet::new();
    edit(&mut tab1, "p2", T + 10, |p| p.title = "新标题".into());
    tab1.iter_mut()
        .find(|p| p.id() == "p3")
        .expect("p3")
        .tombstone(T + 11);
    store::save::<Product>(&b, &none, &mut tab1).expect("tab1");
    let newer = store::read::<Product>(&b).expect("readable");
    // tab2 never saw these edits and saves its untouched copy
    assert_eq!(store::save::<Product>(&b, &none, &mut tab2), Ok(true));
    let after = store::read::<Product>(&b).expect("readable");
    assert_eq!(after, newer);
    assert_eq!(by_id(&after, "p2").title, "新标题");
    assert!(by_id(&after, "p3").meta.deleted);
    assert_eq!(tab2, newer);
}

#[test]
fn concurrent_edits_of_one_product_in_two_tabs_keep_the_later_edit_whoever_saves_last() {
    for later_saves_first in [true, false] {
        let (b, mut tab1, mut tab2) = two_tabs();
        let none = BTreeSet::new();
        let base_rev = tab1[0].meta.rev;
        edit(&mut tab1, "p0", T + 20, |p| p.title = "后改".into());
        edit(&mut tab2, "p0", T + 10, |p| p.title = "先改".into());
        let (rev1, rev2) = (by_id(&tab1, "p0").meta.rev, by_id(&tab2, "p0").meta.rev);
        if later_saves_first {
            store::save::<Product>(&b, &none, &mut tab1).expect("tab1");
            assert_eq!(store::save::<Product>(&b, &none, &mut tab2), Ok(true));
        } else {
            store::save::<Product>(&b, &none, &mut tab2).expect("tab2");
            assert_eq!(store::save::<Product>(&b, &none, &mut tab1), Ok(true));
        }
        let stored = store::read::<Product>(&b).expect("readable");
        let p0 = by_id(&stored, "p0");
        assert_eq!(p0.title, "后改", "later_saves_first={later_saves_first}");
        assert!(p0.meta.knows(rev1) && p0.meta.knows(rev2) && p0.meta.knows(base_rev));
        assert_eq!(p0.meta.updated, T + 20);
    }
}

#[test]
fn used_chars_counts_utf16_units_of_keys_and_values() {
    let b = MemoryBackend::default();
    assert_eq!(used_chars(&b), 0);
    b.set("sop/x", "abc").expect("set"); // 5 + 3
    assert_eq!(used_chars(&b), 8);
    b.set("店铺", "安居优品家居旗舰店").expect("set"); // 2 + 9: CJK is one unit per char
    assert_eq!(used_chars(&b), 19);
    b.set("e", "😀").expect("set"); // 1 + 2: outside the BMP is a surrogate pair
    assert_eq!(used_chars(&b), 22);
    b.set("sop/x", "").expect("set");
    assert_eq!(used_chars(&b), 19);
    b.remove("店铺").expect("remove");
    assert_eq!(used_chars(&b), 8);
}

#[test]
fn used_chars_of_stored_products_equals_key_plus_encoded_length() {
    let b = MemoryBackend::default();
    let mut ws = sample_workspace(T).records.products;
    store::save::<Product>(&b, &BTreeSet::new(), &mut ws).expect("save");
    let text = encode(&ws);
    assert_eq!(
        used_chars(&b),
        KEY_PRODUCTS.len() + text.encode_utf16().count()
    );
    assert!(
        text.encode_utf16().count() < text.len(),
        "CJK text: fewer units than bytes"
    );
}

// ----- promotions and the event calendar -----

fn promo_ws() -> Workspace {
    let mut ws = sample_workspace(T);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    ws.promotions = store_ops_planner::sample::promos::sample_promotions(&ws.products, today, T);
    ws.events = store_ops_planner::core::promo::events::seed_calendar(today);
    ws
}

#[test]
fn saved_promotions_and_events_load_back_equal() {
    let b = MemoryBackend::default();
    let mut ws = promo_ws();
    ws.promotions[0].tombstone(T + 1);
    let blocked = BTreeSet::new();
    let mut promos = ws.promotions.clone();
    let mut events = ws.events.clone();
    assert_eq!(
        store::save::<Promotion>(&b, &blocked, &mut promos),
        Ok(false)
    );
    assert_eq!(
        store::save::<PlatformEvent>(&b, &blocked, &mut events),
        Ok(false)
    );
    let l = load(&b, T);
    assert!(l.issues.is_empty());
    assert_eq!(l.workspace.promotions, ws.promotions);
    assert_eq!(l.workspace.events, ws.events);
    assert_eq!(store::read::<Promotion>(&b), Some(ws.promotions.clone()));
}

#[test]
fn corrupt_promotions_and_events_are_set_aside_and_the_rest_loads() {
    let b = MemoryBackend::default();
    let ws = promo_ws();
    let mut products = ws.products.clone();
    store::save::<Product>(&b, &BTreeSet::new(), &mut products).expect("save");
    // a promotion whose main wave ends before it starts is not a valid promotion
    let mut bad = serde_json::to_value(&ws.promotions).expect("json");
    bad[0]["phases"]["main"]["end"] = serde_json::json!("2000-01-01");
    let raw_p = encode(&bad);
    b.set(KEY_PROMOTIONS, &raw_p).expect("set");
    b.set(KEY_EVENTS, "[oops").expect("set");
    let l = load(&b, T);
    assert_eq!(l.workspace.products, ws.products);
    assert!(l.workspace.promotions.is_empty());
    assert!(l.workspace.events.is_empty());
    assert_eq!(
        l.issues,
        vec![
            LoadIssue::Corrupt {
                key: KEY_PROMOTIONS.into(),
                kept_as: Some(format!("sop/corrupt/{}/{T}", KEY_PROMOTIONS)),
            },
            LoadIssue::Corrupt {
                key: KEY_EVENTS.into(),
                kept_as: Some(format!("sop/corrupt/{}/{T}", KEY_EVENTS)),
            },
        ]
    );
    assert_eq!(
        get(&b, &format!("sop/corrupt/{}/{T}", KEY_PROMOTIONS)).as_deref(),
        Some(raw_p.as_str())
    );
}

#[test]
fn a_stale_tab_saving_promotions_keeps_the_other_tabs_newer_promotion() {
    let b = MemoryBackend::default();
    let blocked = BTreeSet::new();
    let ws = promo_ws();
    let mut a = ws.promotions.clone();
    store::save::<Promotion>(&b, &blocked, &mut a).expect("save");
    let mut stale = a.clone();
    a[2].name = "双11 店铺宝 改名".into();
    a[2].bump(T + 5);
    store::save::<Promotion>(&b, &blocked, &mut a).expect("save");
    stale[3].budget = Fen(1);
    stale[3].bump(T + 6);
    assert_eq!(store::save::<Promotion>(&b, &blocked, &mut stale), Ok(true));
    let stored = store::read::<Promotion>(&b).expect("stored");
    assert_eq!(stored[2].name, "双11 店铺宝 改名");
    assert_eq!(stored[3].budget, Fen(1));
}

/// Values as the first release (storage schema 1) wrote them, frozen in a fixture: every later
/// version must keep reading them whole, without issues, and save them back readable.
#[test]
fn storage_written_by_the_first_release_keeps_loading() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/storage/schema1-store.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let values: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&text).expect("key → stored text");
    let b = MemoryBackend::default();
    for (k, v) in &values {
        b.set(k, v).expect("set");
    }
    let l = load(&b, T);
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.workspace.products.len(), 60);
    assert_eq!(l.workspace.promotions.len(), 6);
    assert_eq!(l.workspace.events.len(), 12);
    assert_eq!(l.workspace.profile.name, "安居优品家居旗舰店");
    assert_eq!(l.prefs.locale, "zh");
    // saved again by this version and read back: the same records
    let mut products = l.workspace.records.products.clone();
    assert_eq!(
        store::save::<Product>(&b, &l.blocked, &mut products),
        Ok(false)
    );
    assert_eq!(load(&b, T).workspace.records, l.workspace.records);
}
