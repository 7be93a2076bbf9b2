import { violations, type PipelineCounts } from '../src/invariants';

function healthy(): PipelineCounts {
  return {
    published: { technology: 3, finance: 2 },
    articles: { technology: 3, finance: 2 },
    summaries: { technology: 3, finance: 1 },
    skipped: 1,
    summarizedAndSkipped: 0,
    posts: { technology: { published: 3 }, finance: { published: 1 } },
    events: { newsFetched: { distinct: 5, doubled: 0 }, articleSummarized: { distinct: 4, doubled: 0 }, postPublished: { distinct: 4, doubled: 0 } },
    statuses: 4,
    statusesDoubled: 0,
    facts: { 'news.fetched': 5, 'article.summarized': 4, 'post.published': 4 },
  };
}

describe('violations', () => {
  it('finds nothing when every count matches end to end', () => {
    expect(violations(healthy())).toEqual([]);
  });

  it('names an article the feed published but news never stored', () => {
    const counts = healthy();
    counts.published.finance = 3;
    expect(violations(counts)).toEqual(['feed items published vs articles stored (finance): 3 vs 2']);
  });

  it('names an article neither summarized nor skipped', () => {
    const counts = healthy();
    counts.skipped = 0;
    expect(violations(counts)).toContain('articles vs summarized + skipped: 5 vs 4');
  });

  it('names a double post on the platform and a second event for one post', () => {
    const counts = healthy();
    counts.statuses = 5;
    counts.statusesDoubled = 1;
    counts.events.postPublished.doubled = 1;
    expect(violations(counts)).toEqual([
      'published posts vs Mastodon statuses: 4 vs 5',
      "Mastodon statuses repeating another's text: 1 vs 0",
      'postPublished: things with more than one distinct event: 1 vs 0',
    ]);
  });

  it('names posts that never left scheduled and analytics that missed an event', () => {
    const counts = healthy();
    counts.posts.technology = { published: 2, scheduled: 1 };
    counts.events.postPublished.distinct = 3;
    counts.statuses = 3;
    counts.facts['post.published'] = 3;
    expect(violations(counts)).toEqual([
      'summaries vs published posts on the technology channel: 3 vs 2',
      'posts left scheduled on the technology channel: 1 vs 0',
    ]);
  });
});
