import type { Request, Response } from 'express';
import type { ReadCache } from '../../cache/index';
import type { TokenKeeper } from '../../credentials/keeper';
import { formField } from './form-field';
import { hostSummaryOf } from './host-profile';
import { isReturnPath } from '../auth/return-to';
import { saveSession } from './session-data';
import type { ZoomClient } from '../../zoom/client';

export interface RefreshDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
  cache: Pick<ReadCache, 'forgetHost'>;
}

/**
 * @route POST /refresh — back=<path of this site>: the page's Refresh. Forgets every reading kept for the
 * host (on every instance), reads the profile and settings again (the licence and readiness lines: a host
 * who just upgraded sees it), then goes back to the page, which reads Zoom afresh.
 */
export function refreshHandler({ zoom, tokens, cache }: RefreshDeps) {
  return async function refresh(req: Request, res: Response): Promise<void> {
    const field = formField(req, 'back');
    const back = isReturnPath(field) ? field : '/';
    const userId = req.session.zoom?.userId ?? '';
    await cache.forgetHost(userId);
    // The profile is a nicety: if Zoom will not give it now, the header keeps what it had.
    const profile = await tokens.withAccessToken(req.sessionID, (token) => Promise.all([zoom.getMe(token), zoom.getSettings(token).catch(() => undefined)]), req.session)
      .catch(() => undefined);
    if (profile && profile[0].id === userId) req.session.host = hostSummaryOf(...profile);
    await saveSession(req);
    res.redirect(303, back);
  };
}
