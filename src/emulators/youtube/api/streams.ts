/** liveStreams: list (mine or id), insert (an RTMP ingest with a fresh key), delete. */
import type { Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { youtubeErrors } from '../errors';
import { isoAt } from '../state/lifecycle';
import { newStreamId, newStreamName } from '../state/store';
import type { EmulatedStream } from '../types';
import { accountOf } from './bearer';
import { sendPage } from './paging';
import { isPlainObject, listParam, partsOf, section, stringParam, trueParam } from './params';
import { STREAM_PARTS, streamJson } from './resources';

const RESOLUTIONS = ['240p', '360p', '480p', '720p', '1080p', '1440p', '2160p', 'variable'];
const FRAME_RATES = ['30fps', '60fps', 'variable'];

/** GET /youtube/v3/liveStreams */
export function listStreams(ctx: YouTubeContext) {
  return function listStreamsHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, STREAM_PARTS);
    if (!parts) return;
    const { channelId } = accountOf(res);
    const ids = listParam(req, 'id');
    if (!trueParam(req, 'mine') && ids.length === 0) {
      return youtubeErrors.badParameter(res, 'missingRequiredParameter', 'No filter selected. Expected one of: mine, id');
    }
    const own = [...ctx.store.streams.values()].filter((stream) => stream.channelId === channelId);
    const chosen = ids.length > 0 ? own.filter((stream) => ids.includes(stream.id)) : own;
    sendPage(req, res, 'youtube#liveStreamListResponse', chosen, (stream) => streamJson(stream, parts));
  };
}

/** The fields YouTube requires of a new stream; sends the first problem and returns undefined. */
function readStream(ctx: YouTubeContext, req: Request, res: Response, channelId: string): EmulatedStream | undefined {
  if (!isPlainObject(req.body)) return void youtubeErrors.parseError(res);
  const snippet = section(req.body, 'snippet');
  const cdn = section(req.body, 'cdn');
  const title = typeof snippet.title === 'string' ? snippet.title.trim() : '';
  if (!title) return void youtubeErrors.required(res, 'liveStream', 'titleRequired', 'The stream title is required.');
  if (title.length > 128) return void youtubeErrors.invalidValue(res, 'liveStream', 'invalidTitle', 'The stream title is too long.');
  if (cdn.ingestionType !== 'rtmp') {
    // The emulator plays YouTube's RTMP ingest only; dash and hls are YouTube's other two.
    return void youtubeErrors.invalidValue(res, 'liveStream', 'invalidIngestionType', 'Only rtmp ingestion is emulated.');
  }
  if (!RESOLUTIONS.includes(String(cdn.resolution))) {
    return void youtubeErrors.required(res, 'liveStream', 'resolutionRequired', 'A valid cdn.resolution is required.');
  }
  if (!FRAME_RATES.includes(String(cdn.frameRate))) {
    return void youtubeErrors.required(res, 'liveStream', 'frameRateRequired', 'A valid cdn.frameRate is required.');
  }
  return {
    id: newStreamId(channelId), channelId, publishedAt: isoAt(ctx.options.now()), title,
    description: typeof snippet.description === 'string' ? snippet.description : '',
    streamName: newStreamName(), ingestionAddress: ctx.options.ingestionAddress,
    resolution: String(cdn.resolution), frameRate: String(cdn.frameRate),
    isReusable: section(req.body, 'contentDetails').isReusable !== false,
    streamStatus: 'ready', healthStatus: 'noData',
  };
}

/** POST /youtube/v3/liveStreams */
export function insertStream(ctx: YouTubeContext) {
  return function insertStreamHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, STREAM_PARTS);
    if (!parts) return;
    const stream = readStream(ctx, req, res, accountOf(res).channelId ?? '');
    if (!stream) return;
    ctx.store.streams.set(stream.id, stream);
    res.json(streamJson(stream, parts));
  };
}

/** DELETE /youtube/v3/liveStreams?id= — refused while media is arriving, as YouTube refuses deleting a stream in use. */
export function deleteStream(ctx: YouTubeContext) {
  return function deleteStreamHandler(req: Request, res: Response): void {
    const id = stringParam(req, 'id');
    if (!id) return youtubeErrors.required(res, 'liveStream', 'idRequired', 'The id parameter is required.');
    const stream = ctx.store.streamOf(accountOf(res).channelId, id);
    if (!stream) return youtubeErrors.streamNotFound(res);
    if (stream.streamStatus === 'active') {
      return youtubeErrors.forbidden(res, 'liveStream', 'liveStreamDeletionNotAllowed', 'The stream is active and cannot be deleted.');
    }
    ctx.store.streams.delete(id);
    res.status(204).end();
  };
}
