import { z } from 'zod';
import { nicheSchema } from './sources.schemas';

const cursorPayload = z.object({ o: z.enum(['score', 'published']), v: z.union([z.number(), z.string()]), id: z.uuid() });
export type ArticleCursor = z.output<typeof cursorPayload>;

/** Opaque page cursor: the last row's sort value and id. */
export function encodeCursor(cursor: ArticleCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const cursorSchema = z.string().max(500).transform((raw, ctx) => {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor returned by this API' });
  return z.NEVER;
});

export const listArticlesQuery = z.object({
  niche: nicheSchema.optional(),
  sourceId: z.uuid().optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  // PostgreSQL text cannot hold NUL: refuse control characters here (400) rather than fail in the query (500).
  q: z.string().trim().min(1).max(200).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters').optional(),
  /** score (ranked, default) or published (newest first). */
  order: z.enum(['score', 'published']).default('score'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
}).strict().refine((q) => !q.cursor || q.cursor.o === q.order, { path: ['cursor'], message: 'the cursor belongs to another order' });

export type ListArticlesQuery = z.output<typeof listArticlesQuery>;
