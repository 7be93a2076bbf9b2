import { PermanentError } from '@pulse/errors';
import { createTokenIssuing, generateKeyPair, hashApiKeySecret, parseClientCredentials, verifyApiKeySecret, generateApiKeySecret } from '../src';

const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

describe('parseClientCredentials', () => {
  it('reads HTTP Basic credentials, form-decoding both parts', () => {
    const parsed = parseClientCredentials(basic('my%20id:s%3Acret'), { grant_type: 'client_credentials' });
    expect(parsed).toEqual({ ok: true, request: { clientId: 'my id', clientSecret: 's:cret', scopes: undefined } });
  });

  it('splits a space-delimited scope parameter', () => {
    const parsed = parseClientCredentials(undefined, { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b', scope: 'news:read  posts:write' });
    expect(parsed.ok && parsed.request.scopes).toEqual(['news:read', 'posts:write']);
  });

  it.each([
    [undefined, {}, 'invalid_request'],
    [undefined, { grant_type: 'authorization_code' }, 'unsupported_grant_type'],
    [undefined, { grant_type: 'client_credentials', client_id: 'a' }, 'invalid_client'],
    ['Basic !!!', { grant_type: 'client_credentials' }, 'invalid_client'],
    [basic('no-colon'), { grant_type: 'client_credentials' }, 'invalid_client'],
    [basic('a:b'), { grant_type: 'client_credentials', client_secret: 'b' }, 'invalid_request'],
    [undefined, { grant_type: ['client_credentials'] }, 'invalid_request'],
  ])('answers %s %j with %s', (authorization, body, error) => {
    const parsed = parseClientCredentials(authorization, body);
    expect(parsed.ok ? 'ok' : parsed.failure.error).toBe(error);
  });
});

describe('API key secrets', () => {
  it('verifies the secret a hash was made from and nothing else; the hash is salted', async () => {
    const secret = generateApiKeySecret();
    const hash = await hashApiKeySecret(secret);
    expect(hash).not.toContain(secret);
    expect(await hashApiKeySecret(secret)).not.toBe(hash);
    expect(await verifyApiKeySecret(secret, hash)).toBe(true);
    expect(await verifyApiKeySecret(generateApiKeySecret(), hash)).toBe(false);
    expect(await verifyApiKeySecret(secret, 'scrypt$1$2$3$garbage')).toBe(false);
  });
});

describe('createTokenIssuing', () => {
  it('refuses a private key that is not the pair of the configured public key', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(() => createTokenIssuing({ privateKeyPem: a.privateKeyPem, publicKeyPem: b.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' }))
      .toThrow(PermanentError);
    const issuing = createTokenIssuing({ privateKeyPem: a.privateKeyPem, publicKeyPem: a.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    expect(issuing.jwks.keys).toHaveLength(1);
  });
});
