//! Property tests of the record merge (`core::merge`), modelled on CouchDB's revision model.
//!
//! Every case starts from a common base of 1..=8 products, clones it into copy A and copy B, and
//! plays a random interleaved history on them: edits of one field (+ bump), tombstones, new
//! records with fresh ids, and occasional syncs where one copy merges the other in (with
//! `merge_auto`, or `plan_merge` + `apply` with arbitrary picks). The merge rules are then checked
//! on the two diverged copies.
//!
//! Histories used where ancestry must stay complete have at most 12 steps: a record then has at
//! most 12 revisions after the base, so no ancestor is ever forgotten (`MAX_ANCESTORS` = 12).
//! Rules that must hold even after ancestry was truncated use histories of up to 40 steps.
//!
//! Native only: proptest is not a dev-dependency on wasm32.

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use store_ops_planner::core::merge::{
    apply, auto_pick, merge_auto, plan_merge, relate, resolve, Conflict, MergePlan, Pick, Relation,
};
use store_ops_planner::model::meta::MAX_ANCESTORS;
use store_ops_planner::model::{Fen, Meta, Product, ProductStatus, Record, Rev};

/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    A,
    B,
}

#[derive(Clone, Debug)]
enum Field {
    Price(i64),
    Title(u8),
    Stock(i64),
    Status(u8),
}

#[derive(Clone, Debug)]
enum Op {
    /// Edit one field of a live record (chosen by `pick`) and bump.
    Edit { pick: u8, field: Field },
    /// Set every field of a live record to one canonical content and bump: two copies doing this
    /// to the same record from different histories converge on the same content.
    Reset { pick: u8 },
    /// Tombstone a live record.
    Tombstone { pick: u8 },
    /// Create a record with a fresh id.
    Create { price: i64 },
    /// Merge the other copy into this one.
    Sync { auto: bool, seed: u8 },
}

#[derive(Clone, Debug)]
struct Step {
    side: Side,
    /// Clock advance before the step (0 gives equal `updated` times on purpose).
    dt: i64,
    op: Op,
}

#[derive(Clone, Debug)]
struct History {
    base: usize,
    steps: Vec<Step>,
    /// A edits only base records with an even index and its own creations, B only odd ones and
    /// its own: the two copies never touch the same record.
    disjoint: bool,
}

struct Copies {
    a: Vec<Product>,
    b: Vec<Product>,
    now: i64,
}

fn base_products(n: usize) -> Vec<Product> {
    (0..n)
        .map(|i| {
            let mut p = Product {
                meta: Meta::new(format!("base-{i}"), T0),
                title: format!("商品{i}"),
                list_price: Fen(100 * (i as i64 + 1)),
                stock: 10,
                ..Product::default()
            };
            p.bump(T0);
            p
        })
        .collect()
}

/// Which copy may edit a record in a disjoint history.
fn owner(id: &str) -> Side {
    if id.starts_with("a-new-") {
        Side::A
    } else if id.starts_with("b-new-") {
        Side::B
    } else {
        let i: usize = id.trim_start_matches("base-").parse().expect("base id");
        if i.is_multiple_of(2) {
            Side::A
        } else {
            Side::B
        }
    }
}

fn picks_from_seed(plan: &MergePlan<Product>, seed: u8) -> HashMap<String, Pick> {
    plan.conflicts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let pick = if (seed >> (i % 8)) & 1 == 1 {
                Pick::Mine
            } else {
                Pick::Theirs
            };
            (c.mine.id().to_string(), pick)
        })
        .collect()
}

