import { infraEnv, uniqueSchema } from '@pulse/testing';
import { EntitySchema, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createDataSource, insertRows } from '../src';
import { dropSchemas, recordingLogger } from './support';

interface Gadget {
  id: string;
  ownerId: string;
  tags: string[];
  spec: { size: number; label: string };
  madeAt: Date;
  note: string | null;
  createdAt?: Date;
}

const GadgetEntity = new EntitySchema<Gadget>({
  name: 'Gadget',
  tableName: 'gadgets',
  columns: {
    id: { type: 'uuid', primary: true },
    ownerId: { name: 'owner_id', type: 'text' },
    tags: { type: 'text', array: true },
    spec: { type: 'jsonb' },
    madeAt: { name: 'made_at', type: 'timestamptz' },
    note: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

class CreateGadgets1700000000001 implements MigrationInterface {
  name = 'CreateGadgets1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE gadgets (
      id uuid PRIMARY KEY, owner_id text NOT NULL, tags text[] NOT NULL, spec jsonb NOT NULL, made_at timestamptz NOT NULL,
      note text, created_at timestamptz NOT NULL DEFAULT now(), seq bigserial)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gadgets');
  }
}

const { databaseUrl } = infraEnv();
const schema = uniqueSchema('json_rows');
let ds: DataSource;

beforeAll(async () => {
  ds = await createDataSource({ url: databaseUrl, schema, entities: [GadgetEntity], migrations: [CreateGadgets1700000000001], logger: recordingLogger() });
});
afterAll(async () => {
  await ds.destroy();
  await dropSchemas(databaseUrl, [schema]);
});

describe('insertRows', () => {
  it('inserts entity rows in one statement, in order, with the columns typed by the table and defaults where a row gives nothing', async () => {
    const rows: Gadget[] = [
      { id: '00000000-0000-4000-8000-000000000001', ownerId: 'acme', tags: ['a', 'b "quoted"'], spec: { size: 3, label: 'ünïcødé ✓' }, madeAt: new Date('2026-11-23T10:00:00.000Z'), note: null },
      { id: '00000000-0000-4000-8000-000000000002', ownerId: 'acme', tags: [], spec: { size: 1, label: "it's" }, madeAt: new Date('2026-11-23T11:00:00.000Z'), note: 'second' },
    ];
    const inserted = await insertRows<{ id: string }>(ds.manager, GadgetEntity, rows, { returning: ['id'] });
    expect(inserted.map((r) => r.id)).toEqual(rows.map((r) => r.id));

    const stored = await ds.getRepository(GadgetEntity).find({ order: { madeAt: 'ASC' } });
    expect(stored.map(({ createdAt, ...rest }) => rest)).toEqual(rows);
    expect(stored.every((g) => g.createdAt instanceof Date)).toBe(true);
    const order = (await ds.query('SELECT id FROM gadgets ORDER BY seq')) as Array<{ id: string }>;
    expect(order.map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('skips rows that hit a unique constraint with onConflictDoNothing and answers only those inserted', async () => {
    const fresh = { id: '00000000-0000-4000-8000-000000000003', ownerId: 'acme', tags: ['c'], spec: { size: 2, label: 'x' }, madeAt: new Date(), note: null };
    const again = { ...fresh, id: '00000000-0000-4000-8000-000000000001', note: 'changed' };
    const inserted = await insertRows<{ id: string }>(ds.manager, GadgetEntity, [again, fresh], { onConflictDoNothing: true, returning: ['id'] });
    expect(inserted).toEqual([{ id: fresh.id }]);
    const first = await ds.getRepository(GadgetEntity).findOneByOrFail({ id: again.id });
    expect(first.note).toBeNull();
    await expect(insertRows(ds.manager, GadgetEntity, [again])).rejects.toThrow(/duplicate key/);
    expect(await insertRows(ds.manager, GadgetEntity, [])).toEqual([]);
  });
});
