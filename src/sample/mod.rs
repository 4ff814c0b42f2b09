//! The sample store behind "Load sample store" (加载示例店铺), and a bulk product generator for
//! benchmarks and large-table tests.
//!
//! Everything here is deterministic: no clock, no randomness source. Varied values come from a
//! small inline splitmix64 generator seeded by constants, and record ids are fixed uuid-formatted
//! strings, so two teammates who both load the sample share the same ids and revisions (their plan
//! files merge cleanly instead of duplicating 60 products).
//!
//! The sample is a Tmall 家居日用 flagship store (安居优品家居旗舰店) with 60 products in four
//! categories. A few products are deliberately imperfect so that every checker has something to
//! show on first run:
//! - titles: 3 over the 60-byte limit, 4 with absolute terms (顶级, 全网最低价, 第一品牌, 最好用),
//!   1 with an off-site contact phrase (加微信), 2 with a repeated word (保温杯, 四件套);
//!   the other 50 are clean (one is exactly 60 bytes, the edge of the limit);
//! - margins: 2 loss-makers (cost above price) and 2 near-zero items (≤5% before the 5% fee);
//! - keywords: 58 products have 2–3 target keywords; on 10 of them one keyword is missing from
//!   the title (e.g. 护颈枕 vs 护颈椎枕, 焖烧罐 vs 闷烧罐, 免手洗拖把 on a 主推款);
//! - stock and status: 52 on shelf, 5 off shelf, 3 drafts (drafts have no 商品ID yet, as on the
//!   platform); 9 products at zero stock, one of them on shelf (断货).

pub mod metrics;
pub mod promos;

/// The whole sample store as "Load sample store" gives it at `now_ms` with `today` (UTC+8): the
/// catalog with its price history, the promotions around today, and two years of store metrics up
/// to the day before.
pub fn sample_store(
    now_ms: i64,
    today: chrono::NaiveDate,
) -> (Workspace, crate::core::metrics::MetricsStore) {
    let mut ws = sample_workspace(now_ms);
    let day = i32::try_from(
        today
            .signed_duration_since(chrono::NaiveDate::default())
            .num_days(),
    )
    .unwrap_or(0);
    let metrics = metrics::sample_metrics(&ws.products, day);
    promos::sample_price_history(&mut ws.products, today, now_ms);
    ws.promotions = promos::sample_promotions(&ws.products, today, now_ms);
    (ws, metrics)
}

use crate::model::{Fen, Meta, Product, ProductRole, ProductStatus, Record, Workspace};

/// First 24 characters of every sample product id; the product's 1-based index fills the rest.
const SAMPLE_ID_PREFIX: &str = "5a3e0000-0000-4000-8000-";
/// Id prefix of [`generated_products`], distinct from the sample so both can coexist.
const GENERATED_ID_PREFIX: &str = "5a3e0000-0000-4000-9000-";

/// Seeds of the two deterministic streams.
const SAMPLE_SEED: u64 = 0x5a3e_2024_0618_0001;
const GENERATED_SEED: u64 = 0x5a3e_2024_1111_0002;

/// splitmix64: tiny, fast, good enough to vary sample data; the same on every platform.
pub struct SplitMix(pub u64);

impl SplitMix {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: u64) -> u64 {
        self.next().checked_rem(n).unwrap_or(0)
    }

    /// True with probability `pct`/100.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    /// An element of a non-empty slice (or `""` for an empty one).
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }
}

/// A 12-digit 商品ID starting with 6 or 7 (what current Tmall item ids look like).
fn item_id_from(r: u64) -> String {
    let lead = if r & 1 == 0 { '6' } else { '7' };
    format!("{lead}{:011}", (r >> 1) % 100_000_000_000)
}

use ProductRole::{Hero, Profit, Regular, Traffic};
use ProductStatus::{Draft, OffShelf as Off, OnShelf as On};

/// One hand-written sample product. Money in fen.
struct Row {
    title: &'static str,
    price: i64,
    cost: i64,
    stock: i64,
    status: ProductStatus,
    role: ProductRole,
    tags: &'static [&'static str],
    keywords: &'static [&'static str],
    notes: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn row(
    title: &'static str,
    price: i64,
    cost: i64,
    stock: i64,
    status: ProductStatus,
    role: ProductRole,
    tags: &'static [&'static str],
    keywords: &'static [&'static str],
    notes: &'static str,
) -> Row {
    Row {
        title,
        price,
        cost,
        stock,
        status,
        role,
        tags,
        keywords,
        notes,
    }
}

/// A category of the sample store: name (类目), SKU code, products.
struct Category {
    name: &'static str,
    code: &'static str,
    rows: &'static [Row],
}

const STORE_NAME: &str = "安居优品家居旗舰店";
const SKU_BRAND: &str = "AJ";

