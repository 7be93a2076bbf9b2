import { createMetrics } from '@pulse/observability';
import { toFactRow } from '../src/domain/fact-row';
import { createAnalyticsMetrics } from '../src/metrics/analytics-metrics';
import { fetched, published, summarized } from './support/events';

async function values(registry: ReturnType<typeof createMetrics>['registry'], name: string) {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).map(({ labels, value }) => ({ labels: { ...labels }, value }));
}

describe('analytics metrics', () => {
  it('counts a batch per series: new facts once, redeliveries and repeated ids as duplicates', async () => {
    const kit = createMetrics({ service: 'analytics-test', defaultMetrics: false });
    const metrics = createAnalyticsMetrics(kit);
    const time = new Date('2026-11-23T10:00:00Z');
    const a = fetched({ tenantId: 't', time, niche: 'science' });
    const b = fetched({ tenantId: 't', time, niche: 'science' });
    const old = fetched({ tenantId: 't', time, niche: 'science' });
    const summary = summarized({ tenantId: 't', time, niche: 'science', costUsd: 0.5 });
    const post = published({ tenantId: 't', time });
    const facts = [a, b, a, old, summary, post].map(toFactRow);

    metrics.observeFacts(facts, new Set([a.id, b.id, summary.id, post.id]));

    const recorded = await values(kit.registry, 'pulse_analytics_facts_recorded_total');
    expect(recorded).toEqual(expect.arrayContaining([
      { labels: { type: 'news.fetched', duplicate: 'false' }, value: 2 },
      { labels: { type: 'news.fetched', duplicate: 'true' }, value: 2 },
      { labels: { type: 'article.summarized', duplicate: 'false' }, value: 1 },
      { labels: { type: 'post.published', duplicate: 'false' }, value: 1 },
    ]));
    expect(await values(kit.registry, 'pulse_articles_processed_total')).toEqual([{ labels: { niche: 'science' }, value: 2 }]);
    expect(await values(kit.registry, 'pulse_llm_cost_usd_total')).toEqual([{ labels: { niche: 'science' }, value: 0.5 }]);
    expect((await values(kit.registry, 'pulse_posts_published_total')).map((v) => v.value)).toEqual([1]);
  });
});
