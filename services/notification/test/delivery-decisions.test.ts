import { decideSubscriptionHealth } from '../src/domain/auto-disable';
import { classifyStatus } from '../src/domain/delivery-classification';
import { subscriptionWants, type WebhookSubscription } from '../src/domain/webhook-subscription';

describe('attempt classification', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [410, 'gone'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [301, 'permanent'],
    [408, 'retriable'],
    [429, 'retriable'],
    [500, 'retriable'],
    [503, 'retriable'],
  ] as const)('treats %i as %s', (status, outcome) => {
    expect(classifyStatus(status)).toBe(outcome);
  });
});

describe('subscription auto-disable', () => {
  it('disables after N consecutive failed deliveries', () => {
    let health = { consecutiveFailures: 0 };
    const decisions = [];
    for (let i = 0; i < 3; i += 1) {
      const decision = decideSubscriptionHealth(health, 'failed', 3);
      decisions.push(decision.disable);
      health = decision;
    }
    expect(decisions).toEqual([false, false, true]);
    expect(decideSubscriptionHealth({ consecutiveFailures: 2 }, 'failed', 3)).toEqual({ consecutiveFailures: 3, disable: true, reason: 'too-many-failures' });
  });

  it('resets the streak on a successful delivery', () => {
    expect(decideSubscriptionHealth({ consecutiveFailures: 9 }, 'delivered', 10)).toEqual({ consecutiveFailures: 0, disable: false });
  });

  it('disables at once when the receiver answered 410 Gone', () => {
    expect(decideSubscriptionHealth({ consecutiveFailures: 0 }, 'gone', 10)).toMatchObject({ disable: true, reason: 'gone' });
  });
});

describe('subscription matching', () => {
  const subscription: WebhookSubscription = {
    id: 's1', tenantId: 'acme', url: 'https://hooks.example/x', secret: 's', events: ['post.published'], niches: ['tech'], enabled: true,
  };
  const event = { tenantId: 'acme', type: 'post.published', data: { niche: 'tech' } };

  it('wants events of its tenant, type and niche only while enabled', () => {
    expect(subscriptionWants(subscription, event)).toBe(true);
    expect(subscriptionWants(subscription, { ...event, tenantId: 'beta' })).toBe(false);
    expect(subscriptionWants(subscription, { ...event, type: 'article.summarized' })).toBe(false);
    expect(subscriptionWants(subscription, { ...event, data: { niche: 'sports' } })).toBe(false);
    expect(subscriptionWants({ ...subscription, enabled: false }, event)).toBe(false);
    expect(subscriptionWants({ ...subscription, events: [], niches: [] }, { ...event, type: 'article.summarized', data: { niche: 'x' } })).toBe(true);
  });
});
