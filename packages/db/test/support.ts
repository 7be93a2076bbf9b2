import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { LogSink } from '../src';

/** A logger that keeps its lines, to assert on warnings. */
export function recordingLogger(): LogSink & { lines: { level: string; message: string; meta?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => lines.push({ level, message, ...(meta ? { meta } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** How often each test migration's `up` ran, across DataSources in this process. */
export const upCalls = new Map<string, number>();

export class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    upCalls.set(schema, (upCalls.get(schema) ?? 0) + 1);
    // Unqualified on purpose: search_path must put it in the service's schema.
    await runner.query('CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL)');
    await runner.query(`INSERT INTO widgets (name) VALUES ('first')`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
  }
}

export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
