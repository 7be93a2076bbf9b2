import { infraEnv, uniqueSchema } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, withTransaction } from '../src';
import { CreateWidgets1700000000000, dropSchemas, recordingLogger } from './support';

const { databaseUrl } = infraEnv();
const schema = uniqueSchema('tx_test');
let ds: DataSource;

beforeAll(async () => {
  ds = await createDataSource({ url: databaseUrl, schema, migrations: [CreateWidgets1700000000000], logger: recordingLogger() });
});
afterAll(async () => {
  await ds.destroy();
  await dropSchemas(databaseUrl, [schema]);
});

const count = async () => (await ds.query('SELECT count(*)::int AS n FROM widgets'))[0].n as number;

describe('withTransaction', () => {
  it('commits what the function wrote when it resolves', async () => {
    const before = await count();
    const id = await withTransaction(ds, async (manager) => {
      const [row] = await manager.query(`INSERT INTO widgets (name) VALUES ('kept') RETURNING id`);
      return row.id as number;
    });
    expect(id).toEqual(expect.any(Number));
    expect(await count()).toBe(before + 1);
  });

  it('leaves nothing behind when the function throws', async () => {
    const before = await count();
    await expect(
      withTransaction(ds, async (manager) => {
        await manager.query(`INSERT INTO widgets (name) VALUES ('half-written')`);
        throw new Error('domain rule broken');
      }),
    ).rejects.toThrow('domain rule broken');
    expect(await count()).toBe(before);
  });

  it('runs the whole function again after a serialization failure', async () => {
    // Two SERIALIZABLE transactions read the same count and each insert based on it: PostgreSQL
    // must abort one of them (40001); the retry then sees the other's row.
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    let reads = 0;
    let calls = 0;
    const writer = (name: string) =>
      withTransaction(
        ds,
        async (manager) => {
          calls++;
          const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM widgets');
          if (++reads === 2) bothRead();
          await barrier;
          await manager.query('INSERT INTO widgets (name) VALUES ($1)', [`${name}-${n}`]);
        },
        { isolationLevel: 'SERIALIZABLE', attempts: 3 },
      );
    const before = await count();
    await Promise.all([writer('a'), writer('b')]);
    expect(calls).toBe(3);
    expect(await count()).toBe(before + 2);
  });
});
