import { createHash } from 'node:crypto';
import { normalizeTypography } from './text-normalizer';

export interface HashInput {
  title: string;
  text: string;
  promptVersion: string;
  /** The niche shapes length and tone, the language and model shape everything. */
  niche: string;
  outputLanguage: string;
  model: string;
}

/**
 * sha256 (hex) over the prompt version, niche, output language, model and the typography-folded
 * title and text: the key of the result cache. A re-fetched article whose text only differs in
 * whitespace or quote style hits the same entry; a new prompt version misses on purpose.
 */
export function contentHash(input: HashInput): string {
  const hash = createHash('sha256');
  for (const part of [input.promptVersion, input.niche, input.outputLanguage, input.model, normalizeTypography(input.title), normalizeTypography(input.text)]) {
    hash.update(part);
    hash.update('\u0000'); // separator: ("ab","c") and ("a","bc") must differ
  }
  return hash.digest('hex');
}

/** The Redis key for a cached summary result. */
export function summaryCacheKey(input: HashInput): string {
  return `llm:summary:${contentHash(input)}`;
}
