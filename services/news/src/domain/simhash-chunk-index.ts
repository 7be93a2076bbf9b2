/**
 * Exact "nearest fingerprint within D bits" for large windows, by multi-index hashing: the 64 bits
 * are four 16-bit chunks, and two fingerprints within D bits agree within floor(D/4) bits on at
 * least one chunk (pigeonhole). So a query looks up, per chunk, every 16-bit value within that
 * radius (697 values at radius 3, i.e. D = 12..15) in a table of chunk value -> members, and
 * measures only those. With 50,000 fingerprints that is a few thousand reads instead of 50,000
 * distances; below a few thousand members the plain scan is faster (StoryClusterer decides).
 */

/** Largest chunk radius worth enumerating (C(16,0..3) = 697 lookups per chunk). */
export const MAX_CHUNK_RADIUS = 3;

const masksByRadius = new Map<number, Uint16Array>();

/** Every 16-bit mask with at most `radius` bits set. */
function masksWithin(radius: number): Uint16Array {
  let masks = masksByRadius.get(radius);
  if (!masks) {
    const list: number[] = [];
    for (let m = 0; m < 0x10000; m++) if (bitCount(m) <= radius) list.push(m);
    masks = Uint16Array.from(list);
    masksByRadius.set(radius, masks);
  }
  return masks;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export class SimhashChunkIndex {
  /** Per chunk: the newest member with that chunk value (-1: none); `next` chains to older ones. */
  private readonly heads = Array.from({ length: 4 }, () => new Int32Array(0x10000).fill(-1));
  private next = Array.from({ length: 4 }, () => new Int32Array(1024));
  private readonly masks: Uint16Array;

  /** `maxDistance` must be at most 4 * MAX_CHUNK_RADIUS + 3. */
  constructor(private readonly maxDistance: number) {
    this.masks = masksWithin(Math.floor(maxDistance / 4));
  }

  /** Adds member `index` (members are numbered 0, 1, 2, ... in order). */
  add(index: number, hi: number, lo: number): void {
    if (index >= this.next[0]!.length) {
      this.next = this.next.map((old) => {
        const grown = new Int32Array(old.length * 2);
        grown.set(old);
        return grown;
      });
    }
    const chunks = chunksOf(hi, lo);
    for (let c = 0; c < 4; c++) {
      this.next[c]![index] = this.heads[c]![chunks[c]!]!;
      this.heads[c]![chunks[c]!] = index;
    }
  }

  /**
   * The member nearest to (hi, lo) within maxDistance, the lowest index among equals, as the
   * linear scan would pick it; -1 when none. `his`/`los` hold every member's halves.
   */
  nearest(hi: number, lo: number, his: Uint32Array, los: Uint32Array): { index: number; distance: number } {
    let best = -1;
    let bestDistance = this.maxDistance + 1;
    const chunks = chunksOf(hi, lo);
    const masks = this.masks;
    for (let c = 0; c < 4; c++) {
      const heads = this.heads[c]!;
      const next = this.next[c]!;
      const chunk = chunks[c]!;
      for (let m = 0; m < masks.length; m++) {
        for (let i = heads[chunk ^ masks[m]!]!; i >= 0; i = next[i]!) {
          const distance = bitCount((his[i]! ^ hi) >>> 0) + bitCount((los[i]! ^ lo) >>> 0);
          if (distance < bestDistance || (distance === bestDistance && i < best)) {
            best = i;
            bestDistance = distance;
          }
        }
      }
    }
    return { index: best, distance: bestDistance };
  }
}

function chunksOf(hi: number, lo: number): [number, number, number, number] {
  return [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff];
}
