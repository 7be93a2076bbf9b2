import { EntitySchema } from 'typeorm';

/** An event a consumer group has applied; the primary key makes a second application a no-op. */
export interface InboxRow {
  consumerGroup: string;
  eventId: string;
  processedAt: Date;
}

/** The `event_inbox` table in the service's own schema (EntitySchema: see OutboxEntity). */
export const InboxEntity = new EntitySchema<InboxRow>({
  name: 'PulseEventInbox',
  tableName: 'event_inbox',
  columns: {
    consumerGroup: { name: 'consumer_group', type: 'text', primary: true },
    eventId: { name: 'event_id', type: 'uuid', primary: true },
    processedAt: { name: 'processed_at', type: 'timestamptz', createDate: true },
  },
});
