export { startSecuritySystem, ALL_SCOPES, PUBLIC_HOST, LLM_RATE_LIMIT_PER_MINUTE, type SecuritySystem, type VictimData } from './security-system';
export { publicRoutes, fillPath, routeName, OPENAPI_FILE, type PublicRoute } from './public-routes';
export { claimsFor, unsignedToken, hs256Token, es256Token, epochIn, type ForgedClaims } from './forged-tokens';
export { startOutsideHost, type OutsideHost, type ReceivedRequest } from './outside-hosts';
export { problem, problemOf, problemCode } from './problem';
export { rawRequest } from './raw-request';
export { STREAMING_ROUTES, victimPathParams, bodyFor, requiredQuery, sendRoute, type RouteBody } from './route-fixtures';
