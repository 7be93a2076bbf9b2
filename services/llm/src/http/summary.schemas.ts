import { z } from 'zod';

const byArticleId = z.object({ articleId: z.uuid() }).strict();

const byText = z
  .object({
    title: z.string().trim().min(1).max(1000),
    // The same cap as `content` in news.fetched; empty text is answered 422 (empty-text).
    text: z.string().max(200_000),
    niche: z.string().trim().min(1).max(64),
    language: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en').optional(),
  })
  .strict();

/** `POST /v1/summaries`: either a stored article's id or an article's text. */
export const createSummaryBody = z.union([byArticleId, byText], { error: 'send either {articleId} or {title, text, niche, language?}' });
export type CreateSummaryBody = z.output<typeof createSummaryBody>;

export const summaryParams = z.object({ articleId: z.uuid() });

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  // Back to an ISO string: express types query values as strings, not Dates.
  .transform((value) => new Date(value).toISOString());

/** `GET /v1/llm/usage`: [from, to), default today (UTC) until now. */
export const usageQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    groupBy: z.enum(['niche', 'stage']).default('niche'),
  })
  .transform(({ from, to, groupBy }) => {
    const now = new Date();
    return {
      from: from ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString(),
      to: to ?? now.toISOString(),
      groupBy,
    };
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });
