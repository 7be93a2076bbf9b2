export { startPipelineSystem, OPERATOR_SCOPES, type PipelineSystem, type PipelineOptions, type TenantSession } from './pipeline-system';
export { uniquePipelineNames, serviceEnvs, topicsOf, SERVICE_NAMES, type PipelineNames, type ServiceName, type EnvInputs } from './pipeline-config';
export { GatewayClient, type ApiResponse, type RequestOptions } from './gateway-client';
export { SseStream, LiveSocket, type LiveEnvelope } from './live-clients';
export { EventTap, type TappedRecord } from './event-tap';
export { verifyPulseSignature } from './webhook-signature';
export { newTraceparent, traceIdOf } from './trace-parent';
export { fixtureItems, rssFeed, type FixtureItem } from './rss-fixture';
export { holdsFor } from './holds-for';
