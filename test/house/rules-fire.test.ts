import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, cruiseViolations } from './tools';

/**
 * Every dependency rule catches what it is for: a small tree with one planted violation per rule is cruised
 * with the house's .dependency-cruiser.cjs. A rule whose pattern no longer matches anything (a renamed room,
 * a typo in a path) fails here instead of passing in silence in rules.test.ts.
 */
const PLANTED: Record<string, string> = {
  'src/app.ts': "import express from 'express';\nexport const app = express;\n",
  'src/server.ts': "import { app } from './app';\nimport { emulator } from './emulator/index';\nexport const started = [app, emulator];\n",
  'src/deps.ts': 'export interface AppDeps { ready: boolean }\nexport const buildDeps = (): AppDeps => ({ ready: true });\n',
  'src/config.ts': 'export const config = { port: 3000 };\n',
  'src/jobs/types.ts': "export type JobStatus = 'queued' | 'done';\n",
  'src/web/page.ts': "import type { AppDeps } from '../deps';\nimport express from 'express';\nexport const page = (deps: AppDeps) => [deps, express];\n",
  // One violation per rule:
  'src/web/wiring.ts': "import { buildDeps } from '../deps';\nexport const built = buildDeps();\n",
  'src/zoom/express.ts': "import express from 'express';\nexport const router = express.Router();\n",
  'src/credentials/session.ts': "import type { SessionData } from 'express-session';\nexport type Held = Partial<SessionData>;\n",
  'src/jobs/web.ts': "import { page } from '../web/page';\nexport const shown = page;\n",
  'src/db/feature.ts': "import type { JobStatus } from '../jobs/types';\nexport const status: JobStatus = 'done';\n",
  'src/cache/app.ts': "import { app } from '../app';\nexport const again = app;\n",
  'src/events/deps.ts': "import type { AppDeps } from '../deps';\nexport type Handed = AppDeps;\n",
  'src/emulator/index.ts': "import { config } from '../config';\nexport const emulator = config;\n",
  'src/livestream/sandbox.ts': "import { emulator } from '../emulator/index';\nexport const zoom = emulator;\n",
  'src/emulators/youtube/index.ts': "import { config } from '../../config';\nexport const youtubeEmulator = config;\n",
  'src/youtube/sandbox.ts': "import { youtubeEmulator } from '../emulators/youtube/index';\nexport const youtube = youtubeEmulator;\n",
  'src/i18n/fixture.ts': "import { helper } from '../../test/helper';\nexport const used = helper;\n",
  'src/metrics/dev.ts': "import request from 'supertest';\nexport const agent = request;\n",
  'src/sessions/missing.ts': "import { gone } from './gone';\nexport const kept = gone;\n",
  'src/zoom/transitive.ts': "import debug from 'debug';\nexport const log = debug;\n",
  'src/zoom/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
  'src/zoom/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  'test/helper.ts': 'export const helper = 1;\n',
  'tsconfig.test.json': JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, esModuleInterop: true }, include: ['src'] }),
};

let tree: string;

beforeAll(() => {
  tree = mkdtempSync(path.join(os.tmpdir(), 'house-rules-'));
  for (const [file, text] of Object.entries(PLANTED)) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  }
  // The app's package.json, so "dependencies" and "devDependencies" mean what they mean in the app.
  writeFileSync(path.join(tree, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

it('every forbidden rule of .dependency-cruiser.cjs fires on its planted import, and only there', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the rules are a CommonJS file, read as dependency-cruiser reads it
  const { forbidden } = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Array<{ name: string }> };
  const { violations } = await cruiseViolations(tree);
  const fired = new Set(violations.map(({ rule }) => rule));
  expect([...fired].sort()).toEqual(forbidden.map(({ name }) => name).sort());
  // The wiring and web/ importing Express, and web/ taking the AppDeps type, are allowed.
  const allowed = violations.filter(({ where }) => /^src\/(app|server)\.ts|^src\/web\/page\.ts/.test(where));
  expect(allowed).toEqual([]);
}, 120_000);
