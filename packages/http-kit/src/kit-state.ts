import type { Application } from 'express';
import type { Logger, Metrics } from '@pulse/observability';
import type { ReadinessCheck } from './readiness';

/** What the kit keeps per app: shared by the middlewares, /readyz and graceful shutdown. */
export interface KitState {
  service: string;
  logger: Logger;
  metrics: Metrics;
  checks: ReadinessCheck[];
  readinessTimeoutMs: number;
  /** False once shutdown began: /readyz answers 503 so the load balancer drains this pod. */
  accepting: boolean;
  problemTypeBase: string;
}

const states = new WeakMap<Application, KitState>();

export function attachKitState(app: Application, state: KitState): void {
  states.set(app, state);
}

export function kitStateOf(app: Application): KitState | undefined {
  return states.get(app);
}
