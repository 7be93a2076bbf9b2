import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** The pg client's query with a statement name (node-postgres parses a named statement once per connection). */
interface NamedQueries {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

// Named after the text: on each connection a name stands for one statement, so equal names must mean equal text.
const names = new Map<string, string>();

function nameOf(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `pulse_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * `manager.query(sql, params)` as a named prepared statement: PostgreSQL parses and plans it once
 * per pooled connection instead of on every call (for the pipeline's multi-part `WITH` statements
 * planning cost about as much as executing: 0.19 against 0.22 ms for llm's insertSummaries). Runs in
 * `manager`'s transaction when it has one, otherwise on a pooled connection. For hot statements
 * whose text takes few shapes (the text is the cache key); answers the rows, whatever the command.
 */
export async function preparedQuery<Row = Record<string, unknown>>(manager: EntityManager, sql: string, params: readonly unknown[]): Promise<Row[]> {
  const statement = { name: nameOf(sql), text: sql, values: params };
  const held = manager.queryRunner;
  if (held && !held.isReleased) {
    const connection = (await held.connect()) as NamedQueries;
    return (await connection.query(statement)).rows as Row[];
  }
  const runner = manager.connection.createQueryRunner();
  try {
    const connection = (await runner.connect()) as NamedQueries;
    return (await connection.query(statement)).rows as Row[];
  } finally {
    await runner.release();
  }
}
