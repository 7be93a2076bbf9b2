// What the analytics ingest benchmark measures besides time: the statements the in-process service
// sends, its CPU from the first fact on, the CPU of its PostgreSQL backends, and an optional profile.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import { processCpu } from './cpu';
import { countPgStatements } from './pg-statements';
import { startWindowProfile } from './window-profile';

export interface IngestWatch {
  /** Statements sent since the first event_facts write. */
  statements(): number;
  /** The same by kind (their first words), for BENCH_ANALYTICS_STATEMENTS=1. */
  statementKinds(): Map<string, number>;
  /** This process's CPU since the first event_facts write (undefined before it). */
  cpuSinceFirstFact(): NodeJS.CpuUsage | undefined;
  /** CPU ms of the PostgreSQL backends whose application_name starts with `applicationName`, since the first event_facts write. */
  postgresCpuMs(bench: Client, applicationName: string): Promise<number | undefined>;
  restore(): void;
}

/**
 * Counts the statements of every pg client in this process but `except` (the bench's own polling
 * client): the analytics service runs here, so that is what it asks PostgreSQL. The window opens at
 * the first statement that writes event_facts (consumers start before startService returns, so its
 * return cannot separate boot from ingest): CPU and statements from there are the ingest's alone.
 */
export function watchIngest(except: Client): IngestWatch {
  let cpuAtFirstFact: NodeJS.CpuUsage | undefined;
  let postgresAtFirstFact: Map<number, number> | undefined;
  const statements = countPgStatements({
    except,
    beforeCount: (sql) => {
      if (cpuAtFirstFact !== undefined || sql === undefined || !/INSERT INTO \S*event_facts/.test(sql)) return;
      cpuAtFirstFact = process.cpuUsage();
      postgresAtFirstFact = postgresCpuMs();
      statements.reset(); // the window opens here: this statement is its first
    },
  });
  return {
    statements: () => (cpuAtFirstFact === undefined ? 0 : statements.count()),
    statementKinds: () => (cpuAtFirstFact === undefined ? new Map() : statements.kinds()),
    cpuSinceFirstFact: () => cpuAtFirstFact && process.cpuUsage(cpuAtFirstFact),
    async postgresCpuMs(bench, applicationName) {
      if (!postgresAtFirstFact) return undefined;
      const { rows } = await bench.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE starts_with(application_name, $1)', [applicationName]);
      const now = postgresCpuMs();
      return rows.reduce((sum, { pid }) => sum + (now.get(pid) ?? 0) - (postgresAtFirstFact!.get(pid) ?? 0), 0);
    },
    restore: () => statements.restore(),
  };
}

/** CPU ms so far of every process called postgres on this machine (the local server runs here), by pid. */
function postgresCpuMs(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processCpu(Number(entry)); // undefined: it ended between readdir and read
    if (stat?.name.startsWith('postgres')) cpu.set(Number(entry), stat.cpuMs);
  }
  return cpu;
}

/** BENCH_ANALYTICS_PROFILE=<dir>: a .cpuprofile of the service's window only (startService to stop). */
export async function startProfile(): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_ANALYTICS_PROFILE;
  const file = dir === undefined ? undefined : path.join(dir, `analytics-ingest-${Date.now()}.cpuprofile`);
  const stop = await startWindowProfile(file);
  return async () => {
    await stop();
    if (file !== undefined) console.error(`notify analytics: cpu profile of the service window in ${file}`);
  };
}
