import net from 'node:net';
import { RetriableError } from '@pulse/errors';
import { createKafka, kafkaCheck } from '../src';
import { recordingLogger, testKafka } from './support';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('kafkaCheck', () => {
  it('passes against the running broker, reusing one connection', async () => {
    const check = kafkaCheck(testKafka());
    try {
      expect(check.name).toBe('kafka');
      await expect(check.check()).resolves.toBeUndefined();
      await expect(check.check()).resolves.toBeUndefined();
    } finally {
      await check.close();
    }
  });

  it('fails with a retriable error within its timeout when no broker answers', async () => {
    const kafka = createKafka({ brokers: [`127.0.0.1:${await closedPort()}`], clientId: 'check-test', logger: recordingLogger(),
      // The client's own reconnect loop would outlive the test otherwise; the check's timeout bounds it regardless.
      config: { retry: { retries: 0 } } });
    const check = kafkaCheck(kafka, { timeoutMs: 1_000 });
    const started = Date.now();
    try {
      await expect(check.check()).rejects.toBeInstanceOf(RetriableError);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await check.close();
    }
  });
});
