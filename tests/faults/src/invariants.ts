/**
 * The end-to-end counts after a fault, and what must hold between them ("nothing lost, nothing
 * doubled"). Pure: gathering is in pipeline-ledger.ts, so the rules have unit tests of their own.
 */
export interface PipelineCounts {
  /** Items the feeds published, per niche. */
  published: Record<string, number>;
  /** news: articles stored, per niche. */
  articles: Record<string, number>;
  /** llm: summaries stored, per niche. */
  summaries: Record<string, number>;
  /** llm: articles skipped with a reason. */
  skipped: number;
  /** Articles with both a summary and a skip (must be none). */
  summarizedAndSkipped: number;
  /** social: posts per channel niche and status. */
  posts: Record<string, Record<string, number>>;
  /** Distinct events per topic (the downstream tap), and things with more than one distinct event. */
  events: Record<'newsFetched' | 'articleSummarized' | 'postPublished', { distinct: number; doubled: number }>;
  /** Statuses on the fake Mastodon, and statuses repeating an earlier one's text (each article is posted to one channel, so a repeat is a double post). */
  statuses: number;
  statusesDoubled: number;
  /** analytics: facts per event type. */
  facts: Record<'news.fetched' | 'article.summarized' | 'post.published', number>;
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((total, n) => total + n, 0);

/** Every broken rule as a sentence naming both sides; empty when everything holds. */
export function violations(c: PipelineCounts): string[] {
  const problems: string[] = [];
  const expectEqual = (what: string, left: number, right: number) => {
    if (left !== right) problems.push(`${what}: ${left} vs ${right}`);
  };
  const articles = sum(c.articles);
  const summaries = sum(c.summaries);
  const publishedPosts = Object.values(c.posts).reduce((total, byStatus) => total + (byStatus.published ?? 0), 0);

  for (const niche of Object.keys(c.published)) {
    expectEqual(`feed items published vs articles stored (${niche})`, c.published[niche]!, c.articles[niche] ?? 0);
  }
  expectEqual('articles vs distinct news.fetched events', articles, c.events.newsFetched.distinct);
  expectEqual('articles vs summarized + skipped', articles, summaries + c.skipped);
  expectEqual('articles both summarized and skipped', c.summarizedAndSkipped, 0);
  expectEqual('summaries vs distinct article.summarized events', summaries, c.events.articleSummarized.distinct);
  for (const niche of Object.keys(c.summaries)) {
    const byStatus = c.posts[niche] ?? {};
    expectEqual(`summaries vs published posts on the ${niche} channel`, c.summaries[niche]!, byStatus.published ?? 0);
    const notPublished = Object.entries(byStatus).filter(([status]) => status !== 'published');
    for (const [status, count] of notPublished) expectEqual(`posts left ${status} on the ${niche} channel`, count, 0);
  }
  expectEqual('published posts vs distinct post.published events', publishedPosts, c.events.postPublished.distinct);
  expectEqual('published posts vs Mastodon statuses', publishedPosts, c.statuses);
  expectEqual("Mastodon statuses repeating another's text", c.statusesDoubled, 0);
  for (const [topic, counts] of Object.entries(c.events)) {
    expectEqual(`${topic}: things with more than one distinct event`, counts.doubled, 0);
  }
  expectEqual('analytics news.fetched facts vs articles', c.facts['news.fetched'], articles);
  expectEqual('analytics article.summarized facts vs summaries', c.facts['article.summarized'], summaries);
  expectEqual('analytics post.published facts vs published posts', c.facts['post.published'], publishedPosts);
  return problems;
}

/** One line for logs and failure messages. */
export function describeCounts(c: PipelineCounts): string {
  const posts = Object.values(c.posts).reduce((total, byStatus) => total + (byStatus.published ?? 0), 0);
  return `published ${sum(c.published)}, articles ${sum(c.articles)}, summaries ${sum(c.summaries)} + skipped ${c.skipped}, ` +
    `posts ${posts}, statuses ${c.statuses}, events ${c.events.newsFetched.distinct}/${c.events.articleSummarized.distinct}/${c.events.postPublished.distinct}, ` +
    `facts ${c.facts['news.fetched']}/${c.facts['article.summarized']}/${c.facts['post.published']}`;
}
