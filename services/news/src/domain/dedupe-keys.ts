/**
 * Article identity for dedupe. An article is the same article when its canonical URL matches,
 * or its GUID matches. Keys are strings the store keeps unique per tenant (tenant_id, key):
 *   url:<host/path?query>   canonical URL without scheme (http and https copies are one article)
 *   guid:<feed host>:<guid> opaque GUIDs, scoped to the publishing host: "1234" from two unrelated
 *                           sites is not the same article, but two feeds of one site share ids.
 * A GUID that is itself an http(s) URL is treated as a URL key.
 */
import { createHash } from 'node:crypto';
import { canonicalizeUrl, tryCanonicalizeUrl } from './canonical-url';

export interface ArticleIdentity {
  canonicalUrl: string;
  /** One or two keys; an article is a duplicate when any of them is already known. */
  keys: string[];
}

function urlKey(canonicalUrl: string): string {
  return `url:${canonicalUrl.replace(/^https?:\/\//, '')}`;
}

/** Dedupe keys of an item, given the feed it came from. Throws ValidationError for a bad item URL. */
export function identifyArticle(item: { url: string; guid?: string }, feedUrl: string): ArticleIdentity {
  const canonicalUrl = canonicalizeUrl(item.url);
  const keys = [urlKey(canonicalUrl)];
  const guid = item.guid?.trim();
  if (guid) {
    const guidUrl = /^https?:\/\//i.test(guid) ? tryCanonicalizeUrl(guid) : undefined;
    const key = guidUrl !== undefined ? urlKey(guidUrl) : `guid:${new URL(feedUrl).hostname}:${guid}`;
    if (!keys.includes(key)) keys.push(key);
  }
  return { canonicalUrl, keys };
}

/** A fixed-width digest of a key (for an index column), 32 hex characters of SHA-256. */
export function hashDedupeKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

export interface DedupeOutcome<T> {
  fresh: Array<T & ArticleIdentity>;
  duplicates: Array<{ item: T; key: string; reason: 'known' | 'repeated-in-batch' }>;
}

/**
 * Splits a batch into new articles and duplicates: of something already stored (`isKnown`) or
 * of an earlier item in the same batch (feeds do list an entry twice).
 */
export function partitionNewArticles<T extends { url: string; guid?: string }>(
  items: T[],
  feedUrl: string,
  isKnown: (key: string) => boolean,
  /** The items' identities when the caller already has them (identifyArticle parses URLs). */
  identify: (item: T) => ArticleIdentity = (item) => identifyArticle(item, feedUrl),
): DedupeOutcome<T> {
  const seen = new Set<string>();
  const outcome: DedupeOutcome<T> = { fresh: [], duplicates: [] };
  for (const item of items) {
    const identity = identify(item);
    const known = identity.keys.find((key) => isKnown(key));
    const repeated = identity.keys.find((key) => seen.has(key));
    identity.keys.forEach((key) => seen.add(key));
    if (known !== undefined) outcome.duplicates.push({ item, key: known, reason: 'known' });
    else if (repeated !== undefined) outcome.duplicates.push({ item, key: repeated, reason: 'repeated-in-batch' });
    else outcome.fresh.push({ ...item, ...identity });
  }
  return outcome;
}
