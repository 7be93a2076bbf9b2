/** RSS 2.0 (and 0.9x) and RSS 1.0 (RDF) documents -> RawItems. The two share their item vocabulary. */
import type { RawFeed, RawItem } from './raw-item.normalizer';
import { optional, resolveHttpUrl } from './raw-item.normalizer';
import { asArray, attr, first, htmlOf, isElement, plainOf, type XmlElement, type XmlValue } from './xml-node';

const IMAGE_EXT = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

/** The first image among media:content/media:thumbnail/enclosure/itunes:image. */
export function mediaImage(entry: XmlElement): string | undefined {
  const groups = asArray(entry['media:group']).filter(isElement);
  const contents = [entry, ...groups].flatMap((node) => asArray(node['media:content']));
  for (const content of contents) {
    const url = attr(content, 'url');
    const medium = attr(content, 'medium');
    const type = attr(content, 'type');
    if (url && (medium === 'image' || type?.startsWith('image/') || (!medium && !type && IMAGE_EXT.test(url)))) return url;
  }
  for (const node of [entry, ...groups]) {
    const thumbnail = attr(node['media:thumbnail'], 'url');
    if (thumbnail) return thumbnail;
  }
  for (const enclosure of asArray(entry.enclosure)) {
    const url = attr(enclosure, 'url') ?? attr(enclosure, 'href');
    if (url && (attr(enclosure, 'type')?.startsWith('image/') || IMAGE_EXT.test(url))) return url;
  }
  return attr(entry['itunes:image'], 'href');
}

function texts(value: XmlValue): string[] {
  return asArray(value)
    .map((node) => plainOf(node))
    .filter((text): text is string => text !== undefined);
}

/** <link> as text, or the Atom-style <link href> some RSS feeds use by mistake. */
function rssLink(entry: XmlElement): string | undefined {
  for (const node of asArray(entry.link)) {
    const link = plainOf(node) ?? attr(node, 'href');
    if (link) return link;
  }
  const atomLink = asArray(entry['atom:link']).find((node) => (attr(node, 'rel') ?? 'alternate') === 'alternate');
  return atomLink === undefined ? undefined : attr(atomLink, 'href');
}

function itemBase(entry: XmlElement, feedBase: string): string {
  return resolveHttpUrl(attr(entry, 'xml:base'), feedBase) ?? feedBase;
}

function rssItem(node: unknown, feedBase: string): RawItem | string {
  if (!isElement(node as XmlValue)) return 'entry has no elements';
  const entry = node as XmlElement;
  const guidNode = first(entry.guid);
  const item: RawItem = {
    categories: [...texts(entry.category), ...texts(entry['dc:subject'])],
    base: itemBase(entry, feedBase),
  };
  const guid = plainOf(guidNode) ?? attr(entry, 'rdf:about');
  if (guid !== undefined) item.guid = guid;
  if (guidNode !== undefined) item.guidIsPermaLink = attr(guidNode, 'isPermaLink')?.toLowerCase() !== 'false';
  const link = rssLink(entry);
  if (link !== undefined) item.link = link;
  const title = htmlOf(entry.title);
  if (title !== undefined) item.titleHtml = title;
  const summary = htmlOf(entry.description) ?? htmlOf(entry['media:description']);
  if (summary !== undefined) item.summaryHtml = summary;
  const content = htmlOf(entry['content:encoded']);
  if (content !== undefined) item.contentHtml = content;
  const author = plainOf(entry['dc:creator']) ?? plainOf(entry.author) ?? plainOf(entry['itunes:author']);
  if (author !== undefined) item.author = author;
  const date = plainOf(entry.pubDate) ?? plainOf(entry['dc:date']) ?? plainOf(entry['dcterms:issued']) ?? plainOf(entry['atom:updated']);
  if (date !== undefined) item.date = date;
  const image = mediaImage(entry);
  if (image !== undefined) item.imageUrl = image;
  return item;
}

/** RSS 2.0 / 0.9x: <rss><channel><item>. */
export function readRss2(root: XmlElement, feedUrl: string): RawFeed {
  const channel = first(root.channel);
  const ch: XmlElement = isElement(channel) ? channel : {};
  const base = resolveHttpUrl(attr(ch, 'xml:base') ?? attr(root, 'xml:base'), feedUrl) ?? feedUrl;
  // Some generators put items beside the channel instead of inside it.
  const entries = [...asArray(ch.item), ...asArray(root.item)];
  return {
    format: 'rss2',
    ...optional('titleHtml', htmlOf(ch.title)),
    ...optional('link', rssLink(ch)),
    ...optional('language', plainOf(ch.language) ?? plainOf(ch['dc:language']) ?? attr(ch, 'xml:lang') ?? attr(root, 'xml:lang')),
    entries,
    base,
    toRawItem: rssItem,
  };
}

/** RSS 1.0: <rdf:RDF><channel/><item/>... with items beside the channel. */
export function readRdf(root: XmlElement, feedUrl: string): RawFeed {
  const channel = first(root.channel);
  const ch: XmlElement = isElement(channel) ? channel : {};
  const base = resolveHttpUrl(attr(root, 'xml:base'), feedUrl) ?? feedUrl;
  return {
    format: 'rss1',
    ...optional('titleHtml', htmlOf(ch.title)),
    ...optional('link', rssLink(ch)),
    ...optional('language', plainOf(ch['dc:language']) ?? attr(root, 'xml:lang')),
    entries: asArray(root.item),
    base,
    toRawItem: rssItem,
  };
}
