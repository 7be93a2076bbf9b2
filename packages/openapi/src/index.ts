export { toJsonSchema, objectProperties, type JsonSchema } from './json-schema';
export { PROBLEM_SCHEMA, PROBLEM_RESPONSES, problemResponse, type ProblemStatus } from './problem-responses';
export {
  serviceDocument,
  BEARER_SCHEME,
  type HttpMethod,
  type OpenApiDocument,
  type OperationSpec,
  type ResponseSpec,
  type ServiceDocumentSpec,
} from './service-document';
export { mergeDocuments, type PublicSpecInfo } from './merge-documents';
export { docsRouter, DOCS_CSP_DIRECTIVES, type DocsRouterOptions } from './docs-router';
