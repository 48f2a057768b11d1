import type { NextFunction, Request, Response } from 'express';
import { sameState } from '../shared/same-state';
import { checkChannel } from '../../youtube/channel';
import type { YouTube } from '../../youtube';
import { GoogleGrantError } from '../../youtube/google-oauth';
import { saveSession } from '../shared/session-data';
import { speakerOf } from '../shared/failures';

/**
 * Connect YouTube (on /destinations): Google's authorization code flow with PKCE and offline access, each route a
 * step (STYLE 5). The grant is kept sealed in the app's database for the host's Zoom user, with the channel it was
 * given for; an account with no channel, or a channel not enabled for live streaming, is told the step that fixes it.
 */
export function youtubeHandlers(youtube: YouTube | undefined) {
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';

  /** Before the destinations page: whether YouTube is offered, and the connected channel (no call to Google). */
  async function status(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (!youtube) return next();
    const channel = await youtube.grant.channelOf(userOf(req)).catch((error: unknown) => {
      req.log.warn({ err: error }, 'YouTube connection not read');
      return undefined;
    });
    res.locals.youtube = { offered: true, channel: typeof channel === 'object' ? channel : undefined, refused: channel === 'refused' };
    next();
  }

  /** Step 1. @route GET /youtube/connect — remember state and a PKCE verifier, send the host to Google's consent page. */
  async function connect(req: Request, res: Response): Promise<void> {
    if (!youtube) return void res.redirect(303, '/destinations');
    const { url, state, codeVerifier } = await youtube.google.startConnect();
    req.session.googleLogin = { state, codeVerifier, userId: userOf(req) };
    await saveSession(req);
    res.redirect(302, url);
  }

  const back = async (req: Request, res: Response, key: string, params: Record<string, unknown> = {}) => {
    req.session.notice = speakerOf(req).t(key, params);
    await saveSession(req);
    res.redirect(303, '/destinations');
  };

  /** Step 2. @route GET /youtube/callback — Google sends the host back with a code (or an error). */
  async function callback(req: Request, res: Response): Promise<void> {
    const pending = req.session.googleLogin;
    delete req.session.googleLogin;
    const { code, state, error } = req.query;
    if (!youtube || !pending) return back(req, res, 'youtube.notices.linkExpired');
    if (error !== undefined) return back(req, res, error === 'access_denied' ? 'youtube.notices.denied' : 'youtube.notices.failed');
    if (typeof code !== 'string' || !code) return back(req, res, 'youtube.notices.linkExpired');
    if (!sameState(pending.state, state) || pending.userId !== userOf(req)) return back(req, res, 'youtube.notices.linkExpired');
    let token;
    try {
      token = await youtube.google.exchange(code, pending.codeVerifier);
    } catch (failure) {
      // Only the error's name: Google's raw error can carry the code and verifier it was sent.
      req.log.warn({ failure: failure instanceof Error ? failure.name : 'error' }, 'YouTube code exchange failed');
      return back(req, res, failure instanceof GoogleGrantError ? 'youtube.notices.linkExpired' : 'youtube.notices.failed');
    }
    if (!token.refreshToken) {
      // Without a refresh token the grant would die in an hour: nothing is kept, the host tries again.
      await youtube.google.revoke(token).catch(() => undefined);
      return back(req, res, 'youtube.notices.failed');
    }
    const check = await checkChannel(youtube.google.client(token), youtube.apiUrl).catch((failure: unknown) => {
      req.log.warn({ failure: failure instanceof Error ? failure.name : 'error' }, 'YouTube channel not read at connect');
      return { ok: false as const, reason: 'failed' as const };
    });
    if (!check.ok) {
      // Nothing is kept for an account that cannot stream (or that Google would not describe): the grant is given back.
      await youtube.google.revoke(token).catch(() => undefined);
      return back(req, res, `youtube.notices.${check.reason}`);
    }
    await youtube.grant.keep(userOf(req), token, check.channel);
    req.log.info('YouTube connected');
    return back(req, res, 'youtube.notices.connected', { channel: check.channel.title });
  }

  /** @route POST /youtube/disconnect — revoke the grant at Google and delete it. */
  async function disconnect(req: Request, res: Response): Promise<void> {
    if (youtube) await youtube.grant.revoke(userOf(req));
    return back(req, res, 'youtube.notices.disconnected');
  }

  return { status, connect, callback, disconnect };
}
