import { sampleEvents } from '@pulse/contracts';
import {
  applyEvent,
  applyOverview,
  chartData,
  initialState,
  MAX_POSTS,
  normalizeOverview,
  normalizeSeries,
  sourceOf,
} from '../public/js/dashboard-state.js';

const overview = {
  generatedAt: '2026-11-23T08:00:00.000Z',
  lastHour: { from: '2026-11-23T07:00:00.000Z', articles: 40, posts: 5, summaries: 9, llmCostUsd: 0.5, failures: null },
  lastDay: { articles: 400, posts: 50, summaries: 90, llmCostUsd: 5 },
  dlqDepth: 2,
};

describe('dashboard state', () => {
  it('keeps every numeric or null field of the overview and drops the rest', () => {
    const normalized = normalizeOverview(overview);
    expect(normalized.lastHour).toEqual({ articles: 40, posts: 5, summaries: 9, llmCostUsd: 0.5, failures: null });
    expect(normalized.totals).toEqual({ dlqDepth: 2 });
    expect(normalized.generatedAt).toBe('2026-11-23T08:00:00.000Z');
  });

  it('reads an overview that is not an object as empty instead of failing', () => {
    expect(normalizeOverview('nope')).toEqual({ lastHour: {}, lastDay: {}, totals: {}, generatedAt: null });
  });

  it('reads time series given as points or as buckets, sorted by time', () => {
    expect(normalizeSeries({ points: [{ t: '2026-11-23T08:01:00.000Z', value: 2 }, { t: '2026-11-23T08:00:00.000Z', value: 1 }] })).toEqual([
      { t: Date.parse('2026-11-23T08:00:00.000Z'), value: 1 },
      { t: Date.parse('2026-11-23T08:01:00.000Z'), value: 2 },
    ]);
    expect(normalizeSeries({ buckets: [{ start: 60_000, count: 3 }, { start: 'not a time', count: 1 }] })).toEqual([{ t: 60_000, value: 3 }]);
  });

  it('counts a published post at once and lists it with the article it came from', () => {
    let state = applyOverview(initialState(), overview);
    state = applyEvent(state, 'article.summarized', sampleEvents.articleSummarized);
    state = applyEvent(state, 'post.published', sampleEvents.postPublished);

    expect(state.overview?.lastHour.posts).toBe(6);
    expect(state.overview?.lastDay.posts).toBe(51);
    expect(state.overview?.lastHour.summaries).toBe(10);
    expect(state.overview?.lastHour.llmCostUsd).toBeCloseTo(0.5041);
    expect(state.posts[0]?.text).toBe(sampleEvents.postPublished.data.text);
    expect(sourceOf(state, sampleEvents.postPublished.data.articleId)?.title).toBe(sampleEvents.articleSummarized.data.title);
    const minute = Math.floor(Date.parse(sampleEvents.postPublished.time) / 60_000) * 60_000;
    expect(state.series.posts).toEqual([{ t: minute, value: 1 }]);
  });

  it('ignores an event it has already seen (a replay after reconnect)', () => {
    const once = applyEvent(applyOverview(initialState(), overview), 'post.published', sampleEvents.postPublished);
    expect(applyEvent(once, 'post.published', sampleEvents.postPublished)).toBe(once);
  });

  it('leaves counters the overview does not have alone, and keeps only the latest posts', () => {
    let state = applyOverview(initialState(), { lastHour: { articles: 1 }, lastDay: {} });
    for (let i = 0; i < MAX_POSTS + 5; i += 1) {
      state = applyEvent(state, 'post.published', { ...sampleEvents.postPublished, id: `post-${i}` });
    }
    expect(state.overview?.lastHour).toEqual({ articles: 1 });
    expect(state.posts).toHaveLength(MAX_POSTS);
    expect(state.posts[0]?.id).toBe(`post-${MAX_POSTS + 4}`);
  });

  it('ignores unknown event types and messages that are not envelopes', () => {
    const state = initialState();
    expect(applyEvent(state, 'webhook.disabled', { id: 'x', data: {} })).toBe(state);
    expect(applyEvent(state, 'post.published', 'garbage')).toBe(state);
  });

  it('lays the series on a minute grid, with zero where there was no bucket', () => {
    const data = chartData({ articles: [{ t: 60_000, value: 4 }], posts: [{ t: 120_000, value: 2 }] }, 0, 150_000);
    expect(data).toEqual([
      [0, 60, 120],
      [0, 4, 0],
      [0, 0, 2],
    ]);
  });
});
