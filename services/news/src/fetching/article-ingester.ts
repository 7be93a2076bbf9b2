/**
 * Turns a fetched feed's items into stored articles and `news.fetched` events: identify and
 * dedupe, optionally fetch the full text, then ONE transaction per feed fetch (or per group of a
 * tenant's concurrent fetches, see GroupCommit) that claims the dedupe keys, clusters, scores and
 * writes the articles and their outbox entries together, each step one multi-row statement.
 * One bad item is counted and logged; it never stops the others.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEvent, type EventContract, type NewsFetchedEvent } from '@pulse/contracts';
import { GroupCommit, withTransaction, type JobOutcome } from '@pulse/db';
import { describeError, ValidationError } from '@pulse/errors';
import { activeTraceHeaders, outbox } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import { scoreArticle, type RankingParams, type ScoreBreakdown } from '../domain/article-ranker';
import { hashDedupeKey, identifyArticle, partitionNewArticles, type ArticleIdentity } from '../domain/dedupe-keys';
import { resolvePublishedAt } from '../domain/feed-date';
import type { ParsedItem } from '../domain/feed.types';
import { truncateText } from '../domain/html-text';
import { detectLanguage } from '../domain/language-detector';
import { storySimhash } from '../domain/simhash';
import type { GuardedHttpClient, HttpGetOptions } from '@pulse/safe-http';
import { fetchArticle } from '../adapters/feeds';
import {
  claimDedupeKeys, insertArticles, joinClusters, lockTenant,
  type ArticleRepository, type HashedKey, type NewArticle, type SourceEntity, type StoryIndex,
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

type FreshItem = ParsedItem & ArticleIdentity;

// Contract limits of news.fetched v1.
const MAX_TITLE = 1_000;
const MAX_LEAD = 10_000;
const MAX_CONTENT = 200_000;
const MAX_URL = 4_096;

/** Stands in for the score in the contract check before the transaction (it only needs a valid number). */
const PROBE_RANKING: ScoreBreakdown = {
  score: 0,
  components: Object.fromEntries(['freshness', 'authority', 'coverage', 'relevance', 'titleQuality'].map((c) => [c, { value: 0, weight: 0, contribution: 0 }])) as ScoreBreakdown['components'],
  matchedTerms: [],
  formula: 'v1',
};

/** Items per job, and most items one transaction takes (jobs of several fetches of a tenant go together). */
const MAX_JOB = 100;
const MAX_GROUP = 1000;

/** An item ready to store: everything but what the transaction decides (cluster, cluster size, score). */
interface Draft {
  input: IngestInput;
  item: FreshItem;
  id: string;
  title: string;
  lead: string;
  content: string;
  language: string | undefined;
  publishedAt: Date;
  simhash: string;
  /** Its dedupe keys, hashed once for the pre-check and reused by the claim. */
  keys: HashedKey[];
  /** The trace of the fetch that found it: fetches grouped in one write keep their own traces. */
  traceHeaders: Record<string, string>;
}

export class ArticleIngester {
  /** A tenant's writes from concurrent fetches share transactions (see GroupCommit). */
  private readonly writes: GroupCommit<Draft[], Set<string>>;

  constructor(private readonly deps: ArticleIngesterDeps) {
    this.writes = new GroupCommit({ write: (_tenantId, jobs) => this.writeGroup(jobs), sizeOf: (job) => job.length, maxSize: MAX_GROUP });
  }

