import { truncateToTokens } from '../token-budget';

/** The article as it goes into a prompt: possibly truncated, with a note saying so. */
export interface PreparedArticle {
  title: string;
  /** The text the model sees (and quotes are verified against the full original text). */
  text: string;
  truncated: boolean;
  estimatedTokens: number;
  originalTokens: number;
  /** The `<article>` block placed in the cached system prompt. */
  block: string;
}

// The article must not be able to close its own tag and speak outside it.
const TAG = /<\/?article\b[^>]*>/gi;

/** Truncates the article text to `maxTokens` and renders the `<article>` block. */
export function prepareArticle(title: string, text: string, maxTokens: number, language?: string): PreparedArticle {
  const cut = truncateToTokens(text.replace(TAG, ' '), maxTokens);
  const attrs = [language ? `language="${language}"` : '', cut.truncated ? 'truncated="true"' : ''].filter(Boolean).join(' ');
  const note = cut.truncated
    ? `\n<note>The article text was truncated from about ${cut.originalTokens} to ${cut.estimatedTokens} tokens; only the beginning is shown.</note>`
    : '';
  const block = `<article${attrs ? ` ${attrs}` : ''}>\n<title>${title.replace(TAG, ' ').trim()}</title>\n<text>\n${cut.text}\n</text>${note}\n</article>`;
  return { title, text: cut.text, truncated: cut.truncated, estimatedTokens: cut.estimatedTokens, originalTokens: cut.originalTokens, block };
}

// Intl.DisplayNames is costly to build and every prompt of every stage asks: one, kept.
let displayNames: Intl.DisplayNames | undefined;

/** "German (de)" for a language code; the code itself when the runtime has no name for it. */
export function languageName(code: string): string {
  try {
    displayNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    const name = displayNames.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
