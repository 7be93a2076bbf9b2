import { z } from 'zod';

/** "true/false", "1/0", "yes/no", "on/off" -> boolean ("false" really is false). */
export const envBoolean = () => z.stringbool();

/** An integer from a string, e.g. `envInt().min(1).default(10)`. */
export const envInt = () => z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number');

/** A TCP port number; 0 lets the OS pick a free one (tests, several local instances). */
export const envPort = () =>
  z.coerce.number({ error: 'must be a port number (0-65535)' }).int().min(0, 'must be a port number (0-65535)').max(65_535, 'must be a port number (0-65535)');

/** A comma-separated list with surrounding spaces and empty items removed; at least one item. */
export const envList = () =>
  z
    .string()
    .transform((raw) => raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0))
    .pipe(z.array(z.string()).min(1, 'needs at least one item'));

/** A URL whose scheme matches `protocol` (without the colon), e.g. /^postgres(ql)?$/. */
export const envUrl = (protocol?: RegExp) => (protocol ? z.url({ protocol }) : z.url());

/**
 * A PEM block (public or private key). Literal "\n" sequences become newlines, because many
 * secret stores and `.env` files cannot hold multi-line values.
 */
export const envPem = (kind: 'PUBLIC KEY' | 'PRIVATE KEY') =>
  z
    .string()
    .transform((raw) => raw.replace(/\\n/g, '\n').trim())
    .refine((pem) => pem.startsWith(`-----BEGIN ${kind}-----`) && pem.endsWith(`-----END ${kind}-----`), {
      message: `must be a PEM ${kind} block (-----BEGIN ${kind}----- ...)`,
    });

export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

export interface CommonEnvOptions {
  /** Default SERVICE_NAME. */
  service: string;
  /** Default PORT for this service. */
  port: number;
}

/**
 * The variables every Pulse service reads. Extend it with the service's own with
 * `commonEnv(...).safeExtend({...})` (it carries a cross-field check, so zod refuses plain `.extend`).
 */
export function commonEnv({ service, port }: CommonEnvOptions) {
  return z
    .object({
      SERVICE_NAME: z.string().min(1).default(service),
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
      PORT: envPort().default(port),
      KAFKA_BROKERS: envList(),
      /** Consumer group session: a member that stopped heartbeating (crash, kill -9) keeps its partitions this long. */
      KAFKA_SESSION_TIMEOUT_MS: envInt().min(6_000).max(300_000).default(30_000),
      /** Group heartbeat; keep it at most a third of the session. */
      KAFKA_HEARTBEAT_INTERVAL_MS: envInt().min(100).max(60_000).default(3_000),
      DATABASE_URL: envUrl(/^postgres(ql)?$/),
      DATABASE_POOL_SIZE: envInt().min(1).max(100).default(10),
      REDIS_URL: envUrl(/^rediss?$/),
      JWT_PUBLIC_KEY: envPem('PUBLIC KEY').optional(),
      JWT_JWKS_URL: envUrl(/^https?$/).optional(),
      JWT_ISSUER: z.string().min(1).default('pulse'),
      JWT_AUDIENCE: z.string().min(1).default('pulse-api'),
      OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(/^https?$/).optional(),
      METRICS_ENABLED: envBoolean().default(true),
      SHUTDOWN_TIMEOUT_MS: envInt().min(1_000).default(20_000),
    })
    // `when` makes the check run even when other variables already failed, so one error lists all.
    .refine((env) => Boolean(env?.JWT_PUBLIC_KEY || env?.JWT_JWKS_URL), {
      path: ['JWT_PUBLIC_KEY'],
      message: 'is required (or set JWT_JWKS_URL)',
      when: (payload) => {
        const value = payload.value as Record<string, unknown> | undefined;
        return !payload.issues.some((issue) => issue.path?.[0] === 'JWT_PUBLIC_KEY' || issue.path?.[0] === 'JWT_JWKS_URL') && typeof value === 'object';
      },
    });
}

export type CommonEnv = z.output<ReturnType<typeof commonEnv>>;
