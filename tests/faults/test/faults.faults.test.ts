import { Kafka, logLevel } from 'kafkajs';
import { dlqTopicOf } from '@pulse/contracts';
import { SERVICE_NAMES } from '@pulse/e2e';
import { uniqueName, waitFor } from '@pulse/testing';
import { log, PROXIED, startFaultSystem, type FaultSystem } from '../src';

// One system for the whole file: the faults happen one after another to the same running
// pipeline, under steady load, and after each the end-to-end invariants must hold again.
let system: FaultSystem;

// Where the time goes: every fault's duration, logged as it ends and as a table at the end.
const durations: Array<[string, number]> = [];
const suiteStarted = Date.now();
let testStarted = 0;
const seconds = (ms: number) => Math.round(ms / 1000);

beforeAll(async () => {
  system = await startFaultSystem();
  durations.push(['start-up', Date.now() - suiteStarted]);
  log(`start-up took ${seconds(Date.now() - suiteStarted)} s`);
}, 10 * 60_000);

beforeEach(() => {
  testStarted = Date.now();
});

afterEach(() => {
  const name = expect.getState().currentTestName ?? 'unnamed';
  durations.push([name, Date.now() - testStarted]);
  log(`${name}: ${seconds(Date.now() - testStarted)} s`);
});

afterAll(async () => {
  const stopping = Date.now();
  await system?.stop();
  durations.push(['stop', Date.now() - stopping]);
  log(`durations (s):\n${durations.map(([name, ms]) => `  ${String(seconds(ms)).padStart(4)}  ${name}`).join('\n')}\n  total ${seconds(Date.now() - suiteStarted)} s`);
}, 5 * 60_000);

/** Waits until the pipeline has taken in `n` more articles: the next fault hits it mid-flow. */
async function underLoad(n = 10): Promise<void> {
  const topic = system.names.topics.newsFetched;
  const before = system.tap.distinct(topic);
  await waitFor(() => system.tap.distinct(topic) >= before + n, { timeoutMs: 180_000, intervalMs: 200, what: `${n} more news.fetched events` });
}

/** Waits until the feeds published `n` more items (the load piles up while something is down). */
async function feedsPublish(n: number): Promise<void> {
  const before = system.feed.total;
  await waitFor(() => system.feed.total >= before + n, { timeoutMs: 60_000, intervalMs: 100, what: `${n} more feed items` });
}

/** Waits until at least one service reports not ready (the outage is observed, not assumed). */
async function outageSeen(what: string): Promise<void> {
  await waitFor(async () => !(await system.fleet.allReady()), { timeoutMs: 120_000, intervalMs: 200, what: `a service to report ${what} on /readyz` });
}

it('flows every article to exactly one post per channel under steady load (baseline)', async () => {
  await underLoad(20);
  const counts = await system.converge('baseline');
  expect(counts.statuses).toBeGreaterThan(0);
});

describe.each(SERVICE_NAMES)('kill -9 %s', (name) => {
  it('loses nothing and doubles nothing once it is restarted', async () => {
    await underLoad();
    await system.fleet.kill9(name);
    await feedsPublish(10);
    log(`kill -9 ${name}: restarted, ready in ${await system.fleet.start(name)} s`);
    await system.converge(`kill -9 ${name}`);
  });
});

it('recovers from a Kafka restart', async () => {
  await underLoad();
  let at = Date.now();
  await system.infra.stop('kafka');
  log(`Kafka restart: stopped in ${Math.round((Date.now() - at) / 1000)} s`);
  await feedsPublish(10);
  at = Date.now();
  await system.infra.start('kafka');
  log(`Kafka restart: started again in ${Math.round((Date.now() - at) / 1000)} s`);
  await system.converge('Kafka restart');
});

it('recovers from PostgreSQL stopped for 10 s', async () => {
  await underLoad();
  await system.infra.stop('postgres');
  const stoppedAt = Date.now();
  await outageSeen('PostgreSQL down');
  // The outage lasts 10 s by definition of the fault (not a wait for a condition).
  await waitFor(() => Date.now() - stoppedAt >= 10_000, { timeoutMs: 60_000, intervalMs: 100, what: '10 s of PostgreSQL outage' });
  await system.infra.start('postgres');
  await system.converge('PostgreSQL stopped for 10 s');
});

it('recovers from Redis stopped and started again', async () => {
  await underLoad();
  await system.infra.stop('redis');
  await outageSeen('Redis down');
  await feedsPublish(10);
  await system.infra.start('redis');
  await system.converge('Redis stop/start');
});

