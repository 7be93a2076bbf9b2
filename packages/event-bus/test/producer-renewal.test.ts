import type { Kafka } from 'kafkajs';
import { isRetriable } from '@pulse/errors';
import { EventProducer } from '../src';

/**
 * The decision only (a broker that loses producer state cannot be provoked on demand): when Kafka
 * answers OUT_OF_ORDER_SEQUENCE_NUMBER the producer is replaced and the send reported retriable;
 * any other error passes through untouched and keeps the producer.
 */
function kafkaWhoseFirstProducerFails(type: string) {
  const producers: Array<{ sent: number; disconnected: boolean }> = [];
  const kafka = {
    producer: () => {
      const state = { sent: 0, disconnected: false };
      const index = producers.push(state) - 1;
      return {
        connect: async () => undefined,
        disconnect: async () => { state.disconnected = true; },
        sendBatch: async () => {
          if (index === 0) throw Object.assign(new Error(`broker says ${type}`), { type });
          state.sent++;
          return [];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const record = { key: 'k', value: '{}' };

describe('EventProducer with a broker that lost its producer state', () => {
  it('renews the producer after OUT_OF_ORDER_SEQUENCE_NUMBER, reports the send retriable, and sends with the new one', async () => {
    const { kafka, producers } = kafkaWhoseFirstProducerFails('OUT_OF_ORDER_SEQUENCE_NUMBER');
    const producer = new EventProducer({ kafka, logger: quiet });
    const failed = await producer.send('t', [record]).then(() => undefined, (error: unknown) => error);
    expect(isRetriable(failed)).toBe(true);
    expect(producers).toHaveLength(2);
    expect(producers[0]!.disconnected).toBe(true);
    await producer.send('t', [record]);
    expect(producers[1]!.sent).toBe(1);
  });

  it('keeps the producer and the error for anything else', async () => {
    const { kafka, producers } = kafkaWhoseFirstProducerFails('MESSAGE_TOO_LARGE');
    const producer = new EventProducer({ kafka, logger: quiet });
    await expect(producer.send('t', [record])).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    expect(producers).toHaveLength(1);
  });
});
