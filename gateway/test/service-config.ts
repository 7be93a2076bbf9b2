/**
 * What each service's config.ts reads, for the deployment tests: a deployment (compose or Helm) is
 * right when the environment it gives a service — with real secrets made by
 * gateway/tools/make-secrets.sh — loads through that service's own schema and `loadConfig` (the
 * `_FILE` convention included), sets nothing the service does not read, and provides every secret
 * the service needs in production, including those its schema leaves optional.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { loadConfig } from '@pulse/config';
import { configSchema as analytics } from '../../services/analytics/src/config';
import { configSchema as llm } from '../../services/llm/src/config';
import { configSchema as news } from '../../services/news/src/config';
import { configSchema as notification } from '../../services/notification/src/config';
import { configSchema as social } from '../../services/social/src/config';
import { REPO_ROOT } from './deploy-tools';

export const SERVICES = ['news', 'llm', 'social', 'analytics', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];

const SCHEMAS: Record<ServiceName, z.ZodObject> = { news, llm, social, analytics, notification };

/**
 * Secrets a service must be given in production. Beyond what the schemas require: news signs the
 * token endpoint's JWTs (without JWT_PRIVATE_KEY it answers 503).
 */
export const REQUIRED_SECRETS: Record<ServiceName, string[]> = {
  news: ['DATABASE_URL', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY'],
  llm: ['DATABASE_URL', 'JWT_PUBLIC_KEY'],
  social: ['DATABASE_URL', 'JWT_PUBLIC_KEY', 'CREDENTIALS_ENCRYPTION_KEYS'],
  analytics: ['DATABASE_URL', 'JWT_PUBLIC_KEY'],
  notification: ['DATABASE_URL', 'JWT_PUBLIC_KEY', 'WEBHOOK_SECRET_KEY'],
};

/** Secrets a deployment may leave out (the feature is then off): wired, but optional. */
export const OPTIONAL_SECRETS: Partial<Record<ServiceName, string[]>> = {
  news: ['SOURCE_CREDENTIALS_KEY'],
  llm: ['ANTHROPIC_API_KEY'],
};

/** The image's own environment (the Dockerfile's ENV), beneath what a deployment sets. */
export const IMAGE_ENV = { NODE_ENV: 'production', PORT: '8080' };

/** The real secret files, as an operator makes them (gateway/DEPLOY.md), in a fresh directory. */
export function makeSecrets(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pulse-secrets-')), 'secrets');
  execFileSync('bash', [path.join(REPO_ROOT, 'gateway', 'tools', 'make-secrets.sh'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  return dir;
}

/** Removes what makeSecrets made (private keys do not linger in /tmp). */
export function removeSecrets(dir: string | undefined): void {
  if (dir) rmSync(path.dirname(dir), { recursive: true, force: true });
}

/**
 * Why `env` (what the deployment sets, secrets as readable `_FILE`s or values) does not configure
 * `service` fully; empty when it does.
 */
/** Read by Node itself, not by config.ts (the chart sets the heap ceiling from the memory limit). */
const NODE_RUNTIME_VARIABLES = new Set(['NODE_OPTIONS']);

export function configProblems(service: ServiceName, env: Record<string, string>): string[] {
  const schema = SCHEMAS[service];
  const known = new Set(Object.keys(schema.shape));
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    const variable = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : name;
    if (!known.has(variable) && !NODE_RUNTIME_VARIABLES.has(variable)) problems.push(`${name}: not read by services/${service}/src/config.ts`);
  }
  for (const secret of REQUIRED_SECRETS[service]) {
    if (env[secret] === undefined && env[`${secret}_FILE`] === undefined) problems.push(`${secret}: required secret not provided`);
  }
  try {
    loadConfig(schema, { ...IMAGE_ENV, ...env });
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}