fn run(h: &History) -> Copies {
    let base = base_products(h.base);
    let mut c = Copies {
        a: base.clone(),
        b: base,
        now: T0,
    };
    let mut created = 0u32;
    for s in &h.steps {
        c.now += s.dt;
        let now = c.now;
        let (mine, other) = match s.side {
            Side::A => (&mut c.a, &c.b),
            Side::B => (&mut c.b, &c.a),
        };
        let editable: Vec<usize> = mine
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.meta.deleted && (!h.disjoint || owner(p.id()) == s.side))
            .map(|(i, _)| i)
            .collect();
        match &s.op {
            Op::Edit { pick, field } => {
                if let Some(&i) = editable.get(usize::from(*pick) % editable.len().max(1)) {
                    let p = &mut mine[i];
                    match field {
                        Field::Price(v) => p.list_price = Fen(*v),
                        Field::Title(t) => p.title = format!("标题{t}"),
                        Field::Stock(v) => p.stock = *v,
                        Field::Status(k) => {
                            p.status =
                                ProductStatus::ALL[usize::from(*k) % ProductStatus::ALL.len()]
                        }
                    }
                    p.bump(now);
                }
            }
            Op::Reset { pick } => {
                if let Some(&i) = editable.get(usize::from(*pick) % editable.len().max(1)) {
                    let p = &mut mine[i];
                    *p = Product {
                        meta: p.meta.clone(),
                        title: "标题0".into(),
                        ..Product::default()
                    };
                    p.bump(now);
                }
            }
            Op::Tombstone { pick } => {
                if let Some(&i) = editable.get(usize::from(*pick) % editable.len().max(1)) {
                    mine[i].tombstone(now);
                }
            }
            Op::Create { price } => {
                let prefix = match s.side {
                    Side::A => "a-new",
                    Side::B => "b-new",
                };
                let mut p = Product {
                    meta: Meta::new(format!("{prefix}-{created}"), now),
                    title: format!("新品{created}"),
                    list_price: Fen(*price),
                    ..Product::default()
                };
                created += 1;
                p.bump(now);
                mine.push(p);
            }
            Op::Sync { auto, seed } => {
                let other = other.clone();
                if *auto {
                    merge_auto(mine, &other);
                } else {
                    let plan = plan_merge(mine, &other);
                    let picks = picks_from_seed(&plan, *seed);
                    apply(mine, &plan, &picks);
                }
            }
        }
    }
    c
}

/// Both copies edit the same base record differently after the history: a guaranteed conflict.
/// B's edit is the later one.
fn force_conflict(c: &mut Copies, h: &History, k: usize) -> String {
    let id = format!("base-{}", k % h.base);
    let now = c.now;
    for (copy, title, t) in [
        (&mut c.a, "A-final", now + 1),
        (&mut c.b, "B-final", now + 2),
    ] {
        let p = copy
            .iter_mut()
            .find(|p| p.id() == id)
            .expect("base id in both");
        p.title = title.to_string();
        p.bump(t);
    }
    c.now += 2;
    id
}

/// Both copies set the same base record to the same canonical content after the history. From
/// different histories this is the "identical change" case that converges without asking.
fn force_convergence(c: &mut Copies, h: &History, k: usize) {
    let id = format!("base-{}", k % h.base);
    let now = c.now;
    for (copy, t) in [(&mut c.a, now + 1), (&mut c.b, now + 2)] {
        let p = copy
            .iter_mut()
            .find(|p| p.id() == id)
            .expect("base id in both");
        *p = Product {
            meta: p.meta.clone(),
            title: "一致".into(),
            ..Product::default()
        };
        // a live record with this content on both sides (restores a tombstoned one)
        p.meta.deleted = false;
        p.bump(t);
    }
    c.now += 2;
}

type Digest = BTreeMap<String, (Rev, Vec<Rev>, bool, Vec<u8>)>;

/// What two merge results must agree on, per id: revision, ancestry, tombstone, content.
/// (`updated` is left out: the same edit made on two machines has the same revision but each
/// copy keeps its own clock time.)
fn digest(v: &[Product]) -> Digest {
    let d: Digest = v
        .iter()
        .map(|p| {
            (
                p.id().to_string(),
                (
                    p.meta.rev,
                    p.meta.anc.clone(),
                    p.meta.deleted,
                    p.content_bytes(),
                ),
            )
        })
        .collect();
    assert_eq!(d.len(), v.len(), "duplicate ids in a copy");
    d
}

