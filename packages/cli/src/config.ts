import { parseBrokers } from '@pulse/event-bus';
import { ValidationError } from '@pulse/errors';

export interface CliConfig {
  kafkaBrokers: string[];
}

/** The CLI's settings from the environment (the only place it reads process.env). */
export function cliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const brokers = parseBrokers(env.KAFKA_BROKERS ?? '');
  if (brokers.length === 0) {
    throw new ValidationError('KAFKA_BROKERS is not set', ['KAFKA_BROKERS: a comma-separated list of host:port, e.g. 127.0.0.1:19092']);
  }
  return { kafkaBrokers: brokers };
}
