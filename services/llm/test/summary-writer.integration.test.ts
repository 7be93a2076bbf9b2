import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { contracts } from '@pulse/contracts';
import { openServiceDataSource } from '@pulse/service-runtime';
import { continueTrace } from '@pulse/event-bus';
import { startTelemetry } from '@pulse/observability';
import { infraEnv, uniqueSchema } from '@pulse/testing';
import { summarizeExtractively } from '../src/domain/extractive-summarizer';
import { llmService } from '../src/service';
import { SummaryWriter, type StoreInput } from '../src/summarization/summary-store';
import { CLIMATE_NICHE, solarArticle } from './fixtures/articles.fixture';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const schema = uniqueSchema('llm_writer');
const GROUP = 'llm-test';
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openServiceDataSource(llmService, { url: infraEnv().databaseUrl, schema, logger: quiet, poolSize: 2 });
});

afterAll(async () => {
  await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  await dataSource.destroy();
});

/** An extractive summary of the fixture article, stored as `articleId` of `tenantId`. */
function summaryOf(tenantId: string, articleId: string): StoreInput {
  const result = summarizeExtractively(solarArticle({ id: articleId, tenantId }), CLIMATE_NICHE);
  return {
    meta: { tenantId, articleId, niche: 'climate', title: 'Riverton goes solar', url: `https://example.com/${articleId}`, fetchedAt: '2026-11-23T10:00:00.000Z' },
    result, summarizer: 'extractive', reason: 'no-api-key', contract: contracts.articleSummarized, pricedModel: 'claude-sonnet-4-5', now: new Date(),
  };
}

const count = async (table: string, where = 'true'): Promise<number> =>
  Number(((await dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)) as Array<{ n: string }>)[0]!.n);

describe('SummaryWriter', () => {
  it('writes summaries finishing together in one statement each round: repeated events apply once, a repeated article is stored and announced once', async () => {
    const writer = new SummaryWriter(dataSource, contracts.articleSummarized);
    // Each statement checks a pooled connection out (preparedQuery), so connections count statements.
    const statements = jest.spyOn(dataSource, 'createQueryRunner');
    const [a1, a2, a3] = [randomUUID(), randomUUID(), randomUUID()];
    const [e1, e2, e3, e4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const stored = await Promise.all([
      writer.store(summaryOf('acme', a1), { group: GROUP, eventId: e1 }), // written alone: nothing was in flight
      writer.store(summaryOf('acme', a2), { group: GROUP, eventId: e2 }), // these four finish while it is written
      writer.store(summaryOf('acme', a2), { group: GROUP, eventId: e3 }), // another news.fetched of the same article
      writer.store(summaryOf('acme', a3), { group: GROUP, eventId: e2 }), // a redelivery of e2
      writer.store(summaryOf('other', a1), { group: GROUP, eventId: e4 }), // another tenant's copy of a1
    ]);

    expect(stored).toEqual([
      { applied: true, emitted: true },
      { applied: true, emitted: true },
      { applied: true, emitted: false },
      { applied: false, emitted: false },
      { applied: true, emitted: true },
    ]);
    // The first alone, then the four in two rounds ([a2/e2, other a1/e4], then [a2/e3, a3/e2]: neither repeats an article or event).
    expect(statements).toHaveBeenCalledTimes(3);
    statements.mockRestore();
    expect(await count('summaries')).toBe(3);
    expect(await count('event_inbox', `consumer_group = '${GROUP}'`)).toBe(4);
    const announced = (await dataSource.query(`SELECT event_key, payload->>'tenantId' AS tenant FROM event_outbox ORDER BY id`)) as Array<{ event_key: string; tenant: string }>;
    expect(announced).toEqual([{ event_key: a1, tenant: 'acme' }, { event_key: a2, tenant: 'acme' }, { event_key: a1, tenant: 'other' }]);
    const stages = (await dataSource.query(`SELECT DISTINCT article_id FROM llm_usage`)) as unknown[];
    expect(stages).toEqual([]); // extractive summaries made no API calls, so they cost nothing to record
  });

  it('fails only the summary that cannot be stored when it was written together with others', async () => {
    const writer = new SummaryWriter(dataSource, contracts.articleSummarized);
    const [good1, bad, good2] = [summaryOf('acme', randomUUID()), summaryOf('acme', randomUUID()), summaryOf('acme', randomUUID())];
    // A summary without text: its article.summarized event breaks the contract, so its write throws.
    const refused = { ...bad, result: { ...bad.result, tone: null as unknown as string, summary: null as unknown as string } };
    const first = writer.store(summaryOf('acme', randomUUID()), { group: GROUP, eventId: randomUUID() });
    const outcomes = await Promise.allSettled([
      writer.store(good1, { group: GROUP, eventId: randomUUID() }),
      writer.store(refused, { group: GROUP, eventId: randomUUID() }),
      writer.store(good2, { group: GROUP, eventId: randomUUID() }),
    ]);
    expect(await first).toEqual({ applied: true, emitted: true });
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count('summaries', `article_id IN ('${good1.meta.articleId}', '${good2.meta.articleId}')`)).toBe(2);
    expect(await count('summaries', `article_id = '${bad.meta.articleId}'`)).toBe(0);
    expect(await count('event_outbox', `event_key = '${bad.meta.articleId}'`)).toBe(0);
  });

  it('keeps each summary\'s own trace on its announcement when summaries are written together', async () => {
    const telemetry = startTelemetry({ serviceName: 'llm-test', detectResources: false });
    try {
      const writer = new SummaryWriter(dataSource, contracts.articleSummarized);
      const traceOf = (n: string) => ({ traceparent: `00-${n.repeat(32)}-${n.repeat(16)}-01` });
      const articles = [randomUUID(), randomUUID(), randomUUID()];
      // The first is written alone; the other two finish during its write and share the next statement.
      await Promise.all(articles.map((articleId, i) => continueTrace('summarize', traceOf('abc'[i]!), () =>
        writer.store(summaryOf('traced', articleId), { group: GROUP, eventId: randomUUID() }))));
      const rows = (await dataSource.query(
        `SELECT event_key, headers->>'traceparent' AS traceparent FROM event_outbox WHERE payload->>'tenantId' = 'traced' ORDER BY id`,
      )) as Array<{ event_key: string; traceparent: string }>;
      expect(rows.map((r) => [r.event_key, r.traceparent.split('-')[1]])).toEqual(articles.map((a, i) => [a, 'abc'[i]!.repeat(32)]));
    } finally {
      await telemetry.shutdown();
    }
  });
});
