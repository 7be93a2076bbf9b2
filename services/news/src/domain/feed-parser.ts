/**
 * parseFeed: bytes from the wire -> ParsedFeed, for RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON
 * Feed 1.1. A document that is not a feed throws PermanentError (code "not-a-feed" or
 * "malformed-feed"); an entry that cannot be used is skipped and listed with its reason.
 */
import { PermanentError, describeError } from '@pulse/errors';
import { readAtom } from './atom-feed.normalizer';
import { decodeFeedBytes } from './charset-decoder';
import type { ParseFeedOptions, ParsedFeed, ParsedItem, SkippedItem } from './feed.types';
import { htmlToText } from './html-text';
import { isJsonFeed, readJsonFeed } from './json-feed.normalizer';
import { normalizeRawItem, resolveHttpUrl, type RawFeed } from './raw-item.normalizer';
import { readRdf, readRss2 } from './rss-feed.normalizer';
import { parseXmlDocument } from './xml-document.parser';

const DEFAULT_MAX_ITEMS = 500;

function notAFeed(message: string): PermanentError {
  return new PermanentError(message, { code: 'not-a-feed' });
}

function readJson(text: string, url: string): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new PermanentError(`The feed is not valid JSON: ${describeError(error)}`, { code: 'malformed-feed', cause: error });
  }
  if (!isJsonFeed(doc)) throw notAFeed('The JSON document is not a JSON Feed (no "version" or "items")');
  return readJsonFeed(doc, url);
}

function readXml(text: string, url: string): RawFeed {
  if (/^<!doctype\s+html|^<html[\s>]/i.test(text)) {
    throw notAFeed('The document is an HTML page, not a feed (a site address instead of its feed address?)');
  }
  const { rootName, root } = parseXmlDocument(text);
  switch (rootName.toLowerCase()) {
    case 'rss':
      return readRss2(root, url);
    case 'rdf:rdf':
      return readRdf(root, url);
    case 'feed':
      return readAtom(root, url);
    default:
      throw notAFeed(`The document is XML but not a feed: its root element is <${rootName}>`);
  }
}

function readDocument(text: string, url: string): RawFeed {
  const start = text.search(/\S/);
  if (start < 0) throw notAFeed('The document is empty');
  const body = start === 0 ? text : text.slice(start);
  if (body[0] === '{') return readJson(body, url);
  if (body[0] === '<') return readXml(body, url);
  throw notAFeed(`The document is neither XML nor JSON (it starts with "${body.slice(0, 20)}")`);
}

/** Parses and normalizes a feed document. */
export function parseFeed(input: Uint8Array | string, options: ParseFeedOptions): ParsedFeed {
  const text = typeof input === 'string' ? input.replace(/^\ufeff/, '') : decodeFeedBytes(input, options.contentType).text;
  const raw = readDocument(text, options.url);
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const items: ParsedItem[] = [];
  const skipped: SkippedItem[] = [];
  raw.entries.slice(0, maxItems).forEach((entry, index) => {
    try {
      const mapped = raw.toRawItem(entry, raw.base);
      const item = typeof mapped === 'string' ? mapped : normalizeRawItem(mapped);
      if (typeof item === 'string') skipped.push({ index, reason: item });
      else items.push(item);
    } catch (error) {
      // One odd entry must never cost the rest of the feed.
      skipped.push({ index, reason: `entry could not be read: ${describeError(error)}` });
    }
  });
  const feed: ParsedFeed = {
    format: raw.format,
    title: raw.titleHtml === undefined ? '' : htmlToText(raw.titleHtml, 300),
    link: resolveHttpUrl(raw.link, raw.base) ?? options.url,
    items,
    skipped,
  };
  const language = raw.language?.trim().toLowerCase();
  if (language) feed.language = language;
  return feed;
}
