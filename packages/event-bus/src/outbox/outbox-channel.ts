import { createHash } from 'node:crypto';

/** PostgreSQL refuses channel names of NAMEDATALEN (64) bytes or more. */
const MAX_CHANNEL_BYTES = 63;

/**
 * The NOTIFY channel of one schema's outbox: the insert trigger (bus migration) notifies it, the
 * relays of that schema LISTEN on it. Per schema, so a service (or a test on its own schema) wakes
 * only its own relays. A schema name too long for the prefix gets a hash instead (still unique).
 */
export function outboxChannel(schema: string): string {
  const plain = `outbox_${schema}`;
  if (Buffer.byteLength(plain) <= MAX_CHANNEL_BYTES) return plain;
  return `outbox_${createHash('sha256').update(schema).digest('hex').slice(0, 48)}`;
}

/** The schema a DataSource's tables live in (TypeORM's `schema` option; `public` without one). */
export function schemaOf(options: object): string {
  return (options as { schema?: string }).schema ?? 'public';
}
