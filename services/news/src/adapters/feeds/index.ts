export * from './article-extractor';
export * from './feed-fetcher';
export * from './guarded-http.client';
export * from './retry-after';
export * from './ssrf-guard';
export * from './sample-feeds';
