// Child process of the news benchmark: the real news service (startService, as main.ts runs it)
// with the environment the parent passes as JSON, started with the node flags the parent chose
// (the heap ceiling), so its peak RSS and CPU are its own and not the harness's.
// IPC with the parent:
// -> { type: 'ready', port }
// <- { type: 'mark' }  -> { type: 'mark', rssMiB }     when the cycle starts: CPU is counted from here
// <- { type: 'close' } -> { type: 'closed', peakRssMiB, cpuMs } after a graceful stop, then exits
import { startService } from '@pulse/service-runtime';
import { newsService } from '@pulse/news/src/service';
import { PeakRss } from './peak-rss';
import { cpuMsSince } from './cpu';

async function main(): Promise<void> {
  const { name, env } = JSON.parse(process.argv[2] ?? '{}') as { name: string; env: NodeJS.ProcessEnv };
  const rss = new PeakRss();
  let cpuAt = process.cpuUsage();
  const service = await startService({ ...newsService, name }, { handleSignals: false, host: '127.0.0.1', env });
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'mark') {
      cpuAt = process.cpuUsage();
      process.send?.({ type: 'mark', rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) });
    } else if (message.type === 'close') {
      // CPU up to the request to close (the parent sends it once the last event is sent), not the shutdown.
      const cpu = cpuMsSince(cpuAt);
      void service.stop().then(() => {
        process.send?.({ type: 'closed', peakRssMiB: rss.stop(), cpuMs: cpu });
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
