import { graphemeLength } from './text-measure';

/** Bluesky's limit for a tag, also a sane ceiling elsewhere. */
const MAX_TAG_GRAPHEMES = 64;

/**
 * Hashtags from a niche and keywords, in that order: CamelCase ("artificial intelligence" ->
 * "ArtificialIntelligence", "iPhone sales" -> "iPhoneSales"), only letters/digits (any script),
 * at least one letter, deduplicated case-insensitively, and skipping tags the text already has.
 */
export function buildHashtags(sources: readonly string[], existingTags: readonly string[] = []): string[] {
  const seen = new Set(existingTags.map(foldTag));
  const out: string[] = [];
  for (const source of sources) {
    const tag = toHashtag(source);
    if (tag === undefined) continue;
    const key = foldTag(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** One phrase as a CamelCase tag without '#', or undefined when nothing taggable is left. */
export function toHashtag(phrase: string): string | undefined {
  const words = phrase.normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w.length > 0);
  const tag = words.map(capitalizeLowercaseWord).join('');
  if (!/\p{L}/u.test(tag) || graphemeLength(tag) > MAX_TAG_GRAPHEMES) return undefined;
  return tag;
}

// Words with their own casing ("iPhone", "AI") keep it; plain lowercase words get a capital.
function capitalizeLowercaseWord(word: string): string {
  if (word !== word.toLocaleLowerCase('en')) return word;
  const first = word.codePointAt(0) ?? 0;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase('en') + word.slice(head.length);
}

function foldTag(tag: string): string {
  return tag.normalize('NFKC').toLocaleLowerCase('en');
}
