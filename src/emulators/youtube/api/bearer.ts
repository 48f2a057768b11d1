/** The bearer-token and channel guards in front of /youtube/v3, and the accessor for whose call it is. */
import type { NextFunction, Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { youtubeErrors } from '../errors';
import type { GoogleAccount } from '../types';

/** A live access token, from the Authorization header or (as Google also accepts) the access_token parameter. */
export function requireBearer(ctx: YouTubeContext) {
  return function requireBearerToken(req: Request, res: Response, next: NextFunction): void {
    const header = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const query = typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    const grant = ctx.tokens.checkAccess(header ?? query ?? '');
    if (!grant) return youtubeErrors.unauthenticated(res);
    res.locals.account = ctx.accounts[grant.account];
    next();
  };
}

export function accountOf(res: Response): GoogleAccount {
  return res.locals.account as GoogleAccount;
}

type Kind = 'liveBroadcast' | 'liveStream';

/**
 * What YouTube makes of the account before any live call: no channel → 403 insufficientLivePermissions on every
 * call; a channel not enabled for live streaming → 403 liveStreamingNotEnabled on writes and on listing broadcasts
 * (liveBroadcasts.list documents that error), while its streams list is simply empty.
 */
export function requireLiveChannel(kind: Kind, writes: boolean) {
  return function requireLiveChannelFor(_req: Request, res: Response, next: NextFunction): void {
    const account = accountOf(res);
    if (!account.channelId) return youtubeErrors.insufficientLivePermissions(res, kind);
    if ((writes || kind === 'liveBroadcast') && !account.liveStreamingEnabled) return youtubeErrors.liveStreamingNotEnabled(res, kind);
    next();
  };
}
