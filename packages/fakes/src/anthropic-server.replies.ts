/**
 * Deterministic answers of the fake Messages API, built from the article found between
 * <article> tags in the request (system or messages), else from the last user message. Facts
 * quote real sentences of that article, so a verifier accepts them, unless told to fabricate.
 */
export interface ReplyContext {
  toolName: string;
  /** The article title (from a <title> tag) or ''. */
  title: string;
  articleText: string;
  /** The whole user turn text (task, <summary>, ...). */
  userText: string;
  /** Quotes that are not in the article, appended to the real ones. */
  fabricatedQuotes: number;
  /** Replace every quote with an invented one. */
  fabricateAll: boolean;
}

export const FABRICATED_QUOTE = 'The minister promised free ice cream for every citizen by next Tuesday.';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block) => (typeof (block as { text?: unknown }).text === 'string' ? (block as { text: string }).text : '')).join('\n');
}

/** Pulls article title, article text and the user's text out of a Messages API request body. */
export function readPrompt(body: Record<string, unknown>): { title: string; articleText: string; userText: string } {
  const messages = (body.messages as Array<{ role?: string; content?: unknown }> | undefined) ?? [];
  const userText = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
  const everything = `${textOf(body.system ?? '')}\n${userText}`;
  const article = /<article[^>]*>([\s\S]*?)<\/article>/.exec(everything)?.[1];
  if (!article) return { title: '', articleText: userText, userText };
  const title = /<title>([\s\S]*?)<\/title>/.exec(article)?.[1]?.trim() ?? '';
  const text = /<text>([\s\S]*?)<\/text>/.exec(article)?.[1]?.trim() ?? article.trim();
  return { title, articleText: text, userText };
}

const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9"])/g;
const FOUR_WORDS = /^\S+\s+\S+\s+\S+\s+\S/;

/**
 * The sentences of one article, split lazily and only as far as a reply needs (a reply uses the
 * first few), so answering costs little however long the article is: the fake must not be the
 * bottleneck of a throughput benchmark at 80 calls/s. Kept per text (see sentencesOf), so the
 * stages of one article split it once.
 */
export class ArticleSentences {
  private readonly found: string[] = [];
  private readonly boundary = new RegExp(SENTENCE_END.source, 'g');
  private from = 0;
  private done = false;

  constructor(private readonly text: string) {}

  /** The first `n` sentences (fewer when the text has fewer). */
  first(n: number): string[] {
    while (this.found.length < n && this.pull());
    return this.found.slice(0, n);
  }

  /** The first sentence matching `predicate`, or undefined. */
  find(predicate: (sentence: string) => boolean): string | undefined {
    for (let i = 0; i < this.found.length || this.pull(); i += 1) {
      if (predicate(this.found[i]!)) return this.found[i];
    }
    return undefined;
  }

  /** Every sentence. */
  all(): string[] {
    while (this.pull());
    return [...this.found];
  }

  private pull(): boolean {
    while (!this.done) {
      const match = this.boundary.exec(this.text);
      let piece: string;
      if (match) {
        piece = this.text.slice(this.from, match.index);
        this.from = match.index + match[0].length;
      } else {
        piece = this.text.slice(this.from);
        this.done = true;
      }
      const sentence = piece.trim();
      if (FOUR_WORDS.test(sentence)) {
        this.found.push(sentence);
        return true;
      }
    }
    return false;
  }
}

const MEMO_SIZE = 256;
const memo = new Map<string, ArticleSentences>();

/** The (memoized, least recently used out) sentence reader of `text`. */
export function sentencesOf(text: string): ArticleSentences {
  let sentences = memo.get(text);
  if (sentences) {
    memo.delete(text);
  } else {
    sentences = new ArticleSentences(text);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  }
  memo.set(text, sentences);
  return sentences;
}

/** Sentences as they appear in the text (verbatim, for quoting), of at least four words. */
export function fakeSentences(text: string): string[] {
  return sentencesOf(text).all();
}

function requestedLanguage(userText: string): string {
  return /\bin [A-Z][\p{L} ]*\(([a-z]{2,3})\)/u.exec(userText)?.[1] ?? 'en';
}

function requestedFactCount(userText: string): number {
  return Number(/up to (\d+) key facts/.exec(userText)?.[1] ?? 3);
}

function summaryOf(ctx: ReplyContext): string {
  return sentencesOf(ctx.articleText).first(2).join(' ') || ctx.title || 'The article has no text.';
}

function factsOf(ctx: ReplyContext): Array<{ statement: string; quote: string }> {
  // Invented quotes take the place of real ones, so the reply still has the requested count.
  const count = Math.max(0, requestedFactCount(ctx.userText) - ctx.fabricatedQuotes);
  const real = sentencesOf(ctx.articleText)
    .first(count)
    .map((sentence, i) => ({ statement: `Fact ${i + 1}: ${sentence}`, quote: ctx.fabricateAll ? `${FABRICATED_QUOTE} (${i + 1})` : sentence }));
  const invented = Array.from({ length: ctx.fabricatedQuotes }, (_, i) => ({ statement: `Invented fact ${i + 1}.`, quote: FABRICATED_QUOTE }));
  return [...real, ...invented];
}

function toneOf(ctx: ReplyContext): { rewritten: string; variants: Record<string, string> } {
  const summary = /<summary>\s*([\s\S]*?)\s*<\/summary>/.exec(ctx.userText)?.[1] ?? summaryOf(ctx);
  const audience = /Audience: ([^(\n]+)/.exec(ctx.userText)?.[1]?.trim() ?? 'readers';
  const withNumber = sentencesOf(ctx.articleText).find((s) => /\d/.test(s)) ?? summary;
  return {
    rewritten: `For ${audience}: ${summary}`,
    variants: {
      casual: `So, here's the thing: ${summary}`,
      formal: summary,
      question: `Did you hear? ${summary}`,
      statistic: withNumber,
    },
  };
}

/** The tool input the fake "model" records for `toolName`; unknown tools get an empty object. */
export function buildToolInput(ctx: ReplyContext): Record<string, unknown> {
  const language = requestedLanguage(ctx.userText);
  switch (ctx.toolName) {
    case 'record_summary':
      return { summary: summaryOf(ctx), language, keywords: ['fake', 'news'] };
    case 'record_facts':
      return { facts: factsOf(ctx) };
    case 'record_tone':
      return toneOf(ctx);
    case 'record_article':
      return { summary: summaryOf(ctx), language, keywords: ['fake', 'news'], facts: factsOf(ctx), ...toneOf(ctx) };
    default:
      return {};
  }
}
