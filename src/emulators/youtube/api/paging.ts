/** One page of a list, with YouTube's list envelope: kind, etag, pageInfo and opaque next/prev page tokens. */
import type { Request, Response } from 'express';
import { youtubeErrors } from '../errors';
import { etagOf } from './resources';
import { maxResultsOf, stringParam } from './params';

function tokenFor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function offsetOf(token: string | undefined): number | undefined {
  if (token === undefined) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export function sendPage<T>(req: Request, res: Response, kind: string, items: T[], toJson: (item: T) => object): void {
  const perPage = maxResultsOf(req, res);
  if (perPage === undefined) return;
  const offset = offsetOf(stringParam(req, 'pageToken'));
  if (offset === undefined) return youtubeErrors.badParameter(res, 'invalidPageToken', 'The request specifies an invalid page token.');
  const page = items.slice(offset, offset + perPage).map(toJson);
  const next = offset + perPage < items.length ? tokenFor(offset + perPage) : undefined;
  const prev = offset > 0 ? tokenFor(Math.max(0, offset - perPage)) : undefined;
  res.json({
    kind, etag: etagOf(page),
    ...(next && { nextPageToken: next }),
    ...(prev && { prevPageToken: prev }),
    pageInfo: { totalResults: items.length, resultsPerPage: perPage },
    items: page,
  });
}
