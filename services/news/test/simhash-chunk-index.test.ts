import { popcount32 } from '../src/domain/simhash';
import { StoryClusterer } from '../src/domain/story-clusterer';

/** A deterministic 32-bit generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
}

const hex = (hi: number, lo: number) => `${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;

describe('StoryClusterer past the chunk-index threshold', () => {
  // 12 is the default; the others give the index other per-chunk radii (3: two chunks not looked up).
  it.each([12, 3, 7, 10, 14, 19])('assigns exactly as the plain nearest-neighbour scan would (nearest within %i bits, earliest among equals)', (maxDistance) => {
    const next = generator(20_261_123);
    const fingerprints: string[] = [];
    for (let i = 0; i < 2_400; i++) {
      if (i > 0 && next() % 3 === 0) {
        // A rewrite of an earlier story: 0..maxDistance + 4 bits flipped, so some land just inside or outside.
        const base = fingerprints[next() % fingerprints.length]!;
        let hi = parseInt(base.slice(0, 8), 16);
        let lo = parseInt(base.slice(8), 16);
        const flips = next() % (maxDistance + 5);
        for (let f = 0; f < flips; f++) {
          const bit = next() % 64;
          if (bit < 32) hi = (hi ^ (1 << bit)) >>> 0;
          else lo = (lo ^ (1 << (bit - 32))) >>> 0;
        }
        fingerprints.push(hex(hi, lo));
      } else {
        fingerprints.push(hex(next(), next()));
      }
    }
    const his = fingerprints.map((f) => parseInt(f.slice(0, 8), 16));
    const los = fingerprints.map((f) => parseInt(f.slice(8), 16));
    const clusterer = new StoryClusterer([], { maxDistance });
    const clusterOf: string[] = [];
    const mismatches: Array<{ i: number; got: string; expected: string }> = [];
    let joined = 0;
    fingerprints.forEach((fingerprint, i) => {
      // The reference: every earlier article, nearest first, earliest among equals.
      let best = -1;
      let bestDistance = maxDistance + 1;
      for (let j = 0; j < i; j++) {
        const distance = popcount32((his[j]! ^ his[i]!) >>> 0) + popcount32((los[j]! ^ los[i]!) >>> 0);
        if (distance < bestDistance) { best = j; bestDistance = distance; }
      }
      const expected = best >= 0 ? clusterOf[best]! : `a${i}`;
      if (best >= 0) joined++;
      const got = clusterer.assign(`a${i}`, fingerprint).clusterId;
      if (got !== expected) mismatches.push({ i, got, expected });
      clusterOf.push(got);
    });
    expect(mismatches).toEqual([]);
    expect(joined).toBeGreaterThan(300);
  });
});
