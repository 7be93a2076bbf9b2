/**
 * Ways of measuring text the way platforms do. Everything here works on NFC-normalized strings;
 * the composer normalizes once before measuring.
 */

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const utf8 = new TextEncoder();

/** A segment with its UTF-16 offset in the whole text. */
export interface TextSegment {
  segment: string;
  index: number;
  isWordLike: boolean;
}

// Node 20's Intl.Segmenter slows down with the position in the string (quadratic overall), so
// long texts are segmented in chunks split only where no segmentation rule can join across:
// between two plain characters of scripts without combining rules (letters, digits, spaces,
// punctuation; no marks, no joiners, no emoji, no Hangul jamo, no prepended signs).
const CHUNK = 128;
const PLAIN = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Arabic}\p{Script=Hebrew}\p{Nd}\p{Zs}\p{P}]$/u;
const NOT_PLAIN = /^[\p{M}\p{Cf}\uFF9E\uFF9F]$/u;
// Word boundaries additionally must not sit inside a word, so only split after whitespace.
const WORD_SPLIT_BEFORE = /^[ \n\u3000]$/u;

function isPlain(char: string | undefined): boolean {
  return char !== undefined && PLAIN.test(char) && !NOT_PLAIN.test(char);
}

function splitPoints(text: string, words: boolean): number[] {
  const points: number[] = [];
  let next = CHUNK;
  while (next < text.length) {
    let found = -1;
    // Look a little ahead for a safe place; long runs without one stay in one chunk.
    for (let i = next; i < Math.min(text.length, next + CHUNK); i += 1) {
      const before = text[i - 1];
      const after = text[i];
      const surrogate = (before?.charCodeAt(0) ?? 0) >= 0xd800 && (before?.charCodeAt(0) ?? 0) <= 0xdfff;
      if (surrogate || !isPlain(before) || !isPlain(after)) continue;
      if (words && (!WORD_SPLIT_BEFORE.test(before ?? '') || /\s/u.test(after ?? ''))) continue;
      found = i;
      break;
    }
    if (found === -1) {
      next += CHUNK;
      continue;
    }
    points.push(found);
    next = found + CHUNK;
  }
  return points;
}

function* segmentChunked(text: string, segmenter: Intl.Segmenter, words: boolean): Generator<TextSegment> {
  if (text.length <= CHUNK * 2) {
    for (const s of segmenter.segment(text)) yield { segment: s.segment, index: s.index, isWordLike: s.isWordLike === true };
    return;
  }
  let start = 0;
  for (const end of [...splitPoints(text, words), text.length]) {
    for (const s of segmenter.segment(text.slice(start, end))) yield { segment: s.segment, index: start + s.index, isWordLike: s.isWordLike === true };
    start = end;
  }
}

const COMPLEX_TEXT = /[^\x00-\x0c\x0e-\u02ff]/;

/** Grapheme clusters with their offsets. */
export function segmentGraphemes(text: string): Iterable<TextSegment> {
  return segmentChunked(text, graphemeSegmenter, false);
}

/** Word segments (UAX #29, dictionary-based for CJK) with their offsets. */
export function segmentWords(text: string): Iterable<TextSegment> {
  return segmentChunked(text, wordSegmenter, true);
}

/** User-perceived characters (extended grapheme clusters), as Mastodon and Bluesky count. */
export function graphemeLength(text: string): number {
  // Below U+0300 nothing combines (no marks, joiners or emoji), so each code unit is one grapheme.
  if (!COMPLEX_TEXT.test(text)) return text.length;
  let count = 0;
  for (const _ of segmentGraphemes(text)) count += 1;
  return count;
}

/** The grapheme clusters of a string, in order. */
export function graphemes(text: string): string[] {
  return Array.from(segmentGraphemes(text), (s) => s.segment);
}

/** UTF-16 offsets where a grapheme cluster starts, plus text.length. */
export function graphemeBoundaries(text: string): number[] {
  const out = Array.from(segmentGraphemes(text), (s) => s.index);
  out.push(text.length);
  return out;
}

export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

export interface TextRange {
  /** UTF-16 offset, inclusive. */
  start: number;
  /** UTF-16 offset, exclusive. */
  end: number;
}

// Scheme URLs the way linkifiers see them: up to whitespace or a quote/angle bracket.
const SCHEME_URL = /\bhttps?:\/\/[^\s<>"'`]+/giu;
// Punctuation a linkifier leaves outside a URL when it ends one ("see https://a.b/c.").
const TRAILING_PUNCTUATION = /[.,:;!?…'")\]}>*_~]$/u;

function trimUrlEnd(url: string): string {
  let out = url;
  while (out.length > 0 && TRAILING_PUNCTUATION.test(out)) {
    // A closing parenthesis that balances one inside the URL belongs to it (Wikipedia links).
    if (out.endsWith(')') && count(out, '(') >= count(out, ')')) break;
    out = out.slice(0, -1);
  }
  return out;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

/** Ranges of http(s) URLs in text, trailing punctuation left outside. */
export function findUrls(text: string): Array<TextRange & { url: string }> {
  const out: Array<TextRange & { url: string }> = [];
  for (const match of text.matchAll(SCHEME_URL)) {
    const url = trimUrlEnd(match[0]);
    if (url.length <= 'https://'.length) continue;
    out.push({ start: match.index, end: match.index + url.length, url });
  }
  return out;
}

// A hashtag as Mastodon/Bluesky/X recognise it: '#' not glued to a preceding word, then
// letters/digits/underscores with at least one letter.
const HASHTAG = /(?<![\p{L}\p{N}_&/#])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;

/** Ranges of hashtags in text; `tag` is without the '#'. */
export function findHashtags(text: string): Array<TextRange & { tag: string }> {
  const out: Array<TextRange & { tag: string }> = [];
  for (const match of text.matchAll(HASHTAG)) {
    const tag = match[1] ?? '';
    out.push({ start: match.index, end: match.index + match[0].length, tag });
  }
  return out;
}

/** Mastodon's length: graphemes, with every http(s) link counted as 23 characters. */
export function mastodonLength(text: string): number {
  let total = 0;
  let cursor = 0;
  for (const url of findUrls(text)) {
    total += graphemeLength(text.slice(cursor, url.start)) + MASTODON_URL_LENGTH;
    cursor = url.end;
  }
  return total + graphemeLength(text.slice(cursor));
}

export const MASTODON_URL_LENGTH = 23;
