/** A source of uniform numbers in [0, 1); `Math.random` in production, seeded in tests. */
export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG, plenty for sampling and reproducible in tests. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