/// Two merge results hold identical records (`updated` included) for every id whose revision
/// differed between the inputs `a` and `b`: only records both inputs already had at the same
/// revision may keep their own copy's time.
fn same_where_inputs_differed(x: &[Product], y: &[Product], a: &[Product], b: &[Product]) -> bool {
    x.iter().all(|p| {
        let rev_in = |v: &[Product]| v.iter().find(|q| q.id() == p.id()).map(|q| q.meta.rev);
        rev_in(a).is_some() && rev_in(a) == rev_in(b)
            || y.iter().find(|q| q.id() == p.id()) == Some(p)
    })
}

fn ids(v: &[Product]) -> BTreeSet<String> {
    v.iter().map(|p| p.id().to_string()).collect()
}

fn find<'a>(v: &'a [Product], id: &str) -> &'a Product {
    v.iter().find(|p| p.id() == id).expect("id present")
}

fn flip(p: Pick) -> Pick {
    match p {
        Pick::Mine => Pick::Theirs,
        Pick::Theirs => Pick::Mine,
    }
}

fn field() -> impl Strategy<Value = Field> {
    // small value sets, so both copies often make the identical change (convergence)
    prop_oneof![
        (0i64..4).prop_map(|v| Field::Price(v * 100)),
        (0u8..3).prop_map(Field::Title),
        (0i64..3).prop_map(Field::Stock),
        (0u8..3).prop_map(Field::Status),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any::<u8>(), field()).prop_map(|(pick, field)| Op::Edit { pick, field }),
        2 => any::<u8>().prop_map(|pick| Op::Reset { pick }),
        2 => any::<u8>().prop_map(|pick| Op::Tombstone { pick }),
        2 => (1i64..4).prop_map(|p| Op::Create { price: p * 100 }),
        2 => (any::<bool>(), any::<u8>()).prop_map(|(auto, seed)| Op::Sync { auto, seed }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    (any::<bool>(), 0i64..3, op()).prop_map(|(a, dt, op)| Step {
        side: if a { Side::A } else { Side::B },
        dt,
        op,
    })
}

fn history(max_steps: usize, disjoint: bool) -> impl Strategy<Value = History> {
    (1usize..=8, prop::collection::vec(step(), 0..=max_steps)).prop_map(move |(base, steps)| {
        History {
            base,
            steps,
            disjoint,
        }
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        // a fixed seed: the same cases on every run
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Importing B into A with every conflict picked, then planning the same import again, finds
    /// nothing to do: every record of B is "unchanged".
    #[test]
    fn importing_the_same_copy_twice_is_a_noop_once_every_conflict_is_picked(
        h in history(40, false),
        seed in any::<u8>(),
    ) {
        let c = run(&h);
        let mut a = c.a.clone();
        let plan = plan_merge(&a, &c.b);
        apply(&mut a, &plan, &picks_from_seed(&plan, seed));
        let again = plan_merge(&a, &c.b);
        prop_assert!(again.is_noop(), "second import: {again:?}");
        prop_assert_eq!(again.unchanged, c.b.len());
    }

    /// Conflicts left without a pick keep ours and are asked again, identically; nothing else in
    /// the second import changes anything.
    #[test]
    fn unpicked_conflicts_are_asked_again_and_nothing_else_repeats(
        h in history(40, false),
        k in any::<usize>(),
    ) {
        let mut c = run(&h);
        force_conflict(&mut c, &h, k);
        let mut a = c.a.clone();
        let plan = plan_merge(&a, &c.b);
        prop_assert!(!plan.conflicts.is_empty());
        apply(&mut a, &plan, &HashMap::new());
        for conflict in &plan.conflicts {
            prop_assert_eq!(find(&a, conflict.mine.id()), &conflict.mine);
        }
        let again = plan_merge(&a, &c.b);
        prop_assert_eq!(&again.conflicts, &plan.conflicts);
        prop_assert!(again.added.is_empty() && again.updated.is_empty());
        prop_assert!(again.deleted.is_empty() && again.converged.is_empty());
        prop_assert_eq!(again.unchanged, c.b.len() - plan.conflicts.len());
    }

    /// When A and B touched disjoint records (or made the identical change to one), importing B into A and A into B gives the same
    /// records (same id → same revision, ancestry, tombstone and content), without conflicts.
    #[test]
    fn non_conflicting_edits_commute(
        h in history(12, true),
        converge in any::<bool>(),
        k in any::<usize>(),
    ) {
        let mut c = run(&h);
        if converge {
            force_convergence(&mut c, &h, k);
        }
        let ab_plan = plan_merge(&c.a, &c.b);
        let ba_plan = plan_merge(&c.b, &c.a);
        prop_assert!(ab_plan.conflicts.is_empty(), "{:?}", ab_plan.conflicts);
        prop_assert!(ba_plan.conflicts.is_empty(), "{:?}", ba_plan.conflicts);
        let (mut ab, mut ba) = (c.a.clone(), c.b.clone());
        apply(&mut ab, &ab_plan, &HashMap::new());
        apply(&mut ba, &ba_plan, &HashMap::new());
        prop_assert_eq!(digest(&ab), digest(&ba));
        prop_assert!(same_where_inputs_differed(&ab, &ba, &c.a, &c.b));
    }

    /// On any history: A and B see the same records in conflict, and whenever there is no
    /// conflict, the two import directions give the same records.
    #[test]
    fn conflicts_are_seen_from_both_sides_and_conflict_free_imports_commute(
        h in history(12, false),
        converge in any::<bool>(),
        k in any::<usize>(),
    ) {
        let mut c = run(&h);
        if converge {
            force_convergence(&mut c, &h, k);
        }
        let ab_plan = plan_merge(&c.a, &c.b);
        let ba_plan = plan_merge(&c.b, &c.a);
        let ab_ids: BTreeSet<&str> = ab_plan.conflicts.iter().map(|x| x.mine.id()).collect();
        let ba_ids: BTreeSet<&str> = ba_plan.conflicts.iter().map(|x| x.mine.id()).collect();
        prop_assert_eq!(&ab_ids, &ba_ids);
        if ab_ids.is_empty() {
            let (mut ab, mut ba) = (c.a.clone(), c.b.clone());
            apply(&mut ab, &ab_plan, &HashMap::new());
            apply(&mut ba, &ba_plan, &HashMap::new());
            prop_assert_eq!(digest(&ab), digest(&ba));
            prop_assert!(same_where_inputs_differed(&ab, &ba, &c.a, &c.b));
        }
    }

    /// Every id of A or B is in the result, exactly once, whatever the picks; the local revision
    /// is never lost (the result knows it), and the incoming one is known unless its conflict
    /// was left unpicked.
    #[test]
    fn no_record_is_ever_dropped(h in history(40, false), seed in any::<u8>(), mode in 0u8..3) {
        let c = run(&h);
        let plan = plan_merge(&c.a, &c.b);
        let mut merged = c.a.clone();
        let picks = match mode {
            0 => HashMap::new(),
            _ => picks_from_seed(&plan, seed),
        };
        if mode == 2 {
            merge_auto(&mut merged, &c.b);
        } else {
            apply(&mut merged, &plan, &picks);
        }
        let all: BTreeSet<String> = ids(&c.a).union(&ids(&c.b)).cloned().collect();
        prop_assert_eq!(ids(&merged), all.clone());
        prop_assert_eq!(merged.len(), all.len());
        let unpicked: BTreeSet<&str> = if mode == 0 {
            plan.conflicts.iter().map(|x| x.mine.id()).collect()
        } else {
            BTreeSet::new()
        };
        for p in &merged {
            let a = c.a.iter().find(|x| x.id() == p.id());
            let b = c.b.iter().find(|x| x.id() == p.id());
            match (a, b) {
                (Some(a), None) => prop_assert_eq!(p, a),
                (None, Some(b)) => prop_assert_eq!(p, b),
                (Some(a), Some(b)) => {
                    prop_assert!(p.meta.knows(a.meta.rev), "lost local rev of {}", p.id());
                    if unpicked.contains(p.id()) {
                        prop_assert_eq!(p, a);
                    } else {
                        prop_assert!(p.meta.knows(b.meta.rev), "lost incoming rev of {}", p.id());
                    }
                }
                (None, None) => prop_assert!(false, "{} came from nowhere", p.id()),
            }
        }
    }

    /// B first takes A's latest revisions, then deletes one record: the tombstone descends from
    /// A's revision, so importing B into A deletes the record (no conflict, whatever A picks),
    /// and importing A into B keeps it deleted.
    #[test]
    fn tombstone_wins_over_the_edits_it_descends_from(h in history(12, false), k in any::<usize>()) {
        let mut c = run(&h);
        let a_now = c.a.clone();
        merge_auto(&mut c.b, &a_now);
        let id = a_now[k % a_now.len()].id().to_string();
        let a_rec = find(&a_now, &id).clone();
        {
            let b_rec = c.b.iter_mut().find(|p| p.id() == id).expect("synced");
            if !b_rec.meta.deleted {
                b_rec.tombstone(c.now + 1);
            }
            prop_assert!(b_rec.meta.knows(a_rec.meta.rev), "tombstone must descend from A's rev");
        }
        let b_rec = find(&c.b, &id).clone();
        prop_assert!(b_rec.meta.deleted);

        let plan = plan_merge(&a_now, &c.b);
        prop_assert!(plan.conflicts.iter().all(|x| x.mine.id() != id));
        if !a_rec.meta.deleted {
            prop_assert!(plan.deleted.contains(&(Some(a_rec.clone()), b_rec.clone())));
        }
        let all_mine: HashMap<String, Pick> = plan
            .conflicts
            .iter()
            .map(|x| (x.mine.id().to_string(), Pick::Mine))
            .collect();
        let mut a1 = a_now.clone();
        apply(&mut a1, &plan, &all_mine);
        prop_assert!(find(&a1, &id).meta.deleted);
        let mut a2 = a_now.clone();
        merge_auto(&mut a2, &c.b);
        prop_assert!(find(&a2, &id).meta.deleted);
        let mut b2 = c.b.clone();
        merge_auto(&mut b2, &a_now);
        prop_assert_eq!(find(&b2, &id), &b_rec);
    }

    /// Resolving a conflict either way gives a revision that both heads see as IncomingNewer,
    /// carrying the winner's content; resolving from the other side with the mirrored pick gives
    /// the identical record; after A applies its picks, neither copy has a conflict with the
    /// other, and once B imports A both copies hold the same records.
    #[test]
    fn resolved_conflicts_fast_forward_both_copies(
        h in history(40, false),
        k in any::<usize>(),
        seed in any::<u8>(),
    ) {
        let mut c = run(&h);
        force_conflict(&mut c, &h, k);
        let plan = plan_merge(&c.a, &c.b);
        prop_assert!(!plan.conflicts.is_empty());
        for x in &plan.conflicts {
            for pick in [Pick::Mine, Pick::Theirs] {
                let r = resolve(x, pick);
                let winner = if pick == Pick::Mine { &x.mine } else { &x.theirs };
                prop_assert_eq!(relate(&x.mine, &r), Relation::IncomingNewer);
                prop_assert_eq!(relate(&x.theirs, &r), Relation::IncomingNewer);
                prop_assert_eq!(relate(&r, &x.mine), Relation::IncomingOlder);
                prop_assert_eq!(relate(&r, &x.theirs), Relation::IncomingOlder);
                prop_assert!(r.same_content(winner));
                prop_assert_eq!(r.meta.deleted, winner.meta.deleted);
                let mirrored = Conflict { mine: x.theirs.clone(), theirs: x.mine.clone() };
                prop_assert_eq!(&resolve(&mirrored, flip(pick)), &r);
            }
        }
        let mut a = c.a.clone();
        apply(&mut a, &plan, &picks_from_seed(&plan, seed));
        let b_takes_a = plan_merge(&c.b, &a);
        prop_assert!(b_takes_a.conflicts.is_empty(), "{:?}", b_takes_a.conflicts);
        prop_assert!(b_takes_a.converged.is_empty());
        prop_assert!(plan_merge(&a, &c.b).is_noop());
        let mut b = c.b.clone();
        apply(&mut b, &b_takes_a, &HashMap::new());
        prop_assert_eq!(digest(&b), digest(&a));
        prop_assert!(plan_merge(&b, &a).is_noop());
    }

    /// Tab sync decides conflicts without asking; the decision and the resulting records do not
    /// depend on which copy merges which. The later edit wins.
    #[test]
    fn merge_auto_result_is_the_same_in_either_argument_order(
        h in history(40, false),
        k in any::<usize>(),
    ) {
        let mut c = run(&h);
        let id = force_conflict(&mut c, &h, k);
        let plan = plan_merge(&c.a, &c.b);
        prop_assert!(!plan.conflicts.is_empty());
        for x in &plan.conflicts {
            let mirrored = Conflict { mine: x.theirs.clone(), theirs: x.mine.clone() };
            prop_assert_eq!(auto_pick(&mirrored), flip(auto_pick(x)));
        }
        let (mut ab, mut ba) = (c.a.clone(), c.b.clone());
        merge_auto(&mut ab, &c.b);
        merge_auto(&mut ba, &c.a);
        prop_assert_eq!(digest(&ab), digest(&ba));
        prop_assert!(same_where_inputs_differed(&ab, &ba, &c.a, &c.b));
        // B's edit of the forced conflict was made later: it wins on both sides
        prop_assert_eq!(find(&ab, &id).title.as_str(), "B-final");
        prop_assert_eq!(find(&ba, &id).title.as_str(), "B-final");
    }

    /// merge_auto reports exactly how many records of the local copy it changed.
    #[test]
    fn merge_auto_counts_exactly_the_records_it_changed(h in history(40, false)) {
        let c = run(&h);
        let mut a = c.a.clone();
        let n = merge_auto(&mut a, &c.b);
        let changed = a
            .iter()
            .filter(|p| c.a.iter().find(|x| x.id() == p.id()) != Some(*p))
            .count();
        prop_assert_eq!(n, changed);
        prop_assert_eq!(n == 0, plan_merge(&c.a, &c.b).is_noop());
    }
}

fn edited(p: &Product, times: usize) -> Product {
    let mut q = p.clone();
    for i in 0..times {
        q.stock = i as i64 + 100;
        q.bump(T0 + 1 + i as i64);
    }
    q
}

/// A copy edited MAX_ANCESTORS times still fast-forwards; one edit more and the base revision
/// is forgotten, so the merge reports a conflict instead of guessing, and nothing is dropped.
#[test]
fn history_beyond_max_ancestors_is_reported_as_a_conflict_not_dropped() {
    assert_eq!(MAX_ANCESTORS, 12);
    let base = base_products(1).remove(0);
    let twelve = edited(&base, 12);
    let thirteen = edited(&base, 13);
    assert_eq!(twelve.meta.anc.len(), 12);
    assert_eq!(thirteen.meta.anc.len(), 12);

    let plan = plan_merge(std::slice::from_ref(&base), std::slice::from_ref(&twelve));
    assert_eq!(plan.updated, vec![(base.clone(), twelve.clone())]);
    let plan = plan_merge(std::slice::from_ref(&twelve), std::slice::from_ref(&base));
    assert_eq!(plan.unchanged, 1);
    assert!(plan.is_noop());

    let plan = plan_merge(std::slice::from_ref(&base), std::slice::from_ref(&thirteen));
    assert_eq!(
        plan.conflicts,
        vec![Conflict {
            mine: base.clone(),
            theirs: thirteen.clone()
        }]
    );
    let mut local = vec![base.clone()];
    apply(&mut local, &plan, &HashMap::new());
    assert_eq!(local, vec![base.clone()]);
    let mut local = vec![base.clone()];
    merge_auto(&mut local, std::slice::from_ref(&thirteen));
    assert_eq!(local.len(), 1);
    assert_eq!(local[0].stock, 112);
    assert!(local[0].meta.knows(base.meta.rev) && local[0].meta.knows(thirteen.meta.rev));
}
