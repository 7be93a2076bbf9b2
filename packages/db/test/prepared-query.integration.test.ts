import { infraEnv, uniqueSchema } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, preparedQuery, withTransaction } from '../src';
import { CreateWidgets1700000000000, dropSchemas, recordingLogger } from './support';

const { databaseUrl } = infraEnv();
const schema = uniqueSchema('prepared');
let ds: DataSource;

beforeAll(async () => {
  ds = await createDataSource({ url: databaseUrl, schema, migrations: [CreateWidgets1700000000000], logger: recordingLogger(), poolSize: 2 });
});
afterAll(async () => {
  await ds.destroy();
  await dropSchemas(databaseUrl, [schema]);
});

const INSERT = 'INSERT INTO widgets (name) VALUES ($1) RETURNING name';

describe('preparedQuery', () => {
  it('answers the rows of any command, and runs in the caller\'s transaction when there is one', async () => {
    expect(await preparedQuery(ds.manager, INSERT, ['outside'])).toEqual([{ name: 'outside' }]);
    expect(await preparedQuery(ds.manager, `UPDATE widgets SET name = name || '!' WHERE name = $1 RETURNING name`, ['outside'])).toEqual([{ name: 'outside!' }]);

    await expect(withTransaction(ds, async (manager) => {
      await preparedQuery(manager, INSERT, ['rolled back']);
      throw new RangeError('abort');
    })).rejects.toThrow('abort');
    expect(await ds.query(`SELECT name FROM widgets WHERE name = 'rolled back'`)).toEqual([]);
  });

  it('prepares a statement once per connection and reuses it', async () => {
    const names = await withTransaction(ds, async (manager) => {
      await preparedQuery(manager, INSERT, ['one']);
      await preparedQuery(manager, INSERT, ['two']);
      return (await manager.query(`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO widgets%'`)) as Array<{ name: string; statement: string }>;
    });
    expect(names).toHaveLength(1);
    expect(names[0]).toMatchObject({ name: expect.stringMatching(/^pulse_[0-9a-f]{32}$/), statement: INSERT });
  });
});
