import { X_PATH_CHARS, xLinkPrefix, xLinksUrl } from './x-link-rules';
import { findUrls, graphemes } from './text-measure';

/**
 * X's weighted length (twitter-text "v3" config): code points in the Latin/common ranges weigh 1,
 * everything else (CJK, most emoji code points) 2, an emoji sequence 2 in total, every link 23.
 * The official `twitter-text` package is unmaintained since 2020 (core-js 2, old emoji data), so
 * the rules are implemented here and checked against it in tests; where they could disagree
 * (emoji newer than its data, domains written without a scheme) this errs on the long side so a
 * composed post is never rejected as too long.
 */
export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_URL_LENGTH = 23;

const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

// Built at run time: the `v` flag needs a newer TypeScript target than the repo's ES2022.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const PICTOGRAPHIC_START = /^[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
// A domain written without a scheme ("amazon.com/deals"), which X also links and counts as 23.
// Only its ASCII core is matched: letters before it (as in "bücher.de") are counted on their
// own, which is never less than X counts whichever part it links.
const BARE_DOMAIN = new RegExp(`[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}(?![a-z0-9@+-])(?:/[${X_PATH_CHARS}]*)?`, 'giu');
// Internationalized top-level domains ("пример.рф"): X may link part of such a token, so the
// token counts as a link plus all of its characters.
const UNICODE_TLD_DOMAIN = /[\p{L}\p{N}-]+\.[^\x00-\x7f\s\p{P}\p{S}]{2,}/gu;
// A host with non-ASCII labels ("日本.jp"): X may link it although the ASCII core rule above
// does not see it, so it adds a link's worth.
const UNICODE_LABEL_DOMAIN = /[\p{L}\p{N}-]*[^\x00-\x7f\s\p{P}\p{S}][\p{L}\p{N}-]*\.[a-z]{2,}/giu;

function codePointWeight(codePoint: number): number {
  for (const [start, end] of LIGHT_RANGES) if (codePoint >= start && codePoint <= end) return 1;
  return 2;
}

/** Weight of plain text without links: per code point, emoji sequences as one heavy unit. */
function plainWeight(text: string): number {
  // Latin-1 and friends weigh 1 each; only © and ® among them are (conservatively) emoji.
  if (!/[^\x00-\u02ff]/.test(text)) return text.length + (text.match(/[\u00a9\u00ae]/g)?.length ?? 0);
  let total = 0;
  for (const grapheme of graphemes(text)) {
    let perCodePoint = 0;
    for (const char of grapheme) perCodePoint += codePointWeight(char.codePointAt(0) ?? 0);
    if (RGI_EMOJI.test(grapheme)) total += 2;
    else if (PICTOGRAPHIC_START.test(grapheme)) total += Math.max(2, perCodePoint);
    else total += perCodePoint;
  }
  return total;
}

/** Weight of text that has no scheme URLs; bare domains count as at least a link. */
function weightWithBareDomains(text: string): number {
  let total = 0;
  let cursor = 0;
  for (const match of text.matchAll(BARE_DOMAIN)) {
    // A scheme inside the path ("foo.zz/https://example.com") starts a separate candidate.
    const token = match[0].replace(/[a-z]+:\/\/.*$/is, '');
    const core = token.includes('/') ? xLinkPrefix(`x://${token}`).slice(4) : token;
    total += weightWithUnicodeDomains(text.slice(cursor, match.index));
    total += bareDomainWeight(core);
    cursor = match.index + core.length;
  }
  return total + weightWithUnicodeDomains(text.slice(cursor));
}

/**
 * X links some prefix of a bare domain ending at a label boundary ("a.ba" in "a.ba.bnews" when
 * "bnews" is no TLD) and counts the rest; take the worst case over those prefixes.
 */
function bareDomainWeight(core: string): number {
  const whole = plainWeight(core);
  let worst = Math.max(X_URL_LENGTH, whole);
  const hostEnd = core.includes('/') ? core.indexOf('/') : core.length;
  for (let i = core.indexOf('.') + 1; i > 0 && i <= hostEnd; i = core.indexOf('.', i) + 1) {
    const boundary = core.indexOf('.', i) === -1 || core.indexOf('.', i) > hostEnd ? hostEnd : core.indexOf('.', i);
    worst = Math.max(worst, X_URL_LENGTH + whole - plainWeight(core.slice(0, boundary)));
  }
  return worst;
}

function weightWithUnicodeDomains(text: string): number {
  let total = plainWeight(text);
  for (const _ of text.matchAll(UNICODE_TLD_DOMAIN)) total += X_URL_LENGTH;
  for (const _ of text.matchAll(UNICODE_LABEL_DOMAIN)) total += X_URL_LENGTH;
  return total;
}

/** X's weighted length of NFC text (280 allowed). */
export function xWeightedLength(text: string): number {
  let total = 0;
  let cursor = 0;
  for (const url of findUrls(text)) {
    const linked = xLinkPrefix(url.url);
    // Glued to the text before it ("x.com?q=1,https://..."), X may not link it: count it plain.
    if (!xLinksUrl(linked) || !/^$|[\s([{"'“‘«]$/u.test(text.slice(Math.max(0, url.start - 1), url.start))) continue;
    total += weightWithBareDomains(text.slice(cursor, url.start)) + X_URL_LENGTH;
    cursor = url.start + linked.length;
  }
  return total + weightWithBareDomains(text.slice(cursor));
}
