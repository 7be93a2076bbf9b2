export { startFaultSystem, log, NICHES, ITEMS_PER_SECOND, PROXIED, type FaultSystem } from './fault-system';
export { FaultInfra, DEFAULT_FAULT_INFRA, portOpen, freePort, type FaultInfraSettings, type InfraPiece } from './fault-infra';
export { Toxiproxy, type Toxic } from './toxiproxy';
export { ServiceFleet } from './service-fleet';
export { bundleServices, bundleService, startBundle } from './service-bundles';
export { GrowingFeedServer, type GrowingFeedOptions } from './growing-feed';
export { RecordTap, type TopicLedger, type DlqRecord } from './record-tap';
export { violations, describeCounts, type PipelineCounts } from './invariants';
export { readCounts, type LedgerSources } from './pipeline-ledger';
