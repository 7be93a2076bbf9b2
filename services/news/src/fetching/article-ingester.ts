/**
 * Turns a fetched feed's items into stored articles and `news.fetched` events: identify and
 * dedupe, optionally fetch the full text, cluster, score, then one transaction per article that
 * writes the dedupe keys, the cluster, the article and the outbox entry together.
 * One bad item is counted and logged; it never stops the others.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEvent, type EventContract, type NewsFetchedEvent } from '@pulse/contracts';
import { withTransaction } from '@pulse/db';
import { describeError } from '@pulse/errors';
import { outbox } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import { scoreArticle, type RankingParams } from '../domain/article-ranker';
import { hashDedupeKey, identifyArticle, partitionNewArticles, type ArticleIdentity } from '../domain/dedupe-keys';
import { resolvePublishedAt } from '../domain/feed-date';
import type { ParsedItem } from '../domain/feed.types';
import { truncateText } from '../domain/html-text';
import { detectLanguage } from '../domain/language-detector';
import { storySimhash } from '../domain/simhash';
import type { GuardedHttpClient, HttpGetOptions } from '@pulse/safe-http';
import { fetchArticle } from '../adapters/feeds';
import {
  claimDedupeKeys, insertArticle, joinCluster, lockTenant,
  type ArticleRepository, type NewArticle, type SourceEntity, type StoryIndex,
} from '../adapters/db';
import type { NewsMetrics } from './news-metrics';

export interface IngestInput {
  source: SourceEntity;
  items: ParsedItem[];
  /** The URL the feed answered from (GUID keys are scoped to its host). */
  feedUrl: string;
  feedLanguage?: string;
  now: Date;
}

export interface IngestSummary {
  newArticles: number;
  duplicates: number;
  failed: number;
  /** The first few item errors, for the source's record. */
  errors: string[];
}

export interface ArticleIngesterDeps {
  dataSource: DataSource;
  articles: ArticleRepository;
  storyIndex: StoryIndex;
  contract: EventContract<NewsFetchedEvent>;
  client: GuardedHttpClient;
  httpOptions: HttpGetOptions;
  nicheKeywords: Record<string, string[]>;
  nicheRanking: Record<string, RankingParams>;
  logger: Logger;
  metrics: NewsMetrics;
}

/** Raised inside the transaction to roll it back when a key already exists. */
class DuplicateArticle extends Error {}

type FreshItem = ParsedItem & ArticleIdentity;

// Contract limits of news.fetched v1.
const MAX_TITLE = 1_000;
const MAX_LEAD = 10_000;
const MAX_CONTENT = 200_000;
const MAX_URL = 4_096;

export class ArticleIngester {
  constructor(private readonly deps: ArticleIngesterDeps) {}

  async ingest(input: IngestInput): Promise<IngestSummary> {
    const { source } = input;
    const summary: IngestSummary = { newArticles: 0, duplicates: 0, failed: 0, errors: [] };
    const fail = (item: { url: string }, error: unknown) => {
      summary.failed++;
      if (summary.errors.length < 5) summary.errors.push(`${item.url}: ${describeError(error)}`);
      this.deps.logger.warn('feed item skipped', { sourceId: source.id, tenantId: source.tenantId, url: item.url, error: describeError(error) });
    };

    const identifiable = input.items.filter((item) => {
      try {
        identifyArticle(item, input.feedUrl);
        return item.url.length <= MAX_URL;
      } catch (error) {
        fail(item, error);
        return false;
      }
    });
    const hashes = identifiable.flatMap((item) => identifyArticle(item, input.feedUrl).keys.map(hashDedupeKey));
    const known = await this.deps.articles.knownKeyHashes(source.tenantId, hashes);
    const { fresh, duplicates } = partitionNewArticles(identifiable, input.feedUrl, (key) => known.has(hashDedupeKey(key)));
    summary.duplicates += duplicates.length;

    for (const item of fresh) {
      try {
        if (await this.ingestOne(item, input)) summary.newArticles++;
        else summary.duplicates++;
      } catch (error) {
        fail(item, error);
      }
    }
    const niche = source.niche;
    this.deps.metrics.articles.inc({ niche, outcome: 'new' }, summary.newArticles);
    this.deps.metrics.articles.inc({ niche, outcome: 'duplicate' }, summary.duplicates);
    this.deps.metrics.articles.inc({ niche, outcome: 'failed' }, summary.failed);
    return summary;
  }

