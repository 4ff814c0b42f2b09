//! The daily records of an [`ImportBatch`] as compact bytes, for the trip from the import worker
//! to the page: a 100,000-row file is about 3 MB this way (sent as a transferred `ArrayBuffer`,
//! so not even copied) against 19 million characters of JSON that the page had to parse.
//! Everything else in the batch (counts, warnings, items) is small and still goes as JSON.
//!
//! Layout: `SOPD`, a version byte, the three record counts, then the records in order; numbers
//! are LEB128 varints (signed ones zigzagged), texts a varint length and their UTF-8 bytes.

use super::ImportBatch;
use crate::model::metrics::{AdChannel, AdDay, ProductDay, StoreDay};
use crate::model::Fen;

const MAGIC: &[u8; 4] = b"SOPD";
const VERSION: u8 = 1;

/// Splits a batch into its records as bytes and the rest (with no records).
pub fn split(mut batch: ImportBatch) -> (ImportBatch, Vec<u8>) {
    let bytes = encode(&batch);
    batch.store_days = Vec::new();
    batch.product_days = Vec::new();
    batch.ad_days = Vec::new();
    (batch, bytes)
}

/// Puts the records of [`split`] back; `None` if the bytes are not such records.
pub fn join(mut batch: ImportBatch, bytes: &[u8]) -> Option<ImportBatch> {
    let (store, products, ads) = decode(bytes)?;
    batch.store_days = store;
    batch.product_days = products;
    batch.ad_days = ads;
    Some(batch)
}

struct Writer(Vec<u8>);

impl Writer {
    fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn i(&mut self, v: i64) {
        self.u(((v << 1) ^ (v >> 63)) as u64);
    }
    fn len(&mut self, n: usize) {
        self.u(n as u64);
    }
    fn text(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn u(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn i(&mut self) -> Option<i64> {
        let u = self.u()?;
        Some(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    fn day(&mut self) -> Option<i32> {
        i32::try_from(self.i()?).ok()
    }
    fn fen(&mut self) -> Option<Fen> {
        Some(Fen(self.i()?))
    }
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u()?).ok()
    }
    fn text(&mut self) -> Option<String> {
        let n = self.len()?;
        let end = self.pos.checked_add(n)?;
        let s = std::str::from_utf8(self.bytes.get(self.pos..end)?).ok()?;
        self.pos = end;
        Some(s.to_string())
    }
}

fn encode(batch: &ImportBatch) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(
        16 + batch.store_days.len() * 40 + batch.product_days.len() * 32 + batch.ad_days.len() * 64,
    ));
    w.0.extend_from_slice(MAGIC);
    w.0.push(VERSION);
    w.len(batch.store_days.len());
    w.len(batch.product_days.len());
    w.len(batch.ad_days.len());
    for records in batch.store_days.chunks(RECORDS_PER_CALL) {
        chunk_put(&mut w, records);
    }
    for records in batch.product_days.chunks(RECORDS_PER_CALL) {
        chunk_put(&mut w, records);
    }
    for records in batch.ad_days.chunks(RECORDS_PER_CALL) {
        chunk_put(&mut w, records);
    }
    w.0
}

/// Records per call of [`chunk_put`] and [`chunk_get`] (see `decode::CHUNK`).
const RECORDS_PER_CALL: usize = 512;

/// A record that goes as bytes.
trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

#[inline(never)]
fn chunk_put<T: Wire>(w: &mut Writer, records: &[T]) {
    for r in records {
        r.put(w);
    }
}

/// Reads `n` records into `out`.
#[inline(never)]
fn chunk_get<T: Wire>(r: &mut Reader<'_>, n: usize, out: &mut Vec<T>) -> Option<()> {
    for _ in 0..n {
        out.push(T::get(r)?);
    }
    Some(())
}

/// Reads `n` records, a chunk per call.
fn get_all<T: Wire>(r: &mut Reader<'_>, n: usize) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(n);
    let mut left = n;
    while left > 0 {
        let k = left.min(RECORDS_PER_CALL);
        chunk_get(r, k, &mut out)?;
        left -= k;
    }
    Some(out)
}

impl Wire for StoreDay {
    fn put(&self, w: &mut Writer) {
        // Destructured: a new field is a compile error here until it is sent too.
        let StoreDay {
            day,
            visitors,
            page_views,
            cart_buyers,
            order_buyers,
            order_amount,
            paying_buyers,
            paid_units,
            paid_amount,
            refund_amount,
            spend_search,
            spend_display,
            spend_affiliate,
            spend_other,
        } = self;
        w.i(i64::from(*day));
        for v in [visitors, page_views, cart_buyers, order_buyers] {
            w.u(*v);
        }
        w.i(order_amount.0);
        w.u(*paying_buyers);
        w.u(*paid_units);
        for f in [
            paid_amount,
            refund_amount,
            spend_search,
            spend_display,
            spend_affiliate,
            spend_other,
        ] {
            w.i(f.0);
        }
    }

    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(StoreDay {
            day: r.day()?,
            visitors: r.u()?,
            page_views: r.u()?,
            cart_buyers: r.u()?,
            order_buyers: r.u()?,
            order_amount: r.fen()?,
            paying_buyers: r.u()?,
            paid_units: r.u()?,
            paid_amount: r.fen()?,
            refund_amount: r.fen()?,
            spend_search: r.fen()?,
            spend_display: r.fen()?,
            spend_affiliate: r.fen()?,
            spend_other: r.fen()?,
        })
    }
}

