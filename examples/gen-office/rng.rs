//! A small seeded random source (splitmix64): the same seed gives the same office on
//! every machine. Each unit draws from its own stream, so units can be built in
//! parallel and in any order.

#[derive(Debug, Clone)]
pub struct Rng(u64);

/// splitmix64's finaliser: a well-mixed 64-bit value from any input.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream `(a, b)` of the office seeded with `seed`.
    pub fn stream(seed: u64, a: u64, b: u64) -> Rng {
        Rng(mix(mix(seed ^ 0x5EED_0FF1_CE00_0000)
            .wrapping_add(mix(a.wrapping_add(1)))
            ^ mix(b
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(7))))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// lo..=hi.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A value in `a` (lo..=hi) with probability `p`, else one in `b`.
    pub fn either(&mut self, p: f64, a: (i64, i64), b: (i64, i64)) -> i64 {
        let (lo, hi) = if self.chance(p) { a } else { b };
        self.range(lo, hi)
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// An index chosen with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut r = self.below(total.max(1));
        for (i, w) in weights.iter().enumerate() {
            if r < u64::from(*w) {
                return i;
            }
            r -= u64::from(*w);
        }
        weights.len() - 1
    }

    /// Days to the next event of a process happening `per_year` times a year.
    pub fn exp_days(&mut self, per_year: f64) -> f64 {
        let u = self.unit().max(1e-12);
        -u.ln() * 365.0 / per_year
    }
}
