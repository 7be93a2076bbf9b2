import { createPublicKey } from 'node:crypto';
import { PermanentError } from '@pulse/errors';
import { generateKeyPair, jwksFromPublicKey, publicKeyFromJwks } from '../src';

describe('JWKS helpers', () => {
  const keys = generateKeyPair();

  it('publishes the public key as an ES256 JWK with a stable thumbprint kid and reads it back', () => {
    const jwks = jwksFromPublicKey(keys.publicKeyPem);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(jwksFromPublicKey(keys.publicKeyPem).keys[0]!.kid).toBe(jwks.keys[0]!.kid);
    const pem = publicKeyFromJwks(jwks);
    expect(createPublicKey(pem).equals(createPublicKey(keys.publicKeyPem))).toBe(true);
  });

  it('picks the key by kid when a JWKS holds several', () => {
    const other = generateKeyPair();
    const jwks = { keys: [...jwksFromPublicKey(keys.publicKeyPem, 'old').keys, ...jwksFromPublicKey(other.publicKeyPem, 'new').keys] };
    expect(createPublicKey(publicKeyFromJwks(jwks, 'new')).equals(createPublicKey(other.publicKeyPem))).toBe(true);
    expect(() => publicKeyFromJwks(jwks)).toThrow('2 usable ES256 keys');
    expect(() => publicKeyFromJwks({ nope: true })).toThrow(PermanentError);
  });
});