it(`keeps flowing with latency between ${PROXIED.service} and its PostgreSQL and Redis (toxiproxy)`, async () => {
  await underLoad();
  const latency = { type: 'latency' as const, attributes: { latency: 150, jitter: 50 } };
  await system.toxiproxy.addToxic(PROXIED.postgres, { name: 'latency', ...latency });
  await system.toxiproxy.addToxic(PROXIED.redis, { name: 'latency', ...latency });
  try {
    // Summaries keep coming while every query and cache call is slow.
    const topic = system.names.topics.articleSummarized;
    const before = system.tap.distinct(topic);
    await waitFor(() => system.tap.distinct(topic) >= before + 20, { timeoutMs: 180_000, intervalMs: 200, what: '20 summaries under latency' });
  } finally {
    await system.toxiproxy.removeToxic(PROXIED.postgres, 'latency');
    await system.toxiproxy.removeToxic(PROXIED.redis, 'latency');
  }
  await system.converge('latency to PostgreSQL and Redis');
});

it(`recovers from connection resets between ${PROXIED.service} and its PostgreSQL and Redis (toxiproxy)`, async () => {
  await underLoad();
  const reset = { type: 'reset_peer' as const, attributes: { timeout: 0 } };
  await system.toxiproxy.addToxic(PROXIED.postgres, { name: 'reset', ...reset });
  await system.toxiproxy.addToxic(PROXIED.redis, { name: 'reset', ...reset });
  try {
    await outageSeen(`${PROXIED.service} cut off`);
    await feedsPublish(10);
  } finally {
    await system.toxiproxy.removeToxic(PROXIED.postgres, 'reset');
    await system.toxiproxy.removeToxic(PROXIED.redis, 'reset');
  }
  await system.converge('connection resets to PostgreSQL and Redis');
});

it('sends poison events to the DLQ with the reason, and `pulse dlq replay` re-sends them', async () => {
  const { topics } = system.names;
  const poisons = [Buffer.from('{not json'), Buffer.from(JSON.stringify({ id: 'not-an-event', type: 'news.fetched' }))];
  // Consumer groups per topic: news.fetched -> llm, analytics; article.summarized -> social,
  // analytics, notification; post.published -> analytics, notification.
  const groupsOf: Record<string, number> = { [topics.newsFetched]: 2, [topics.articleSummarized]: 3, [topics.postPublished]: 2 };
  const invalidIn = (topic: string) => system.tap.dlq.filter((e) => e.originalTopic === topic && e.kind === 'invalid');
  const before = Object.fromEntries(Object.keys(groupsOf).map((topic) => [topic, invalidIn(topic).length]));

  const kafka = new Kafka({ clientId: uniqueName('faults-poison'), brokers: system.infra.env.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const topic of Object.keys(groupsOf)) {
      await producer.send({ topic, messages: poisons.map((value) => ({ key: uniqueName('poison'), value })) });
    }
  } finally {
    await producer.disconnect();
  }

  for (const [topic, groups] of Object.entries(groupsOf)) {
    await waitFor(() => invalidIn(topic).length >= before[topic]! + poisons.length * groups, { timeoutMs: 120_000, intervalMs: 200, what: `poison of ${topic} in ${dlqTopicOf(topic)}` });
    const entries = invalidIn(topic).slice(before[topic]);
    expect(entries).toHaveLength(poisons.length * groups);
    for (const entry of entries) expect(entry.reason).toMatch(/^validation failed: /);
    expect(entries.some((entry) => /not JSON/.test(entry.reason))).toBe(true);
  }

  const listed = await system.pulse(['dlq', 'list', topics.newsFetched, '--limit', '200']);
  expect(listed.code).toBe(0);
  expect(listed.out).toContain('validation failed');

  // Replayed poison goes back to its topic and, still poison, to the DLQ again (marked as replayed);
  // it changes nothing downstream.
  const replay = await system.pulse(['dlq', 'replay', topics.newsFetched, '--reason-kind', 'invalid', '--group', uniqueName('faults-poison-replay')]);
  expect(replay.code).toBe(0);
  const replayed = Number(/replayed: (\d+)/.exec(replay.out)?.[1]);
  expect(replayed).toBeGreaterThanOrEqual(poisons.length * groupsOf[topics.newsFetched]!);
  await waitFor(() => system.tap.dlq.filter((e) => e.originalTopic === topics.newsFetched && e.replayedFrom !== undefined && e.kind === 'invalid').length
    >= replayed * groupsOf[topics.newsFetched]!, { timeoutMs: 120_000, intervalMs: 200, what: 'replayed poison back in the DLQ' });
  await system.converge('poison events and their replay');
});

it('dead-lettered no valid event for good (no permanent failures)', () => {
  expect(system.unexplainedDeadLetters()).toEqual([]);
});
