import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { bearerToken, reply, startFakePlatformServer, type FakePlatformControls } from './platform-fake-server';
import { countGraphemes } from './platform-text';

export interface FakeBlueskyRecord {
  uri: string;
  cid: string;
  rkey: string;
  value: Record<string, unknown>;
  likeCount: number;
  repostCount: number;
  replyCount: number;
}

export interface FakeBluesky extends FakePlatformControls {
  readonly identifier: string;
  readonly appPassword: string;
  readonly did: string;
  readonly handle: string;
  readonly records: FakeBlueskyRecord[];
  /** The app password stops working and every session made with it ends. */
  revokeAppPassword(): void;
  /** Existing access tokens answer 400 ExpiredToken from now on. */
  expireSessions(): void;
  /** The next `count` requests answer 429 with Bluesky's ratelimit-* headers. */
  rateLimitNext(count: number, resetInSeconds: number): void;
  /** How many sessions were created (createSession is tightly rate limited on Bluesky). */
  sessionsCreated(): number;
}

const POST = 'app.bsky.feed.post';
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/**
 * A local PDS for one account: createSession, createRecord (post records validated like the
 * real lexicon: 300 graphemes, 3000 bytes, facet ranges, TID keys; a taken key fails with 500 as
 * today's PDS does), getRecord and app.bsky.feed.getPosts.
 */
export async function startFakeBluesky(options: { handle?: string; appPassword?: string } = {}): Promise<FakeBluesky> {
  const handle = options.handle ?? 'pulse.test';
  const appPassword = options.appPassword ?? 'abcd-efgh-ijkl-mnop';
  const did = 'did:plc:pulsefake0000000000000';
  const records: FakeBlueskyRecord[] = [];
  const live = new Set<string>();
  const expired = new Set<string>();
  let passwordValid = true;
  let sessions = 0;

  const authorized = (req: Request, res: Response): boolean => {
    const token = bearerToken(req);
    if (token !== undefined && live.has(token)) return true;
    if (token !== undefined && expired.has(token)) {
      reply(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
      return false;
    }
    reply(res, 401, { error: 'AuthenticationRequired', message: 'Authentication Required' });
    return false;
  };

  const server = await startFakePlatformServer(
    (app) => {
      app.post('/xrpc/com.atproto.server.createSession', (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const who = body.identifier;
        if (!passwordValid || body.password !== appPassword || (who !== handle && who !== did)) {
          return reply(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
        }
        sessions += 1;
        const accessJwt = `access-${randomBytes(12).toString('hex')}`;
        live.add(accessJwt);
        reply(res, 200, { accessJwt, refreshJwt: `refresh-${randomBytes(12).toString('hex')}`, did, handle, active: true });
      });
      app.post('/xrpc/com.atproto.repo.createRecord', (req, res) => {
        if (!authorized(req, res)) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (body.repo !== did && body.repo !== handle) return reply(res, 400, { error: 'InvalidRequest', message: 'Invalid repo' });
        if (body.collection !== POST) return reply(res, 400, { error: 'InvalidRequest', message: 'Only posts are supported by this fake' });
        const rkey = typeof body.rkey === 'string' ? body.rkey : nextTid();
        if (!TID.test(rkey)) return reply(res, 400, { error: 'InvalidRequest', message: `Invalid record key for ${POST}: ${rkey}` });
        const problem = validatePost(body.record);
        if (problem !== undefined) return reply(res, 400, { error: 'InvalidRecord', message: `Invalid ${POST} record: ${problem}` });
        if (records.some((r) => r.rkey === rkey)) return reply(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
        const record: FakeBlueskyRecord = {
          uri: `at://${did}/${POST}/${rkey}`,
          cid: `bafyrei${randomBytes(16).toString('hex')}`,
          rkey,
          value: body.record as Record<string, unknown>,
          likeCount: 0,
          repostCount: 0,
          replyCount: 0,
        };
        records.push(record);
        reply(res, 200, { uri: record.uri, cid: record.cid, commit: { cid: `bafyrei${randomBytes(8).toString('hex')}`, rev: nextTid() }, validationStatus: 'valid' });
      });
      app.get('/xrpc/com.atproto.repo.getRecord', (req, res) => {
        const record = records.find((r) => r.rkey === req.query.rkey && req.query.collection === POST && (req.query.repo === did || req.query.repo === handle));
        if (record === undefined) {
          return reply(res, 400, { error: 'RecordNotFound', message: `Could not locate record: at://${String(req.query.repo)}/${String(req.query.collection)}/${String(req.query.rkey)}` });
        }
        reply(res, 200, { uri: record.uri, cid: record.cid, value: record.value });
      });
      app.get('/xrpc/app.bsky.feed.getPosts', (req, res) => {
        if (!authorized(req, res)) return;
        const uris = ([] as unknown[]).concat(req.query.uris ?? []).map(String);
        const posts = records
          .filter((r) => uris.includes(r.uri))
          .map((r) => ({ uri: r.uri, cid: r.cid, author: { did, handle }, record: r.value, likeCount: r.likeCount, repostCount: r.repostCount, replyCount: r.replyCount, quoteCount: 0, indexedAt: new Date().toISOString() }));
        reply(res, 200, { posts });
      });
    },
    (status) =>
      status === 429
        ? { body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } }
        : { body: { error: status >= 500 ? 'InternalServerError' : 'InvalidRequest', message: status >= 500 ? 'Internal Server Error' : 'Bad request' } },
  );

  return {
    ...server,
    identifier: handle,
    appPassword,
    did,
    handle,
    records,
    revokeAppPassword: () => {
      passwordValid = false;
      for (const token of live) expired.add(token);
      live.clear();
    },
    expireSessions: () => {
      for (const token of live) expired.add(token);
      live.clear();
    },
    rateLimitNext: (count, resetInSeconds) =>
      server.injectFaults(count, {
        status: 429,
        headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds), 'ratelimit-policy': '5000;w=3600' },
      }),
    sessionsCreated: () => sessions,
  };
}

