// The news benchmark's corpus: `feeds` RSS 2.0 documents of `itemsPerFeed` items each, shaped like
// real full-content feeds (HTML teaser, content:encoded in CDATA, dc:creator, categories, guid,
// tracking parameters on some links), where a share of each feed's items are copies of items
// of other feeds (syndicated stories: same link and guid). Every item is a pure function of its
// position and the seed, so the feed server (a child process) and the parser comparison build
// byte-identical documents without passing them around.
import { headline, paragraphs, Random, sentence } from './english-text';

export interface CorpusShape {
  feeds: number;
  itemsPerFeed: number;
  /** Share of each feed's items that repeat an item of another feed (0.1 = 10%). */
  duplicateShare: number;
  /** Anchor of the publication dates (ms since epoch). */
  now: number;
  seed: number;
}

const CATEGORIES = ['technology', 'finance', 'science', 'politics', 'health', 'energy', 'transport', 'sport', 'culture', 'climate'];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Items of a feed that only it carries; the rest of its items repeat other feeds' originals. */
export function originalsPerFeed(shape: CorpusShape): number {
  return shape.itemsPerFeed - Math.round(shape.itemsPerFeed * shape.duplicateShare);
}

/**
 * Distinct articles a correct dedupe stores when feed f belongs to tenant f % tenants (dedupe is
 * per tenant, so a story copied from another tenant's feed is new for this one).
 */
export function uniqueItems(shape: CorpusShape, tenants = 1): number {
  const seen = Array.from({ length: tenants }, () => new Set<string>());
  for (let feed = 0; feed < shape.feeds; feed++) {
    for (const origin of itemOrigins(shape, feed)) seen[feed % tenants]!.add(`${origin.feed}/${origin.index}`);
  }
  return seen.reduce((sum, set) => sum + set.size, 0);
}

export const feedPath = (feed: number): string => `/feeds/${feed}.xml`;

function itemXml(shape: CorpusShape, feed: number, index: number): string {
  const random = new Random(shape.seed ^ Math.imul(feed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const site = `outlet-${feed}.example.org`;
  const slug = `${index}-${random.int(100_000, 999_999)}`;
  // Some feeds tag their links with analytics parameters; the canonical URL drops them.
  const link = `https://${site}/news/${slug}${random.next() < 0.3 ? '?utm_source=rss&utm_medium=feed' : ''}`;
  const title = headline(random);
  const teaser = `${sentence(random)} ${sentence(random)}`;
  const body = paragraphs(random, random.int(250, 450)).map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
  const categories = Array.from({ length: random.int(1, 3) }, () => `<category>${random.pick(CATEGORIES)}</category>`).join('');
  const published = new Date(shape.now - (feed % 24) * 3_600_000 - index * 600_000 - random.int(0, 599) * 1_000);
  return [
    '<item>',
    `<title>${escapeXml(title)}</title>`,
    `<link>${escapeXml(link)}</link>`,
    `<guid isPermaLink="false">${site}/${slug}</guid>`,
    `<pubDate>${published.toUTCString()}</pubDate>`,
    `<dc:creator>Staff writer ${random.int(1, 40)}</dc:creator>`,
    categories,
    `<description>&lt;p&gt;${escapeXml(escapeXml(teaser))}&lt;/p&gt;</description>`,
    `<content:encoded><![CDATA[${body}]]></content:encoded>`,
    '</item>',
  ].join('\n');
}

/** The feed whose originals feed `feed`'s duplicate slot `slot` copies (never itself). */
function duplicateSource(shape: CorpusShape, feed: number, slot: number): { feed: number; index: number } {
  const random = new Random(shape.seed ^ Math.imul(feed + 7, 0x27d4eb2f) ^ Math.imul(slot + 3, 0x165667b1));
  const offset = shape.feeds > 1 ? random.int(1, shape.feeds - 1) : 0;
  return { feed: (feed + offset) % shape.feeds, index: random.int(0, originalsPerFeed(shape) - 1) };
}

/** Where each item of a feed comes from: its own originals, then the copies of other feeds' items. */
export function itemOrigins(shape: CorpusShape, feed: number): Array<{ feed: number; index: number }> {
  const originals = originalsPerFeed(shape);
  const origins: Array<{ feed: number; index: number }> = [];
  for (let index = 0; index < originals; index++) origins.push({ feed, index });
  for (let slot = 0; slot < shape.itemsPerFeed - originals; slot++) origins.push(duplicateSource(shape, feed, slot));
  return origins;
}

/** The RSS 2.0 document of one feed. */
export function feedDocument(shape: CorpusShape, feed: number): string {
  const items = itemOrigins(shape, feed).map((origin) => itemXml(shape, origin.feed, origin.index));
  // Interleave the copies with the originals, as a feed mixing wire stories with its own would.
  const mixed = items.map((xml, i) => ({ xml, key: new Random(shape.seed + feed * 31 + i).next() })).sort((a, b) => a.key - b.key);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>Outlet ${feed} news</title>`,
    `<link>https://outlet-${feed}.example.org/</link>`,
    `<description>Latest stories from outlet ${feed}</description>`,
    '<language>en</language>',
    `<lastBuildDate>${new Date(shape.now).toUTCString()}</lastBuildDate>`,
    ...mixed.map((m) => m.xml),
    '</channel>',
    '</rss>',
  ].join('\n');
}
