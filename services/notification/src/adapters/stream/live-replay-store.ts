import type Redis from 'ioredis';
import type { LiveMessage } from '../../domain/live-event';
import type { LiveEntry } from './live-transport';

/** How much history is kept per tenant for Last-Event-ID resume. */
export interface ReplayWindow {
  /** Stream length per tenant (trimmed approximately, so a little more may be kept). */
  maxEvents: number;
  /** Event-id mappings and idle streams expire after this. */
  ttlSeconds: number;
}

export const DEFAULT_REPLAY_WINDOW: ReplayWindow = { maxEvents: 1000, ttlSeconds: 15 * 60 };

// One atomic step per event: skip a redelivered event id, append to the tenant's stream, remember
// event id -> stream id, and announce it to every replica. Doing the PUBLISH inside the script keeps
// pub/sub order equal to stream order and carries the stream id replicas need for de-duplication.
const PUBLISH_SCRIPT = `
local existing = redis.call('GET', KEYS[2])
if existing then return {existing, 1} end
local sid = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('SET', KEYS[2], sid, 'EX', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], '{"s":"' .. sid .. '","e":' .. ARGV[2] .. '}')
return {sid, 0}
`;

const COMMAND = 'pulseLivePublish';

type RedisWithPublish = Redis & {
  [COMMAND](stream: string, idKey: string, maxLen: number, json: string, ttl: number, channel: string): Promise<[string, number]>;
};

/**
 * The Redis side of the live hub: per-tenant streams (`<prefix>:stream:<tenant>`) holding the recent
 * events for resume, event-id mappings (`<prefix>:eid:<tenant>:<event id>`), and the pub/sub channel
 * (`<prefix>:live`) that fans new entries out to every replica.
 */
export class LiveReplayStore {
  readonly channel: string;

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly window: ReplayWindow) {
    this.channel = `${prefix}:live`;
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
  }

  /** Appends and announces an event once per event id; `duplicate` when that id was already published. */
  async append(event: LiveMessage): Promise<{ streamId: string; duplicate: boolean }> {
    const [streamId, duplicate] = await (this.redis as RedisWithPublish)[COMMAND](
      this.streamKey(event.tenantId),
      this.idKey(event.tenantId, event.id),
      this.window.maxEvents,
      JSON.stringify(event),
      this.window.ttlSeconds,
      this.channel,
    );
    return { streamId, duplicate: duplicate === 1 };
  }

  /**
   * append for many events in ONE round trip (a pipeline of the same script, run in order by Redis):
   * each event is still stored and announced once per id. Throws if any of them failed.
   */
  async appendMany(events: readonly LiveMessage[]): Promise<Array<{ streamId: string; duplicate: boolean }>> {
    if (events.length === 0) return [];
    const pipeline = this.redis.pipeline() as unknown as RedisWithPublish & { exec(): Promise<Array<[Error | null, unknown]> | null> };
    for (const event of events) {
      void pipeline[COMMAND](
        this.streamKey(event.tenantId), this.idKey(event.tenantId, event.id), this.window.maxEvents, JSON.stringify(event), this.window.ttlSeconds, this.channel,
      );
    }
    const replies = await pipeline.exec();
    if (!replies) throw new Error('the live publish pipeline was discarded');
    return replies.map(([error, reply]) => {
      if (error) throw error;
      const [streamId, duplicate] = reply as [string, number];
      return { streamId, duplicate: duplicate === 1 };
    });
  }

  /** The stream id an event id was stored under, if it is still in the window. */
  async resolve(tenantId: string, eventId: string): Promise<string | undefined> {
    return (await this.redis.get(this.idKey(tenantId, eventId))) ?? undefined;
  }

  /**
   * Entries after `streamId`, or undefined when `streamId` itself was trimmed away: then entries right
   * after it may be gone too, and the client must be told to reset instead of getting a silent gap.
   */
  async readAfter(tenantId: string, streamId: string): Promise<LiveEntry[] | undefined> {
    const rows = await this.redis.xrange(this.streamKey(tenantId), streamId, '+');
    if (rows[0]?.[0] !== streamId) return undefined;
    return rows.slice(1).map(toEntry);
  }

  /** Entries strictly after `streamId` (catch-up after a lost pub/sub connection). */
  async readSince(tenantId: string, streamId: string): Promise<LiveEntry[]> {
    const rows = await this.redis.xrange(this.streamKey(tenantId), `(${streamId}`, '+');
    return rows.map(toEntry);
  }

  /** The newest stream id of a tenant ('0-0' when empty): where a fresh client starts. */
  async latestId(tenantId: string): Promise<string> {
    const rows = await this.redis.xrevrange(this.streamKey(tenantId), '+', '-', 'COUNT', 1);
    return rows[0]?.[0] ?? '0-0';
  }

  private streamKey(tenantId: string): string {
    return `${this.prefix}:stream:${encodeURIComponent(tenantId)}`;
  }

  private idKey(tenantId: string, eventId: string): string {
    return `${this.prefix}:eid:${encodeURIComponent(tenantId)}:${encodeURIComponent(eventId)}`;
  }
}

/** Parses a pub/sub message `{"s": stream id, "e": event}` into an entry. */
export function parseLiveMessage(message: string): LiveEntry | undefined {
  try {
    const parsed = JSON.parse(message) as { s?: unknown; e?: LiveMessage };
    if (typeof parsed.s !== 'string' || !parsed.e || typeof parsed.e.tenantId !== 'string') return undefined;
    // The script writes exactly `{"s":"<id>","e":<event json>}`: slicing reuses the JSON instead of re-serializing.
    const json = message.slice(message.indexOf(',"e":') + 5, -1);
    return { streamId: parsed.s, event: parsed.e, json };
  } catch {
    return undefined;
  }
}

function toEntry([streamId, fields]: [string, string[]]): LiveEntry {
  const json = fields[fields.indexOf('e') + 1] ?? 'null';
  return { streamId, event: JSON.parse(json) as LiveMessage, json };
}
