import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { RetriableError } from '@pulse/errors';
import type { Principal } from './principal';

export const DEFAULT_TICKET_TTL_MS = 30_000;

/**
 * Short-lived, single-use tickets for browsers, which cannot set an Authorization header on
 * EventSource or WebSocket. A ticket stands for the principal that requested it with a JWT; it lives
 * in Redis (so any replica can redeem it) for `ttlMs` and GETDEL makes the first redemption the only one.
 */
export class TicketStore {
  constructor(private readonly redis: Redis, private readonly keyPrefix: string, private readonly ttlMs = DEFAULT_TICKET_TTL_MS) {}

  async issue(principal: Principal): Promise<{ ticket: string; expiresInSeconds: number }> {
    const ticket = randomBytes(32).toString('base64url');
    try {
      await this.redis.set(this.key(ticket), JSON.stringify(principal), 'PX', this.ttlMs);
    } catch (error) {
      throw new RetriableError('Could not store the stream ticket', { cause: error });
    }
    return { ticket, expiresInSeconds: Math.ceil(this.ttlMs / 1000) };
  }

  /** The principal behind a ticket, or undefined when it is unknown, expired or already used. */
  async redeem(ticket: string): Promise<Principal | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(ticket)) return undefined;
    let stored: string | null;
    try {
      stored = await this.redis.getdel(this.key(ticket));
    } catch (error) {
      throw new RetriableError('Could not redeem the stream ticket', { cause: error });
    }
    return stored ? (JSON.parse(stored) as Principal) : undefined;
  }

  private key(ticket: string): string {
    return `${this.keyPrefix}:ticket:${ticket}`;
  }
}
