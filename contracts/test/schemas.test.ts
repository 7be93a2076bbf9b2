import { contracts, createEvent, sampleEvents } from '../src';

describe('event schemas', () => {
  it.each(Object.entries(contracts))('accepts the sample %s event', (name, contract) => {
    const sample = sampleEvents[name as keyof typeof sampleEvents];
    expect(contract.validate(sample)).toEqual({ ok: true, value: sample });
    // post.engagement is keyed by post (a post's measurements in order), the rest by article.
    const key = 'postId' in sample.data && sample.type === 'post.engagement' ? sample.data.postId : sample.data.articleId;
    expect(contract.keyOf(sample as never)).toBe(key);
  });

  it('refuses engagement counters that are negative or not integers', () => {
    for (const patch of [{ likes: -1 }, { reposts: 1.5 }, { replies: '3' }, { impressions: -10 }]) {
      const event = { ...sampleEvents.postEngagement, data: { ...sampleEvents.postEngagement.data, ...patch } };
      expect(contracts.postEngagement.validate(event).ok).toBe(false);
    }
  });

  it('lists every problem of an invalid event with its path', () => {
    const bad = { ...sampleEvents.newsFetched, tenantId: '', data: { ...sampleEvents.newsFetched.data, title: '', score: 2 } };
    const result = contracts.newsFetched.validate(bad);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('/tenantId'),
      expect.stringContaining('/data/title'),
      expect.stringContaining('/data/score'),
    ]));
  });

  it('refuses an event of another type on a topic', () => {
    const result = contracts.newsFetched.validate(sampleEvents.postPublished);
    expect(result.ok).toBe(false);
  });

  it('keeps unknown fields (objects stay open for added optional fields)', () => {
    const event = createEvent(contracts.postPublished, {
      tenantId: 't1', source: 'test', data: { ...sampleEvents.postPublished.data, futureField: 42 } as never,
    });
    expect(contracts.postPublished.validate(event).ok).toBe(true);
  });

  it('refuses malformed envelope fields', () => {
    for (const patch of [{ id: 'not-a-uuid' }, { time: 'yesterday' }, { specversion: '0.3' }, { tenantId: 'a b' }]) {
      expect(contracts.articleSummarized.validate({ ...sampleEvents.articleSummarized, ...patch }).ok).toBe(false);
    }
  });
});
