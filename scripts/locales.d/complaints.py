# Typed complaints (issue 17 §2) on the Customer service page. Reuses cp_day, cp_delete,
# cp_actions, cp_err_day, sv_item, sv_reason.
T_EXTRA = {
"sv_c_title": ("投诉", "Complaints"),
"sv_c_intro": ("记录买家的投诉（千牛、客服、差评回访），按原因和商品统计，标记处理完毕。与同事通过方案文件共享。", "Log buyers' complaints (from 千牛, customer service, bad-review follow-ups), counted by reason and product, marked handled. Shared with teammates through plan files."),
"sv_c_reason": ("原因", "Reason"),
"sv_c_order": ("订单编号", "Order number"),
"sv_c_text": ("投诉内容", "What the buyer said"),
"sv_c_add": ("添加投诉", "Add complaint"),
"sv_c_added": ("已添加投诉。", "Complaint added."),
"sv_c_err_text": ("请填写投诉内容（最多 {{ n }} 个字）。", "Write what the buyer said (at most {{ n }} characters)."),
"sv_c_err_order": ("订单编号和商品ID最多 {{ n }} 个字符。", "The order number and product ID take at most {{ n }} characters."),
"sv_c_summary": ("本期投诉 {{ n }} 件，未处理 {{ open }} 件。", "{{ n }} complaints in this period, {{ open }} not handled."),
"sv_c_product": ("{{ id }}：{{ n }} 件（质量相关 {{ q }}）", "{{ id }}: {{ n }} ({{ q }} about quality)"),
"sv_c_empty": ("本期没有投诉记录。", "No complaints in this period."),
"sv_c_status": ("处理", "Handled"),
"sv_c_done_label": ("已处理：{{ what }}", "Handled: {{ what }}"),
"sv_c_delete_label": ("删除投诉：{{ what }}", "Delete the complaint: {{ what }}"),
}
