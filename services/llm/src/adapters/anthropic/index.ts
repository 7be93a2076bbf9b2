export { createAnthropicClient, type AnthropicClientOptions } from './anthropic-client.factory';
export { ResilientCaller, DEFAULT_RESILIENCE, type ResilienceOptions, type BreakerOptions, type CircuitState, type CallerEvents } from './resilient-caller';
export { DEFAULT_RETRY, withRetry, retryAfterFromHeaders, classifyFailure, toPulseError, backoffDelay, type RetryOptions, type AttemptFailure } from './retry-policy';
export { AnthropicSummarizer } from './anthropic-summarizer';
export { BatchSummarizer, customIdFor, type BatchItem, type BatchItemOutcome, type SubmittedBatch, type BatchCollection } from './batch-summarizer';
export { DEFAULT_SUMMARIZER_OPTIONS, type AnthropicSummarizerOptions } from './summarizer-options';
export { runStage, type StageOutcome, type ReplyCheck } from './stage-runner';
