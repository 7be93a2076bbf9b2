import { EntitySchema } from 'typeorm';

/** One event waiting to be published, written in the same transaction as the change it announces. */
export interface OutboxRow {
  /** bigint, returned as a string; orders publication. */
  id: string;
  eventId: string;
  topic: string;
  key: string;
  payload: unknown;
  /** Kafka headers to send (content type, and the W3C trace context of the writing transaction). */
  headers: Record<string, string>;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * The `event_outbox` table in the service's own schema (the DataSource `schema`). An EntitySchema
 * rather than decorators, so it loads the same under tsx/esbuild, swc and tsc whatever the
 * importing package's decorator settings.
 */
export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'PulseEventOutbox',
  tableName: 'event_outbox',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    eventId: { name: 'event_id', type: 'uuid', unique: true },
    topic: { type: 'text' },
    key: { name: 'event_key', type: 'text' },
    payload: { type: 'jsonb' },
    headers: { type: 'jsonb', default: () => `'{}'::jsonb` },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    sentAt: { name: 'sent_at', type: 'timestamptz', nullable: true },
  },
  indices: [{ name: 'event_outbox_unsent_idx', columns: ['id'], where: 'sent_at IS NULL' }],
});
