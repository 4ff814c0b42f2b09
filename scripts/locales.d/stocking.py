# 备货 for a promotion (issue 15 §4). Reuses: col_sku, col_item_id, col_title, col_total.
T_EXTRA = {
"st_title": ("备货", "Stocking"),
"st_intro": ("按活动目标（件数，或销售额按各 SKU 活动到手价换算）和各 SKU 近 28 天的销量占比，算出活动预计件数；加上活动前按日常速度卖出的件数和安全库存，对比库存和在途，得出应采购数量和最晚下单日（活动开始日 − 采购周期）。在途按活动前到货计；活动期间按预计件数平均每天卖出。", "The event's expected units come from the promotion's target (units, or GMV at each SKU's price after the promotion) split by the SKUs' last 28 days of sales; add what sells before the event at the usual pace and a safety stock, compare with stock on hand and in transit: what to order and the last day to order (event start − lead time). Stock in transit is counted as arriving before the event; event sales are spread evenly over its days."),
"st_no_target": ("这个活动还没有目标件数或目标销售额：预计件数为 0，只算日常销量和安全库存。", "This promotion has no unit or GMV target yet: the event's expected units are 0, only the usual sales and the safety stock count."),
"st_safety": ("安全库存（天）", "Safety stock (days)"), "st_default_lead": ("默认采购周期（天）", "Default lead time (days)"),
"st_bad_number": ("「{{ value }}」不是有效的整数（在途 0–100000000，天数 0–365）；没有修改。", "“{{ value }}” is not a valid whole number (in transit 0–100000000, days 0–365); nothing changed."),
"st_none": ("这个活动还没有商品。", "This promotion has no products yet."),
"st_price": ("活动到手价", "Price in the event"), "st_pace": ("日常日均件数", "Usual units a day"),
"st_event": ("活动预计件数", "Expected units in the event"), "st_stock": ("库存", "Stock"),
"st_in_transit": ("在途", "In transit"), "st_lead": ("采购周期（天，空 = 默认）", "Lead time (days, empty = default)"),
"st_need": ("需要", "Needed"), "st_order": ("应采购", "To order"), "st_order_by": ("最晚下单日", "Order by"),
"st_runs_out": ("不补货时", "Without an order"),
"st_out_in_event": ("活动中断货（{{ day }}）", "Runs out in the event ({{ day }})"),
"st_out_before": ("活动前断货（{{ day }}）", "Runs out before the event ({{ day }})"),
"st_lasts": ("够卖到活动结束", "Lasts to the end of the event"),
"st_late": ("已过（{{ day }}）：尽快下单", "Past ({{ day }}): order now"),
"st_csv": ("导出采购清单 CSV", "Export the purchase list (CSV)"),
}
# the stock file (issue 15 §4: stock on hand and in transit importable by CSV)
T_EXTRA.update({
"st_file_title": ("导入库存表（库存、在途、采购周期）", "Import a stock file (stock, in transit, lead time)"),
"st_file_hint": ("CSV（GBK 或 UTF-8）或 Excel 文件：一列 商家编码（或 SKU / 商品ID），再加 库存、在途、采购周期（天）中的任意几列；空单元格不改动。按商家编码对应商品，找不到时按商品ID（只有一个 SKU 时）。确认后一步写入，可撤销。", "CSV (GBK or UTF-8) or an Excel file: a 商家编码 (or SKU / 商品ID) column and any of 库存 (stock), 在途 (in transit), 采购周期 (lead time, days); an empty cell changes nothing. Rows match products by 商家编码, else by 商品ID when one SKU has it. Confirmed, it is one change that Undo reverts."),
"st_file_drop": ("拖入库存表（CSV、XLSX、XLS），或点击选择文件", "Drop a stock file (CSV, XLSX, XLS) here, or click to choose a file"),
"st_file_no_header": ("没有找到表头：需要 商家编码（或 SKU / 商品ID）列，以及 库存、在途、采购周期 中至少一列。没有修改任何商品。", "No header row: the file needs a 商家编码 (or SKU / 商品ID) column and at least one of 库存, 在途, 采购周期. No product was changed."),
"st_file_no_rows": ("文件里没有商品行。没有修改任何商品。", "The file has no product rows. No product was changed."),
"st_file_bad_rows": ("{{ n }} 行的数字无法识别或超出范围（库存、在途 0–100000000 的整数，采购周期 0–365 天），没有修改任何商品。行号：{{ rows }}", "{{ n }} rows have numbers that can't be read or are out of range (stock and in transit whole numbers 0–100000000, lead time 0–365 days); no product was changed. Rows: {{ rows }}"),
"st_file_preview": ("{{ name }}：将更新 {{ n }} 个商品，{{ same }} 个商品没有变化。", "{{ name }}: {{ n }} products will be updated, {{ same }} products stay the same."),
"st_file_unmatched": ("{{ n }} 行没有对应的商品（或商品ID对应多个 SKU），将跳过：{{ keys }}", "{{ n }} rows match no product (or a 商品ID shared by several SKUs) and are skipped: {{ keys }}"),
"st_file_done": ("已从 {{ name }} 更新 {{ n }} 个商品的库存信息。", "Updated the stock of {{ n }} products from {{ name }}."),
})
