/**
 * A Redis lock per source so several replicas never fetch one source at the same time:
 * SET key token NX PX ttl to take it, and a compare-and-delete script to release only our own
 * (a lock that expired and was taken by another replica is left alone).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface SourceLock {
  /** Runs `task` holding the source's lock; resolves `{ acquired: false }` at once when another holder has it. */
  withLock<T>(sourceId: string, task: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

export function createSourceLock(redis: Redis, options: { keyPrefix: string; ttlMs: number }): SourceLock {
  return {
    async withLock(sourceId, task) {
      const key = `${options.keyPrefix}:${sourceId}`;
      const token = randomUUID();
      const taken = await redis.set(key, token, 'PX', options.ttlMs, 'NX');
      if (taken !== 'OK') return { acquired: false };
      try {
        return { acquired: true, value: await task() };
      } finally {
        await redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined); // it expires anyway
      }
    },
  };
}