#[rustfmt::skip]
const CATEGORIES: [Category; 4] = [
    Category {
        name: "水杯保温杯",
        code: "BT",
        rows: &[
            row("安居优品2025新款316不锈钢保温杯男女大容量便携水杯学生车载", 8900, 3850, 1860, On, Hero, &["新品", "618主推"], &["保温杯", "316不锈钢", "大容量"], "店铺主推款，万相台重点计划"),
            // repeated word: 保温杯 twice
            row("安居优品保温杯女士小巧便携保温杯高颜值咖啡杯子", 6990, 2980, 920, On, Profit, &[], &["保温杯女", "小巧便携"], ""),
            row("安居优品儿童保温杯带吸管幼儿园小学生防摔水壶上学专用", 7900, 3300, 1240, On, Regular, &["开学季"], &["儿童保温杯", "吸管", "幼儿园"], ""),
            row("安居优品吨吨桶大容量运动水杯1500ml带刻度吸管夏季健身", 3990, 1720, 2650, On, Regular, &[], &["吨吨桶", "运动水杯"], ""),
            row("安居优品双层玻璃杯耐热办公室泡茶杯茶水分离款男士高档", 4990, 2100, 780, On, Regular, &[], &["玻璃杯", "茶水分离"], ""),
            row("安居优品Tritan塑料水杯夏季便携男女学生随手杯", 2990, 1260, 1530, On, Regular, &[], &["塑料水杯", "随手杯"], ""),
            row("安居优品陶瓷马克杯带盖勺家用情侣早餐牛奶杯ins风", 3500, 1390, 0, On, Regular, &[], &["马克杯", "陶瓷马克杯"], "断货，工厂补货中"),
            row("安居优品保温壶家用大容量暖水瓶2L玻璃内胆热水壶", 9900, 4600, 410, On, Profit, &[], &["保温壶", "暖水瓶"], ""),
            row("安居优品焖烧杯316不锈钢上班族便携焖粥桶闷烧罐", 11900, 5200, 330, On, Profit, &[], &["焖烧杯", "焖烧罐"], ""),
            row("安居优品车载保温杯智能温显304不锈钢商务男士水杯礼盒装", 12900, 5800, 560, On, Regular, &[], &["车载保温杯", "智能温显"], ""),
            // absolute term: 顶级
            row("安居优品顶级316保温杯钛合金内胆商务礼盒装", 29900, 12800, 120, On, Profit, &["礼品"], &["保温杯礼盒", "商务礼盒"], "企业团购款"),
            row("安居优品硅胶折叠水杯户外旅行便携伸缩压缩杯子露营登山", 2590, 1140, 0, Off, Regular, &[], &["折叠水杯", "硅胶折叠水杯"], "季节性下架"),
            row("安居优品随行咖啡杯陶瓷内胆带盖办公室保温马克杯", 7990, 3100, 0, Draft, Regular, &["新品"], &[], "等主图拍摄"),
            // loss-maker on purpose: cost above price
            row("安居优品保温杯配件替换杯盖密封圈通用杯套防烫", 990, 1120, 2980, On, Traffic, &[], &["保温杯配件", "杯套"], "引流款，亏本带动保温杯关联购买"),
            // over 60 bytes
            row("安居优品运动水壶男士健身房大容量吸管杯户外骑行登山防漏防摔便携水杯子夏季", 4590, 1900, 870, On, Regular, &[], &["运动水壶", "吸管杯"], ""),
        ],
    },
    Category {
        name: "厨房收纳",
        code: "KS",
        rows: &[
            row("安居优品厨房置物架台面多层调料架免打孔收纳架壁挂式", 6990, 2750, 1420, On, Hero, &["618主推"], &["厨房置物架", "调料架", "免打孔"], ""),
            // exactly 60 bytes: at the limit, still valid
            row("安居优品冰箱收纳盒食品级保鲜盒抽屉式冷冻整理盒厨房蔬菜鸡蛋托", 3990, 1680, 2210, On, Profit, &[], &["冰箱收纳盒", "保鲜盒"], ""),
            row("安居优品米桶家用密封防虫20斤储米箱面粉收纳罐", 5900, 2400, 860, On, Regular, &[], &["米桶", "储米箱"], ""),
            row("安居优品沥水碗架水槽置物架碗碟收纳架厨房神器", 8900, 4100, 650, On, Profit, &[], &["沥水碗架", "碗碟架"], ""),
            row("安居优品调料盒套装家用调味罐盐糖罐带勺厨房", 2990, 1190, 1780, On, Regular, &[], &["调料盒", "调味罐"], ""),
            row("安居优品筷子筒沥水筷笼壁挂式免打孔家用勺子收纳", 1990, 860, 2450, On, Regular, &[], &["筷子筒", "筷笼"], ""),
            row("安居优品锅盖架台面砧板架多功能厨房锅具收纳家用置物", 4590, 1980, 0, Off, Regular, &[], &["锅盖架", "砧板架"], "供应商停产"),
            row("安居优品密封罐玻璃储物罐五谷杂粮茶叶罐带盖", 3590, 1450, 1320, On, Regular, &[], &["密封罐", "储物罐"], ""),
            row("安居优品伸缩下水槽置物架橱柜分层架可调节厨房台下", 7900, 3400, 480, On, Regular, &[], &["下水槽置物架", "橱柜分层架"], ""),
            row("安居优品抽屉分隔收纳盒餐具刀叉整理格可叠加自由组合", 2490, 1020, 1960, On, Regular, &[], &["餐具收纳盒", "抽屉分隔"], ""),
            // near-zero margin on purpose (negative after the platform fee)
            row("安居优品保鲜袋自封袋食品级密实袋加厚家用冷冻", 1290, 1240, 2870, On, Traffic, &[], &["保鲜袋", "自封袋"], "引流款，保本走量"),
            // absolute term: 全网最低价
            row("安居优品全网最低价厨房收纳架微波炉置物架落地多层", 13900, 6200, 290, On, Regular, &[], &["微波炉置物架", "落地置物架"], ""),
            row("安居优品厨房挂钩免打孔壁挂式强力粘钩置物挂杆", 1590, 630, 3000, On, Regular, &[], &[], ""),
            // over 60 bytes
            row("安居优品旋转调料架多层台面厨房调味品收纳置物架转盘大容量家用柜子储物", 9900, 4400, 210, On, Regular, &[], &["旋转调料架", "调味品收纳"], ""),
            row("安居优品保鲜盒玻璃饭盒微波炉加热上班族便当盒分隔", 5990, 2500, 0, Draft, Regular, &["新品"], &["玻璃饭盒", "便当盒"], ""),
        ],
    },
    Category {
        name: "床上用品",
        code: "BD",
        rows: &[
            row("安居优品纯棉四件套全棉被套床单1.8m床上用品简约北欧风", 29900, 13200, 760, On, Hero, &["618主推"], &["四件套", "纯棉四件套", "床上用品"], ""),
            row("安居优品A类母婴级水洗棉夏凉被空调被可机洗薄被子单双人", 12900, 5500, 1120, On, Profit, &["夏季上新"], &["夏凉被", "空调被"], ""),
            row("安居优品大豆纤维冬被加厚保暖被芯单双人棉被褥宿舍", 19900, 8600, 540, On, Regular, &[], &["冬被", "被芯"], ""),
            row("安居优品记忆棉枕头护颈椎枕慢回弹助睡眠单人枕芯", 8990, 3700, 980, On, Profit, &[], &["记忆棉枕头", "护颈枕"], ""),
            row("安居优品床垫软垫家用榻榻米垫子学生宿舍单人折叠", 15900, 7100, 380, On, Regular, &[], &["床垫", "榻榻米垫"], ""),
            row("安居优品乳胶枕头泰国天然橡胶成人护颈枕芯一对装", 13900, 8300, 450, On, Regular, &[], &["乳胶枕", "枕头"], ""),
            row("安居优品床笠单件防滑床罩席梦思保护套全包防尘", 4990, 2100, 1380, On, Regular, &[], &["床笠", "床罩"], ""),
            row("安居优品凉席冰丝三件套夏季可水洗折叠空调软席", 16900, 7200, 0, Off, Regular, &[], &["凉席", "冰丝三件套"], "换季下架"),
            // absolute term: 第一品牌
            row("安居优品第一品牌珊瑚绒毛毯加厚冬季午睡沙发盖毯", 7900, 3400, 720, On, Regular, &[], &["毛毯", "珊瑚绒"], ""),
            row("安居优品枕套一对装纯棉48x74cm单个枕头套全棉", 3990, 1550, 1650, On, Traffic, &[], &["枕套", "纯棉枕套"], ""),
            row("安居优品桑蚕丝被春秋被子双人被芯手工加厚款200x230cm", 59900, 26800, 150, On, Profit, &["礼品"], &["蚕丝被", "桑蚕丝"], ""),
            row("安居优品抱枕靠垫沙发客厅北欧ins风靠枕腰枕含芯", 2990, 1200, 2300, On, Regular, &[], &["抱枕", "靠垫"], ""),
            // repeated word: 四件套 twice
            row("安居优品水洗棉四件套ins风被套床单宿舍学生四件套", 14900, 6300, 890, On, Regular, &[], &["水洗棉四件套", "学生四件套"], ""),
            // off-site contact (站外导流): 加微信
            row("安居优品午睡毯办公室空调毯加微信领券法兰绒小毛毯", 3590, 1400, 1100, On, Regular, &[], &["空调毯", "午睡毯"], ""),
            row("安居优品白鹅绒羽绒被冬季加厚保暖五星酒店同款被芯", 89900, 41000, 0, Draft, Regular, &["新品"], &["羽绒被", "白鹅绒"], "双11新品，待上架"),
        ],
    },
    Category {
        name: "清洁用品",
        code: "CL",
        rows: &[
            row("安居优品免手洗平板拖把家用懒人拖地神器旋转拖布一拖净", 6990, 2800, 1750, On, Hero, &["618主推"], &["平板拖把", "免手洗拖把"], ""),
            row("安居优品洗碗布不沾油抹布厨房加厚吸水百洁布10片装", 990, 420, 3000, On, Traffic, &[], &["洗碗布", "抹布"], ""),
            // near-zero margin on purpose (break-even after the platform fee)
            row("安居优品垃圾袋加厚家用手提式背心抽绳厨房大号", 1590, 1510, 2900, On, Traffic, &[], &["垃圾袋", "加厚垃圾袋"], ""),
            // absolute term: 最好用
            row("安居优品最好用的静电除尘掸子家用伸缩鸡毛掸", 2990, 1180, 1210, On, Regular, &[], &["除尘掸", "鸡毛掸"], ""),
            row("安居优品马桶刷无死角家用卫生间硅胶壁挂清洁刷套装", 2590, 1050, 1860, On, Regular, &[], &["马桶刷", "清洁刷套装"], ""),
            row("安居优品厨房重油污清洁剂强力去油渍油烟机清洗剂", 3590, 1320, 1460, On, Profit, &[], &["重油污清洁剂", "油烟机清洗剂"], ""),
            row("安居优品酒精湿巾家用75度杀菌消毒湿纸巾80抽大包装", 1990, 830, 2600, On, Regular, &[], &["酒精湿巾", "消毒湿纸巾"], ""),
            row("安居优品懒人抹布干湿两用厨房纸吸油清洁巾加厚", 1690, 690, 2150, On, Regular, &[], &["懒人抹布", "厨房纸"], ""),
            row("安居优品洗衣凝珠香味持久留香三合一除菌除螨", 4990, 1950, 1340, On, Profit, &["新品"], &["洗衣凝珠", "留香珠"], ""),
            row("安居优品玻璃清洁器双面擦窗神器高楼家用刮水器", 5900, 2600, 0, Off, Regular, &[], &["擦窗神器", "玻璃清洁器"], ""),
            row("安居优品除湿袋衣柜防潮干燥剂吸湿盒可挂式家用", 2990, 1100, 1900, On, Regular, &[], &["除湿袋", "干燥剂"], ""),
            row("安居优品扫把簸箕套装家用组合软毛扫帚卫生间刮水", 3990, 1750, 940, On, Regular, &[], &["扫把簸箕套装", "扫帚"], ""),
            row("安居优品洁厕灵马桶清洁剂除垢去黄厕所除臭蓝泡泡", 2290, 940, 2050, On, Regular, &[], &["洁厕灵", "马桶清洁剂"], ""),
            // over 60 bytes (62: just over)
            row("安居优品电动清洁刷多功能家用厨房浴室瓷砖缝隙刷无线手持洗地刷头", 15900, 7200, 260, On, Regular, &[], &["电动清洁刷", "缝隙刷"], ""),
            // loss-maker, already pulled from the shelf
            row("安居优品除螨喷雾床上免洗家用植物配方温和不刺激", 3990, 4150, 0, Off, Regular, &["清仓"], &["除螨喷雾"], "进价上涨后亏损，已下架"),
        ],
    },
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

/// The sample store: 安居优品家居旗舰店, a Tmall 家居日用 flagship store with 60 products in exactly
/// 4 categories (水杯保温杯, 厨房收纳, 床上用品, 清洁用品). Every record has its first revision
/// (gen 1) stamped `now_ms`; ids and content do not depend on `now_ms`.
pub fn sample_workspace(now_ms: i64) -> Workspace {
    let mut ws = Workspace::default();

    ws.profile.meta = Meta::new(ws.profile.meta.id.clone(), now_ms);
    ws.profile.name = STORE_NAME.to_string();
    ws.profile.platform = crate::model::Platform::Tmall;
    ws.profile.fee_rate_bp = 500;
    // 全店包邮: nothing charged to the buyer for postage.
    ws.profile.default_postage = Fen::ZERO;
    ws.profile.bump(now_ms);

    let mut rng = SplitMix(SAMPLE_SEED);
    let mut index: u64 = 0;
    for cat in &CATEGORIES {
        for (n, r) in cat.rows.iter().enumerate() {
            index += 1;
            let id_bits = rng.next();
            let mut p = Product {
                meta: Meta::new(format!("{SAMPLE_ID_PREFIX}{index:012x}"), now_ms),
                sku: format!("{SKU_BRAND}-{}-{:04}", cat.code, n + 1),
                item_id: if r.status == Draft {
                    String::new()
                } else {
                    item_id_from(id_bits)
                },
                title: r.title.to_string(),
                category: cat.name.to_string(),
                list_price: Fen(r.price),
                cost: Fen(r.cost),
                stock: r.stock,
                status: r.status,
                role: r.role,
                tags: strings(r.tags),
                keywords: strings(r.keywords),
                notes: r.notes.to_string(),
                price_history: Vec::new(),
                ..Product::default()
            };
            p.bump(now_ms);
            ws.products.push(p);
        }
    }
    ws
}

/// Word pools of one synthetic category.
struct Pool {
    name: &'static str,
    code: &'static str,
    cores: &'static [&'static str],
    attrs: &'static [&'static str],
    scenes: &'static [&'static str],
    /// Price range in whole yuan.
    lo: u64,
    hi: u64,
}

