import { infraEnv, uniqueSchema } from '@pulse/testing';
import { DataSource } from 'typeorm';
import { analyticsDataSourceOptions, ensureSchema } from '../../src/adapters/db';

/** A migrated DataSource on a fresh random schema; `drop()` removes the schema and closes it. */
export async function openTestDb(): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const { databaseUrl } = infraEnv();
  const schema = uniqueSchema('analytics');
  await ensureSchema(databaseUrl, schema);
  const dataSource = await new DataSource({
    ...analyticsDataSourceOptions({ url: databaseUrl, schema, poolSize: 4 }),
    migrationsRun: true,
  }).initialize();
  return {
    dataSource,
    schema,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
