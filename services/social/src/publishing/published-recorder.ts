import type { DataSource } from 'typeorm';
import { outbox } from '@pulse/event-bus';
import type { EventContract, PostPublishedEvent } from '@pulse/contracts';
import type { PostEntity, PostRepository } from '../adapters/db';
import type { PublishResult } from '../adapters/platforms/platform-adapter';
import { postPublishedEvent } from './post-published-event';

interface Pending {
  post: PostEntity;
  result: PublishResult;
  publishedAt: Date;
  traceHeaders: Record<string, string>;
  done: (recorded: boolean) => void;
  fail: (error: unknown) => void;
}

// Bounded so one statement's arrays and one outbox INSERT stay a sensible size.
const MAX_BATCH = 200;

/**
 * Records successful sends: status 'published' (fenced on each post's claim) and its
 * `post.published` outbox row, in one statement. Sends that finish while a write is in flight
 * are written together by the next one (group commit): no timer, no added wait when idle, and
 * one statement for many posts under load. A failed batch is retried post by post, so one bad
 * row fails only its own post (whose lease then runs out and it is checked on the platform first).
 */
export class PublishedRecorder {
  private queue: Pending[] = [];
  private writing: Promise<void> | undefined;

  constructor(private readonly deps: { dataSource: DataSource; posts: PostRepository; publishedContract: EventContract<PostPublishedEvent> }) {}

  /** Resolves true once recorded, false when the claim was taken over (nothing written for it). */
  record(post: PostEntity, result: PublishResult, traceHeaders: Record<string, string>): Promise<boolean> {
    return new Promise<boolean>((done, fail) => {
      this.queue.push({ post, result, publishedAt: new Date(), traceHeaders, done, fail });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing !== undefined) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const recorded = await this.write(batch);
        for (const item of batch) item.done(recorded.has(item.post.id));
      } catch (error) {
        if (batch.length === 1) batch[0]!.fail(error);
        else await Promise.all(batch.map((item) => this.write([item]).then((r) => item.done(r.has(item.post.id)), item.fail)));
      }
    }
  }

  private write(batch: readonly Pending[]): Promise<Set<string>> {
    const { dataSource, posts, publishedContract } = this.deps;
    return posts.finishPublished(
      dataSource.manager,
      batch.map((i) => ({ post: i.post, remoteId: i.result.remoteId, remoteUrl: i.result.remoteUrl ?? null, publishedAt: i.publishedAt })),
      outbox.rowsParameter(publishedContract, batch.map((i) => ({
        event: postPublishedEvent(publishedContract, { ...i.post, ...publishedChanges(i) }),
        traceHeaders: i.traceHeaders,
      }))),
    );
  }
}

/** The columns `finishPublished` sets, as the entity sees them (for the event). */
function publishedChanges(item: Pending): Partial<PostEntity> {
  return {
    status: 'published',
    remoteId: item.result.remoteId,
    remoteUrl: item.result.remoteUrl ?? null,
    publishedAt: item.publishedAt,
    nextAttemptAt: null,
    outcomeUnknown: false,
    errorCode: null,
    errorReason: null,
  };
}
