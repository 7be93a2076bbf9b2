import type { Server } from 'node:http';
import request from 'supertest';
import { closeServer, finalize, gracefulShutdown, portOf, type GracefulShutdown } from '../src';
import { kitApp, serve } from './support';

const installed: GracefulShutdown[] = [];
afterEach(() => installed.splice(0).forEach((s) => s.dispose()));

async function started() {
  const kit = kitApp();
  kit.app.get('/slow', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    res.json({ done: true });
  });
  finalize(kit.app);
  return { ...kit, server: await serve(kit.app) };
}

const readyzStatus = async (server: Server) => (await fetch(`http://127.0.0.1:${portOf(server)}/readyz`)).status;

describe('gracefulShutdown', () => {
  it('on SIGTERM turns not-ready, finishes in-flight requests and runs the steps in order', async () => {
    const { server, log } = await started();
    const order: string[] = [];
    let exitCode: number | undefined;
    let readyzDuringShutdown: number | undefined;
    const shutdown = gracefulShutdown({
      server,
      logger: log.logger,
      timeoutMs: 5_000,
      onExit: (code) => (exitCode = code),
      steps: [
        { name: 'consumers', run: async () => { readyzDuringShutdown = await readyzStatus(server); order.push('consumers'); } },
        { name: 'http', run: async () => { await closeServer(server, 2_000); order.push('http'); } },
        { name: 'database', run: () => void order.push('database') },
        { name: 'telemetry', run: () => void order.push('telemetry') },
      ],
    });
    installed.push(shutdown);

    const inFlight = request(`http://127.0.0.1:${portOf(server)}`).get('/slow');
    const inFlightDone = inFlight.then((r) => r);
    await new Promise<void>((resolve) => server.once('request', () => resolve()));
    process.emit('SIGTERM', 'SIGTERM');
    const code = await shutdown.shutdown('SIGTERM'); // the same run the signal started

    expect((await inFlightDone).body).toEqual({ done: true });
    expect(readyzDuringShutdown).toBe(503);
    expect(order).toEqual(['consumers', 'http', 'database', 'telemetry']);
    expect(code).toBe(0);
    expect(exitCode).toBe(0);
    expect(server.listening).toBe(false);
  });

  it('keeps going after a failed step and exits with 1', async () => {
    const { server, log } = await started();
    const order: string[] = [];
    const shutdown = gracefulShutdown({
      server,
      logger: log.logger,
      timeoutMs: 5_000,
      signals: [],
      steps: [
        { name: 'consumers', run: () => { throw new Error('consumer stuck'); } },
        { name: 'http', run: async () => { await closeServer(server); order.push('http'); } },
      ],
    });
    expect(await shutdown.shutdown('test')).toBe(1);
    expect(order).toEqual(['http']);
    expect(log.lines()).toContainEqual(expect.objectContaining({ level: 'error', message: 'shutdown step failed', step: 'consumers' }));
  });

  it('gives up at the deadline when a step hangs', async () => {
    const { server, log } = await started();
    let exitCode: number | undefined;
    const shutdown = gracefulShutdown({
      server,
      logger: log.logger,
      timeoutMs: 300,
      signals: [],
      onExit: (code) => (exitCode = code),
      steps: [{ name: 'hangs', run: () => new Promise<void>(() => undefined) }],
    });
    const begun = Date.now();
    expect(await shutdown.shutdown('test')).toBe(1);
    expect(Date.now() - begun).toBeLessThan(2_000);
    expect(exitCode).toBe(1);
    expect(log.lines()).toContainEqual(expect.objectContaining({ message: 'shutdown deadline passed; remaining steps skipped' }));
    await closeServer(server, 100);
  });
});
