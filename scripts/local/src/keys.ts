import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPair, type KeyPair } from '@pulse/auth';

/**
 * The local run's token signing key pair, made once and kept in .data/keys (git-ignored), so
 * tokens minted by `npm run pulse -- token` stay valid across restarts.
 */
export function localKeyPair(dataDir: string): KeyPair & { privateKeyPath: string; publicKeyPath: string } {
  const dir = path.join(dataDir, 'keys');
  const privateKeyPath = path.join(dir, 'jwt-private.pem');
  const publicKeyPath = path.join(dir, 'jwt-public.pem');
  if (!existsSync(privateKeyPath) || !existsSync(publicKeyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateKeyPair();
    writeFileSync(privateKeyPath, pair.privateKeyPem, { mode: 0o600 });
    writeFileSync(publicKeyPath, pair.publicKeyPem);
  }
  return {
    privateKeyPem: readFileSync(privateKeyPath, 'utf8'),
    publicKeyPem: readFileSync(publicKeyPath, 'utf8'),
    privateKeyPath,
    publicKeyPath,
  };
}
