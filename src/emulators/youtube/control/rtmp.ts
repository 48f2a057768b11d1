/**
 * nginx-rtmp's notifications, so a real RTMP server playing YouTube's ingest can tell the emulator what the encoder
 * does: `on_publish http://127.0.0.1:<port>/emulator/rtmp/on_publish;` and `on_publish_done …/on_publish_done;`.
 * nginx-rtmp POSTs a form (call, app, name = the stream key, addr…); any 2xx lets the publisher in, anything else
 * refuses it, as YouTube's ingest refuses a key it never issued.
 */
import express, { Router, type Request, type Response } from 'express';
import type { YouTubeContext } from '../context';
import { setStreamStatus } from '../state/lifecycle';

function streamKeyOf(req: Request): string {
  const name = (req.body as Record<string, unknown> | undefined)?.name;
  return typeof name === 'string' ? name : '';
}

function reportPublishing(ctx: YouTubeContext, status: 'active' | 'inactive') {
  return function reportPublishingHandler(req: Request, res: Response): void {
    const key = streamKeyOf(req);
    if (!ctx.store.streamByName(key)) {
      // Publish of an unknown key: refused. Its end needs no answer but nginx logs a non-2xx, so say OK.
      res.status(status === 'active' ? 404 : 200).type('text').send(status === 'active' ? 'unknown stream key' : 'OK');
      return;
    }
    setStreamStatus(ctx.store, key, status, ctx.options.now());
    res.type('text').send('OK');
  };
}

export function rtmpRoutes(ctx: YouTubeContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });
  router.post('/emulator/rtmp/on_publish', form, reportPublishing(ctx, 'active'));
  router.post('/emulator/rtmp/on_publish_done', form, reportPublishing(ctx, 'inactive'));
  return router;
}
