import type { Server } from 'node:http';
import type { Logger } from '@pulse/observability';
import { setAccepting } from './create-http-app';
import { appOf } from './server';

/** One thing to stop on shutdown, e.g. `{ name: 'kafka consumers', run: () => consumer.stop() }`. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

export interface GracefulShutdownOptions {
  /** The server from `listen`: its app's /readyz turns 503 as soon as shutdown begins. */
  server: Server;
  logger: Logger;
  /** Run in order: stop consumers, close the server (`closeServer`), close db/redis, flush telemetry. */
  steps: ShutdownStep[];
  /** Deadline for all steps; keep it below Kubernetes' terminationGracePeriodSeconds. */
  timeoutMs: number;
  /**
   * Wait after turning not-ready before the first step, so the load balancer stops routing here
   * before the server stops accepting (in Kubernetes: a few seconds). Default 0.
   */
  drainDelayMs?: number;
  signals?: NodeJS.Signals[];
  /** Called once with 0 (clean) or 1 (a step failed or the deadline passed); main.ts exits with it. */
  onExit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** Runs the shutdown now (the signal handlers call this); later calls get the same promise. */
  shutdown(reason: string): Promise<number>;
  /** Removes the signal handlers (tests). */
  dispose(): void;
}

/** Installs SIGTERM/SIGINT handlers that drain and stop the service within a deadline. */
export function gracefulShutdown({
  server,
  logger,
  steps,
  timeoutMs,
  drainDelayMs = 0,
  signals = ['SIGTERM', 'SIGINT'],
  onExit,
}: GracefulShutdownOptions): GracefulShutdown {
  let running: Promise<number> | undefined;

  const shutdown = (reason: string): Promise<number> => {
    if (running) return running;
    running = (async () => {
      logger.info('shutting down', { reason, timeoutMs });
      const app = appOf(server);
      if (app) setAccepting(app, false);
      const code = await withDeadline(runSteps(), timeoutMs, () => logger.error('shutdown deadline passed; remaining steps skipped', { timeoutMs }));
      logger.info('shutdown finished', { code });
      onExit?.(code);
      return code;
    })();
    return running;
  };

  const runSteps = async (): Promise<number> => {
    if (drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
    let code = 0;
    for (const step of steps) {
      const started = Date.now();
      try {
        await step.run();
        logger.info('shutdown step done', { step: step.name, durationMs: Date.now() - started });
      } catch (error) {
        // Keep going: a failed consumer stop must not keep the database pool open.
        code = 1;
        logger.error('shutdown step failed', { step: step.name, error });
      }
    }
    return code;
  };

  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  for (const signal of signals) process.on(signal, onSignal);
  return {
    shutdown,
    dispose: () => {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}

async function withDeadline(work: Promise<number>, ms: number, onTimeout: () => void): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve(1);
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
