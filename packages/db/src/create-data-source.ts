import type { EventEmitter } from 'node:events';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { describeError, isRetriable, PermanentError, RetriableError } from '@pulse/errors';
import { TypeOrmLogSink, type LogSink } from './typeorm-logger';

export interface DataSourceConfig {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The service's own PostgreSQL schema: created if missing, first on search_path, holds the migrations table. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  logger: LogSink;
  /** Connections in the pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Connection attempts before giving up with a RetriableError. */
  connectAttempts?: number;
  /** Delay before the second attempt; doubles each time, capped at 10 s. */
  retryDelayMs?: number;
  /**
   * Bound on getting a connection: pg-pool counts the wait for a free pooled connection in it too,
   * so it must outlast a burst that holds the whole pool on a loaded machine (default 15 s).
   */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Apply pending migrations at start (default true). */
  runMigrations?: boolean;
  /** Queries slower than this are logged as warnings. */
  slowQueryMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects TypeORM to PostgreSQL for one service: bounded connection retries, the service's schema
 * (created if missing) on search_path, and pending migrations applied at start under an advisory
 * lock, so replicas starting together apply each migration once.
 */
export async function createDataSource(config: DataSourceConfig): Promise<DataSource> {
  const { schema, logger, runMigrations = true } = config;
  if (!SCHEMA_NAME.test(schema)) throw new PermanentError(`"${schema}" is not a valid schema name (lowercase letters, digits, _)`);

  const dataSource = await connectWithRetries(config);
  try {
    await prepareSchema(dataSource, schema, runMigrations, logger);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    const message = `Preparing schema ${schema} failed: ${describeError(error)}`;
    throw isRetriable(error) ? new RetriableError(message, { cause: error }) : new PermanentError(message, { cause: error });
  }
  return dataSource;
}

function optionsFor(config: DataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    entities: config.entities ?? [],
    migrations: config.migrations ?? [],
    migrationsRun: false, // run below, under a lock
    migrationsTableName: 'migrations',
    synchronize: false,
    poolSize: config.poolSize ?? 10,
    connectTimeoutMS: config.connectTimeoutMs ?? 15_000,
    applicationName: config.applicationName ?? config.schema,
    maxQueryExecutionTime: config.slowQueryMs ?? 1_000,
    logger: new TypeOrmLogSink(config.logger),
    // Unqualified names resolve in the service's schema first; public stays for extensions.
    extra: {
      options: `-c search_path=${config.schema},public`,
      // pg-pool drops its listener from a client while it is checked out and TypeORM drops its own
      // when it releases a broken client, but the server can still send its FATAL (PostgreSQL
      // stopping: 57P01) to that client afterwards; an 'error' event without a listener kills
      // the process. The query in flight fails on its own, so this listener only logs.
      onConnect: (client: EventEmitter) => {
        client.on('error', (error: Error) => config.logger.warn('PostgreSQL connection lost', { error: describeError(error) }));
      },
    },
  };
}

async function connectWithRetries(config: DataSourceConfig): Promise<DataSource> {
  const attempts = Math.max(1, config.connectAttempts ?? 5);
  let delay = config.retryDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    const dataSource = new DataSource(optionsFor(config));
    try {
      return await dataSource.initialize();
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      if (!isRetriable(error)) throw new PermanentError(`Cannot use PostgreSQL: ${describeError(error)}`, { cause: error });
      if (attempt >= attempts) {
        throw new RetriableError(`PostgreSQL unreachable after ${attempts} attempts: ${describeError(error)}`, { cause: error });
      }
      config.logger.warn('PostgreSQL not reachable yet, retrying', { attempt, attempts, delayMs: delay, error: describeError(error) });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

async function prepareSchema(dataSource: DataSource, schema: string, runMigrations: boolean, logger: LogSink): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Session-level lock on a connection of its own; the migrations use other pool connections.
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`pulse-migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      if (runMigrations) {
        const applied = await dataSource.runMigrations({ transaction: 'all' });
        if (applied.length > 0) logger.info('migrations applied', { schema, migrations: applied.map((m) => m.name) });
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`pulse-migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
