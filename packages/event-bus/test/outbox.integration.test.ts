import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { NewsFetchedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { uniqueName, waitFor } from '@pulse/testing';
import {
  createConsumer, EventProducer, idempotentHandler, inbox, outbox, OutboxEntity, OutboxRelay, type EventConsumer,
} from '../src';
import { dropDataSource, fastGroup, freshTopic, newRegistry, newsEvent, recordingLogger, testDataSource, testKafka } from './support';

describe('transactional outbox and inbox', () => {
  const logger = recordingLogger();
  let kafka: Kafka;
  let dataSource: DataSource;
  let schema: string;
  let producer: EventProducer;
  const relays: OutboxRelay[] = [];
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    kafka = testKafka(logger);
    dataSource = await testDataSource();
    schema = (dataSource.options as { schema: string }).schema;
    await dataSource.query(`CREATE TABLE "${schema}".applied (event_id uuid NOT NULL, article_id text NOT NULL, title text NOT NULL, seq bigserial)`);
    producer = new EventProducer({ kafka, logger });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await dataSource.query(`TRUNCATE "${schema}".event_outbox, "${schema}".event_inbox, "${schema}".applied`);
  });

  afterAll(async () => {
    await producer.disconnect();
    await dropDataSource(dataSource);
  });

  const relay = (extra: { batchSize?: number } = {}) => {
    const r = new OutboxRelay({ dataSource, producer, logger, pollIntervalMs: 50, ...extra });
    relays.push(r);
    return r;
  };

  /** Applies each event once into `applied`, counting deliveries the inbox turned into no-ops. */
  async function applyingConsumer(contract: Awaited<ReturnType<typeof freshTopic>>): Promise<{ duplicates: () => number }> {
    let duplicates = 0;
    const consumer = createConsumer({
      kafka, logger, contract, registry: newRegistry(), groupId: uniqueName('applier'), ...fastGroup, concurrency: 3,
      handler: async (event: NewsFetchedEvent, delivery) => {
        const outcome = await inbox.runOnce(dataSource.manager, delivery.groupId, event.id, async (m) => {
          await m.query(`INSERT INTO "${schema}".applied (event_id, article_id, title) VALUES ($1, $2, $3)`, [event.id, event.data.articleId, event.data.title]);
        });
        if (!outcome.applied) duplicates++;
      },
    });
    consumers.push(consumer);
    await consumer.start();
    return { duplicates: () => duplicates };
  }

  const applied = async (): Promise<{ event_id: string; article_id: string; title: string }[]> =>
    dataSource.query(`SELECT event_id, article_id, title FROM "${schema}".applied ORDER BY seq`);

  const unsent = async () => dataSource.getRepository(OutboxEntity).createQueryBuilder('o').where('o.sentAt IS NULL').getCount();

  async function highWatermark(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((n, o) => n + Number(o.high), 0);
  }

  it('enqueueTraced keeps each event\'s own trace context in one insert', async () => {
    const contract = await freshTopic(kafka);
    const traceOf = (n: string) => ({ traceparent: `00-${n.repeat(32)}-${n.repeat(16)}-01` });
    const events = [newsEvent(), newsEvent()];
    await dataSource.transaction(async (manager) => outbox.enqueueTraced(manager, contract, [
      { event: events[0]!, traceHeaders: traceOf('a') },
      { event: events[1]!, traceHeaders: traceOf('b') },
    ]));
    const rows = await dataSource.getRepository(OutboxEntity).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.eventId, r.headers.traceparent])).toEqual([
      [events[0]!.id, traceOf('a').traceparent],
      [events[1]!.id, traceOf('b').traceparent],
    ]);
    await expect(dataSource.transaction(async (manager) => outbox.enqueueTraced(manager, contract, [
      { event: { ...newsEvent(), tenantId: '' }, traceHeaders: traceOf('c') },
    ]))).rejects.toBeInstanceOf(ValidationError);
  });

  it('enqueues within the caller\'s transaction: a rollback leaves nothing to publish', async () => {
    const contract = await freshTopic(kafka);
    await dataSource.transaction(async (manager) => outbox.enqueue(manager, contract, newsEvent()));
    await expect(dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, contract, newsEvent());
      throw new Error('the domain write failed');
    })).rejects.toThrow('the domain write failed');
    expect(await unsent()).toBe(1);
  });

  it('refuses to enqueue an event that breaks its schema', async () => {
    const contract = await freshTopic(kafka);
    const bad = { ...newsEvent(), id: 'not-a-uuid' };
    await expect(dataSource.transaction((m) => outbox.enqueue(m, contract, bad))).rejects.toBeInstanceOf(ValidationError);
    expect(await unsent()).toBe(0);
  });

  it('inbox.pending reads what a group has not applied; recordStatement records and applies in one statement', async () => {
    const [a, b, c] = [newsEvent(), newsEvent(), newsEvent()].map((event) => event.id) as [string, string, string];
    await inbox.runBatchOnce(dataSource.manager, 'g1', [a], async () => undefined);
    // Unapplied ids, each once, in the order given; another group's record does not count.
    expect(await inbox.pending(dataSource.manager, 'g1', [b, a, c, b])).toEqual([b, c]);
    expect(await inbox.pending(dataSource.manager, 'g2', [a])).toEqual([a]);
    expect(await inbox.pending(dataSource.manager, 'g1', [])).toEqual([]);

    // Recorded and applied by ONE statement: the rows applied are exactly the ids recorded now.
    const applyOnce = (ids: string[]) => dataSource.query(
      `WITH fresh AS (${inbox.recordStatement(dataSource.manager, { group: '$1', eventIds: '$2' })})
       INSERT INTO "${schema}".applied (event_id, article_id, title) SELECT event_id, 'a', 't' FROM fresh RETURNING event_id`,
      ['g1', ids],
    ) as Promise<Array<{ event_id: string }>>;
    expect((await applyOnce([a, b, c])).map((row) => row.event_id).sort()).toEqual([b, c].sort());
    expect(await applyOnce([a, b, c])).toEqual([]);
    expect(await inbox.pending(dataSource.manager, 'g1', [a, b, c])).toEqual([]);
    const applied = (await dataSource.query(`SELECT event_id FROM "${schema}".applied`)) as Array<{ event_id: string }>;
    expect(applied.map((row) => row.event_id).sort()).toEqual([b, c].sort());
  });

  it('outbox.insertStatement announces a change in the same statement, in order, only when its condition holds', async () => {
    const contract = await freshTopic(kafka);
    const events = [newsEvent(), newsEvent(), newsEvent()];
    const rows = outbox.rowsParameter(contract, events.map((event) => ({ event, traceHeaders: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } })));
    // The change (one `applied` row per event id recorded now) and its announcement: one statement, no BEGIN.
    const changeAndAnnounce = (ids: string[]) => dataSource.query(
      `WITH fresh AS (${inbox.recordStatement(dataSource.manager, { group: '$1', eventIds: '$2' })}),
            announced AS (${outbox.insertStatement(dataSource.manager, { rows: '$3', onlyIf: 'EXISTS (SELECT 1 FROM fresh)' })} RETURNING event_id)
       SELECT (SELECT count(*) FROM fresh)::int AS recorded, (SELECT count(*) FROM announced)::int AS announced`,
      ['g1', ids, rows],
    ) as Promise<Array<{ recorded: number; announced: number }>>;
    expect(await changeAndAnnounce([events[0]!.id])).toEqual([{ recorded: 1, announced: 3 }]);
    expect(await changeAndAnnounce([events[0]!.id])).toEqual([{ recorded: 0, announced: 0 }]);
    const stored = (await dataSource.query(`SELECT event_id, event_key, topic, headers FROM "${schema}".event_outbox ORDER BY id`)) as
      Array<{ event_id: string; event_key: string; topic: string; headers: Record<string, string> }>;
    expect(stored.map((row) => row.event_id)).toEqual(events.map((event) => event.id));
    expect(stored.map((row) => row.event_key)).toEqual(events.map((event) => event.data.articleId));
    expect(stored[0]).toMatchObject({ topic: contract.topic, headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    expect(() => outbox.rowsParameter(contract, [{ event: { ...newsEvent(), id: 'not-a-uuid' }, traceHeaders: {} }])).toThrow(ValidationError);
  });

  it('publishes committed rows, marks them sent, and an inbox handler applies each once', async () => {
    const contract = await freshTopic(kafka, 2);
    const events = Array.from({ length: 40 }, () => newsEvent());
    await dataSource.transaction((m) => outbox.enqueueMany(m, contract, events));
    const received: string[] = [];
    const consumer = createConsumer({
      kafka, logger, contract, registry: newRegistry(), groupId: uniqueName('idem'), ...fastGroup,
      handler: idempotentHandler(dataSource, async (event, manager) => {
        received.push(event.id);
        await manager.query(`INSERT INTO "${schema}".applied (event_id, article_id, title) VALUES ($1, $2, $3)`, [event.id, event.data.articleId, event.data.title]);
      }),
    });
    consumers.push(consumer);
    await consumer.start();
    relay().start();

    await waitFor(async () => (await applied()).length === events.length, { what: 'all outbox events applied' });
    expect(await unsent()).toBe(0);
    expect(new Set((await applied()).map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.id)));
  });

  it('publishes rows committed before a relay crash again after restart, applied exactly once', async () => {
    const contract = await freshTopic(kafka, 3);
    const events = Array.from({ length: 30 }, (_, i) => newsEvent({ title: `#${i}` }));
    await dataSource.transaction((m) => outbox.enqueueMany(m, contract, events));
    // The first relay publishes, then dies before its "mark sent" commits: the trigger makes
    // that UPDATE fail, which rolls the round back exactly as a crash at that point would.
    await dataSource.query(`CREATE FUNCTION "${schema}".crash_before_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'relay crashed before marking sent'; END $$`);
    await dataSource.query(`CREATE TRIGGER crash_before_mark BEFORE UPDATE ON "${schema}".event_outbox
      FOR EACH ROW EXECUTE FUNCTION "${schema}".crash_before_mark()`);
    await expect(relay().relayOnce()).rejects.toThrow('relay crashed before marking sent');
    expect(await highWatermark(contract.topic)).toBe(events.length);
    expect(await unsent()).toBe(events.length);
    await dataSource.query(`DROP TRIGGER crash_before_mark ON "${schema}".event_outbox`);

    const consumer = await applyingConsumer(contract);
    relay().start();
    await waitFor(async () => (await applied()).length === events.length && consumer.duplicates() === events.length,
      { what: 'every event applied once and every duplicate ignored' });
    expect(await unsent()).toBe(0);
    expect(await highWatermark(contract.topic)).toBe(2 * events.length);
    const rows = await applied();
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('keeps per-article order and publishes each row once with two relays racing', async () => {
    const contract = await freshTopic(kafka, 3);
    const articles = Array.from({ length: 5 }, () => newsEvent().data.articleId);
    const events = Array.from({ length: 200 }, (_, i) => newsEvent({ articleId: articles[i % 5], title: `#${i}` }));
    // Several transactions, as several requests of a service would write them.
    for (let i = 0; i < events.length; i += 20) {
      await dataSource.transaction((m) => outbox.enqueueMany(m, contract, events.slice(i, i + 20)));
    }
    const consumer = await applyingConsumer(contract);
    relay({ batchSize: 7 }).start();
    relay({ batchSize: 11 }).start();

    await waitFor(async () => (await applied()).length === events.length, { what: 'all events applied' });
    expect(await unsent()).toBe(0);
    expect(await highWatermark(contract.topic)).toBe(events.length);
    expect(consumer.duplicates()).toBe(0);
    const rows = await applied();
    for (const articleId of articles) {
      const order = rows.filter((r) => r.article_id === articleId).map((r) => r.title);
      expect(order).toEqual(events.filter((e) => e.data.articleId === articleId).map((e) => e.data.title));
    }
  });
});
