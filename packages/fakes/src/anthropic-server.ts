import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakePromptCache, fakeTokenCount } from './anthropic-server.cache';
import { buildToolInput, readPrompt } from './anthropic-server.replies';

/**
 * A local stand-in for the Anthropic API speaking its wire format: `POST /v1/messages`, Message
 * Batches (create, retrieve, JSONL results), API-key and version checks, prompt-cache accounting,
 * latency, injected failures and a request log. Point the SDK's `baseURL` at `url`.
 */
export interface FakeAnthropicOptions {
  /** The key requests must send in `x-api-key` (default "test-key"). */
  apiKey?: string;
  /** Delay before every Messages API answer. */
  latencyMs?: number;
  /** Invented quotes appended to every facts reply (exercises verification). */
  fabricatedQuotes?: number;
  /** Prefixes shorter than this are not cached (the real API needs 1024+; default 0). */
  minCacheableTokens?: number;
  /** Retrievals of a batch that still answer `in_progress` before it ends (default 0; Infinity: only `endBatches()` ends it). */
  batchPollsBeforeEnd?: number;
  /** custom_ids whose batch result is `errored`. */
  failingBatchIds?: string[];
  /** custom_ids whose batch result is `expired` (the batch hit its 24 h limit before reaching them). */
  expiredBatchIds?: string[];
  /** Decides each batch request's result from its custom_id and params (overrides the two lists above). */
  batchItemResult?: (customId: string, params: Record<string, unknown>) => 'succeeded' | 'errored' | 'expired';
}

export type FakeAnthropicFault =
  /** No fault: lets a queued fault hit a later request. */
  | { kind: 'ok' }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'overloaded' }
  | { kind: 'server-error' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'invalid-tool-input' }
  | { kind: 'no-tool-use' }
  | { kind: 'fabricated-quotes' };

export interface FakeAnthropicRequest {
  /** Date.now() when the request arrived. */
  at: number;
  /** Date.now() when it was answered (0 while in flight). */
  doneAt: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
  status: number;
  /** The JSON answered (Messages API and batch creation), for asserting usage and content. */
  response?: Record<string, unknown>;
  /** The fault injected into this request, if any. */
  fault?: FakeAnthropicFault['kind'];
}

export interface FakeAnthropic {
  url: string;
  /** Every request in arrival order (status filled in when answered). */
  requests: FakeAnthropicRequest[];
  /** `POST /v1/messages` requests only. */
  messageRequests(): FakeAnthropicRequest[];
  /** The next `times` Messages API requests suffer `fault` (queued after earlier injections). */
  inject(fault: FakeAnthropicFault, times?: number): void;
  /** Ends every batch now (its next retrieval answers `ended`). */
  endBatches(): void;
  /** Clears the log and pending faults (not the prompt cache). */
  reset(): void;
  close(): Promise<void>;
}

