//! A small seeded generator for the crate's synthetic data.
//!
//! SplitMix64 (Steele, Lea & Flood, 2014): the same seed gives the same sequence on every
//! platform and in every version of this crate, which is what a deterministic synthetic
//! dataset needs and what general-purpose generators do not promise across versions.

/// A SplitMix64 generator.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (`bound > 0`), by Lemire's multiply-shift; the bias is below
    /// 2⁻³² for the bounds used here.
    pub(crate) fn below(&mut self, bound: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(bound)) >> 32) as u32
    }

    /// A value in `lo..=hi`.
    pub(crate) fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi - lo + 1)
    }

    /// `true` with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn between_reaches_both_ends_and_nothing_outside() {
        let mut rng = SplitMix64::new(11);
        let mut seen = [0u32; 3];
        for _ in 0..3_000 {
            let v = rng.between(1, 3);
            assert!((1..=3).contains(&v), "{v}");
            seen[(v - 1) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 800), "{seen:?}");
        assert_eq!(rng.between(5, 5), 5);
    }

    #[test]
    fn known_sequence() {
        // Reference values of SplitMix64 seeded with 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn bounded_values_stay_in_range() {
        let mut r = SplitMix64::new(7);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let v = r.below(10);
            assert!(v < 10);
            seen[v as usize] = true;
            let w = r.between(3, 5);
            assert!((3..=5).contains(&w));
        }
        assert!(seen.iter().all(|&s| s));
        assert!(!r.chance(0.0));
        assert!(r.chance(1.0));
        let heads = (0..1000).filter(|_| r.chance(0.5)).count();
        assert!((400..600).contains(&heads), "{heads}");
        let rare = (0..1000).filter(|_| r.chance(0.05)).count();
        assert!((10..100).contains(&rare), "{rare}");
    }
}
