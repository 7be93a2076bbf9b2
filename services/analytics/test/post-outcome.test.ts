import { sampleEvents } from '@pulse/contracts';
import { collapsePostOutcomes, mergePostOutcome, toPostOutcome, type PostOutcome } from '../src/domain/post-outcome';
import { engagement } from './support/events';

const post = sampleEvents.postPublished;
const publishedOutcome = toPostOutcome(post)!;
const early = toPostOutcome(engagement(post, { likes: 1 }, '2026-11-23T09:00:00Z'))!;
const late = toPostOutcome(engagement(post, { likes: 7, replies: 2 }, '2026-11-23T12:00:00Z'))!;

describe('post outcomes', () => {
  it('ignores events that are not about a post', () => {
    expect(toPostOutcome(sampleEvents.newsFetched)).toBeNull();
  });

  it('converges on the publish time and the newest measurement in any order', () => {
    const orders: PostOutcome[][] = [
      [publishedOutcome, early, late],
      [late, early, publishedOutcome],
      [early, publishedOutcome, late, early],
    ];
    const merged = orders.map((list) => list.slice(1).reduce(mergePostOutcome, list[0]!));
    for (const outcome of merged) {
      expect(outcome).toMatchObject({
        publishedAt: new Date(post.data.publishedAt),
        likes: 7,
        replies: 2,
        measuredAt: new Date('2026-11-23T12:00:00Z'),
        variant: 'casual',
      });
    }
  });

  it('collapses a batch to one outcome per tenant and post', () => {
    const otherTenant = { ...early, tenantId: 'globex' };
    expect(collapsePostOutcomes([publishedOutcome, early, late, otherTenant])).toHaveLength(2);
  });
});
