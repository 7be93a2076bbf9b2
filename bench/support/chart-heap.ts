/**
 * --max-old-space-size the Helm chart gives news and social (NODE_OPTIONS: half of their 512Mi memory
 * limit, helm/pulse/values.yaml). Benchmarks start those services with it: without a ceiling V8 sizes
 * the heap from the host's 24 GiB and lets garbage pile up before a full GC, so the peak RSS would
 * measure this machine rather than the service.
 */
export const CHART_HEAP_MIB = 256;
