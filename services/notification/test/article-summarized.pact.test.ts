import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples } from '@pulse/testing';
import { routeAsNotificationDoes } from './support/pact-routing';

// notification's expectations of `article.summarized` (provider: llm). notification forwards the
// event as it is (webhook payload, live push) and routes it by tenant, type and niche; the message
// holds every field the v1 schema requires (the bus validates the whole event before the handler)
// with the routing fields tight. The stable description keeps
// contracts/pacts/notification-llm.json identical on reruns.
const pact = messagePactConsumer({
  consumer: 'notification',
  provider: 'llm',
  contract: contracts.articleSummarized,
  given: 'an article was summarized',
  description: 'an article.summarized event to push to the tenant',
  ...pactExamples.articleSummarized,
  handle: routeAsNotificationDoes<ArticleSummarizedEvent>('article.summarized'),
});

describe('notification consumes article.summarized (pact with llm)', () => {
  it('routes the article.summarized message to the tenant\'s webhook subscription and live clients of its niche', async () => {
    expect(await pact.verify()).toMatchObject({ webhook: true, live: true, event: { id: '1c7a2d3f-9e8b-4a4c-8f3e-6d5c4b3a2918', tenantId: 'acme', data: { niche: 'technology' } } });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    expect(pact.recordedMessages()).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message without a niche to route by', async () => {
    const { niche: _dropped, ...data } = pact.example().data;
    await expect(pact.decode({ ...pact.example(), data })).rejects.toThrow(ValidationError);
  });
});
