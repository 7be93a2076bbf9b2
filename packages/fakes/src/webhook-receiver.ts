import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the endpoint answers a request: a status, a delayed answer, or none at all (the sender times out). */
export type FakeWebhookResponse =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'slow'; delayMs: number; status?: number }
  | { kind: 'timeout' };

/** One request the endpoint received, exactly as sent. */
export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  body: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  /** Pulse-Signature check against the endpoint's secret (undefined without a secret). */
  signatureValid: boolean | undefined;
  /** Why the signature did not verify. */
  signatureProblem?: 'missing' | 'malformed' | 'stale' | 'mismatch';
  /** The status answered, or 'timeout' when the request was left hanging. */
  answeredWith: number | 'timeout';
  receivedAt: Date;
}

export interface FakeWebhookEndpointOptions {
  /** Verify `Pulse-Signature` (HMAC-SHA256 over `<t>.<raw body>`) with this secret. */
  secret?: string;
  /** Allowed age of the signature timestamp. */
  toleranceSeconds?: number;
  /** Answer 401 to a request whose signature does not verify (as a careful receiver would). Default true with a secret. */
  rejectInvalidSignatures?: boolean;
  /** Path of the URL handed out; every path is accepted. */
  path?: string;
}

export interface FakeWebhookEndpoint {
  /** The URL to subscribe, e.g. http://127.0.0.1:40123/hook */
  readonly url: string;
  /** Every request so far, oldest first (including failed and timed-out ones). */
  readonly received: ReceivedWebhook[];
  /** The next `count` requests get `response` (queued after earlier programmed responses). */
  respondNext(count: number, response: FakeWebhookResponse): void;
  /** Shorthand: the next `count` requests answer `status` (500 by default), optionally with headers such as Retry-After. */
  failNext(count: number, status?: number, headers?: Record<string, string>): void;
  /** Resolves with the requests once at least `count` were received. */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1:0 for notification tests: records every request with its raw body,
 * checks Pulse signatures like an integrator would, and answers as programmed (default 200).
 */
export async function startFakeWebhookEndpoint(options: FakeWebhookEndpointOptions = {}): Promise<FakeWebhookEndpoint> {
  const received: ReceivedWebhook[] = [];
  const programmed: FakeWebhookResponse[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const reject = options.rejectInvalidSignatures ?? options.secret !== undefined;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const check = options.secret === undefined ? undefined : checkSignature(options.secret, req, rawBody, options.toleranceSeconds ?? 300);
      let response = programmed.shift() ?? { kind: 'status', status: 200 };
      if (check && !check.ok && reject) response = { kind: 'status', status: 401, body: `signature ${check.problem}` };
      const record: ReceivedWebhook = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: { ...req.headers },
        rawBody,
        body: rawBody.toString('utf8'),
        json: parseJson(rawBody),
        signatureValid: check?.ok,
        ...(check && !check.ok ? { signatureProblem: check.problem } : {}),
        answeredWith: response.kind === 'timeout' ? 'timeout' : response.kind === 'slow' ? (response.status ?? 200) : response.status,
        receivedAt: new Date(),
      };
      received.push(record);
      for (const wake of [...waiters]) wake();
      answer(res, response, timers);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/hook'}`,
    received,
    respondNext(count, response) {
      for (let i = 0; i < count; i += 1) programmed.push(response);
    },
    failNext(count, status = 500, headers) {
      for (let i = 0; i < count; i += 1) programmed.push({ kind: 'status', status, ...(headers ? { headers } : {}) });
    },
    waitForDeliveries(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, rejectWait) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          rejectWait(new Error(`Expected ${count} webhook deliveries within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        const wake = (): void => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve([...received]);
        };
        waiters.add(wake);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, response: FakeWebhookResponse, timers: Set<NodeJS.Timeout>): void {
  if (response.kind === 'timeout') return; // left open until the sender gives up or the endpoint closes
  if (response.kind === 'slow') {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) res.writeHead(response.status ?? 200).end('ok');
    }, response.delayMs);
    timers.add(timer);
    return;
  }
  res.writeHead(response.status, { 'content-type': 'text/plain', ...response.headers }).end(response.body ?? String(response.status));
}

type SignatureCheck = { ok: true } | { ok: false; problem: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** The receiver side of Pulse signing, written independently of the sender's code on purpose. */
function checkSignature(secret: string, req: IncomingMessage, rawBody: Buffer, toleranceSeconds: number): SignatureCheck {
  const header = req.headers['pulse-signature'];
  if (typeof header !== 'string' || header === '') return { ok: false, problem: 'missing' };
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const t = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return { ok: false, problem: 'malformed' };
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return { ok: false, problem: 'stale' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  const ok = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return ok ? { ok: true } : { ok: false, problem: 'mismatch' };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
