import type { Request, Response } from 'express';
import { bearerToken, reply, startFakePlatformServer, type FakePlatformControls } from './platform-fake-server';

export interface FakeLinkedInPost {
  id: string;
  author: string;
  commentary: string;
  visibility: string;
  lifecycleState: string;
  content?: unknown;
  createdAt: number;
  likes: number;
  comments: number;
}

export interface FakeLinkedIn extends FakePlatformControls {
  readonly token: string;
  /** The member the token belongs to. */
  readonly author: string;
  readonly posts: FakeLinkedInPost[];
  revokeToken(token: string): void;
  /** The next `count` requests answer 429 (LinkedIn sends no reset header; Retry-After given here). */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
}

/**
 * A local LinkedIn Posts API: POST /rest/posts checks the version headers, the author and the
 * 3000-character commentary limit and answers 201 with x-restli-id; the author finder and
 * socialActions for metrics.
 */
export async function startFakeLinkedIn(options: { token?: string; author?: string } = {}): Promise<FakeLinkedIn> {
  const token = options.token ?? 'linkedin-member-token';
  const author = options.author ?? 'urn:li:person:pulse123';
  const valid = new Set([token]);
  const revoked = new Set<string>();
  const posts: FakeLinkedInPost[] = [];

  const authorized = (req: Request, res: Response): boolean => {
    const given = bearerToken(req);
    if (given !== undefined && valid.has(given)) {
      if (!/^\d{6}$/.test(req.header('linkedin-version') ?? '')) {
        reply(res, 426, { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version is not active' });
        return false;
      }
      if (req.header('x-restli-protocol-version') !== '2.0.0') {
        reply(res, 400, { status: 400, message: 'X-Restli-Protocol-Version 2.0.0 is required' });
        return false;
      }
      return true;
    }
    if (given !== undefined && revoked.has(given)) {
      reply(res, 401, { status: 401, serviceErrorCode: 65601, code: 'REVOKED_ACCESS_TOKEN', message: 'The token used in the request has been revoked by the user' });
    } else {
      reply(res, 401, { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' });
    }
    return false;
  };

  const server = await startFakePlatformServer(
    (app) => {
      app.post('/rest/posts', (req, res) => {
        if (!authorized(req, res)) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (body.author !== author) return reply(res, 403, { status: 403, message: `Not enough permissions to post as ${String(body.author)}` });
        const distribution = body.distribution as Record<string, unknown> | undefined;
        if (typeof body.commentary !== 'string' || body.lifecycleState !== 'PUBLISHED' || typeof body.visibility !== 'string' || distribution?.feedDistribution === undefined) {
          return reply(res, 422, { status: 422, message: 'ERROR :: /commentary, /visibility, /distribution and /lifecycleState are required' });
        }
        if (body.commentary.length > 3000) {
          return reply(res, 422, { status: 422, message: `ERROR :: /commentary :: length of ${body.commentary.length} exceeds maximum of 3000` });
        }
        const id = `urn:li:share:${7_200_000_000_000_000_000n + BigInt(posts.length + 1)}`;
        posts.push({ id, author, commentary: body.commentary, visibility: body.visibility, lifecycleState: 'PUBLISHED', content: body.content, createdAt: Date.now(), likes: 0, comments: 0 });
        reply(res, 201, undefined, { 'x-restli-id': id });
      });
      app.get('/rest/posts', (req, res) => {
        if (!authorized(req, res)) return;
        if (req.query.q !== 'author' || req.header('x-restli-method')?.toUpperCase() !== 'FINDER') {
          return reply(res, 400, { status: 400, message: 'Only the author finder is supported' });
        }
        const count = Math.min(Number(req.query.count ?? 10) || 10, 100);
        const elements = posts.filter((p) => p.author === req.query.author).reverse().slice(0, count);
        reply(res, 200, { elements, paging: { start: 0, count, total: elements.length } });
      });
      app.get('/rest/socialActions/:urn', (req, res) => {
        if (!authorized(req, res)) return;
        const post = posts.find((p) => p.id === req.params.urn);
        if (post === undefined) return reply(res, 404, { status: 404, message: 'Not Found' });
        reply(res, 200, { target: post.id, likesSummary: { totalLikes: post.likes, likedByCurrentUser: false }, commentsSummary: { aggregatedTotalComments: post.comments, totalFirstLevelComments: post.comments } });
      });
    },
    (status) => ({ body: { status, message: status === 429 ? 'Too Many Requests' : 'Service Unavailable' } }),
  );

  return {
    ...server,
    token,
    author,
    posts,
    revokeToken: (t) => {
      valid.delete(t);
      revoked.add(t);
    },
    rateLimitNext: (count, retryAfterSeconds) => server.injectFaults(count, { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } }),
  };
}
