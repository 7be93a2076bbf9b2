/**
 * Article language as ISO 639-1.
 *
 * Order of evidence, cheapest first:
 * 1. the language the feed declares (RSS <language>, xml:lang, JSON Feed `language`);
 * 2. function words: in a title plus lead of the major Latin-script news languages, words like
 *    "the/of/and", "der/und/die", "le/et/des" decide clearly and cost microseconds;
 * 3. tinyld's n-gram statistics, for everything else (about a millisecond per article and ~45 MiB
 *    of tables, loaded on first use, which is why it comes last).
 * Very short texts give undefined rather than a guess.
 */
import type * as Tinyld from 'tinyld';

// tinyld's n-gram tables cost ~45 MiB of resident memory; most news text is decided by function
// words, so they are loaded on the first article that needs them, not at start.
let tinyld: typeof Tinyld | undefined;
function detectByNgrams(sample: string): string {
  tinyld ??= require('tinyld') as typeof Tinyld;
  return tinyld.detect(sample);
}

const MIN_TEXT = 24;
const SAMPLE = 240;
/** Function-word hits needed, and the lead over the runner-up, for the fast path to decide. */
const MIN_HITS = 3;
const MIN_LEAD = 2;

// Frequent, short, mostly language-exclusive function words.
const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'of', 'and', 'to', 'in', 'is', 'that', 'for', 'with', 'was', 'on', 'it', 'by', 'as', 'from', 'its', 'has', 'have', 'after', 'said', 'this', 'are', 'will'],
  de: ['der', 'die', 'und', 'das', 'den', 'ist', 'nicht', 'mit', 'sich', 'auf', 'dem', 'ein', 'eine', 'auch', 'für', 'wird', 'von', 'im', 'zu', 'hat'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'une', 'du', 'dans', 'pour', 'que', 'qui', 'sur', 'au', 'pas', 'avec', 'il', 'ses', 'aux', 'été'],
  es: ['el', 'los', 'las', 'y', 'del', 'en', 'que', 'por', 'una', 'para', 'con', 'es', 'se', 'su', 'al', 'como', 'más', 'ha', 'sus'],
  it: ['il', 'di', 'che', 'e', 'della', 'del', 'per', 'non', 'una', 'sono', 'gli', 'le', 'nel', 'alla', 'con', 'ha', 'è', 'anche', 'dei'],
  pt: ['o', 'os', 'as', 'de', 'do', 'da', 'em', 'que', 'não', 'uma', 'para', 'com', 'no', 'na', 'dos', 'se', 'mais', 'foi', 'ao', 'pelo'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'op', 'dat', 'zijn', 'met', 'voor', 'ook', 'aan', 'werd', 'naar', 'bij', 'heeft', 'maar'],
};
const WORD_TO_LANGUAGES = new Map<string, string[]>();
for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
  for (const word of words) WORD_TO_LANGUAGES.set(word, [...(WORD_TO_LANGUAGES.get(word) ?? []), language]);
}

/** "en-US", "EN_gb", "de" -> "en"/"de"; undefined for anything that is not a 2-letter code. */
export function normalizeLanguageTag(tag: string | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary !== undefined && /^[a-z]{2}$/.test(primary) ? primary : undefined;
}

/** The language whose function words clearly dominate the sample, if one does. */
function byFunctionWords(sample: string): string | undefined {
  const hits = new Map<string, number>();
  for (const word of sample.toLowerCase().split(/[^\p{L}]+/u)) {
    // A word shared by several languages ("de", "en", "que") counts for none of them.
    const languages = WORD_TO_LANGUAGES.get(word);
    if (languages?.length === 1) hits.set(languages[0]!, (hits.get(languages[0]!) ?? 0) + 1);
  }
  const [best, second] = [...hits.entries()].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] < MIN_HITS || best[1] < MIN_LEAD * (second?.[1] ?? 0)) return undefined;
  return best[0];
}

/** Detects the language of an article from its text; `declared` (the feed's language) wins when valid. */
export function detectLanguage(text: string, declared?: string): string | undefined {
  const fromFeed = normalizeLanguageTag(declared);
  if (fromFeed !== undefined) return fromFeed;
  const sample = text.slice(0, SAMPLE);
  if (sample.replace(/\s+/g, '').length < MIN_TEXT) return undefined;
  return byFunctionWords(sample) ?? normalizeLanguageTag(detectByNgrams(sample));
}
