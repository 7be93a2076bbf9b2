/**
 * Outbound HTTP GET for untrusted URLs (feeds, article pages), on undici: every hop's address
 * passes the SSRF guard, redirects are followed by hand (bounded, loop-detected, credentials
 * dropped when the origin changes), the body is capped before and after decompression, and
 * the whole exchange has one deadline. Statuses map to the error taxonomy: 429/503/5xx and
 * network failures are retriable (with Retry-After), other 4xx are permanent.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import { PermanentError, RetriableError, describeError } from '@pulse/errors';
import { parseRetryAfter } from './retry-after';
import { SsrfGuard, isSsrfRefusal, type HostResolver, type SsrfPolicy } from './ssrf-guard';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

export const DEFAULT_USER_AGENT = 'PulseNewsBot/1.0 (+https://github.com/pulse/pulse)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface GuardedHttpClientOptions {
  ssrf?: SsrfPolicy;
  /** DNS for the guard; the system resolver by default. */
  resolver?: HostResolver;
  userAgent?: string;
  /** Idle sockets per origin kept for reuse. Default 8. */
  connectionsPerOrigin?: number;
}

export interface HttpGetOptions {
  headers?: Record<string, string>;
  /** Deadline for the whole exchange, redirects included. Default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** Redirect hops followed. Default 5. */
  maxRedirects?: number;
  basicAuth?: { username: string; password: string };
  signal?: AbortSignal;
}

export interface HttpGetResult {
  /** 2xx or 304. */
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: string[];
  headers: Record<string, string>;
  /** Decoded body (empty for 304). */
  body: Buffer;
  /** Bytes received on the wire. */
  wireBytes: number;
}

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function tooLarge(url: string, maxBytes: number): PermanentError {
  return new PermanentError(`The response from ${url} is larger than the ${maxBytes}-byte limit`, { code: 'body-too-large', details: { url, maxBytes } });
}

export class GuardedHttpClient {
  readonly guard: SsrfGuard;
  private readonly agent: Agent;
  private readonly userAgent: string;

