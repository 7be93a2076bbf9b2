import { DataSource, type DataSourceOptions } from 'typeorm';
import { analyticsMigrations } from './migrations';
import { assertSchemaName } from './schema-name';

export interface AnalyticsDbConfig {
  /** postgres://user:pass@host:port/db */
  url: string;
  /** The service's own schema, e.g. `analytics`. */
  schema: string;
  /** Run pending migrations on initialize (default true). */
  migrationsRun?: boolean;
  /** Connection pool size (default 10). */
  poolSize?: number;
}

/**
 * DataSource options for the analytics schema: migrations and their table live in `schema`, and
 * every connection's search_path is that schema. (The service kit's @pulse/db may wrap this.)
 */
export function analyticsDataSourceOptions(config: AnalyticsDbConfig): DataSourceOptions {
  assertSchemaName(config.schema);
  return {
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    migrations: analyticsMigrations,
    migrationsRun: config.migrationsRun ?? true,
    migrationsTableName: 'migrations',
    extra: { options: `-c search_path=${config.schema}`, max: config.poolSize ?? 10, application_name: 'pulse-analytics' },
  };
}

/** CREATE SCHEMA IF NOT EXISTS: TypeORM needs the schema before it can create its migrations table. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  assertSchemaName(schema);
  const bootstrap = await new DataSource({ type: 'postgres', url, extra: { max: 1 } }).initialize();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two replicas starting together may race on the catalog entry; the schema exists either way.
    if ((error as { driverError?: { code?: string } }).driverError?.code !== '23505') throw error;
  } finally {
    await bootstrap.destroy();
  }
}

/** Creates the schema if needed and returns an initialized DataSource with migrations applied. */
export async function createAnalyticsDataSource(config: AnalyticsDbConfig): Promise<DataSource> {
  await ensureSchema(config.url, config.schema);
  return new DataSource(analyticsDataSourceOptions(config)).initialize();
}
