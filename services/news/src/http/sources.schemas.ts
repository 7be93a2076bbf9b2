import { z } from 'zod';

export const nicheSchema = z.string().trim().toLowerCase().min(1).max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a niche is lower-case letters, digits, "-" or "_" (e.g. technology)');

export const feedUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(4096);

// Headers the HTTP client owns; a source must not override them.
const RESERVED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'accept-encoding', 'authorization', 'cookie', 'if-none-match', 'if-modified-since']);

const headersSchema = z.record(
  z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a valid header name').refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'this header is set by the fetcher'),
  z.string().max(4096).regex(/^[^\r\n]*$/, 'header values cannot contain line breaks'),
).refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers');

const basicAuthSchema = z.object({
  username: z.string().min(1).max(200).regex(/^[^:]*$/, 'a basic-auth username cannot contain ":"'),
  password: z.string().min(1).max(500),
}).strict();

const sourceFields = {
  url: feedUrlSchema,
  title: z.string().trim().min(1).max(300),
  niche: nicheSchema,
  authorityWeight: z.number().min(0).max(1),
  pollIntervalSeconds: z.number().int().min(10).max(7 * 86_400),
  enabled: z.boolean(),
  headers: headersSchema,
  userAgent: z.string().trim().min(1).max(500).regex(/^[^\r\n]*$/),
  fetchFullArticle: z.boolean(),
};

export const createSourceBody = z.object({
  url: sourceFields.url,
  niche: sourceFields.niche,
  title: sourceFields.title.optional(),
  authorityWeight: sourceFields.authorityWeight.default(0.5),
  pollIntervalSeconds: sourceFields.pollIntervalSeconds.optional(),
  enabled: sourceFields.enabled.default(true),
  headers: sourceFields.headers.default({}),
  basicAuth: basicAuthSchema.optional(),
  userAgent: sourceFields.userAgent.optional(),
  fetchFullArticle: sourceFields.fetchFullArticle.default(false),
}).strict();

/** Every field optional; null clears an optional setting (basicAuth, userAgent, title, pollIntervalSeconds). */
export const updateSourceBody = z.object({
  url: sourceFields.url.optional(),
  niche: sourceFields.niche.optional(),
  title: sourceFields.title.nullable().optional(),
  authorityWeight: sourceFields.authorityWeight.optional(),
  pollIntervalSeconds: sourceFields.pollIntervalSeconds.nullable().optional(),
  enabled: sourceFields.enabled.optional(),
  headers: sourceFields.headers.optional(),
  basicAuth: basicAuthSchema.nullable().optional(),
  userAgent: sourceFields.userAgent.nullable().optional(),
  fetchFullArticle: sourceFields.fetchFullArticle.optional(),
}).strict().refine((body) => Object.keys(body).length > 0, 'nothing to update');

export const listSourcesQuery = z.object({
  niche: nicheSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}).strict();

export const importSourcesQuery = z.object({
  /** Niche of outlines that sit in no folder and have no category. */
  niche: nicheSchema.default('general'),
  authorityWeight: z.coerce.number().min(0).max(1).default(0.5),
}).strict();

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export type CreateSourceBody = z.output<typeof createSourceBody>;
export type UpdateSourceBody = z.output<typeof updateSourceBody>;
export type ListSourcesQuery = z.output<typeof listSourcesQuery>;
