import type { ApiResponse } from '@pulse/e2e';

/** The problem code of an answer: the last segment of its `type` URI (services and gateway share it). */
export function problemCode(response: ApiResponse): string | undefined {
  const type = (response.body as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? /[^:/]+$/.exec(type)?.[0] : undefined;
}

/** A compact view for `toEqual`: status, media type and problem code, so a failure shows all three. */
export function problemOf(response: ApiResponse): { status: number; contentType: string; code: string | undefined } {
  return {
    status: response.status,
    contentType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim(),
    code: problemCode(response),
  };
}

/** What `problemOf` returns for the expected answer. */
export const problem = (status: number, code: string) => ({ status, contentType: 'application/problem+json', code });
