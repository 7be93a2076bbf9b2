// Child process of the social benchmark: the fake Mastodon from @pulse/fakes, run apart so that
// its request handling does not share the measured service's event loop or count in its RSS.
// IPC with the parent:
// -> { type: 'ready', url, token }
// <- { type: 'stats' }  -> { type: 'stats', statuses, statusPosts, cpuMs }
// <- { type: 'close' }  closes the server and exits
import { startFakeMastodon } from '@pulse/fakes';
import { cpuMsSince } from './cpu';

async function main(): Promise<void> {
  const fake = await startFakeMastodon({ token: process.argv[2] ?? 'bench-mastodon-token' });
  const cpuAtStart = process.cpuUsage();
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') {
      const statusPosts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').length;
      process.send?.({ type: 'stats', statuses: fake.statuses.length, statusPosts, cpuMs: cpuMsSince(cpuAtStart) });
    } else if (message.type === 'close') {
      void fake.close().then(() => process.disconnect());
    }
  });
  process.send?.({ type: 'ready', url: fake.url, token: fake.token });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  process.disconnect?.();
});
