//! Record IDs as propdesk allocates them (`T-20261123-JZ9XGK`: kind, office-local date,
//! six Crockford base32 characters), but unique by construction: the 30 random bits
//! are a keyed bijection of (stream, counter), where each unit builds from its own
//! stream and counts its own IDs per kind and day. Two units never collide, whatever
//! order they are built in, and another seed gives other IDs.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use propdesk::model::ids::IdKind;

use super::rng::mix;

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BITS: u32 = 30;
const MASK: u64 = (1 << BITS) - 1;

pub struct Ids {
    seed: u64,
    stream: u64,
    counter_bits: u32,
    counters: HashMap<(u8, NaiveDate), u64>,
}

fn kind_code(kind: IdKind) -> u8 {
    match kind {
        IdKind::Party => 1,
        IdKind::MoveIn => 2,
        IdKind::Ticket => 3,
        IdKind::Permit => 4,
        IdKind::MoveOut => 5,
    }
}

impl Ids {
    /// The IDs of `stream`, one of `streams`.
    pub fn new(seed: u64, stream: u64, streams: u64) -> Ids {
        let stream_bits = 64 - streams.max(2).saturating_sub(1).leading_zeros();
        assert!(stream_bits + 4 <= BITS, "too many units for the IDs");
        Ids {
            seed,
            stream,
            counter_bits: BITS - stream_bits,
            counters: HashMap::new(),
        }
    }

    pub fn next(&mut self, kind: IdKind, date: NaiveDate) -> String {
        let k = kind_code(kind);
        let c = self.counters.entry((k, date)).or_insert(0);
        let n = *c;
        *c += 1;
        assert!(
            n < (1 << self.counter_bits),
            "too many IDs of a kind in a day"
        );
        let value = (self.stream << self.counter_bits) | n;
        let key = mix(self.seed ^ mix(u64::from(k) << 40 | date.num_days_from_ce() as u64));
        let mut bits = scramble(value, key);
        let mut random = String::with_capacity(6);
        for _ in 0..6 {
            random.push(char::from(CROCKFORD[(bits & 31) as usize]));
            bits >>= 5;
        }
        format!("{}-{}-{random}", kind.prefix(), date.format("%Y%m%d"))
    }
}

/// A bijection of the 30-bit values, chosen by `key`.
fn scramble(v: u64, key: u64) -> u64 {
    let mut x = (v ^ key) & MASK;
    x = x.wrapping_mul(0x2545_F491) & MASK;
    x ^= x >> 15;
    x = x.wrapping_mul(0x1B87_3593) & MASK;
    x ^= x >> 13;
    x = x.wrapping_mul(0x0CC9_E2D5) & MASK;
    (x + (key >> 34)) & MASK
}

#[cfg(test)]
mod tests {
    #[test]
    fn scramble_is_a_bijection() {
        let mut seen = std::collections::HashSet::new();
        for v in 0..(1u64 << 16) {
            assert!(seen.insert(super::scramble(v, 12345)));
        }
    }
}
