export {
  SsrfGuard, SSRF_REFUSAL_CODES, addressRange, findSsrfRefusal, isSsrfRefusal, systemResolver,
  type HostResolver, type ResolvedAddress, type SsrfPolicy,
} from './ssrf-guard';
export { assertPublicDestination, pinnedLookup } from './destination';
export { GuardedHttpClient, DEFAULT_USER_AGENT, type GuardedHttpClientOptions, type HttpGetOptions, type HttpGetResult } from './guarded-http.client';
export { parseRetryAfter } from './retry-after';
