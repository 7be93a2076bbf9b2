export * from './article-extractor';
export * from './feed-fetcher';
export * from './feed-http.client';
export * from './sample-feeds';
