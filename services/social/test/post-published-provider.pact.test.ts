import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageProviders } from '@pact-foundation/pact';
import { contracts, sampleEvents } from '@pulse/contracts';
import { encodeEvent } from '@pulse/event-bus';
import { pactFilesFor, pactsDir, verifyMessageProvider } from '@pulse/testing';
import { PostEntity } from '../src/adapters/db';
import { configSchema } from '../src/config';
import { composePost } from '../src/domain/post-composer';
import { defaultExperimentId, idempotencyKeyOf } from '../src/publishing/plan-article-posts';
import { postEngagementEvent } from '../src/publishing/post-engagement-event';
import { postPublishedEvent } from '../src/publishing/post-published-event';

// social verifies every pact naming it with the message its real code builds: a post planned from
// llm's sample summary (the casual variant composed for Mastodon by composePost, the niche's
// default experiment), in the state PostDispatcher.recordPublished gives it after the platform
// accepted it, turned into the event by postPublishedEvent and encoded by encodeEvent, the bus's
// wire encoding that the outbox relay sends. No I/O: the post row is built in memory.
//
// The pacts are the files committed in contracts/pacts/ (consumers rewrite them identically on
// every run), so this verification does not depend on the consumers' tests running first.
const provider = 'social';
const topic = contracts.postPublished.topic;
/** Who consumes post.published (ARCHITECTURE's table; contracts/test/pact-coverage.test.ts holds the full table). */
const consumersOfTopic = ['analytics', 'notification'];
// social also sends post.engagement (EngagementPoller): the same pacts hold its consumers' messages.
const engagementTopic = contracts.postEngagement.topic;
const consumersOfEngagement = ['analytics'];

/** A Mastodon post of the sample summary's casual variant, just published. */
function publishedPost(): PostEntity {
  const summary = sampleEvents.articleSummarized;
  const channelId = randomUUID();
  const composed = composePost({ platform: 'mastodon', text: summary.data.variants.casual ?? summary.data.summary, articleUrl: summary.data.url, niche: summary.data.niche, keywords: summary.data.keywords ?? [] });
  const createdAt = new Date(Date.now() - 1_000);
  const publishedAt = new Date();
  return Object.assign(new PostEntity(), {
    id: randomUUID(), tenantId: summary.tenantId, articleId: summary.data.articleId, channelId, platform: 'mastodon' as const,
    niche: summary.data.niche, text: composed.text,
    composed: { length: composed.length, maxLength: composed.maxLength ?? null, truncated: composed.truncated, hashtags: composed.hashtags, link: composed.link ?? null, entities: composed.entities },
    language: summary.data.language ?? null, articleTitle: summary.data.title,
    variant: 'casual', experimentId: defaultExperimentId(summary.data.niche),
    scheduledAt: createdAt, attempts: 1, idempotencyKey: idempotencyKeyOf(summary.data.articleId, channelId),
    createdAt, updatedAt: publishedAt,
    fetchedAt: new Date(summary.data.fetchedAt), summarizedAt: new Date(summary.data.summarizedAt), traceHeaders: null,
    likes: null, reposts: null, replies: null, outcomeRecordedAt: null,
    // What recordPublished changes once the platform answered.
    status: 'published' as const, remoteId: '113456789012345678', remoteUrl: 'https://mastodon.example/@pulse/113456789012345678',
    publishedAt, nextAttemptAt: null, outcomeUnknown: false, errorCode: null, errorReason: null,
  } satisfies PostEntity);
}

function messagesIn(files: string[]): Array<{ description: string; topic?: string }> {
  return files.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { messages: Array<{ description: string; metadata?: { topic?: string } }> }).messages
    .map((m) => ({ description: m.description, topic: m.metadata?.topic })));
}

describe('social provides post.published and post.engagement (pact verification)', () => {
  it('has a pact from every consumer of post.published', () => {
    const files = pactFilesFor(provider).map((file) => path.basename(file));
    for (const consumer of consumersOfTopic) expect(files).toContain(`${consumer}-${provider}.json`);
  });

  it('has a post.engagement message from every consumer of post.engagement', () => {
    const files = pactFilesFor(provider).filter((file) => messagesIn([file]).some((m) => m.topic === engagementTopic)).map((file) => path.basename(file));
    for (const consumer of consumersOfEngagement) expect(files).toContain(`${consumer}-${provider}.json`);
  });

  it('produces the post.published and post.engagement messages every consumer pact accepts', async () => {
    const post = publishedPost();
    const encoded = encodeEvent(contracts.postPublished, postPublishedEvent(contracts.postPublished, post));
    const productionTopic = configSchema.shape.TOPIC_POST_PUBLISHED.parse(undefined);
    expect(productionTopic).toBe(topic);
    // The post's first measurement, as EngagementPoller announces it.
    const measured = encodeEvent(contracts.postEngagement, postEngagementEvent(contracts.postEngagement, post, { likes: 12, reposts: 4, replies: 3 }, new Date()));
    const engagementProductionTopic = configSchema.shape.TOPIC_POST_ENGAGEMENT.parse(undefined);
    expect(engagementProductionTopic).toBe(engagementTopic);

    // Every description is answered with the real event of its topic; a consumer expecting a
    // topic social does not send, or more than social sends, fails here.
    const byTopic: Record<string, { topic: string; key: string; value: string } | undefined> = {
      [topic]: { topic: productionTopic, ...encoded },
      [engagementTopic]: { topic: engagementProductionTopic, ...measured },
    };
    const messageProviders: MessageProviders = {};
    for (const { description, topic: messageTopic } of messagesIn(pactFilesFor(provider))) {
      const sent = byTopic[messageTopic ?? topic];
      if (sent === undefined) throw new Error(`A pact expects "${description}" on ${String(messageTopic)}, which social does not produce`);
      messageProviders[description] = () => ({ __pactMessageMetadata: { topic: sent.topic, key: sent.key }, message: JSON.parse(sent.value) });
    }
    const verified = await verifyMessageProvider({ provider, messageProviders });
    expect(verified.map((file) => path.relative(pactsDir(), file))).toEqual(expect.arrayContaining(consumersOfTopic.map((c) => `${c}-${provider}.json`)));
  }, 60_000);
});
