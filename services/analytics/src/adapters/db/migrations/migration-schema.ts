import { PermanentError } from '@pulse/errors';
import type { QueryRunner } from 'typeorm';
import { assertSchemaName, schemaOf } from '../schema-name';

/**
 * The schema a migration creates its objects in: the DataSource's `schema` option, else the
 * session's current schema. Objects are always created schema-qualified, and functions carry
 * the name as a literal, so nothing depends on the search_path of whoever calls them later.
 */
export async function migrationSchema(queryRunner: QueryRunner): Promise<string> {
  const configured = schemaOf(queryRunner);
  const schema = configured ?? ((await queryRunner.query('SELECT current_schema() AS schema')) as Array<{ schema: string }>)[0]?.schema;
  if (schema === undefined) throw new PermanentError('No current schema for the analytics migrations', { code: 'no-schema' });
  assertSchemaName(schema);
  return schema;
}
