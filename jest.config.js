/**
 * Jest: TypeScript through ts-jest; every suite drives real HTTP servers on loopback. dist/ is built once per
 * run (globalSetup), for the suites that spawn the compiled server. No --forceExit: a suite that leaves a
 * server, timer or socket open keeps Jest from exiting, and that is a bug to fix in the suite.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  testTimeout: 20000,
};
