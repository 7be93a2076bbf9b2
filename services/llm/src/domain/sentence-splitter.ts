/**
 * Rule-based sentence splitting for news prose. A period, "!" or "?" (optionally followed by
 * closing quotes/brackets) ends a sentence when whitespace and then an uppercase letter, digit,
 * opening quote or an uncased script follows — unless the word before the period is a title or
 * reference abbreviation (Mr., Dr., No., Jan.), an initial (J. K. Rowling) or a dotted acronym
 * (U.S., e.g.). Blank lines always end a sentence. Company suffixes (Inc., Ltd.) are treated as
 * ordinary words: "Acme Inc. said" stays whole because "said" is lower-case.
 */

const NEVER_ENDS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'col', 'lt', 'sgt', 'capt',
  'cmdr', 'adm', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'supt', 'messrs', 'mme', 'mlle', 'no', 'nos',
  'vol', 'vols', 'fig', 'figs', 'pp', 'art', 'ch', 'sec', 'dept', 'est', 'approx', 'vs', 'cf', 'al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const PARAGRAPH_BREAK = /\n\s*\n/;
// terminator run, closing marks, whitespace; the character after is inspected separately.
// CJK full stops end a sentence without a following space.
const CANDIDATE = /([.!?\u2026]+|[\u3002\uFF01\uFF1F]+)(["'\u201D\u2019)\]\u300D\u300F]*)(\s*)/g;
const CJK_TERMINATOR = /^[\u3002\uFF01\uFF1F]/;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const SINGLE_LETTER = /^\p{Lu}$/u;

/** Splits plain text into trimmed, non-empty sentences. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(PARAGRAPH_BREAK)) splitParagraph(paragraph, sentences);
  return sentences;
}

function splitParagraph(paragraph: string, out: string[]): void {
  let start = 0;
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(paragraph); match; match = CANDIDATE.exec(paragraph)) {
    const end = match.index + match[1]!.length + match[2]!.length;
    const next = paragraph.charAt(match.index + match[0].length);
    if (CJK_TERMINATOR.test(match[1]!)) {
      if (next) {
        push(out, paragraph.slice(start, end));
        start = end;
      }
      continue;
    }
    if (!match[3]) continue; // "3.5", "example.com": no space, no boundary
    if (next && startsSentence(next) && !isAbbreviation(paragraph, match.index, match[1]!)) {
      push(out, paragraph.slice(start, end));
      start = match.index + match[0].length;
    }
  }
  push(out, paragraph.slice(start));
}

function push(out: string[], raw: string): void {
  const sentence = raw.replace(/\s+/g, ' ').trim();
  if (sentence) out.push(sentence);
}

function startsSentence(char: string): boolean {
  if (/[\d"'\u201C\u2018(\[]/.test(char)) return true;
  const upper = char.toUpperCase();
  const lower = char.toLowerCase();
  // Uncased scripts (CJK, Arabic, ...) have no capitals to look for.
  return upper === lower ? /\p{L}/u.test(char) : char === upper;
}

function isAbbreviation(paragraph: string, terminatorAt: number, terminator: string): boolean {
  if (terminator !== '.') return false;
  const before = paragraph.slice(Math.max(0, terminatorAt - 24), terminatorAt);
  const word = /(\S+)$/.exec(before)?.[1]?.replace(/^["'(\[\u201C\u2018]+/, '') ?? '';
  if (!word) return false;
  return NEVER_ENDS.has(word.toLowerCase()) || SINGLE_LETTER.test(word) || DOTTED_ACRONYM.test(word);
}
