import type { Command } from 'commander';
import { ValidationError } from '@pulse/errors';
import { mintToken } from '../commands/token.command';
import type { CliIo } from '../program';
import { PulseApiClient } from './api-client';

export interface ApiOptions {
  api?: string;
  token?: string;
  tenant?: string;
}

/** Adds the options every API command shares: where the gateway is and who is asking. */
export function withApiOptions(command: Command): Command {
  return command
    .option('--api <url>', 'the public API (the gateway); default $PULSE_API_URL or http://127.0.0.1:8080')
    .option('--token <jwt>', 'bearer token; default $PULSE_TOKEN')
    .option('-t, --tenant <tenantId>', 'without a token: mint a 5-minute admin token for this tenant with the operator key');
}

/**
 * The API client for a command: an explicit token wins, then $PULSE_TOKEN, then a short-lived token
 * minted for `--tenant` (operators on the machine that holds the signing key, as `npm start` does).
 */
export async function apiClientFor(options: ApiOptions, io: CliIo): Promise<PulseApiClient> {
  const baseUrl = options.api ?? io.env.PULSE_API_URL ?? 'http://127.0.0.1:8080';
  if (!/^https?:\/\//.test(baseUrl)) throw new ValidationError('Invalid --api', [`--api: an http(s) URL, got "${baseUrl}"`]);
  const token = options.token ?? io.env.PULSE_TOKEN
    ?? (options.tenant ? await mintToken(io.env, { tenantId: options.tenant, scopes: ['admin'], sub: 'pulse-cli', ttlSeconds: 300 }) : undefined);
  if (!token) {
    throw new ValidationError('No credentials', ['pass --token <jwt>, set PULSE_TOKEN, or pass --tenant <id> to mint one with the operator key']);
  }
  return new PulseApiClient(baseUrl, token);
}
