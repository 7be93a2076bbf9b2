// Counting the SQL statements a service in this process sends: every statement of TypeORM's pool
// goes through pg's Client#query (the same pg module instance), so wrapping it sees them all.
import { Client } from 'pg';

export interface StatementCounter {
  /** Statements counted since the start or the last reset. */
  count(): number;
  /** The same by kind (the statement's text without schema names, first 70 characters). */
  kinds(): Map<string, number>;
  /** Counts from zero again. */
  reset(): void;
  /** Unwraps Client#query. */
  restore(): void;
}

/**
 * Counts the statements of every pg Client in this process but `except` (a bench's own client).
 * `beforeCount` sees each statement's text first (e.g. to open a measuring window with reset()).
 */
export function countPgStatements(options: { except?: Client; beforeCount?: (sql: string | undefined) => void } = {}): StatementCounter {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let count = 0;
  let kinds = new Map<string, number>();
  proto.query = function countedQuery(this: Client, ...args: unknown[]) {
    if (this !== options.except) {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      options.beforeCount?.(sql);
      count += 1;
      const kind = (sql ?? '?').replace(/\s+/g, ' ').replace(/"[^"]*"\./g, '').slice(0, 70);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return original.apply(this, args);
  };
  return {
    count: () => count,
    kinds: () => kinds,
    reset: () => {
      count = 0;
      kinds = new Map();
    },
    restore: () => {
      proto.query = original;
    },
  };
}
