# Issue 12 "Correct money and honest periods", promotions side: postage vs shipping cost,
# pro-rata carts in the 资损 check, 店铺宝 after 搭配宝, 淘宝客 from the recorded commission,
# ad spend per scope, active days for 爆发系数.
T_EXTRA = {
"shipping_cost": ("每单物流成本 (元)", "Shipping cost per order (¥)"),
"shipping_cost_hint": ("付给快递的钱，按每单计入成本。与“向买家收取的运费”分开：包邮时收取为 0，成本照算。", "What the courier is paid, a cost per order. Separate from the postage charged to the buyer: with free shipping (包邮) the charge is 0 and the cost still counts."),
"postage_charged_hint": ("买家在商品之外另付的运费，算作收入；包邮填 0。不计入任何优惠门槛，也不计平台佣金。", "Postage the buyer pays on top of the goods, counted as income; 0 for free shipping (包邮). It counts toward no threshold and no platform fee."),
"check_postage_in": ("收运费 {{ amount }}", "postage charged {{ amount }}"),
"sim_s_store_after_bundle": ("按搭配宝之后的套餐价计算门槛和折扣：{{ amount }}（设置中可改为按搭配前金额）", "threshold and percent count the amount after the bundle discount: {{ amount }} (Settings can switch to the amount before the bundle)"),
"sim_s_store_before_bundle": ("按搭配宝之前的金额计算门槛和折扣：{{ amount }}（设置中的选择；默认按套餐价）", "threshold and percent count the amount before the bundle discount: {{ amount }} (as chosen in Settings; the default is the bundle price)"),
"store_wide_base": ("店铺宝与搭配宝同单时，店铺宝的门槛和折扣按", "With a bundle (搭配宝) in the order, 店铺宝 threshold and percent count"),
"store_wide_after_bundle": ("搭配宝之后的套餐价（默认）", "the bundle price charged (default)"),
"store_wide_before_bundle": ("搭配宝之前的单品级金额", "the item-level amount before the bundle"),
"store_wide_base_hint": ("平台未公开明确规则：多数规则摘要把搭配宝列为商品级优惠，店铺宝在其后计算。价格模拟的步骤会写明当前采用哪种算法。", "The platform does not document this: most rule summaries list 搭配宝 as item level, with 店铺宝 computed after it. The simulator's steps say which reading is in force."),
"cart_mixed": ("1件与其他商品 {{ others }} 同单（刚好凑满门槛，按金额分摊优惠）", "1 unit with {{ others }} of other goods (just reaching a threshold, discount shared by amount)"),
}
