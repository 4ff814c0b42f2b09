//! Record identity and revisions, modelled on CouchDB: a revision is `generation-hash`, where the
//! hash covers the parent revision and the content, so the same edit made from the same parent on
//! two machines yields the same revision. Each record keeps a bounded list of ancestor revisions;
//! merges use it to tell "newer", "older" and "changed on both sides" apart.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How many ancestor revisions a record remembers. Older history is forgotten; a merge that can
/// no longer see a common ancestor reports a conflict instead of guessing (never drops data).
pub const MAX_ANCESTORS: usize = 12;

/// A revision: generation counter plus a 32-bit content hash. Serialized as `"3-9f2a01bc"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Rev {
    pub gen: u32,
    pub hash: u32,
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:08x}", self.gen, self.hash)
    }
}

impl Rev {
    pub fn parse(s: &str) -> Option<Rev> {
        let (g, h) = s.split_once('-')?;
        if h.len() != 8 {
            return None;
        }
        Some(Rev {
            gen: g.parse().ok()?,
            hash: u32::from_str_radix(h, 16).ok()?,
        })
    }
}

impl Serialize for Rev {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rev::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("invalid revision {s:?}")))
    }
}

/// Identity and history of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Meta {
    /// A uuid (v4) given when the record is created; never changes.
    pub id: String,
    pub rev: Rev,
    /// Ancestor revisions, newest first, at most [`MAX_ANCESTORS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anc: Vec<Rev>,
    /// Last change, milliseconds since the Unix epoch (UTC).
    pub updated: i64,
    /// Tombstone: the record was deleted. Kept so deletions travel through plan files.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Meta {
    pub fn new(id: String, now_ms: i64) -> Meta {
        Meta {
            id,
            rev: Rev::default(),
            anc: Vec::new(),
            updated: now_ms,
            deleted: false,
        }
    }

    /// True when `other` is this revision or one of its remembered ancestors.
    pub fn knows(&self, other: Rev) -> bool {
        self.rev == other || self.anc.contains(&other)
    }
}

/// 32-bit FNV-1a. Small, fast, stable across platforms; collisions only matter together with the
/// generation number, and a collision at worst makes two different edits look identical.
pub fn fnv32(parts: &[&[u8]]) -> u32 {
    let mut h = FNV32_OFFSET;
    for p in parts {
        h = fnv32_more(h, p);
        // separator so ["ab","c"] and ["a","bc"] differ
        h = fnv32_more(h, &[0xff]);
    }
    h
}

/// FNV-1a's 32-bit starting value.
pub const FNV32_OFFSET: u32 = 0x811c_9dc5;

/// FNV-1a (32 bits) continued from `h` over `bytes`: `fnv32_more(FNV32_OFFSET, b)` is the plain
/// hash of `b` (the one place the app hashes; [`fnv32`] adds part separators).
pub fn fnv32_more(mut h: u32, bytes: &[u8]) -> u32 {
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A stored or shared record with identity and revisions.
pub trait Record: Clone + PartialEq + Serialize + serde::de::DeserializeOwned {
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;

    fn id(&self) -> &str {
        &self.meta().id
    }

    /// Canonical bytes of the content (everything but the revision bookkeeping). Two records with
    /// equal content bytes are the same edit.
    fn content_bytes(&self) -> Vec<u8> {
        let mut c = self.clone();
        let m = c.meta_mut();
        let keep_deleted = m.deleted;
        let id = std::mem::take(&mut m.id);
        *m = Meta {
            id,
            deleted: keep_deleted,
            ..Meta::default()
        };
        serde_json::to_vec(&c).unwrap_or_default()
    }

    fn same_content(&self, other: &Self) -> bool {
        self.content_bytes() == other.content_bytes()
    }

    /// Record a new revision after the content was changed in place (edit or delete).
    fn bump(&mut self, now_ms: i64) {
        let content = self.content_bytes();
        let parent = self.meta().rev;
        let parent_s = parent.to_string();
        let m = self.meta_mut();
        let hash = fnv32(&[parent_s.as_bytes(), &content]);
        if parent != Rev::default() {
            m.anc.insert(0, parent);
            m.anc.truncate(MAX_ANCESTORS);
        }
        m.rev = Rev {
            gen: parent.gen.saturating_add(1),
            hash,
        };
        m.updated = now_ms;
    }

    /// Mark deleted (tombstone) with a new revision.
    fn tombstone(&mut self, now_ms: i64) {
        self.meta_mut().deleted = true;
        self.bump(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rev_round_trips_through_its_text_form() {
        let r = Rev {
            gen: 12,
            hash: 0x00ab_cdef,
        };
        assert_eq!(r.to_string(), "12-00abcdef");
        assert_eq!(Rev::parse("12-00abcdef"), Some(r));
        assert_eq!(Rev::parse("12-abc"), None);
        assert_eq!(Rev::parse("x-00abcdef"), None);
        assert_eq!(Rev::parse(""), None);
    }

    #[test]
    fn fnv_separates_parts() {
        assert_ne!(fnv32(&[b"ab", b"c"]), fnv32(&[b"a", b"bc"]));
    }
}
