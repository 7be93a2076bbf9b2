export type { EventEnvelope } from './envelope';
export * from './events';
export { contracts, TOPICS, withTopic, dlqTopicOf, createEvent, type EventContract, type ValidationResult } from './contract';
export { eventSchemas, envelopeSchema } from './schemas';
export { breakingChanges } from './compatibility';
export { sampleEvents } from './samples';
