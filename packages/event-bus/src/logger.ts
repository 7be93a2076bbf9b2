import { logLevel, type logCreator } from 'kafkajs';

/** What the bus needs from a logger: winston's `Logger` fits as is. */
export interface BusLogger {
  error(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  debug(message: string, meta?: Record<string, unknown>): unknown;
}

/** A kafkajs logCreator that routes kafkajs' own logs into our logger (JSON, with trace ids). */
export function kafkaLogCreator(logger: BusLogger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _name, ...extra } = log as { message: string; timestamp?: string; logger?: string };
    const meta = { component: 'kafkajs', namespace, ...extra };
    const text = `kafkajs ${namespace}: ${message}`;
    switch (level) {
      case logLevel.ERROR:
      case logLevel.NOTHING:
        logger.error(text, meta);
        break;
      case logLevel.WARN:
        logger.warn(text, meta);
        break;
      case logLevel.INFO:
        logger.info(text, meta);
        break;
      default:
        logger.debug(text, meta);
    }
  };
}