  /** Stores one article with its event; false when another fetch stored it first. */
  private async ingestOne(item: FreshItem, input: IngestInput): Promise<boolean> {
    const { source, now } = input;
    const { dataSource, storyIndex, contract } = this.deps;
    const content = await this.contentOf(item, source);
    const title = truncateText(item.title, MAX_TITLE) || truncateText(item.summary, 120) || item.canonicalUrl;
    const lead = truncateText(item.summary, MAX_LEAD);
    const language = detectLanguage(`${title}\n${lead}`, input.feedLanguage);
    const publishedAt = resolvePublishedAt(item.publishedAt, now).publishedAt;
    const simhash = storySimhash(item.title, item.contentText);
    const id = randomUUID();

    try {
      await withTransaction(dataSource, async (manager) => {
        await lockTenant(manager, source.tenantId);
        if (!(await claimDedupeKeys(manager, source.tenantId, id, item.keys))) throw new DuplicateArticle();
        const assignment = await storyIndex.assign(manager, source.tenantId, id, simhash, now);
        const clusterSize = await joinCluster(manager, source.tenantId, assignment.clusterId, now);
        const ranking = scoreArticle(
          {
            publishedAt, now, clusterSize, title, text: lead || content,
            authorityWeight: source.authorityWeight,
            nicheKeywords: this.deps.nicheKeywords[source.niche] ?? [],
          },
          this.deps.nicheRanking[source.niche] ?? {},
        );
        const article: NewArticle = {
          id, tenantId: source.tenantId, sourceId: source.id, niche: source.niche,
          url: item.url, canonicalUrl: item.canonicalUrl, guid: item.guid ?? null,
          title, lead, content, language: language ?? null, author: item.author ? truncateText(item.author, 500) : null,
          keywords: keywordsOf(item), publishedAt, firstSeenAt: now,
          score: ranking.score, scoreBreakdown: ranking, clusterId: assignment.clusterId, simhash,
        };
        await insertArticle(manager, article);
        await outbox.enqueue(manager, contract, createEvent(contract, {
          tenantId: source.tenantId,
          source: 'pulse/news',
          data: eventData(article, clusterSize),
        }));
      });
      return true;
    } catch (error) {
      storyIndex.forget(source.tenantId);
      if (error instanceof DuplicateArticle) return false;
      throw error;
    }
  }

  /** The feed's text, or the page's main text when the source asks for full articles (best effort). */
  private async contentOf(item: FreshItem, source: SourceEntity): Promise<string> {
    const fromFeed = truncateText(item.contentText || item.summary, MAX_CONTENT);
    if (!source.fetchFullArticle) return fromFeed;
    try {
      const extracted = await fetchArticle(item.url, this.deps.client, this.deps.httpOptions);
      return extracted && extracted.text.length > fromFeed.length ? truncateText(extracted.text, MAX_CONTENT) : fromFeed;
    } catch (error) {
      this.deps.logger.info('full-article extraction failed, keeping the feed text', { sourceId: source.id, url: item.url, error: describeError(error) });
      return fromFeed;
    }
  }
}

function keywordsOf(item: ParsedItem): string[] {
  const unique = [...new Set(item.categories.map((c) => c.trim()).filter((c) => c.length > 0 && c.length <= 100))];
  return unique.slice(0, 50);
}

function eventData(article: NewArticle, clusterSize: number): NewsFetchedEvent['data'] {
  const data: NewsFetchedEvent['data'] = {
    articleId: article.id,
    sourceId: article.sourceId,
    niche: article.niche,
    url: article.url,
    canonicalUrl: article.canonicalUrl,
    title: article.title,
    lead: article.lead,
    content: article.content,
    publishedAt: article.publishedAt.toISOString(),
    fetchedAt: article.firstSeenAt.toISOString(),
    score: article.score,
    clusterId: article.clusterId,
    clusterSize,
  };
  if (article.language && /^[a-z]{2,3}$/.test(article.language)) data.language = article.language;
  if (article.author) data.author = article.author;
  if (article.keywords.length > 0) data.keywords = article.keywords;
  return data;
}
