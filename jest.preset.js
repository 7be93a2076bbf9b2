// Shared jest settings: TypeScript through SWC (fast, no type-check; `tsc --noEmit` does that),
// decorators on for TypeORM entities, one worker per core at most (2-core machines).
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
  },
];

/** Unit tests: *.test.ts without I/O. */
const unit = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['\\.integration\\.test\\.ts$', '\\.pact\\.test\\.ts$'],
  maxWorkers: 2,
  reporters: ['default', require.resolve('./scripts/jest-summary-reporter.js')],
};

/** Integration and contract tests: real Kafka/PostgreSQL/Redis, one file at a time per package. */
const integration = {
  ...unit,
  testMatch: ['<rootDir>/test/**/*.integration.test.ts', '<rootDir>/test/**/*.pact.test.ts'],
  testPathIgnorePatterns: [],
  // A bound for broken tests, not a speed check: suites share two cores and one broker in CI.
  testTimeout: 120_000,
  maxWorkers: 1,
};

module.exports = { unit, integration };
