/**
 * 64-bit SimHash over a story's title and lead, for near-duplicate detection across outlets.
 * Features are content words (stopwords dropped, diacritics folded, plural "s" trimmed).
 * Fingerprints travel as 16 hex digits; two stories are near-duplicates when few bits differ.
 */

const STOPWORDS = new Set(
  ('a an and are as at be been but by for from has have he her his in into is it its of on or our she that the their ' +
    'them they this to was were will with would after before over under about than then there these those who what ' +
    'when where which while said says say also new more most just up out not no yes can could may might one two').split(' '),
);

/** Content words of a text: lower-cased, diacritics folded, stopwords and 1-letter tokens dropped. */
export function tokenize(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const tokens: string[] = [];
  for (const raw of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    // Light stemming: "rates"/"rate", "banks"/"bank" are one feature; "us", "gas" stay.
    tokens.push(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return tokens;
}

/** MurmurHash3's 32-bit body and finalizer over UTF-16 code units; two seeds give 64 bits. */
function murmur32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function addFeature(weights: Float64Array, feature: string, weight: number): void {
  const hi = murmur32(feature, 0x9747b28c);
  const lo = murmur32(feature, 0x5bd1e995);
  // +weight for a set bit, -weight for a clear one, without a branch: the bits are random, so a
  // branch per bit was mispredicted half the time (this loop was ~1 s of a 45,000-article cycle).
  const twice = 2 * weight;
  for (let bit = 0; bit < 32; bit++) {
    weights[bit] = weights[bit]! + (((hi >>> (31 - bit)) & 1) * twice - weight);
    weights[32 + bit] = weights[32 + bit]! + (((lo >>> (31 - bit)) & 1) * twice - weight);
  }
}

function toHex(weights: Float64Array): string {
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    hi = (hi << 1) | (weights[bit]! > 0 ? 1 : 0);
    lo = (lo << 1) | (weights[32 + bit]! > 0 ? 1 : 0);
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** SimHash of weighted features, as 16 hex digits. */
export function simhashFeatures(features: Iterable<[feature: string, weight: number]>): string {
  const weights = new Float64Array(64);
  for (const [feature, weight] of features) addFeature(weights, feature, weight);
  return toHex(weights);
}

/** SimHash of a text's content words. */
export function simhash(text: string): string {
  return simhashFeatures(tokenize(text).map((token): [string, number] => [token, 1]));
}

/** How many of a story's lead words count: outlets rewriting one story diverge further down. */
const LEAD_WORDS = 30;
/** Headlines are rewritten more freely than wire leads, so title words count half. */
const TITLE_WEIGHT = 0.5;

/**
 * The text up to the `count`-th whitespace run: `leadWords(t, n).split(/\s+/)` equals
 * `t.split(/\s+/, n)`. split() with a limit still splits the whole string first (a full article,
 * thousands of characters, for 30 words), so the prefix is cut before splitting.
 */
function leadWords(text: string, count: number): string {
  const separator = /\s+/g;
  let seen = 0;
  for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
    if (++seen === count) return text.slice(0, match.index);
  }
  return text;
}

/**
 * The fingerprint used for story clustering: content words of the title (half weight) and of
 * the lead's first 30 words. Unigrams, not shingles: on the sample feeds, word bigrams pushed
 * rewrites of one story apart (different word order) more than they separated unrelated ones.
 */
export function storySimhash(title: string, lead: string): string {
  const leadText = leadWords(lead, LEAD_WORDS).split(/\s+/).join(' ');
  const features: Array<[string, number]> = tokenize(title).map((token) => [token, TITLE_WEIGHT]);
  for (const token of tokenize(leadText)) features.push([token, 1]);
  return simhashFeatures(features);
}

/** Set bits in a 32-bit integer. */
export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of differing bits between two 16-hex-digit fingerprints. */
export function hammingDistance(a: string, b: string): number {
  const aHi = parseInt(a.slice(0, 8), 16);
  const aLo = parseInt(a.slice(8, 16), 16);
  const bHi = parseInt(b.slice(0, 8), 16);
  const bLo = parseInt(b.slice(8, 16), 16);
  return popcount32((aHi ^ bHi) >>> 0) + popcount32((aLo ^ bLo) >>> 0);
}

/** The fingerprint as a signed 64-bit integer (for a PostgreSQL bigint column). */
export function simhashToBigInt(hex: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${hex}`));
}

/** Inverse of simhashToBigInt. */
export function simhashFromBigInt(value: bigint): string {
  return BigInt.asUintN(64, value).toString(16).padStart(16, '0');
}

/**
 * Splits a fingerprint into `count` bands (contiguous bit ranges), as "band:value" keys. Two
 * fingerprints within Hamming distance d share at least one band when count > d (pigeonhole):
 * useful as an index prefilter (e.g. in SQL) for small d; see StoryClusterer for large d.
 */
export function simhashBands(hex: string, count: number): string[] {
  const value = BigInt(`0x${hex}`);
  const bands: string[] = [];
  for (let band = 0; band < count; band++) {
    const start = Math.floor((band * 64) / count);
    const end = Math.floor(((band + 1) * 64) / count);
    const bits = (value >> BigInt(64 - end)) & ((1n << BigInt(end - start)) - 1n);
    bands.push(`${band}:${bits.toString(36)}`);
  }
  return bands;
}
