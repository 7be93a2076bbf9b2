import { isDeepStrictEqual } from 'node:util';
import { ValidationError } from '@pulse/errors';
import type { OpenApiDocument } from './service-document';

export interface PublicSpecInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * Merges the services' documents into the one public spec. Two services claiming the same
 * operation, or defining a component of the same name differently, is an error, not an override.
 */
export function mergeDocuments(documents: OpenApiDocument[], info: PublicSpecInfo): OpenApiDocument {
  const [first] = documents;
  if (!first) throw new ValidationError('Nothing to merge', ['no service documents']);
  const merged: OpenApiDocument = {
    openapi: '3.1.0',
    info: { ...info, license: first.info.license },
    servers: first.servers,
    security: first.security,
    tags: [],
    paths: {},
    components: { schemas: {}, responses: {}, securitySchemes: {} },
  };
  const conflicts: string[] = [];
  for (const doc of documents) {
    merged.tags.push(...doc.tags);
    for (const [path, item] of Object.entries(doc.paths)) {
      const target = (merged.paths[path] ??= {});
      for (const [method, operation] of Object.entries(item)) {
        if (target[method]) conflicts.push(`${method.toUpperCase()} ${path} is defined twice (tags ${String(target[method].tags)} and ${String(operation.tags)})`);
        else target[method] = operation;
      }
    }
    for (const section of ['schemas', 'responses', 'securitySchemes'] as const) {
      for (const [name, component] of Object.entries(doc.components[section])) {
        const existing = merged.components[section][name];
        if (existing && !isDeepStrictEqual(existing, component)) conflicts.push(`components.${section}.${name} differs between services`);
        else merged.components[section][name] = component;
      }
    }
  }
  if (conflicts.length > 0) throw new ValidationError('The service documents conflict', conflicts);
  merged.paths = Object.fromEntries(Object.entries(merged.paths).sort(([a], [b]) => a.localeCompare(b)));
  for (const section of ['schemas', 'responses', 'securitySchemes'] as const) {
    merged.components[section] = Object.fromEntries(Object.entries(merged.components[section]).sort(([a], [b]) => a.localeCompare(b)));
  }
  return merged;
}
