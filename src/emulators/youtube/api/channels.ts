/** channels.list with mine=true: the account's channel (its title is the account's name), none without a channel. */
import type { Request, Response } from 'express';
import { accountOf } from './bearer';

export function listMyChannels() {
  return function listChannels(_req: Request, res: Response): void {
    const account = accountOf(res);
    const items = account.channelId
      ? [{ kind: 'youtube#channel', etag: `etag-${account.channelId}`, id: account.channelId, snippet: { title: account.name, description: '', customUrl: `@${account.key}` } }]
      : [];
    res.json({ kind: 'youtube#channelListResponse', etag: 'etag-channels', pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items });
  };
}
