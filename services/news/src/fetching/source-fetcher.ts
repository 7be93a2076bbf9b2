/**
 * One fetch of one source: under the source's Redis lock, a conditional GET, parse, ingest, and
 * the source's health updated (backoff after a failure, an adaptive interval after a success).
 * Failures are recorded on the source and returned in the summary, never thrown: a cycle goes on.
 */
import { describeError, PermanentError, PulseError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import { adaptivePollInterval, scheduleAfterFailure, scheduleAfterSuccess } from '../domain/fetch-schedule';
import { parseFeed } from '../domain/feed-parser';
import type { ParsedFeed } from '../domain/feed.types';
import type { GuardedHttpClient, HttpGetOptions } from '@pulse/safe-http';
import { fetchFeed } from '../adapters/feeds';
import type { CredentialsCipher, SourceEntity, SourceRepository } from '../adapters/db';
import type { SourceLock } from '../adapters/redis/source-lock';
import type { ArticleIngester } from './article-ingester';
import type { NewsMetrics } from './news-metrics';

export type FetchOutcome = 'fetched' | 'not-modified' | 'failed' | 'busy' | 'skipped';

export interface FetchSummary {
  sourceId: string;
  outcome: FetchOutcome;
  newArticles: number;
  duplicates: number;
  failedItems: number;
  /** Entries the parser dropped (no link, no title, ...). */
  skippedItems: number;
  error?: string;
  /** Item-level problems (the first few). */
  itemErrors?: string[];
  nextFetchAt?: string;
  durationMs: number;
}

type DownloadResult =
  | { kind: 'not-modified'; etag?: string; lastModified?: string }
  | { kind: 'fetched'; feed: ParsedFeed; finalUrl: string; etag?: string; lastModified?: string };

export interface PollIntervals {
  defaultSeconds: number;
  minSeconds: number;
  maxSeconds: number;
}

export interface SourceFetcherDeps {
  sources: SourceRepository;
  lock: SourceLock;
  ingester: ArticleIngester;
  client: GuardedHttpClient;
  httpOptions: HttpGetOptions;
  intervals: PollIntervals;
  cipher?: CredentialsCipher;
  logger: Logger;
  metrics: NewsMetrics;
  now?: () => Date;
}

export class SourceFetcher {
  private readonly now: () => Date;

  constructor(private readonly deps: SourceFetcherDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Fetches a source now. `onlyIfDue` (the scheduled cycle): skip it when, once locked, it is no
   * longer due, i.e. another replica fetched it between our query and our lock.
   */
  async fetch(sourceId: string, options: { onlyIfDue?: boolean } = {}): Promise<FetchSummary> {
    const started = performance.now();
    const empty = (outcome: FetchOutcome): FetchSummary => ({ sourceId, outcome, newArticles: 0, duplicates: 0, failedItems: 0, skippedItems: 0, durationMs: Math.round(performance.now() - started) });
    const locked = await this.deps.lock.withLock(sourceId, async () => {
      const source = await this.deps.sources.findForFetch(sourceId);
      if (!source) return empty('skipped');
      if (options.onlyIfDue && (!source.enabled || source.nextFetchAt.getTime() > this.now().getTime())) return empty('skipped');
      return this.fetchLocked(source, started);
    });
    return locked.acquired ? locked.value : empty('busy');
  }

  private async fetchLocked(source: SourceEntity, started: number): Promise<FetchSummary> {
    const now = this.now();
    const summary: FetchSummary = { sourceId: source.id, outcome: 'failed', newArticles: 0, duplicates: 0, failedItems: 0, skippedItems: 0, durationMs: 0 };
    try {
      const configured = source.pollIntervalSeconds ?? this.deps.intervals.defaultSeconds;
      const result = await this.download(source);
      if (result.kind === 'not-modified') {
        const intervalSeconds = source.effectiveIntervalSeconds ?? configured;
        const next = scheduleAfterSuccess({ now, intervalSeconds });
        await this.deps.sources.recordSuccess(source.id, { at: now, etag: result.etag ?? null, lastModified: result.lastModified ?? null, newItems: 0, intervalSeconds, nextFetchAt: next.nextFetchAt });
        return this.finish(source, { ...summary, outcome: 'not-modified', nextFetchAt: next.nextFetchAt.toISOString() }, started);
      }
      const { feed } = result;
      const ingested = await this.deps.ingester.ingest({ source, items: feed.items, feedUrl: result.finalUrl, ...(feed.language ? { feedLanguage: feed.language } : {}), now });
      // A busy feed is polled more often; the source's own interval is the slowest it gets.
      const intervalSeconds = adaptivePollInterval(feed.items.map((item) => item.publishedAt), {
        minSeconds: Math.min(this.deps.intervals.minSeconds, configured),
        maxSeconds: Math.min(this.deps.intervals.maxSeconds, configured),
        fallbackSeconds: configured,
        now,
      });
      const next = scheduleAfterSuccess({ now, intervalSeconds });
      await this.deps.sources.recordSuccess(source.id, {
        at: now, etag: result.etag ?? null, lastModified: result.lastModified ?? null, newItems: ingested.newArticles,
        intervalSeconds, nextFetchAt: next.nextFetchAt, ...(feed.title ? { title: feed.title } : {}),
      });
      if (feed.skipped.length > 0) this.deps.metrics.articles.inc({ niche: source.niche, source: source.id, outcome: 'skipped' }, feed.skipped.length);
      return this.finish(source, {
        ...summary, outcome: 'fetched', newArticles: ingested.newArticles, duplicates: ingested.duplicates, failedItems: ingested.failed,
        skippedItems: feed.skipped.length, ...(ingested.errors.length > 0 ? { itemErrors: ingested.errors } : {}), nextFetchAt: next.nextFetchAt.toISOString(),
      }, started);
    } catch (error) {
      const message = describeError(error);
      const retryAfterSeconds = error instanceof PulseError ? error.retryAfterSeconds : undefined;
      const next = scheduleAfterFailure({ now, previousFailures: source.consecutiveFailures, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
      try {
        await this.deps.sources.recordFailure(source.id, { at: now, error: message, consecutiveFailures: next.consecutiveFailures, nextFetchAt: next.nextFetchAt });
      } catch (recordError) {
        this.deps.logger.error('could not record a fetch failure', { sourceId: source.id, error: describeError(recordError) });
      }
      this.deps.logger.warn('feed fetch failed', { sourceId: source.id, tenantId: source.tenantId, url: source.url, error: message, consecutiveFailures: next.consecutiveFailures });
      return this.finish(source, { ...summary, outcome: 'failed', error: message, nextFetchAt: next.nextFetchAt.toISOString() }, started);
    }
  }

  /**
   * The conditional GET and the parse, in a frame of their own: the body (bytes and decoded text,
   * hundreds of KB) is garbage once this returns, instead of living in the caller's suspended frame
   * while the items wait for their transaction. The parsed feed references no part of it.
   */
  private async download(source: SourceEntity): Promise<DownloadResult> {
    const result = await fetchFeed(
      {
        url: source.url,
        headers: source.headers,
        ...(source.userAgent ? { userAgent: source.userAgent } : {}),
        ...this.basicAuthOf(source),
      },
      { ...(source.etag ? { etag: source.etag } : {}), ...(source.lastModified ? { lastModified: source.lastModified } : {}) },
      { ...this.deps.httpOptions, client: this.deps.client },
    );
    const validators = { ...(result.etag !== undefined ? { etag: result.etag } : {}), ...(result.lastModified !== undefined ? { lastModified: result.lastModified } : {}) };
    if (result.kind === 'not-modified') return { kind: 'not-modified', ...validators };
    const feed = parseFeed(result.body, { url: result.finalUrl, ...(result.contentType ? { contentType: result.contentType } : {}) });
    return { kind: 'fetched', feed, finalUrl: result.finalUrl, ...validators };
  }

  private basicAuthOf(source: SourceEntity): { basicAuth?: { username: string; password: string } } {
    if (!source.basicAuthUsername || !source.basicAuthSecret) return {};
    if (!this.deps.cipher) {
      throw new PermanentError('The source has basic-auth credentials but SOURCE_CREDENTIALS_KEY is not configured', { code: 'credentials-unreadable' });
    }
    return { basicAuth: { username: source.basicAuthUsername, password: this.deps.cipher.decrypt(source.basicAuthSecret) } };
  }

  private finish(source: SourceEntity, summary: FetchSummary, started: number): FetchSummary {
    summary.durationMs = Math.round(performance.now() - started);
    this.deps.metrics.fetches.inc({ niche: source.niche, source: source.id, outcome: summary.outcome });
    this.deps.metrics.fetchDuration.observe({ niche: source.niche, outcome: summary.outcome }, summary.durationMs / 1000);
    return summary;
  }
}
