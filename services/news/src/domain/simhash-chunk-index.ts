/**
 * Exact "nearest fingerprint within D bits" for large windows, by multi-index hashing: the 64 bits
 * are five chunks (13, 13, 13, 13 and 12 bits). If two fingerprints differed in more than r_i bits
 * on every chunk i, they would differ in at least sum(r_i + 1) bits; so with radii whose
 * sum(r_i + 1) is D + 1, two fingerprints within D bits agree within r_i bits on at least one chunk
 * (the pigeonhole principle, per chunk). A query looks up, per chunk, every chunk value within r_i
 * bits in a table of chunk value -> members, and measures only those. At D = 12 the radii are
 * 2, 2, 2, 1, 1: 3 x 92 + 14 + 13 = 303 buckets per query, where radius 2 everywhere (floor(D/5))
 * read 460. With 50,000 fingerprints that is a few thousand distances instead of 50,000; below a
 * few hundred members the plain scan is as fast (StoryClusterer decides).
 *
 * Memory layout is what makes it fast: a bucket keeps its members' fingerprints inline (index, hi,
 * lo in blocks of eight), so a query reads a few hundred buckets at random and each one straight
 * through. Four 16-bit chunks at radius 3 need ~2,800 random reads into 1 MiB of tables, plus one
 * per candidate when members are chained through per-index arrays (the first version, about 1.5x
 * the time per query at 45,000 members).
 */

const CHUNKS: ReadonlyArray<{ start: number; width: number }> = [
  { start: 0, width: 13 }, { start: 13, width: 13 }, { start: 26, width: 13 }, { start: 39, width: 13 }, { start: 52, width: 12 },
];

/** Largest chunk radius worth enumerating (C(13,0..3) = 378 lookups per chunk). */
const MAX_CHUNK_RADIUS = 3;
/** Largest maxDistance the index serves: every chunk at MAX_CHUNK_RADIUS covers D + 1 = 5 x 4. */
export const MAX_INDEXED_DISTANCE = CHUNKS.length * (MAX_CHUNK_RADIUS + 1) - 1;

/**
 * Per-chunk radii for maxDistance D: floor(D / 5) each, then one less on as many chunks as the
 * pigeonhole bound allows (sum of r_i + 1 down to D + 1), the narrowest chunks first: a 12-bit
 * chunk's buckets hold twice the members of a 13-bit one's, so its lookups cost the most. Below
 * D = 4 some radii are -1: those chunks are not looked up at all.
 */
function chunkRadii(maxDistance: number): number[] {
  const base = Math.floor(maxDistance / CHUNKS.length);
  const radii = CHUNKS.map(() => base);
  let spare = CHUNKS.length * (base + 1) - (maxDistance + 1);
  for (let c = CHUNKS.length - 1; c >= 0 && spare > 0; c--, spare--) radii[c] = base - 1;
  return radii;
}

const masksByKey = new Map<string, Uint16Array>();

/** Every `width`-bit mask with at most `radius` bits set. */
function masksWithin(width: number, radius: number): Uint16Array {
  const key = `${width}/${radius}`;
  let masks = masksByKey.get(key);
  if (!masks) {
    const list: number[] = [];
    for (let m = 0; m < 1 << width; m++) if (bitCount(m) <= radius) list.push(m);
    masks = Uint16Array.from(list);
    masksByKey.set(key, masks);
  }
  return masks;
}

/**
 * Set bits in a 32-bit integer: simhash.ts's popcount32, kept local so the lookup loop inlines it.
 * Imported, it is a getter call per use wherever the code runs as tsx's CommonJS (`npm start`, the
 * e2e bench): 72 against 25 µs per clustered item on the bench corpus; in the esbuild bundle the
 * two are the same.
 */
function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Bits [start, start + width) of the 64-bit value hi:lo (bit 0 = lowest bit of lo). */
function chunkOf(hi: number, lo: number, start: number, width: number): number {
  const mask = (1 << width) - 1;
  if (start + width <= 32) return (lo >>> start) & mask;
  if (start >= 32) return (hi >>> (start - 32)) & mask;
  return ((lo >>> start) | (hi << (32 - start))) & mask;
}

