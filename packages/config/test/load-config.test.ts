import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError } from '@pulse/errors';
import { z } from 'zod';
import { commonEnv, envBoolean, envInt, envList, loadConfig } from '../src';

const PUBLIC_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

const validEnv = {
  KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
  DATABASE_URL: 'postgres://pulse:pulse@127.0.0.1:15432/pulse',
  REDIS_URL: 'redis://127.0.0.1:16379',
  JWT_PUBLIC_KEY: PUBLIC_PEM,
};

function errorOf(fn: () => unknown): PermanentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PermanentError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the common variables with defaults and coerces strings to numbers, lists and booleans', () => {
    const config = loadConfig(commonEnv({ service: 'news', port: 3001 }), { ...validEnv, METRICS_ENABLED: 'false', DATABASE_POOL_SIZE: '4' });
    expect(config).toMatchObject({
      SERVICE_NAME: 'news',
      PORT: 3001,
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:19092', '127.0.0.1:19093'],
      METRICS_ENABLED: false,
      DATABASE_POOL_SIZE: 4,
      JWT_ISSUER: 'pulse',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad or missing variable in one PermanentError', () => {
    const error = errorOf(() =>
      loadConfig(commonEnv({ service: 'news', port: 3001 }), {
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        METRICS_ENABLED: 'maybe',
        REDIS_URL: 'http://127.0.0.1:16379',
        KAFKA_BROKERS: ' , ',
      }),
    );
    const names = (error.details?.errors as string[]).map((line) => line.split(':')[0]);
    expect(names.sort()).toEqual(['DATABASE_URL', 'JWT_PUBLIC_KEY', 'KAFKA_BROKERS', 'LOG_LEVEL', 'METRICS_ENABLED', 'PORT', 'REDIS_URL']);
    for (const name of names) expect(error.message).toContain(`- ${name}:`);
    expect(error.message).toContain('DATABASE_URL: is required');
    expect(error.message).toContain('PORT: must be a port number');
    expect(error.retriable).toBe(false);
  });

  it('never echoes a bad value, which may be a secret', () => {
    const error = errorOf(() => loadConfig(z.object({ API_TOKEN: z.string().min(40) }), { API_TOKEN: 'sk-short-secret' }));
    expect(error.message).toContain('API_TOKEN');
    expect(error.message).not.toContain('sk-short-secret');
  });

  it('reads <NAME>_FILE secrets, trimmed', () => {
    const keyFile = join(dir, 'jwt.pub');
    const dbFile = join(dir, 'db-url');
    writeFileSync(keyFile, `\n${PUBLIC_PEM}\n\n`);
    writeFileSync(dbFile, 'postgres://secret:pw@127.0.0.1:15432/pulse\n');
    const { JWT_PUBLIC_KEY: _omitKey, DATABASE_URL: _omitDb, ...rest } = validEnv;
    const config = loadConfig(commonEnv({ service: 'llm', port: 3002 }), { ...rest, JWT_PUBLIC_KEY_FILE: keyFile, DATABASE_URL_FILE: dbFile });
    expect(config.JWT_PUBLIC_KEY).toBe(PUBLIC_PEM.trim());
    expect(config.DATABASE_URL).toBe('postgres://secret:pw@127.0.0.1:15432/pulse');
  });

  it('names a _FILE that cannot be read and refuses a variable given twice', () => {
    const schema = z.object({ A: z.string(), B: z.string() });
    const bFile = join(dir, 'b');
    writeFileSync(bFile, 'from-file');
    const error = errorOf(() => loadConfig(schema, { A_FILE: join(dir, 'missing'), B: 'direct', B_FILE: bFile }));
    expect(error.message).toContain(`A_FILE: cannot read ${join(dir, 'missing')} (ENOENT)`);
    expect(error.message).toContain('B_FILE: set either B or B_FILE, not both');
    expect(error.details?.errors).toHaveLength(2);
  });

  it('treats empty values as unset so defaults apply', () => {
    const config = loadConfig(z.object({ RETRIES: envInt().default(3), TRACE: envBoolean().default(true) }), { RETRIES: '', TRACE: ' ' });
    expect(config).toEqual({ RETRIES: 3, TRACE: true });
  });

  it('coerces every spelling of a boolean', () => {
    const schema = z.object({ FLAG: envBoolean() });
    for (const falsy of ['false', '0', 'no', 'off', 'FALSE']) expect(loadConfig(schema, { FLAG: falsy }).FLAG).toBe(false);
    for (const truthy of ['true', '1', 'yes', 'on', 'True']) expect(loadConfig(schema, { FLAG: truthy }).FLAG).toBe(true);
  });

  it('accepts a PEM with escaped newlines and rejects a non-PEM key', () => {
    const escaped = PUBLIC_PEM.trim().replace(/\n/g, '\\n');
    expect(loadConfig(commonEnv({ service: 's', port: 1 }), { ...validEnv, JWT_PUBLIC_KEY: escaped }).JWT_PUBLIC_KEY).toBe(PUBLIC_PEM.trim());
    const error = errorOf(() => loadConfig(commonEnv({ service: 's', port: 1 }), { ...validEnv, JWT_PUBLIC_KEY: 'not-a-key' }));
    expect(error.message).toContain('JWT_PUBLIC_KEY: must be a PEM PUBLIC KEY block');
  });

  it('lets a service extend the common schema with its own variables', () => {
    const schema = commonEnv({ service: 'news', port: 3001 }).safeExtend({ FEEDS: envList() });
    expect(loadConfig(schema, { ...validEnv, FEEDS: 'a,b' }).FEEDS).toEqual(['a', 'b']);
    expect(errorOf(() => loadConfig(schema, validEnv)).message).toContain('FEEDS: is required');
  });
});
