import type { CookieOptions, Request, Response } from 'express';
import { sameState } from '../shared/same-state';
import type { TokenKeeper } from '../../credentials/keeper';
import { sealToken, type StoredToken, type TokenVault } from '../../credentials/vault';
import { HttpError, TRY_AGAIN } from '../shared/failures';
import { pageOfResume, resumeFor } from '../livestream/resume';
import { destroySession, regenerateSession, saveSession } from '../shared/session-data';
import { hostSummaryOf } from '../shared/host-profile';
import type { ZoomClient, ZoomUser } from '../../zoom/client';
import { OAuthGrantError, type ZoomOAuth } from '../../zoom/oauth';
import { missingScopes } from '../../zoom/scopes';
import { takeReturn } from './return-to';
import { noticeCookieOf, rememberDisconnected } from './disconnected-notice';

export interface AuthDeps {
  oauth: ZoomOAuth;
  zoom: ZoomClient;
  tokens: TokenKeeper;
  vault: TokenVault;
  /** The session cookie's name and options: clearing it needs the same ones (a __Host- cookie is Secure). */
  cookie: { name: string; options: CookieOptions };
  /** The host's jobs paused for a reconnect go on once they connect again. */
  resumeJobs?: (userId: string) => Promise<void>;
  /** A new login starts from Zoom's present state: what was kept for the host is forgotten. */
  forgetReadings?: (userId: string) => Promise<void>;
  /**
   * A host with plans keeps their grant in the database: a login hands its fresh token to that grant (which resumes
   * plans paused for a reconnect) and the session keeps no copy. True when the grant took the token.
   */
  keepInGrant?: (token: StoredToken, accountId: string) => Promise<boolean>;
  /** Whether the host's plans hold a grant: then a logout revokes nothing. */
  hasGrant?: (userId: string) => Promise<boolean>;
}

/** The OAuth routes, each a step of the authorization code flow with PKCE (STYLE 5). */
export function authHandlers({ oauth, zoom, tokens, vault, cookie, resumeJobs, forgetReadings, keepInGrant, hasGrant }: AuthDeps) {
  /** Step 1. @route GET /install — remember state and a PKCE verifier, send the host to Zoom's consent page. */
  async function startInstall(req: Request, res: Response): Promise<void> {
    const { url, state, codeVerifier } = oauth.startLogin();
    req.session.oauth = { state, codeVerifier };
    await saveSession(req);
    res.redirect(302, url);
  }

  /** Step 2. @route GET /oauth/callback — Zoom sends the host back with a code (or an error). */
  async function finishInstall(req: Request, res: Response): Promise<void> {
    const { code, state, error } = req.query;
    if (error !== undefined) {
      delete req.session.oauth;
      req.log.warn({ loginFailure: error === 'access_denied' ? 'access_denied' : 'zoom_error' }, 'login failed at Zoom');
      if (error === 'access_denied') {
        throw new HttpError(403, 'errors.oauth.denied', {}, TRY_AGAIN);
      }
      throw new HttpError(400, 'errors.oauth.failed', {}, TRY_AGAIN);
    }
    // The Marketplace "Add" button arrives with a code and no state: restart from our own install route.
    if (typeof code === 'string' && state === undefined) return res.redirect(302, '/install');
    const pending = req.session.oauth;
    if (!pending || !sameState(pending.state, state) || typeof code !== 'string' || code === '') {
      req.log.warn({ loginFailure: pending ? 'state_mismatch' : 'no_pending_login' }, 'login failed: callback not matched');
      throw new HttpError(400, 'errors.oauth.invalidLink', {}, TRY_AGAIN);
    }
    delete req.session.oauth;
    const token = await exchange(code, pending.codeVerifier);
    await requireScopes(req, token);
    const me = await profileOf(req, token);
    // Readiness is a hint read once: if Zoom refuses the settings call, the pages say nothing rather than guess.
    const settings = await zoom.getSettings(token.accessToken).catch(() => undefined);
    // A form that failed for lack of Zoom access survives the new session id, for the same Zoom user only.
    const resume = resumeFor(req.session.resume, me.id);
    // The page the host asked for before connecting (a same-site path kept in the session).
    const returnTo = takeReturn(req.session);
    const inGrant = await keepInGrant?.({ ...token, userId: me.id }, me.account_id ?? '');
    await regenerateSession(req);
    req.session.zoom = inGrant ? { ...sealToken(vault, { ...token, userId: me.id }), sealed: '', inGrant: true } : sealToken(vault, { ...token, userId: me.id });
    if (resume) req.session.resume = resume;
    req.session.startedAt = Date.now();
    req.session.host = hostSummaryOf(me, settings);
    await saveSession(req);
    // After the save: the runner finds the new session through the store. A database outage must not fail the login.
    await resumeJobs?.(me.id).catch((error: unknown) => req.log.warn({ err: error }, 'paused jobs not resumed at login'));
    await forgetReadings?.(me.id).catch((error: unknown) => req.log.warn({ err: error }, 'read cache not cleared at login'));
    res.redirect(302, resume ? pageOfResume(resume) : returnTo);
  }

  async function exchange(code: string, codeVerifier: string): Promise<StoredToken> {
    try {
      return await oauth.exchangeCode(code, codeVerifier);
    } catch (error) {
      if (!(error instanceof OAuthGrantError)) throw error;
      throw new HttpError(400, 'errors.oauth.codeRejected', {}, TRY_AGAIN);
    }
  }

  /** Without the live stream scopes nothing here works: say which are missing and give the grant back. */
  async function requireScopes(req: Request, token: StoredToken): Promise<void> {
    const missing = missingScopes(token.scope);
    if (missing.length === 0) return;
    req.log.warn({ loginFailure: 'scope_missing', missing }, 'login failed: scopes missing');
    await oauth.revoke(token).catch(() => undefined);
    throw new HttpError(403, 'errors.oauth.permissionMissing', { scope: token.scope || '-', missing: missing.join(', ') }, TRY_AGAIN);
  }

  /**
   * A login must know who the host is: the Zoom user id ties the session to the deauthorization
   * webhook and to values waiting for this user. One retry; then no half-logged-in session is made.
   */
  async function profileOf(req: Request, token: StoredToken): Promise<ZoomUser> {
    try {
      return await zoom.getMe(token.accessToken).catch(() => zoom.getMe(token.accessToken));
    } catch (error) {
      req.log.warn({ loginFailure: 'profile_unavailable', zoomStatus: (error as { status?: number }).status }, 'login failed: profile unavailable');
      await oauth.revoke(token).catch(() => undefined);
      throw new HttpError(502, 'errors.oauth.noProfile', {}, TRY_AGAIN);
    }
  }

  /** @route POST /logout — revoke the token at Zoom (best effort), end the session, say so on the start page. */
  async function logout(req: Request, res: Response): Promise<void> {
    const token = await tokens.peek(req.sessionID, req.session);
    // Not while the host's plans hold a grant: Zoom may end the app's whole authorization on a revoke.
    const plansHoldGrant = token ? await hasGrant?.(token.userId).catch(() => true) : false;
    if (token && !plansHoldGrant) await oauth.revoke(token).catch(() => undefined);
    await destroySession(req);
    res.clearCookie(cookie.name, cookie.options);
    rememberDisconnected(res, noticeCookieOf(cookie));
    res.redirect(303, '/');
  }

  return { startInstall, finishInstall, logout };
}
