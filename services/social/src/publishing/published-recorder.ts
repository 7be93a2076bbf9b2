import type { DataSource } from 'typeorm';
import { GroupCommit, type JobOutcome } from '@pulse/db';
import { outbox } from '@pulse/event-bus';
import type { EventContract, PostPublishedEvent } from '@pulse/contracts';
import type { PostEntity, PostRepository } from '../adapters/db';
import type { PublishResult } from '../adapters/platforms/platform-adapter';
import { postPublishedEvent } from './post-published-event';

interface Sent {
  post: PostEntity;
  result: PublishResult;
  publishedAt: Date;
  traceHeaders: Record<string, string>;
}

// Bounded so one statement's arrays and one outbox INSERT stay a sensible size.
const MAX_BATCH = 200;

/**
 * Records successful sends: status 'published' (fenced on each post's claim) and its
 * `post.published` outbox row, in one statement. Sends that finish while a write is in flight
 * are written together by the next one (GroupCommit): no timer, no added wait when idle, and
 * one statement for many posts under load. A failed batch is retried post by post, so one bad
 * row fails only its own post (whose lease then runs out and it is checked on the platform first).
 */
export class PublishedRecorder {
  private readonly writes: GroupCommit<Sent, boolean>;

  constructor(private readonly deps: { dataSource: DataSource; posts: PostRepository; publishedContract: EventContract<PostPublishedEvent> }) {
    this.writes = new GroupCommit({ write: (_key, batch) => this.write(batch), sizeOf: () => 1, maxSize: MAX_BATCH, splitOnError: true });
  }

  /** Resolves true once recorded, false when the claim was taken over (nothing written for it). */
  record(post: PostEntity, result: PublishResult, traceHeaders: Record<string, string>): Promise<boolean> {
    return this.writes.run('published', { post, result, publishedAt: new Date(), traceHeaders });
  }

  private async write(batch: readonly Sent[]): Promise<Array<JobOutcome<boolean>>> {
    const { dataSource, posts, publishedContract } = this.deps;
    const recorded = await posts.finishPublished(
      dataSource.manager,
      batch.map((i) => ({ post: i.post, remoteId: i.result.remoteId, remoteUrl: i.result.remoteUrl ?? null, publishedAt: i.publishedAt })),
      outbox.rowsParameter(publishedContract, batch.map((i) => ({
        event: postPublishedEvent(publishedContract, { ...i.post, ...publishedChanges(i) }),
        traceHeaders: i.traceHeaders,
      }))),
    );
    return batch.map((i) => ({ ok: true, value: recorded.has(i.post.id) }));
  }
}

/** The columns `finishPublished` sets, as the entity sees them (for the event). */
function publishedChanges(item: Sent): Partial<PostEntity> {
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
