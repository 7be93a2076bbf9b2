import { createHash } from 'node:crypto';

/**
 * A small model of Anthropic prompt caching for the fake API: the prompt is the ordered list
 * tools -> system blocks -> message blocks; every block carrying `cache_control` is a breakpoint.
 * The longest breakpoint prefix seen before is read from the cache, the rest up to the last
 * breakpoint is written to it, everything after is ordinary input.
 */
export interface CacheAccounting {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

interface Segment {
  text: string;
  breakpoint: boolean;
}

/** ~4 characters per token, like the llm service's estimate. */
export function fakeTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}

function hasCacheControl(block: unknown): boolean {
  return typeof block === 'object' && block !== null && (block as { cache_control?: unknown }).cache_control != null;
}

function blockText(block: unknown): string {
  if (typeof block === 'string') return block;
  const { cache_control: _ignored, ...rest } = (block ?? {}) as Record<string, unknown>;
  return typeof rest.text === 'string' ? rest.text : JSON.stringify(rest);
}

function segmentsOf(body: Record<string, unknown>): Segment[] {
  const segments: Segment[] = [];
  for (const tool of (body.tools as unknown[] | undefined) ?? []) segments.push({ text: blockText(tool), breakpoint: hasCacheControl(tool) });
  const system = body.system;
  if (typeof system === 'string') segments.push({ text: system, breakpoint: false });
  else for (const block of (system as unknown[] | undefined) ?? []) segments.push({ text: blockText(block), breakpoint: hasCacheControl(block) });
  for (const message of (body.messages as Array<{ role?: string; content?: unknown }> | undefined) ?? []) {
    const content = message.content;
    if (typeof content === 'string') segments.push({ text: `${message.role}:${content}`, breakpoint: false });
    else for (const block of (content as unknown[] | undefined) ?? []) segments.push({ text: `${message.role}:${blockText(block)}`, breakpoint: hasCacheControl(block) });
  }
  return segments;
}

export class FakePromptCache {
  private readonly entries = new Set<string>();

  constructor(private readonly minCacheableTokens = 0) {}

  /** Splits a request's input tokens into ordinary, cache-read and cache-write tokens, and caches its breakpoints. */
  account(body: Record<string, unknown>): CacheAccounting {
    const segments = segmentsOf(body);
    let hash = createHash('sha256').update(String(body.model ?? '')).digest('hex');
    let tokens = 0;
    let readTokens = 0;
    let lastBreakpointTokens = 0;
    const breakpoints: string[] = [];
    for (const segment of segments) {
      hash = createHash('sha256').update(hash).update(segment.text).digest('hex');
      tokens += fakeTokenCount(segment.text);
      if (!segment.breakpoint || tokens < this.minCacheableTokens) continue;
      breakpoints.push(hash);
      lastBreakpointTokens = tokens;
      if (this.entries.has(hash)) readTokens = tokens;
    }
    for (const key of breakpoints) this.entries.add(key);
    const writeTokens = lastBreakpointTokens - readTokens;
    return { inputTokens: tokens - readTokens - writeTokens, cacheReadTokens: readTokens, cacheWriteTokens: writeTokens };
  }
}
