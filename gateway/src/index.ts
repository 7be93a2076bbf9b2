export { startDevGateway, type DevGateway, type DevGatewayOptions } from './dev-gateway';
export { localUpstreams, LOCAL_SERVICE_PORTS } from './local-upstreams';
export {
  compileRoutes,
  loadDynamicConfig,
  matchRoute,
  parseRule,
  stripPath,
  servicePathResolver,
  flattenMiddlewares,
  type CompiledRoute,
  type PathMatcher,
  type HeaderPolicy,
} from './route-table';
export { dynamicConfigSchema, staticConfigSchema, type TraefikDynamicConfig, type TraefikStaticConfig } from './traefik-config.schema';
export { ROUTES_FILE, STATIC_FILE } from './paths';
