import { randomUUID } from 'node:crypto';
import { LLM_RATE_LIMIT_PER_MINUTE, problem, problemOf, type SecuritySystem } from '../../src';

/**
 * A burst over the per-tenant, per-route limit (the llm service runs with 20 a minute here): the
 * excess answers 429 problem+json with Retry-After and RateLimit-* headers; other tenants are not
 * affected.
 */
export function rateLimitSuite(system: () => SecuritySystem): void {
  describe('rate limiting under a burst', () => {
    it('answers the requests over the limit with 429, Retry-After and RateLimit headers, per tenant', async () => {
      const burst = LLM_RATE_LIMIT_PER_MINUTE + 15;
      const api = system().client(`burst-${randomUUID()}`);
      const answers = await Promise.all(Array.from({ length: burst }, () => api.get('/api/v1/llm/usage')));
      const ok = answers.filter((a) => a.status === 200);
      const limited = answers.filter((a) => a.status === 429);
      // The window starts with the tenant's first request, so the whole burst falls into one.
      expect({ ok: ok.length, limited: limited.length }).toEqual({ ok: LLM_RATE_LIMIT_PER_MINUTE, limited: burst - LLM_RATE_LIMIT_PER_MINUTE });
      for (const answer of limited) {
        expect(problemOf(answer)).toEqual(problem(429, 'rate-limited'));
        const retryAfter = Number(answer.headers.get('retry-after'));
        expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
        expect(answer.headers.get('ratelimit-limit')).toBe(String(LLM_RATE_LIMIT_PER_MINUTE));
        expect(answer.headers.get('ratelimit-remaining')).toBe('0');
      }
      for (const answer of ok) expect(answer.headers.get('ratelimit-limit')).toBe(String(LLM_RATE_LIMIT_PER_MINUTE));

      // Limits are per tenant: another tenant's first request passes at once.
      expect((await system().client(`bystander-${randomUUID()}`).get('/api/v1/llm/usage')).status).toBe(200);
    });
  });
}
