import { ValidationError } from '@pulse/errors';
import { parseLiveFilter } from '../src/adapters/stream/live-filter-query';
import { matchesFilter } from '../src/domain/live-event';
import { webhookDisabledNotice } from '../src/domain/webhook-disabled-notice';
import { compareStreamIds } from '../src/domain/stream-id';
import { liveEvent } from './support/events';

describe('live filters', () => {
  it('matches everything with empty lists', () => {
    expect(matchesFilter(liveEvent(), { niches: [], events: [] })).toBe(true);
  });

  it('requires both the niche and the event type to match when given', () => {
    const filter = { niches: ['sports'], events: ['post.published'] as const };
    expect(matchesFilter(liveEvent({ niche: 'sports', type: 'post.published' }), filter)).toBe(true);
    expect(matchesFilter(liveEvent({ niche: 'sports', type: 'article.summarized' }), filter)).toBe(false);
    expect(matchesFilter(liveEvent({ niche: 'tech', type: 'post.published' }), filter)).toBe(false);
  });

  it('lets webhook.disabled notices through niche filters but not through event-type filters that leave them out', () => {
    const notice = webhookDisabledNotice({ tenantId: 'acme', subscriptionId: 's1', url: 'https://example.com/hook', reason: 'gone', consecutiveFailures: 1 });
    expect(matchesFilter(notice, { niches: ['sports'], events: [] })).toBe(true);
    expect(matchesFilter(notice, { niches: [], events: ['webhook.disabled'] })).toBe(true);
    expect(matchesFilter(notice, { niches: [], events: ['post.published'] })).toBe(false);
    expect(parseLiveFilter([], ['webhook.disabled'])).toEqual({ niches: [], events: ['webhook.disabled'] });
  });

  it('parses comma-separated and repeated query values', () => {
    expect(parseLiveFilter(['a,b', 'c', ' a '], ['post.published'])).toEqual({ niches: ['a', 'b', 'c'], events: ['post.published'] });
  });

  it('rejects unknown event types with a validation error naming them', () => {
    expect(() => parseLiveFilter([], ['news.fetched'])).toThrow(ValidationError);
    try {
      parseLiveFilter([], ['news.fetched']);
    } catch (error) {
      expect((error as ValidationError).errors).toEqual(['events: unknown event type "news.fetched"']);
    }
  });
});

describe('stream ids', () => {
  it('orders by time then sequence, numerically', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-1', '10-1')).toBe(0);
    expect(compareStreamIds('1700000000001-0', '1700000000000-5')).toBe(1);
  });
});
