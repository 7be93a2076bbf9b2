import { MatchersV3 } from '@pact-foundation/pact';

const { regex } = MatchersV3;

/**
 * Pact matchers for the event envelope's formats, shared by every consumer pact so all of them
 * hold providers to the same rules (the JSON Schema formats of contracts/events).
 */
export const pactMatchers = {
  uuid: (example: string) => regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, example),
  rfc3339: (example: string) => regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, example),
  httpUrl: (example: string) => regex(/^https?:\/\/\S+$/, example),
  tenantId: (example: string) => regex(/^[A-Za-z0-9_-]{1,64}$/, example),
};
