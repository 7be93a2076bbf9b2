/** The four syndication formats the parser understands. */
export type FeedFormat = 'rss2' | 'rss1' | 'atom' | 'json';

/** One feed entry, normalized: plain text everywhere, absolute URLs, dates as Date. */
export interface ParsedItem {
  /** The feed's own id for the entry (RSS guid, Atom id, RDF about, JSON id), when present. */
  guid?: string;
  /** Absolute URL of the article (resolved against xml:base / the feed URL). */
  url: string;
  title: string;
  /** Plain-text teaser (description/summary), or the lead of the content when there is none. */
  summary: string;
  /** Plain-text full content when the feed carries it, else the summary. */
  contentText: string;
  author?: string;
  /** Absent when the feed gives no parseable date; see resolvePublishedAt for the fallback. */
  publishedAt?: Date;
  categories: string[];
  imageUrl?: string;
}

/** An entry the parser dropped, and why (recorded on the source, never fatal for the feed). */
export interface SkippedItem {
  /** Zero-based position of the entry in the document. */
  index: number;
  reason: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  /** The site the feed belongs to (absolute), or the feed URL when the feed names none. */
  link: string;
  /** Language the feed declares (RSS <language>, xml:lang, JSON language), lower-case, if any. */
  language?: string;
  items: ParsedItem[];
  skipped: SkippedItem[];
}

export interface ParseFeedOptions {
  /** The URL the feed was fetched from (after redirects): the base for relative links. */
  url: string;
  /** The HTTP Content-Type, used for its charset when the document declares none. */
  contentType?: string;
  /** Entries beyond this count are ignored (protects against giant archives). Default 500. */
  maxItems?: number;
}
