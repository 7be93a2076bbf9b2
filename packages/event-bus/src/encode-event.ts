import type { AnyEvent, EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { CLOUDEVENTS_CONTENT_TYPE, HEADERS } from './headers';

export interface EncodedEvent {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * What goes on the wire for `event`: validated by its contract (ValidationError otherwise), keyed by
 * the contract's key, the envelope as JSON (CloudEvents structured mode). The producer, the outbox
 * and provider pact tests all go through here, so a pact verifies the bytes Kafka really gets.
 */
export function encodeEvent<E extends AnyEvent>(contract: EventContract<E>, event: E): EncodedEvent {
  const result = contract.validate(event);
  if (!result.ok) {
    throw new ValidationError(`Refusing to publish an invalid ${contract.type} event to ${contract.topic}`, result.errors);
  }
  return {
    key: contract.keyOf(event),
    value: JSON.stringify(event),
    headers: { [HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE },
  };
}
