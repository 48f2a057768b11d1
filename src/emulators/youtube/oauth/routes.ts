/** Google's OAuth 2.0 endpoints (accounts.google.com, oauth2.googleapis.com), in the order a connection walks them. */
import { Router } from 'express';
import type { YouTubeContext } from '../context';
import { decide, showConsent } from './authorize';
import { issueToken, revokeToken } from './token-endpoint';

export function oauthRoutes(ctx: YouTubeContext): Router {
  const router = Router();
  // Step 1: the host picks a Google account (one per answer YouTube can give the app) and allows or denies.
  router.get('/o/oauth2/v2/auth', showConsent(ctx));
  // Step 2: Allow or Deny sends the browser back to the app's redirect_uri with a code or access_denied.
  router.post('/o/oauth2/v2/auth', decide(ctx));
  // Step 3: the app trades the code (with its PKCE verifier) for tokens; later, refreshes the access token.
  router.post('/token', issueToken(ctx));
  // Disconnect: the app revokes the grant.
  router.post('/revoke', revokeToken(ctx));
  return router;
}
