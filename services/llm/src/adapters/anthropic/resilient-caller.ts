import type Anthropic from '@anthropic-ai/sdk';
import { APIError } from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { RetriableError } from '@pulse/errors';
import CircuitBreaker from 'opossum';
import pLimit from 'p-limit';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import { estimateTokens } from '../../domain/token-budget';
import { DEFAULT_RETRY, withRetry, type AttemptFailure, type RetryOptions } from './retry-policy';

export interface BreakerOptions {
  /** Failure percentage in the rolling window that opens the circuit. */
  errorThresholdPercentage: number;
  /** Calls in the window before the percentage is judged. */
  volumeThreshold: number;
  /** How long the circuit stays open before one trial call (half-open). */
  resetTimeoutMs: number;
  rollingCountTimeoutMs: number;
}

export interface ResilienceOptions {
  /** Calls to the API in flight at once. */
  concurrency: number;
  /** Per-request timeout (the SDK aborts the request). */
  timeoutMs: number;
  /** Client-side request rate; unset = no request limit. */
  requestsPerSecond?: number;
  /** Client-side input token rate (estimated from the request); unset = no token limit. */
  inputTokensPerMinute?: number;
  retry: RetryOptions;
  breaker: BreakerOptions;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  concurrency: 16,
  timeoutMs: 60_000,
  retry: DEFAULT_RETRY,
  breaker: { errorThresholdPercentage: 50, volumeThreshold: 5, resetTimeoutMs: 30_000, rollingCountTimeoutMs: 10_000 },
};

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Hooks for metrics and logs. */
export interface CallerEvents {
  onRetry?: (info: { attempt: number; delayMs: number; failure: AttemptFailure }) => void;
  onCircuitChange?: (state: CircuitState) => void;
}

// Client errors (bad request, auth, throttling) say nothing about the API's health; only 5xx,
// 529 overloaded, timeouts and connection failures count towards opening the circuit.
function isHealthNeutral(error: unknown): boolean {
  return error instanceof APIError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 408;
}

/**
 * Every Messages API call goes through here: token bucket -> retry loop -> concurrency slot ->
 * circuit breaker -> SDK (no SDK retries). Waiting for a retry never holds a concurrency slot.
 */
export class ResilientCaller {
  readonly breaker: CircuitBreaker<[MessageCreateParamsNonStreaming], Message>;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly requestBucket: RateLimiterQueue | undefined;
  private readonly tokenBucket: { queue: RateLimiterQueue; capacity: number } | undefined;

  constructor(
    private readonly client: Anthropic,
    private readonly options: ResilienceOptions = DEFAULT_RESILIENCE,
    private readonly events: CallerEvents = {},
  ) {
    this.limit = pLimit(Math.max(1, options.concurrency));
    this.requestBucket = options.requestsPerSecond
      ? new RateLimiterQueue(new RateLimiterMemory({ points: options.requestsPerSecond, duration: 1 }))
      : undefined;
    this.tokenBucket = options.inputTokensPerMinute
      ? { queue: new RateLimiterQueue(new RateLimiterMemory({ points: options.inputTokensPerMinute, duration: 60 })), capacity: options.inputTokensPerMinute }
      : undefined;
    this.breaker = new CircuitBreaker((params: MessageCreateParamsNonStreaming) => this.send(params), {
      timeout: false, // the SDK's own timeout aborts the HTTP request; opossum's would only stop waiting
      errorThresholdPercentage: options.breaker.errorThresholdPercentage,
      volumeThreshold: options.breaker.volumeThreshold,
      resetTimeout: options.breaker.resetTimeoutMs,
      rollingCountTimeout: options.breaker.rollingCountTimeoutMs,
      errorFilter: isHealthNeutral,
    });
    this.breaker.on('open', () => events.onCircuitChange?.('open'));
    this.breaker.on('halfOpen', () => events.onCircuitChange?.('half-open'));
    this.breaker.on('close', () => events.onCircuitChange?.('closed'));
  }

  get circuitState(): CircuitState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /** One Messages API call with every protection; throws a PulseError when it finally fails. */
  async createMessage(params: MessageCreateParamsNonStreaming): Promise<Message> {
    return withRetry(
      async () => {
        await this.takeTokens(params);
        return this.limit(() => this.fire(params));
      },
      this.options.retry,
      this.events.onRetry,
    );
  }

  /** Stops the breaker's rolling-window timers. */
  close(): void {
    this.breaker.shutdown();
  }

  private async fire(params: MessageCreateParamsNonStreaming): Promise<Message> {
    try {
      return await this.breaker.fire(params);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        throw new RetriableError('Anthropic API circuit is open', { code: 'circuit-open', cause: error });
      }
      throw error;
    }
  }

  private async takeTokens(params: MessageCreateParamsNonStreaming): Promise<void> {
    if (this.requestBucket) await this.requestBucket.removeTokens(1);
    if (this.tokenBucket) {
      const estimate = estimateTokens(JSON.stringify(params.system ?? '')) + estimateTokens(JSON.stringify(params.messages));
      await this.tokenBucket.queue.removeTokens(Math.min(this.tokenBucket.capacity, Math.max(1, estimate)));
    }
  }

  private send(params: MessageCreateParamsNonStreaming): Promise<Message> {
    return this.client.messages.create(params, { timeout: this.options.timeoutMs, maxRetries: 0 });
  }
}