interface StoredBatch {
  id: string;
  createdAt: string;
  polls: number;
  lines: string[];
  ended: boolean;
  counts: { succeeded: number; errored: number; expired: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function apiError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { type: 'error', error: { type, message } }, headers);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (timeout): nothing to answer
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}`, ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? 'test-key';
  const cache = new FakePromptCache(options.minCacheableTokens ?? 0);
  const requests: FakeAnthropicRequest[] = [];
  const faults: FakeAnthropicFault[] = [];
  const batches = new Map<string, StoredBatch>();
  let messageCounter = 0;
  let url = '';

  /** The Message object the fake model answers with (no faults, no latency). */
  function answer(body: Record<string, unknown>, fault?: FakeAnthropicFault): Record<string, unknown> {
    const accounting = cache.account(body);
    const choice = body.tool_choice as { type?: string; name?: string } | undefined;
    const prompt = readPrompt(body);
    let content: unknown[];
    if (choice?.type === 'tool' && choice.name && fault?.kind !== 'no-tool-use') {
      const input =
        fault?.kind === 'invalid-tool-input'
          ? '{"facts": [{"statement": "unterminated'
          : buildToolInput({ toolName: choice.name, ...prompt, fabricatedQuotes: options.fabricatedQuotes ?? 0, fabricateAll: fault?.kind === 'fabricated-quotes' });
      content = [{ type: 'tool_use', id: `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`, name: choice.name, input }];
    } else {
      content = [{ type: 'text', text: prompt.articleText.split(/(?<=[.!?])\s+/, 2).join(' ') || 'OK.' }];
    }
    messageCounter += 1;
    return {
      id: `msg_fake_${messageCounter}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: (content[0] as { type: string }).type === 'tool_use' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: accounting.inputTokens,
        output_tokens: fakeTokenCount(JSON.stringify(content)),
        cache_creation_input_tokens: accounting.cacheWriteTokens,
        cache_read_input_tokens: accounting.cacheReadTokens,
        service_tier: 'standard',
      },
    };
  }

  async function handleMessage(entry: FakeAnthropicRequest, res: ServerResponse): Promise<number> {
    const body = entry.body!;
    if (typeof body.model !== 'string' || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages)) {
      apiError(res, 400, 'invalid_request_error', 'model, max_tokens and messages are required');
      return 400;
    }
    const fault = faults.shift();
    if (fault && fault.kind !== 'ok') entry.fault = fault.kind;
    if (options.latencyMs) await sleep(options.latencyMs);
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    if (fault?.kind === 'rate-limit') {
      apiError(res, 429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': String(fault.retryAfterSeconds) });
      return 429;
    }
    if (fault?.kind === 'overloaded') {
      apiError(res, 529, 'overloaded_error', 'Overloaded');
      return 529;
    }
    if (fault?.kind === 'server-error') {
      apiError(res, 500, 'api_error', 'Internal server error');
      return 500;
    }
    entry.response = answer(body, fault);
    send(res, 200, entry.response);
    return 200;
  }

  function batchView(batch: StoredBatch): Record<string, unknown> {
    const total = batch.lines.length;
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: batch.ended ? 'ended' : 'in_progress',
      request_counts: batch.ended
        ? { processing: 0, succeeded: batch.counts.succeeded, errored: batch.counts.errored, canceled: 0, expired: batch.counts.expired }
        : { processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      created_at: batch.createdAt,
      expires_at: new Date(Date.parse(batch.createdAt) + 86_400_000).toISOString(),
      ended_at: batch.ended ? new Date().toISOString() : null,
      archived_at: null,
      cancel_initiated_at: null,
      results_url: batch.ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  function createBatch(body: Record<string, unknown>, res: ServerResponse): number {
    const items = body.requests as Array<{ custom_id?: unknown; params?: Record<string, unknown> }> | undefined;
    if (!Array.isArray(items) || items.length === 0 || items.some((i) => typeof i.custom_id !== 'string' || !i.params)) {
      apiError(res, 400, 'invalid_request_error', 'requests must be a non-empty list of {custom_id, params}');
      return 400;
    }
    const failing = new Set(options.failingBatchIds ?? []);
    const expired = new Set(options.expiredBatchIds ?? []);
    const counts = { succeeded: 0, errored: 0, expired: 0 };
    // Answered in reverse so callers must map results by custom_id, as the real API requires.
    const lines = items
      .slice()
      .reverse()
      .map(({ custom_id, params }) => {
        const decided = options.batchItemResult?.(custom_id as string, params!);
        if (decided === 'errored' || (!decided && failing.has(custom_id as string))) {
          counts.errored += 1;
          return JSON.stringify({ custom_id, result: { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: 'Internal server error' }, request_id: null } } });
        }
        if (decided === 'expired' || (!decided && expired.has(custom_id as string))) {
          counts.expired += 1;
          return JSON.stringify({ custom_id, result: { type: 'expired' } });
        }
        counts.succeeded += 1;
        return JSON.stringify({ custom_id, result: { type: 'succeeded', message: answer(params!) } });
      });
    const batch: StoredBatch = { id: `msgbatch_${randomUUID().replace(/-/g, '')}`, createdAt: new Date().toISOString(), polls: 0, lines, ended: false, counts };
    batches.set(batch.id, batch);
    send(res, 200, batchView(batch));
    return 200;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const raw = await readBody(req);
    const entry: FakeAnthropicRequest = { at: Date.now(), method: req.method ?? 'GET', path, headers: req.headers, body: undefined, status: 0, doneAt: 0 };
    requests.push(entry);
    if (req.headers['x-api-key'] !== apiKey) return void apiError(res, (entry.status = 401), 'authentication_error', 'invalid x-api-key');
    if (!req.headers['anthropic-version']) return void apiError(res, (entry.status = 400), 'invalid_request_error', 'anthropic-version header is required');
    if (raw) {
      try {
        entry.body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return void apiError(res, (entry.status = 400), 'invalid_request_error', 'body is not valid JSON');
      }
    }
    const batchMatch = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
    if (req.method === 'POST' && path === '/v1/messages' && entry.body) {
      entry.status = await handleMessage(entry, res);
    } else if (req.method === 'POST' && path === '/v1/messages/batches' && entry.body) {
      entry.status = createBatch(entry.body, res);
    } else if (req.method === 'GET' && batchMatch) {
      const batch = batches.get(batchMatch[1]!);
      if (!batch) return void apiError(res, (entry.status = 404), 'not_found_error', `batch ${batchMatch[1]} not found`);
      if (batchMatch[2]) {
        if (!batch.ended) return void apiError(res, (entry.status = 400), 'invalid_request_error', 'batch has not ended');
        entry.status = 200;
        res.writeHead(200, { 'content-type': 'application/binary' });
        res.end(`${batch.lines.join('\n')}\n`);
        return;
      }
      batch.polls += 1;
      if (batch.polls > (options.batchPollsBeforeEnd ?? 0)) batch.ended = true;
      entry.status = 200;
      send(res, 200, batchView(batch));
    } else {
      apiError(res, (entry.status = 404), 'not_found_error', `${req.method} ${path} is not part of this fake`);
    }
  }

  const server: Server = createServer((req, res) => {
    res.on('close', () => {
      const entry = requests.findLast((r) => r.doneAt === 0 && r.headers === req.headers);
      if (entry) entry.doneAt = Date.now();
    });
    route(req, res).catch((error: unknown) => apiError(res, 500, 'api_error', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    messageRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages'),
    inject(fault, times = 1) {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    endBatches() {
      for (const batch of batches.values()) batch.ended = true;
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
