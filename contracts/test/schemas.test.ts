import { contracts, createEvent, sampleEvents } from '../src';
import { eventSchemas, sameAnswerWithLength } from '../src/schemas';

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

  describe('string lengths count code points (the UTF-16 pre-check never decides alone against a value)', () => {
    const withTitle = (title: string) => ({ ...sampleEvents.newsFetched, data: { ...sampleEvents.newsFetched.data, title } });
    const emoji = '\u{1F4F0}'; // one code point, two UTF-16 units

    it('accepts a title of 1,000 emoji: 1,000 code points, 2,000 UTF-16 units, maxLength 1000', () => {
      expect(emoji.repeat(1000)).toHaveLength(2000);
      expect(contracts.newsFetched.validate(withTitle(emoji.repeat(1000))).ok).toBe(true);
    });

    it('refuses 1,001 code points with the exact error, emoji or not', () => {
      for (const title of [emoji.repeat(1001), 'a'.repeat(1001)]) {
        expect(contracts.newsFetched.validate(withTitle(title))).toEqual({ ok: false, errors: ['/data/title: must NOT have more than 1000 characters'] });
      }
    });

    it('accepts one emoji as a non-empty title and refuses an empty one', () => {
      expect(contracts.newsFetched.validate(withTitle(emoji)).ok).toBe(true);
      expect(contracts.newsFetched.validate(withTitle(''))).toEqual({ ok: false, errors: ['/data/title: must NOT have fewer than 1 characters'] });
    });

    it('uses the pre-check for every event schema, and not for a schema with a minLength above 1', () => {
      for (const versions of Object.values(eventSchemas)) expect(sameAnswerWithLength(versions[1])).toBe(true);
      // One emoji is 1 code point but 2 UTF-16 units: against minLength 2, `.length` would accept what
      // the code point rule refuses, so such a schema must not be decided by the pre-check.
      expect(sameAnswerWithLength({ type: 'object', properties: { code: { type: 'string', minLength: 2 } } })).toBe(false);
    });
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
