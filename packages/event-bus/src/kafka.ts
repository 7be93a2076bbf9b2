import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { kafkaLogCreator, type BusLogger } from './logger';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: BusLogger;
  /** kafkajs' own log level (default WARN: its INFO lines are per-join noise). */
  level?: logLevel;
  /** Anything else kafkajs accepts (ssl, sasl, retry, timeouts). */
  config?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator' | 'logLevel'>;
}

/** A kafkajs client whose logs go to our logger. */
export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    // Generous: on a busy 2-core machine (CI, local runs of everything) a loopback connect can take seconds.
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    ...options.config,
    brokers: options.brokers,
    clientId: options.clientId,
    logLevel: options.level ?? logLevel.WARN,
    logCreator: kafkaLogCreator(options.logger),
  });
}

/** `KAFKA_BROKERS=a:9092,b:9092` as a list. */
export function parseBrokers(value: string): string[] {
  return value.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
}
