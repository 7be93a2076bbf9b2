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

/** JavaScript's \s (without \ufeff, which counts as invisible): what a whitespace run is made of. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * Zero-width characters and soft hyphens ([\u00ad\u200b-\u200d\u2060\ufeff]): invisible in a
 * browser but they break word matching, so they are skipped as if absent (so
 * "a\n\u200b\nb" is still a paragraph break).
 */
function isInvisible(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}

/**
 * Collapses whitespace (keeping paragraph breaks when asked) and truncates. One pass over the
 * text (this runs on every article body): invisible characters dropped, each whitespace run
 * becomes one space, or "\n\n" when paragraphs are kept and the run holds two line breaks (what
 * splitting on /\n\s*\n/ finds), nothing at the start and end. Same result as the regex chain
 * it replaced (remove invisibles, split on /\n\s*\n/, `replace(/\s+/g, ' ')`, trim, join), a unit
 * test compares them.
 */
export function collapseText(text: string, options: HtmlTextOptions = {}): string {
  const paragraphs = options.paragraphs === true;
  const length = text.length;
  const pieces: string[] = [];
  let newlines = 0;
  let inRun = false;
  // Start of the current stretch copied verbatim (words joined by single plain spaces), or -1.
  let verbatimFrom = -1;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 0x20;
    const space = isSpace(code);
    if (!space && !isInvisible(code)) {
      if (verbatimFrom < 0) {
        if (inRun && pieces.length > 0) pieces.push(paragraphs && newlines >= 2 ? '\n\n' : ' ');
        inRun = false;
        newlines = 0;
        verbatimFrom = i;
      }
      continue;
    }
    // A lone plain space between two words is already collapsed: keep copying.
    if (code === 0x20 && verbatimFrom >= 0 && i + 1 < length) {
      const next = text.charCodeAt(i + 1);
      if (!isSpace(next) && !isInvisible(next)) continue;
    }
    if (verbatimFrom >= 0) {
      pieces.push(text.slice(verbatimFrom, i));
      verbatimFrom = -1;
    }
    if (space) {
      inRun = true;
      if (code === 0x0a) newlines++;
    }
  }
  const out = pieces.length === 1 ? pieces[0]! : pieces.join('');
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
