# Reports (日报 / 周报 / 月报), issue 17 §4.
# Reuses: date, col_sku, col_category, col_status, vs_prev, vs_year, promo_name, anomaly_up,
# anomaly_down, tasks_st_*, cal_ph_registration, cal_print, chart_copied, chart_copy_failed.
T_EXTRA = {
"nav_reports": ("报告", "Reports"),
"rp_intro": ("日报、周报、月报由导入的数据、商品、促销、任务和目标自动生成：可打印（A4）、复制为文字发到群里，或导出 CSV、XLSX。周/月未结束时显示截至所选日期。", "Daily, weekly and monthly reports built from the imported data, products, promotions, tasks and targets: print them (A4), copy them as text for a chat message, or export CSV or XLSX. A week or month still running is shown up to the chosen day."),
"rp_kind": ("报告类型", "Report type"),
"rp_daily": ("日报", "Daily report"), "rp_weekly": ("周报", "Weekly report"), "rp_monthly": ("月报", "Monthly report"),
"rp_day": ("报告日期", "Report date"),
"rp_bad_day": ("请输入有效日期（YYYY-MM-DD）；报告仍按上一个日期显示。", "Enter a valid date (YYYY-MM-DD); the report still shows the previous date."),
"rp_copy": ("复制为文字", "Copy as text"), "rp_copied": ("已复制，可粘贴到聊天或邮件。", "Copied: paste it into a chat or an e-mail."), "rp_csv": ("导出 CSV", "Export CSV"),
"rp_to_date": ("（截至 {{ d }}）", " (to {{ d }})"),
"rp_overview": ("概况", "Overview"), "rp_trend": ("销售趋势（按日）", "Sales trend (by day)"),
"rp_best": ("热销商品（按支付金额）", "Best sellers (by GMV)"), "rp_categories": ("类目", "Categories"),
"rp_anomalies": ("异常", "Anomalies"), "rp_promotions": ("进行中的促销", "Promotions running"),
"rp_promo_reviews": ("促销复盘", "Promotion reviews"), "rp_competitors": ("竞品动态", "Competitor moves"),
"rp_plan": ("下期计划（{{ from }} 至 {{ to }}）", "Plan for {{ from }} to {{ to }}"),
"rp_target_month": ("本月目标进度", "This month's target"), "rp_target_next": ("下月目标", "Next month's target"),
"rp_col_date": ("日期", "Date"), "rp_col_metric": ("指标", "Metric"), "rp_col_value": ("数值", "Value"), "rp_col_product": ("商品", "Product"),
"rp_col_units": ("支付件数", "Units"), "rp_col_share": ("占比", "Share"), "rp_col_previous": ("上期", "Previous period"),
"rp_col_direction": ("方向", "Direction"), "rp_col_baseline": ("同星期基准", "Weekday baseline"), "rp_col_change": ("偏离", "Off by"),
"rp_col_dates": ("正式期", "Main wave"), "rp_col_target": ("目标", "Target"), "rp_col_actual": ("实际", "Actual"),
"rp_col_incremental": ("增量（对比基线）", "Increment over baseline"),
"rp_col_kind": ("类型", "Type"), "rp_col_item": ("事项", "Item"), "rp_col_owner": ("负责人", "Owner"),
"rp_col_plan": ("目标计划", "Target plan"), "rp_col_month": ("月份", "Month"),
"rp_col_target_to_date": ("截至当日目标", "Target to date"), "rp_col_attainment": ("达成率", "Attainment"),
"rp_item": ("商品 {{ id }}（不在商品库）", "Item {{ id }} (not in the catalog)"),
"rp_uncategorised": ("未归类", "Uncategorised"),
"rp_task": ("任务", "Task"), "rp_promo_start": ("促销开始", "Promotion starts"),
"rp_no_data": ("这段时间没有导入的店铺数据。", "No imported store data for these days."),
"rp_no_products": ("这段时间没有商品数据。", "No product data for these days."),
"rp_no_anomalies": ("没有异常。", "No anomalies."),
"rp_no_promotions": ("没有促销活动。", "No promotions."),
"rp_no_competitors": ("这一周没有竞品记录。在“竞品”页记录或导入竞品价格后，这里列出它们的变化。", "No competitor snapshots this week. Note or import competitor prices on the Competitors page to see their moves here."),
"rp_col_before": ("之前价格", "Price before"),
"rp_no_plan": ("下期没有待办、促销开始或报名截止。", "Nothing due, starting or closing for registration in the next period."),
"rp_no_target": ("这个月没有目标计划（在“目标”页设定）。", "No target plan for this month (set one on the Targets page)."),
}

# XLSX export (issue 17 §4, also the Targets month table and the purchase list).
T_EXTRA.update({
"xlsx_export": ("导出 XLSX", "Export XLSX"),
"xlsx_failed": ("未能生成 XLSX 文件（浏览器未能启动导出程序）。请重试，或改用导出 CSV。", "Could not write the XLSX file (the browser could not start the exporter). Try again, or export CSV instead."),
})
