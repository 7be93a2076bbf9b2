import { Kafka } from 'kafkajs';
import { contracts } from '@pulse/contracts';
import { createConsumer } from '../src';
import { newRegistry, recordingLogger } from './support';

describe('createConsumer options', () => {
  // Nothing connects before start(): the options are checked when the consumer is created.
  const base = { kafka: new Kafka({ brokers: ['127.0.0.1:1'] }), groupId: 'g', contract: contracts.newsFetched, logger: recordingLogger(), registry: newRegistry() };

  it('needs exactly one of handler and handleBatch', () => {
    expect(() => createConsumer(base)).toThrow(/exactly one of handler and handleBatch/);
    expect(() => createConsumer({ ...base, handler: async () => undefined, handleBatch: async () => undefined })).toThrow(/exactly one/);
    expect(() => createConsumer({ ...base, handleBatch: async () => undefined })).not.toThrow();
  });

  it('refuses keyConcurrency and a bad maxBatchSize with handleBatch', () => {
    expect(() => createConsumer({ ...base, handleBatch: async () => undefined, keyConcurrency: 4 })).toThrow(/keyConcurrency/);
    expect(() => createConsumer({ ...base, handleBatch: async () => undefined, maxBatchSize: 0 })).toThrow(/maxBatchSize/);
  });
});
