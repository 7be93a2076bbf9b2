/** Anything that runs SQL with bound parameters: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Runs `sql` and returns its rows typed as `T` (the caller's SQL defines the shape). */
export async function rows<T>(db: Queryable, sql: string, parameters: unknown[]): Promise<T[]> {
  return (await db.query(sql, parameters)) as T[];
}

/** PostgreSQL returns bigint and numeric as strings: numbers here, null stays null. */
export function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
