/**
 * Prompt versions. Bump a stage's version whenever its request text, tool schema or the shared
 * instructions change: the version is in every output and in the result cache key, so old
 * cached results are not served for a new prompt.
 */
export const SUMMARY_PROMPT_VERSION = 'summary-v1';
export const FACTS_PROMPT_VERSION = 'facts-v1';
export const TONE_PROMPT_VERSION = 'tone-v1';
/** One call doing all stages (Message Batches, or the single-call mode). */
export const COMBINED_PROMPT_VERSION = 'combined-v1';
/** The staged pipeline as a whole: what `promptVersion` says when every stage ran. */
export const PIPELINE_PROMPT_VERSION = `${SUMMARY_PROMPT_VERSION}+${FACTS_PROMPT_VERSION}+${TONE_PROMPT_VERSION}`;
