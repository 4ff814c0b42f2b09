//! Plan-file reading and writing (`formats::plan_file`): a corpus of bad files under
//! tests/fixtures/plan/bad/ (each refused with its exact error), odd but valid files under
//! tests/fixtures/plan/odd/, the committed v1 workspace fixture, round trips, repeated imports,
//! file names and version handling.

use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use store_ops_planner::core::merge::{apply, plan_merge, Pick};
use store_ops_planner::formats::plan_file::{
    self, parse, PlanError, PlanFile, Scope, MAX_FILE_BYTES, PLAN_TYPE, PLAN_VERSION,
};
use store_ops_planner::formats::validate::{FieldError, Problem};
use store_ops_planner::model::money::MAX_FEN;
use store_ops_planner::model::{
    Fen, Meta, Product, ProductRole, ProductStatus, Record, Records, Rev, StoreProfile, Workspace,
};
use store_ops_planner::sample::sample_workspace;

/// 2026-01-01T00:00:00Z (08:00 in UTC+8).
const T: i64 = 1_767_225_600_000;
/// Bounds of `updated` accepted by validation: 2000-01-01 .. 2100-01-01 (UTC).
const MIN_TIME: i64 = 946_684_800_000;
const MAX_TIME: i64 = 4_102_444_800_000;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan")
}

