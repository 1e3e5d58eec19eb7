//! LEB128 varints and a bounds-checked reader: every format in this crate is read through
//! [`Reader`], so corrupt bytes become a [`FormatError`], never a panic or an endless loop.

use crate::FormatError;

/// Appends `v` as an unsigned LEB128 varint (7 bits a byte, low bits first).
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-prefixed byte string.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A cursor over bytes whose every read is checked.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.pos).ok_or(FormatError::Truncated)?;
            self.pos += 1;
            // The tenth byte may carry only the top bit of a u64.
            if shift == 63 && b > 1 {
                return Err(FormatError::Invalid("varint overflows 64 bits"));
            }
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(FormatError::Invalid("varint longer than 10 bytes"))
    }

    /// A varint that must fit a u32 (counts, ids, lengths).
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        u32::try_from(self.varint()?).map_err(|_| FormatError::Invalid("value exceeds u32"))
    }

    /// A count of items that each take at least `min_bytes`: rejected at once if the rest of the
    /// input could not hold them, so corrupt counts never drive a huge allocation.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, FormatError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_bytes.max(1)) > self.bytes.len() - self.pos.min(self.bytes.len()) {
            return Err(FormatError::Truncated);
        }
        Ok(n)
    }

    pub fn take(&mut self, len: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(len).ok_or(FormatError::Truncated)?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(FormatError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], FormatError> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        std::str::from_utf8(self.bytes()?).map_err(|_| FormatError::Invalid("not UTF-8"))
    }

    pub fn magic(&mut self, magic: &[u8; 4]) -> Result<(), FormatError> {
        if self.take(4)? == magic {
            Ok(())
        } else {
            Err(FormatError::BadMagic)
        }
    }
}

/// FNV-1a, 64 bits: content hashes for file names and the fold's identity (not for security:
/// a collision only defeats a cache).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Twelve hex digits of a content hash, as file names carry it.
pub fn hash12(bytes: &[u8]) -> String {
    format!("{:012x}", fnv64(bytes) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_overlong_ones_are_rejected() {
        let values = [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX];
        let mut out = Vec::new();
        for v in values {
            put(&mut out, v);
        }
        let mut r = Reader::new(&out);
        for v in values {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert!(r.is_empty());
        assert_eq!(
            Reader::new(&[0x80, 0x80]).varint(),
            Err(FormatError::Truncated)
        );
        assert!(Reader::new(&[0xFF; 11]).varint().is_err());
        assert!(
            Reader::new(&[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])
                .varint()
                .is_err()
        );
    }

    #[test]
    fn counts_beyond_the_input_are_refused_before_allocating() {
        let mut out = Vec::new();
        put(&mut out, 1_000_000);
        assert_eq!(Reader::new(&out).count(1), Err(FormatError::Truncated));
    }
}
