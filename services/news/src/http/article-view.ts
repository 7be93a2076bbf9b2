import type { ArticleListRow, ArticleWithCluster } from '../adapters/db';

const json = JSON.stringify;

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

/**
 * The JSON text of one list item: articleView without `content`, same fields in the same order,
 * written straight from the row (its jsonb columns spliced in as PostgreSQL printed them). The list
 * is the API's hottest path; building view objects and serializing them again was most of its CPU.
 */
export function articleListItemJson(row: ArticleListRow): string {
  // Ids (uuid), the ISO timestamps and numbers never need escaping; only free text goes through JSON.stringify.
  return `{"id":"${row.id}","sourceId":${row.sourceId === null ? 'null' : `"${row.sourceId}"`},"niche":${json(row.niche)}` +
    `,"url":${json(row.url)},"canonicalUrl":${json(row.canonicalUrl)},"guid":${json(row.guid)},"title":${json(row.title)}` +
    `,"lead":${json(row.lead)},"language":${json(row.language)},"author":${json(row.author)},"keywords":${row.keywordsJson}` +
    `,"publishedAt":"${row.publishedAt}","firstSeenAt":"${row.firstSeenAt}","score":${json(row.score)}` +
    `,"scoreBreakdown":${row.scoreBreakdownJson},"cluster":{"id":"${row.clusterId}","size":${json(row.clusterSize)}}}`;
}
