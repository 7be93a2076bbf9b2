import type { DataSource } from 'typeorm';

/**
 * Runs `task` unless another replica holds the same named lock right now (then returns
 * undefined). Every replica schedules the maintenance jobs; the lock makes one of them do the
 * work. It is a session-level advisory lock on a connection of its own, held while the task runs
 * on other pool connections, and released with the session if the process dies.
 */
export async function exclusiveRun<T>(dataSource: DataSource, lockName: string, task: () => Promise<T>): Promise<T | undefined> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName])) as Array<{ locked: boolean }>;
    if (!row?.locked) return undefined;
    try {
      return await task();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    await runner.release();
  }
}
