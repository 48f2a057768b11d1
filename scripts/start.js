#!/usr/bin/env node
/**
 * npm start: runs dist/server.js, building it first only when dist/ is missing or older than a source
 * (`npm install` already built it through `prepare`). The server runs in this process, so signals reach it
 * directly and a second start costs one Node start-up, not a compile.
 */
const { build, isStale } = require('./build');

async function main() {
  if (isStale()) await build();
  require('../dist/server.js');
}

main().catch((error) => {
  console.error(`start failed: ${error.message}`);
  process.exit(1);
});
