/**
 * Token estimates and truncation to a budget. Anthropic ships no offline tokenizer for current
 * Claude models (the old @anthropic-ai/tokenizer is for Claude 2 and undercounts), so we estimate
 * ~4 characters per token for Latin text and one token per character for CJK scripts, which
 * overestimates slightly: a budget computed this way is kept, never exceeded by much.
 */
const CHARS_PER_TOKEN = 4;
const WIDE = /[\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/g;

/** Estimated token count of `text`. */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  const wide = text.match(WIDE)?.length ?? 0;
  return Math.ceil((text.length - wide) / CHARS_PER_TOKEN) + wide;
}

export interface TruncatedText {
  text: string;
  truncated: boolean;
  estimatedTokens: number;
  originalTokens: number;
}

/** Cuts `text` to about `maxTokens`, at a paragraph, sentence or word boundary when one is near. */
export function truncateToTokens(text: string, maxTokens: number): TruncatedText {
  const originalTokens = estimateTokens(text);
  if (originalTokens <= maxTokens) return { text, truncated: false, estimatedTokens: originalTokens, originalTokens };
  // Shrink the character window until the estimate fits (wide scripts count more per char).
  let limit = Math.max(0, maxTokens * CHARS_PER_TOKEN);
  let cut = text.slice(0, limit);
  while (limit > 0 && estimateTokens(cut) > maxTokens) {
    limit = Math.floor(limit * 0.9);
    cut = text.slice(0, limit);
  }
  const boundary = lastBoundary(cut);
  const clipped = (boundary > cut.length * 0.8 ? cut.slice(0, boundary) : cut).trimEnd();
  return { text: clipped, truncated: true, estimatedTokens: estimateTokens(clipped), originalTokens };
}

function lastBoundary(cut: string): number {
  const paragraph = cut.lastIndexOf('\n\n');
  if (paragraph > cut.length * 0.8) return paragraph;
  const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '), cut.lastIndexOf('。'));
  if (sentence > cut.length * 0.8) return sentence + 1;
  return cut.lastIndexOf(' ');
}
