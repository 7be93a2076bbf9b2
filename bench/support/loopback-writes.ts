// What one socket write costs on this machine, for comparison with the notification service's CPU
// per WebSocket frame in the same run: plain TCP connections on loopback to a reader in another
// process, the same number of connections, frame size and writes per second as the fan-out, no
// WebSocket, Kafka, PostgreSQL or Redis. The difference is what the service does per frame beyond
// the system call (its share of each event's consume, inbox transaction and Redis publish included).
import net from 'node:net';
import path from 'node:path';
import { waitFor } from '@pulse/testing';
import { startChild } from './child-process';
import { cpuMsSince } from './cpu';

export interface LoopbackWriteOptions {
  connections: number;
  /** Connections written per tick (one event's fan-out: a tenant's clients). */
  perTick: number;
  writesPerSecond: number;
  frameBytes: number;
  seconds: number;
}

/** CPU (user + system) of this process per write, in µs. */
export async function loopbackWriteCost(options: LoopbackWriteOptions): Promise<number> {
  const server = net.createServer();
  const accepted: net.Socket[] = [];
  server.on('connection', (socket) => {
    socket.setNoDelay(true); // as ws sets it on every WebSocket
    accepted.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const { child } = await startChild(path.join(__dirname, 'loopback-reader.child.ts'), [JSON.stringify({ port, count: options.connections })]);
  try {
    await waitFor(() => accepted.length === options.connections, { what: 'every loopback connection accepted', timeoutMs: 60_000, intervalMs: 20 });
    const frame = Buffer.alloc(options.frameBytes, 0x61);
    const ticksPerSecond = options.writesPerSecond / options.perTick;
    const ticks = Math.round(ticksPerSecond * options.seconds);
    const groups = Math.max(1, Math.floor(accepted.length / options.perTick));
    const started = Date.now();
    const cpu = process.cpuUsage();
    let writes = 0;
    for (let tick = 0; tick < ticks; tick++) {
      const group = tick % groups;
      for (let i = group * options.perTick; i < (group + 1) * options.perTick && i < accepted.length; i++) {
        accepted[i]!.write(frame);
        writes++;
      }
      // Paced like the events: the next tick at its due time, not as fast as possible.
      const due = started + ((tick + 1) * 1000) / ticksPerSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    return (cpuMsSince(cpu) * 1000) / writes;
  } finally {
    await child.stop();
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
