import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One operation of the public API, as the published OpenAPI document describes it. */
export interface PublicRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template, e.g. `/api/v1/sources/{id}`. */
  template: string;
  pathParams: string[];
  queryParams: Array<{ name: string; required: boolean; schema: Record<string, unknown> }>;
  /** Scopes of the bearerAuth requirement (empty when the route is public). */
  scopes: string[];
  hasBody: boolean;
  /** Needs a bearer token: every such route is scoped to the token's tenant. */
  tenantScoped: boolean;
}

export const OPENAPI_FILE = path.resolve(__dirname, '..', '..', '..', 'contracts', 'openapi', 'pulse.openapi.json');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }>;
  requestBody?: unknown;
  security?: Array<Record<string, string[]>>;
}

/**
 * Every operation of contracts/openapi/pulse.openapi.json (the spec the gateway publishes), so a
 * new endpoint is under the suite's tenant, injection and JWT checks the day it is added.
 */
export function publicRoutes(file = OPENAPI_FILE): PublicRoute[] {
  const document = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>>;
    security?: Array<Record<string, string[]>>;
  };
  const routes: PublicRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const security = operation.security ?? document.security ?? [];
      const bearer = security.find((requirement) => 'bearerAuth' in requirement);
      const parameters = operation.parameters ?? [];
      routes.push({
        method: method.toUpperCase() as PublicRoute['method'],
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
        scopes: bearer?.bearerAuth ?? [],
        hasBody: operation.requestBody !== undefined,
        tenantScoped: bearer !== undefined,
      });
    }
  }
  return routes;
}

/** Fills `{name}` placeholders; throws naming a placeholder without a value (a route the suite must learn). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

export const routeName = (route: Pick<PublicRoute, 'method' | 'template'>) => `${route.method} ${route.template}`;
