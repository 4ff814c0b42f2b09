#[test]
fn stub_builds() {
    assert_eq!(store_ops_planner::formats::plan_file::PLAN_VERSION, 1);
}