  async ingest(input: IngestInput): Promise<IngestSummary> {
    const { source } = input;
    const summary: IngestSummary = { newArticles: 0, duplicates: 0, failed: 0, errors: [] };
    const fail = (item: { url: string }, error: unknown) => {
      summary.failed++;
      if (summary.errors.length < 5) summary.errors.push(`${item.url}: ${describeError(error)}`);
      this.deps.logger.warn('feed item skipped', { sourceId: source.id, tenantId: source.tenantId, url: item.url, error: describeError(error) });
    };

    // Each item's identity and key hashes once (URL parsing and SHA-256 are the costly part of dedupe).
    const identities = new Map<ParsedItem, ArticleIdentity>();
    const hashOf = new Map<string, string>();
    for (const item of input.items) {
      try {
        const identity = identifyArticle(item, input.feedUrl);
        if (item.url.length > MAX_URL) continue;
        identities.set(item, identity);
        for (const key of identity.keys) if (!hashOf.has(key)) hashOf.set(key, hashDedupeKey(key));
      } catch (error) {
        fail(item, error);
      }
    }
    const identifiable = [...identities.keys()];
    const known = await this.deps.articles.knownKeyHashes(source.tenantId, [...hashOf.values()]);
    const { fresh, duplicates } = partitionNewArticles(identifiable, input.feedUrl, (key) => known.has(hashOf.get(key)!), (item) => identities.get(item)!);
    summary.duplicates += duplicates.length;

    // Everything that needs no lock happens before the transaction: text, language, fingerprint,
    // and a check of the event against the contract (an invalid item fails alone, not its batch).
    // The fetch's trace, once: its articles keep it even when written together with other fetches'.
    const traceHeaders = activeTraceHeaders();
    const drafts: Draft[] = [];
    for (const item of fresh) {
      try {
        drafts.push(await this.draft(item, input, traceHeaders, item.keys.map((key) => ({ key, hash: hashOf.get(key)! }))));
      } catch (error) {
        fail(item, error);
      }
    }
    const jobs: Draft[][] = [];
    for (let start = 0; start < drafts.length; start += MAX_JOB) jobs.push(drafts.slice(start, start + MAX_JOB));
    const outcomes = await Promise.all(jobs.map((job) => this.writes.submit(source.tenantId, job)));
    for (const [i, outcome] of outcomes.entries()) {
      const job = jobs[i]!;
      if (outcome.ok) {
        const stored = job.filter((d) => outcome.value.has(d.id)).length;
        summary.newArticles += stored;
        summary.duplicates += job.length - stored;
        continue;
      }
      if (job.length === 1) {
        fail(job[0]!.item, outcome.error);
        continue;
      }
      // Something in the job broke its statements (e.g. text PostgreSQL refuses): one by one, so only it fails.
      this.deps.logger.warn('storing a batch failed, storing its items one by one', { sourceId: source.id, error: describeError(outcome.error) });
      for (const draft of job) {
        try {
          const stored = (await this.store([draft])).size;
          summary.newArticles += stored;
          summary.duplicates += 1 - stored;
        } catch (error) {
          fail(draft.item, error);
        }
      }
    }
    const labels = { niche: source.niche, source: source.id };
    this.deps.metrics.articles.inc({ ...labels, outcome: 'new' }, summary.newArticles);
    this.deps.metrics.articles.inc({ ...labels, outcome: 'duplicate' }, summary.duplicates);
    this.deps.metrics.articles.inc({ ...labels, outcome: 'failed' }, summary.failed);
    return summary;
  }

  /** A group of jobs in one transaction; when it fails, each job alone (so one bad job does not cost the others). */
  private async writeGroup(jobs: Draft[][]): Promise<Array<JobOutcome<Set<string>>>> {
    try {
      const ids = await this.store(jobs.flat());
      return jobs.map(() => ({ ok: true, value: ids }));
    } catch (error) {
      if (jobs.length === 1) return [{ ok: false, error }];
      const outcomes: Array<JobOutcome<Set<string>>> = [];
      for (const job of jobs) {
        try {
          outcomes.push({ ok: true, value: await this.store(job) });
        } catch (jobError) {
          outcomes.push({ ok: false, error: jobError });
        }
      }
      return outcomes;
    }
  }

  private async draft(item: FreshItem, input: IngestInput, traceHeaders: Record<string, string>, keys: HashedKey[]): Promise<Draft> {
    const content = await this.contentOf(item, input.source);
    const title = truncateText(item.title, MAX_TITLE) || truncateText(item.summary, 120) || item.canonicalUrl;
    const lead = truncateText(item.summary, MAX_LEAD);
    const draft: Draft = {
      input, item, id: randomUUID(), title, lead, content,
      language: detectLanguage(`${title}\n${lead}`, input.feedLanguage),
      publishedAt: resolvePublishedAt(item.publishedAt, input.now).publishedAt,
      simhash: storySimhash(item.title, item.contentText),
      keys,
      traceHeaders,
    };
    // Placeholders for what the transaction decides (cluster, size, score); their own formats are
    // always valid, so the probe skips ranking, which the transaction does with the real cluster size.
    const probe = this.event(this.article(draft, draft.id, 0, PROBE_RANKING), 1);
    const checked = this.deps.contract.validate(probe);
    if (!checked.ok) throw new ValidationError('The item does not make a valid news.fetched event', checked.errors);
    return draft;
  }

