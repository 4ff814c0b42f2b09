#!/usr/bin/env python3
"""Writes a large 生意参谋 商品_全部 export for the benchmark, the way the platform serves it: GBK,
4 preamble rows (header on row 5), the 22 columns of the real export, numbers as text with
thousands separators, "-" for empty, product names with commas (quoted), and a 合计 row.

Usage: python3 tests/bench/gen_sycm_product.py OUT.csv [ROWS]   (ROWS = 100000 by default:
200 products × 500 days). Deterministic (seeded); generated at benchmark time, never committed.
"""
import datetime
import random
import sys

out_path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
PRODUCTS = 200
days = -(-rows // PRODUCTS)
rnd = random.Random(20240301)

HEADER = (
    "统计日期,商品ID,商品名称,货号,商品状态,商品访客数,商品浏览量,平均停留时长,商品详情页跳出率,"
    "商品收藏人数,商品加购件数,商品加购人数,下单买家数,下单件数,下单金额,下单转化率,支付买家数,"
    "支付件数,支付金额,商品支付转化率,成功退款金额,访客平均价值"
)
ADJ = ["女士", "男士", "儿童", "家用", "加厚", "便携", "大容量", "纯棉", "不锈钢", "北欧风"]
NOUN = ["羊毛衫", "夹克", "保温杯", "收纳盒", "四件套", "拖把", "袜子 5双装", "围巾", "水杯", "抱枕"]


def num(n):
    s = f"{n:,}"
    return f'"{s}"' if "," in s else s


def money(fen):
    s = f"{fen // 100:,}.{fen % 100:02d}"
    return f'"{s}"' if "," in s else s


def pct(a, b):
    return f"{a * 100 / b:.2f}%" if b else "-"


items = []
for p in range(PRODUCTS):
    name = f"{ADJ[p % 10]}{NOUN[(p // 10) % 10]} {p + 1}号"
    if p % 7 == 0:
        name = f'"{name}, 秋冬款"'
    items.append((str(612_300_000_000 + p * 7919), name, f"SKU-{p:04d}", 50 + (p * 37) % 900,
                  100 * (39 + (p * 53) % 460)))

start = datetime.date(2024, 1, 1)
end = start + datetime.timedelta(days=days - 1)
lines = ["【生意参谋平台】商品_全部", f"统计时间：{start} ~ {end}", "终端：所有终端", "", HEADER]
tot = [0] * 9
n = 0
for d in range(days):
    day = start + datetime.timedelta(days=d)
    week = [0.92, 0.9, 0.95, 1.0, 1.08, 1.22, 1.18][day.weekday()]
    for item_id, name, sku, base, price in items:
        if n == rows:
            break
        n += 1
        if rnd.random() < 0.01:  # off the shelf that day: every figure "-"
            lines.append(f"{day},{item_id},{name},{sku},已下架" + ",-" * 17)
            continue
        v = max(1, int(base * week * rnd.uniform(0.7, 1.3)))
        pv = int(v * rnd.uniform(1.8, 3.2))
        fav = int(v * rnd.uniform(0.01, 0.04))
        cart_buyers = int(v * rnd.uniform(0.04, 0.12))
        cart_units = int(cart_buyers * rnd.uniform(1.0, 1.4))
        order_buyers = int(v * rnd.uniform(0.02, 0.06))
        order_units = int(order_buyers * rnd.uniform(1.0, 1.3))
        order_amount = order_units * price
        buyers = int(order_buyers * rnd.uniform(0.8, 1.0))
        units = int(buyers * rnd.uniform(1.0, 1.3))
        paid = units * price - rnd.randrange(0, 100) * buyers
        refund = paid // rnd.randint(8, 40) if rnd.random() < 0.3 else 0
        tot = [a + b for a, b in zip(tot, [v, pv, fav, cart_units, cart_buyers, order_buyers, buyers, paid, refund])]
        lines.append(",".join([
            str(day), item_id, name, sku, "当前在线", num(v), num(pv), f"{rnd.uniform(10, 60):.1f}",
            f"{rnd.uniform(30, 70):.2f}%", num(fav), num(cart_units), num(cart_buyers), num(order_buyers),
            num(order_units), money(order_amount), pct(order_buyers, v), num(buyers), num(units), money(paid),
            pct(buyers, v), money(refund) if refund else "-", money(paid // v) if v else "-",
        ]))
v, pv, fav, cu, cb, ob, b, paid, refund = tot
lines.append(f"合计,,,,,{num(v)},{num(pv)},-,-,{num(fav)},{num(cu)},{num(cb)},{num(ob)},-,-,-,{num(b)},-,{money(paid)},-,{money(refund)},-")
with open(out_path, "wb") as f:
    f.write(("\r\n".join(lines) + "\r\n").encode("gbk"))
print(f"{n} rows, {sum(1 for _ in items)} products × {days} days")
