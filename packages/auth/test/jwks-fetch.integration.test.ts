import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey } from 'node:crypto';
import { PermanentError, RetriableError } from '@pulse/errors';
import { fetchPublicKeyFromJwks, generateKeyPair, jwksFromPublicKey } from '../src';

describe('fetchPublicKeyFromJwks', () => {
  const keys = generateKeyPair();
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(jwksFromPublicKey(keys.publicKeyPem)));
      } else if (req.url === '/down') {
        res.statusCode = 503;
        res.end();
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads the JWKS and returns the signing key as PEM', async () => {
    const pem = await fetchPublicKeyFromJwks(`${base}/.well-known/jwks.json`);
    expect(createPublicKey(pem).equals(createPublicKey(keys.publicKeyPem))).toBe(true);
  });

  it('says a 503 is retriable and a 404 is not', async () => {
    await expect(fetchPublicKeyFromJwks(`${base}/down`)).rejects.toBeInstanceOf(RetriableError);
    await expect(fetchPublicKeyFromJwks(`${base}/missing`)).rejects.toBeInstanceOf(PermanentError);
  });
});
