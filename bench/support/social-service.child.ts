// Child process of the social benchmark: the real social service (startService, as main.ts runs
// it) with the environment the parent passes as JSON, so its peak RSS is its own.
// IPC with the parent:
// -> { type: 'ready', port }
// <- { type: 'rss-reset' } -> { type: 'rss-reset-done' }   (the peak counts from here on)
// <- { type: 'close' }     -> { type: 'closed', peakRssMiB, cpuMs, queries } after a graceful stop, then exits
//    (queries: pg round trips the service made since rss-reset, BEGIN/COMMIT included)
// BENCH_SOCIAL_CPU_PROFILE=<file> writes a V8 CPU profile of the measured part (after rss-reset).
import { startService } from '@pulse/service-runtime';
import { socialService } from '@pulse/social/src/service';
import { cpuMsSince } from './cpu';
import { PeakRss } from './peak-rss';
import { countPgStatements } from './pg-statements';
import { startWindowProfile } from './window-profile';

async function main(): Promise<void> {
  const { name, env } = JSON.parse(process.argv[2] ?? '{}') as { name: string; env: NodeJS.ProcessEnv };
  const service = await startService({ ...socialService, name }, { handleSignals: false, host: '127.0.0.1', env });
  let rss = new PeakRss(100);
  let cpuAt = process.cpuUsage();
  const queries = countPgStatements();
  let stopProfile: () => Promise<void> = async () => undefined;
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'rss-reset') {
      rss.stop();
      rss = new PeakRss(100);
      cpuAt = process.cpuUsage();
      queries.reset();
      void startWindowProfile(process.env.BENCH_SOCIAL_CPU_PROFILE).then((stop) => {
        stopProfile = stop;
        process.send?.({ type: 'rss-reset-done' });
      });
    } else if (message.type === 'close') {
      void stopProfile().then(() => service.stop()).then(() => {
        process.send?.({ type: 'closed', peakRssMiB: rss.stop(), cpuMs: cpuMsSince(cpuAt), queries: queries.count() });
        process.disconnect();
      });
    }
  });
  process.send?.({ type: 'ready', port: service.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  process.disconnect?.();
});
