import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@pulse/errors';
import { parseFeed } from '../src/domain/feed-parser';
import type { ParsedFeed } from '../src/domain/feed.types';

const FEED_URL = 'https://feeds.example.net/path/feed.xml';
const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));
const parse = (name: string, contentType?: string): ParsedFeed => parseFeed(fixture(name), { url: FEED_URL, ...(contentType ? { contentType } : {}) });
const byTitle = (feed: ParsedFeed, prefix: string) => {
  const item = feed.items.find((i) => i.title.startsWith(prefix));
  if (!item) throw new Error(`no item titled "${prefix}…" in ${feed.items.map((i) => i.title).join(' | ')}`);
  return item;
};

describe('parseFeed: RSS 2.0', () => {
  const feed = parse('rss2-standard.xml');

  it('reads the channel and every item with namespaced fields', () => {
    expect(feed).toMatchObject({ format: 'rss2', title: 'Northwind Tech Daily', link: 'https://www.northwind-tech.example/', language: 'en-us' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 'northwind-48213',
      url: 'https://www.northwind-tech.example/2024/06/04/arvion-2nm-processor?utm_source=rss&utm_medium=feed',
      title: 'Chipmaker Arvion unveils 2nm processor for laptops',
      summary: 'Arvion says its first 2-nanometre chip cuts power use by 30%.',
      contentText:
        'Arvion on Tuesday unveiled its first processor built on a 2-nanometre process.\n\nThe company says the chip uses 30% less power than its predecessor & will ship in laptops this autumn.',
      author: 'Maya Lindqvist',
      publishedAt: new Date('2024-06-04T08:15:00Z'),
      categories: ['Chips', 'Laptops'],
      imageUrl: 'https://cdn.northwind-tech.example/img/arvion-chip-large.jpg',
    });
  });

  it('drops script text from content and takes the name out of an "email (Name)" author', () => {
    expect(feed.items[0]!.contentText).not.toContain('trackView');
    expect(feed.items[1]!.author).toBe('Sam Okafor');
  });

  it('converts numeric zone offsets to UTC and takes an image enclosure as the image', () => {
    expect(feed.items[1]!.publishedAt).toEqual(new Date('2024-06-03T15:40:00Z'));
    expect(feed.items[1]!.imageUrl).toBe('https://cdn.northwind-tech.example/img/quillstore.png');
  });
});

describe('parseFeed: what real RSS feeds do', () => {
  const feed = parse('rss2-nasty.xml');

  it('strips HTML from titles and decodes entities, including double-escaped ones', () => {
    expect(feed.title).toBe('Nasty & Co News');
    expect(byTitle(feed, 'Markets').title).toBe('Markets rally as "soft landing" hopes grow — again');
    expect(byTitle(feed, 'AT&T').title).toBe('AT&T and Verizon & the spectrum auction');
  });

  it('resolves relative links against xml:base, trimming whitespace', () => {
    expect(byTitle(feed, 'Markets').url).toBe('https://news.example.org/section/stories/markets-rally.html#comments');
    expect(byTitle(feed, 'AT&T').url).toBe('https://news.example.org/telecom/spectrum-auction?id=42&ref=rss');
    expect(byTitle(feed, 'AT&T').imageUrl).toBe('https://news.example.org/img/spectrum.jpg');
  });

  it('sanitizes descriptions: no script or style text, &nbsp; becomes a space', () => {
    expect(byTitle(feed, 'Markets').summary).toBe('Stocks rose on Friday. Investors cheered.');
    expect(byTitle(feed, 'AT&T').summary).toBe('Both carriers bid heavily.');
  });

  it('maps an unconventional namespace prefix to Dublin Core and content', () => {
    expect(byTitle(feed, 'Markets').author).toBe('Ana Ruiz');
    expect(byTitle(feed, 'Inline markup').contentText).toBe('First paragraph.\n\nSecond paragraph with a link.');
  });

  it('reads unescaped inline HTML in a description as HTML', () => {
    expect(byTitle(feed, 'Inline markup').summary).toBe('Raw HTML inside the description & an ampersand.');
  });

  it('reads zone abbreviations V8 does not know and zone-less times as UTC', () => {
    expect(byTitle(feed, 'Markets').publishedAt).toEqual(new Date('2024-06-07T14:05:00Z'));
    expect(byTitle(feed, 'AT&T').publishedAt).toEqual(new Date('2024-06-07T09:00:00Z'));
  });

  it('leaves an unparseable or impossible date out instead of inventing one', () => {
    expect(byTitle(feed, 'Item with only a permalink guid').publishedAt).toBeUndefined();
    expect(byTitle(feed, 'Inline markup').publishedAt).toBeUndefined();
  });

  it('uses a permalink guid as the URL when there is no link', () => {
    expect(byTitle(feed, 'Item with only a permalink guid').url).toBe('https://news.example.org/stories/guid-only');
  });

  it('derives a title from the text when the item has none', () => {
    const untitled = feed.items.find((i) => i.url.endsWith('/untitled'))!;
    expect(untitled.title.startsWith('A teaser with no title: the central bank')).toBe(true);
    expect(untitled.title.length).toBeLessThanOrEqual(120);
    expect(untitled.title.endsWith('…')).toBe(true);
  });

  it('deduplicates categories case-insensitively, keeping the first spelling', () => {
    expect(byTitle(feed, 'AT&T').categories).toEqual(['Telecom', 'Policy & Regulation']);
  });

  it('skips unusable items with a reason and keeps the rest', () => {
    expect(feed.items).toHaveLength(5);
    expect(feed.skipped).toEqual([
      { index: 4, reason: 'no link' },
      { index: 5, reason: 'link is not an http(s) URL: javascript:alert(document.cookie)' },
      { index: 7, reason: 'entry has no elements' },
    ]);
  });
});

