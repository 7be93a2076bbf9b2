import Anthropic from '@anthropic-ai/sdk';

export interface AnthropicClientOptions {
  apiKey: string;
  /** The API base URL; tests point it at the local fake. Defaults to the SDK's. */
  baseURL?: string;
  timeoutMs: number;
  /** A fetch implementation to use instead of the global one (tests record URLs with it). */
  fetch?: typeof fetch;
}

/** The SDK client with its own retries off (ResilientCaller retries, see retry-policy.ts). */
export function createAnthropicClient(options: AnthropicClientOptions): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs,
    maxRetries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
