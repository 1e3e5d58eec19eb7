//! The shard file: a sorted table of terms and each term's postings.
//!
//! ```text
//! "WJS1"  varint shard  varint shard_count  varint doc_count  varint n
//! keys:   n × u64 LE, strictly ascending      (binary search, no decoding)
//! ends:   n × u32 LE, each record's end in the record area
//! records, one per term:
//!   varint body_df, byte kind,
//!     kind 0 (sparse): varint len, postings: varint (gap << 2 | tf code) [varint tf − 4]
//!     kind 1 (dense):  bitset ⌈doc_count/8⌉, tf codes 2 bits each ⌈df/4⌉, varint len, escapes
//!   varint title_df, varint len, sparse postings
//! ```
//!
//! A gap is the distance from the previous document + 1 (the first from 0), the tf code is
//! tf − 1 for tf 1–3, and 3 means "4 or more", with the rest as an escape varint. A term whose
//! body postings are smaller as a bitset (common characters) is stored dense.

use crate::varint::{self, Reader};
use crate::{FormatError, Term};

const MAGIC: &[u8; 4] = b"WJS1";

/// One term's postings: sorted (doc, tf) pairs.
pub type Postings = Vec<(u32, u32)>;

/// Appends one sparse posting (documents must come in ascending order).
pub(crate) fn put_sparse(out: &mut Vec<u8>, next_doc: u32, doc: u32, tf: u32) {
    let gap = u64::from(doc - next_doc);
    let code = u64::from(tf.clamp(1, 4) - 1);
    varint::put(out, gap << 2 | code);
    if code == 3 {
        varint::put(out, u64::from(tf - 4));
    }
}

pub(crate) fn read_sparse(bytes: &[u8], df: usize, docs: u32) -> Result<Postings, FormatError> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::with_capacity(df.min(bytes.len()));
    let mut next = 0u64;
    for _ in 0..df {
        let v = r.varint()?;
        let doc = next + (v >> 2);
        let tf = match v & 3 {
            3 => 4 + r.u32()?,
            code => code as u32 + 1,
        };
        if doc >= u64::from(docs) {
            return Err(FormatError::Invalid("document id out of range"));
        }
        out.push((doc as u32, tf));
        next = doc + 1;
    }
    if !r.is_empty() {
        return Err(FormatError::Invalid("postings longer than their count"));
    }
    Ok(out)
}

/// Writes a term's record (body postings, dense when smaller; title postings sparse).
pub(crate) fn put_record(out: &mut Vec<u8>, docs: u32, body: &Postings, title: &Postings) {
    let sparse = |p: &Postings| {
        let mut b = Vec::new();
        let mut next = 0;
        for &(doc, tf) in p {
            put_sparse(&mut b, next, doc, tf);
            next = doc + 1;
        }
        b
    };
    varint::put(out, body.len() as u64);
    let body_sparse = sparse(body);
    let bitset_len = docs.div_ceil(8) as usize;
    if body.len() * 8 > docs as usize && bitset_len + body.len().div_ceil(4) < body_sparse.len() {
        out.push(1);
        let mut bits = vec![0u8; bitset_len];
        let mut codes = vec![0u8; body.len().div_ceil(4)];
        let mut escapes = Vec::new();
        for (i, &(doc, tf)) in body.iter().enumerate() {
            bits[doc as usize / 8] |= 1 << (doc % 8);
            let code = tf.clamp(1, 4) - 1;
            codes[i / 4] |= (code as u8) << (2 * (i % 4));
            if code == 3 {
                varint::put(&mut escapes, u64::from(tf - 4));
            }
        }
        out.extend_from_slice(&bits);
        out.extend_from_slice(&codes);
        varint::put_bytes(out, &escapes);
    } else {
        out.push(0);
        varint::put_bytes(out, &body_sparse);
    }
    varint::put(out, title.len() as u64);
    varint::put_bytes(out, &sparse(title));
}

/// Writes a whole shard; `terms` sorted by term.
pub(crate) fn write(shard: u32, shards: u32, docs: u32, terms: &[(Term, Vec<u8>)]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for v in [shard, shards, docs, terms.len() as u32] {
        varint::put(&mut out, u64::from(v));
    }
    for (t, _) in terms {
        out.extend_from_slice(&t.0.to_le_bytes());
    }
    let mut end = 0u32;
    for (_, r) in terms {
        end += r.len() as u32;
        out.extend_from_slice(&end.to_le_bytes());
    }
    for (_, r) in terms {
        out.extend_from_slice(r);
    }
    out
}

/// A loaded shard: its bytes, checked once so that lookups only index within them.
#[derive(Debug, Clone)]
pub struct Shard {
    bytes: Vec<u8>,
    docs: u32,
    n: usize,
    keys: usize,
    ends: usize,
    records: usize,
}

/// A term's postings in both fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermPostings {
    pub body: Postings,
    pub title: Postings,
}

