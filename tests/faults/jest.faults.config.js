// The fault suite: one file, run alone (it owns its infrastructure and stops and starts it).
// Long timeouts: a fault, its recovery and the end-to-end check take minutes on a busy 2-core machine.
const { integration } = require('../../jest.preset.js');

module.exports = {
  ...integration,
  testMatch: ['<rootDir>/test/**/*.faults.test.ts'],
  testTimeout: 15 * 60_000,
  maxWorkers: 1,
};
