import type { Server } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Application } from 'express';
import { createLogger, createMetrics, type Logger, type Metrics } from '@pulse/observability';
import { closeServer, createHttpApp, listen, type HttpAppOptions } from '../src';

export interface CapturedLogger {
  logger: Logger;
  lines: () => Record<string, unknown>[];
}

/** A debug-level JSON logger whose lines the test can read back. */
export function capturedLogger(service = 'test'): CapturedLogger {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    logger: createLogger({ service, level: 'debug', stream }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function kitApp(overrides: Partial<HttpAppOptions> = {}): { app: Application; log: CapturedLogger; metrics: Metrics } {
  const log = capturedLogger();
  const metrics = createMetrics({ service: 'test', defaultMetrics: false });
  const app = createHttpApp({ service: 'test', logger: log.logger, metrics, readiness: [], ...overrides });
  return { app, log, metrics };
}

/** Listens on 127.0.0.1 with a random port; supertest then talks to that server. */
export async function serve(app: Application): Promise<Server> {
  const server = await listen(app, 0, '127.0.0.1');
  servers.push(server);
  return server;
}

const servers: Server[] = [];
export async function closeAll(): Promise<void> {
  await Promise.all(servers.splice(0).map((server) => closeServer(server, 100)));
}
