import jwt from 'jsonwebtoken';
import { PermanentError, ValidationError } from '@pulse/errors';
import { createTokenSigner, generateKeyPair } from '../src';

const keys = generateKeyPair();

describe('createTokenSigner', () => {
  it('signs ES256 tokens with sub, tenantId, scopes, iss, aud, exp and the key id', async () => {
    const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api', keyId: 'key-2025' });
    const token = await signer.sign({ sub: 'cli', tenantId: 'acme', scopes: ['admin'], ttlSeconds: 120 });
    const decoded = jwt.verify(token, keys.publicKeyPem, { algorithms: ['ES256'], complete: true }) as jwt.Jwt;
    expect(decoded.header).toMatchObject({ alg: 'ES256', kid: 'key-2025' });
    const payload = decoded.payload as jwt.JwtPayload;
    expect(payload).toMatchObject({ sub: 'cli', tenantId: 'acme', scopes: ['admin'], iss: 'pulse', aud: 'pulse-api' });
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('refuses to sign empty claims, listing each problem', async () => {
    const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    const error = await signer.sign({ sub: '', tenantId: ' ', scopes: [], ttlSeconds: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual(['sub: must not be empty', 'tenantId: must not be empty', 'ttlSeconds: must be a positive whole number']);
  });

  it('refuses a key that is not an EC P-256 private key', () => {
    expect(() => createTokenSigner({ privateKeyPem: keys.publicKeyPem, issuer: 'i', audience: 'a' })).toThrow(PermanentError);
    expect(() => createTokenSigner({ privateKeyPem: 'nonsense', issuer: 'i', audience: 'a' })).toThrow('not a readable PEM private key');
  });
});
