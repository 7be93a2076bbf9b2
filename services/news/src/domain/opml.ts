/**
 * OPML 1.0/2.0 subscription lists: read the feeds (with the folder or `category` they sit in, used
 * as the niche) and write a tenant's sources grouped by niche. Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '@pulse/errors';

export interface OpmlFeed {
  xmlUrl: string;
  title?: string;
  /** The enclosing folder's name, or the outline's first `category`. */
  category?: string;
}

type Outline = { '@_xmlUrl'?: string; '@_text'?: string; '@_title'?: string; '@_category'?: string; outline?: Outline[] };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => name === 'outline',
  processEntities: true,
  htmlEntities: true,
});

/** The feeds of an OPML document, depth first; ValidationError when it is not OPML. */
export function parseOpml(text: string): OpmlFeed[] {
  const body = text.replace(/^\uFEFF/, '').trim();
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new ValidationError('The OPML document is not well-formed XML', [`line ${valid.err.line}: ${valid.err.msg}`]);
  const doc = parser.parse(body) as { opml?: { body?: { outline?: Outline[] } | string } };
  if (doc.opml === undefined) throw new ValidationError('The document is not OPML', ['the root element must be <opml>']);
  const feeds: OpmlFeed[] = [];
  const walk = (outlines: Outline[] | undefined, folder: string | undefined): void => {
    for (const outline of outlines ?? []) {
      const name = (outline['@_title'] ?? outline['@_text'])?.trim() || undefined;
      const xmlUrl = outline['@_xmlUrl']?.trim();
      if (xmlUrl) {
        const category = outline['@_category']?.split(',').map((c) => c.trim().replace(/^\//, '')).find((c) => c.length > 0) ?? folder;
        feeds.push({ xmlUrl, ...(name ? { title: name } : {}), ...(category ? { category } : {}) });
      }
      walk(outline.outline, xmlUrl ? folder : (name ?? folder));
    }
  };
  walk(typeof doc.opml.body === 'object' ? doc.opml.body.outline : undefined, undefined);
  return feeds;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An OPML 2.0 document with one folder per niche. */
export function buildOpml(title: string, feeds: Array<{ url: string; title?: string | null; niche: string }>, now = new Date()): string {
  const byNiche = new Map<string, typeof feeds>();
  for (const feed of feeds) byNiche.set(feed.niche, [...(byNiche.get(feed.niche) ?? []), feed]);
  const folders = [...byNiche.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([niche, list]) => {
    const items = list.map((feed) => {
      const name = escapeAttr(feed.title || feed.url);
      return `      <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeAttr(feed.url)}" category="${escapeAttr(niche)}"/>`;
    });
    return [`    <outline text="${escapeAttr(niche)}" title="${escapeAttr(niche)}">`, ...items, '    </outline>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeAttr(title)}</title><dateCreated>${now.toUTCString()}</dateCreated></head>`,
    '  <body>',
    ...folders,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
