import type { Request, Response } from 'express';
import { parseTweet } from 'twitter-text';
import { bearerToken, reply, startFakePlatformServer, type FakePlatformControls } from './platform-fake-server';

export interface FakeTweet {
  id: string;
  /** The text as X stores it: links replaced by t.co links. */
  text: string;
  /** The text as it was sent. */
  sentText: string;
  created_at: string;
  public_metrics: { like_count: number; retweet_count: number; reply_count: number; quote_count: number; impression_count: number };
}

export interface FakeX extends FakePlatformControls {
  readonly token: string;
  readonly userId: string;
  readonly tweets: FakeTweet[];
  revokeToken(token: string): void;
  /** The next `count` requests answer 429 with x-rate-limit-* headers. */
  rateLimitNext(count: number, resetInSeconds: number): void;
  setMetrics(id: string, metrics: Partial<FakeTweet['public_metrics']>): void;
}

/**
 * A local X API v2: POST /2/tweets (length checked with the official twitter-text rules,
 * exact duplicates refused with 403), users/me, a user's tweets and public metrics.
 */
export async function startFakeX(options: { token?: string; username?: string } = {}): Promise<FakeX> {
  const token = options.token ?? 'x-user-token';
  const username = options.username ?? 'pulse';
  const userId = '1500000000000000001';
  const valid = new Set([token]);
  const tweets: FakeTweet[] = [];
  let shortLinks = 0;

  const authorized = (req: Request, res: Response): boolean => {
    const given = bearerToken(req);
    if (given !== undefined && valid.has(given)) return true;
    reply(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    return false;
  };

  const server = await startFakePlatformServer(
    (app) => {
      app.post('/2/tweets', (req, res) => {
        if (!authorized(req, res)) return;
        const text = (req.body as Record<string, unknown> | undefined)?.text;
        if (typeof text !== 'string' || text.trim() === '') return invalid(res, 'text', 'The `text` field is required');
        const parsed = parseTweet(text);
        if (!parsed.valid) return invalid(res, 'text', `Tweet text is too long (weighted length ${parsed.weightedLength} > 280)`);
        if (tweets.some((t) => t.sentText === text)) {
          return reply(res, 403, { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 });
        }
        const id = String(1_800_000_000_000_000_000n + BigInt(tweets.length + 1));
        const stored = text.replace(/https?:\/\/[^\s]+/g, () => `https://t.co/${(shortLinks += 1).toString(36).padStart(10, 'a')}`);
        const tweet: FakeTweet = {
          id,
          text: stored,
          sentText: text,
          created_at: new Date().toISOString(),
          public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0, impression_count: 0 },
        };
        tweets.push(tweet);
        reply(res, 201, { data: { id, text: stored, edit_history_tweet_ids: [id] } });
      });
      app.get('/2/users/me', (req, res) => {
        if (!authorized(req, res)) return;
        reply(res, 200, { data: { id: userId, name: username, username } });
      });
      app.get('/2/users/:id/tweets', (req, res) => {
        if (!authorized(req, res)) return;
        const max = Math.min(Math.max(Number(req.query.max_results ?? 10) || 10, 5), 100);
        const data = [...tweets].reverse().slice(0, max).map((t) => ({ id: t.id, text: t.text, edit_history_tweet_ids: [t.id] }));
        reply(res, 200, req.params.id === userId ? { data, meta: { result_count: data.length } } : { meta: { result_count: 0 } });
      });
      app.get('/2/tweets/:id', (req, res) => {
        if (!authorized(req, res)) return;
        const tweet = tweets.find((t) => t.id === req.params.id);
        if (tweet === undefined) {
          return reply(res, 200, {
            errors: [{ value: req.params.id, detail: `Could not find tweet with id: [${req.params.id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'id', resource_id: req.params.id, type: 'https://api.twitter.com/2/problems/resource-not-found' }],
          });
        }
        const fields = String(req.query['tweet.fields'] ?? '').split(',');
        reply(res, 200, { data: { id: tweet.id, text: tweet.text, ...(fields.includes('public_metrics') ? { public_metrics: tweet.public_metrics } : {}) } });
      });
    },
    (status) =>
      status === 429
        ? { body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } }
        : { body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status } },
  );

  return {
    ...server,
    token,
    userId,
    tweets,
    revokeToken: (t) => valid.delete(t),
    rateLimitNext: (count, resetInSeconds) =>
      server.injectFaults(count, {
        status: 429,
        headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds) },
      }),
    setMetrics: (id, metrics) => {
      const tweet = tweets.find((t) => t.id === id);
      if (tweet !== undefined) Object.assign(tweet.public_metrics, metrics);
    },
  };
}

function invalid(res: Response, parameter: string, message: string): void {
  reply(res, 400, {
    errors: [{ parameters: { [parameter]: [] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  });
}
