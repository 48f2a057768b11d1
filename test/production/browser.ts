import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH } from '../e2e/helpers/browser';

/**
 * Chromium as the e2e journeys launch it (test/e2e/helpers/browser.ts), but with a HOME of the test's
 * choosing: Chromium on Linux trusts the certificate authorities in $HOME/.pki/nssdb. Certificate errors
 * are never ignored: a certificate the NSS database does not vouch for fails the navigation.
 */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface TrustingBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openBrowserWithHome(home: string): Promise<TrustingBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'zls-production-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, args: FLAGS, env: { ...process.env, HOME: home }, viewport: { width: 1280, height: 900 },
  });
  // Pages come through nginx from two processes that may share the CPU with another test run.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
