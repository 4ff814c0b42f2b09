//! Issue 12 item 18: a 万相台 plan report without 场景名字 files every plan under 其他推广; the
//! channel then comes from the plan name's keywords.

use store_ops_planner::core::metrics::ads::{
    by_channel, by_plan, channel_from_plan_name, channel_of, AdSource,
};
use store_ops_planner::core::metrics::period::Period;
use store_ops_planner::model::metrics::{AdChannel, AdDay};
use store_ops_planner::model::Fen;

#[test]
fn plan_names_name_their_channel() {
    let cases = [
        ("关键词推广_20260301_连衣裙", Some(AdChannel::Search)),
        ("人群推广-拉新", Some(AdChannel::Display)),
        ("货品全站推广 3月", Some(AdChannel::Site)),
        ("全站推广_爆款", Some(AdChannel::Site)),
        ("直通车-老计划", Some(AdChannel::Search)),
        ("搜索卡位-抢首条", Some(AdChannel::Search)),
        ("引力魔方_猜你喜欢", Some(AdChannel::Display)),
        ("淘宝客-营销计划", Some(AdChannel::Affiliate)),
        ("Search plan A", Some(AdChannel::Search)),
        ("店铺直达", None),
        ("计划1", None),
        ("", None),
        // the keyword that comes first wins
        ("关键词推广-人群溢价", Some(AdChannel::Search)),
        ("人群推广-关键词包", Some(AdChannel::Display)),
    ];
    for (name, want) in cases {
        assert_eq!(channel_from_plan_name(name), want, "{name}");
    }
}

fn row(channel: AdChannel, id: &str, name: &str, spend: i64) -> AdDay {
    AdDay {
        day: 100,
        channel,
        plan_id: id.into(),
        plan_name: name.into(),
        spend: Fen(spend),
        ..AdDay::default()
    }
}

#[test]
fn the_scene_wins_and_the_name_is_only_a_fallback() {
    // a scene said 关键词推广: kept, whatever the name says
    assert_eq!(
        channel_of(&row(AdChannel::Search, "1", "人群推广-拉新", 1)),
        AdChannel::Search
    );
    // no scene (Other): from the name
    assert_eq!(
        channel_of(&row(AdChannel::Other, "1", "人群推广-拉新", 1)),
        AdChannel::Display
    );
    // no scene and nothing in the name: still 其他推广
    assert_eq!(
        channel_of(&row(AdChannel::Other, "1", "计划1", 1)),
        AdChannel::Other
    );
}

#[test]
fn a_report_without_scenes_is_split_by_plan_name() {
    let rows = vec![
        row(AdChannel::Other, "1", "关键词推广_连衣裙", 100),
        row(AdChannel::Other, "2", "人群推广_拉新", 200),
        row(AdChannel::Other, "3", "货品全站推广_爆款", 300),
        row(AdChannel::Other, "4", "计划4", 400),
    ];
    let p = Period::single(100);
    let ch: Vec<(AdChannel, i64)> = by_channel(&rows, p, AdSource::PlanReport)
        .into_iter()
        .map(|c| (c.channel, c.totals.spend.0))
        .collect();
    assert_eq!(
        ch,
        vec![
            (AdChannel::Search, 100),
            (AdChannel::Display, 200),
            (AdChannel::Site, 300),
            (AdChannel::Other, 400)
        ]
    );
    let plans = by_plan(&rows, p, AdSource::PlanReport);
    let site = plans.iter().find(|x| x.plan_id == "3").unwrap();
    assert_eq!(site.channel, AdChannel::Site);
}
