# Budget lines of a target plan (issue 14 §3) and saving the paid mix into them (issue 15 §2).
# Reuses: ch_search … ch_other, col_total, tg_fixed_remove.
T_EXTRA = {
"bk_title": ("预算", "Budget"),
"bk_intro": ("每条预算按月计划；广告渠道的已花费来自导入的万相台/直通车报表（没有时用生意参谋店铺整体的推广花费）。投放组合页可把建议分配保存为某月的广告预算。", "Each budget line is planned per month; the spend of an ad channel comes from the imported 万相台/直通车 reports (else the 店铺整体 ad spend columns). The Ad mix page can save its split as a month's ad budget."),
"bk_month": ("月份", "Month"),
"bk_none": ("还没有预算行。", "No budget lines yet."),
"bk_line": ("预算项", "Line"), "bk_planned": ("本月计划", "Planned this month"), "bk_spent": ("本月已花", "Spent this month"),
"bk_left": ("本月剩余", "Left this month"), "bk_year_planned": ("全年计划", "Planned in the year"), "bk_year_spent": ("全年已花", "Spent in the year"),
"bk_remove_col": ("删除", "Remove"),
"bk_ads_check": ("本月广告预算行合计 {{ ads }}；按推广占比，本月广告预算为 {{ ratio }}。", "This month's ad lines add up to {{ ads }}; by the ad-spend ratio the month's ad budget is {{ ratio }}."),
"bk_kind": ("类型", "Kind"), "bk_name": ("名称（可选）", "Name (optional)"), "bk_add": ("添加预算行", "Add a budget line"),
"bk_promotions": ("促销让利", "Promotions"), "bk_content": ("内容（短视频、直播、种草）", "Content (video, live, seeding)"),
"bk_staff": ("团队激励", "Team incentives"), "bk_other": ("其他", "Other"),
"mx_save_title": ("保存为目标计划的月度广告预算", "Save as a target plan's monthly ad budget"),
"mx_save_plan": ("目标计划", "Target plan"), "mx_save_month": ("月份", "Month"),
"mx_save": ("保存到预算", "Save to the budget"),
"mx_saved": ("已保存到「{{ plan }}」{{ month }}的广告预算行（可撤销）。", "Saved to the ad budget lines of {{ plan }}, {{ month }} (undo is available)."),
"mx_save_none": ("还没有目标计划：先在「目标」页建一个，再保存分配。", "No target plan yet: create one on the Targets page, then save the split."),
}
