import { PermanentError } from '@pulse/errors';
import { parseArticleLink, shortLinkLabel, type ArticleLink } from './article-link';
import { buildHashtags } from './hashtags';
import type { Platform } from './platform';
import { PLATFORM_RULES, fitsPlatform, type PlatformRules } from './platform-rules';
import { findHashtags, findUrls, graphemeBoundaries, segmentWords, type TextRange } from './text-measure';

export interface ComposeInput {
  platform: Platform;
  /** The summary or variant text. */
  text: string;
  articleUrl?: string;
  niche?: string;
  keywords?: readonly string[];
  /** Overrides the platform's default number of hashtags. */
  maxHashtags?: number;
}

/** A link or hashtag inside the composed text, with UTF-16 offsets into `text`. */
export interface PostEntity extends TextRange {
  kind: 'link' | 'hashtag';
  /** The link target (href) or the tag without '#'. */
  value: string;
}

export interface ComposedPost {
  platform: Platform;
  text: string;
  /** Length in the platform's own unit (graphemes, X weight, ...). */
  length: number;
  maxLength: number | undefined;
  /** Whether the body text was shortened (ends with "…"). */
  truncated: boolean;
  hashtags: string[];
  link: ArticleLink | undefined;
  entities: PostEntity[];
}

const ELLIPSIS = '…';
// Built at run time: the `v` flag needs a newer TypeScript target than the repo's ES2022.
const CONTROL_EXCEPT_NEWLINE = new RegExp('[\\p{Cc}--\\n]', 'gv');

/**
 * Composes one post for a platform: body, article link, then hashtags, within the platform's
 * limit. Hashtags are dropped (last first) before any text is cut; text is cut after a whole
 * word (or, for one over-long word, a whole grapheme), never inside a link or hashtag, and
 * ends with an ellipsis.
 */
export function composePost(input: ComposeInput): ComposedPost {
  const rules = PLATFORM_RULES[input.platform];
  const body = normalizeBody(input.text);
  const link = input.articleUrl === undefined ? undefined : parseArticleLink(input.articleUrl);
  const linkText = link === undefined ? undefined : rules.linkStyle === 'short' ? shortLinkLabel(link) : link.href;
  const bodyTags = findHashtags(body).map((t) => t.tag);
  const sources = [input.niche ?? '', ...(input.keywords ?? [])];
  const tags = buildHashtags(sources, bodyTags).slice(0, Math.max(0, input.maxHashtags ?? rules.maxHashtags));

  for (let n = tags.length; n >= 0; n -= 1) {
    const parts = { body, linkText, tags: tags.slice(0, n) };
    if (fitsPlatform(rules, assemble(parts).text)) return finish(rules, parts, link, false);
  }
  const cut = truncateBody(body, (candidate) => fitsPlatform(rules, assemble({ body: candidate, linkText, tags: [] }).text));
  if (cut === undefined) {
    throw new PermanentError(`The article link alone does not fit a ${input.platform} post`, { code: 'post-too-long' });
  }
  return finish(rules, { body: cut, linkText, tags: [] }, link, true);
}

/** NFC, no control characters, single spaces, at most one blank line between paragraphs. */
export function normalizeBody(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(CONTROL_EXCEPT_NEWLINE, '')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Parts {
  body: string;
  linkText: string | undefined;
  tags: readonly string[];
}

function assemble(parts: Parts): { text: string; linkStart: number | undefined; tagsStart: number | undefined } {
  const pieces: string[] = [];
  let offset = 0;
  const push = (piece: string): number => {
    if (pieces.length > 0) offset += 2;
    const start = offset;
    pieces.push(piece);
    offset += piece.length;
    return start;
  };
  if (parts.body !== '') push(parts.body);
  const linkStart = parts.linkText === undefined ? undefined : push(parts.linkText);
  const tagsStart = parts.tags.length === 0 ? undefined : push(parts.tags.map((t) => `#${t}`).join(' '));
  return { text: pieces.join('\n\n'), linkStart, tagsStart };
}

function finish(rules: PlatformRules, parts: Parts, link: ArticleLink | undefined, truncated: boolean): ComposedPost {
  const { text, linkStart, tagsStart } = assemble(parts);
  const entities: PostEntity[] = [
    ...findUrls(parts.body).map((u) => ({ kind: 'link' as const, start: u.start, end: u.end, value: hrefOf(u.url) })),
    ...findHashtags(parts.body).map((h) => ({ kind: 'hashtag' as const, start: h.start, end: h.end, value: h.tag })),
  ];
  if (link !== undefined && linkStart !== undefined && parts.linkText !== undefined) {
    entities.push({ kind: 'link', start: linkStart, end: linkStart + parts.linkText.length, value: link.href });
  }
  let cursor = tagsStart ?? 0;
  for (const tag of parts.tags) {
    entities.push({ kind: 'hashtag', start: cursor, end: cursor + tag.length + 1, value: tag });
    cursor += tag.length + 2;
  }
  entities.sort((a, b) => a.start - b.start);
  return {
    platform: rules.platform,
    text,
    length: rules.measure(text),
    maxLength: rules.maxLength,
    truncated,
    hashtags: [...parts.tags],
    link,
    entities,
  };
}

function hrefOf(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * The longest prefix of the body, cut at a word end and closed with "…", that fits. Falls back
 * to grapheme boundaries when not even the first word fits; undefined when nothing fits.
 */
function truncateBody(body: string, fits: (candidate: string) => boolean): string | undefined {
  const protectedRanges: TextRange[] = [...findUrls(body), ...findHashtags(body)];
  const allowed = (pos: number): boolean => protectedRanges.every((r) => pos <= r.start || pos >= r.end);
  const wordEnds = Array.from(segmentWords(body))
    .filter((s) => s.isWordLike)
    .map((s) => s.index + s.segment.length)
    .filter(allowed);
  const candidate = (pos: number): string => {
    const head = body.slice(0, pos).replace(/[\s,;:.\-–—]+$/u, '');
    return head === '' ? '' : head + ELLIPSIS;
  };
  const byWord = longestFitting(wordEnds, candidate, fits);
  if (byWord !== undefined) return byWord;
  const byGrapheme = longestFitting(graphemeBoundaries(body).filter((p) => p > 0 && allowed(p)), candidate, fits);
  if (byGrapheme !== undefined) return byGrapheme;
  return fits('') ? '' : undefined;
}

// Length grows with the prefix, so binary search finds the frontier; the short linear walk
// afterwards covers the rare non-monotonic step (a cut that turns "a.b" into a bare domain).
function longestFitting(positions: number[], candidate: (pos: number) => string, fits: (text: string) => boolean): string | undefined {
  let lo = 0;
  let hi = positions.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const text = candidate(positions[mid] ?? 0);
    if (text !== '' && fits(text)) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = Math.min(positions.length - 1, best + 3); i >= 0; i -= 1) {
    const text = candidate(positions[i] ?? 0);
    if (text !== '' && fits(text)) return text;
  }
  return undefined;
}
