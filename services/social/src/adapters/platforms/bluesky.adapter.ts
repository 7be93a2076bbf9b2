import { PermanentError, PulseError } from '@pulse/errors';
import { z } from 'zod';
import { buildBlueskyRecord } from '../../domain/bluesky-record';
import type { EngagementMetrics } from '../../domain/variant-selection';
import { deterministicRkey } from './bluesky-rkey';
import type { OutgoingPost, PlatformAdapter, PlatformAdapterOptions, PlatformCredentials, PublishResult } from './platform-adapter';
import { joinUrl, parseCredentials, platformFetch, unexpectedBody, type PlatformRequest } from './platform-http';

const credentialsSchema = z.object({
  /** Handle, DID or email. */
  identifier: z.string().min(1),
  /** An app password, never the account password. */
  appPassword: z.string().min(1),
  /** The account's PDS; overrides the adapter's base URL. */
  serviceUrl: z.url().optional(),
});
type Credentials = z.infer<typeof credentialsSchema>;

const sessionSchema = z.object({ accessJwt: z.string().min(1), did: z.string().min(1), handle: z.string().min(1) });
const recordRefSchema = z.object({ uri: z.string().min(1), cid: z.string().optional() });
const postViewSchema = z.object({ posts: z.array(z.object({ uri: z.string(), likeCount: z.number().optional(), repostCount: z.number().optional(), replyCount: z.number().optional(), quoteCount: z.number().optional() })) });

const COLLECTION = 'app.bsky.feed.post';
interface Session extends z.infer<typeof sessionSchema> {
  base: string;
}

/**
 * Bluesky (AT Protocol XRPC). Sessions are cached per account because createSession is tightly
 * rate-limited; an expired token is renewed once. Posts get a record key derived from the
 * idempotency key, so a repeated publish finds the first record instead of adding a second.
 */
export class BlueskyAdapter implements PlatformAdapter {
  readonly platform = 'bluesky' as const;
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: PlatformAdapterOptions) {}

  async publish(post: OutgoingPost, credentials: PlatformCredentials, idempotencyKey: string): Promise<PublishResult> {
    const creds = parseCredentials('bluesky', credentialsSchema, credentials);
    const rkey = deterministicRkey(idempotencyKey, post.createdAt);
    const record = buildBlueskyRecord(post, {
      createdAt: post.createdAt,
      ...(post.language === undefined ? {} : { langs: [post.language] }),
      ...(post.card === undefined ? {} : { card: post.card }),
    });
    return this.withSession(creds, async (session) => {
      try {
        const response = await this.call(session, 'com.atproto.repo.createRecord', { method: 'POST', body: { repo: session.did, collection: COLLECTION, rkey, record } });
        const ref = recordRefSchema.safeParse(response.json);
        if (!ref.success) throw unexpectedBody('bluesky', response, 'a record reference');
        return toResult(session, rkey);
      } catch (error) {
        // A record under our key means an earlier try got through (PDSes answer a duplicate
        // key with 500 or 400), so that is success, not a failure to retry.
        if (isAuthOrRateLimit(error)) throw error;
        if (await this.recordExists(session, rkey)) return toResult(session, rkey);
        throw error;
      }
    });
  }

  async findExisting(post: OutgoingPost, credentials: PlatformCredentials, idempotencyKey: string): Promise<PublishResult | undefined> {
    const creds = parseCredentials('bluesky', credentialsSchema, credentials);
    const rkey = deterministicRkey(idempotencyKey, post.createdAt);
    return this.withSession(creds, async (session) => ((await this.recordExists(session, rkey)) ? toResult(session, rkey) : undefined));
  }

  /** `remoteId` is the post's at:// URI. */
  async fetchMetrics(remoteId: string, credentials: PlatformCredentials): Promise<EngagementMetrics | undefined> {
    const creds = parseCredentials('bluesky', credentialsSchema, credentials);
    return this.withSession(creds, async (session) => {
      const response = await this.call(session, `app.bsky.feed.getPosts?uris=${encodeURIComponent(remoteId)}`);
      const view = postViewSchema.safeParse(response.json);
      if (!view.success) throw unexpectedBody('bluesky', response, 'post views');
      const post = view.data.posts.find((p) => p.uri === remoteId);
      if (post === undefined) return undefined;
      return { likes: post.likeCount ?? 0, reposts: (post.repostCount ?? 0) + (post.quoteCount ?? 0), replies: post.replyCount ?? 0 };
    });
  }

  private async recordExists(session: Session, rkey: string): Promise<boolean> {
    const query = new URLSearchParams({ repo: session.did, collection: COLLECTION, rkey });
    const response = await this.call(session, `com.atproto.repo.getRecord?${query.toString()}`, {}, [400, 404]);
    return response.status === 200 && recordRefSchema.safeParse(response.json).success;
  }

  private async withSession<T>(creds: Credentials, work: (session: Session) => Promise<T>): Promise<T> {
    const key = `${creds.serviceUrl ?? this.options.baseUrl}|${creds.identifier}`;
    const cached = this.sessions.get(key);
    if (cached !== undefined) {
      try {
        return await work(cached);
      } catch (error) {
        if (!isExpiredSession(error)) throw error;
        this.sessions.delete(key);
      }
    }
    const session = await this.createSession(creds);
    this.sessions.set(key, session);
    return work(session);
  }

  private async createSession(creds: Credentials): Promise<Session> {
    const base = creds.serviceUrl ?? this.options.baseUrl;
    const response = await platformFetch('bluesky', joinUrl(base, '/xrpc/com.atproto.server.createSession'), {
      method: 'POST',
      body: { identifier: creds.identifier, password: creds.appPassword },
      timeoutMs: this.options.timeoutMs,
      now: this.options.now,
    });
    const session = sessionSchema.safeParse(response.json);
    if (!session.success) throw unexpectedBody('bluesky', response, 'a session');
    return { ...session.data, base };
  }

  private call(session: Session, method: string, request: PlatformRequest = {}, allow: number[] = []) {
    return platformFetch(
      'bluesky',
      joinUrl(session.base, `/xrpc/${method}`),
      { ...request, headers: { authorization: `Bearer ${session.accessJwt}` }, timeoutMs: this.options.timeoutMs, now: this.options.now },
      allow,
    );
  }
}

function toResult(session: Session, rkey: string): PublishResult {
  return {
    remoteId: `at://${session.did}/${COLLECTION}/${rkey}`,
    remoteUrl: `https://bsky.app/profile/${session.handle}/post/${rkey}`,
  };
}

function isAuthOrRateLimit(error: unknown): boolean {
  return error instanceof PulseError && (error.code === 'platform-unauthorized' || error.code === 'platform-rate-limited');
}

// An access token lives for minutes: the PDS says ExpiredToken (400) or 401 for a stale one.
function isExpiredSession(error: unknown): boolean {
  if (!(error instanceof PermanentError)) return false;
  const reason = String(error.details?.reason ?? '');
  return error.details?.platformStatus === 401 || reason.startsWith('ExpiredToken') || reason.startsWith('InvalidToken');
}