impl Wire for ProductDay {
    fn put(&self, w: &mut Writer) {
        let ProductDay {
            day,
            item_id,
            visitors,
            page_views,
            cart_buyers,
            cart_units,
            order_buyers,
            paying_buyers,
            paid_units,
            paid_amount,
            refund_amount,
        } = self;
        w.i(i64::from(*day));
        w.text(item_id);
        for v in [
            visitors,
            page_views,
            cart_buyers,
            cart_units,
            order_buyers,
            paying_buyers,
            paid_units,
        ] {
            w.u(*v);
        }
        w.i(paid_amount.0);
        w.i(refund_amount.0);
    }

    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(ProductDay {
            day: r.day()?,
            item_id: r.text()?,
            visitors: r.u()?,
            page_views: r.u()?,
            cart_buyers: r.u()?,
            cart_units: r.u()?,
            order_buyers: r.u()?,
            paying_buyers: r.u()?,
            paid_units: r.u()?,
            paid_amount: r.fen()?,
            refund_amount: r.fen()?,
        })
    }
}

impl Wire for AdDay {
    fn put(&self, w: &mut Writer) {
        let AdDay {
            day,
            channel,
            plan_id,
            plan_name,
            item_id,
            impressions,
            clicks,
            spend,
            direct_amount,
            total_amount,
            total_orders,
            carts,
        } = self;
        w.i(i64::from(*day));
        w.u(channel.code());
        w.text(plan_id);
        w.text(plan_name);
        w.text(item_id);
        w.u(*impressions);
        w.u(*clicks);
        w.i(spend.0);
        w.i(direct_amount.0);
        w.i(total_amount.0);
        w.u(*total_orders);
        w.u(*carts);
    }

    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(AdDay {
            day: r.day()?,
            channel: AdChannel::from_code(r.u()?)?,
            plan_id: r.text()?,
            plan_name: r.text()?,
            item_id: r.text()?,
            impressions: r.u()?,
            clicks: r.u()?,
            spend: r.fen()?,
            direct_amount: r.fen()?,
            total_amount: r.fen()?,
            total_orders: r.u()?,
            carts: r.u()?,
        })
    }
}

type Records = (Vec<StoreDay>, Vec<ProductDay>, Vec<AdDay>);

fn decode(bytes: &[u8]) -> Option<Records> {
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (&version, body) = body.split_first()?;
    if version != VERSION {
        return None;
    }
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let (ns, np, na) = (r.len()?, r.len()?, r.len()?);
    // Every record takes at least 10 bytes: counts beyond that are not these bytes.
    if ns.checked_add(np)?.checked_add(na)? > body.len() / 10 + 1 {
        return None;
    }
    let store = get_all(&mut r, ns)?;
    let products = get_all(&mut r, np)?;
    let ads = get_all(&mut r, na)?;
    (r.pos == body.len()).then_some((store, products, ads))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::import::FileKind;

    fn batch() -> ImportBatch {
        let mut b = ImportBatch::new(FileKind::SycmStore);
        b.store_days.push(StoreDay {
            day: 19_723,
            visitors: u64::MAX,
            order_amount: Fen(i64::MIN),
            spend_other: Fen(i64::MAX),
            refund_amount: Fen(-1),
            ..StoreDay::default()
        });
        b.product_days.push(ProductDay {
            day: -5,
            item_id: "612345678901".into(),
            visitors: 3,
            paid_amount: Fen(129_900),
            ..ProductDay::default()
        });
        for channel in [
            AdChannel::Search,
            AdChannel::Display,
            AdChannel::Site,
            AdChannel::Affiliate,
            AdChannel::Other,
        ] {
            b.ad_days.push(AdDay {
                day: i32::MAX,
                channel,
                plan_id: "plan-7".into(),
                plan_name: "关键词推广 · 毛衣".into(),
                item_id: String::new(),
                clicks: 128,
                spend: Fen(12_345),
                ..AdDay::default()
            });
        }
        b.data_rows = 7;
        b.items.push(("612345678901".into(), "毛衣".into()));
        b
    }

    #[test]
    fn records_round_trip() {
        let b = batch();
        let (rest, bytes) = split(b.clone());
        assert!(rest.is_empty());
        assert_eq!(rest.data_rows, 7);
        assert_eq!(join(rest, &bytes), Some(b));
    }

    #[test]
    fn other_bytes_are_refused() {
        let (rest, bytes) = split(batch());
        for cut in 0..bytes.len() {
            assert_eq!(join(rest.clone(), bytes.get(..cut).unwrap_or(&[])), None);
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(join(rest.clone(), &longer), None);
        assert_eq!(join(rest.clone(), b"SOPD\x02\x00\x00\x00"), None);
        assert_eq!(join(rest, b"SOPD\x01\xff\xff\xff\xff\x0f\x00\x00"), None);
    }
}
