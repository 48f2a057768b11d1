#!/usr/bin/env node
/**
 * Builds dist/ from src/: every src/**\/*.ts transpiled by esbuild to CommonJS for Node 20, same layout,
 * with source maps. A second or so, against tens of seconds for tsc; the type check stays `npm run typecheck`
 * (run before `npm test`). `--if-stale` builds only when a source is newer than the last build, which is how
 * `npm start` and the tests' globalSetup call it. `--watch` rebuilds on every change (`npm run dev`). Outputs whose
 * source is gone are removed, so dist/ never runs code that src/ no longer has.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
// Written after a successful build: its mtime is the build's time. dist/ is git-ignored.
const STAMP = path.join(DIST, '.build-stamp');
// Besides the sources, a change to these changes the output.
const BUILD_INPUTS = [__filename, path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package.json')];

/** Every file and folder under `dir`. */
function walk(dir, found = { files: [], folders: [dir] }) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.folders.push(full);
      walk(full, found);
    } else found.files.push(full);
  }
  return found;
}

const sourceFiles = () => walk(SRC).files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));

/** True when dist/ is missing or older than a source (or a folder: a deleted file changes its folder's mtime). */
function isStale() {
  let builtAt;
  try {
    builtAt = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const inputs = [...sourceFiles(), ...walk(SRC).folders, ...BUILD_INPUTS];
  return inputs.some((file) => fs.statSync(file).mtimeMs > builtAt);
}

/** Removes outputs whose source is gone (moved or deleted), so dist/ never runs code src/ no longer has. */
function removeOrphans() {
  for (const file of walk(DIST).files) {
    const match = /^(.*)\.js(\.map)?$/.exec(path.relative(DIST, file));
    if (match && !fs.existsSync(path.join(SRC, `${match[1]}.ts`))) fs.rmSync(file);
  }
}

function esbuildOptions(entryPoints) {
  return {
    entryPoints,
    outdir: DIST,
    outbase: SRC,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  };
}

/** Dated when the build began, so a source saved during the build still counts as newer. */
function writeStamp(at) {
  fs.writeFileSync(STAMP, `${at.toISOString()}\n`);
  fs.utimesSync(STAMP, at, at);
}

function loadEsbuild() {
  try {
    return require('esbuild');
  } catch {
    console.error('build: esbuild is not installed (a development dependency): run `npm install` first.');
    process.exit(1);
  }
}

async function build() {
  const started = Date.now();
  const esbuild = loadEsbuild();
  const files = sourceFiles();
  await esbuild.build(esbuildOptions(files));
  removeOrphans();
  writeStamp(new Date(started));
  console.error(`build: ${files.length} files to dist/ in ${Date.now() - started} ms`);
}

/** Rebuilds on every change; a new source file is picked up by restarting `npm run dev`. */
async function watch() {
  const esbuild = loadEsbuild();
  const stamp = { name: 'stamp', setup: (b) => b.onEnd(() => writeStamp(new Date())) };
  const context = await esbuild.context({ ...esbuildOptions(sourceFiles()), plugins: [stamp] });
  await context.watch();
  console.error('build: watching src/ for changes');
  return context;
}

async function main(args) {
  if (args.includes('--watch')) {
    await watch();
    return;
  }
  if (args.includes('--if-stale') && !isStale()) return;
  await build();
}

module.exports = { build, isStale, watch };

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`build failed: ${error.message}`);
    process.exit(1);
  });
}
