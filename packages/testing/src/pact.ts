import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MessageConsumerPact, Verifier, type LogLevel, type MessageProviders, type VerifierOptions } from '@pact-foundation/pact';

/** The repository root (the directory holding pnpm-workspace.yaml), whatever the cwd. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No pnpm-workspace.yaml above ${__dirname}`);
  }
}

/** Where consumers write their pacts and providers read them: contracts/pacts/. */
export function pactsDir(): string {
  return path.join(repoRoot(), 'contracts', 'pacts');
}

/**
 * A message (Kafka event) pact between `consumer` and `provider` that writes to contracts/pacts/
 * when its `verify(handler)` succeeds; interactions of several tests merge into one file.
 */
export function messagePact({ consumer, provider, logLevel = 'warn' }: { consumer: string; provider: string; logLevel?: LogLevel }): MessageConsumerPact {
  return new MessageConsumerPact({ consumer, provider, dir: pactsDir(), logLevel });
}

/** A message (Kafka) pact holds `messages`; an HTTP pact holds request/response `interactions`. */
export type PactKind = 'message' | 'http';

/** Every pact file of `kind` (message pacts unless told) in `dir` whose provider is `provider`. */
export function pactFilesFor(provider: string, dir: string = pactsDir(), kind: PactKind = 'message'): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(dir, name))
    .filter((file) => {
      const pact = JSON.parse(readFileSync(file, 'utf8')) as { provider?: { name?: string }; interactions?: unknown };
      // A provider verifies its HTTP pacts against its API and its message pacts against its events.
      return pact.provider?.name === provider && (Array.isArray(pact.interactions) ? 'http' : 'message') === kind;
    })
    .sort();
}

export interface VerifyMessageProviderOptions {
  provider: string;
  /** One function per interaction description, producing the message as the provider really does. */
  messageProviders: MessageProviders;
  stateHandlers?: VerifierOptions['stateHandlers'];
  logLevel?: LogLevel;
  /** Defaults to contracts/pacts/. */
  dir?: string;
}

/**
 * Verifies every pact in contracts/pacts/ naming `provider`, from the local files (no broker).
 * Fails when there is none, so a misspelt provider name cannot pass by verifying nothing.
 * Returns the files verified.
 */
export async function verifyMessageProvider(options: VerifyMessageProviderOptions): Promise<string[]> {
  const files = pactFilesFor(options.provider, options.dir);
  if (files.length === 0) {
    throw new Error(`No pact in ${options.dir ?? pactsDir()} names provider "${options.provider}"`);
  }
  await new Verifier({
    provider: options.provider,
    pactUrls: files,
    messageProviders: options.messageProviders,
    stateHandlers: options.stateHandlers,
    logLevel: options.logLevel ?? 'warn',
  }).verifyProvider();
  return files;
}
