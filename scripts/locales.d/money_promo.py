# Issue 12 "Correct money and honest periods", promotions side: postage vs shipping cost,
# pro-rata carts in the 资损 check, 店铺宝 after 搭配宝, 淘宝客 from the recorded commission,
# ad spend per scope, active days for 爆发系数.
T_EXTRA = {
"shipping_cost": ("每单物流成本 (元)", "Shipping cost per order (¥)"),
"shipping_cost_hint": ("付给快递的钱，按每单计入成本。与“向买家收取的运费”分开：包邮时收取为 0，成本照算。", "What the courier is paid, a cost per order. Separate from the postage charged to the buyer: with free shipping (包邮) the charge is 0 and the cost still counts."),
"postage_charged_hint": ("买家在商品之外另付的运费，算作收入；包邮填 0。不计入任何优惠门槛，也不计平台佣金。", "Postage the buyer pays on top of the goods, counted as income; 0 for free shipping (包邮). It counts toward no threshold and no platform fee."),
"check_postage_in": ("收运费 {{ amount }}", "postage charged {{ amount }}"),
}
