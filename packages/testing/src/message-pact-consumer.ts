import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePact, pactsDir } from './pact';
import { pactMatchers } from './pact-matchers';

type Matcher = MatchersV3.Matcher<unknown>;

export interface MessagePactConsumerSpec<E extends AnyEvent, R> {
  consumer: string;
  provider: string;
  /** The topic's contract: its type/version go into the envelope, its validation into `decode`. */
  contract: EventContract<E>;
  /** The provider state the provider's message function is asked for. */
  given: string;
  /** Stable, so Pact merges reruns into the same interaction and the file stays unchanged. */
  description: string;
  /** The example event id: a uuid (held to pactMatchers.uuid), or a matcher of the test's own. */
  id: string | Matcher;
  /** The example event time, RFC 3339. */
  time: string;
  /** The event's `data` as Pact matchers: what the consumer relies on. */
  data: Record<string, unknown>;
  /** What the consumer derives from the validated event short of I/O (the part a pact can check). */
  handle(event: E): R | Promise<R>;
}

/** A message pact between a consumer and a provider for one topic, with its decode path. */
export interface MessagePactConsumer<E extends AnyEvent, R> {
  readonly consumer: string;
  readonly provider: string;
  readonly topic: string;
  readonly description: string;
  /** What a pact file records of this interaction (see recordedMessages). */
  readonly interaction: RecordedMessage;
  /** The whole envelope with its matchers, as written to the pact. */
  readonly expected: Record<string, unknown>;
  /** Runs the interaction through `decode`; on success Pact writes contracts/pacts/<consumer>-<provider>.json. */
  verify(): Promise<R>;
  /** The bus's contract validation (a ValidationError, as createConsumer dead-letters), then `handle`. */
  decode(body: unknown): Promise<R>;
  /** The example event without matchers; `overrides` replace top-level fields, `overrides.data` fields of data. */
  example(overrides?: Record<string, unknown> & { data?: Record<string, unknown> }): Record<string, unknown> & { data: Record<string, unknown> };
  /** Every message in contracts/pacts/<consumer>-<provider>.json, so a test can hold that reruns leave just its own. */
  recordedMessages(): RecordedMessage[];
}

export interface RecordedMessage {
  topic: string | undefined;
  description: string;
}

/**
 * The shape every Kafka consumer pact in Pulse shares: the CloudEvents envelope around the test's
 * `data` (the source is the provider's, the tenant a sample one), the bus's validation in front of
 * the consumer's own handling, and the pact file it writes. A test then says only what is its own:
 * the example data, what the consumer derives from it and what it asserts.
 */
export function messagePactConsumer<E extends AnyEvent, R>(spec: MessagePactConsumerSpec<E, R>): MessagePactConsumer<E, R> {
  const { consumer, provider, contract, description } = spec;
  const { uuid, rfc3339, tenantId } = pactMatchers;
  const expected = {
    specversion: '1.0',
    id: typeof spec.id === 'string' ? uuid(spec.id) : spec.id,
    type: contract.type,
    version: contract.version,
    source: MatchersV3.like(`pulse/${provider}`),
    time: rfc3339(spec.time),
    tenantId: tenantId('acme'),
    data: spec.data,
  };

  async function decode(body: unknown): Promise<R> {
    const result = contract.validate(body);
    if (!result.ok) throw new ValidationError(`${contract.topic} failed its contract`, result.errors);
    return spec.handle(result.value);
  }

  return {
    consumer, provider, description, expected,
    topic: contract.topic,
    interaction: { topic: contract.topic, description },
    decode,
    async verify() {
      let decoded: { value: R } | undefined;
      await messagePact({ consumer, provider })
        .given(spec.given)
        .expectsToReceive(description)
        .withMetadata({ topic: contract.topic })
        .withContent(expected)
        .verify(asynchronousBodyHandler(async (body) => {
          decoded = { value: await decode(body) };
        }));
      // Pact resolves only after the handler ran without throwing, so this is set here.
      if (decoded === undefined) throw new Error(`Pact did not hand "${description}" to the handler`);
      return decoded.value;
    },
    example(overrides = {}) {
      const example = MatchersV3.reify(expected) as Record<string, unknown> & { data: Record<string, unknown> };
      return { ...example, ...overrides, data: { ...example.data, ...overrides.data } };
    },
    recordedMessages() {
      const file = path.join(pactsDir(), `${consumer}-${provider}.json`);
      const pact = JSON.parse(readFileSync(file, 'utf8')) as { messages: Array<{ description: string; metadata?: { topic?: string } }> };
      return pact.messages.map((m) => ({ topic: m.metadata?.topic, description: m.description }));
    },
  };
}
