/**
 * Jest globalSetup: builds dist/ once per run, before any suite, when a source is newer than the last build
 * (esbuild, about a second). Suites that spawn dist/server.js or dist/emulator/start.js rely on it instead
 * of compiling in their own beforeAll.
 */
const { build, isStale } = require('../../scripts/build');

module.exports = async function buildOnce() {
  if (isStale()) await build();
};