#[rustfmt::skip]
const POOLS: [Pool; 8] = [
    Pool {
        name: "水杯保温杯",
        code: "BT",
        cores: &["保温杯", "玻璃杯", "吸管杯", "马克杯", "运动水壶", "焖烧杯"],
        attrs: &["316不锈钢", "大容量", "便携", "高颜值", "防摔", "带盖", "双层", "耐热"],
        scenes: &["办公室", "学生", "车载", "户外", "家用", "男女通用"],
        lo: 19,
        hi: 199,
    },
    Pool {
        name: "厨房收纳",
        code: "KS",
        cores: &["置物架", "调料盒", "保鲜盒", "密封罐", "收纳盒", "沥水架"],
        attrs: &["免打孔", "多层", "食品级", "加厚", "可叠加", "透明", "伸缩", "带盖"],
        scenes: &["厨房", "台面", "冰箱", "橱柜", "家用", "宿舍"],
        lo: 9,
        hi: 159,
    },
    Pool {
        name: "床上用品",
        code: "BD",
        cores: &["四件套", "夏凉被", "枕头", "床笠", "凉席", "毛毯"],
        attrs: &["纯棉", "水洗棉", "加厚", "亲肤", "冰丝", "简约", "全棉", "可机洗"],
        scenes: &["宿舍", "卧室", "儿童", "酒店", "双人", "单人"],
        lo: 29,
        hi: 599,
    },
    Pool {
        name: "清洁用品",
        code: "CL",
        cores: &["拖把", "抹布", "垃圾袋", "马桶刷", "清洁剂", "湿巾"],
        attrs: &["加厚", "免手洗", "强力", "吸水", "除菌", "大号", "懒人", "旋转"],
        scenes: &["厨房", "卫生间", "家用", "客厅", "浴室", "宿舍"],
        lo: 9,
        hi: 159,
    },
    Pool {
        name: "餐具",
        code: "TW",
        cores: &["碗碟套装", "饭碗", "筷子", "汤勺", "餐盘", "面碗"],
        attrs: &["陶瓷", "釉下彩", "北欧风", "可微波", "防烫", "日式", "防滑", "耐高温"],
        scenes: &["家用", "乔迁", "礼盒装", "餐厅", "情侣", "儿童"],
        lo: 19,
        hi: 399,
    },
    Pool {
        name: "浴室用品",
        code: "BA",
        cores: &["浴巾", "毛巾", "地垫", "浴帘", "牙刷架", "肥皂盒"],
        attrs: &["纯棉", "吸水", "速干", "防滑", "免打孔", "加厚", "柔软", "不掉毛"],
        scenes: &["浴室", "卫生间", "家用", "酒店", "成人", "儿童"],
        lo: 9,
        hi: 199,
    },
    Pool {
        name: "衣物收纳",
        code: "WS",
        cores: &["收纳箱", "衣架", "真空压缩袋", "鞋盒", "挂袋", "内衣收纳盒"],
        attrs: &["折叠", "大号", "防潮", "透明", "可叠加", "加厚", "防尘", "带轮"],
        scenes: &["衣柜", "宿舍", "搬家", "家用", "床底", "卧室"],
        lo: 9,
        hi: 229,
    },
    Pool {
        name: "家居装饰",
        code: "DC",
        cores: &["香薰", "花瓶", "地毯", "挂画", "抱枕", "台灯"],
        attrs: &["北欧风", "ins风", "简约", "轻奢", "复古", "手工", "无火", "原木"],
        scenes: &["客厅", "卧室", "玄关", "书房", "乔迁", "送礼"],
        lo: 19,
        hi: 499,
    },
];

