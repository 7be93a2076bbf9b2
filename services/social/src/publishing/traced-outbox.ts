import type { EntityManager } from 'typeorm';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { CLOUDEVENTS_CONTENT_TYPE, HEADERS, OutboxEntity } from '@pulse/event-bus';

/** An event to enqueue with the trace context it belongs to. */
export interface TracedEvent<E> {
  event: E;
  /** W3C headers of the span that caused the event (`activeTraceHeaders()` there). */
  traceHeaders: Record<string, string>;
}

/**
 * `outbox.enqueueMany` where each event keeps its own trace context: one INSERT for events of
 * different traces (a batch of posts published together, each in its summary's trace), where
 * enqueueMany would stamp all of them with the trace active at the call. Same validation, same
 * rows, same transaction rule (the caller's `manager`).
 * Belongs in @pulse/event-bus as an option of enqueueMany; kept here until it is there.
 */
export async function enqueueTraced<E extends AnyEvent>(manager: EntityManager, contract: EventContract<E>, items: readonly TracedEvent<E>[]): Promise<void> {
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
