/**
 * Strict schemas for the part of Traefik v3's configuration that Pulse uses.
 *
 * Written after Traefik's documented JSON schemas (SchemaStore `traefik-v3.json` and
 * `traefik-v3-file-provider.json`): same key names, same types, no unknown keys. They are a subset:
 * an option Traefik knows but Pulse does not use fails here on purpose, so adding one means adding
 * it here (after checking Traefik's reference) and, when it changes routing, to the dev gateway.
 * Why the real schemas are not used instead (they cannot be obtained offline here): gateway/README.md,
 * "Validation and its sources".
 */
import { z } from 'zod';

const duration = z.string().regex(/^-?\d+(\.\d+)?(ns|us|ms|s|m|h)$/, 'a Go duration such as 10s');
const stringList = z.array(z.string().min(1));

const ipStrategy = z.strictObject({ depth: z.number().int().optional(), excludedIPs: stringList.optional() });
const sourceCriterion = z.strictObject({
  ipStrategy: ipStrategy.optional(),
  requestHeaderName: z.string().optional(),
  requestHost: z.boolean().optional(),
});

const headers = z.strictObject({
  customRequestHeaders: z.record(z.string(), z.string()).optional(),
  customResponseHeaders: z.record(z.string(), z.string()).optional(),
  accessControlAllowCredentials: z.boolean().optional(),
  accessControlAllowHeaders: stringList.optional(),
  accessControlAllowMethods: stringList.optional(),
  accessControlAllowOriginList: stringList.optional(),
  accessControlExposeHeaders: stringList.optional(),
  accessControlMaxAge: z.number().int().optional(),
  addVaryHeader: z.boolean().optional(),
  frameDeny: z.boolean().optional(),
  contentTypeNosniff: z.boolean().optional(),
  contentSecurityPolicy: z.string().optional(),
  referrerPolicy: z.string().optional(),
  permissionsPolicy: z.string().optional(),
  stsSeconds: z.number().int().optional(),
  stsIncludeSubdomains: z.boolean().optional(),
  stsPreload: z.boolean().optional(),
  forceSTSHeader: z.boolean().optional(),
});

/** One Traefik middleware: exactly one kind per entry, as in Traefik's `oneOf`. */
export const middlewareSchema = z.union([
  z.strictObject({ chain: z.strictObject({ middlewares: stringList.min(1) }) }),
  z.strictObject({ headers }),
  z.strictObject({
    rateLimit: z.strictObject({
      average: z.number().positive(),
      period: duration.optional(),
      burst: z.number().int().positive().optional(),
      sourceCriterion: sourceCriterion.optional(),
    }),
  }),
  z.strictObject({ inFlightReq: z.strictObject({ amount: z.number().int().positive(), sourceCriterion: sourceCriterion.optional() }) }),
  z.strictObject({
    circuitBreaker: z.strictObject({
      expression: z.string().min(1),
      checkPeriod: duration.optional(),
      fallbackDuration: duration.optional(),
      recoveryDuration: duration.optional(),
      responseCode: z.number().int().optional(),
    }),
  }),
  z.strictObject({ retry: z.strictObject({ attempts: z.number().int().positive(), initialInterval: duration.optional() }) }),
  z.strictObject({
    compress: z.strictObject({
      excludedContentTypes: stringList.optional(),
      includedContentTypes: stringList.optional(),
      minResponseBodyBytes: z.number().int().optional(),
      encodings: stringList.optional(),
      defaultEncoding: z.string().optional(),
    }),
  }),
  z.strictObject({ stripPrefix: z.strictObject({ prefixes: stringList.min(1), forceSlash: z.boolean().optional() }) }),
]);
export type TraefikMiddleware = z.infer<typeof middlewareSchema>;

export const routerSchema = z.strictObject({
  entryPoints: stringList.optional(),
  rule: z.string().min(1),
  service: z.string().min(1),
  middlewares: stringList.optional(),
  priority: z.number().int().min(0).optional(),
});
export type TraefikRouter = z.infer<typeof routerSchema>;

export const serviceSchema = z.strictObject({
  loadBalancer: z.strictObject({
    servers: z.array(z.strictObject({ url: z.string().url() })).min(1),
    healthCheck: z
      .strictObject({ path: z.string().startsWith('/'), interval: duration.optional(), timeout: duration.optional() })
      .optional(),
    passHostHeader: z.boolean().optional(),
    responseForwarding: z.strictObject({ flushInterval: z.string().optional() }).optional(),
  }),
});
export type TraefikService = z.infer<typeof serviceSchema>;

/** The file provider's dynamic configuration (http section only: Pulse has no TCP/UDP routes). */
export const dynamicConfigSchema = z.strictObject({
  http: z.strictObject({
    routers: z.record(z.string(), routerSchema),
    middlewares: z.record(z.string(), middlewareSchema),
    services: z.record(z.string(), serviceSchema),
  }),
});
export type TraefikDynamicConfig = z.infer<typeof dynamicConfigSchema>;

const entryPoint = z.strictObject({
  address: z.string().regex(/^[\w.-]*:\d+(\/(tcp|udp))?$/, 'an address such as ":8080"'),
  transport: z
    .strictObject({
      respondingTimeouts: z
        .strictObject({ readTimeout: duration.optional(), writeTimeout: duration.optional(), idleTimeout: duration.optional() })
        .optional(),
      lifeCycle: z.strictObject({ requestAcceptGraceTimeout: duration.optional(), graceTimeOut: duration.optional() }).optional(),
    })
    .optional(),
});

/** Traefik's static (install) configuration, the subset Pulse uses. */
export const staticConfigSchema = z.strictObject({
  global: z.strictObject({ checkNewVersion: z.boolean().optional(), sendAnonymousUsage: z.boolean().optional() }).optional(),
  entryPoints: z.record(z.string(), entryPoint),
  providers: z.strictObject({
    file: z.strictObject({ directory: z.string().optional(), filename: z.string().optional(), watch: z.boolean().optional() }),
  }),
  ping: z.strictObject({ entryPoint: z.string() }).optional(),
  log: z.strictObject({ level: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'PANIC']).optional(), format: z.enum(['json', 'common']).optional() }).optional(),
  accessLog: z
    .strictObject({
      format: z.enum(['json', 'common']).optional(),
      bufferingSize: z.number().int().optional(),
      fields: z
        .strictObject({
          defaultMode: z.enum(['keep', 'drop', 'redact']).optional(),
          names: z.record(z.string(), z.enum(['keep', 'drop', 'redact'])).optional(),
          headers: z
            .strictObject({
              defaultMode: z.enum(['keep', 'drop', 'redact']).optional(),
              names: z.record(z.string(), z.enum(['keep', 'drop', 'redact'])).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
  metrics: z
    .strictObject({
      prometheus: z.strictObject({
        entryPoint: z.string().optional(),
        addEntryPointsLabels: z.boolean().optional(),
        addRoutersLabels: z.boolean().optional(),
        addServicesLabels: z.boolean().optional(),
        buckets: z.array(z.number().positive()).optional(),
      }),
    })
    .optional(),
  tracing: z
    .strictObject({
      serviceName: z.string().optional(),
      sampleRate: z.number().min(0).max(1).optional(),
      otlp: z.strictObject({ http: z.strictObject({ endpoint: z.string().url() }) }),
    })
    .optional(),
});
export type TraefikStaticConfig = z.infer<typeof staticConfigSchema>;