const encoder = new TextEncoder();

function validatePost(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return 'Record must be an object';
  const r = record as Record<string, unknown>;
  if (r.$type !== undefined && r.$type !== POST) return `Record/$type must be ${POST}`;
  if (typeof r.text !== 'string') return 'Record/text must be a string';
  if (countGraphemes(r.text) > 300) return 'Record/text must not be longer than 300 graphemes';
  const bytes = encoder.encode(r.text).length;
  if (bytes > 3000) return 'Record/text must not be longer than 3000 characters';
  if (typeof r.createdAt !== 'string' || Number.isNaN(Date.parse(r.createdAt))) return 'Record/createdAt must be an valid datetime';
  if (r.facets !== undefined) {
    if (!Array.isArray(r.facets)) return 'Record/facets must be an array';
    for (const [i, facet] of (r.facets as Array<Record<string, unknown>>).entries()) {
      const index = facet.index as { byteStart?: unknown; byteEnd?: unknown } | undefined;
      const start = index?.byteStart;
      const end = index?.byteEnd;
      if (typeof start !== 'number' || typeof end !== 'number' || start < 0 || end <= start || end > bytes) return `Record/facets/${i}/index is out of range`;
      if (!Array.isArray(facet.features) || facet.features.length === 0) return `Record/facets/${i}/features must not be empty`;
    }
  }
  if (r.langs !== undefined && (!Array.isArray(r.langs) || r.langs.length > 3)) return 'Record/langs must not be longer than 3 elements';
  return undefined;
}

let lastTid = 0n;
function nextTid(): string {
  const S32 = '234567abcdefghijklmnopqrstuvwxyz';
  let micros = BigInt(Date.now()) * 1000n;
  if (micros <= lastTid) micros = lastTid + 1n;
  lastTid = micros;
  let value = micros << 10n;
  let out = '';
  for (let i = 0; i < 13; i += 1) {
    out = S32.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}
