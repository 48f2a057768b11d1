/** Zoom's OAuth endpoints (zoom.us/oauth/*), in the order a login walks through them. */
import { Router } from 'express';
import { decide, showConsent } from './authorize';
import type { EmulatorContext } from '../context';
import { issueToken, revokeToken } from './token-endpoint';

export function oauthRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  // Step 1: the consent page for one of the emulator's apps; the person testing picks a seeded user.
  router.get('/oauth/authorize', showConsent(ctx));
  // Step 2: Allow or Deny sends the browser back to the app's redirect_uri (a Member allowing an admin-managed app stays here).
  router.post('/oauth/authorize', decide(ctx));
  // Step 3: the app trades the code (with its PKCE verifier) for tokens; later, refreshes them.
  router.post('/oauth/token', issueToken(ctx));
  // Logout and deauthorization: the app gives its token back.
  router.post('/oauth/revoke', revokeToken(ctx));
  return router;
}
