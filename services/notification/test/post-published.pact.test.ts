import { contracts, type PostPublishedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples } from '@pulse/testing';
import { routeAsNotificationDoes } from './support/pact-routing';

// notification's expectations of `post.published` (provider: social). notification forwards the
// event as it is and routes it by tenant, type and niche; the message holds every field the v1
// schema requires (the bus validates the whole event before the handler). The stable description
// keeps contracts/pacts/notification-social.json identical on reruns.
const pact = messagePactConsumer({
  consumer: 'notification',
  provider: 'social',
  contract: contracts.postPublished,
  given: 'a post was published',
  description: 'a post.published event to push to the tenant',
  ...pactExamples.postPublished,
  handle: routeAsNotificationDoes<PostPublishedEvent>('post.published'),
});

describe('notification consumes post.published (pact with social)', () => {
  it('routes the post.published message to the tenant\'s webhook subscription and live clients of its niche', async () => {
    expect(await pact.verify()).toMatchObject({ webhook: true, live: true, event: { tenantId: 'acme', data: { niche: 'technology', platform: 'mastodon' } } });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    expect(pact.recordedMessages()).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message whose time is not RFC 3339', async () => {
    await expect(pact.decode(pact.example({ time: 'yesterday' }))).rejects.toThrow(ValidationError);
  });
});
