import { generateKeyPair, createAuthenticator } from '@pulse/auth';
import { runCli } from '../src';

describe('pulse token', () => {
  const keys = generateKeyPair();

  async function run(args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(['node', 'pulse', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, env: { JWT_PRIVATE_KEY: keys.privateKeyPem } });
    return { code, out, err };
  }

  it('mints a token the services accept, with the tenant and scopes asked for', async () => {
    const { code, out } = await run(['token', '--tenant', 'acme', '--scopes', 'news:read,posts:write']);
    expect(code).toBe(0);
    const { authenticate } = createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    const req = { headers: { authorization: `Bearer ${out.trim()}` } } as never as { user?: { tenantId: string; scopes: string[] } };
    await new Promise<void>((resolve, reject) => authenticate(req as never, {} as never, (e?: unknown) => (e ? reject(e) : resolve())));
    expect(req.user).toMatchObject({ tenantId: 'acme', scopes: ['news:read', 'posts:write'] });
  });

  it('refuses a nonsensical lifetime and a missing tenant', async () => {
    expect((await run(['token', '--tenant', 'acme', '--ttl', '-5'])).code).toBe(1);
    expect((await run(['token'])).code).not.toBe(0);
  });
});
