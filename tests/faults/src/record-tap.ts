import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { dlqTopicOf, type AnyEvent, type EventContract } from '@pulse/contracts';
import { uniqueName, waitFor } from '@pulse/testing';

/** What a downstream reader saw of one topic: every record by event id, and what was unreadable. */
export interface TopicLedger {
  /** Records per event id (more than 1 = a redelivered record: allowed, consumers dedupe). */
  recordsById: Map<string, number>;
  /** Event ids per thing (the post id on post.published, else the article id): more than one is a double. */
  idsByThing: Map<string, Set<string>>;
  /** Records that fail the topic's contract (poison). */
  unreadable: number;
}

export interface DlqRecord {
  originalTopic: string;
  kind: string;
  reason: string;
  group: string;
  eventId: string | undefined;
  replayedFrom: string | undefined;
}

/**
 * A plain kafkajs consumer with its own group, from the beginning, on the run's three topics and
 * their DLQs: the end-to-end count of what was produced, including poison and dead letters.
 */
export class RecordTap {
  readonly topics = new Map<string, TopicLedger>();
  readonly dlq: DlqRecord[] = [];
  private consumer: Consumer | undefined;

  private readonly mainTopics: string[];

  constructor(private readonly brokers: string[], private readonly contracts: Array<EventContract<AnyEvent>>) {
    this.mainTopics = contracts.map((contract) => contract.topic);
    for (const topic of this.mainTopics) this.topics.set(topic, { recordsById: new Map(), idsByThing: new Map(), unreadable: 0 });
  }

  /**
   * Creates the topics (and their DLQs, `partitions` each, as the services would) once the fresh
   * broker has leaders for them, then subscribes from the beginning and waits for the group.
   */
  async start(partitions: number): Promise<void> {
    const kafka = new Kafka({ clientId: uniqueName('faults-tap'), brokers: this.brokers, logLevel: logLevel.NOTHING });
    const topics = [...this.mainTopics, ...this.mainTopics.map(dlqTopicOf)];
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => {
        await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })), waitForLeaders: true });
        const metadata = await admin.fetchTopicMetadata({ topics });
        return metadata.topics.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0));
      }, { timeoutMs: 120_000, intervalMs: 500, what: 'the run\'s topics to have leaders' });
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({ groupId: uniqueName('faults-tap'), maxWaitTimeInMs: 200 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const ledger = this.topics.get(topic);
        const headers = stringHeaders(message.headers);
        const value = parse(message.value);
        if (ledger) {
          const contract = this.contracts.find((c) => c.topic === topic)!;
          const checked = contract.validate(value);
          if (!checked.ok) {
            ledger.unreadable++;
            return;
          }
          const event = checked.value;
          ledger.recordsById.set(event.id, (ledger.recordsById.get(event.id) ?? 0) + 1);
          const data = event.data as { articleId: string; postId?: string };
          const thing = data.postId ?? data.articleId;
          const ids = ledger.idsByThing.get(thing) ?? new Set<string>();
          ids.add(event.id);
          ledger.idsByThing.set(thing, ids);
          return;
        }
        const envelope = value as { id?: unknown } | undefined;
        this.dlq.push({
          originalTopic: headers['pulse-dlq-original-topic'] ?? topic.replace(/\.dlq$/, ''),
          kind: headers['pulse-dlq-reason-kind'] ?? '',
          reason: headers['pulse-dlq-reason'] ?? '',
          group: headers['pulse-dlq-group'] ?? '',
          eventId: typeof envelope?.id === 'string' ? envelope.id : undefined,
          replayedFrom: headers['pulse-replayed-from'],
        });
      },
    });
    await joined;
  }

  ledger(topic: string): TopicLedger {
    return this.topics.get(topic)!;
  }

  /** Distinct event ids seen on a topic. */
  distinct(topic: string): number {
    return this.ledger(topic).recordsById.size;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function parse(value: Buffer | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