const BRANDS: [&str; 6] = ["安居优品", "木槿生活", "禾木家", "简屋", "悦家良品", "素舍"];
const FLAW_TERMS: [&str; 6] = [
    "最好用",
    "全网最低价",
    "第一品牌",
    "顶级",
    "加微信领券",
    "销量冠军",
];
const LONG_TAIL: [&str; 6] = ["2025新款", "爆款", "现货速发", "家用", "送礼", "新款"];
const TAGS: [&str; 8] = [
    "新品",
    "618主推",
    "双11主推",
    "爆款",
    "清仓",
    "礼品",
    "夏季上新",
    "开学季",
];

/// Title length in platform bytes: ASCII 1, everything else 2.
fn platform_bytes(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Appends `piece` when the title stays within `limit` bytes.
fn push_within(title: &mut String, piece: &str, limit: usize) {
    if platform_bytes(title) + platform_bytes(piece) <= limit {
        title.push_str(piece);
    }
}

/// Price in fen ending in .90 or .00, within the pool's range (its cheapest fifth for 引流款).
fn price_in(rng: &mut SplitMix, pool: &Pool, role: ProductRole) -> i64 {
    let mut span = pool.hi.saturating_sub(pool.lo).saturating_add(1);
    if role == ProductRole::Traffic {
        span = (span / 5).max(1);
    }
    let yuan = pool.lo.saturating_add(rng.below(span)) as i64;
    if rng.chance(65) {
        yuan * 100 - 10
    } else {
        yuan * 100
    }
}

/// `n` synthetic products for benchmarks and large-table tests: deterministic (same `n`, same
/// products), unique ids, 8 categories, and varied titles, prices, costs, stock, status, roles,
/// tags and keywords. About 6% of titles are over 60 bytes, 4% contain an absolute or off-site
/// term and 2% repeat their core word; about 3% of products sell below cost; drafts have no
/// 商品ID. Every product has its first revision (gen 1) stamped `now_ms`.
pub fn generated_products(n: usize, now_ms: i64) -> Vec<Product> {
    let mut rng = SplitMix(GENERATED_SEED);
    // Capacity is only a hint: cap it so an absurd `n` cannot abort on allocation up front.
    let mut out = Vec::with_capacity(n.min(100_000));
    for i in 0..n {
        let idx = i as u64;
        let pool = &POOLS[(rng.below(POOLS.len() as u64)) as usize % POOLS.len()];
        let core = rng.pick(pool.cores);
        let attr1 = rng.pick(pool.attrs);
        let attr2 = rng.pick(pool.attrs);
        let scene = rng.pick(pool.scenes);
        let scene2 = rng.pick(pool.scenes);
        let tail = rng.pick(&LONG_TAIL);
        let brand = rng.pick(&BRANDS);

        // Title: 品牌 + [营销词] + 属性 + 核心词 + 属性 + 场景 + 长尾, filled up to a target length.
        let flaw = rng.below(100);
        let limit = if flaw < 6 {
            usize::MAX
        } else {
            44 + rng.below(17) as usize
        };
        let mut title = String::with_capacity(96);
        title.push_str(brand);
        if (6..10).contains(&flaw) {
            title.push_str(rng.pick(&FLAW_TERMS));
        }
        title.push_str(attr1);
        title.push_str(core);
        if attr2 != attr1 {
            push_within(&mut title, attr2, limit);
        }
        push_within(&mut title, scene, limit);
        if scene2 != scene {
            push_within(&mut title, scene2, limit);
        }
        push_within(&mut title, tail, limit);
        if flaw < 6 {
            // over the limit on purpose: keep adding pool words until past 60 bytes
            for w in pool.attrs.iter().chain(pool.scenes.iter()) {
                if platform_bytes(&title) > 64 {
                    break;
                }
                if !title.contains(w) {
                    title.push_str(w);
                }
            }
        } else if (10..12).contains(&flaw) {
            push_within(&mut title, core, 60);
        } else {
            for w in pool.attrs {
                if platform_bytes(&title) + 4 > limit {
                    break;
                }
                if !title.contains(w) {
                    push_within(&mut title, w, limit);
                }
            }
        }

        let status = match rng.below(100) {
            0..=84 => ProductStatus::OnShelf,
            85..=94 => ProductStatus::OffShelf,
            _ => ProductStatus::Draft,
        };
        let role = match rng.below(100) {
            0..=7 => ProductRole::Traffic,
            8..=27 => ProductRole::Profit,
            28..=31 => ProductRole::Hero,
            _ => ProductRole::Regular,
        };
        let price = price_in(&mut rng, pool, role);
        let cost_pct = if rng.chance(3) {
            105 + rng.below(20) as i64
        } else {
            35 + rng.below(31) as i64
        };
        let cost = (price * cost_pct / 100) / 10 * 10;
        let stock = if status == ProductStatus::Draft || rng.chance(5) {
            0
        } else {
            rng.below(3001) as i64
        };

        let mut tags = Vec::new();
        if rng.chance(25) {
            tags.push(rng.pick(&TAGS).to_string());
        }
        let mut keywords = Vec::new();
        if rng.chance(85) {
            keywords.push(core.to_string());
            keywords.push(format!("{attr1}{core}"));
            if rng.chance(50) {
                keywords.push(format!("{scene}{core}"));
            }
        }

        // 12-digit item ids, unique by construction (stride coprime with 10^11).
        let item_id = if status == ProductStatus::Draft {
            String::new()
        } else {
            let lead = if i % 3 == 0 { '7' } else { '6' };
            let body = idx.wrapping_mul(104_729).wrapping_add(38_461_520_117) % 100_000_000_000;
            format!("{lead}{body:011}")
        };

        let mut p = Product {
            meta: Meta::new(format!("{GENERATED_ID_PREFIX}{i:012x}"), now_ms),
            sku: format!("GX-{}-{:05}", pool.code, i + 1),
            item_id,
            title,
            category: pool.name.to_string(),
            list_price: Fen(price),
            cost: Fen(cost),
            stock,
            status,
            role,
            tags,
            keywords,
            notes: String::new(),
            price_history: Vec::new(),
            ..Product::default()
        };
        p.bump(now_ms);
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const NOW: i64 = 1_750_000_000_000;

    /// Platform title bytes, computed independently of the module: ASCII 1, anything else 2.
    fn title_bytes(s: &str) -> usize {
        s.chars()
            .map(|c| if (c as u32) < 0x80 { 1 } else { 2 })
            .sum()
    }

    /// A subset of the absolute-term and off-site lists (domain reference §4.3).
    const FORBIDDEN: &[&str] = &[
        "最",
        "第一",
        "顶级",
        "顶尖",
        "全网",
        "唯一",
        "首选",
        "首发",
        "独家",
        "极致",
        "极品",
        "绝对",
        "100%",
        "百分百",
        "万能",
        "永久",
        "终身",
        "国家级",
        "世界级",
        "冠军",
        "领先",
        "一流",
        "至尊",
        "终极",
        "保证",
        "完全",
        "彻底",
        "王牌",
        "金牌",
        "特供",
        "专供",
        "史上",
        "加微信",
        "微信",
        "vx",
        "QQ",
        "二维码",
        "手机号",
        "NO.1",
        "TOP1",
    ];

    fn has_forbidden(title: &str) -> bool {
        let lower = title.to_lowercase();
        FORBIDDEN.iter().any(|w| lower.contains(&w.to_lowercase()))
    }

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    /// A two-character CJK word that occurs twice in the title (e.g. 保温杯…保温杯).
    fn has_repeated_word(title: &str) -> bool {
        let chars: Vec<char> = title.chars().collect();
        let mut seen = HashSet::new();
        chars
            .windows(2)
            .filter(|w| is_cjk(w[0]) && is_cjk(w[1]))
            .any(|w| !seen.insert((w[0], w[1])))
    }

    #[test]
    fn sample_has_four_categories_and_55_to_65_products() {
        let ws = sample_workspace(NOW);
        let cats: HashSet<&str> = ws.products.iter().map(|p| p.category.as_str()).collect();
        assert_eq!(cats.len(), 4, "{cats:?}");
        assert!(
            (55..=65).contains(&ws.products.len()),
            "{}",
            ws.products.len()
        );
        for c in &cats {
            let n = ws.products.iter().filter(|p| p.category == *c).count();
            assert!((12..=18).contains(&n), "{c}: {n}");
        }
    }

    #[test]
    fn sample_profile_is_a_tmall_store_with_5_percent_fee() {
        let ws = sample_workspace(NOW);
        assert_eq!(ws.profile.name, STORE_NAME);
        assert_eq!(ws.profile.platform, crate::model::Platform::Tmall);
        assert_eq!(ws.profile.fee_rate_bp, 500);
        assert_eq!(ws.profile.meta.rev.gen, 1);
        assert!(!ws.is_empty());
    }

    #[test]
    fn sample_ids_are_unique_uuid_formatted_and_fixed() {
        let ws = sample_workspace(NOW);
        let ids: HashSet<&str> = ws.products.iter().map(|p| p.id()).collect();
        assert_eq!(ids.len(), ws.products.len());
        for id in &ids {
            assert_eq!(id.len(), 36, "{id}");
            assert_eq!(id.matches('-').count(), 4, "{id}");
        }
        assert_eq!(ws.products[0].id(), "5a3e0000-0000-4000-8000-000000000001");
        let skus: HashSet<&str> = ws.products.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus.len(), ws.products.len());
    }

    #[test]
    fn sample_item_ids_are_12_digits_from_6_or_7_and_unique() {
        let ws = sample_workspace(NOW);
        let mut seen = HashSet::new();
        for p in &ws.products {
            if p.status == ProductStatus::Draft {
                assert!(p.item_id.is_empty(), "draft {} has an item id", p.title);
                continue;
            }
            assert_eq!(p.item_id.len(), 12, "{}", p.item_id);
            assert!(
                p.item_id.chars().all(|c| c.is_ascii_digit()),
                "{}",
                p.item_id
            );
            assert!(
                p.item_id.starts_with('6') || p.item_id.starts_with('7'),
                "{}",
                p.item_id
            );
            assert!(seen.insert(p.item_id.clone()), "duplicate {}", p.item_id);
        }
    }

    #[test]
    fn every_sample_record_has_rev_gen_1() {
        let ws = sample_workspace(NOW);
        for p in &ws.products {
            assert_eq!(p.meta.rev.gen, 1, "{}", p.id());
            assert!(p.meta.anc.is_empty());
            assert_eq!(p.meta.updated, NOW);
            assert!(!p.meta.deleted);
        }
    }

    #[test]
    fn sample_prices_and_costs_are_non_negative_and_end_in_90_or_00() {
        let ws = sample_workspace(NOW);
        for p in &ws.products {
            assert!(p.list_price.0 > 0, "{}", p.title);
            assert!(p.cost.0 >= 0, "{}", p.title);
            assert!(
                matches!(p.list_price.0 % 100, 0 | 90),
                "{}",
                p.list_price.to_plain()
            );
            assert!((0..=3000).contains(&p.stock), "{}", p.stock);
        }
    }

    #[test]
    fn sample_has_loss_makers_and_thin_margins_for_the_margin_flags() {
        let ws = sample_workspace(NOW);
        let loss = ws
            .products
            .iter()
            .filter(|p| p.cost >= p.list_price)
            .count();
        let thin = ws
            .products
            .iter()
            .filter(|p| p.cost < p.list_price && p.cost.0 * 100 >= p.list_price.0 * 90)
            .count();
        let normal = ws
            .products
            .iter()
            .filter(|p| {
                let pct = p.cost.0 * 100 / p.list_price.0.max(1);
                (35..=65).contains(&pct)
            })
            .count();
        assert!(loss >= 1, "{loss}");
        assert!(thin >= 1, "{thin}");
        assert_eq!(loss + thin + normal, ws.products.len());
    }

    #[test]
    fn sample_mixes_statuses_roles_and_zero_stock() {
        let ws = sample_workspace(NOW);
        let count_status = |s| ws.products.iter().filter(|p| p.status == s).count();
        let count_role = |r| ws.products.iter().filter(|p| p.role == r).count();
        assert!(count_status(ProductStatus::OnShelf) * 4 > ws.products.len() * 3);
        assert!(count_status(ProductStatus::OffShelf) >= 1);
        assert!((2..=3).contains(&count_status(ProductStatus::Draft)));
        assert!((2..=4).contains(&count_role(ProductRole::Hero)));
        assert!(count_role(ProductRole::Traffic) >= 3);
        assert!(count_role(ProductRole::Profit) >= 5);
        assert!(ws.products.iter().any(|p| p.stock == 0));
        assert!(ws.products.iter().any(|p| !p.tags.is_empty()));
    }

    #[test]
    fn sample_keywords_are_on_most_products_and_some_miss_the_title() {
        let ws = sample_workspace(NOW);
        let with = ws
            .products
            .iter()
            .filter(|p| !p.keywords.is_empty())
            .count();
        assert!(with * 10 >= ws.products.len() * 9, "{with}");
        let missing = ws
            .products
            .iter()
            .filter(|p| p.keywords.iter().any(|k| !p.title.contains(k.as_str())))
            .count();
        assert!((5..=15).contains(&missing), "{missing}");
    }

    #[test]
    fn at_least_5_sample_titles_exceed_60_bytes_or_contain_a_forbidden_term() {
        let ws = sample_workspace(NOW);
        let bad = ws
            .products
            .iter()
            .filter(|p| title_bytes(&p.title) > 60 || has_forbidden(&p.title))
            .count();
        assert!(bad >= 5, "{bad}");
    }

    #[test]
    fn sample_title_flaws_are_exactly_the_intended_ones() {
        let ws = sample_workspace(NOW);
        let titles: Vec<&str> = ws.products.iter().map(|p| p.title.as_str()).collect();
        let long = titles.iter().filter(|t| title_bytes(t) > 60).count();
        let forbidden = titles.iter().filter(|t| has_forbidden(t)).count();
        let repeated = titles.iter().filter(|t| has_repeated_word(t)).count();
        let flawed = titles
            .iter()
            .filter(|t| title_bytes(t) > 60 || has_forbidden(t) || has_repeated_word(t))
            .count();
        assert_eq!((long, forbidden, repeated), (3, 5, 2));
        assert_eq!(flawed, 10, "flaws overlap");
        for t in &titles {
            assert!(title_bytes(t) >= 40, "{t} is short: {}", title_bytes(t));
        }
        assert!(
            titles.iter().any(|t| title_bytes(t) == 60),
            "no title at the exact limit"
        );
    }

    #[test]
    fn sample_is_deterministic() {
        assert_eq!(sample_workspace(NOW), sample_workspace(NOW));
        // ids and content do not depend on the clock
        let (a, b) = (sample_workspace(1), sample_workspace(NOW));
        for (x, y) in a.products.iter().zip(&b.products) {
            assert_eq!(x.id(), y.id());
            assert!(x.same_content(y));
            assert_eq!(x.meta.rev, y.meta.rev);
        }
    }

    #[test]
    fn workspace_json_round_trip_equals_itself() {
        let ws = sample_workspace(NOW);
        let json = serde_json::to_string(&ws).expect("serialize");
        let back: Workspace = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, ws);
    }

    #[test]
    fn generated_2000_products_have_unique_ids_and_item_ids() {
        let ps = generated_products(2000, NOW);
        assert_eq!(ps.len(), 2000);
        let ids: HashSet<&str> = ps.iter().map(|p| p.id()).collect();
        assert_eq!(ids.len(), 2000);
        let sample = sample_workspace(NOW);
        assert!(sample.products.iter().all(|p| !ids.contains(p.id())));
        let item_ids: Vec<&str> = ps
            .iter()
            .map(|p| p.item_id.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let unique: HashSet<&str> = item_ids.iter().copied().collect();
        assert_eq!(unique.len(), item_ids.len());
        for id in &item_ids {
            assert_eq!(id.len(), 12, "{id}");
            assert!(id.starts_with('6') || id.starts_with('7'), "{id}");
        }
    }

    #[test]
    fn generated_products_are_deterministic_and_varied() {
        let a = generated_products(2000, NOW);
        assert_eq!(a, generated_products(2000, NOW));
        assert_eq!(generated_products(10, NOW)[..], a[..10]);
        assert!(generated_products(0, NOW).is_empty());

        let cats: HashSet<&str> = a.iter().map(|p| p.category.as_str()).collect();
        assert!(cats.len() >= 6, "{cats:?}");
        let titles: HashSet<&str> = a.iter().map(|p| p.title.as_str()).collect();
        assert!(titles.len() > 1500, "{}", titles.len());
        for s in ProductStatus::ALL {
            assert!(a.iter().any(|p| p.status == s), "{s:?}");
        }
        for r in ProductRole::ALL {
            assert!(a.iter().any(|p| p.role == r), "{r:?}");
        }
        let long = a.iter().filter(|p| title_bytes(&p.title) > 60).count();
        let bad = a.iter().filter(|p| has_forbidden(&p.title)).count();
        assert!((40..=250).contains(&long), "{long}");
        assert!((30..=200).contains(&bad), "{bad}");
        let in_range = a
            .iter()
            .filter(|p| (40..=60).contains(&title_bytes(&p.title)))
            .count();
        assert!(in_range * 10 >= a.len() * 8, "{in_range}");
        for p in &a {
            assert!(p.list_price.0 > 0 && p.cost.0 >= 0, "{}", p.title);
            assert!(matches!(p.list_price.0 % 100, 0 | 90));
            assert!((0..=3000).contains(&p.stock));
            assert_eq!(p.meta.rev.gen, 1);
        }
        assert!(a.iter().any(|p| p.cost > p.list_price));
    }
}
