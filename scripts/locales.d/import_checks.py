# Import checks of issue 18 (items 3-5): impossible combinations, duplicate headers, formula
# cells without a saved result.
T_EXTRA = {
"import_checks_title": ("导入检查", "Import checks"),
"refund_tolerance_pct": ("退款可超出当日支付金额（%）", "Refunds may exceed the day's payments by (%)"),
"refund_tolerance_min": ("且至少可超出（元）", "and by at least (¥)"),
"refund_tolerance_hint": ("某天的成功退款金额含以前订单的退款，可以高于当天支付金额；超出“比例和金额中较大者”的行会在导入预览中列出、需确认后才导入。默认 50%、¥100。", "A day's refunds include refunds of orders paid earlier, so they can exceed that day's payments; rows above the larger of the two allowances are listed in the import preview and imported only once acknowledged. Default 50%, ¥100."),
"rel_title": ("有 {{ n }} 行的数字不可能同时成立，请核对：", "{{ n }} rows have figures that cannot all be true; please check them:"),
"rel_more": ("（只列出前 {{ shown }} 行）", "(only the first {{ shown }} rows are listed)"),
"rel_paying_over_visitors": ("第 {{ row }} 行：支付买家数 {{ a }} 大于 访客数 {{ b }}", "Row {{ row }}: paying buyers {{ a }} exceed visitors {{ b }}"),
"rel_paying_over_orders": ("第 {{ row }} 行：支付买家数 {{ a }} 大于 下单买家数 {{ b }}", "Row {{ row }}: paying buyers {{ a }} exceed ordering buyers {{ b }}"),
"rel_clicks_over_impressions": ("第 {{ row }} 行：点击量 {{ a }} 大于 展现量 {{ b }}", "Row {{ row }}: clicks {{ a }} exceed impressions {{ b }}"),
"rel_refund_over_paid": ("第 {{ row }} 行：成功退款金额 {{ a }} 超过 支付金额 {{ b }}（超出允许的 {{ pct }}% 或 {{ min }}，往日订单的退款也计在当天）", "Row {{ row }}: refunds {{ a }} exceed paid amount {{ b }} by more than the allowed {{ pct }}% or {{ min }} (refunds of earlier days' orders count on the day)"),
"rel_ack": ("我已核对这些行，仍要导入", "I have checked these rows and still want to import"),
"rel_ack_needed": ("请先核对上面列出的行并勾选确认，才能导入。", "Check the rows listed above and tick the confirmation before importing."),
"dup_title": ("表头有重名的列：", "Some header names appear in more than one column:"),
"dup_line": ("“{{ header }}” 出现在 {{ cols }} 列", "“{{ header }}” is in columns {{ cols }}"),
"dup_choose": ("“{{ header }}”（{{ field }}）使用哪一列", "Column to use for “{{ header }}” ({{ field }})"),
"dup_col_option": ("{{ letter }} 列（第 {{ n }} 列）", "column {{ letter }} (no. {{ n }})"),
"dup_ignored": ("未使用", "not used"),
"formula_count": ("有 {{ n }} 个公式单元格没有保存计算结果，读作空值。", "{{ n }} formula cells have no saved result and read as empty."),
"imp_err_formula": ("“{{ column }}”列（{{ letter }} 列）有 {{ count }} 个公式单元格没有保存计算结果（第一个在第 {{ row }} 行），导入会把它们读成 0。请在 Excel 中打开文件、重新计算并保存后再导入。", "Column “{{ column }}” ({{ letter }}) has {{ count }} formula cells without a saved result (the first in row {{ row }}); they would read as 0. Open the file in Excel, let it calculate, save it and import again."),
}
