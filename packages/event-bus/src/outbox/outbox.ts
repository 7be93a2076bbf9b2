import type { EntityManager } from 'typeorm';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { CLOUDEVENTS_CONTENT_TYPE, HEADERS } from '../headers';
import { activeTraceHeaders } from '../trace-context';
import { preparedQuery, quotedTable } from '@pulse/db';
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
  await preparedQuery(manager, insertStatement(manager, { rows: '$1' }), [rowsParameter(contract, items)]);
}

/**
 * The outbox rows of `items` as one statement parameter (JSON text) for insertStatement: each event
 * validated by `contract` (ValidationError naming every problem otherwise), keyed, with its headers.
 */
function rowsParameter<E extends AnyEvent>(contract: EventContract<E>, items: readonly TracedEvent<E>[]): string {
  const problems: string[] = [];
  const rows = items.map(({ event, traceHeaders }) => {
    const result = contract.validate(event);
    if (!result.ok) problems.push(...result.errors);
    return {
      event_id: event.id,
      topic: contract.topic,
      event_key: contract.keyOf(event),
      payload: event,
      headers: { [HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE, ...traceHeaders },
    };
  });
  if (problems.length > 0) {
    throw new ValidationError(`Refusing to enqueue an invalid ${contract.type} event for ${contract.topic}`, problems);
  }
  return JSON.stringify(rows);
}

/**
 * The SQL that inserts the rows of a rowsParameter (the parameter named by `rows`, e.g. '$3') into the
 * outbox, in their order: what enqueueTraced runs, for a caller that puts it in a `WITH` clause so the
 * change and its announcement are ONE statement (atomic without BEGIN/COMMIT, one round trip).
 * `onlyIf` is a condition on the statement's other parts, e.g. `EXISTS (SELECT 1 FROM inserted)`.
 * Plain SQL rather than TypeORM's query builder: building the INSERT was a measurable part of a
 * consumer's CPU per event.
 */
function insertStatement(manager: EntityManager, params: { rows: string; onlyIf?: string }): string {
  return `INSERT INTO ${quotedTable(manager, OutboxEntity)} (event_id, topic, event_key, payload, headers)
     SELECT r.event_id, r.topic, r.event_key, r.payload, r.headers
       FROM ROWS FROM (jsonb_to_recordset(${params.rows}::jsonb)
              AS (event_id uuid, topic text, event_key text, payload jsonb, headers jsonb)) WITH ORDINALITY AS r
      ${params.onlyIf ? `WHERE ${params.onlyIf}` : ''}
      ORDER BY r.ordinality`;
}

export const outbox = { enqueue, enqueueMany, enqueueTraced, rowsParameter, insertStatement };
