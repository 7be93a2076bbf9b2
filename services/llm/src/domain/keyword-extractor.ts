import { STOPWORDS } from './stopwords';
import { tokenizeWords } from './word-tokenizer';

/** The most frequent content words (title words count double), first occurrence breaks ties. */
export function extractKeywords(title: string, text: string, limit = 8): string[] {
  const counts = new Map<string, number>();
  const add = (source: string, weight: number): void => {
    for (const raw of tokenizeWords(source)) {
      if (raw.length < 3 || STOPWORDS.has(raw) || isNumber(raw)) continue;
      counts.set(raw, (counts.get(raw) ?? 0) + weight);
    }
  };
  add(title, 2);
  add(text, 1);
  return [...counts.entries()]
    .filter(([, count]) => count > 1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([word]) => word);
}

function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
