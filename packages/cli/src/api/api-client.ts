import { PermanentError, RetriableError } from '@pulse/errors';

/** A problem+json answer of the public API, as the CLI reports it. */
export class ApiProblemError extends PermanentError {
  constructor(readonly httpStatus: number, readonly problem: { title?: string; detail?: string; type?: string; errors?: unknown }) {
    super(`${httpStatus} ${problem.title ?? 'request failed'}${problem.detail ? `: ${problem.detail}` : ''}`, { status: httpStatus, code: 'api-problem' });
  }

  /** The validation messages of a 400/422, for the CLI to print under the error line. */
  get errors(): string[] {
    const list = this.problem.errors;
    if (!Array.isArray(list)) return [];
    return list.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
  }
}

/** The public API through the gateway, authenticated with one bearer token. */
export class PulseApiClient {
  constructor(readonly baseUrl: string, private readonly token: string, private readonly timeoutMs = 30_000) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.baseUrl).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json, application/problem+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new RetriableError(`cannot reach the Pulse API at ${this.baseUrl} (${(error as Error).message}); is \`npm start\` running?`, { cause: error });
    }
    const text = await response.text();
    const json = text.length > 0 ? parseJson(text) : undefined;
    if (!response.ok) {
      const problem = typeof json === 'object' && json !== null ? (json as ApiProblemError['problem']) : { title: response.statusText, detail: text.slice(0, 200) };
      throw new ApiProblemError(response.status, problem);
    }
    return json as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { title: 'not JSON', detail: text.slice(0, 200) };
  }
}
