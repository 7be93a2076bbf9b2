/**
 * The public OpenAPI spec: the five services' documents merged into one, written to
 * contracts/openapi/pulse.openapi.json (checked in; notification serves it at /api/openapi.json
 * with Swagger UI at /api/docs). A test regenerates it in memory and fails when the file is stale.
 *   pnpm --filter @pulse/gateway openapi          rewrites the file
 *   pnpm --filter @pulse/gateway openapi --check  exits 1 when it is stale
 * The gateway may import the services' openapi.ts modules (it is the one place that knows them all);
 * the services never import each other.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mergeDocuments, type OpenApiDocument } from '@pulse/openapi';
import { analyticsOpenApi } from '../../services/analytics/src/http/openapi';
import { llmOpenApi } from '../../services/llm/src/http/openapi';
import { newsOpenApi } from '../../services/news/src/http/openapi';
import { notificationOpenApi } from '../../services/notification/src/http/openapi';
import { socialOpenApi } from '../../services/social/src/http/openapi';

export const PUBLIC_SPEC_FILE = path.resolve(__dirname, '..', '..', 'contracts', 'openapi', 'pulse.openapi.json');

/** Each service's document, keyed by the Traefik service that must route its paths. */
export function serviceDocuments(): Record<string, OpenApiDocument> {
  return {
    news: newsOpenApi(),
    llm: llmOpenApi(),
    social: socialOpenApi(),
    analytics: analyticsOpenApi(),
    notification: notificationOpenApi(),
  };
}

/** The merged public spec, as served at /api/openapi.json. */
export function buildPublicSpec(): OpenApiDocument {
  return mergeDocuments(Object.values(serviceDocuments()), {
    title: 'Pulse API',
    version: '1.0.0',
    description: [
      'News in, published social posts out: sources and ranked articles (news), summaries (llm), channels and posts (social), numbers (analytics), live events and webhooks (notification).',
      'Every call carries a bearer JWT whose `scopes` must include the one each operation names (`admin` satisfies all); data is always that of the token\'s tenant. Errors are `application/problem+json`.',
    ].join('\n\n'),
  });
}

/** The spec file's exact content. */
export function renderPublicSpec(): string {
  return `${JSON.stringify(buildPublicSpec(), null, 2)}\n`;
}

if (require.main === module) {
  const content = renderPublicSpec();
  if (process.argv.includes('--check')) {
    const current = (() => {
      try {
        return readFileSync(PUBLIC_SPEC_FILE, 'utf8');
      } catch {
        return '';
      }
    })();
    if (current !== content) {
      console.error(`${path.relative(process.cwd(), PUBLIC_SPEC_FILE)} is stale: run pnpm --filter @pulse/gateway openapi`);
      process.exitCode = 1;
    }
  } else {
    mkdirSync(path.dirname(PUBLIC_SPEC_FILE), { recursive: true });
    writeFileSync(PUBLIC_SPEC_FILE, content);
    console.log(`wrote ${PUBLIC_SPEC_FILE}`);
  }
}
