import type { ApiResponse } from '@pulse/e2e';

/** A request with a body sent as is (malformed JSON, oversized, OPML), parsed like GatewayClient's answers. */
export async function rawRequest(
  url: string,
  { method = 'GET', token, body, headers = {} }: { method?: string; token?: string; body?: string | Buffer; headers?: Record<string, string> },
): Promise<ApiResponse> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
