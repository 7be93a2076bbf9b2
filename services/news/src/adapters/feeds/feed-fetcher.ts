/**
 * fetchFeed: one conditional GET of a source's feed. 304 -> not-modified (nothing to parse);
 * 200 -> the body and the validators to send next time. Failures are PulseErrors: retriable
 * ones (network, timeout, 429/503 with retryAfterSeconds) feed the backoff, permanent ones
 * (SSRF refusal, 404, oversize body, redirect loop) are recorded on the source.
 */
import type { GuardedHttpClientOptions, HttpGetOptions, GuardedHttpClient as SharedHttpClient } from '@pulse/safe-http';
import { GuardedHttpClient } from './feed-http.client';

export interface FeedSourceRequest {
  url: string;
  /** Extra request headers configured on the source. */
  headers?: Record<string, string>;
  userAgent?: string;
  basicAuth?: { username: string; password: string };
}

export interface ConditionalState {
  etag?: string;
  lastModified?: string;
}

export interface FetchFeedOptions extends Omit<HttpGetOptions, 'headers' | 'basicAuth'>, GuardedHttpClientOptions {
  /** A shared client (connection reuse across feeds); a one-off client is made and closed otherwise. */
  client?: SharedHttpClient;
}

interface FetchedCommon {
  /** The URL that answered, after redirects. */
  finalUrl: string;
  redirects: string[];
  etag?: string;
  lastModified?: string;
  durationMs: number;
}

export type FeedFetchResult =
  | (FetchedCommon & { kind: 'not-modified' })
  | (FetchedCommon & { kind: 'fetched'; status: number; body: Buffer; contentType?: string; wireBytes: number });

export const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5';

/** Fetches a feed with a conditional GET (If-None-Match / If-Modified-Since). */
export async function fetchFeed(source: FeedSourceRequest, conditional: ConditionalState = {}, options: FetchFeedOptions = {}): Promise<FeedFetchResult> {
  const client = options.client ?? new GuardedHttpClient(options);
  const started = performance.now();
  const headers: Record<string, string> = { accept: FEED_ACCEPT, ...source.headers };
  if (source.userAgent) headers['user-agent'] = source.userAgent;
  if (conditional.etag) headers['if-none-match'] = conditional.etag;
  if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
  try {
    const response = await client.get(source.url, {
      ...options,
      headers,
      ...(source.basicAuth ? { basicAuth: source.basicAuth } : {}),
    });
    const common: FetchedCommon = { finalUrl: response.url, redirects: response.redirects, durationMs: Math.round(performance.now() - started) };
    // A 304 may omit validators: keep the ones we sent so the next request is conditional too.
    // A 200 replaces them (a missing validator there means the old one is stale).
    const notModified = response.status === 304;
    const etag = response.headers.etag ?? (notModified ? conditional.etag : undefined);
    const lastModified = response.headers['last-modified'] ?? (notModified ? conditional.lastModified : undefined);
    if (etag !== undefined) common.etag = etag;
    if (lastModified !== undefined) common.lastModified = lastModified;
    if (notModified) return { ...common, kind: 'not-modified' };
    const result: FeedFetchResult = { ...common, kind: 'fetched', status: response.status, body: response.body, wireBytes: response.wireBytes };
    if (response.headers['content-type'] !== undefined) result.contentType = response.headers['content-type'];
    return result;
  } finally {
    if (options.client === undefined) await client.close();
  }
}
