import { z } from 'zod';

/** The asymmetric algorithm Pulse tokens use; the only one verifiers accept. */
export const TOKEN_ALGORITHM = 'ES256' as const;

const scope = z.string().regex(/^[a-z][a-z0-9_-]*(:[a-z0-9_-]+)*$/, 'scopes look like "news:read"');

/** The claims a Pulse access token must carry (iss/aud/signature are checked by the verifier). */
export const tokenClaimsSchema = z.object({
  sub: z.string().min(1),
  tenantId: z.string().min(1),
  scopes: z.array(scope),
  exp: z.number().int().positive(),
});

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/** The `field: problem` list of what is wrong with a token payload, empty when valid. */
export function claimProblems(payload: unknown): string[] {
  const result = tokenClaimsSchema.safeParse(payload);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
}
