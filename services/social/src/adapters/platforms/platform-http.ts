import { request as undiciRequest, type Dispatcher } from 'undici';
import { PermanentError, RetriableError } from '@pulse/errors';
import type { ZodType } from 'zod';
import type { Platform } from '../../domain/platform';
import type { PlatformCredentials } from './platform-adapter';

/** Read access to response headers (a fetch `Headers` fits too). */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface PlatformResponse {
  status: number;
  headers: HeaderReader;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
}

export interface PlatformRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Serialized as JSON unless a string is given. */
  body?: unknown;
  timeoutMs?: number;
  now?: () => Date;
  /** An undici dispatcher for this request, e.g. one whose sockets connect to a checked address only. */
  dispatcher?: Dispatcher;
}

/**
 * One HTTP exchange with a platform, with failures mapped to the shared taxonomy: network
 * errors, timeouts, 408, 429 and 5xx are retriable; other 4xx are permanent with the platform's
 * own reason. Statuses listed in `allow` are returned to the caller instead of thrown.
 */
export async function platformFetch(platform: Platform, url: string, request: PlatformRequest = {}, allow: readonly number[] = []): Promise<PlatformResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  let answer: Dispatcher.ResponseData;
  try {
    // undici's request rather than fetch: the same connection pool (the global dispatcher unless
    // one is given) without the WHATWG Request/Response/stream objects, a large share of the CPU
    // a send costs. It follows no redirects; the signal bounds the whole exchange, body included.
    answer = await undiciRequest(url, {
      method: (request.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs ?? 10_000),
      ...(request.dispatcher === undefined ? {} : { dispatcher: request.dispatcher }),
    });
  } catch (cause) {
    throw new RetriableError(`${platform} did not answer: ${describeCause(cause)}`, { code: 'platform-unreachable', cause });
  }
  if (answer.statusCode >= 300 && answer.statusCode < 400) {
    // Platform APIs answer in place; a redirect is refused as fetch's redirect: 'error' did.
    await answer.body.dump().catch(() => undefined);
    throw new RetriableError(`${platform} did not answer: redirect ${answer.statusCode} refused`, { code: 'platform-unreachable' });
  }
  let text: string;
  try {
    text = await answer.body.text();
  } catch (cause) {
    throw new RetriableError(`${platform} broke off its answer: ${describeCause(cause)}`, { code: 'platform-unreachable', cause });
  }
  const responseHeaders = headerReader(answer.headers);
  const result: PlatformResponse = { status: answer.statusCode, headers: responseHeaders, json: parseJson(text, responseHeaders), text };
  if ((answer.statusCode >= 200 && answer.statusCode < 300) || allow.includes(answer.statusCode)) return result;
  throw platformError(platform, result, request.now?.() ?? new Date());
}

// undici hands out a plain object with lower-case names (arrays for repeated headers).
function headerReader(raw: Record<string, string | string[] | undefined>): HeaderReader {
  return {
    get: (name) => {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The error a failed platform response stands for. */
export function platformError(platform: Platform, response: PlatformResponse, now: Date): Error {
  const reason = platformReason(response);
  const message = `${platform} answered ${response.status}: ${reason}`;
  const details = { platform, platformStatus: response.status, reason };
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const retryAfterSeconds = retryAfterFromHeaders(response.headers, now);
    return new RetriableError(message, {
      code: response.status === 429 ? 'platform-rate-limited' : 'platform-unavailable',
      details,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  const code = response.status === 401 || response.status === 403 ? 'platform-unauthorized' : 'platform-rejected';
  return new PermanentError(message, { code, details });
}

/** A 2xx answer that is not the JSON the platform promised: the outcome is unknown, so retriable. */
export function unexpectedBody(platform: Platform, response: PlatformResponse, what: string): RetriableError {
  return new RetriableError(`${platform} answered ${response.status} without ${what}: ${snippet(response.text)}`, {
    code: 'platform-bad-response',
    details: { platform, platformStatus: response.status },
  });
}

/** Checks credentials against an adapter's schema; missing fields are a permanent problem. */
export function parseCredentials<T>(platform: Platform, schema: ZodType<T>, credentials: PlatformCredentials): T {
  const parsed = schema.safeParse(credentials);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'credentials');
    throw new PermanentError(`${platform} credentials are incomplete: ${fields.join(', ')}`, { code: 'credentials-invalid', details: { fields } });
  }
  return parsed.data;
}

/**
 * Seconds to wait from rate-limit headers: Retry-After (seconds or HTTP date), X's
 * x-rate-limit-reset and Bluesky's ratelimit-reset (epoch seconds), Mastodon's
 * x-ratelimit-reset (ISO time), or RateLimit-Reset as delta seconds.
 */
export function retryAfterFromHeaders(headers: HeaderReader, now: Date): number | undefined {
  for (const name of ['retry-after', 'x-rate-limit-reset', 'ratelimit-reset', 'x-ratelimit-reset']) {
    const value = headers.get(name)?.trim();
    if (value === undefined || value === '') continue;
    const seconds = secondsUntil(value, now);
    if (seconds !== undefined) return seconds;
  }
  return undefined;
}

function secondsUntil(value: string, now: Date): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) {
    const number = Number(value);
    // Values this large are Unix timestamps, smaller ones are deltas.
    const seconds = number > 1_000_000_000 ? number - now.getTime() / 1000 : number;
    return Math.max(0, Math.ceil(seconds));
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** The platform's own words for what went wrong, from the usual JSON error shapes. */
export function platformReason(response: PlatformResponse): string {
  const body = response.json as Record<string, unknown> | undefined;
  if (body !== undefined && body !== null && typeof body === 'object') {
    const firstError = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown> | undefined) : undefined;
    const candidates = [body.error_description, body.message, firstError?.message, body.detail, firstError?.detail, body.error, body.title];
    const words = candidates.filter((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (typeof body.error === 'string' && typeof body.message === 'string') return `${body.error}: ${body.message}`;
    if (words[0] !== undefined) return words[0];
  }
  return snippet(response.text) || `HTTP ${response.status}`;
}

function parseJson(text: string, headers: HeaderReader): unknown {
  const type = headers.get('content-type') ?? '';
  if (text.trim() === '' || (!type.includes('json') && !/^\s*[[{]/.test(text))) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (inner?.code !== undefined) return inner.code;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Joins a base URL and a path without doubling or losing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