/** Members per block of a bucket's chain (index, hi, lo each): two cache lines with the header. */
const BLOCK_MEMBERS = 8;
/** A block: [count, previous block (-1: none), then BLOCK_MEMBERS x (index, hi, lo)]. */
const BLOCK_INTS = 2 + 3 * BLOCK_MEMBERS;

/** One chunk's table: chunk value -> a chain of blocks holding its members' fingerprints inline. */
class ChunkTable {
  /** Per chunk value: its newest block (-1: no members). */
  readonly heads: Int32Array;
  blocks = new Int32Array(BLOCK_INTS * 256);
  private used = 0;

  constructor(width: number) {
    this.heads = new Int32Array(1 << width).fill(-1);
  }

  add(value: number, index: number, hi: number, lo: number): void {
    let block = this.heads[value]!;
    if (block < 0 || this.blocks[block]! === BLOCK_MEMBERS) {
      if (this.used + BLOCK_INTS > this.blocks.length) {
        const grown = new Int32Array(this.blocks.length * 2);
        grown.set(this.blocks);
        this.blocks = grown;
      }
      const fresh = this.used;
      this.used += BLOCK_INTS;
      this.blocks[fresh] = 0;
      this.blocks[fresh + 1] = block;
      this.heads[value] = block = fresh;
    }
    const at = block + 2 + 3 * this.blocks[block]!;
    this.blocks[at] = index;
    this.blocks[at + 1] = hi | 0;
    this.blocks[at + 2] = lo | 0;
    this.blocks[block]!++;
  }
}

export class SimhashChunkIndex {
  private readonly tables = CHUNKS.map((chunk) => new ChunkTable(chunk.width));
  private readonly masks: Uint16Array[];

  /** `maxDistance` must be at most MAX_INDEXED_DISTANCE. */
  constructor(private readonly maxDistance: number) {
    if (maxDistance > MAX_INDEXED_DISTANCE) throw new RangeError(`maxDistance ${maxDistance} is above ${MAX_INDEXED_DISTANCE}`);
    const radii = chunkRadii(maxDistance);
    this.masks = CHUNKS.map((chunk, c) => masksWithin(chunk.width, radii[c]!));
  }

  /** Adds member `index` (members are numbered 0, 1, 2, ... in order). */
  add(index: number, hi: number, lo: number): void {
    for (let c = 0; c < CHUNKS.length; c++) {
      const { start, width } = CHUNKS[c]!;
      this.tables[c]!.add(chunkOf(hi, lo, start, width), index, hi, lo);
    }
  }

  /**
   * The member nearest to (hi, lo) within maxDistance, the lowest index among equals, as the
   * linear scan would pick it; -1 when none.
   */
  nearest(hi: number, lo: number): { index: number; distance: number } {
    let best = -1;
    let bestDistance = this.maxDistance + 1;
    const h = hi | 0;
    const l = lo | 0;
    for (let c = 0; c < CHUNKS.length; c++) {
      const { start, width } = CHUNKS[c]!;
      const { heads, blocks } = this.tables[c]!;
      const masks = this.masks[c]!;
      const value = chunkOf(hi, lo, start, width);
      for (let m = 0; m < masks.length; m++) {
        for (let block = heads[value ^ masks[m]!]!; block >= 0; block = blocks[block + 1]!) {
          const end = block + 2 + 3 * blocks[block]!;
          for (let k = block + 2; k < end; k += 3) {
            const distance = bitCount(blocks[k + 1]! ^ h) + bitCount(blocks[k + 2]! ^ l);
            if (distance < bestDistance || (distance === bestDistance && blocks[k]! < best)) {
              best = blocks[k]!;
              bestDistance = distance;
            }
          }
        }
      }
    }
    return { index: best, distance: bestDistance };
  }
}
