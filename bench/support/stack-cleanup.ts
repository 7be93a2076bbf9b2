// Drops what a benchmark created: its schemas and topics (unique to the run).
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { infraEnv } from '@pulse/testing';
import type { StackNames } from './stack-env';

export async function dropStackData(names: StackNames): Promise<void> {
  const infra = infraEnv();
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    for (const schema of Object.values(names.schemas)) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await db.end();
  }
  await deleteTopics(infra.kafkaBrokers, (topic) => topic.startsWith(`${names.prefix}.`));
}

/** Deletes the run's own topics (named uniquely) that exist: those listed, or those `pick` picks. */
export async function deleteTopics(brokers: string[], pick: string[] | ((topic: string) => boolean)): Promise<void> {
  const isOurs = Array.isArray(pick) ? (topic: string) => pick.includes(topic) : pick;
  const admin = new Kafka({ brokers, clientId: 'bench-cleanup', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter(isOurs);
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.disconnect();
  }
}
