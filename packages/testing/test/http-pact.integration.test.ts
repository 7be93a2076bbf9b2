import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpPact } from '../src';

// httpPact waits for the mock server to record what it answered before executeTest checks it
// (the upstream race described in src/http-pact.ts). The wait must never turn a missing request
// into a pass, and a request that was made must still write the pact.
describe('httpPact', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pulse-http-pact-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pact = () => httpPact({ consumer: 'pact-helper-test', provider: 'echo', logLevel: 'error', dir })
    .uponReceiving('a ping')
    .withRequest({ method: 'POST', path: '/ping', headers: { 'Content-Type': 'application/json' }, body: { n: 1 } })
    .willRespondWith({ status: 201, body: { pong: 1 } });

  it('passes and writes the pact when every expected request was answered', async () => {
    const answer = await pact().executeTest(async (mock) => {
      const response = await fetch(`${mock.url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 1 }) });
      return { status: response.status, body: await response.json() };
    });
    expect(answer).toEqual({ status: 201, body: { pong: 1 } });
    expect(readdirSync(dir)).toEqual(['pact-helper-test-echo.json']);
  });

  it('still fails, naming the request, when an expected request never came', async () => {
    await expect(pact().executeTest(async () => 'no request sent')).rejects.toThrow(/expected but not received[\s\S]*POST[\s\S]*\/ping/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