fn read(rel: &str) -> Vec<u8> {
    let p = fixture_dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn invalid(path: &str, problem: Problem) -> PlanError {
    PlanError::Invalid(vec![FieldError {
        path: path.to_string(),
        problem,
    }])
}

fn p0(field: &str) -> String {
    format!("payload.products[0].{field}")
}

/// Every file in tests/fixtures/plan/bad/ and the exact error it must be refused with.
fn bad_corpus() -> Vec<(&'static str, PlanError)> {
    let money = Problem::OutOfRange {
        min: 0,
        max: MAX_FEN,
    };
    vec![
        ("not-json.json", PlanError::NotJson { line: 1, column: 1 }),
        (
            "single-quoted-key.json",
            PlanError::NotJson { line: 4, column: 3 },
        ),
        ("truncated.json", PlanError::Truncated),
        ("empty.json", PlanError::Empty),
        ("whitespace-only.json", PlanError::Empty),
        ("png-header.json", PlanError::NotText),
        ("utf16-le-bom.json", PlanError::NotText),
        ("json-array.json", PlanError::NotPlanFile),
        (
            "wrong-type.json",
            PlanError::WrongType {
                found: "excalidraw".into(),
            },
        ),
        ("missing-type.json", PlanError::NotPlanFile),
        ("version-0.json", PlanError::BadVersion),
        ("version-string.json", PlanError::BadVersion),
        (
            "version-3.json",
            PlanError::TooNew {
                found: 3,
                supported: 2,
            },
        ),
        (
            "version-99.json",
            PlanError::TooNew {
                found: 99,
                supported: 2,
            },
        ),
        ("missing-payload.json", invalid("payload", Problem::Missing)),
        (
            "products-not-array.json",
            invalid("payload.products", Problem::WrongType("array")),
        ),
        (
            "product-missing-id.json",
            invalid(&p0("id"), Problem::Missing),
        ),
        (
            "duplicate-ids.json",
            invalid("payload.products[1].id", Problem::DuplicateId),
        ),
        (
            "negative-price.json",
            invalid("payload.products[1].list_price", money.clone()),
        ),
        ("price-1e20.json", invalid(&p0("list_price"), money)),
        (
            "price-string.json",
            invalid(&p0("list_price"), Problem::WrongType("integer")),
        ),
        (
            "stock-fraction.json",
            invalid(&p0("stock"), Problem::WrongType("integer")),
        ),
        (
            "status-sold.json",
            invalid(&p0("status"), Problem::BadValue),
        ),
        ("rev-abc.json", invalid(&p0("rev"), Problem::BadValue)),
        (
            "updated-1970.json",
            invalid(
                &p0("updated"),
                Problem::OutOfRange {
                    min: MIN_TIME,
                    max: MAX_TIME,
                },
            ),
        ),
        (
            "item-id-scientific.json",
            invalid(&p0("item_id"), Problem::BadValue),
        ),
        // see the ignored test below: currently refused as NotText
        ("truncated-mid-character.json", PlanError::Truncated),
    ]
}

/// Bad files whose expected error the current code does not give yet (checked by ignored tests).
const KNOWN_BUGS: &[&str] = &["truncated-mid-character.json"];

#[test]
fn every_bad_fixture_is_refused_with_its_exact_error() {
    let mut wrong = Vec::new();
    for (name, expected) in bad_corpus() {
        if KNOWN_BUGS.contains(&name) {
            continue;
        }
        let got = parse(&read(&format!("bad/{name}")));
        if got != Err(expected.clone()) {
            wrong.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_file_in_the_bad_corpus_has_an_expected_error() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixture_dir().join("bad"))
        .expect("bad dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = bad_corpus().iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn a_file_cut_inside_a_multibyte_character_is_reported_truncated() {
    let bytes = read("bad/truncated-mid-character.json");
    assert_eq!(bytes.last(), Some(&0xE5));
    assert_eq!(parse(&bytes), Err(PlanError::Truncated));
}

fn envelope(payload: Value) -> Value {
    json!({
        "type": PLAN_TYPE,
        "version": 1,
        "exported_at": T,
        "payload": payload,
    })
}

fn product_json(title: &str) -> Value {
    json!({"id": "p0", "rev": "1-00000000", "updated": T, "title": title})
}

#[test]
fn a_10_mb_title_is_refused_as_too_long_at_its_path() {
    let title = "长".repeat(10 * 1024 * 1024 / 3);
    let text = envelope(json!({ "products": [product_json(&title)] })).to_string();
    assert!(text.len() > 10_000_000 && text.len() < MAX_FILE_BYTES);
    assert_eq!(
        parse(text.as_bytes()),
        Err(invalid(&p0("title"), Problem::TooLong(300)))
    );
}

#[test]
fn a_file_over_20_mb_is_refused_before_parsing() {
    let mut bytes = vec![b' '; MAX_FILE_BYTES + 1];
    bytes[0] = b'{';
    assert_eq!(
        parse(&bytes),
        Err(PlanError::TooLarge {
            bytes: MAX_FILE_BYTES + 1,
            limit: 20 * 1024 * 1024,
        })
    );
    // exactly at the limit is read (and here refused for what it is: a cut JSON object)
    bytes.pop();
    assert_eq!(parse(&bytes), Err(PlanError::Truncated));
}

#[test]
fn nested_arrays_100k_deep_are_refused_as_not_json_without_overflowing_the_stack() {
    let depth = 100_000;
    let prefix = format!(r#"{{"type":"{PLAN_TYPE}","version":1,"payload":{{"products":"#);
    let text = format!("{prefix}{}{}}}}}", "[".repeat(depth), "]".repeat(depth));
    // serde_json refuses the 128th nesting level; the envelope and payload objects are 2 of
    // them, so the 126th '[' is the one refused
    assert_eq!(
        parse(text.as_bytes()),
        Err(PlanError::NotJson {
            line: 1,
            column: prefix.len() + 126,
        })
    );
}

#[test]
fn an_integral_float_within_range_is_reported_as_wrong_type_not_out_of_range() {
    let mut product = product_json("商品");
    product["list_price"] = json!(12900.0);
    let text = envelope(json!({ "products": [product] })).to_string();
    assert!(text.contains(r#""list_price":12900.0"#));
    assert_eq!(
        parse(text.as_bytes()),
        Err(invalid(&p0("list_price"), Problem::WrongType("integer")))
    );
}

#[test]
fn a_script_tag_title_is_valid_and_kept_verbatim_as_text() {
    let f = parse(&read("odd/script-title.json")).expect("valid");
    assert_eq!(f.products.len(), 1);
    assert_eq!(f.products[0].title, "<script>alert(1)</script>");
    assert_eq!(f.products[0].id(), "p0");
}

fn fixture_product(i: u32) -> Product {
    Product {
        meta: Meta {
            id: format!("p{i}"),
            rev: Rev { gen: 1, hash: i },
            anc: Vec::new(),
            updated: T,
            deleted: false,
        },
        sku: format!("SKU-{i}"),
        item_id: String::new(),
        title: format!("商品{i}"),
        category: String::new(),
        list_price: Fen(12900),
        cost: Fen(5000),
        stock: 10,
        status: ProductStatus::OnShelf,
        role: ProductRole::Regular,
        tags: Vec::new(),
        keywords: Vec::new(),
        notes: String::new(),
        price_history: Vec::new(),
        in_transit: 0,
        lead_days: 0,
        typed_pace_x100: None,
    }
}

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let f = parse(&read("odd/extra-fields.json")).expect("valid");
    assert_eq!(
        f,
        PlanFile {
            scope: Scope::Products,
            exported_at: T,
            app_version: "0.1.0".into(),
            profile: None,
            records: Records {
                products: vec![fixture_product(0), fixture_product(1)],
                ..Records::default()
            },
        }
    );
}

#[test]
fn a_bom_prefixed_file_parses_like_the_same_file_without_bom() {
    let bytes = read("odd/bom.json");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let with = parse(&bytes).expect("valid");
    assert_eq!(with.products, vec![fixture_product(0)]);
    assert_eq!(parse(&bytes[3..]), Ok(with));
}

// ----- the committed v1 fixture -----

const V1_FIXTURE: &str = "v1-workspace.json";

/// Writes tests/fixtures/plan/v1-workspace.json if it is missing. Run once and commit the file;
/// it is never rewritten (old files must keep opening), so delete it first to regenerate.
#[test]
#[ignore = "generator: writes the v1 fixture if missing"]
fn write_v1_workspace_fixture() {
    let path = fixture_dir().join(V1_FIXTURE);
    if !path.exists() {
        let text = plan_file::export(&sample_workspace(T), None, T);
        std::fs::write(path, text).expect("write fixture");
    }
}

#[test]
fn v1_workspace_fixture_parses_back_to_the_sample_workspace() {
    let ws = sample_workspace(T);
    let f = parse(&read(V1_FIXTURE)).expect("v1 fixture loads");
    assert_eq!(f.scope, Scope::Workspace);
    assert_eq!(f.exported_at, T);
    assert_eq!(f.app_version, "0.1.0");
    assert_eq!(f.profile, Some(ws.profile.clone()));
    assert_eq!(f.products.len(), ws.products.len());
    assert_eq!(f.products, ws.products);
}

#[test]
fn every_plan_file_version_has_a_fixture_that_loads() {
    for v in 1..=PLAN_VERSION {
        let bytes = read(&format!("v{v}-workspace.json"));
        let raw: Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(raw["version"], json!(v));
        let f = parse(&bytes).unwrap_or_else(|e| panic!("v{v}: {e:?}"));
        assert!(!f.products.is_empty(), "v{v}");
    }
}

#[test]
fn a_version_3_file_is_refused_whole_as_too_new() {
    let mut raw: Value = serde_json::from_slice(&read(V1_FIXTURE)).expect("json");
    raw["version"] = json!(3);
    let text = serde_json::to_vec(&raw).expect("json");
    assert_eq!(
        parse(&text),
        Err(PlanError::TooNew {
            found: 3,
            supported: 2
        })
    );
}

#[test]
fn a_newer_file_is_reported_too_new_even_if_its_layout_changed() {
    let text = json!({"type": PLAN_TYPE, "version": 3, "data": {"items": []}}).to_string();
    assert_eq!(
        parse(text.as_bytes()),
        Err(PlanError::TooNew {
            found: 3,
            supported: 2
        })
    );
}

// ----- round trips and repeated imports -----

/// The sample plus everything the sample lacks: an edited record with ancestry, a tombstone,
/// text that needs escaping, tags, keywords, notes and an edited profile.
fn rich_workspace() -> Workspace {
    let mut ws = sample_workspace(T);
    ws.products[0].list_price = Fen(9_990);
    ws.products[0].bump(T + 1_000);
    ws.products[0].bump(T + 2_000);
    ws.products[1].tombstone(T + 3_000);
    let mut p = Product::new("5a3e0000-0000-4000-8000-00000000ffff".into(), T + 4_000);
    p.title = "引号\"反斜杠\\换行\n制表\t表情😀 <b>粗</b>".into();
    p.item_id = "712345678901".into();
    p.tags = vec!["新品".into(), "a,b".into()];
    p.keywords = vec!["保温杯".into()];
    p.notes = "第一行\r\n第二行".into();
    p.status = ProductStatus::Draft;
    p.role = ProductRole::Hero;
    p.list_price = Fen(MAX_FEN);
    p.stock = 1_000_000_000;
    p.bump(T + 5_000);
    ws.products.push(p);
    ws.profile.name = "安居/优品".into();
    ws.profile.fee_rate_bp = 600;
    ws.profile.bump(T + 6_000);
    ws
}

#[test]
fn export_then_parse_round_trips_the_whole_workspace() {
    let ws = rich_workspace();
    let f = parse(plan_file::export(&ws, None, T + 7_000).as_bytes()).expect("own export");
    assert_eq!(
        f,
        PlanFile {
            scope: Scope::Workspace,
            exported_at: T + 7_000,
            app_version: plan_file::APP_VERSION.to_string(),
            profile: Some(ws.profile.clone()),
            records: ws.records.clone(),
        }
    );
}

#[test]
fn exporting_chosen_products_round_trips_them_without_profile_or_tombstones() {
    let ws = rich_workspace();
    let ids: Vec<String> = [0, 1, 3, ws.products.len() - 1]
        .iter()
        .map(|&i| ws.products[i].id().to_string())
        .collect();
    let f = parse(plan_file::export(&ws, Some(&ids), T).as_bytes()).expect("own export");
    assert_eq!(f.scope, Scope::Products);
    assert_eq!(f.profile, None);
    // products[1] is a tombstone: not part of a "send these products" file
    let expected: Vec<Product> = [0, 3, ws.products.len() - 1]
        .iter()
        .map(|&i| ws.products[i].clone())
        .collect();
    assert_eq!(f.products, expected);
}

#[test]
fn export_of_a_workspace_with_a_never_edited_profile_can_be_read_back() {
    let mut ws = Workspace::default();
    ws.products.push(Product::new("p-new".into(), T));
    let f = parse(plan_file::export(&ws, None, T).as_bytes());
    assert_eq!(f.map(|f| f.profile), Ok(Some(ws.profile)));
}

#[test]
fn a_never_edited_profile_fast_forwards_to_the_profile_of_an_imported_file() {
    // what the first-run "start empty" choice stores
    let mut mine = StoreProfile::default();
    mine.meta.updated = T;
    let theirs = parse(&read(V1_FIXTURE))
        .expect("v1 fixture")
        .profile
        .expect("workspace file has a profile");
    let plan = plan_merge(std::slice::from_ref(&mine), std::slice::from_ref(&theirs));
    assert_eq!(plan.updated, vec![(mine, theirs)]);
}

#[test]
fn importing_the_same_file_twice_is_a_noop() {
    let base = sample_workspace(T);
    let n = base.products.len();
    // the teammate's file: two edits, a deletion, and an edit that conflicts with ours
    let mut theirs = base.clone();
    for i in [0, 1] {
        theirs.products[i].list_price = Fen(theirs.products[i].list_price.0 + 100);
        theirs.products[i].bump(T + 10);
    }
    theirs.products[2].tombstone(T + 10);
    theirs.products[3].title = "他们的标题".into();
    theirs.products[3].bump(T + 10);
    let file = parse(plan_file::export(&theirs, None, T + 20).as_bytes()).expect("valid");

    // ours: lacks the last five products, edited product 3 differently and product 4 too
    let mut local = base.products.clone();
    local.truncate(n - 5);
    local[3].title = "我们的标题".into();
    local[3].bump(T + 15);
    local[4].stock += 1;
    local[4].bump(T + 15);

    let first = plan_merge(&local, &file.products);
    assert_eq!(first.added.len(), 5);
    assert_eq!(first.updated.len(), 2);
    assert_eq!(first.deleted.len(), 1);
    assert_eq!(first.conflicts.len(), 1);
    assert_eq!(first.converged.len(), 0);
    assert_eq!(first.unchanged, n - 9);
    let picks: HashMap<String, Pick> = [(local[3].id().to_string(), Pick::Theirs)].into();
    apply(&mut local, &first, &picks);
    assert_eq!(local.len(), n);
    assert_eq!(local[3].title, "他们的标题");
    assert!(local[2].meta.deleted);

    let second = plan_merge(&local, &file.products);
    assert!(second.is_noop(), "{second:?}");
    assert_eq!(second.unchanged, n);
}

// ----- file names -----

#[test]
fn file_name_is_dated_in_utc8_and_strips_characters_unsafe_in_file_names() {
    assert_eq!(
        plan_file::file_name("安居/优品:家居*旗舰\\店?\"<>|", T),
        "安居优品家居旗舰店-plan-2026-01-01.json"
    );
    // the date is the UTC+8 day: 2025-12-31T16:00Z is already 2026-01-01 in China
    assert_eq!(
        plan_file::file_name("店", 1_767_196_799_999),
        "店-plan-2025-12-31.json"
    );
    assert_eq!(
        plan_file::file_name("店", 1_767_196_800_000),
        "店-plan-2026-01-01.json"
    );
    assert_eq!(plan_file::file_name("", T), "store-plan-2026-01-01.json");
    assert_eq!(
        plan_file::file_name("/\\:*?\"<>|", T),
        "store-plan-2026-01-01.json"
    );
    assert_eq!(plan_file::file_name("   ", T), "store-plan-2026-01-01.json");
    assert_eq!(
        plan_file::file_name(" a\tb\nc\u{7f} ", T),
        "abc-plan-2026-01-01.json"
    );
    assert_eq!(
        plan_file::file_name(&"店".repeat(50), T),
        format!("{}-plan-2026-01-01.json", "店".repeat(40))
    );
}

// ----- version 2: promotions and the event calendar -----

const V2_FIXTURE: &str = "v2-workspace.json";

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The sample workspace with its promotions (dated as of 2026-11-22) and the seeded calendar.
fn promo_workspace() -> Workspace {
    let mut ws = sample_workspace(T);
    let today = day("2026-11-22");
    store_ops_planner::sample::promos::sample_price_history(&mut ws.products, today, T);
    ws.promotions = store_ops_planner::sample::promos::sample_promotions(&ws.products, today, T);
    ws.events = store_ops_planner::core::promo::events::seed_calendar(today);
    ws
}

/// Writes tests/fixtures/plan/v2-workspace.json if it is missing (run once, commit, never
/// rewrite: old files must keep opening).
#[test]
#[ignore = "generator: writes the v2 fixture if missing"]
fn write_v2_workspace_fixture() {
    let path = fixture_dir().join(V2_FIXTURE);
    if !path.exists() {
        std::fs::write(path, plan_file::export(&promo_workspace(), None, T)).expect("write");
    }
}

#[test]
fn v2_workspace_fixture_parses_back_with_promotions_and_events() {
    let ws = promo_workspace();
    let f = parse(&read(V2_FIXTURE)).expect("v2 fixture loads");
    assert_eq!(f.scope, Scope::Workspace);
    assert_eq!(f.products, ws.products);
    // the reviewed 618 and 双11 are today's sample byte for byte; the three 双12 promotions were
    // written by the older sample (18 days ahead, not linked to the event): same names and main
    // days, their other phases from the file
    assert_eq!(f.promotions[..3], ws.promotions[..3]);
    for (old, new) in f.promotions[3..].iter().zip(&ws.promotions[3..]) {
        assert_eq!(
            (&old.meta.id, &old.name, old.phases.main),
            (&new.meta.id, &new.name, new.phases.main)
        );
        assert_eq!(old.event_id, None);
        assert_eq!(new.event_id.as_deref(), Some("evt-2026-1212"));
    }
    // the file was written before the 2027 seeds followed the latest year on record (issue 12
    // item 10): its 2027 618 and 双11 are the older seeds, ancestors of today's, so they would
    // fast-forward; every other event is today's seed byte for byte
    let newer =
        store_ops_planner::core::promo::events::seeds_to_store(&f.events, ws.events.clone());
    let ids: Vec<&str> = newer.iter().map(|e| e.meta.id.as_str()).collect();
    assert_eq!(ids, ["evt-2027-618", "evt-2027-1111"]);
    for e in &f.events {
        match newer.iter().find(|n| n.meta.id == e.meta.id) {
            Some(n) => assert!(n.meta.knows(e.meta.rev) && n.meta.rev != e.meta.rev),
            None => assert!(ws.events.contains(e), "{}", e.meta.id),
        }
    }
    assert_eq!(f.promotions.len(), 6);
    assert_eq!(f.events.len(), 12, "six events for 2026 and six for 2027");
}

#[test]
fn a_v1_file_migrates_to_empty_promotions_and_events() {
    let f = parse(&read(V1_FIXTURE)).expect("v1");
    assert!(f.promotions.is_empty());
    assert!(f.events.is_empty());
    assert!(!f.products.is_empty());
}

#[test]
fn export_then_parse_round_trips_promotions_events_and_price_history() {
    let mut ws = promo_workspace();
    ws.promotions[1].tombstone(T + 9_000);
    let f = parse(plan_file::export(&ws, None, T).as_bytes()).expect("own export");
    assert_eq!(f.promotions, ws.promotions, "tombstones travel too");
    assert_eq!(f.events, ws.events);
    assert!(f.products.iter().any(|p| p.price_history.len() == 3));
    assert_eq!(f.products, ws.products);
}

#[test]
fn a_single_promotion_exports_with_its_products_and_event_and_merges_into_a_fresh_profile() {
    let ws = promo_workspace();
    let promo = ws
        .promotions
        .iter()
        .find(|p| p.event_id.is_some() && !p.items.is_empty())
        .expect("a promotion with items and an event")
        .clone();
    let text = plan_file::export_promotion(&ws, promo.id(), T).expect("exists");
    let f = parse(text.as_bytes()).expect("own export");
    assert_eq!(f.scope, Scope::Promotion);
    assert_eq!(f.promotions, vec![promo.clone()]);
    assert_eq!(f.profile, None);
    let ids: BTreeSet<&str> = f.products.iter().map(|p| p.id()).collect();
    let want: BTreeSet<&str> = promo.items.iter().map(|i| i.product_id.as_str()).collect();
    assert_eq!(ids, want);
    assert_eq!(f.events.len(), 1);
    assert_eq!(Some(f.events[0].id()), promo.event_id.as_deref());
    // a fresh profile takes everything as new; importing again changes nothing
    let mut fresh: Vec<store_ops_planner::model::AnyRecord> = Vec::new();
    let plan = plan_merge(&fresh, &f.all_records());
    assert_eq!(plan.added.len(), f.all_records().len());
    apply(&mut fresh, &plan, &HashMap::new());
    assert!(plan_merge(&fresh, &f.all_records()).is_noop());
    assert_eq!(plan_file::export_promotion(&ws, "no-such-id", T), None);
}

fn promo_file(mutate: impl FnOnce(&mut Value)) -> Vec<u8> {
    let ws = promo_workspace();
    let mut v: Value = serde_json::from_str(&plan_file::export(&ws, None, T)).expect("json");
    mutate(&mut v["payload"]["promotions"][0]);
    serde_json::to_vec(&v).expect("json")
}

#[test]
fn bad_promotion_fields_are_refused_with_their_paths() {
    type Case = (Box<dyn FnOnce(&mut Value)>, &'static str, Problem);
    let cases: Vec<Case> = vec![
        (
            Box::new(|p| p["phases"]["main"]["end"] = json!("2020-01-01")),
            "payload.promotions[0].phases.main.end",
            Problem::BadValue,
        ),
        (
            Box::new(|p| p["phases"]["main"]["start"] = json!("2026-02-30")),
            "payload.promotions[0].phases.main.start",
            Problem::BadValue,
        ),
        (
            Box::new(|p| p["rule"]["tool"] = json!("lottery")),
            "payload.promotions[0].rule.tool",
            Problem::BadValue,
        ),
        (
            Box::new(|p| p["items"][0]["discount"] = json!({"kind": "percent", "pay_bp": 20000})),
            "payload.promotions[0].items[0].discount.pay_bp",
            Problem::OutOfRange {
                min: 0,
                max: 10_000,
            },
        ),
        (
            Box::new(|p| p["status"] = json!("shipped")),
            "payload.promotions[0].status",
            Problem::BadValue,
        ),
        (
            Box::new(|p| p["budget"] = json!(-5)),
            "payload.promotions[0].budget",
            Problem::OutOfRange {
                min: 0,
                max: MAX_FEN,
            },
        ),
        (
            Box::new(|p| {
                p.as_object_mut().map(|o| o.remove("name"));
            }),
            "payload.promotions[0].name",
            Problem::Missing,
        ),
        (
            Box::new(|p| p["items"][0]["discount"] = json!({"kind": "percent"})),
            "payload.promotions[0]",
            Problem::BadValue,
        ),
    ];
    for (mutate, path, problem) in cases {
        let bytes = promo_file(mutate);
        assert_eq!(parse(&bytes), Err(invalid(path, problem)), "{path}");
    }
}

/// A version 2 file of the sample workspace with its promotions, as the app exports it.
fn exported_v2() -> Value {
    let mut ws = sample_workspace(T);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    ws.promotions = store_ops_planner::sample::promos::sample_promotions(&ws.products, today, T);
    serde_json::from_str(&plan_file::export(&ws, None, T)).unwrap()
}

#[test]
fn a_newer_product_record_without_its_price_is_refused_at_its_path_not_read_as_zero() {
    for field in ["list_price", "cost", "stock", "title"] {
        let mut file = exported_v2();
        let p = &mut file["payload"]["products"][9];
        p.as_object_mut().unwrap().remove(field);
        p["rev"] = json!("9-0000abcd");
        assert_eq!(
            parse(file.to_string().as_bytes()),
            Err(invalid(
                &format!("payload.products[9].{field}"),
                Problem::Missing
            )),
            "{field}"
        );
    }
}

#[test]
fn a_version_1_product_without_a_field_still_opens_with_its_migration_defaults() {
    let file = envelope(json!({ "products": [product_json("旧文件")] }));
    let f = parse(file.to_string().as_bytes()).expect("v1 file opens");
    assert_eq!(f.products[0].list_price, Fen(0));
    assert_eq!(f.products[0].status, ProductStatus::OnShelf);
}

#[test]
fn a_promotion_naming_one_product_twice_in_a_file_is_refused() {
    let mut file = exported_v2();
    let promos = file["payload"]["promotions"].as_array_mut().unwrap();
    let (pi, promo) = promos
        .iter_mut()
        .enumerate()
        .find(|(_, p)| p["items"].as_array().is_some_and(|a| !a.is_empty()))
        .expect("a sample promotion with items");
    let first = promo["items"][0].clone();
    let n = promo["items"].as_array().unwrap().len();
    promo["items"].as_array_mut().unwrap().push(first);
    assert_eq!(
        parse(file.to_string().as_bytes()),
        Err(invalid(
            &format!("payload.promotions[{pi}].items[{n}].product_id"),
            Problem::DuplicateId
        ))
    );
}

/// Issue 12 item 1: the profile's shipping cost per order is validated like the postage, and a
/// profile saved before it existed still loads, its one postage figure read as the cost too.
#[test]
fn profile_shipping_cost_is_validated_and_optional() {
    use store_ops_planner::formats::validate;
    let old = serde_json::json!({
        "id": "store-profile", "rev": "1-00000001", "updated": 0,
        "name": "店", "platform": "tmall", "fee_rate_bp": 500, "default_postage": 800
    });
    let p = validate::profile(&old, "payload.profile").unwrap();
    assert_eq!(p.shipping_cost, None);
    assert_eq!(p.postage_charged(), store_ops_planner::model::Fen(800));
    assert_eq!(
        p.shipping_cost_per_order(),
        store_ops_planner::model::Fen(800)
    );
    let mut new = old.clone();
    new["shipping_cost"] = serde_json::json!(600);
    let p = validate::profile(&new, "payload.profile").unwrap();
    assert_eq!(
        p.shipping_cost_per_order(),
        store_ops_planner::model::Fen(600)
    );
    new["shipping_cost"] = serde_json::json!(-1);
    assert!(validate::profile(&new, "payload.profile").is_err());
}