  /**
   * Stores drafts of one tenant (from one or several fetches) in ONE transaction under the
   * tenant's lock: claim the dedupe keys (the drafts whose keys were all free are new), cluster
   * them in memory against the tenant's recent stories, grow the clusters, then the article rows
   * and their outbox entries in one statement. Returns the ids stored; the others were
   * duplicates (stored first by another fetch, or earlier in the batch).
   */
  private async store(batch: Draft[]): Promise<Set<string>> {
    const tenantId = batch[0]!.input.source.tenantId;
    const now = new Date(Math.max(...batch.map((d) => d.input.now.getTime())));
    const { dataSource, storyIndex, contract } = this.deps;
    try {
      return await withTransaction(dataSource, async (manager) => {
        await lockTenant(manager, tenantId);
        const claimed = await claimDedupeKeys(manager, tenantId, batch.map((d) => ({ articleId: d.id, keys: d.keys })));
        const fresh = batch.filter((d) => claimed.has(d.id));
        if (fresh.length === 0) return claimed;
        const assignments = await storyIndex.assignAll(manager, tenantId, fresh.map((d) => ({ articleId: d.id, simhash: d.simhash })), now);
        const added = new Map<string, number>();
        for (const a of assignments) added.set(a.clusterId, (added.get(a.clusterId) ?? 0) + 1);
        const sizeBefore = await joinClusters(manager, tenantId, added, now);
        const articles: NewArticle[] = [];
        const events: NewsFetchedEvent[] = [];
        fresh.forEach((draft, i) => {
          const clusterId = assignments[i]!.clusterId;
          // Size including this article, as if the batch had been stored one by one in order.
          const clusterSize = sizeBefore.get(clusterId)! + 1;
          sizeBefore.set(clusterId, clusterSize);
          const article = this.article(draft, clusterId, clusterSize);
          articles.push(article);
          events.push(this.event(article, clusterSize));
        });
        await insertArticles(manager, articles, outbox.rowsParameter(contract, events.map((event, i) => ({ event, traceHeaders: fresh[i]!.traceHeaders }))));
        return claimed;
      });
    } catch (error) {
      // The in-memory view may hold articles that were rolled back.
      storyIndex.forget(tenantId);
      throw error;
    }
  }

  private article(draft: Draft, clusterId: string, clusterSize: number, placeholder?: ScoreBreakdown): NewArticle {
    const { source, now } = draft.input;
    const { item, title, lead, content, publishedAt } = draft;
    const ranking = placeholder ?? scoreArticle(
      {
        publishedAt, now, clusterSize: Math.max(1, clusterSize), title, text: lead || content,
        authorityWeight: source.authorityWeight,
        nicheKeywords: this.deps.nicheKeywords[source.niche] ?? [],
      },
      this.deps.nicheRanking[source.niche] ?? {},
    );
    return {
      id: draft.id, tenantId: source.tenantId, sourceId: source.id, niche: source.niche,
      url: item.url, canonicalUrl: item.canonicalUrl, guid: item.guid ?? null,
      title, lead, content, language: draft.language ?? null, author: item.author ? truncateText(item.author, 500) : null,
      keywords: keywordsOf(item), publishedAt, firstSeenAt: now,
      score: ranking.score, scoreBreakdown: ranking, clusterId, simhash: draft.simhash,
    };
  }

  private event(article: NewArticle, clusterSize: number): NewsFetchedEvent {
    return createEvent(this.deps.contract, { tenantId: article.tenantId, source: 'pulse/news', data: eventData(article, clusterSize) });
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
