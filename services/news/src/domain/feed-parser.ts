/**
 * parseFeed: bytes from the wire -> ParsedFeed, for RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON
 * Feed 1.1. A document that is not a feed throws PermanentError (code "not-a-feed" or
 * "malformed-feed"); an entry that cannot be used is skipped and listed with its reason.
 */
import { PermanentError, describeError } from '@pulse/errors';
import { readAtom } from './atom-feed.normalizer';
import { decodeFeedBytes } from './charset-decoder';
import { detachOptional, detachString } from './detached-string';
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

/**
 * The item with every string copied out of the document (see detached-string.ts): items outlive
 * the body by the whole write (queue, transaction, outbox), and a slice would keep it alive.
 */
function detachItem(item: ParsedItem): ParsedItem {
  const summary = detachString(item.summary);
  const copy: ParsedItem = {
    url: detachString(item.url),
    title: detachString(item.title),
    summary,
    // Often the same string (a feed without content): copied once.
    contentText: item.contentText === item.summary ? summary : detachString(item.contentText),
    categories: item.categories.map(detachString),
  };
  const guid = detachOptional(item.guid);
  if (guid !== undefined) copy.guid = guid;
  const author = detachOptional(item.author);
  if (author !== undefined) copy.author = author;
  if (item.publishedAt !== undefined) copy.publishedAt = item.publishedAt;
  const imageUrl = detachOptional(item.imageUrl);
  if (imageUrl !== undefined) copy.imageUrl = imageUrl;
  return copy;
}

/** Parses and normalizes a feed document; the result references no part of `input`. */
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
      if (typeof item === 'string') skipped.push({ index, reason: detachString(item) });
      else items.push(detachItem(item));
    } catch (error) {
      // One odd entry must never cost the rest of the feed.
      skipped.push({ index, reason: `entry could not be read: ${describeError(error)}` });
    }
  });
  const feed: ParsedFeed = {
    format: raw.format,
    title: raw.titleHtml === undefined ? '' : detachString(htmlToText(raw.titleHtml, 300)),
    link: detachString(resolveHttpUrl(raw.link, raw.base) ?? options.url),
    items,
    skipped,
  };
  const language = raw.language?.trim().toLowerCase();
  if (language) feed.language = detachString(language);
  return feed;
}
