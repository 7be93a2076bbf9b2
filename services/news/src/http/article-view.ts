import type { ArticleWithCluster } from '../adapters/db';

/** An article as the API shows it; `content` only in the detail view. */
export function articleView(article: ArticleWithCluster, options: { withContent: boolean }) {
  return {
    id: article.id,
    sourceId: article.sourceId,
    niche: article.niche,
    url: article.url,
    canonicalUrl: article.canonicalUrl,
    guid: article.guid,
    title: article.title,
    lead: article.lead,
    ...(options.withContent ? { content: article.content } : {}),
    language: article.language,
    author: article.author,
    keywords: article.keywords,
    publishedAt: article.publishedAt.toISOString(),
    firstSeenAt: article.firstSeenAt.toISOString(),
    score: article.score,
    scoreBreakdown: article.scoreBreakdown,
    cluster: { id: article.clusterId, size: article.clusterSize },
  };
}
