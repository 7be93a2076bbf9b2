/**
 * Full-article extraction for sources that publish only teasers: the page's main text, found by
 * Mozilla Readability (Firefox Reader View) over a linkedom DOM (light, no browser engine).
 */
import type * as ReadabilityModule from '@mozilla/readability';
import type * as LinkedomModule from 'linkedom';
import { TextDecoder } from 'node:util';
import { charsetFromContentType } from '../../domain/charset-decoder';
import { extractHtmlText } from '../../domain/html-text';
import type { GuardedHttpClient, HttpGetOptions } from '@pulse/safe-http';

export interface ExtractedArticle {
  title?: string;
  /** Plain text with paragraph breaks. */
  text: string;
  excerpt?: string;
  byline?: string;
  publishedTime?: string;
  lang?: string;
}

// Loaded on the first extraction: only sources with fetchFullArticle need them, and linkedom
// (with its own htmlparser2) costs ~12 MiB of resident memory in every replica otherwise.
let readability: typeof ReadabilityModule | undefined;
let linkedom: typeof LinkedomModule | undefined;

/** Shorter extractions are navigation or paywall stubs, not articles. */
const MIN_TEXT = 200;

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}

/** Extracts the main text of an article page; undefined when the page has no readable article. */
export function extractArticle(html: string, url: string): ExtractedArticle | undefined {
  // A <base> makes Readability resolve the page's relative links against the page URL.
  const withBase = /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, `<head$1><base href="${url.replace(/"/g, '&quot;')}">`) : html;
  linkedom ??= require('linkedom') as typeof LinkedomModule;
  readability ??= require('@mozilla/readability') as typeof ReadabilityModule;
  const { document } = linkedom.parseHTML(withBase);
  let parsed: ReturnType<ReadabilityModule.Readability['parse']>;
  try {
    parsed = new readability.Readability(document as never, { charThreshold: MIN_TEXT }).parse();
  } catch {
    return undefined; // an odd page is "no article", never a failure of the fetch cycle
  }
  if (!parsed?.content) return undefined;
  const text = extractHtmlText(parsed.content, { paragraphs: true, maxLength: 100_000 }).text;
  if (text.length < MIN_TEXT) return undefined;
  return defined({
    text,
    title: parsed.title ?? undefined,
    excerpt: parsed.excerpt ?? undefined,
    byline: parsed.byline ?? undefined,
    publishedTime: parsed.publishedTime ?? undefined,
    lang: parsed.lang ?? undefined,
  });
}

function decodeHtml(body: Buffer, contentType: string | undefined): string {
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  for (const label of [charsetFromContentType(contentType), meta, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // unknown label: try the next
    }
  }
  return body.toString('utf8');
}

/** Fetches an article page through the guarded client and extracts its text. */
export async function fetchArticle(url: string, client: GuardedHttpClient, options: HttpGetOptions = {}): Promise<ExtractedArticle | undefined> {
  const response = await client.get(url, { ...options, headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5', ...options.headers } });
  if (response.status === 304) return undefined;
  return extractArticle(decodeHtml(response.body, response.headers['content-type']), response.url);
}
