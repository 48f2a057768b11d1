import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser here).
 * Missing Chromium skips the journeys with a note, or fails them when REQUIRE_BROWSER=1 (CI).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRED = process.env.REQUIRE_BROWSER === '1';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** describe() for browser journeys: runs, skips with a console note, or fails when Chromium is required. */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) return describe(name, body);
  const how = `Install it with \`apt-get install -y chromium\` or point CHROMIUM_PATH at a Chromium binary.`;
  if (REQUIRED) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH}. ${how}`);
      });
    });
    return;
  }
  console.warn(`Skipping browser journeys "${name}": no Chromium at ${CHROMIUM_PATH}. ${how} See docs/testing.md#tests-that-need-redis-postgresql-or-chromium. Set REQUIRE_BROWSER=1 to fail instead of skipping.`);
  describe.skip(name, body);
}

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh profile per journey: Playwright refuses --user-data-dir in launch() args and takes the
 * directory through launchPersistentContext instead, which passes it to Chromium as that flag.
 */
export async function openBrowser(options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'zls-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, args: FLAGS, viewport: { width: 1280, height: 900 }, ...options,
  });
  // Fail a step in seconds, not Playwright's default 30: every page here answers from loopback.
  context.setDefaultTimeout(5_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
