import type { Platform } from './platform';
import { graphemeLength, mastodonLength, utf8Length } from './text-measure';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './x-text-weight';

/** What a platform accepts in one post, measured the way that platform measures. */
export interface PlatformRules {
  platform: Platform;
  /** Largest allowed `measure(text)`; undefined when the platform sets no limit. */
  maxLength: number | undefined;
  /** A second, byte-based ceiling some platforms add (Bluesky: 3000 UTF-8 bytes). */
  maxBytes: number | undefined;
  measure(text: string): number;
  /**
   * How the article link is written into the text. `href`: the exact ASCII URL, because the
   * platform links the text itself (and counts a link as 23 anyway). `short`: a readable,
   * shortened label, because the link target travels separately (Bluesky facets).
   */
  linkStyle: 'href' | 'short';
  /** Hashtags added at most when they fit. */
  maxHashtags: number;
}

export const PLATFORM_RULES: Readonly<Record<Platform, PlatformRules>> = {
  mastodon: { platform: 'mastodon', maxLength: 500, maxBytes: undefined, measure: mastodonLength, linkStyle: 'href', maxHashtags: 3 },
  bluesky: { platform: 'bluesky', maxLength: 300, maxBytes: 3000, measure: graphemeLength, linkStyle: 'short', maxHashtags: 3 },
  x: { platform: 'x', maxLength: X_MAX_WEIGHTED_LENGTH, maxBytes: undefined, measure: xWeightedLength, linkStyle: 'href', maxHashtags: 2 },
  // LinkedIn documents 3000 characters without saying which; UTF-16 units are never fewer.
  linkedin: { platform: 'linkedin', maxLength: 3000, maxBytes: undefined, measure: (text) => text.length, linkStyle: 'href', maxHashtags: 5 },
  webhook: { platform: 'webhook', maxLength: undefined, maxBytes: undefined, measure: graphemeLength, linkStyle: 'href', maxHashtags: 5 },
};

/** Whether text is within a platform's limits. */
export function fitsPlatform(rules: PlatformRules, text: string): boolean {
  if (rules.maxLength !== undefined && rules.measure(text) > rules.maxLength) return false;
  if (rules.maxBytes !== undefined && utf8Length(text) > rules.maxBytes) return false;
  return true;
}
