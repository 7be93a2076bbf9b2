import { z } from 'zod';
import { ValidationError } from '@pulse/errors';
import { tokenClaimsSchema } from '../claims';

/** A scope as tokens carry it ("news:read"): the same rule the verifier applies. */
const scope = tokenClaimsSchema.shape.scopes.element;

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(scope).min(1).max(50).transform((scopes) => [...new Set(scopes)]),
  /** RFC 3339; omitted or null = the key does not expire (it can still be revoked). */
  expiresAt: z.iso.datetime({ offset: true }).nullish().transform((value) => (value ? new Date(value) : null))
    .refine((date) => date === null || date.getTime() > Date.now(), 'must be in the future'),
}).strict();

export type CreateApiKeyBody = z.output<typeof createApiKeyBody>;

export const apiKeyIdParams = z.object({ id: z.uuid() });

/** zod-parses one part of a request; every problem listed in one ValidationError (like @pulse/http-kit's validate). */
export function parseRequestPart<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'params'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError('The request is invalid', result.error.issues.map((issue) => `${[part, ...issue.path.map(String)].join('.')}: ${issue.message}`));
}
