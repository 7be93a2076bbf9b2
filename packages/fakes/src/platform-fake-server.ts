import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** One request a fake platform received, for assertions. */
export interface FakeRequestRecord {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: Date;
}

/**
 * A fault to inject into the next matching requests. Without `status` the request only waits
 * `delayMs` and is then served normally. `afterProcessing` serves the request (the post is
 * stored) and then answers with the fault: a lost response, as after a crash or timeout.
 */
export interface FakeFault {
  status?: number;
  headers?: Record<string, string>;
  /** JSON value, or a string sent as is (with `contentType`, e.g. an HTML error page). */
  body?: unknown;
  contentType?: string;
  delayMs?: number;
  afterProcessing?: boolean;
  /** Only requests whose path contains this are affected. */
  pathIncludes?: string;
}

/** What every platform fake offers besides its own routes. */
export interface FakePlatformControls {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: FakeRequestRecord[];
  /** Makes the next `count` matching requests fail (or stall) as described. */
  injectFaults(count: number, fault: FakeFault): void;
  /** The next `count` requests answer 503 Service Unavailable. */
  failNext(count: number, status?: number): void;
  /** The next `count` requests wait `delayMs` before being served. */
  slowNext(count: number, delayMs: number): void;
  close(): Promise<void>;
}

interface PendingFault {
  remaining: number;
  fault: FakeFault;
}

/** Starts an express app on 127.0.0.1:0 with request logging and fault injection in front. */
export async function startFakePlatformServer(
  setup: (app: Express) => void,
  defaultFailure: DefaultFailure,
  /** 0 (default) picks a free port; the local run pins one so its demo channel stays valid. */
  listenPort = 0,
): Promise<FakePlatformControls> {
  const app = express();
  const requests: FakeRequestRecord[] = [];
  const faults: PendingFault[] = [];
  app.disable('x-powered-by');
  // The raw body is kept for receivers that verify signatures over it.
  const keepRaw = (req: Request, _res: Response, buf: Buffer): void => {
    (req as unknown as { rawBody: string }).rawBody = buf.toString('utf8');
  };
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'], verify: keepRaw }));
  app.use(express.urlencoded({ extended: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    requests.push({ method: req.method, path: req.originalUrl, headers: { ...req.headers }, body: req.body, at: new Date() });
    const pending = faults.find((f) => f.remaining > 0 && (f.fault.pathIncludes === undefined || req.originalUrl.includes(f.fault.pathIncludes)));
    if (pending === undefined) return next();
    pending.remaining -= 1;
    const { fault } = pending;
    const act = (): void => {
      if (fault.status === undefined) return next();
      if (fault.afterProcessing === true) {
        // The route does its work; reply() then answers with the fault instead.
        res.locals.pulseFault = { fault, defaultFailure };
        return next();
      }
      sendFault(res, fault, defaultFailure);
    };
    if (fault.delayMs !== undefined && fault.delayMs > 0) setTimeout(act, fault.delayMs);
    else act();
  });
  setup(app);

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(listenPort, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const injectFaults = (count: number, fault: FakeFault): void => {
    faults.push({ remaining: count, fault });
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFaults,
    failNext: (count, status = 503) => injectFaults(count, { status }),
    slowNext: (count, delayMs) => injectFaults(count, { delayMs }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

type DefaultFailure = (status: number) => { headers?: Record<string, string>; body: unknown };

function sendFault(res: Response, fault: FakeFault, defaultFailure: DefaultFailure): void {
  const status = fault.status ?? 503;
  const fallback = defaultFailure(status);
  const body = fault.body ?? fallback.body;
  res.status(status).set({ ...fallback.headers, ...fault.headers });
  if (typeof body === 'string') res.type(fault.contentType ?? 'text/plain').send(body);
  else res.json(body);
}

/**
 * Answers a request from a fake's route; a fault injected with `afterProcessing` replaces the
 * answer (the work is done, the client never learns it).
 */
export function reply(res: Response, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const pending = res.locals.pulseFault as { fault: FakeFault; defaultFailure: DefaultFailure } | undefined;
  if (pending !== undefined) return sendFault(res, pending.fault, pending.defaultFailure);
  res.status(status).set(headers);
  if (body === undefined) res.end();
  else res.json(body);
}

/** Bearer token of a request, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !header.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length).trim();
}
