import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { uniqueName } from '@pulse/testing';

/** One record as a downstream team would read it: topic, key, parsed value and string headers. */
export interface TappedRecord {
  topic: string;
  key: string | undefined;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * A downstream consumer written with plain kafkajs and its own group id, as an integrating team
 * would write one: it knows the topics and the envelope, nothing of Pulse's code.
 */
export class EventTap {
  readonly records: TappedRecord[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly brokers: string[],
    private readonly topics: string[],
  ) {}

  /** Subscribes from the beginning and resolves once the group has its partitions. */
  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: uniqueName('e2e-downstream'), brokers: this.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName('e2e-downstream'), maxWaitTimeInMs: 200 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.records.push({
          topic,
          key: message.key?.toString('utf8'),
          value: message.value ? (JSON.parse(message.value.toString('utf8')) as unknown) : undefined,
          headers: stringHeaders(message.headers),
        });
      },
    });
    await joined;
  }

  /** The records read from one topic, in arrival order. */
  of(topic: string): TappedRecord[] {
    return this.records.filter((record) => record.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
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
