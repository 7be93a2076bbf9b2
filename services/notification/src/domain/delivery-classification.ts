/**
 * What one webhook attempt means for the delivery:
 * - delivered: 2xx
 * - gone: 410, the receiver says the endpoint is gone for good -> disable the subscription
 * - retriable: 5xx, 408, 429, timeouts and network errors
 * - permanent: any other status (4xx, and 3xx because redirects are never followed)
 */
export type AttemptOutcome = 'delivered' | 'gone' | 'retriable' | 'permanent';

export function classifyStatus(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  // 408 and 429 are the receiver asking us to come back later, not a rejection of the payload.
  if (status === 408 || status === 429) return 'retriable';
  if (status >= 500) return 'retriable';
  return 'permanent';
}
