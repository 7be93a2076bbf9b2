// Child process of the loopback write probe: opens `count` TCP connections to `port` on 127.0.0.1
// and reads (and drops) whatever arrives, like the WebSocket clients of the notify benchmark would.
// IPC: -> { type: 'ready' } once every connection is open; <- { type: 'close' } ends it.
import net from 'node:net';

async function main(): Promise<void> {
  const { port, count } = JSON.parse(process.argv[2] ?? '{}') as { port: number; count: number };
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i++) {
    sockets.push(await new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
      socket.on('data', () => undefined);
    }));
  }
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'close') return;
    for (const socket of sockets) socket.destroy();
    process.disconnect();
  });
  process.send?.({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  process.disconnect?.();
});
