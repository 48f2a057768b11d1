#!/usr/bin/env node
/**
 * npm run dev: esbuild rebuilds dist/ on every change under src/, and `node --watch` restarts the server
 * when its compiled files change. Views and locales are read at run time: a reload of the page shows them.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { build, watch } = require('./build');

async function main() {
  await build();
  const context = await watch();
  const server = spawn(process.execPath, ['--watch', 'dist/server.js'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
  const stop = (signal) => server.kill(signal);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.on('exit', async (code) => {
    await context.dispose();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`dev failed: ${error.message}`);
  process.exit(1);
});
