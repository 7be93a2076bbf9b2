import type { Message, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../../domain/summary.types';

/** Token usage of one reply in the contract's names (missing cache fields count as 0). */
export function usageOf(usage: Usage | null | undefined): TokenUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheWriteTokens: usage?.cache_creation_input_tokens ?? 0,
    cacheReadTokens: usage?.cache_read_input_tokens ?? 0,
  };
}

export type ToolInputOutcome = { ok: true; input: unknown } | { ok: false; problem: string };

/** The input of the reply's `toolName` call, or why there is none usable. */
export function toolInputOf(message: Message, toolName: string): ToolInputOutcome {
  const block = message.content.find((b) => b.type === 'tool_use' && b.name === toolName);
  if (!block || block.type !== 'tool_use') {
    const kinds = message.content.map((b) => b.type).join(', ') || 'nothing';
    return { ok: false, problem: `the reply did not call ${toolName} (it contained: ${kinds}; stop_reason ${message.stop_reason ?? 'none'})` };
  }
  let input: unknown = block.input;
  // A well-behaved API sends an object; be tolerant of a JSON string and clear about anything else.
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      return { ok: false, problem: `the ${toolName} input was not valid JSON` };
    }
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problem: `the ${toolName} input was not a JSON object` };
  }
  if (message.stop_reason === 'max_tokens') return { ok: false, problem: 'the reply was cut off at max_tokens' };
  return { ok: true, input };
}
