import { Client } from 'pg';
import { isRetriable } from '@pulse/errors';
import { infraEnv, uniqueSchema, waitFor } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src';
import { dropSchemas, recordingLogger } from './support';

// What PostgreSQL stopping (pg_ctl -m fast) does to a service, on one connection: the server
// terminates the backend (FATAL 57P01) while a transaction holds it. The fault suite saw this
// dead-letter events as "permanent" (TypeORM's follow-up QueryRunnerAlreadyReleasedError) and
// crash a process (an 'error' event on a client nobody listened to any more).
const { databaseUrl } = infraEnv();
const schema = uniqueSchema('conn_loss');
const logger = recordingLogger();
let ds: DataSource;

beforeAll(async () => {
  ds = await createDataSource({ url: databaseUrl, schema, logger, poolSize: 2 });
});
afterAll(async () => {
  await ds.destroy();
  await dropSchemas(databaseUrl, [schema]);
});

async function terminateBackend(pid: number): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('a connection the server terminates', () => {
  it('fails the transaction with a retriable error, logs it, and the pool goes on with a fresh connection', async () => {
    const failure = await ds.transaction(async (manager) => {
      const [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
      await terminateBackend(pid);
      // The FATAL reaches the client while no query is in flight: an 'error' event, as when
      // PostgreSQL shuts down under an idle-in-transaction session.
      await waitFor(() => logger.lines.some((l) => l.message === 'PostgreSQL connection lost'));
      await manager.query('SELECT 1');
    }).then(() => undefined, (error: unknown) => error);

    expect(failure).toBeDefined();
    expect(isRetriable(failure)).toBe(true);
    const [{ ok }] = await ds.query('SELECT 1 AS ok');
    expect(ok).toBe(1);
  });

  it('does not take the process down when a pooled connection dies after it was released', async () => {
    const [{ pid }] = await ds.query('SELECT pg_backend_pid() AS pid');
    const before = logger.lines.filter((l) => l.message === 'PostgreSQL connection lost').length;
    await terminateBackend(pid);
    await waitFor(() => logger.lines.filter((l) => l.message === 'PostgreSQL connection lost').length > before);
    const [{ ok }] = await ds.query('SELECT 1 AS ok');
    expect(ok).toBe(1);
  });
});
