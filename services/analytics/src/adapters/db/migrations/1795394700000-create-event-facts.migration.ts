import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * `event_facts`: one append-only row per consumed event, partitioned by day (UTC) on the event's
 * own `time`. The primary key (event_id, occurred_at) includes the partition key, as PostgreSQL
 * requires, and makes a redelivered event (same id, same time) a no-op with ON CONFLICT DO NOTHING.
 * A default partition takes whatever falls outside the partitions created ahead, so no event is
 * ever rejected; `ensure_event_fact_partitions` moves such rows into their day when it creates it.
 */
export class CreateEventFacts1795394700000 implements MigrationInterface {
  name = 'CreateEventFacts1795394700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = await migrationSchema(queryRunner);
    const s = `"${schema}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.event_facts (
        event_id      uuid        NOT NULL,
        tenant_id     text        NOT NULL,
        type          text        NOT NULL,
        niche         text        NOT NULL,
        source_id     uuid,
        article_id    uuid,
        post_id       uuid,
        channel_id    text,
        platform      text,
        variant       text,
        experiment_id text,
        model         text,
        cost_usd      numeric(14, 6),
        input_tokens  integer,
        output_tokens integer,
        latency_ms    bigint,
        likes         integer,
        reposts       integer,
        replies       integer,
        impressions   bigint,
        measured_at   timestamptz,
        occurred_at   timestamptz NOT NULL,
        ingested_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_facts_pkey PRIMARY KEY (event_id, occurred_at)
      ) PARTITION BY RANGE (occurred_at)`);
    await queryRunner.query(`CREATE TABLE ${s}.event_facts_default PARTITION OF ${s}.event_facts DEFAULT`);
    // Overview, time series and leaderboards: one tenant, one type, a time range.
    await queryRunner.query(`CREATE INDEX event_facts_tenant_type_time_idx ON ${s}.event_facts (tenant_id, type, occurred_at)`);
    // Moving rows out of the default partition and retention scan it by time alone.
    await queryRunner.query(`CREATE INDEX event_facts_default_time_idx ON ${s}.event_facts_default (occurred_at)`);

    await queryRunner.query(`
      CREATE FUNCTION ${s}.ensure_event_fact_partitions(first_day date, last_day date)
      RETURNS SETOF text LANGUAGE plpgsql AS $fn$
      DECLARE
        schema_name constant text := '${schema}';
        part_day date;
        part text;
        lower_bound timestamptz;
        upper_bound timestamptz;
      BEGIN
        FOR part_day IN SELECT d::date FROM generate_series(first_day, last_day, interval '1 day') AS d LOOP
          part := 'event_facts_p' || to_char(part_day, 'YYYYMMDD');
          CONTINUE WHEN to_regclass(format('%I.%I', schema_name, part)) IS NOT NULL;
          lower_bound := part_day::timestamp AT TIME ZONE 'UTC';
          upper_bound := (part_day + 1)::timestamp AT TIME ZONE 'UTC';
          -- Rows of this day already in the default partition would make the attach fail:
          -- block new ones, move the old ones into the new table, then attach it.
          EXECUTE format('LOCK TABLE %I.event_facts_default IN SHARE ROW EXCLUSIVE MODE', schema_name);
          -- Another replica may have created it while this one waited for the lock.
          CONTINUE WHEN to_regclass(format('%I.%I', schema_name, part)) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I.%I (LIKE %I.event_facts INCLUDING DEFAULTS)', schema_name, part, schema_name);
          EXECUTE format(
            'WITH moved AS (DELETE FROM %I.event_facts_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) '
            'INSERT INTO %I.%I SELECT * FROM moved', schema_name, schema_name, part)
            USING lower_bound, upper_bound;
          EXECUTE format('ALTER TABLE %I.event_facts ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
            schema_name, schema_name, part, lower_bound, upper_bound);
          RETURN NEXT part;
        END LOOP;
      END
      $fn$`);

    await queryRunner.query(`
      CREATE FUNCTION ${s}.drop_event_fact_partitions_before(cutoff_day date)
      RETURNS SETOF text LANGUAGE plpgsql AS $fn$
      DECLARE
        schema_name constant text := '${schema}';
        part text;
      BEGIN
        FOR part IN
          SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = format('%I.event_facts', schema_name)::regclass
            AND c.relname ~ '^event_facts_p[0-9]{8}$'
            AND to_date(substr(c.relname, 14), 'YYYYMMDD') < cutoff_day
          ORDER BY c.relname
        LOOP
          EXECUTE format('DROP TABLE %I.%I', schema_name, part);
          RETURN NEXT part;
        END LOOP;
      END
      $fn$`);

    await queryRunner.query(`SELECT ${s}.ensure_event_fact_partitions((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 7)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`DROP FUNCTION ${s}.drop_event_fact_partitions_before(date)`);
    await queryRunner.query(`DROP FUNCTION ${s}.ensure_event_fact_partitions(date, date)`);
    await queryRunner.query(`DROP TABLE ${s}.event_facts`);
  }
}
