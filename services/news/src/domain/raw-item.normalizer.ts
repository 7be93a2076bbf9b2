/**
 * The format-independent half of parsing: every format maps its entries to a RawItem (HTML
 * strings, raw dates, unresolved links), and this turns one into a ParsedItem or a skip reason.
 */
import type { FeedFormat, ParsedItem } from './feed.types';
import { parseFeedDate } from './feed-date';
import { collapseText, extractHtmlText, htmlToText, truncateText } from './html-text';

export interface RawItem {
  guid?: string;
  /** Whether the guid is the article's permalink (RSS isPermaLink, default true). */
  guidIsPermaLink?: boolean;
  link?: string;
  titleHtml?: string;
  summaryHtml?: string;
  contentHtml?: string;
  /** Already plain text (JSON Feed content_text). */
  contentPlain?: string;
  author?: string;
  date?: string;
  categories: string[];
  imageUrl?: string;
  /** Base for relative links (xml:base of the entry resolved against the feed's). */
  base: string;
}

/** A document read by one format's reader, before normalization. */
export interface RawFeed {
  format: FeedFormat;
  titleHtml?: string;
  link?: string;
  language?: string;
  /** Base for entry links: the feed's xml:base resolved against the fetched URL. */
  base: string;
  entries: unknown[];
  /** Maps one entry; a string is the reason it cannot be used. */
  toRawItem(entry: unknown, base: string): RawItem | string;
}

/** `{ key: value }` when value is defined, `{}` otherwise (keeps optional fields absent, not undefined). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const TITLE_MAX = 300;
const SUMMARY_MAX = 1_000;
const LEAD_MAX = 400;
const DERIVED_TITLE_MAX = 120;
const CONTENT_MAX = 100_000;
const CATEGORIES_MAX = 20;

/** Resolves a reference against a base; only http(s) results count. */
export function resolveHttpUrl(ref: string | undefined, base: string): string | undefined {
  if (ref === undefined) return undefined;
  const trimmed = ref.trim();
  if (trimmed === '') return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** "jane@example.com (Jane Doe)" -> "Jane Doe"; HTML and entities removed. */
export function cleanAuthor(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let text = htmlToText(raw, 200);
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(text);
  if (named?.[1]) text = named[1].trim();
  return text === '' ? undefined : text;
}

function cleanCategories(raw: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of raw) {
    for (const part of value.includes('<') || value.includes('&') ? [htmlToText(value, 100)] : [value.trim()]) {
      const key = part.toLowerCase();
      if (part === '' || seen.has(key)) continue;
      seen.add(key);
      out.push(part);
      if (out.length >= CATEGORIES_MAX) return out;
    }
  }
  return out;
}

function looksLikeUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Normalizes one raw entry; returns a reason string when the entry cannot be used. */
export function normalizeRawItem(raw: RawItem): ParsedItem | string {
  let url = resolveHttpUrl(raw.link, raw.base);
  if (url === undefined && raw.guid !== undefined && raw.guidIsPermaLink !== false && looksLikeUrl(raw.guid)) {
    url = resolveHttpUrl(raw.guid, raw.base);
  }
  if (url === undefined) {
    return raw.link === undefined ? 'no link' : `link is not an http(s) URL: ${raw.link.slice(0, 200)}`;
  }

  const content = raw.contentHtml === undefined ? undefined : extractHtmlText(raw.contentHtml, { paragraphs: true, maxLength: CONTENT_MAX });
  const contentText = content?.text || (raw.contentPlain === undefined ? '' : collapseText(raw.contentPlain, { paragraphs: true, maxLength: CONTENT_MAX }));
  const summaryParts = raw.summaryHtml === undefined ? undefined : extractHtmlText(raw.summaryHtml, { maxLength: SUMMARY_MAX });
  const summary = summaryParts?.text || truncateText(contentText.replace(/\s+/g, ' '), LEAD_MAX);

  let title = raw.titleHtml === undefined ? '' : htmlToText(raw.titleHtml, TITLE_MAX);
  if (title === '') title = truncateText(summary, DERIVED_TITLE_MAX);
  if (title === '') return 'no title and no text';

  const item: ParsedItem = {
    url,
    title,
    summary,
    contentText: contentText || summary,
    categories: cleanCategories(raw.categories),
  };
  if (raw.guid !== undefined && raw.guid !== '') item.guid = raw.guid;
  const author = cleanAuthor(raw.author);
  if (author !== undefined) item.author = author;
  const publishedAt = parseFeedDate(raw.date);
  if (publishedAt !== undefined) item.publishedAt = publishedAt;
  const image = resolveHttpUrl(raw.imageUrl ?? content?.firstImageSrc ?? summaryParts?.firstImageSrc, raw.base);
  if (image !== undefined) item.imageUrl = image;
  return item;
}
