// Child process of the notify benchmark: the real notification service (startService, as main.ts
// runs it) with the environment the parent passes as JSON, so its peak RSS and CPU are its own and
// the 2,000 WebSocket clients of the parent are not counted.
// IPC with the parent:
// -> { type: 'ready', port }
// <- { type: 'stats' } -> { type: 'stats', peakRssMiB, rssMiB, cpuMs } (cpuMs: user + system since boot)
// <- { type: 'close' } -> { type: 'closed', peakRssMiB, cpuMs } after a graceful stop, then exits
import { startService } from '@pulse/service-runtime';
import { notificationService } from '@pulse/notification/src/service';
import { PeakRss } from './peak-rss';
import { cpuMsSince } from './cpu';

async function main(): Promise<void> {
  const { name, env } = JSON.parse(process.argv[2] ?? '{}') as { name: string; env: NodeJS.ProcessEnv };
  const rss = new PeakRss(50);
  const cpuAt = process.cpuUsage();
  const service = await startService({ ...notificationService, name }, { handleSignals: false, host: '127.0.0.1', env });
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') {
      process.send?.({ type: 'stats', peakRssMiB: rss.mib(), rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20), cpuMs: cpuMsSince(cpuAt) });
    } else if (message.type === 'close') {
      void service.stop().then(() => {
        process.send?.({ type: 'closed', peakRssMiB: rss.stop(), cpuMs: cpuMsSince(cpuAt) });
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
