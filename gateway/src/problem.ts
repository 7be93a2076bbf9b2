/** application/problem+json answers the gateway gives itself (no route, upstream down). */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface Problem {
  code: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

/** Same URI scheme as the services' problems: the code is the last segment. */
export const PROBLEM_TYPE_BASE = 'https://pulse.dev/problems/';

export function problemBody(problem: Problem): string {
  const { code, ...rest } = problem;
  return JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${code}`, ...rest });
}

export function sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // Mid-stream failure: the status line is gone, so the only honest signal left is a cut connection.
    res.destroy();
    return;
  }
  const body = problemBody(problem);
  res.writeHead(problem.status, {
    ...headers,
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** Answers a WebSocket upgrade that cannot be proxied with a plain HTTP problem, then closes. */
export function rejectUpgrade(socket: Duplex, problem: Problem): void {
  if (!socket.writable) return void socket.destroy();
  const body = problemBody(problem);
  const reason = problem.status === 404 ? 'Not Found' : 'Bad Gateway';
  socket.end(
    `HTTP/1.1 ${problem.status} ${reason}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
