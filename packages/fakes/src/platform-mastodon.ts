import type { Request, Response } from 'express';
import { bearerToken, reply, startFakePlatformServer, type FakePlatformControls } from './platform-fake-server';
import { mastodonCount, mastodonHtml } from './platform-text';

export interface FakeMastodonStatus {
  id: string;
  created_at: string;
  content: string;
  /** The plain text as posted (Mastodon keeps it for editing). */
  text: string;
  url: string;
  uri: string;
  visibility: string;
  language: string | null;
  favourites_count: number;
  reblogs_count: number;
  replies_count: number;
  account: { id: string; username: string; acct: string };
}

export interface FakeMastodon extends FakePlatformControls {
  /** A token that works until revoked. */
  readonly token: string;
  readonly statuses: FakeMastodonStatus[];
  revokeToken(token: string): void;
  /** The next `count` requests answer 429 with Mastodon's rate-limit headers. */
  rateLimitNext(count: number, resetInSeconds: number): void;
  setCounts(id: string, counts: Partial<Pick<FakeMastodonStatus, 'favourites_count' | 'reblogs_count' | 'replies_count'>>): void;
}

export interface FakeMastodonOptions {
  token?: string;
  username?: string;
  maxCharacters?: number;
  /** Default 0 (a free port). */
  port?: number;
}

/**
 * A local Mastodon: statuses (with Idempotency-Key dedupe and the 500-character rule), account
 * lookups, status counts and the public timeline (the demo's visible sink).
 */
export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const token = options.token ?? 'mastodon-test-token';
  const username = options.username ?? 'pulse';
  const maxCharacters = options.maxCharacters ?? 500;
  const valid = new Set([token]);
  const revoked = new Set<string>();
  const statuses: FakeMastodonStatus[] = [];
  const byIdempotencyKey = new Map<string, FakeMastodonStatus>();
  const account = { id: '109000000000000001', username, acct: username };
  let baseUrl = '';

  const authorized = (req: Request, res: Response): boolean => {
    const given = bearerToken(req);
    if (given !== undefined && valid.has(given)) return true;
    const error = given !== undefined && revoked.has(given) ? 'The access token was revoked' : 'The access token is invalid';
    reply(res, 401, { error });
    return false;
  };

  const server = await startFakePlatformServer(
    (app) => {
      app.post('/api/v1/statuses', (req, res) => {
        if (!authorized(req, res)) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const key = req.header('idempotency-key');
        const scopedKey = key === undefined ? undefined : `${bearerToken(req)}|${key}`;
        const earlier = scopedKey === undefined ? undefined : byIdempotencyKey.get(scopedKey);
        if (earlier !== undefined) return reply(res, 200, earlier);
        const text = typeof body.status === 'string' ? body.status : '';
        if (text.trim() === '') return reply(res, 422, { error: "Validation failed: Text can't be blank" });
        if (mastodonCount(text) > maxCharacters) {
          return reply(res, 422, { error: `Validation failed: Text character limit of ${maxCharacters} exceeded` });
        }
        const id = String(110_000_000_000_000_000n + BigInt(statuses.length + 1));
        const status: FakeMastodonStatus = {
          id,
          created_at: new Date().toISOString(),
          content: mastodonHtml(text),
          text,
          url: `${baseUrl}/@${username}/${id}`,
          uri: `${baseUrl}/users/${username}/statuses/${id}`,
          visibility: typeof body.visibility === 'string' ? body.visibility : 'public',
          language: typeof body.language === 'string' ? body.language : null,
          favourites_count: 0,
          reblogs_count: 0,
          replies_count: 0,
          account,
        };
        statuses.push(status);
        if (scopedKey !== undefined) byIdempotencyKey.set(scopedKey, status);
        reply(res, 200, status);
      });
      app.get('/api/v1/statuses/:id', (req, res) => {
        if (!authorized(req, res)) return;
        const status = statuses.find((s) => s.id === req.params.id);
        if (status === undefined) return reply(res, 404, { error: 'Record not found' });
        reply(res, 200, status);
      });
      app.get('/api/v1/accounts/verify_credentials', (req, res) => {
        if (!authorized(req, res)) return;
        reply(res, 200, { ...account, display_name: username, statuses_count: statuses.length });
      });
      app.get('/api/v1/accounts/:id/statuses', (req, res) => {
        if (!authorized(req, res)) return;
        if (req.params.id !== account.id) return reply(res, 404, { error: 'Record not found' });
        reply(res, 200, newestFirst(statuses, req.query.limit));
      });
      app.get('/api/v1/timelines/public', (req, res) => {
        reply(res, 200, newestFirst(statuses, req.query.limit));
      });
    },
    (status) => (status === 429 ? { body: { error: 'Too many requests' } } : { body: { error: status >= 500 ? 'Service Unavailable' : 'Error' } }),
    options.port,
  );
  baseUrl = server.url;

  return {
    ...server,
    token,
    statuses,
    revokeToken: (t) => {
      valid.delete(t);
      revoked.add(t);
    },
    rateLimitNext: (count, resetInSeconds) =>
      server.injectFaults(count, {
        status: 429,
        headers: {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': new Date(Date.now() + resetInSeconds * 1000).toISOString(),
        },
      }),
    setCounts: (id, counts) => {
      const status = statuses.find((s) => s.id === id);
      if (status !== undefined) Object.assign(status, counts);
    },
  };
}

function newestFirst(statuses: readonly FakeMastodonStatus[], limit: unknown): FakeMastodonStatus[] {
  const n = Math.min(Math.max(Number(limit ?? 20) || 20, 1), 40);
  return [...statuses].reverse().slice(0, n);
}
