/**
 * HTML -> plain text for feed fields. Built on htmlparser2 (the tokenizer under html-to-text and
 * sanitize-html) directly: feeds carry small fragments by the thousand, and a streaming callback
 * pass is several times faster than building a DOM. "Sanitized" here means: no markup survives,
 * and the text of script/style/embedded documents is dropped rather than shown.
 */
import { Parser } from 'htmlparser2';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'select', 'button', 'form']);
const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'blockquote',
  'section', 'article', 'header', 'footer', 'aside', 'pre', 'hr', 'figure', 'figcaption', 'address', 'main', 'nav',
]);
// Zero-width characters and soft hyphens are invisible in a browser but break word matching.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

export interface HtmlTextOptions {
  /** Keep paragraph breaks ("\n\n") instead of collapsing everything to one line. Default false. */
  paragraphs?: boolean;
  /** Cut at this many characters (on a word boundary, with an ellipsis). */
  maxLength?: number;
}

export interface HtmlTextResult {
  text: string;
  /** The `src` of the first <img>, as written (may be relative). */
  firstImageSrc?: string;
}

/** Converts an HTML fragment to plain text and reports its first image. */
export function extractHtmlText(html: string, options: HtmlTextOptions = {}): HtmlTextResult {
  // Most titles and many summaries contain no markup and no entities: skip the tokenizer.
  if (!html.includes('<') && !html.includes('&')) {
    return { text: collapseText(html, options) };
  }
  const parts: string[] = [];
  let skipDepth = 0;
  let firstImageSrc: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (BLOCKS.has(name)) parts.push('\n\n');
        else if (name === 'img' && firstImageSrc === undefined && attribs.src) firstImageSrc = attribs.src;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCKS.has(name)) parts.push('\n\n');
        else if (name === 'td' || name === 'th') parts.push(' ');
      },
      ontext(text) {
        if (skipDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: true },
  );
  parser.write(html);
  parser.end();
  const result: HtmlTextResult = { text: collapseText(parts.join(''), options) };
  if (firstImageSrc !== undefined) result.firstImageSrc = firstImageSrc;
  return result;
}

/** Plain text of an HTML fragment on one line (titles, summaries). */
export function htmlToText(html: string, maxLength?: number): string {
  return extractHtmlText(html, maxLength === undefined ? {} : { maxLength }).text;
}

/** Collapses whitespace (keeping paragraph breaks when asked) and truncates. */
export function collapseText(text: string, options: HtmlTextOptions = {}): string {
  let out = text.replace(INVISIBLE, '');
  if (options.paragraphs) {
    out = out
      .split(/\n\s*\n/)
      .map((para) => para.replace(/\s+/g, ' ').trim())
      .filter((para) => para.length > 0)
      .join('\n\n');
  } else {
    out = out.replace(/\s+/g, ' ').trim();
  }
  return options.maxLength === undefined ? out : truncateText(out, options.maxLength);
}

/** Cuts text to at most `maxLength` characters on a word boundary, ending with "…". */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, Math.max(0, maxLength - 1));
  // The cut may fall exactly at the end of a word; otherwise back up to the last space.
  const boundary = /\s/.test(text[cut.length] ?? '') ? cut.length : cut.lastIndexOf(' ');
  const head = boundary > maxLength * 0.6 ? cut.slice(0, boundary) : cut;
  return `${head.replace(/[\s,;:.!?-]+$/, '')}…`;
}
