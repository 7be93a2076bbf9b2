/**
 * Runs `call` with fetch resolving relative URLs against `origin`, as a browser resolves them
 * against the page's origin: the page's api-client.js calls `/api/v1/...`, which Node's fetch
 * refuses without a base. The Pact tests point it at the mock server this way, leaving the page's
 * code as it ships.
 */
export async function withApiAt<T>(origin: string, call: () => Promise<T>): Promise<T> {
  const nodeFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => nodeFetch(typeof input === 'string' ? new URL(input, origin) : input, init);
  try {
    return await call();
  } finally {
    globalThis.fetch = nodeFetch;
  }
}
