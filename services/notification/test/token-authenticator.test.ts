import { createAuthenticator, createTokenSigner, generateKeyPair } from '@pulse/auth';
import { ForbiddenError, UnauthorizedError } from '@pulse/errors';
import { tokenAuthenticator } from '../src/http/token-authenticator';

describe('WebSocket token verification', () => {
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const authenticate = tokenAuthenticator(createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' }), ['stream:read']);

  it('accepts a valid token with the scope and returns its principal', async () => {
    const token = await signer.sign({ sub: 'u1', tenantId: 'acme', scopes: ['stream:read'] });
    await expect(authenticate(token)).resolves.toEqual({ sub: 'u1', tenantId: 'acme', scopes: ['stream:read'] });
  });

  it('accepts admin in place of the scope', async () => {
    const token = await signer.sign({ sub: 'u1', tenantId: 'acme', scopes: ['admin'] });
    await expect(authenticate(token)).resolves.toMatchObject({ tenantId: 'acme' });
  });

  it('refuses a token without the scope with ForbiddenError', async () => {
    const token = await signer.sign({ sub: 'u1', tenantId: 'acme', scopes: ['webhooks:read'] });
    await expect(authenticate(token)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a token signed by another key, for another audience, or garbage with UnauthorizedError', async () => {
    const other = createTokenSigner({ privateKeyPem: generateKeyPair().privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    const wrongAudience = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'elsewhere' });
    await expect(authenticate(await other.sign({ sub: 'u', tenantId: 't', scopes: ['stream:read'] }))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticate(await wrongAudience.sign({ sub: 'u', tenantId: 't', scopes: ['stream:read'] }))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticate('not-a-jwt')).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
