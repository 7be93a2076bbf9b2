/** A source of uniform numbers in [0, 1): `Math.random` in production, `seededRandom` from @pulse/testing in tests. */
export type Rng = () => number;
