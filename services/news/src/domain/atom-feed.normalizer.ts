/** Atom 1.0 (and the 0.3 names still served by old blogs) -> RawItems. */
import type { RawFeed, RawItem } from './raw-item.normalizer';
import { optional, resolveHttpUrl } from './raw-item.normalizer';
import { mediaImage } from './rss-feed.normalizer';
import { asArray, attr, first, htmlOf, isElement, plainOf, type XmlElement, type XmlValue } from './xml-node';

function alternateLink(links: XmlValue): string | undefined {
  const all = asArray(links);
  const alternate = all.find((link) => (attr(link, 'rel') ?? 'alternate') === 'alternate' && attr(link, 'href'));
  const fallback = all.find((link) => attr(link, 'href') && attr(link, 'rel') !== 'self' && attr(link, 'rel') !== 'enclosure');
  return attr(alternate ?? fallback, 'href');
}

function imageLink(links: XmlValue): string | undefined {
  const image = asArray(links).find((link) => attr(link, 'rel') === 'enclosure' && attr(link, 'type')?.startsWith('image/'));
  return attr(image, 'href');
}

function authorName(value: XmlValue): string | undefined {
  const author = first(value);
  return isElement(author) ? (plainOf(author.name) ?? plainOf(author.email)) : plainOf(author);
}

/** Atom <content src="..."> points elsewhere; its (empty) body is not the article. */
function inlineContent(value: XmlValue): string | undefined {
  return attr(value, 'src') === undefined ? htmlOf(value) : undefined;
}

function atomEntry(node: unknown, feedBase: string): RawItem | string {
  if (!isElement(node as XmlValue)) return 'entry has no elements';
  const entry = node as XmlElement;
  const base = resolveHttpUrl(attr(entry, 'xml:base'), feedBase) ?? feedBase;
  const item: RawItem = {
    categories: asArray(entry.category)
      .map((category) => attr(category, 'label') ?? attr(category, 'term') ?? plainOf(category))
      .filter((term): term is string => term !== undefined),
    base,
  };
  const guid = plainOf(entry.id);
  if (guid !== undefined) {
    item.guid = guid;
    item.guidIsPermaLink = false; // Atom ids are often tag: URIs; only a real http(s) id can stand in for a link
    if (/^https?:\/\//i.test(guid)) item.guidIsPermaLink = true;
  }
  Object.assign(
    item,
    optional('link', alternateLink(entry.link)),
    optional('titleHtml', htmlOf(entry.title)),
    optional('summaryHtml', htmlOf(entry.summary) ?? htmlOf(entry['media:description'])),
    optional('contentHtml', inlineContent(entry.content)),
    optional('author', authorName(entry.author) ?? plainOf(entry['dc:creator'])),
    optional('date', plainOf(entry.published) ?? plainOf(entry.issued) ?? plainOf(entry.updated) ?? plainOf(entry.modified) ?? plainOf(entry['dc:date'])),
    optional('imageUrl', mediaImage(entry) ?? imageLink(entry.link)),
  );
  return item;
}

/** <feed><entry>... */
export function readAtom(root: XmlElement, feedUrl: string): RawFeed {
  const base = resolveHttpUrl(attr(root, 'xml:base'), feedUrl) ?? feedUrl;
  return {
    format: 'atom',
    ...optional('titleHtml', htmlOf(root.title)),
    ...optional('link', alternateLink(root.link)),
    ...optional('language', attr(root, 'xml:lang')),
    entries: asArray(root.entry),
    base,
    toRawItem: atomEntry,
  };
}
