import { MatchersV3 } from '@pact-foundation/pact';
import { contracts, type EventContract } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples } from '../src';

// Only the parts that need no Pact run: verify() writes contracts/pacts/, which the services'
// *.pact.test.ts do (with the provider verifications reading what they wrote).
const pact = messagePactConsumer({
  consumer: 'some-consumer',
  provider: 'social',
  contract: contracts.postPublished,
  given: 'a post was published',
  description: 'a post.published event',
  ...pactExamples.postPublished,
  handle: (event) => ({ postId: event.data.postId, tenant: event.tenantId }),
});

describe('messagePactConsumer', () => {
  it('wraps the data in the event envelope of the contract, sourced from the provider', () => {
    expect(pact.example()).toMatchObject({
      specversion: '1.0', id: pactExamples.postPublished.id, type: 'post.published', version: 1,
      source: 'pulse/social', time: pactExamples.postPublished.time, tenantId: 'acme',
      data: { postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a', platform: 'mastodon' },
    });
    expect(pact.interaction).toEqual({ topic: 'post.published', description: 'a post.published event' });
  });

  it('hands a valid event to the consumer\'s handling', async () => {
    await expect(pact.decode(pact.example())).resolves.toEqual({ postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a', tenant: 'acme' });
  });

  it('rejects an event that fails its contract with a ValidationError naming the topic, as the bus does', async () => {
    await expect(pact.decode(pact.example({ data: { platform: 'myspace' } }))).rejects.toThrow(new ValidationError('post.published failed its contract', []));
    await expect(pact.decode(pact.example({ time: 'yesterday' }))).rejects.toBeInstanceOf(ValidationError);
  });

  it('overrides fields of the example without changing the expected envelope', () => {
    expect(pact.example({ data: { niche: 'science' } }).data).toMatchObject({ niche: 'science', platform: 'mastodon' });
    expect(MatchersV3.reify(pact.expected)).toEqual(pact.example());
  });

  it('keeps a test\'s own matcher for the id', () => {
    const own = messagePactConsumer({ ...pactExamples.postPublished, consumer: 'c', provider: 'social', contract: contracts.postPublished, given: 'g', description: 'd', id: MatchersV3.uuid('2d8b3e4a-0f9c-4b5d-9a4f-7e6d5c4b3a29'), handle: () => null });
    expect(own.expected.id).toEqual(MatchersV3.uuid('2d8b3e4a-0f9c-4b5d-9a4f-7e6d5c4b3a29'));
  });
});

describe('pactExamples', () => {
  const cases: Array<[keyof typeof pactExamples, EventContract]> = [
    ['articleSummarized', contracts.articleSummarized],
    ['postPublished', contracts.postPublished],
  ];
  it.each(cases)('%s is a valid event of its contract once wrapped', async (name, contract) => {
    const example = messagePactConsumer({ ...pactExamples[name], consumer: 'c', provider: 'p', contract, given: 'g', description: 'd', handle: (event) => event });
    await expect(example.decode(example.example())).resolves.toMatchObject({ type: contract.type });
  });
});
