import { z } from 'zod';
import { serviceDocument, type OpenApiDocument, type OperationSpec } from '@pulse/openapi';
import { VARIANT_NAMES } from '../domain/summary.types';
import { createSummaryBody, summaryParams, usageQuery } from './summary.schemas';

/*
 * The llm API as the public sees it through the gateway. Requests: the routes' own zod schemas;
 * responses: the schemas below, which follow summary-view.ts and usage.routes.ts.
 */

const instant = z.iso.datetime({ offset: true });
const tokens = { inputTokens: z.number().int(), outputTokens: z.number().int(), cacheReadTokens: z.number().int(), cacheWriteTokens: z.number().int() };

const summaryFields = {
  niche: z.string(),
  summary: z.string(),
  tone: z.string().describe("The summary rewritten for the niche's audience."),
  facts: z.array(z.object({ statement: z.string(), quote: z.string(), verified: z.boolean().describe('The quote occurs in the article text.') })),
  confidence: z.number().min(0).max(1).describe('Share of facts whose quote was found in the article.'),
  variants: z.object(Object.fromEntries(VARIANT_NAMES.map((name) => [name, z.string()]))).describe('Post variants for A/B tests.'),
  keywords: z.array(z.string()),
  model: z.string().describe('The model id, or "extractive".'),
  promptVersion: z.string(),
  truncated: z.boolean().describe('The text was cut to the token budget first.'),
  cached: z.boolean(),
  selectionReason: z.string(),
  usage: z.object({ ...tokens, costUsd: z.number() }),
};

const storedSummary = z.object({
  ...summaryFields,
  articleId: z.uuid(),
  title: z.string(),
  url: z.url(),
  language: z.string().nullable(),
  fetchedAt: instant,
  createdAt: instant,
});

const previewSummary = z.object({
  ...summaryFields,
  articleId: z.null(),
  language: z.string(),
  stages: z.array(z.object({ stage: z.string(), model: z.string(), promptVersion: z.string(), usage: z.object(tokens), calls: z.number().int(), costUsd: z.number().optional() })),
});

const usageSums = { calls: z.number().int(), ...tokens, costUsd: z.number() };
const usageReport = z.object({
  from: instant,
  to: instant,
  groupBy: z.enum(['niche', 'stage']),
  groups: z.array(z.object({ niche: z.string().optional(), stage: z.string().optional(), ...usageSums })).describe('One entry per niche or stage, keyed by `groupBy`.'),
  total: z.object(usageSums),
});

const operations: OperationSpec[] = [
  { method: 'post', path: '/api/v1/summaries', operationId: 'createSummary', summary: 'Summarize a stored article, or text sent in the request', scopes: ['llm:write'], body: createSummaryBody,
    description: 'With `articleId`, the stored summary is returned (200) or made and stored (201). With text, a preview is made and nothing but its usage is stored.',
    errors: [404, 422, 503],
    responses: {
      200: { description: "The article's stored summary, or a preview of the text", schema: z.union([storedSummary, previewSummary]) },
      201: { description: 'The article was summarized now', schema: storedSummary },
    } },
  { method: 'get', path: '/api/v1/summaries/{articleId}', operationId: 'getSummary', summary: "An article's summary", scopes: ['llm:read'], params: summaryParams,
    description: 'A 404 says why when the article was skipped (`reason`, `skippedAt`).',
    responses: { 200: { description: 'The summary', schema: storedSummary } } },
  { method: 'get', path: '/api/v1/llm/usage', operationId: 'getLlmUsage', summary: "The tenant's tokens and cost in [from, to)", scopes: ['llm:read'], query: usageQuery,
    description: '`from` defaults to the start of today (UTC), `to` to now.',
    responses: { 200: { description: 'Usage per group and in total', schema: usageReport } } },
];

/** The llm service's OpenAPI 3.1 document (public paths). */
export function llmOpenApi(): OpenApiDocument {
  return serviceDocument({
    service: 'llm',
    version: '1.0.0',
    description: 'Summaries, verified facts and post variants of articles (Claude, with an extractive fallback), and their token usage and cost.',
    operations,
  });
}
