/** JSON Feed 1.0/1.1 -> RawItems. */
import type { RawFeed, RawItem } from './raw-item.normalizer';
import { optional, resolveHttpUrl } from './raw-item.normalizer';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** 1.1 has `authors` (array); 1.0 had `author` (object). */
function authorOf(entry: Json): string | undefined {
  const authors = Array.isArray(entry.authors) ? entry.authors : [entry.author];
  for (const author of authors) {
    const name = isObject(author) ? str(author.name) : undefined;
    if (name !== undefined) return name;
  }
  return undefined;
}

function jsonEntry(node: unknown, base: string): RawItem | string {
  if (!isObject(node)) return 'entry is not an object';
  const tags = Array.isArray(node.tags) ? node.tags.map(str).filter((tag): tag is string => tag !== undefined) : [];
  const id = str(node.id);
  const item: RawItem = { categories: tags, base };
  Object.assign(
    item,
    optional('guid', id),
    optional('guidIsPermaLink', id === undefined ? undefined : /^https?:\/\//i.test(id)),
    optional('link', str(node.url) ?? str(node.external_url)),
    optional('titleHtml', str(node.title)),
    optional('summaryHtml', str(node.summary)),
    optional('contentHtml', str(node.content_html)),
    optional('contentPlain', str(node.content_text)),
    optional('author', authorOf(node)),
    optional('date', str(node.date_published) ?? str(node.date_modified)),
    optional('imageUrl', str(node.image) ?? str(node.banner_image)),
  );
  return item;
}

/** True when a parsed JSON document looks like a JSON Feed. */
export function isJsonFeed(doc: unknown): doc is Json {
  return isObject(doc) && (String(doc.version ?? '').includes('jsonfeed.org') || Array.isArray(doc.items));
}

export function readJsonFeed(doc: Json, feedUrl: string): RawFeed {
  const base = resolveHttpUrl(str(doc.feed_url), feedUrl) ?? feedUrl;
  return {
    format: 'json',
    ...optional('titleHtml', str(doc.title)),
    ...optional('link', str(doc.home_page_url)),
    ...optional('language', str(doc.language)),
    base,
    entries: Array.isArray(doc.items) ? doc.items : [],
    toRawItem: jsonEntry,
  };
}
