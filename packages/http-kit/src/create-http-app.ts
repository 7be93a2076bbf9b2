import express, { type Application } from 'express';
import helmet from 'helmet';
import type { Logger, Metrics } from '@pulse/observability';
import { jsonBody } from './body-parser';
import { httpTelemetry } from './http-telemetry.middleware';
import { attachKitState, kitStateOf, type KitState } from './kit-state';
import { readyzHandler, type ReadinessCheck } from './readiness';
import { requestContext } from './request-context';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  /** Largest JSON body accepted (bytes or '1mb'); bigger ones get a 413 problem. */
  bodyLimit?: string | number;
  /** Per-check bound for /readyz (a hung dependency must not hang the probe). */
  readinessTimeoutMs?: number;
  /** Serve /metrics (METRICS_ENABLED). */
  exposeMetrics?: boolean;
  /** Express `trust proxy`: which hops may set X-Forwarded-For (the gateway). */
  trustProxy?: boolean | number | string;
  /** Prefix of problem `type` URIs; the error code is appended. */
  problemTypeBase?: string;
}

/**
 * An express 5 app with the kit's plumbing: request ids, security headers, tracing, metrics,
 * JSON bodies, /healthz, /readyz and /metrics. Mount routes on it, then call `finalize(app)`.
 */
export function createHttpApp({
  service,
  logger,
  metrics,
  readiness,
  bodyLimit = '1mb',
  readinessTimeoutMs = 2_000,
  exposeMetrics = true,
  trustProxy = 'loopback, linklocal, uniquelocal',
  problemTypeBase = 'urn:pulse:problem:',
}: HttpAppOptions): Application {
  const app = express();
  const state: KitState = { service, logger, metrics, checks: [...readiness], readinessTimeoutMs, accepting: true, problemTypeBase };
  attachKitState(app, state);
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);

  app.use(requestContext);
  app.use(helmet());
  // Probes and scrapes come before tracing and metrics: they would drown the real traffic.
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'alive', service });
  });
  app.get('/readyz', readyzHandler(state));
  if (exposeMetrics) {
    app.get('/metrics', async (_req, res) => {
      res.setHeader('Content-Type', metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    });
  }
  app.use(httpTelemetry({ logger, metrics }));
  app.use(jsonBody(bodyLimit));
  return app;
}

/** Adds a readiness check after creation (e.g. the Kafka consumer's, once it exists). */
export function addReadinessCheck(app: Application, check: ReadinessCheck): void {
  requireState(app).checks.push(check);
}

/** Marks the app (not) accepting traffic: false makes /readyz answer 503 whatever the checks say. */
export function setAccepting(app: Application, accepting: boolean): void {
  requireState(app).accepting = accepting;
}

function requireState(app: Application): KitState {
  const state = kitStateOf(app);
  if (!state) throw new TypeError('This express app was not made by createHttpApp');
  return state;
}
