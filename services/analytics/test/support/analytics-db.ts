import { infraEnv, uniqueSchema } from '@pulse/testing';
import { createDataSource } from '@pulse/db';
import type { DataSource } from 'typeorm';
import { analyticsMigrations } from '../../src/adapters/db';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A DataSource on a fresh random schema, migrated the way the service runtime does it
 * (@pulse/db's createDataSource); `drop()` removes the schema and closes it.
 */
export async function openTestDb(): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const { databaseUrl } = infraEnv();
  const schema = uniqueSchema('analytics');
  const dataSource = await createDataSource({ url: databaseUrl, schema, migrations: analyticsMigrations, logger: quiet, poolSize: 4 });
  return {
    dataSource,
    schema,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
