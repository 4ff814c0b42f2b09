# Issue 12 "Correct money and honest periods": metrics- and title-side texts.
T_EXTRA = {
"be_title_realised": ("保本 ROI（按本期成交件单价、成本和平台费率）", "Break-even ROI (at the period's realised unit price, cost and fee rate)"),
"col_unit_price_be": ("件单价", "Unit price"),
"be_price_realised": ("实收", "paid"), "be_price_list": ("标价", "list"),
"col_net_roi": ("净投产比", "Net ROI"),
"col_profit_per_yuan": ("每元花费盈亏", "Profit per ¥1 spent"),
"be_note": ("毛利率按本期实际成交件单价（支付金额 ÷ 支付件数）计算，本期无成交时按标价；净投产比 = ROI ×（1 − 本期退款率），结论按净投产比与保本ROI比较。同一商品ID下有多个SKU时，成本按各SKU平均（暂无SKU销量数据，无法按销量加权）。", "The margin is taken at the period's realised unit price (paid amount ÷ units paid), or the list price when nothing sold; net ROI = ROI × (1 − the period's refund rate), and the verdict compares net ROI with break-even ROI. Where several SKUs share one item ID their costs are averaged (SKU sales are not imported, so they cannot be weighted by units)."),
"stock_sum_note": ("同一商品ID下各SKU的库存相加。", "Stock of SKUs sharing one item ID is added up."),
"compare_mode": ("对比方式", "Compare with"),
"compare_calendar": ("上一自然月（整月/季度/本月）", "Previous calendar month(s) (months, quarters, month to date)"),
"compare_same_length": ("之前等长天数", "Same number of days before"),
"compare_periods": ("环比对比 {{ pf }} 至 {{ pt }}；同比对比 {{ yf }} 至 {{ yt }}", "vs prev.: {{ pf }} to {{ pt }}; vs last year: {{ yf }} to {{ yt }}"),
"kpi_ad_share": ("推广占比", "Ad spend share"),
"spend_src_store": ("来源：店铺整体", "From: store file"),
"spend_src_ads": ("来源：推广报表", "From: ad reports"),
"spend_src_both": ("来源：店铺整体 + 推广报表（按渠道取一处，不重复计）", "From: store file + ad reports (one source per channel, nothing counted twice)"),
"ad_share_note": ("推广占比 = 推广花费 ÷ 支付金额；推广报表里的费比 = 花费 ÷ 总成交金额 = 1/ROI。", "Ad spend share = ad spend ÷ paid amount; the ad reports' cost ratio (费比) = spend ÷ ad sales = 1/ROI."),
}
