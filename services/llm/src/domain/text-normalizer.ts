/**
 * Text normalization shared by fact verification and the content hash. Feeds and models disagree
 * on typography (curly vs straight quotes, en/em dashes vs hyphens, non-breaking spaces, soft
 * hyphens); none of that changes what a sentence says, so both sides are folded the same way.
 */

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2039\u203A]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const INVISIBLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/g;
const WHITESPACE = /\s+/g;

/** Folds typography and whitespace, keeping case: NFKC, one quote/dash style, single spaces. */
export function normalizeTypography(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(WHITESPACE, ' ')
    .trim();
}

/** The form quotes are matched in: typography folded and lower-cased (see fact-verifier.ts). */
export function normalizeForMatch(text: string): string {
  return normalizeTypography(text).toLowerCase();
}
