import type { DataSource, EntityManager } from 'typeorm';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /** Attempts when PostgreSQL aborts the transaction for a serialization failure or deadlock. */
  attempts?: number;
}

// 40001 serialization_failure, 40P01 deadlock_detected: PostgreSQL asks the client to run the
// whole transaction again.
const RETRY_CODES = new Set(['40001', '40P01']);

/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. The whole
 * function runs again on a serialization failure or deadlock, so keep side effects other than
 * database writes (Kafka sends: use the outbox) out of it.
 */
export async function withTransaction<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const { isolationLevel = 'READ COMMITTED', attempts = 3 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(isolationLevel, fn);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRY_CODES.has(code)) throw error;
    }
  }
}
