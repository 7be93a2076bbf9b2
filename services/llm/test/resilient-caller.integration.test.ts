import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { startFakeAnthropic, type FakeAnthropic } from '@pulse/fakes';
import { createAnthropicClient } from '../src/adapters/anthropic/anthropic-client.factory';
import { DEFAULT_RESILIENCE, ResilientCaller } from '../src/adapters/anthropic/resilient-caller';

const params: MessageCreateParamsNonStreaming = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hello there. How are you today?' }] };
let fake: FakeAnthropic | undefined;
let caller: ResilientCaller | undefined;
afterEach(async () => {
  caller?.close();
  await fake?.close();
  fake = undefined;
  caller = undefined;
});

function maxInFlight(spans: Array<{ at: number; doneAt: number }>): number {
  return Math.max(...spans.map((s) => spans.filter((o) => o.at <= s.at && o.doneAt > s.at).length));
}

describe('resilient caller', () => {
  it('keeps at most the configured number of calls in flight', async () => {
    fake = await startFakeAnthropic({ latencyMs: 150 });
    caller = new ResilientCaller(createAnthropicClient({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 5_000 }), { ...DEFAULT_RESILIENCE, concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => caller!.createMessage(params)));
    const spans = fake.messageRequests();
    expect(spans).toHaveLength(6);
    expect(maxInFlight(spans)).toBe(2);
  });

  it('holds requests back with the client-side token bucket', async () => {
    fake = await startFakeAnthropic();
    caller = new ResilientCaller(createAnthropicClient({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 5_000 }), { ...DEFAULT_RESILIENCE, requestsPerSecond: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 3 }, () => caller!.createMessage(params)));
    const [, , third] = fake.messageRequests();
    // Two tokens per second: the third request waits for the next second's tokens.
    expect(third!.at - started).toBeGreaterThanOrEqual(995);
  });

  it('answers a text reply when no tool is forced and rejects a wrong API key without retrying', async () => {
    fake = await startFakeAnthropic();
    caller = new ResilientCaller(createAnthropicClient({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 5_000 }));
    const reply = await caller.createMessage(params);
    expect(reply.content[0]).toMatchObject({ type: 'text' });
    const wrong = new ResilientCaller(createAnthropicClient({ apiKey: 'wrong', baseURL: fake.url, timeoutMs: 5_000 }));
    await expect(wrong.createMessage(params)).rejects.toMatchObject({ code: 'anthropic-rejected', retriable: false });
    wrong.close();
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });
});
