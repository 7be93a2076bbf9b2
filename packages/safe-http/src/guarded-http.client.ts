/**
 * Outbound HTTP GET for untrusted URLs (feeds, article pages), on undici: every hop's address
 * passes the SSRF guard (the agent connects to the checked address), redirects are followed by
 * hand (bounded, loop-detected, credentials dropped when the origin changes), the body is capped
 * before and after decompression, and the whole exchange has one deadline.
 */
import { Agent, request } from 'undici';
import { PermanentError } from '@pulse/errors';
import { statusError, translateError } from './http-errors';
import { flattenHeaders, headerValue, readBody } from './response-body';
import { SsrfGuard, type SsrfPolicy } from './ssrf-guard';

export const DEFAULT_USER_AGENT = 'PulseBot/1.0 (+https://github.com/pulse/pulse)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface GuardedHttpClientOptions {
  /** Allow-list and DNS of the guard, or a guard to share; nothing private is allowed by default. */
  ssrf?: SsrfPolicy | SsrfGuard;
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

export class GuardedHttpClient {
  readonly guard: SsrfGuard;
  private readonly agent: Agent;
  private readonly userAgent: string;

  constructor(options: GuardedHttpClientOptions = {}) {
    this.guard = options.ssrf instanceof SsrfGuard ? options.ssrf : new SsrfGuard(options.ssrf);
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 8,
      connect: { lookup: this.guard.lookup },
    });
  }

  /**
   * GETs a URL; resolves with 2xx or 304, rejects with a PulseError for anything else: retriable for
   * network failures, timeouts, 408/425/429/5xx (with retryAfterSeconds); permanent for the guard's
   * refusals, other statuses, oversize bodies, redirect loops and too many redirects.
   */
  async get(url: string, options: HttpGetOptions = {}): Promise<HttpGetResult> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const maxRedirects = options.maxRedirects ?? 5;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const redirects: string[] = [];
    let current: URL | undefined;
    try {
      current = parseUrl(url);
      const origin = current.origin;
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
      throw translateError(error, current?.href ?? url, deadline.aborted, timeoutMs);
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
