/**
 * The error taxonomy shared by every part of Pulse.
 *
 * Two questions decide what happens to a failure, so every error that crosses a module boundary
 * answers them: may trying again help (`retriable`), and how does it look on HTTP (`status`, `type`).
 * Consumers retry retriable errors and dead-letter the rest; HTTP maps them to problem+json.
 */
export interface PulseErrorOptions {
  /** Short machine-readable code, also the last segment of the problem type URI. */
  code: string;
  /** HTTP status when this error reaches a client. */
  status: number;
  retriable: boolean;
  cause?: unknown;
  /** Extra problem+json members (for example `errors` for validation failures). */
  details?: Record<string, unknown>;
  /** Seconds a caller should wait before retrying (429/503). */
  retryAfterSeconds?: number;
}

export class PulseError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: PulseErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.retriable = options.retriable;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

type Extra = Omit<PulseErrorOptions, 'code' | 'status' | 'retriable'> & { code?: string };

/** Transient: network, timeouts, locks, 429/503 from a dependency. Trying again may succeed. */
export class RetriableError extends PulseError {
  constructor(message: string, extra: Extra = {}) {
    super(message, { status: 503, code: 'unavailable', ...extra, retriable: true });
  }
}

/** Permanent: trying again with the same input fails the same way. */
export class PermanentError extends PulseError {
  constructor(message: string, extra: Extra & { status?: number } = {}) {
    super(message, { status: 422, code: 'unprocessable', ...extra, retriable: false });
  }
}

/** Input that breaks a schema or a rule; `errors` lists each problem. */
export class ValidationError extends PermanentError {
  readonly errors: string[];
  constructor(message: string, errors: string[], extra: Extra = {}) {
    super(message, { status: 400, code: 'validation-failed', ...extra, details: { errors, ...extra.details } });
    this.errors = errors;
  }
}

export class NotFoundError extends PermanentError {
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`, { status: 404, code: 'not-found' });
  }
}

export class ConflictError extends PermanentError {
  constructor(message: string) {
    super(message, { status: 409, code: 'conflict' });
  }
}

export class UnauthorizedError extends PermanentError {
  constructor(message = 'A valid bearer token is required') {
    super(message, { status: 401, code: 'unauthorized' });
  }
}

export class ForbiddenError extends PermanentError {
  constructor(message: string) {
    super(message, { status: 403, code: 'forbidden' });
  }
}

export class RateLimitedError extends PulseError {
  constructor(retryAfterSeconds: number) {
    super('Too many requests', { status: 429, code: 'rate-limited', retriable: true, retryAfterSeconds });
  }
}

/**
 * Whether an unknown failure may succeed when tried again. Pulse errors say so themselves; for
 * anything else (a driver or library error) network-level failures are retriable and the rest
 * is treated as permanent so a poison message cannot loop forever.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof PulseError) return error.retriable;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  // node-postgres reports a connection the server closed mid-query (restart, failover) as a plain
  // Error without a code; the fault suite (tests/faults) saw it dead-letter events as permanent.
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /^Connection terminated\b/.test(message)) return true;
  // TypeORM releases a query runner whose connection died (its 'error' listener) and answers every
  // later statement of that transaction with QueryRunner(Provider)AlreadyReleasedError: the
  // connection was lost, not the event bad. Matched by name prefix: bundlers suffix class names.
  return typeof name === 'string' && /^QueryRunner(Provider)?AlreadyReleasedError/.test(name);
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
  // PostgreSQL: connection failures, serialization/deadlock, admin shutdown, too many connections.
  '08000', '08003', '08006', '08001', '08004', '40001', '40P01', '57P01', '57P02', '57P03', '53300',
]);
const TRANSIENT_NAMES = new Set(['KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded', 'TimeoutError', 'AbortError']);

/** A one-line description of any thrown value, for logs and DLQ headers. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
