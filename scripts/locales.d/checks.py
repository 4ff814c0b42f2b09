# Price checks of a promotion (per SKU flags and conflicts).
T_EXTRA = {
"check_title": ("价格检查", "Price check"),
"check_hint": ("每个商品按单件和最不利的购物车（凑满门槛的件数、搭配套餐、与其他商品同单刚好凑满门槛时按金额分摊的优惠）计算到手价；毛利 = 到手价 + 向买家收的运费 − 平台佣金 − 淘宝客佣金 − 物流成本 − 赠品 − 成本。", "Each product is priced for one unit and for the worst cart (quantities that reach thresholds, bundle sets, one unit in a cart that just reaches a threshold with other goods and takes its pro-rata share of the discount); profit = paid + postage charged to the buyer − platform fee − affiliate commission − shipping cost − gifts − cost."),
"check_all_ok": ("所有商品的到手价都在成本和最低毛利之上。", "Every product stays above cost and the minimum margin."),
"check_n_flagged": ("{{ n }} 个商品有价格预警，见下表。", "{{ n }} products have price warnings, see the table."),
"check_paid_one": ("单件到手价", "Paid, one unit"), "check_paid_worst": ("最低到手价", "Lowest paid"),
"check_depth": ("折扣深度", "Discount depth"), "check_margin": ("最差毛利率", "Worst margin"), "check_profit": ("最差毛利", "Worst profit"), "check_flags": ("预警", "Warnings"),
"cart_alone": ("买{{ qty }}件", "{{ qty }} units"), "cart_alone_one": ("买1件", "1 unit"), "cart_bundle": ("整套搭配", "bundle set"),
"flag_below_cost": ("资损：{{ cart }}亏 {{ loss }}", "Loss (资损): {{ loss }} on {{ cart }}"),
"flag_min_margin": ("毛利率 {{ margin }} 低于最低 {{ min }}（{{ cart }}）", "Margin {{ margin }} below the minimum {{ min }} ({{ cart }})"),
"flag_not_lowest": ("活动价 {{ price }} 不低于前 {{ days }} 天最低价 {{ lowest }}", "Event price {{ price }} is not below the lowest price of the last {{ days }} days ({{ lowest }})"),
"flag_zero_cart": ("0元单：买{{ qty }}件到手价为 0", "¥0 order: {{ qty }} units pay nothing"),
"conflicts_promo_title": ("与其他活动叠加冲突", "Conflicts with other promotions"),
"floor_cost": ("成本（资损）", "cost (资损)"), "floor_margin": ("最低毛利", "the minimum margin"),
"conflict_only_combination": ("单独都不会，叠加后才破价。", "None breaks it alone; only the combination does."),
"conflict_alone_too": ("其中有活动单独就已破价。", "One of them breaks it alone already."),
"conflict_text": ("{{ product }}：{{ promos }} 在 {{ from }} 至 {{ to }} 同时生效，最低到手价 {{ paid }}，低于{{ floor }}。{{ only }}", "{{ product }}: {{ promos }} are in force together {{ from }} to {{ to }}; lowest paid {{ paid }}, below {{ floor }}. {{ only }}"),
}
