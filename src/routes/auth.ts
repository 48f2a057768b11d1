import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { HttpError, TRY_AGAIN } from '../http-error';
import { openToken, sealToken } from '../sessions/sealed-token';
import { destroySession, regenerateSession, saveSession } from '../sessions/session-ops';
import type { TokenVault } from '../sessions/token-vault';
import type { ZoomClient } from '../zoom/client';
import { OAuthGrantError, type ZoomOAuth } from '../zoom/oauth';
import { codeChallengeFor, createCodeVerifier, createState } from '../zoom/pkce';
import { hasLivestreamScope } from '../zoom/scopes';

export interface AuthDeps {
  oauth: ZoomOAuth;
  zoom: ZoomClient;
  cookieName: string;
  vault: TokenVault;
}

function sameState(expected: string, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function authRoutes({ oauth, zoom, cookieName, vault }: AuthDeps): Router {
  /** Step 1. @route GET /install — remember state and a PKCE verifier, send the host to Zoom's consent page. */
  async function startInstall(req: Request, res: Response): Promise<void> {
    const state = createState();
    const codeVerifier = createCodeVerifier();
    req.session.oauth = { state, codeVerifier };
    await saveSession(req);
    res.redirect(302, oauth.authorizeUrl(state, codeChallengeFor(codeVerifier)));
  }

  /** Step 2. @route GET /oauth/callback — Zoom sends the host back with a code (or an error). */
  async function finishInstall(req: Request, res: Response): Promise<void> {
    const { code, state, error } = req.query;
    if (error === 'access_denied') {
      delete req.session.oauth;
      throw new HttpError(403, 'Zoom access was not granted', 'You chose not to connect your Zoom account, so nothing was changed.', TRY_AGAIN);
    }
    if (error !== undefined) {
      delete req.session.oauth;
      throw new HttpError(400, 'Zoom sign-in failed', 'Zoom reported a problem with the sign-in request.', TRY_AGAIN);
    }
    // The Marketplace "Add" button arrives with a code and no state: restart from our own install route.
    if (typeof code === 'string' && state === undefined) return res.redirect(302, '/install');
    const pending = req.session.oauth;
    if (!pending || !sameState(pending.state, state) || typeof code !== 'string' || code === '') {
      throw new HttpError(400, 'This sign-in link is not valid', 'The sign-in could not be matched to one started in this browser. It may have expired or been used already.', TRY_AGAIN);
    }
    delete req.session.oauth;
    const token = await exchange(code, pending.codeVerifier);
    if (!hasLivestreamScope(token.scope)) {
      await oauth.revoke(token).catch(() => undefined);
      throw new HttpError(403, 'Permission missing', `Zoom granted "${token.scope || 'no scopes'}", but this app needs meeting:write (or meeting:update:livestream) to edit live streams. Ask the app's owner to add the scope in the Zoom Marketplace, then try again.`, TRY_AGAIN);
    }
    // The user profile is a nicety for the header; without user:read scope the login still works.
    const me = await zoom.getMe(token.accessToken).catch(() => undefined);
    // A form that failed for lack of Zoom access survives the new session id (see livestream.ts).
    const resume = req.session.resume;
    await regenerateSession(req);
    req.session.zoom = sealToken(vault, { ...token, userId: me?.id ?? '' });
    if (resume) req.session.resume = resume;
    req.session.startedAt = Date.now();
    req.session.host = {
      name: me ? [me.first_name, me.last_name].filter(Boolean).join(' ') || me.display_name || me.email : 'Zoom user',
      email: me?.email ?? '',
      type: me?.type,
      timezone: me?.timezone,
    };
    await saveSession(req);
    res.redirect(302, resume ? `/meetings/${resume.meetingId}/livestream` : '/');
  }

  async function exchange(code: string, codeVerifier: string) {
    try {
      return await oauth.exchangeCode(code, codeVerifier);
    } catch (error) {
      if (!(error instanceof OAuthGrantError)) throw error;
      throw new HttpError(400, 'Zoom did not accept the sign-in', 'Zoom refused the authorization code: it may have expired (codes last 5 minutes) or been used already.', TRY_AGAIN);
    }
  }

  /** @route POST /logout — revoke the token at Zoom (best effort) and end the session. */
  async function logout(req: Request, res: Response): Promise<void> {
    const token = req.session.zoom && openToken(vault, req.session.zoom);
    if (token) await oauth.revoke(token).catch(() => undefined);
    await destroySession(req);
    res.clearCookie(cookieName, { path: '/' });
    res.redirect(303, '/');
  }

  const router = Router();
  router.get('/install', startInstall);
  router.get('/oauth/callback', finishInstall);
  router.post('/logout', logout);
  return router;
}
