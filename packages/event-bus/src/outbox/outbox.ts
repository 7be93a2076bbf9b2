import type { EntityManager } from 'typeorm';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { CLOUDEVENTS_CONTENT_TYPE, HEADERS } from '../headers';
import { activeTraceHeaders } from '../trace-context';
import { OutboxEntity } from './outbox.entity';

/**
 * Validates `event` and inserts it into the outbox through `manager`, i.e. inside the caller's
 * transaction: the event exists exactly when the change it announces was committed. The
 * OutboxRelay publishes it afterwards. The active trace context is stored with it.
 */
async function enqueue<E extends AnyEvent>(manager: EntityManager, contract: EventContract<E>, event: E): Promise<void> {
  await enqueueMany(manager, contract, [event]);
}

/** enqueue for several events, in order (one INSERT). */
async function enqueueMany<E extends AnyEvent>(manager: EntityManager, contract: EventContract<E>, events: E[]): Promise<void> {
  if (events.length === 0) return;
  const problems: string[] = [];
  const encoded = events.map((event) => {
    const result = contract.validate(event);
    if (!result.ok) problems.push(...result.errors);
    return { eventId: event.id, key: contract.keyOf(event), payload: event };
  });
  if (problems.length > 0) {
    throw new ValidationError(`Refusing to enqueue an invalid ${contract.type} event for ${contract.topic}`, problems);
  }
  const headers = { [HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE, ...activeTraceHeaders() };
  await manager.createQueryBuilder().insert().into(OutboxEntity)
    .values(encoded.map((row) => ({ ...row, topic: contract.topic, headers })))
    .execute();
}

export const outbox = { enqueue, enqueueMany };
