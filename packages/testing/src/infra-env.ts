/**
 * Where the real test infrastructure is. `npm test` starts it (scripts/infra.sh) and exports these;
 * running jest by hand needs `eval "$(bash scripts/infra.sh env)"` first.
 */
export interface InfraEnv {
  kafkaBrokers: string[];
  databaseUrl: string;
  redisUrl: string;
}

export function infraEnv(): InfraEnv {
  const missing = ['KAFKA_BROKERS', 'DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `Integration tests need ${missing.join(', ')}: run them through \`npm test\`, or first ` +
        '`eval "$(bash scripts/infra.sh env)"` after `bash scripts/infra.sh up`.',
    );
  }
  return {
    kafkaBrokers: process.env.KAFKA_BROKERS!.split(',').map((b) => b.trim()),
    databaseUrl: process.env.DATABASE_URL!,
    redisUrl: process.env.REDIS_URL!,
  };
}

/**
 * The same infrastructure as the environment variables every service's config reads, for a
 * service a test starts in-process: `env: { ...infraServiceEnv(), PORT: '0', ... }`.
 */
export function infraServiceEnv(): { KAFKA_BROKERS: string; DATABASE_URL: string; REDIS_URL: string } {
  const infra = infraEnv();
  return { KAFKA_BROKERS: infra.kafkaBrokers.join(','), DATABASE_URL: infra.databaseUrl, REDIS_URL: infra.redisUrl };
}

/**
 * The variables every service's config requires, with placeholder addresses nothing listens on: for
 * tests that parse a config and start nothing. `jwtPublicKeyPem` from @pulse/auth's generateKeyPair().
 */
export function placeholderServiceEnv(jwtPublicKeyPem: string): {
  KAFKA_BROKERS: string; DATABASE_URL: string; REDIS_URL: string; JWT_PUBLIC_KEY: string;
} {
  return {
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/pulse',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_PUBLIC_KEY: jwtPublicKeyPem,
  };
}
