import type { Admin, Kafka } from 'kafkajs';
import { RetriableError } from '@pulse/errors';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (RetriableError) when it does not. */
  check(): Promise<void>;
  /** Releases the connection the check keeps open. */
  close(): Promise<void>;
}

/**
 * `/readyz` check for Kafka: one admin connection kept open and reused, and a describeCluster
 * (a metadata round trip) that must answer within `timeoutMs`.
 */
export function kafkaCheck(kafka: Kafka, { timeoutMs = 2_000 }: { timeoutMs?: number } = {}): ReadinessCheck {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;

  const connected = (): Promise<Admin> => {
    connecting ??= (async () => {
      const a = kafka.admin({ retry: { retries: 0 } });
      admin = a;
      await a.connect();
      return a;
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };

  const reset = async () => {
    const a = admin;
    admin = undefined;
    connecting = undefined;
    await a?.disconnect().catch(() => undefined);
  };

  return {
    name: 'kafka',
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RetriableError(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([connected().then((a) => a.describeCluster()), timeout]);
      } catch (error) {
        // A fresh connection next time: a half-dead one would keep failing.
        await reset();
        throw error instanceof RetriableError ? error : new RetriableError('Kafka is not reachable', { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
    close: reset,
  };
}
