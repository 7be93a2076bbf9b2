import type { Logger as TypeOrmLogger } from 'typeorm';

/** The slice of a logger the db package writes to (a winston Logger fits). */
export interface LogSink {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/**
 * TypeORM's logger, speaking JSON through ours. Failed queries go to debug: the caller gets the
 * error and decides whether it matters (a unique violation is often expected).
 */
export class TypeOrmLogSink implements TypeOrmLogger {
  constructor(private readonly sink: LogSink, private readonly logQueries = false) {}

  logQuery(query: string, parameters?: unknown[]): void {
    if (this.logQueries) this.sink.debug('query', { query, parameterCount: parameters?.length ?? 0 });
  }

  logQueryError(error: string | Error, query: string): void {
    this.sink.debug('query failed', { query, error: typeof error === 'string' ? error : error.message });
  }

  logQuerySlow(time: number, query: string): void {
    this.sink.warn('slow query', { durationMs: time, query });
  }

  logSchemaBuild(message: string): void {
    this.sink.debug(message);
  }

  logMigration(message: string): void {
    this.sink.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.sink.warn(String(message));
    else this.sink.debug(String(message));
  }
}