  constructor(options: GuardedHttpClientOptions = {}) {
    this.guard = new SsrfGuard(options.ssrf, options.resolver);
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 8,
      connect: { lookup: this.guard.lookup },
    });
  }

  /** GETs a URL; resolves with 2xx or 304, rejects with a PulseError for anything else. */
  async get(url: string, options: HttpGetOptions = {}): Promise<HttpGetResult> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const maxRedirects = options.maxRedirects ?? 5;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const redirects: string[] = [];
    let current = parseUrl(url);
    const origin = current.origin;
    try {
      for (;;) {
        this.guard.checkUrl(current);
        const response = await request(current, {
          method: 'GET',
          dispatcher: this.agent,
          headers: this.headersFor(current, origin, options),
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const location = headerValue(response.headers, 'location');
        if (REDIRECT_STATUSES.has(response.statusCode) && location !== undefined) {
          await response.body.dump();
          if (redirects.length >= maxRedirects) {
            throw new PermanentError(`Too many redirects (more than ${maxRedirects}) starting at ${url}`, { code: 'too-many-redirects', details: { url, redirects } });
          }
          const next = parseUrl(location, current);
          if (next.href === current.href || redirects.includes(next.href) || next.href === url) {
            throw new PermanentError(`Redirect loop at ${next.href}`, { code: 'redirect-loop', details: { url, redirects } });
          }
          redirects.push(next.href);
          current = next;
          continue;
        }
        if (response.statusCode === 304 || (response.statusCode >= 200 && response.statusCode < 300)) {
          const { body, wireBytes } = await readBody(response, current.href, options.maxBytes ?? 5 * 1024 * 1024);
          return { status: response.statusCode, url: current.href, redirects, headers: flattenHeaders(response.headers), body, wireBytes };
        }
        await response.body.dump();
        throw statusError(response.statusCode, current.href, headerValue(response.headers, 'retry-after'));
      }
    } catch (error) {
      throw translateError(error, current.href, deadline.aborted, timeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private headersFor(url: URL, origin: string, options: HttpGetOptions): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      'accept-encoding': 'gzip, deflate, br',
      ...lowerCaseKeys(options.headers ?? {}),
    };
    // Credentials go to the origin they were configured for, never to a redirect target elsewhere.
    if (url.origin !== origin) delete headers.authorization;
    else if (options.basicAuth) {
      const token = Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64');
      headers.authorization = `Basic ${token}`;
    }
    return headers;
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function parseUrl(value: string, base?: URL): URL {
  try {
    return new URL(value, base);
  } catch (error) {
    throw new PermanentError(`Not a valid URL: ${value.slice(0, 200)}`, { code: 'invalid-url', cause: error });
  }
}

/** Drops a body we will not read; the abort it causes is expected, not an unhandled error. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readBody(response: Dispatcher.ResponseData, url: string, maxBytes: number): Promise<{ body: Buffer; wireBytes: number }> {
  const declared = Number(headerValue(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response.body);
    throw tooLarge(url, maxBytes);
  }
  const chunks: Buffer[] = [];
  let wireBytes = 0;
  for await (const chunk of response.body) {
    wireBytes += (chunk as Buffer).length;
    if (wireBytes > maxBytes) {
      discard(response.body);
      throw tooLarge(url, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks, wireBytes);
  const encoding = headerValue(response.headers, 'content-encoding')?.trim().toLowerCase();
  return { body: await decompress(raw, encoding, url, maxBytes), wireBytes };
}

async function decompress(raw: Buffer, encoding: string | undefined, url: string, maxBytes: number): Promise<Buffer> {
  if (raw.length === 0 || encoding === undefined || encoding === '' || encoding === 'identity') return raw;
  // maxOutputLength stops a decompression bomb before it is inflated in memory.
  const limits = { maxOutputLength: maxBytes };
  try {
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return await gunzip(raw, limits);
      case 'br':
        return await brotli(raw, limits);
      case 'deflate':
        // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        return (raw[0]! & 0x0f) === 8 ? await inflate(raw, limits) : await inflateRaw(raw, limits);
      default:
        throw new PermanentError(`Unsupported content-encoding "${encoding}" from ${url}`, { code: 'unsupported-encoding' });
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(url, maxBytes);
    if (error instanceof PermanentError) throw error;
    throw new PermanentError(`The ${encoding} body from ${url} could not be decoded: ${describeError(error)}`, { code: 'bad-encoding', cause: error });
  }
}

function statusError(status: number, url: string, retryAfter: string | undefined): Error {
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const details = { url, status };
  const extra = retryAfterSeconds === undefined ? { details } : { details, retryAfterSeconds };
  if (status === 429) return new RetriableError(`${url} answered 429 Too Many Requests`, { code: 'upstream-rate-limited', ...extra });
  if (status === 503) return new RetriableError(`${url} answered 503 Service Unavailable`, { code: 'upstream-unavailable', ...extra });
  if (status >= 500 || status === 408 || status === 425) return new RetriableError(`${url} answered ${status}`, { code: 'upstream-error', ...extra });
  if (status === 404 || status === 410) return new PermanentError(`${url} answered ${status}: the feed is gone`, { code: 'feed-not-found', details });
  if (status === 401 || status === 403) return new PermanentError(`${url} answered ${status}: access denied`, { code: 'feed-unauthorized', details });
  if (status >= 300 && status < 400) return new PermanentError(`${url} answered ${status} without a Location`, { code: 'bad-redirect', details });
  return new PermanentError(`${url} answered ${status}`, { code: 'upstream-rejected', details });
}

function translateError(error: unknown, url: string, timedOut: boolean, timeoutMs: number): Error {
  if (isSsrfRefusal(error)) {
    // undici may wrap the guard's refusal from the socket's lookup; surface the refusal itself.
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) if (e instanceof PermanentError && e.code === 'ssrf-blocked') return e;
  }
  if (error instanceof PermanentError || error instanceof RetriableError) return error;
  if (timedOut) return new RetriableError(`Fetching ${url} timed out after ${timeoutMs} ms`, { code: 'timeout', cause: error, details: { url } });
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_CHAR') {
    return new PermanentError(`The request to ${url} is invalid: ${describeError(error)}`, { code: 'invalid-request', cause: error, details: { url } });
  }
  // Everything else is the network's doing (refused, reset, DNS, TLS): worth another try later.
  return new RetriableError(`Fetching ${url} failed: ${describeError(error)}`, { code: 'network-error', cause: error, details: { url } });
}
