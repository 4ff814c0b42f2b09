//! Browser tests (wasm-bindgen-test in headless Chromium): the storage owner against the real
//! localStorage — round trip, a corrupted value kept aside, quota exhaustion — and the app shell
//! mounted in a real document.
#![cfg(target_arch = "wasm32")]

use store_ops_planner::sample::sample_workspace;
const KEY_PRODUCTS: &str = "sop/products";
use store_ops_planner::model::Record;
use store_ops_planner::store::local::LocalBackend;
use store_ops_planner::store::{self, Backend, LoadIssue, StoreError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn ls() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn fresh() -> LocalBackend {
    ls().clear().unwrap();
    LocalBackend::writable().expect("localStorage available in the test browser")
}

#[wasm_bindgen_test]
fn local_storage_round_trips_products_through_the_storage_owner() {
    let b = fresh();
    let mut ws = sample_workspace(1_767_225_600_000);
    let blocked = Default::default();
    store::save::<store_ops_planner::model::Product>(&b, &blocked, &mut ws.products).unwrap();
    let loaded = store::load(&b, 1_767_225_600_000);
    assert!(loaded.issues.is_empty());
    assert_eq!(loaded.workspace.products, ws.products);
    assert!(ls()
        .get_item(KEY_PRODUCTS)
        .unwrap()
        .unwrap()
        .starts_with("{\"data\""));
}

#[wasm_bindgen_test]
fn corrupted_value_is_kept_aside_and_the_app_still_loads() {
    let b = fresh();
    ls().set_item(KEY_PRODUCTS, "{\"schema\":1,\"data\":[{\"id\":")
        .unwrap();
    let loaded = store::load(&b, 1_767_225_600_000);
    assert!(loaded.workspace.products.is_empty());
    let kept = match &loaded.issues[..] {
        [LoadIssue::Corrupt {
            key,
            kept_as: Some(k),
        }] if key == KEY_PRODUCTS => k.clone(),
        other => panic!("unexpected issues {other:?}"),
    };
    assert_eq!(
        ls().get_item(&kept).unwrap().as_deref(),
        Some("{\"schema\":1,\"data\":[{\"id\":"),
        "the corrupted text is kept byte for byte"
    );
    assert_eq!(store::corrupt_entries(&b).len(), 1);
}

#[wasm_bindgen_test]
fn newer_schema_is_refused_and_never_overwritten() {
    let b = fresh();
    let future = "{\"schema\":99,\"data\":[]}";
    ls().set_item(KEY_PRODUCTS, future).unwrap();
    let mut loaded = store::load(&b, 1);
    assert!(matches!(
        loaded.issues[..],
        [LoadIssue::TooNew { found: 99, .. }]
    ));
    let mut ws = sample_workspace(1);
    store::save::<store_ops_planner::model::Product>(&b, &loaded.blocked, &mut ws.products)
        .unwrap();
    loaded.blocked.clear();
    assert_eq!(
        ls().get_item(KEY_PRODUCTS).unwrap().as_deref(),
        Some(future)
    );
}

#[wasm_bindgen_test]
fn filling_storage_to_quota_is_an_error_value_and_keeps_the_old_data() {
    let b = fresh();
    let mut ws = sample_workspace(1);
    let blocked = Default::default();
    store::save::<store_ops_planner::model::Product>(&b, &blocked, &mut ws.products).unwrap();
    let before = ls().get_item(KEY_PRODUCTS).unwrap();
    // Fill the origin with ever smaller chunks until not even 1 KB more fits.
    let mut n = 0;
    for size in [1024 * 1024, 64 * 1024, 1024] {
        let chunk = "x".repeat(size);
        loop {
            match b.set(&format!("filler/{n}"), &chunk) {
                Ok(()) => n += 1,
                Err(StoreError::Quota) => break,
                Err(e) => panic!("expected QuotaExceededError, got {e:?}"),
            }
            assert!(n < 10_000, "quota never reached");
        }
    }
    assert!(store::used_chars(&b) <= store::LIMIT_CHARS);
    // A bigger product list no longer fits: an error value, and the stored value is unchanged.
    let mut bigger = ws.products.clone();
    for p in bigger.iter_mut() {
        p.notes = "备注".repeat(2000);
        p.bump(2);
    }
    let r = store::save::<store_ops_planner::model::Product>(&b, &blocked, &mut bigger);
    assert_eq!(r, Err(StoreError::Quota));
    assert_eq!(ls().get_item(KEY_PRODUCTS).unwrap(), before);
    // Freeing space lets saving resume.
    for i in 0..n {
        b.remove(&format!("filler/{i}")).unwrap();
    }
    assert_eq!(
        store::save::<store_ops_planner::model::Product>(&b, &blocked, &mut bigger),
        Ok(false)
    );
    ls().clear().unwrap();
}

/// Fill the origin to the last UTF-16 unit: big chunks, then under one-character keys (private
/// use, U+E000…) the longest values that still fit, until not even an empty value fits. Returns
/// the keys written.
fn fill_to_the_last_unit(b: &LocalBackend) -> Vec<String> {
    let mut keys = Vec::new();
    for size in [1024 * 1024, 64 * 1024, 1024] {
        let chunk = "x".repeat(size);
        loop {
            let key = format!("filler/{}", keys.len());
            if b.set(&key, &chunk).is_err() {
                break;
            }
            keys.push(key);
            assert!(keys.len() < 10_000, "quota never reached");
        }
    }
    for round in 0..10u32 {
        if b.set("z", "").is_err() {
            break;
        }
        b.remove("z").unwrap();
        let key = char::from_u32(0xE000 + round).unwrap().to_string();
        // lo fits (None: not even the key), hi does not; each trial on a removed key
        let (mut lo, mut hi): (Option<usize>, usize) = (None, 1 << 16);
        while hi - lo.map_or(0, |l| l + 1) > 0 {
            let mid = lo.map_or(0, |l| l + 1) + (hi - lo.map_or(0, |l| l + 1)) / 2;
            b.remove(&key).unwrap();
            if b.set(&key, &"x".repeat(mid)).is_ok() {
                lo = Some(mid);
            } else {
                hi = mid;
            }
        }
        b.remove(&key).unwrap();
        if let Some(l) = lo {
            b.set(&key, &"x".repeat(l)).unwrap();
            keys.push(key);
        }
    }
    assert_eq!(b.set("z", ""), Err(StoreError::Quota), "not one unit left");
    keys
}

#[wasm_bindgen_test]
fn full_storage_at_start_is_kept_read_whole_and_reported_as_full() {
    use store_ops_planner::store::local::Probe;
    use store_ops_planner::ui::state::{AppState, StorageMode};
    let b = fresh();
    let mut ws = sample_workspace(1_767_225_600_000);
    store::save::<store_ops_planner::model::Product>(&b, &Default::default(), &mut ws.products)
        .unwrap();
    let filler = fill_to_the_last_unit(&b);
    assert!(matches!(LocalBackend::probe(), Probe::Full(_)));
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        let state = AppState::open();
        assert_eq!(state.mode, StorageMode::Local, "full is not unavailable");
        assert!(leptos::prelude::GetUntracked::get_untracked(
            &state.quota_full
        ));
        let stored =
            leptos::prelude::WithUntracked::with_untracked(&state.ws, |w| w.products.len());
        assert_eq!(stored, 60, "everything stored is read");
        // Space is back: the next save attempt stores and clears the state.
        for k in &filler {
            b.remove(k).unwrap();
        }
        state.flush();
        assert!(!leptos::prelude::GetUntracked::get_untracked(
            &state.quota_full
        ));
    });
    ls().clear().unwrap();
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_first_run_choice() {
    ls().clear().unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let _handle = leptos::mount::mount_to(host.clone(), store_ops_planner::ui::App);
    leptos::task::tick().await;
    let sample = host
        .query_selector("[data-testid=load-sample]")
        .unwrap()
        .expect("first-run choice is shown on an empty store");
    let sample: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(sample);
    sample.click();
    // The sample is generated in a task and the dashboard is a lazy page: wait for the state
    // (a bounded number of turns of the task queue, no timers).
    let mut tiles = None;
    for _ in 0..50 {
        leptos::task::tick().await;
        tiles = host
            .query_selector("[data-testid=tile-products] .tile-value")
            .unwrap();
        if tiles.is_some() {
            break;
        }
    }
    let tiles = tiles.expect("dashboard after loading the sample");
    assert_eq!(tiles.text_content().as_deref(), Some("60"));
}
