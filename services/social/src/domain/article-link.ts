import { domainToUnicode } from 'node:url';
import { ValidationError } from '@pulse/errors';
import { graphemes } from './text-measure';

/** An article link in its two forms. */
export interface ArticleLink {
  /** What a client requests: punycode host, percent-encoded path (WHATWG URL serialization). */
  href: string;
  /** What a person reads: the host in its own script, the path decoded where that is safe. */
  display: string;
}

const SHORT_LINK_GRAPHEMES = 30;

/**
 * Parses an article URL. Only http(s) is accepted: anything else is not a link a platform
 * would render, and javascript:/data: URLs must never reach a post.
 */
export function parseArticleLink(raw: string): ArticleLink {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (cause) {
    throw new ValidationError('The article URL is not a valid URL', [`url: ${raw}`], { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('The article URL must use http or https', [`url: ${raw}`]);
  }
  const host = domainToUnicode(url.hostname) || url.hostname;
  const port = url.port === '' ? '' : `:${url.port}`;
  const display = `${url.protocol}//${host}${port}${safeDecode(url.pathname + url.search + url.hash)}`;
  return { href: url.href, display };
}

/** A readable label such as Bluesky's app shows: no scheme, no "www.", cut at 30 graphemes. */
export function shortLinkLabel(link: ArticleLink): string {
  let label = link.display.replace(/^https?:\/\//, '').replace(/^www\./, '');
  if (label.endsWith('/') && label.indexOf('/') === label.length - 1) label = label.slice(0, -1);
  const chars = graphemes(label);
  if (chars.length <= SHORT_LINK_GRAPHEMES) return label;
  return `${chars.slice(0, SHORT_LINK_GRAPHEMES - 1).join('')}…`;
}

// Decoding "%20" or "%2F" would change what the label says the link is; decode only what is
// neither whitespace, a control character nor a URL delimiter.
function safeDecode(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (encoded) => {
    try {
      const decoded = decodeURIComponent(encoded);
      return /[\s\p{C}/?#&=%+]/u.test(decoded) ? encoded : decoded;
    } catch {
      return encoded;
    }
  });
}
