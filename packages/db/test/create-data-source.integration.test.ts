import { PermanentError, RetriableError } from '@pulse/errors';
import { infraEnv, TcpProxy, uniqueSchema, waitFor } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src';
import { CreateWidgets1700000000000, dropSchemas, recordingLogger, upCalls } from './support';

const { databaseUrl } = infraEnv();
const schemas: string[] = [];
const openSources: DataSource[] = [];

function freshSchema(): string {
  const schema = uniqueSchema('db_test');
  schemas.push(schema);
  return schema;
}

async function open(schema: string, extra: Partial<Parameters<typeof createDataSource>[0]> = {}): Promise<DataSource> {
  const ds = await createDataSource({ url: databaseUrl, schema, migrations: [CreateWidgets1700000000000], logger: recordingLogger(), ...extra });
  openSources.push(ds);
  return ds;
}

afterAll(async () => {
  for (const ds of openSources) if (ds.isInitialized) await ds.destroy();
  await dropSchemas(databaseUrl, schemas);
});

describe('createDataSource', () => {
  it('creates the schema, runs the migration into it and keeps the migrations table there', async () => {
    const schema = freshSchema();
    const ds = await open(schema);

    expect(await ds.query('SELECT name FROM widgets')).toEqual([{ name: 'first' }]);
    const tables = await ds.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['migrations', 'widgets']);
    expect(await ds.query(`SELECT name FROM "${schema}".migrations`)).toEqual([{ name: 'CreateWidgets1700000000000' }]);
    const [{ search_path: searchPath }] = await ds.query('SHOW search_path');
    expect(searchPath.replace(/\s/g, '')).toBe(`${schema},public`);
  });

  it('does not run an applied migration again on the next start', async () => {
    const schema = freshSchema();
    await (await open(schema)).destroy();
    const second = await open(schema);

    expect(upCalls.get(schema)).toBe(1);
    expect(await second.query('SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 1 }]);
    expect(await second.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`)).toEqual([{ n: 1 }]);
  });

  it('applies a migration once when two replicas start together', async () => {
    const schema = freshSchema();
    await Promise.all([open(schema), open(schema), open(schema)]);
    expect(upCalls.get(schema)).toBe(1);
  });

  it('honours the pool size', async () => {
    const ds = await open(freshSchema(), { poolSize: 3 });
    const pool = (ds.driver as unknown as { master: { options: { max: number } } }).master;
    expect(pool.options.max).toBe(3);
  });

  it('gives up with a RetriableError after the configured attempts when PostgreSQL is unreachable', async () => {
    const url = new URL(databaseUrl);
    const proxy = new TcpProxy(url.hostname, Number(url.port));
    const port = await proxy.start();
    await proxy.cut(); // the port now refuses connections
    url.port = String(port);
    const logger = recordingLogger();

    const error = await createDataSource({ url: url.toString(), schema: freshSchema(), logger, connectAttempts: 3, retryDelayMs: 20 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetriableError);
    expect((error as Error).message).toMatch(/unreachable after 3 attempts.*ECONNREFUSED/);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.meta?.attempt)).toEqual([1, 2]);
  });

  it('connects once PostgreSQL comes back within the retries', async () => {
    const url = new URL(databaseUrl);
    const proxy = new TcpProxy(url.hostname, Number(url.port));
    url.port = String(await proxy.start());
    await proxy.cut();
    const logger = recordingLogger();
    const starting = createDataSource({ url: url.toString(), schema: freshSchema(), migrations: [CreateWidgets1700000000000], logger, connectAttempts: 50, retryDelayMs: 50 });
    // Bring it back once the first attempt has failed.
    const restoreAfterFirstFailure = (async () => {
      await waitFor(() => logger.lines.some((l) => l.level === 'warn'), { what: 'the first connection attempt to fail' });
      await proxy.restore();
    })();
    const ds = await starting;
    openSources.push(ds);
    await restoreAfterFirstFailure;
    expect(await ds.query('SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 1 }]);
    await ds.destroy();
    await proxy.stop();
  });

  it('fails at once with a PermanentError when the database does not exist or the schema name is bad', async () => {
    const url = new URL(databaseUrl);
    url.pathname = '/no_such_database_for_pulse';
    const logger = recordingLogger();
    const error = await createDataSource({ url: url.toString(), schema: freshSchema(), logger, connectAttempts: 5, retryDelayMs: 1_000 }).catch((e: unknown) => e);
    if (!(error instanceof Error)) openSources.push(error as DataSource);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('no_such_database_for_pulse');
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(0);
    await expect(createDataSource({ url: databaseUrl, schema: 'Bad-Name"; DROP', logger })).rejects.toThrow('not a valid schema name');
  });
});
