import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';

/**
 * The structured outputs the model returns through forced tool calls. One zod schema per tool is
 * both the JSON schema sent to the API and the parser for the reply, so they cannot drift.
 */
const factSchema = z.object({
  statement: z.string().min(1).describe('The fact, one sentence, in the requested output language.'),
  quote: z
    .string()
    .min(1)
    .describe('A verbatim excerpt of the article text that supports the statement, copied character for character in the article language.'),
});

const variantsSchema = z.object({
  casual: z.string().min(1).describe('Relaxed, conversational post.'),
  formal: z.string().min(1).describe('Neutral, professional post.'),
  question: z.string().min(1).describe('Post that opens with a question hook.'),
  statistic: z.string().min(1).describe('Post that leads with a number from the verified facts.'),
});

export const summaryReplySchema = z.object({
  summary: z.string().min(1).describe('The summary in the requested output language.'),
  language: z.string().min(2).max(3).describe('ISO 639-1 code of the language the summary is written in.'),
  keywords: z.array(z.string().min(1)).describe('Up to 8 lower-case topic keywords.').optional(),
});

export const factsReplySchema = z.object({
  facts: z.array(factSchema).describe('The key facts, each with its supporting quote.'),
});

export const toneReplySchema = z.object({
  rewritten: z.string().min(1).describe("The summary rewritten for the niche's audience."),
  variants: variantsSchema,
});

export const combinedReplySchema = z.object({
  ...summaryReplySchema.shape,
  ...factsReplySchema.shape,
  ...toneReplySchema.shape,
});

export type SummaryReply = z.infer<typeof summaryReplySchema>;
export type FactsReply = z.infer<typeof factsReplySchema>;
export type ToneReply = z.infer<typeof toneReplySchema>;
export type CombinedReply = z.infer<typeof combinedReplySchema>;

export const TOOL_NAMES = {
  summary: 'record_summary',
  facts: 'record_facts',
  tone: 'record_tone',
  combined: 'record_article',
} as const;

function toInputSchema(schema: z.ZodType): Tool.InputSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  return json as Tool.InputSchema;
}

/**
 * Every request sends all four tools in the same order, so the tools + system prefix is identical
 * across stages and one cache entry serves them all; `tool_choice` picks the stage's tool.
 * The breakpoint on the last tool caches the tool definitions.
 */
export const TOOLS: Tool[] = [
  { name: TOOL_NAMES.summary, description: 'Record the summary of the article.', input_schema: toInputSchema(summaryReplySchema) },
  { name: TOOL_NAMES.facts, description: 'Record the key facts of the article, each with a verbatim supporting quote.', input_schema: toInputSchema(factsReplySchema) },
  { name: TOOL_NAMES.tone, description: "Record the summary rewritten for the audience and the post variants.", input_schema: toInputSchema(toneReplySchema) },
  {
    name: TOOL_NAMES.combined,
    description: 'Record summary, facts with quotes, audience rewrite and post variants in one call.',
    input_schema: toInputSchema(combinedReplySchema),
    cache_control: { type: 'ephemeral' },
  },
];

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Validates a tool input against its schema; problems are short "path: message" lines. */
export function parseToolInput<T>(schema: z.ZodType<T>, input: unknown): ParseOutcome<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) };
}
