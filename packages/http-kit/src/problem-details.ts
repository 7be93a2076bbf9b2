import { STATUS_CODES } from 'node:http';
import { PulseError } from '@pulse/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document plus the headers that go with it. */
export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance: string;
    code: string;
    requestId?: string;
    [member: string]: unknown;
  };
}

// Errors raised by express' own body parser (http-errors): known by their `type`.
const BODY_PARSER_ERRORS: Record<string, { code: string; detail: (e: HttpLikeError) => string }> = {
  'entity.too.large': { code: 'payload-too-large', detail: (e) => `The request body is larger than the limit of ${e.limit ?? '?'} bytes` },
  'entity.parse.failed': { code: 'malformed-json', detail: () => 'The request body is not valid JSON' },
  'entity.verify.failed': { code: 'malformed-body', detail: () => 'The request body failed verification' },
  'request.aborted': { code: 'request-aborted', detail: () => 'The client aborted the request' },
  'request.size.invalid': { code: 'malformed-body', detail: () => 'The request body length does not match Content-Length' },
  'encoding.unsupported': { code: 'unsupported-encoding', detail: (e) => e.message },
  'charset.unsupported': { code: 'unsupported-charset', detail: (e) => e.message },
};

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message: string;
  limit?: number;
}

/**
 * The one place an error becomes an HTTP status and problem+json body. Pulse errors bring their
 * status, code, details and Retry-After; body-parser errors are recognised; anything else is a
 * 500 whose detail says nothing about internals (the log has the stack).
 */
export function toProblem(error: unknown, { instance, requestId, typeBase }: { instance: string; requestId?: string; typeBase: string }): Problem {
  const { status, code, detail, members, retryAfterSeconds } = classify(error);
  const headers: Record<string, string> = { 'Content-Type': PROBLEM_CONTENT_TYPE };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return {
    status,
    headers,
    body: {
      ...members,
      type: `${typeBase}${code}`,
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance,
      code,
      ...(requestId ? { requestId } : {}),
    },
  };
}

function classify(error: unknown): { status: number; code: string; detail: string; members: Record<string, unknown>; retryAfterSeconds?: number } {
  if (error instanceof PulseError) {
    const retry = error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds };
    // A 5xx Pulse error's message may name hosts or queries: clients get a generic sentence.
    if (error.status >= 500) return { status: error.status, code: error.code, detail: serverDetail(error.status), members: {}, ...retry };
    return { status: error.status, code: error.code, detail: error.message, members: error.details ?? {}, ...retry };
  }
  const http = error as HttpLikeError | null;
  const status = http?.status ?? http?.statusCode;
  if (http && typeof status === 'number' && status >= 400 && status < 500) {
    const known = http.type ? BODY_PARSER_ERRORS[http.type] : undefined;
    if (known) return { status, code: known.code, detail: known.detail(http), members: {} };
    if (http.expose) return { status, code: slug(STATUS_CODES[status] ?? 'client-error'), detail: http.message, members: {} };
  }
  return { status: 500, code: 'internal', detail: serverDetail(500), members: {} };
}

function serverDetail(status: number): string {
  return status === 503 ? 'The service is temporarily unavailable; try again later' : 'An unexpected error occurred; it has been logged';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
