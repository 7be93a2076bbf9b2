export { waitFor } from './wait-for';
export { uniqueName, uniqueSchema } from './names';
export { infraEnv, infraServiceEnv, type InfraEnv } from './infra-env';
export { TcpProxy } from './tcp-proxy';
export { messagePact, verifyMessageProvider, pactFilesFor, pactsDir, repoRoot, type PactKind, type VerifyMessageProviderOptions } from './pact';
export { httpPact, verifyHttpProvider, MatchersV3, type VerifyHttpProviderOptions } from './http-pact';
export { pactMatchers } from './pact-matchers';
export { pactExamples } from './pact-examples';
export { messagePactConsumer, type MessagePactConsumer, type MessagePactConsumerSpec, type RecordedMessage } from './message-pact-consumer';
