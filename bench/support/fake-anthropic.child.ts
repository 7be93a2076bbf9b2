// Child process of the llm benchmark: the fake Messages API from @pulse/fakes, run apart so that
// building its replies (it splits every article into sentences to quote them) does not take the
// event loop of the process being measured, as a remote API would not. IPC with the parent:
// -> { type: 'ready', url }
// <- { type: 'reset' }  -> { type: 'reset-done' }
// <- { type: 'stats' }  -> { type: 'stats', spans: [{ at, doneAt, status }], cpuMs } since the reset
// <- { type: 'close' }  closes the server and exits
import { startFakeAnthropic } from '@pulse/fakes';
import { cpuMsSince } from './cpu';

async function main(): Promise<void> {
  const fake = await startFakeAnthropic({ latencyMs: Number(process.argv[2] ?? 200) });
  let cpuAtReset = process.cpuUsage();
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'reset') {
      fake.reset();
      cpuAtReset = process.cpuUsage();
      process.send?.({ type: 'reset-done' });
    } else if (message.type === 'stats') {
      const cpuMs = cpuMsSince(cpuAtReset);
      const spans = fake.messageRequests().map((r) => ({ at: r.at, doneAt: r.doneAt, status: r.status }));
      process.send?.({ type: 'stats', spans, cpuMs });
    } else if (message.type === 'close') {
      void fake.close().then(() => process.disconnect());
    }
  });
  process.send?.({ type: 'ready', url: fake.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  process.disconnect?.();
});
