import type { Fact, VerifiedFact } from './summary.types';
import { normalizeForMatch } from './text-normalizer';

/**
 * Deterministic quote verification. A fact is verified only if its quote occurs in the article
 * text after both are normalized the same way:
 * - Unicode NFKC, curly/straight quotes unified, all dashes become "-", invisible characters
 *   (soft hyphen, zero-width) dropped, whitespace runs collapsed to one space;
 * - case-INsensitive: models often capitalize the first word of a quote taken from mid-sentence,
 *   and a case change never turns a fabricated quote into a real one;
 * - quote marks, whitespace and sentence punctuation around a quote (or part) are ignored: models
 *   add them, and dropping them only shortens the text that must match;
 * - an ellipsis ("..." or "…") inside a quote marks an omission: every part must occur, in order;
 * - a quote (or part) shorter than `minQuoteChars` is never verified, so "the" or "2024" alone
 *   cannot vouch for a statement.
 */
export interface VerifyOptions {
  minQuoteChars?: number;
}

const DEFAULT_MIN_QUOTE_CHARS = 8;
const WRAPPING = /^[\s"'.,;:]+|[\s"'.,;:]+$/g;
const ELLIPSIS = /\s*\.\.\.\s*/;

/** Whether `quote` occurs in `articleText` under the rules above. */
export function quoteOccursIn(quote: string, articleText: string, options: VerifyOptions = {}): boolean {
  return quoteOccursInNormalized(quote, normalizeForMatch(articleText), options);
}

function quoteOccursInNormalized(quote: string, haystack: string, options: VerifyOptions): boolean {
  const minChars = options.minQuoteChars ?? DEFAULT_MIN_QUOTE_CHARS;
  // NFKC turns "…" into "...", so one split handles both spellings of an omission.
  const parts = normalizeForMatch(quote)
    .split(ELLIPSIS)
    .map((part) => part.replace(WRAPPING, ''))
    .filter((part) => part.length > 0);
  if (parts.length === 0 || parts.some((part) => part.length < minChars)) return false;
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

export interface VerificationResult {
  facts: VerifiedFact[];
  /** Verified share of all facts; 0 when there are none (nothing vouches for the summary). */
  confidence: number;
}

/** Marks every fact verified or not and computes the confidence; unverified facts are kept. */
export function verifyFacts(facts: readonly Fact[], articleText: string, options: VerifyOptions = {}): VerificationResult {
  const haystack = normalizeForMatch(articleText);
  const verified = facts.map((fact) => ({
    statement: fact.statement,
    quote: fact.quote,
    verified: quoteOccursInNormalized(fact.quote, haystack, options),
  }));
  const count = verified.filter((fact) => fact.verified).length;
  return { facts: verified, confidence: verified.length === 0 ? 0 : count / verified.length };
}
