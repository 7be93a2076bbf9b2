import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { createTokenSigner } from '@pulse/auth';
import { ValidationError } from '@pulse/errors';
import type { CliIo } from '../program';

/** Where the local run keeps its signing key (scripts/local/src/keys.ts); operators set JWT_PRIVATE_KEY_FILE. */
const LOCAL_KEY = path.resolve(__dirname, '..', '..', '..', '..', '.data', 'keys', 'jwt-private.pem');

function privateKeyPem(env: NodeJS.ProcessEnv): string {
  if (env.JWT_PRIVATE_KEY) return env.JWT_PRIVATE_KEY.replace(/\\n/g, '\n');
  const file = env.JWT_PRIVATE_KEY_FILE ?? LOCAL_KEY;
  if (!existsSync(file)) {
    throw new ValidationError('No signing key', [`set JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE (looked for ${file}; \`npm start\` creates it)`]);
  }
  return readFileSync(file, 'utf8');
}

/** `pulse token --tenant acme --scopes news:read,news:write`: mints a short-lived JWT (operator use). */
export function tokenCommand(io: CliIo): Command {
  return new Command('token')
    .description('mint a signed JWT for a tenant (ES256, with the operator private key)')
    .requiredOption('-t, --tenant <tenantId>', 'tenant the token acts for')
    .option('-s, --scopes <list>', 'comma-separated scopes', 'admin')
    .option('--sub <subject>', 'subject (who the token is for)', 'operator')
    .option('--ttl <seconds>', 'lifetime in seconds', '3600')
    .action(async (options: { tenant: string; scopes: string; sub: string; ttl: string }) => {
      const ttlSeconds = Number(options.ttl);
      if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > 7 * 24 * 3600) {
        throw new ValidationError('Invalid --ttl', ['--ttl: whole seconds between 1 and 604800']);
      }
      const scopes = options.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      io.out(`${await mintToken(io.env, { sub: options.sub, tenantId: options.tenant, scopes, ttlSeconds })}\n`);
    });
}

/** Signs a token with the operator key from the environment (or the local run's key file). */
export function mintToken(env: NodeJS.ProcessEnv, claims: { sub: string; tenantId: string; scopes: string[]; ttlSeconds: number }): Promise<string> {
  const signer = createTokenSigner({
    privateKeyPem: privateKeyPem(env),
    issuer: env.JWT_ISSUER ?? 'pulse',
    audience: env.JWT_AUDIENCE ?? 'pulse-api',
  });
  return signer.sign(claims);
}
