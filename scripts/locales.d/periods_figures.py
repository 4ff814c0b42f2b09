# Issue 12 "Correct money and honest periods": exact figures (hover / focus, chart tables, CSV
# export), the shared period control (presets with their dates, custom range, month picker), period
# entry that keeps what was typed, and total rows in Analysis.
# Reuses: preset_*, custom_period, period_to, vs_prev, vs_year.
T_EXTRA = {
"chart_show_table": ("以表格查看", "Show as table"),
"chart_hide_table": ("隐藏表格", "Hide table"),
"export_csv": ("导出本期数据 CSV", "Export period figures (CSV)"),
"csv_metric": ("指标", "Metric"),
"csv_current": ("本期", "This period"),
"csv_previous": ("环比期", "Previous period"),
"csv_year_ago": ("同比期", "Same period last year"),
}
T_EXTRA.update({
"period_from": ("自定义：从", "Custom: from"),
"period_month": ("月份", "Month"),
"period_dates": ("{{ from }} 至 {{ to }}（{{ n }} 天）", "{{ from }} to {{ to }} ({{ n }} days)"),
"period_reversed": ("开始日期晚于结束日期：请改结束日期，或应用时对调两者。", "The start is after the end: change the end date, or apply to swap them."),
"period_apply_swap": ("对调并应用", "Swap and apply"),
"period_swapped": ("开始晚于结束，已对调为 {{ from }} 至 {{ to }}。", "The start was after the end: swapped to {{ from }} to {{ to }}."),
"col_total": ("合计", "Total"),
"total_products": ("合计（{{ n }} 个商品）", "Total ({{ n }} products)"),
})
