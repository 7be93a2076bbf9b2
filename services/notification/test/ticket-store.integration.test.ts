import Redis from 'ioredis';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import { TicketStore } from '../src/adapters/stream/ticket-store';

describe('stream tickets', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(infraEnv().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  const principal = { sub: 'user-a', tenantId: 'acme', scopes: ['stream:read'] };

  it('redeems a ticket for its principal exactly once', async () => {
    const store = new TicketStore(redis, uniqueName('test-tickets'));
    const { ticket, expiresInSeconds } = await store.issue(principal);
    expect(expiresInSeconds).toBe(30);
    expect(await store.redeem(ticket)).toEqual(principal);
    expect(await store.redeem(ticket)).toBeUndefined();
  });

  it('does not redeem an expired ticket', async () => {
    const prefix = uniqueName('test-tickets');
    const store = new TicketStore(redis, prefix, 150);
    const { ticket } = await store.issue(principal);
    await waitFor(async () => (await redis.exists(`${prefix}:ticket:${ticket}`)) === 0, { what: 'the ticket to expire' });
    expect(await store.redeem(ticket)).toBeUndefined();
  });

  it('keeps tickets for 30 seconds by default', async () => {
    const prefix = uniqueName('test-tickets');
    const { ticket } = await new TicketStore(redis, prefix).issue(principal);
    const ttl = await redis.pttl(`${prefix}:ticket:${ticket}`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await redis.del(`${prefix}:ticket:${ticket}`);
  });

  it('rejects a made-up ticket', async () => {
    const store = new TicketStore(redis, uniqueName('test-tickets'));
    expect(await store.redeem('not-a-ticket')).toBeUndefined();
    expect(await store.redeem('A'.repeat(43))).toBeUndefined();
  });
});