describe('parseFeed: RSS 1.0 (RDF)', () => {
  const feed = parse('rss1-rdf.rdf');

  it('reads items beside the channel with rdf:about as the guid and dc: fields', () => {
    expect(feed).toMatchObject({ format: 'rss1', title: 'Science Wire', language: 'en' });
    expect(feed.items.map((i) => i.guid)).toEqual([
      'https://science-wire.example/articles/comet-water',
      'https://science-wire.example/articles/coral-heat',
    ]);
    expect(feed.items[0]).toMatchObject({ author: 'Lena Park', categories: ['Astronomy'], publishedAt: new Date('2024-06-05T12:20:00Z') });
    expect(feed.items[1]!.publishedAt).toEqual(new Date('2024-06-04T00:00:00Z'));
    expect(feed.items[1]!.contentText).toBe('Reef surveys across the Pacific show resilient strains now cover a fifth of sites.');
  });
});

describe('parseFeed: Atom 1.0', () => {
  const feed = parse('atom-standard.xml');

  it('picks the alternate link resolved against nested xml:base', () => {
    expect(feed).toMatchObject({ format: 'atom', title: 'The Ledger Review', link: 'https://ledger-review.example/', language: 'en-gb' });
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://ledger-review.example/markets/bond-yields-slip',
      'https://ledger-review.example/opinion/small-caps-lag',
      'https://ledger-review.example/briefs/777',
    ]);
  });

  it('reads html and xhtml text constructs as plain text with paragraphs', () => {
    const [bonds] = feed.items;
    expect(bonds!.title).toBe('Bond yields slip after jobs data');
    expect(bonds!.summary).toBe('Ten-year yields fell to 4.1%.');
    expect(bonds!.contentText).toBe('Ten-year Treasury yields fell to 4.1% on Friday after weaker hiring data.\n\nTraders now price two rate cuts this year.');
  });

  it('prefers published over updated, reads author names, category labels and image links', () => {
    const [bonds, smallCaps] = feed.items;
    expect(bonds).toMatchObject({
      guid: 'tag:ledger-review.example,2024:991',
      author: 'Priya Natarajan',
      categories: ['Bonds', 'macro'],
      publishedAt: new Date('2024-06-06T11:30:00Z'),
      imageUrl: 'https://ledger-review.example/img/bonds.jpg',
    });
    expect(smallCaps).toMatchObject({ publishedAt: new Date('2024-06-05T07:00:00Z'), imageUrl: 'https://ledger-review.example/img/smallcaps-thumb.jpg' });
  });

  it('reads a feed whose Atom elements carry a namespace prefix', () => {
    const prefixed = parse('atom-prefixed.xml');
    expect(prefixed.items).toEqual([
      expect.objectContaining({ title: 'Prefixed entry', url: 'https://prefixed.example/one', guid: 'urn:prefixed:1' }),
    ]);
  });
});

