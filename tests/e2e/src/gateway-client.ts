/** An answer of the public API: status, parsed JSON body (or the text) and headers. */
export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A client of the public API on the gateway, authenticated with one user's JWT: what a user's
 * script or the dashboard does. Paths are public ones (`/api/v1/...`).
 */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T = any>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>('GET', path, options);
  }

  post<T = any>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>('POST', path, { ...options, body });
  }

  /** Like post/get but fails with the problem document when the status is not the expected one. */
  async expect<T = any>(status: number, method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const response = await this.request<T>(method, path, options);
    if (response.status !== status) {
      throw new Error(`${method} ${path} answered ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }

  async request<T>(method: string, path: string, { body, headers = {} }: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}
