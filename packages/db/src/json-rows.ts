import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparedQuery } from './prepared-query';

/** `entity`'s table as SQL: schema-qualified and quoted. */
export function quotedTable(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  return manager.connection.getMetadata(entity).tablePath.split('.').map(quoteIdent).join('.');
}

/**
 * `rows` (entity objects, property names as in the entity) keyed by column name through TypeORM's
 * metadata, for jsonb_populate_record(set): properties the entity does not map are left out, and
 * so is a column no row gives a value (undefined), so its default applies.
 */
export function columnRecords(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: readonly object[]): { records: Array<Record<string, unknown>>; columns: string[] } {
  const metadata = manager.connection.getMetadata(entity);
  const used = metadata.columns.filter((column) => rows.some((row) => (row as Record<string, unknown>)[column.propertyName] !== undefined));
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const column of used) {
      const value = (row as Record<string, unknown>)[column.propertyName];
      if (value !== undefined) record[column.databaseName] = value;
    }
    return record;
  });
  return { records, columns: used.map((column) => quoteIdent(column.databaseName)) };
}

/**
 * Inserts `rows` of `entity` in ONE statement (a JSON parameter turned into records by
 * jsonb_populate_recordset, so the table's own column types apply; TypeORM's query building was a
 * measurable share of a consumer's CPU per event), in order; `onConflictDoNothing`
 * skips rows that hit a unique constraint. Answers the `returning` columns of the rows inserted.
 */
export async function insertRows<R = Record<string, unknown>>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  rows: readonly object[],
  options: { onConflictDoNothing?: boolean; returning?: readonly string[] } = {},
): Promise<R[]> {
  if (rows.length === 0) return [];
  const table = quotedTable(manager, entity);
  const { records, columns } = columnRecords(manager, entity, rows);
  const list = columns.join(', ');
  return preparedQuery<R>(
    manager,
    `INSERT INTO ${table} (${list})
     SELECT ${columns.map((c) => `r.${c}`).join(', ')}
       FROM ROWS FROM (jsonb_populate_recordset(NULL::${table}, $1::jsonb)) WITH ORDINALITY AS r
      ORDER BY r.ordinality
     ${options.onConflictDoNothing ? 'ON CONFLICT DO NOTHING' : ''}
     ${options.returning && options.returning.length > 0 ? `RETURNING ${options.returning.map(quoteIdent).join(', ')}` : ''}`,
    [JSON.stringify(records)],
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
