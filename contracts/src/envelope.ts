/** The CloudEvents-compatible envelope every Pulse event shares (contracts/events/envelope.v1.schema.json). */
export interface EventEnvelope<TType extends string, TData extends { articleId: string }> {
  specversion: '1.0';
  /** uuid; consumers use it as the idempotency key. */
  id: string;
  type: TType;
  version: number;
  /** Producing service, e.g. `pulse/news`. */
  source: string;
  /** RFC 3339. */
  time: string;
  tenantId: string;
  datacontenttype?: 'application/json';
  data: TData;
}
