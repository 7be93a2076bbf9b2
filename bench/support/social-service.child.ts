// Child process of the social benchmark: the real social service (startService, as main.ts runs
// it) with the environment the parent passes as JSON, so its peak RSS is its own.
// IPC with the parent:
// -> { type: 'ready', port }
// <- { type: 'rss-reset' } -> { type: 'rss-reset-done' }   (the peak counts from here on)
// <- { type: 'close' }     -> { type: 'closed', peakRssMiB, cpuMs, queries } after a graceful stop, then exits
//    (queries: pg round trips the service made since rss-reset, BEGIN/COMMIT included)
// BENCH_SOCIAL_CPU_PROFILE=<file> writes a V8 CPU profile of the measured part (after rss-reset).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Client } from 'pg';
import { startService } from '@pulse/service-runtime';
import { socialService } from '@pulse/social/src/service';
import { PeakRss } from './peak-rss';

async function main(): Promise<void> {
  const { name, env } = JSON.parse(process.argv[2] ?? '{}') as { name: string; env: NodeJS.ProcessEnv };
  const service = await startService({ ...socialService, name }, { handleSignals: false, host: '127.0.0.1', env });
  let rss = new PeakRss(100);
  let cpuAt = process.cpuUsage();
  // Every statement of TypeORM's pool goes through pg's Client#query (same pg module instance).
  let queries = 0;
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
    queries += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  const profileFile = process.env.BENCH_SOCIAL_CPU_PROFILE;
  const inspector = profileFile === undefined ? undefined : new Session();
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'rss-reset') {
      rss.stop();
      rss = new PeakRss(100);
      cpuAt = process.cpuUsage();
      queries = 0;
      void startProfile(inspector).then(() => process.send?.({ type: 'rss-reset-done' }));
    } else if (message.type === 'close') {
      void stopProfile(inspector, profileFile).then(() => service.stop()).then(() => {
        const cpu = process.cpuUsage(cpuAt);
        process.send?.({ type: 'closed', peakRssMiB: rss.stop(), cpuMs: (cpu.user + cpu.system) / 1000, queries });
        process.disconnect();
      });
    }
  });
  process.send?.({ type: 'ready', port: service.port });
}

async function startProfile(session: Session | undefined): Promise<void> {
  if (session === undefined) return;
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

async function stopProfile(session: Session | undefined, file: string | undefined): Promise<void> {
  if (session === undefined || file === undefined) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  process.disconnect?.();
});