describe('parseFeed: JSON Feed 1.1', () => {
  const feed = parse('jsonfeed-1.1.json');

  it('reads items, authors (1.1 and 1.0 style), tags, images and dates', () => {
    expect(feed).toMatchObject({ format: 'json', title: 'Orbit & Beyond', link: 'https://orbit-beyond.example/', language: 'en' });
    expect(feed.items[0]).toEqual({
      guid: '2024-06-05-launch',
      url: 'https://orbit-beyond.example/posts/launch-window?fbclid=abc123',
      title: 'Launch window opens for lunar cargo lander',
      summary: 'Kestrel could fly Thursday.',
      contentText: 'The Kestrel lander could fly as soon as Thursday.\n\nWeather is 70% favourable.',
      author: 'Diego Alvarez',
      publishedAt: new Date('2024-06-05T10:00:00Z'),
      categories: ['Space', 'Moon'],
      imageUrl: 'https://orbit-beyond.example/img/kestrel.jpg',
    });
  });

  it('resolves relative item URLs against feed_url, keeps content_text paragraphs and numeric ids', () => {
    expect(feed.items[1]).toMatchObject({
      guid: '1717600000',
      url: 'https://orbit-beyond.example/posts/asteroid-sample',
      author: 'Kim Sato',
      contentText: 'Scientists found amino acids in the asteroid sample.\n\nThe results appear in a new study.',
    });
  });

  it('skips items without a URL and items that are not objects', () => {
    expect(feed.skipped).toEqual([
      { index: 2, reason: 'no link' },
      { index: 3, reason: 'entry is not an object' },
    ]);
  });
});

describe('parseFeed: encodings', () => {
  it('decodes ISO-8859-1 declared in the XML prolog', () => {
    expect(parse('rss2-iso-8859-1.xml').items[0]).toMatchObject({ title: 'Café Zürich: Straße © 2024', summary: 'Crème brûlée für alle' });
  });

  it('decodes windows-1252 punctuation (curly quotes, euro, em dash)', () => {
    expect(parse('rss2-windows-1252.xml').items[0]).toMatchObject({ title: '\u201cQuoted\u201d headline', summary: 'Price: \u20ac5 \u2014 cheap' });
  });

  it('falls back to windows-1252 when an undeclared document is not valid UTF-8', () => {
    expect(parse('rss2-undeclared-latin1.xml').items[0]).toMatchObject({ title: 'Résumé of the día', summary: 'Niño' });
  });

  it('honours a UTF-8 BOM and a UTF-16LE BOM', () => {
    expect(parse('rss2-utf8-bom.xml').items[0]).toMatchObject({ title: 'BOM first — ünïcödé ✓', summary: '日本語のテキスト' });
    expect(parse('rss2-utf16le-bom.xml').items[0]).toMatchObject({ title: 'Sixteen bits: Ελληνικά', summary: 'Кириллица' });
  });

  it('prefers the document declaration over a wrong HTTP charset', () => {
    expect(parse('rss2-iso-8859-1.xml', 'application/rss+xml; charset=utf-8').items[0]!.title).toBe('Café Zürich: Straße © 2024');
  });
});

describe('parseFeed: documents that are not feeds', () => {
  const failure = (name: string): PermanentError => {
    try {
      parse(name);
    } catch (error) {
      return error as PermanentError;
    }
    throw new Error(`${name} parsed without an error`);
  };

  it('refuses an HTML page with a hint about the feed address', () => {
    const error = failure('not-a-feed.html');
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'not-a-feed', retriable: false });
    expect(error.message).toMatch(/HTML page, not a feed/);
  });

  it('refuses XML with another root element, naming it', () => {
    expect(failure('not-a-feed.xml')).toMatchObject({ code: 'not-a-feed', message: expect.stringContaining('<sitemap>') });
  });

  it('refuses malformed XML with the line and column', () => {
    expect(failure('malformed.xml')).toMatchObject({ code: 'malformed-feed', message: expect.stringMatching(/line 2, column \d+/) });
  });

  it('refuses a truncated download instead of returning half a feed', () => {
    expect(failure('truncated.xml')).toMatchObject({ code: 'malformed-feed', message: expect.stringContaining('truncated') });
  });

  it('refuses empty bodies, plain text and JSON that is not a JSON Feed', () => {
    expect(() => parseFeed(Buffer.from('   '), { url: FEED_URL })).toThrow(/empty/);
    expect(() => parseFeed('hello world', { url: FEED_URL })).toThrow(/neither XML nor JSON/);
    expect(() => parseFeed('{"name": "not a feed"}', { url: FEED_URL })).toThrow(/not a JSON Feed/);
    expect(() => parseFeed('{"items": [', { url: FEED_URL })).toThrow(expect.objectContaining({ code: 'malformed-feed' }));
  });
});

describe('parseFeed: limits', () => {
  it('reads at most maxItems entries', () => {
    const items = Array.from({ length: 30 }, (_, i) => `<item><title>Story ${i}</title><link>https://x.example/${i}</link></item>`).join('');
    const feed = parseFeed(`<rss version="2.0"><channel><title>Many</title>${items}</channel></rss>`, { url: FEED_URL, maxItems: 10 });
    expect(feed.items.map((i) => i.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Story ${i}`));
  });

  it('uses the feed URL as the feed link when the channel names none', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>No link</title></channel></rss>', { url: FEED_URL });
    expect(feed).toEqual({ format: 'rss2', title: 'No link', link: FEED_URL, items: [], skipped: [] });
  });
});
