// Small helpers shared by the two halves of the notify benchmark.
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '@pulse/event-bus';


/**
 * Polls `probe` every `intervalMs` (20) until it holds; true then. Gives up after `stallMs` in which `progress`
 * (if given) did not change, or after `stallMs` in all: throws, or with `soft` returns false.
 */
export async function waitUntil(
  probe: () => boolean | Promise<boolean>,
  what: string,
  { stallMs, progress, soft = false, intervalMs = 20 }: { stallMs: number; progress?: () => number | Promise<number>; soft?: boolean; intervalMs?: number },
): Promise<boolean> {
  let movedAt = Date.now();
  let last = progress ? await progress() : undefined;
  for (;;) {
    if (await probe()) return true;
    if (progress) {
      const now = await progress();
      if (now !== last) { last = now; movedAt = Date.now(); }
    }
    if (Date.now() - movedAt > stallMs) {
      if (soft) return false;
      throw new Error(`notify bench: gave up waiting for ${what} after ${stallMs} ms without progress`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}


/** Creates `topics` and their `.dlq`s (the bus's ensureTopics: it waits until every partition has a leader). */
export async function createTopics(brokers: string[], topics: string[], partitions: number): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'bench-notify', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics.map((topic) => ({ topic, partitions })));
  } finally {
    await admin.disconnect();
  }
}