impl Shard {
    /// Checks the header and tables of shard `shard` of `shards` for an index of `docs`
    /// documents.
    pub fn parse(bytes: Vec<u8>, shard: u32, shards: u32, docs: u32) -> Result<Shard, FormatError> {
        let mut r = Reader::new(&bytes);
        r.magic(MAGIC)?;
        if (r.u32()?, r.u32()?, r.u32()?) != (shard, shards, docs) {
            return Err(FormatError::Invalid("shard belongs to another index"));
        }
        let n = r.count(12)?;
        let keys = r.pos();
        let ends = keys + 8 * n;
        let records = ends + 4 * n;
        let s = Shard {
            bytes,
            docs,
            n,
            keys,
            ends,
            records,
        };
        let mut prev_key = None;
        let mut prev_end = 0;
        for i in 0..n {
            let k = s.key(i);
            if prev_key.is_some_and(|p| p >= k) {
                return Err(FormatError::Invalid("shard keys out of order"));
            }
            prev_key = Some(k);
            let e = s.end(i);
            if e < prev_end || records + e > s.bytes.len() {
                return Err(FormatError::Invalid("shard record out of bounds"));
            }
            prev_end = e;
        }
        if records + prev_end != s.bytes.len() {
            return Err(FormatError::Invalid("trailing bytes"));
        }
        Ok(s)
    }

    fn key(&self, i: usize) -> u64 {
        let at = self.keys + 8 * i;
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.bytes[at..at + 8]);
        u64::from_le_bytes(b)
    }

    fn end(&self, i: usize) -> usize {
        let at = self.ends + 4 * i;
        let mut b = [0u8; 4];
        b.copy_from_slice(&self.bytes[at..at + 4]);
        u32::from_le_bytes(b) as usize
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The term's postings, `None` if the shard does not have it.
    pub fn get(&self, term: Term) -> Result<Option<TermPostings>, FormatError> {
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(&term.0) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let start = if mid == 0 { 0 } else { self.end(mid - 1) };
                    let record = &self.bytes[self.records + start..self.records + self.end(mid)];
                    return self.record(record).map(Some);
                }
            }
        }
        Ok(None)
    }

    fn record(&self, record: &[u8]) -> Result<TermPostings, FormatError> {
        let docs = self.docs;
        let mut r = Reader::new(record);
        // Not `count`: a dense record holds more postings than bytes (a bit each).
        let df = r.u32()? as usize;
        if df > docs as usize {
            return Err(FormatError::Invalid("more postings than documents"));
        }
        let body = match r.take(1)?[0] {
            0 => read_sparse(r.bytes()?, df, docs)?,
            1 => {
                let bits = r.take(docs.div_ceil(8) as usize)?;
                let codes = r.take(df.div_ceil(4))?;
                let mut escapes = Reader::new(r.bytes()?);
                let mut out = Vec::with_capacity(df);
                for doc in (0..docs).filter(|d| bits[*d as usize / 8] & (1 << (d % 8)) != 0) {
                    let i = out.len();
                    if i == df {
                        return Err(FormatError::Invalid("bitset larger than its count"));
                    }
                    let tf = match (codes[i / 4] >> (2 * (i % 4))) & 3 {
                        3 => 4 + escapes.u32()?,
                        code => u32::from(code) + 1,
                    };
                    out.push((doc, tf));
                }
                if out.len() != df {
                    return Err(FormatError::Invalid("bitset smaller than its count"));
                }
                out
            }
            _ => return Err(FormatError::Invalid("unknown postings kind")),
        };
        let title_df = r.count(0)?;
        if title_df > docs as usize {
            return Err(FormatError::Invalid("more postings than documents"));
        }
        let title = read_sparse(r.bytes()?, title_df, docs)?;
        if !r.is_empty() {
            return Err(FormatError::Invalid("trailing bytes in a record"));
        }
        Ok(TermPostings { body, title })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(docs: u32, body: &Postings, title: &Postings) -> Vec<u8> {
        let mut r = Vec::new();
        put_record(&mut r, docs, body, title);
        r
    }

    #[test]
    fn sparse_and_dense_records_round_trip() {
        let docs = 100;
        let sparse: Postings = vec![(0, 1), (7, 3), (8, 4), (99, 300)];
        let dense: Postings = (0..docs)
            .filter(|d| d % 3 != 0)
            .map(|d| (d, d % 7 + 1))
            .collect();
        let title: Postings = vec![(5, 1), (6, 2)];
        let terms = vec![
            (Term(3), record(docs, &sparse, &title)),
            (Term(9), record(docs, &dense, &vec![])),
        ];
        // The dense one really is stored as a bitset.
        assert_eq!(terms[1].1[1], 1);
        let shard = Shard::parse(write(2, 4, docs, &terms), 2, 4, docs).unwrap();
        let got = shard.get(Term(3)).unwrap().unwrap();
        assert_eq!((got.body, got.title), (sparse, title));
        assert_eq!(shard.get(Term(9)).unwrap().unwrap().body, dense);
        assert_eq!(shard.get(Term(4)).unwrap(), None);
    }

    #[test]
    fn a_dense_record_holds_more_postings_than_bytes() {
        // A character in 13 of 16 documents: 2 bytes of bits and 4 of codes.
        let docs = 16;
        let body: Postings = (0..13).map(|d| (d, 1)).collect();
        let terms = vec![(Term(1), record(docs, &body, &vec![]))];
        assert_eq!(terms[0].1[1], 1, "stored dense");
        let shard = Shard::parse(write(0, 1, docs, &terms), 0, 1, docs).unwrap();
        assert_eq!(shard.get(Term(1)).unwrap().unwrap().body, body);
    }

    #[test]
    fn a_shard_of_another_index_is_refused() {
        let bytes = write(1, 4, 10, &[]);
        assert!(Shard::parse(bytes.clone(), 1, 4, 10).is_ok());
        assert!(Shard::parse(bytes.clone(), 2, 4, 10).is_err());
        assert!(Shard::parse(bytes, 1, 4, 11).is_err());
    }
}
