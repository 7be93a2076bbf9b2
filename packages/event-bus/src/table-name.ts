import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * `entity`'s table as SQL: schema-qualified (the DataSource's `schema`) and quoted, for the bus's
 * hand-written statements.
 */
export function quotedTableName(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  return manager.connection.getMetadata(entity).tablePath.split('.').map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
}
