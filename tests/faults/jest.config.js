// Unit tests only: the fault suite (*.faults.test.ts) runs through jest.faults.config.js.
const { unit } = require('../../jest.preset.js');

module.exports = { ...unit, testPathIgnorePatterns: [...unit.testPathIgnorePatterns, '\\.faults\\.test\\.ts$'] };
