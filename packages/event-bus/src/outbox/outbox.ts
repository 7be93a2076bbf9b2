import type { EntityManager } from 'typeorm';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { CLOUDEVENTS_CONTENT_TYPE, HEADERS } from '../headers';
import { activeTraceHeaders } from '../trace-context';
import { OutboxEntity } from './outbox.entity';

/** An event to enqueue with the trace context it belongs to. */
export interface TracedEvent<E> {
  event: E;
  /** W3C headers of the span that caused the event (`activeTraceHeaders()` there). */
  traceHeaders: Record<string, string>;
}

/**
 * Validates `event` and inserts it into the outbox through `manager`, i.e. inside the caller's
 * transaction: the event exists exactly when the change it announces was committed. The
 * OutboxRelay publishes it afterwards. The active trace context is stored with it.
 */
async function enqueue<E extends AnyEvent>(manager: EntityManager, contract: EventContract<E>, event: E): Promise<void> {
  await enqueueMany(manager, contract, [event]);
}

/** enqueue for several events, in order (one INSERT), all in the trace active at the call. */
async function enqueueMany<E extends AnyEvent>(manager: EntityManager, contract: EventContract<E>, events: readonly E[]): Promise<void> {
  const traceHeaders = activeTraceHeaders();
  await enqueueTraced(manager, contract, events.map((event) => ({ event, traceHeaders })));
}

/**
 * enqueueMany where each event keeps its own trace context: one INSERT for events that belong to
 * different traces (e.g. a batch of posts published together, each in the trace of its summary),
 * where enqueueMany would stamp all of them with the trace active at the call.
 */
async function enqueueTraced<E extends AnyEvent>(manager: EntityManager, contract: EventContract<E>, items: readonly TracedEvent<E>[]): Promise<void> {
  if (items.length === 0) return;
  const problems: string[] = [];
  const rows = items.map(({ event, traceHeaders }) => {
    const result = contract.validate(event);
    if (!result.ok) problems.push(...result.errors);
    return {
      eventId: event.id,
      key: contract.keyOf(event),
      payload: event,
      topic: contract.topic,
      headers: { [HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE, ...traceHeaders },
    };
  });
  if (problems.length > 0) {
    throw new ValidationError(`Refusing to enqueue an invalid ${contract.type} event for ${contract.topic}`, problems);
  }
  await manager.createQueryBuilder().insert().into(OutboxEntity).values(rows).execute();
}

export const outbox = { enqueue, enqueueMany, enqueueTraced };
