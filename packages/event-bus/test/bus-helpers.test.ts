import type { KafkaMessage } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { Kafka } from 'kafkajs';
import {
  asDlqTopic, backoffDelay, deadLetterRecord, EventProducer, HEADERS, kafkaLogCreator, originalTopicOf, toDlqEntry,
} from '../src';
import { newsEvent, recordingLogger } from './support';

describe('backoffDelay', () => {
  const policy = { attempts: 5, initialMs: 100, maxMs: 1_000 };

  it('doubles the ceiling with each attempt and never passes maxMs', () => {
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });
});

describe('deadLetterRecord', () => {
  const message: KafkaMessage = {
    key: Buffer.from('article-1'), value: Buffer.from('{"x":1}'), offset: '42', timestamp: '0', attributes: 0,
    headers: { traceparent: Buffer.from('00-abc-def-01') },
  };

  it('keeps the original key, value and headers and adds why and where it failed', () => {
    const record = deadLetterRecord(message, {
      topic: 'news.fetched', partition: 2, group: 'llm', kind: 'exhausted', reason: 'RetriableError: down', attempts: 5,
      failedAt: new Date('2026-11-23T10:00:00Z'),
    });
    expect(record.key).toBe(message.key);
    expect(record.value).toBe(message.value);
    expect(record.headers).toMatchObject({
      traceparent: message.headers!.traceparent,
      [HEADERS.dlqReason]: 'RetriableError: down',
      [HEADERS.dlqReasonKind]: 'exhausted',
      [HEADERS.dlqAttempts]: '5',
      [HEADERS.dlqGroup]: 'llm',
      [HEADERS.dlqOriginalTopic]: 'news.fetched',
      [HEADERS.dlqOriginalPartition]: '2',
      [HEADERS.dlqOriginalOffset]: '42',
      [HEADERS.dlqFailedAt]: '2026-11-23T10:00:00.000Z',
    });
  });

  it('reads back as a DLQ entry naming the event and the reason', () => {
    const event = newsEvent();
    const record = deadLetterRecord({ ...message, value: Buffer.from(JSON.stringify(event)) }, {
      topic: 'news.fetched', partition: 0, group: 'g', kind: 'permanent', reason: 'PermanentError: no', attempts: 1,
    });
    const entry = toDlqEntry('news.fetched.dlq', 1, { ...message, offset: '7', value: record.value as Buffer, headers: record.headers! });
    expect(entry).toMatchObject({
      dlqTopic: 'news.fetched.dlq', partition: 1, offset: '7', key: 'article-1', eventId: event.id, eventType: 'news.fetched',
      reason: 'PermanentError: no', reasonKind: 'permanent', attempts: 1, originalTopic: 'news.fetched', originalPartition: 0,
      originalOffset: '42',
    });
  });
});

describe('DLQ topic names', () => {
  it('maps a topic to its DLQ and back', () => {
    expect(asDlqTopic('news.fetched')).toBe('news.fetched.dlq');
    expect(asDlqTopic('news.fetched.dlq')).toBe('news.fetched.dlq');
    expect(originalTopicOf('news.fetched.dlq')).toBe('news.fetched');
  });
});

describe('kafkaLogCreator', () => {
  it('routes kafkajs log entries to the matching logger level with their fields', () => {
    const logger = recordingLogger();
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    log({ namespace: 'Consumer', level: logLevel.ERROR, label: 'ERROR', log: { message: 'Crash', groupId: 'g', timestamp: 't', logger: 'kafkajs' } });
    log({ namespace: 'Producer', level: logLevel.WARN, label: 'WARN', log: { message: 'slow', timestamp: 't', logger: 'kafkajs' } });
    expect(logger.entries).toEqual([
      { level: 'error', message: 'kafkajs Consumer: Crash', meta: { component: 'kafkajs', namespace: 'Consumer', groupId: 'g' } },
      { level: 'warn', message: 'kafkajs Producer: slow', meta: { component: 'kafkajs', namespace: 'Producer' } },
    ]);
  });
});

describe('EventProducer validation', () => {
  it('refuses an event that breaks its schema before touching Kafka', async () => {
    // No broker listens on this address: reaching the network would fail differently.
    const kafka = new Kafka({ brokers: ['127.0.0.1:1'], clientId: 'unit', logLevel: logLevel.NOTHING });
    const producer = new EventProducer({ kafka, logger: recordingLogger() });
    const bad = { ...newsEvent(), tenantId: 42 } as unknown as ReturnType<typeof newsEvent>;
    const attempt = producer.publishMany(contracts.newsFetched, [newsEvent(), bad]);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ errors: [expect.stringContaining('[1] /tenantId')] });
  });
});
