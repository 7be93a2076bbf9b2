import type { Pool } from 'pg';
import type { FakeMastodon } from '@pulse/fakes';
import type { PipelineNames } from '@pulse/e2e';
import type { GrowingFeedServer } from './growing-feed';
import type { PipelineCounts } from './invariants';
import type { RecordTap } from './record-tap';

export interface LedgerSources {
  db: Pool;
  tenantId: string;
  names: PipelineNames;
  tap: RecordTap;
  mastodon: FakeMastodon;
  feed: GrowingFeedServer;
}

/** Reads every count of PipelineCounts: the services' own tables, the downstream tap, the fakes. */
export async function readCounts({ db, tenantId, names, tap, mastodon, feed }: LedgerSources): Promise<PipelineCounts> {
  const rows = async (sql: string) => (await db.query(sql, [tenantId])).rows as Array<Record<string, string>>;
  const byKey = (list: Array<Record<string, string>>, key: string) => Object.fromEntries(list.map((row) => [row[key]!, Number(row.n)]));

  const [articles, summaries, skipped, both, posts, facts] = await Promise.all([
    rows('SELECT niche, count(*) AS n FROM news.articles WHERE tenant_id = $1 GROUP BY niche'),
    rows('SELECT niche, count(DISTINCT article_id) AS n FROM llm.summaries WHERE tenant_id = $1 GROUP BY niche'),
    rows('SELECT count(DISTINCT article_id) AS n FROM llm.skipped_articles WHERE tenant_id = $1'),
    rows(`SELECT count(*) AS n FROM llm.summaries s
          WHERE s.tenant_id = $1 AND EXISTS (SELECT 1 FROM llm.skipped_articles k WHERE k.tenant_id = $1 AND k.article_id = s.article_id)`),
    rows('SELECT niche, status, count(*) AS n FROM social.posts WHERE tenant_id = $1 GROUP BY niche, status'),
    rows('SELECT type, count(DISTINCT event_id) AS n FROM analytics.event_facts WHERE tenant_id = $1 GROUP BY type'),
  ]);

  const postsByNiche: Record<string, Record<string, number>> = {};
  for (const row of posts) (postsByNiche[row.niche!] ??= {})[row.status!] = Number(row.n);

  const eventCounts = (topic: string) => {
    const ledger = tap.ledger(topic);
    const doubled = [...ledger.idsByThing.values()].filter((ids) => ids.size > 1).length;
    return { distinct: ledger.recordsById.size, doubled };
  };
  const texts = new Map<string, number>();
  for (const status of mastodon.statuses) texts.set(status.text, (texts.get(status.text) ?? 0) + 1);
  const factCounts = byKey(facts, 'type');

  return {
    published: feed.published(),
    articles: byKey(articles, 'niche'),
    summaries: byKey(summaries, 'niche'),
    skipped: Number(skipped[0]?.n ?? 0),
    summarizedAndSkipped: Number(both[0]?.n ?? 0),
    posts: postsByNiche,
    events: {
      newsFetched: eventCounts(names.topics.newsFetched),
      articleSummarized: eventCounts(names.topics.articleSummarized),
      postPublished: eventCounts(names.topics.postPublished),
    },
    statuses: mastodon.statuses.length,
    statusesDoubled: [...texts.values()].filter((n) => n > 1).length,
    facts: {
      'news.fetched': factCounts['news.fetched'] ?? 0,
      'article.summarized': factCounts['article.summarized'] ?? 0,
      'post.published': factCounts['post.published'] ?? 0,
    },
  };
}
