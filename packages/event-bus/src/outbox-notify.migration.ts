import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxChannel, schemaOf } from './outbox/outbox-channel';

/**
 * A statement-level AFTER INSERT trigger on `event_outbox` that NOTIFYs the schema's outbox channel
 * (outboxChannel). PostgreSQL delivers a NOTIFY only when the inserting transaction commits (and
 * folds identical ones of one transaction into one), so a listening OutboxRelay wakes exactly when
 * there is a committed row to publish, instead of finding it on its next poll.
 */
export class NotifyOutboxInserts1795400000000 implements MigrationInterface {
  name = 'NotifyOutboxInserts1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection.options);
    const s = quoted(schema);
    // The channel is fixed at migration time: a literal, nothing computed per insert.
    const channel = outboxChannel(schema).replace(/'/g, "''");
    await queryRunner.query(`CREATE OR REPLACE FUNCTION ${s}."event_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${channel}', '');
        RETURN NULL;
      END
    $$`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "event_outbox_notify" ON ${s}."event_outbox"`);
    await queryRunner.query(`CREATE TRIGGER "event_outbox_notify" AFTER INSERT ON ${s}."event_outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}."event_outbox_notify"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = quoted(schemaOf(queryRunner.connection.options));
    await queryRunner.query(`DROP TRIGGER IF EXISTS "event_outbox_notify" ON ${s}."event_outbox"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${s}."event_outbox_notify"()`);
  }
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
