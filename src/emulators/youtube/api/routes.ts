/**
 * The YouTube Data API v3 under /youtube/v3 (what youtube({rootUrl}) calls): bearer check, then per method the
 * quota charge and the channel check, then the handler.
 */
import { Router } from 'express';
import type { YouTubeContext } from '../context';
import { requireBearer, requireLiveChannel } from './bearer';
import { bindBroadcast, transitionBroadcast } from './bind-transition';
import { chargeQuota } from './charge';
import { deleteBroadcast, insertBroadcast, listBroadcasts, updateBroadcast } from './broadcasts';
import { listMyChannels } from './channels';
import { deleteStream, insertStream, listStreams } from './streams';

export function apiRoutes(ctx: YouTubeContext): Router {
  const router = Router();
  const broadcastRead = requireLiveChannel('liveBroadcast', false);
  const broadcastWrite = requireLiveChannel('liveBroadcast', true);
  const streamRead = requireLiveChannel('liveStream', false);
  const streamWrite = requireLiveChannel('liveStream', true);
  router.use('/youtube/v3', requireBearer(ctx));
  router.get('/youtube/v3/channels', chargeQuota(ctx, 'channels.list'), listMyChannels());
  router.get('/youtube/v3/liveBroadcasts', chargeQuota(ctx, 'liveBroadcasts.list'), broadcastRead, listBroadcasts(ctx));
  router.post('/youtube/v3/liveBroadcasts', chargeQuota(ctx, 'liveBroadcasts.insert'), broadcastWrite, insertBroadcast(ctx));
  router.put('/youtube/v3/liveBroadcasts', chargeQuota(ctx, 'liveBroadcasts.update'), broadcastWrite, updateBroadcast(ctx));
  router.delete('/youtube/v3/liveBroadcasts', chargeQuota(ctx, 'liveBroadcasts.delete'), broadcastWrite, deleteBroadcast(ctx));
  router.post('/youtube/v3/liveBroadcasts/bind', chargeQuota(ctx, 'liveBroadcasts.bind'), broadcastWrite, bindBroadcast(ctx));
  router.post('/youtube/v3/liveBroadcasts/transition', chargeQuota(ctx, 'liveBroadcasts.transition'), broadcastWrite, transitionBroadcast(ctx));
  router.get('/youtube/v3/liveStreams', chargeQuota(ctx, 'liveStreams.list'), streamRead, listStreams(ctx));
  router.post('/youtube/v3/liveStreams', chargeQuota(ctx, 'liveStreams.insert'), streamWrite, insertStream(ctx));
  router.delete('/youtube/v3/liveStreams', chargeQuota(ctx, 'liveStreams.delete'), streamWrite, deleteStream(ctx));
  return router;
}
