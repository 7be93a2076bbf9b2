import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer, type ProducerConfig } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { RetriableError, ValidationError } from '@pulse/errors';
import { encodeEvent, type EncodedEvent } from './encode-event';
import type { BusLogger } from './logger';
import { busMetrics, type BusMetrics } from './metrics';
import { endWithError, startProducerSpan } from './trace-context';

export interface ProducerOptions {
  kafka: Kafka;
  logger: BusLogger;
  /** Where `pulse_events_produced_total` lives; without one nothing is counted. */
  registry?: Registry;
  /** Upper bound of one produce request's payload; Kafka refuses batches over message.max.bytes (1 MiB). */
  maxRequestBytes?: number;
  compression?: CompressionTypes;
  /** Extra kafkajs producer settings (retry, timeouts); idempotence and the partitioner are fixed. */
  config?: Omit<ProducerConfig, 'idempotent' | 'maxInFlightRequests' | 'createPartitioner' | 'transactionalId'>;
}

/** A record ready for Kafka; the relay, the DLQ and replays send these without re-validating. */
export interface OutgoingRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Message['headers'];
}

interface Pending {
  topic: string;
  records: Message[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The idempotent event producer. Every event is validated by its contract before anything is sent,
 * keyed by `contract.keyOf(event)` (the article id: one article's events stay in order on one
 * partition) and carries the W3C trace context. Sends issued while another is in flight are
 * coalesced into one produce request, so many concurrent `publish` calls cost few round trips.
 */
/**
 * Answers after which kafkajs' idempotent producer never recovers by itself: its producer id and
 * sequence numbers no longer match the broker's (seen after a broker restart: every retry got
 * OUT_OF_ORDER_SEQUENCE_NUMBER for good). The cure is a new producer id, i.e. a new producer.
 */
const STALE_PRODUCER_STATE = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

export class EventProducer {
  private producer: Producer;
  private readonly metrics: BusMetrics | undefined;
  private readonly maxRequestBytes: number;
  private readonly compression: CompressionTypes;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private connected: Promise<void> | undefined;

  constructor(private readonly options: ProducerOptions) {
    // kafkajs needs acks=all for idempotence (checked per send) and retries unbounded (its default
    // when idempotent); one in-flight request per connection keeps sequence numbers in order.
    // The Java-compatible murmur2 partitioner is chosen explicitly: the same key lands on the same
    // partition as with any other Kafka client (and kafkajs stops warning about its default).
    this.producer = this.newProducer();
    this.metrics = options.registry ? busMetrics(options.registry) : undefined;
    this.maxRequestBytes = options.maxRequestBytes ?? 900_000;
    this.compression = options.compression ?? CompressionTypes.None;
  }

  private newProducer(): Producer {
    return this.options.kafka.producer({
      allowAutoTopicCreation: false,
      ...this.options.config,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Connects once; later calls wait for the same connection. */
  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /** Validates and sends one event; resolves when all in-sync replicas have it. */
  async publish<E extends AnyEvent>(contract: EventContract<E>, event: E, extraHeaders: Record<string, string> = {}): Promise<void> {
    await this.publishMany(contract, [event], extraHeaders);
  }

  /**
   * Validates every event first (one invalid event: ValidationError and nothing is sent), then
   * sends them in order as one batch (split only past maxRequestBytes).
   */
  async publishMany<E extends AnyEvent>(contract: EventContract<E>, events: E[], extraHeaders: Record<string, string> = {}): Promise<void> {
    const encoded: EncodedEvent[] = [];
    const problems: string[] = [];
    events.forEach((event, index) => {
      try {
        encoded.push(encodeEvent(contract, event));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(...error.errors.map((e) => (events.length > 1 ? `[${index}] ${e}` : e)));
      }
    });
    if (problems.length > 0) {
      throw new ValidationError(`Refusing to publish an invalid ${contract.type} event to ${contract.topic}`, problems);
    }
    const spans = [];
    const records: OutgoingRecord[] = [];
    for (let i = 0; i < events.length; i++) {
      const { key, value, headers } = encoded[i]!;
      const { span, headers: trace } = startProducerSpan(contract.topic, events[i]!.id, key);
      spans.push(span);
      records.push({ key, value, headers: { ...headers, ...extraHeaders, ...trace } });
    }
    try {
      await this.send(contract.topic, records);
    } catch (error) {
      for (const span of spans) endWithError(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /** Sends already-serialized records in order (outbox relay, DLQ, replay). */
  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const messages = records as Message[];
    let bytes = 0;
    for (const m of messages) bytes += sizeOf(m.value) + sizeOf(m.key) + 64;
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, records: messages, bytes, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Waits for queued sends, then disconnects. */
  async disconnect(): Promise<void> {
    await this.flushing;
    if (this.connected) {
      await this.connected.catch(() => undefined);
      this.connected = undefined;
      await this.producer.disconnect();
    }
  }

  // Drains the queue one produce request at a time: whatever queued up during a send goes out
  // together in the next one. Callers' order is kept (FIFO, and a caller's records stay contiguous).
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const taken = this.takeRequest();
        try {
          await this.sendRequest(taken);
          for (const p of taken) {
            this.metrics?.produced.inc({ topic: p.topic }, p.records.length);
            p.resolve();
          }
        } catch (error) {
          for (const p of taken) p.reject(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private takeRequest(): Pending[] {
    const taken: Pending[] = [];
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (taken.length > 0 && bytes + next.bytes > this.maxRequestBytes) break;
      taken.push(this.queue.shift()!);
      bytes += next.bytes;
      if (bytes >= this.maxRequestBytes) break;
    }
    return taken;
  }

  // takeRequest leaves a caller larger than one request alone; it goes out in ordered slices.
  private async sendRequest(taken: Pending[]): Promise<void> {
    const only = taken[0]!;
    if (taken.length === 1 && only.bytes > this.maxRequestBytes) {
      for (const slice of slices(only.records, this.maxRequestBytes)) await this.produce([{ topic: only.topic, messages: slice }]);
      return;
    }
    const byTopic = new Map<string, Message[]>();
    for (const p of taken) {
      const list = byTopic.get(p.topic) ?? [];
      for (const m of p.records) list.push(m);
      byTopic.set(p.topic, list);
    }
    await this.produce([...byTopic].map(([topic, messages]) => ({ topic, messages })));
  }

  private async produce(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    try {
      await this.connect();
      await this.producer.sendBatch({ acks: -1, compression: this.compression, topicMessages });
    } catch (error) {
      if (!STALE_PRODUCER_STATE.has(errorType(error))) throw error;
      await this.renew(errorType(error));
      // Not sent: the caller tries again (the outbox relay's next round; consumers redeliver), and
      // the new producer starts a fresh sequence. A record the old one did write is a duplicate the
      // inbox absorbs.
      throw new RetriableError(`Kafka refused the producer's sequence (${errorType(error)}); producer renewed`, { cause: error });
    }
  }

  // Replaces the kafkajs producer; queued sends wait in flush() meanwhile (flush is serial).
  private async renew(reason: string): Promise<void> {
    this.options.logger.warn('renewing the idempotent producer', { reason });
    const old = this.producer;
    this.producer = this.newProducer();
    this.connected = undefined;
    await old.disconnect().catch(() => undefined);
    await this.connect();
  }
}

function errorType(error: unknown): string {
  const own = (error as { type?: unknown }).type;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: unknown }).cause;
  return cause && typeof (cause as { type?: unknown }).type === 'string' ? (cause as { type: string }).type : '';
}

function sizeOf(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? value.length : value.byteLength;
}

function* slices(messages: Message[], maxBytes: number): Generator<Message[]> {
  let current: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m.value) + sizeOf(m.key) + 64;
    if (current.length > 0 && bytes + size > maxBytes) {
      yield current;
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) yield current;
}

/** A connected-on-demand idempotent producer (see EventProducer). */
export function createProducer(options: ProducerOptions): EventProducer {
  return new EventProducer(options);
}
