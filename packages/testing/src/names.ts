import { randomBytes } from 'node:crypto';

/** A name no other test run uses: `prefix-<8 hex>`; safe for topics, groups, schemas, Redis keys. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`.replace(/[^a-zA-Z0-9_.-]/g, '_');
}

/** Like uniqueName but valid as a PostgreSQL identifier (lowercase, underscores). */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}
