import { ValidationError } from '@pulse/errors';
import { validateTimeSeriesRequest } from '../src/domain/time-series';
import { rankLeaderboard } from '../src/domain/leaderboard';

describe('validateTimeSeriesRequest', () => {
  const from = new Date('2026-01-01T00:00:00Z');

  it('accepts a range of whole buckets', () => {
    expect(() => validateTimeSeriesRequest({ metric: 'posts', interval: 'hour', from, to: new Date('2026-01-02T00:00:00Z') })).not.toThrow();
  });

  it('refuses an empty range, an unknown metric and too many buckets', () => {
    expect(() => validateTimeSeriesRequest({ metric: 'posts', interval: 'hour', from, to: from })).toThrow(ValidationError);
    expect(() =>
      validateTimeSeriesRequest({ metric: 'clicks' as never, interval: 'hour', from, to: new Date('2026-01-02T00:00:00Z') }),
    ).toThrow(ValidationError);
    expect(() => validateTimeSeriesRequest({ metric: 'posts', interval: 'minute', from, to: new Date('2026-02-01T00:00:00Z') })).toThrow(
      expect.objectContaining({ errors: [expect.stringMatching(/more than 10000 minute buckets/)] }),
    );
  });
});

describe('rankLeaderboard', () => {
  it('orders by the chosen column, then the others, then the key, and cuts at the limit', () => {
    const entries = [
      { key: 'b', articles: 5, posts: 1, engagement: 0 },
      { key: 'a', articles: 5, posts: 1, engagement: 0 },
      { key: 'c', articles: 5, posts: 2, engagement: 0 },
      { key: 'd', articles: 1, posts: 9, engagement: 9 },
    ];
    expect(rankLeaderboard(entries, 'articles', 3).map((e) => e.key)).toEqual(['c', 'a', 'b']);
    expect(rankLeaderboard(entries, 'engagement', 1).map((e) => e.key)).toEqual(['d']);
  });
});
