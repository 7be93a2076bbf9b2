import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_ARTICLE_PARTITION, monthPartition, monthStart, partitionsAhead } from '../../domain/month-partitions';

/** Months of existing rows that get a partition of their own; older rows go to the default partition. */
const MONTHS_BACK = 12;
/** Months created ahead here; ArticlePartitions keeps ARTICLE_PARTITIONS_AHEAD_MONTHS ahead from then on. */
const MONTHS_AHEAD = 3;

const COLUMNS = [
  'id', 'seq', 'tenant_id', 'source_id', 'niche', 'url', 'canonical_url', 'guid', 'title', 'lead', 'content', 'language',
  'author', 'keywords', 'published_at', 'first_seen_at', 'score', 'score_breakdown', 'cluster_id', 'simhash', 'deleted_at',
].map((c) => `"${c}"`).join(', ');

/**
 * Turns `articles` into a table partitioned by month on published_at (RANGE), with a DEFAULT
 * partition so no insert ever fails, moving the rows an existing database has.
 *
 * PostgreSQL wants the partition key in every unique constraint of a partitioned table, so the
 * primary key becomes (id, published_at); article identity (one per tenant and canonical URL or
 * GUID, tombstones included) never lived here: dedupe_keys is a plain table unique on
 * (tenant_id, key_hash). Nothing references articles by foreign key. The `seq` sequence is kept
 * (re-owned), so the story index's "seq > last seen" keeps working across the migration.
 *
 * Runs inside the migration transaction (all or nothing) with the table locked, so writers wait.
 */
export class PartitionArticlesByMonth1764400000000 implements MigrationInterface {
  name = 'PartitionArticlesByMonth1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [kind] = await queryRunner.query(`SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass('articles')`) as Array<{ relkind: string }>;
    if (kind?.relkind === 'p') return; // already partitioned
    await queryRunner.query(`LOCK TABLE "articles" IN ACCESS EXCLUSIVE MODE`);
    const [serial] = await queryRunner.query(`SELECT pg_get_serial_sequence('articles', 'seq') AS name`) as Array<{ name: string }>;
    const sequence = serial!.name; // schema-qualified and quoted as needed

    await queryRunner.query(`CREATE TABLE "articles_partitioned" (
      "id" uuid NOT NULL,
      "seq" bigint NOT NULL DEFAULT nextval('${sequence}'),
      "tenant_id" text NOT NULL,
      "source_id" uuid REFERENCES "sources" ("id") ON DELETE SET NULL,
      "niche" text NOT NULL,
      "url" text NOT NULL,
      "canonical_url" text NOT NULL,
      "guid" text,
      "title" text NOT NULL,
      "lead" text NOT NULL,
      "content" text NOT NULL,
      "language" text,
      "author" text,
      "keywords" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "published_at" timestamptz NOT NULL,
      "first_seen_at" timestamptz NOT NULL,
      "score" double precision NOT NULL,
      "score_breakdown" jsonb NOT NULL,
      "cluster_id" uuid NOT NULL REFERENCES "story_clusters" ("id"),
      "simhash" bigint NOT NULL,
      "deleted_at" timestamptz,
      PRIMARY KEY ("id", "published_at")
    ) PARTITION BY RANGE ("published_at")`);

    // A partition per month the existing rows fall in (within MONTHS_BACK), and the months ahead.
    const now = new Date();
    const rows = await queryRunner.query(
      `SELECT DISTINCT date_trunc('month', "published_at", 'UTC') AS month FROM "articles" WHERE "published_at" >= $1`,
      [monthStart(now, -MONTHS_BACK)],
    ) as Array<{ month: Date }>;
    const months = new Map([...rows.map((r) => monthPartition(new Date(r.month))), ...partitionsAhead(now, MONTHS_AHEAD)].map((p) => [p.name, p]));
    for (const partition of [...months.values()].sort((a, b) => a.from.getTime() - b.from.getTime())) {
      await queryRunner.query(`CREATE TABLE "${partition.name}" PARTITION OF "articles_partitioned"
        FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`);
    }
    await queryRunner.query(`CREATE TABLE "${DEFAULT_ARTICLE_PARTITION}" PARTITION OF "articles_partitioned" DEFAULT`);

    await queryRunner.query(`INSERT INTO "articles_partitioned" (${COLUMNS}) SELECT ${COLUMNS} FROM "articles"`);
    await queryRunner.query(`ALTER SEQUENCE ${sequence} OWNED BY NONE`);
    await queryRunner.query(`DROP TABLE "articles"`);
    await queryRunner.query(`ALTER TABLE "articles_partitioned" RENAME TO "articles"`);
    await queryRunner.query(`ALTER INDEX "articles_partitioned_pkey" RENAME TO "articles_pkey"`);
    await queryRunner.query(`ALTER SEQUENCE ${sequence} OWNED BY "articles"."seq"`);

    // The API's queries (tenant + niche + newest; ranked), the story index (seq, first seen) and
    // source deletion; created on the parent, so every partition (also future ones) gets them.
    await queryRunner.query(`CREATE INDEX "articles_tenant_score_idx" ON "articles" ("tenant_id", "score" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_niche_published_idx" ON "articles" ("tenant_id", "niche", "published_at" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_published_idx" ON "articles" ("tenant_id", "published_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "articles_source_idx" ON "articles" ("source_id")`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_seq_idx" ON "articles" ("tenant_id", "seq")`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_first_seen_idx" ON "articles" ("tenant_id", "first_seen_at")`);
  }

  /** Back to one plain table (rows kept). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE "articles" IN ACCESS EXCLUSIVE MODE`);
    const [serial] = await queryRunner.query(`SELECT pg_get_serial_sequence('articles', 'seq') AS name`) as Array<{ name: string }>;
    const sequence = serial!.name;
    await queryRunner.query(`CREATE TABLE "articles_plain" (LIKE "articles" INCLUDING DEFAULTS)`);
    await queryRunner.query(`INSERT INTO "articles_plain" (${COLUMNS}) SELECT ${COLUMNS} FROM "articles"`);
    await queryRunner.query(`ALTER SEQUENCE ${sequence} OWNED BY NONE`);
    await queryRunner.query(`DROP TABLE "articles"`); // its partitions go with it
    await queryRunner.query(`ALTER TABLE "articles_plain" RENAME TO "articles"`);
    await queryRunner.query(`ALTER SEQUENCE ${sequence} OWNED BY "articles"."seq"`);
    await queryRunner.query(`ALTER TABLE "articles" ADD PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "articles" ADD FOREIGN KEY ("source_id") REFERENCES "sources" ("id") ON DELETE SET NULL`);
    await queryRunner.query(`ALTER TABLE "articles" ADD FOREIGN KEY ("cluster_id") REFERENCES "story_clusters" ("id")`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_score_idx" ON "articles" ("tenant_id", "score" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_niche_published_idx" ON "articles" ("tenant_id", "niche", "published_at" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_published_idx" ON "articles" ("tenant_id", "published_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "articles_source_idx" ON "articles" ("source_id")`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_seq_idx" ON "articles" ("tenant_id", "seq")`);
    await queryRunner.query(`CREATE INDEX "articles_tenant_first_seen_idx" ON "articles" ("tenant_id", "first_seen_at")`);
  }
}
