import type { RequestHandler } from 'express';
import { describeError, RetriableError } from '@pulse/errors';
import type { KitState } from './kit-state';

/** One dependency /readyz verifies; `check` rejects when the dependency is unusable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export type CheckResult = { status: 'up'; durationMs: number } | { status: 'down'; durationMs: number; error: string };

/** Runs every check at once, each bounded by `timeoutMs`. */
export async function runChecks(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<Record<string, CheckResult>> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, CheckResult]> => {
      const started = Date.now();
      try {
        await withTimeout(check(), timeoutMs, name);
        return [name, { status: 'up', durationMs: Date.now() - started }];
      } catch (error) {
        return [name, { status: 'down', durationMs: Date.now() - started, error: describeError(error) }];
      }
    }),
  );
  return Object.fromEntries(results);
}

export function readyzHandler(state: KitState): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!state.accepting) {
      res.status(503).json({ status: 'shutting-down', checks: {} });
      return;
    }
    const checks = await runChecks(state.checks, state.readinessTimeoutMs);
    const ready = Object.values(checks).every((result) => result.status === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  };
}

/** Redis answers PING (anything with ioredis' `ping`). */
export function redisCheck(redis: { ping(): Promise<unknown> }, name = 'redis'): ReadinessCheck {
  return { name, check: async () => void (await redis.ping()) };
}

/**
 * PostgreSQL answers SELECT 1. Takes anything with `query` (a TypeORM DataSource, a pg Pool), so
 * the kit does not depend on TypeORM.
 */
export function postgresCheck(db: { query(sql: string): Promise<unknown> }, name = 'postgres'): ReadinessCheck {
  return { name, check: async () => void (await db.query('SELECT 1')) };
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RetriableError(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
