// What the analytics ingest benchmark measures besides time: the statements the in-process service
// sends, its CPU from the first fact on, the CPU of its PostgreSQL backends, and an optional profile.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { Client } from 'pg';

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
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let statements = 0;
  const kinds = new Map<string, number>();
  let cpuAtFirstFact: NodeJS.CpuUsage | undefined;
  let postgresAtFirstFact: Map<number, number> | undefined;
  proto.query = function (this: Client, ...args: unknown[]) {
    if (this !== except) {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (cpuAtFirstFact === undefined && sql !== undefined && /INSERT INTO \S*event_facts/.test(sql)) {
        cpuAtFirstFact = process.cpuUsage();
        postgresAtFirstFact = postgresCpuTicks();
      }
      if (cpuAtFirstFact !== undefined) {
        statements++;
        const kind = (sql ?? '?').replace(/\s+/g, ' ').replace(/"[^"]*"\./g, '').slice(0, 70);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    return original.apply(this, args);
  };
  return {
    statements: () => statements,
    statementKinds: () => kinds,
    cpuSinceFirstFact: () => cpuAtFirstFact && process.cpuUsage(cpuAtFirstFact),
    async postgresCpuMs(bench, applicationName) {
      if (!postgresAtFirstFact) return undefined;
      const { rows } = await bench.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE starts_with(application_name, $1)', [applicationName]);
      const now = postgresCpuTicks();
      const ticks = rows.reduce((sum, { pid }) => sum + (now.get(pid) ?? 0) - (postgresAtFirstFact!.get(pid) ?? 0), 0);
      return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    },
    restore: () => { proto.query = original; },
  };
}

// Linux USER_HZ; /proc/<pid>/stat counts CPU in these.
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of every process called postgres on this machine (the local server runs here). */
function postgresCpuTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(0, close).includes('(postgres')) continue;
      const fields = stat.slice(close + 2).split(' '); // fields from the 3rd (state) on
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12])); // utime, stime: fields 14, 15
    } catch {
      // the process ended between readdir and read
    }
  }
  return ticks;
}

/** BENCH_ANALYTICS_PROFILE=<dir>: a .cpuprofile of the service's window only (startService to stop). */
export async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const dir = process.env.BENCH_ANALYTICS_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(dir, `analytics-ingest-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.error(`notify analytics: cpu profile of the service window in ${file}`);
  };
}
