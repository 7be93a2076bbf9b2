/**
 * The security suite: everything an attacker tries on the public API, through the dev gateway in
 * front of the whole pipeline, each with its expected answer. One system for all (booting five
 * services is the expensive part); each suite uses its own tenants.
 */
import { startSecuritySystem, type SecuritySystem } from '../src';
import { bodiesSuite } from './suites/bodies.suite';
import { injectionSuite } from './suites/injection.suite';
import { jwtAttackSuite } from './suites/jwt-attacks.suite';
import { rateLimitSuite } from './suites/rate-limit.suite';
import { ssrfSuite } from './suites/ssrf.suite';
import { streamIsolationSuite } from './suites/streams.suite';
import { tenantIsolationSuite } from './suites/tenant-isolation.suite';

jest.setTimeout(120_000);

let system: SecuritySystem;
const current = () => system;

beforeAll(async () => {
  system = await startSecuritySystem();
}, 240_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

jwtAttackSuite(current);
tenantIsolationSuite(current);
streamIsolationSuite(current);
ssrfSuite(current);
bodiesSuite(current);
injectionSuite(current);
rateLimitSuite(current);
