/** The liveBroadcast and liveStream resources as YouTube writes them, cut to the parts the caller asked for. */
import { createHash } from 'node:crypto';
import type { EmulatedBroadcast, EmulatedStream } from '../types';

export const BROADCAST_PARTS = ['id', 'snippet', 'status', 'contentDetails'] as const;
export const STREAM_PARTS = ['id', 'snippet', 'cdn', 'status', 'contentDetails'] as const;

/** An etag that changes whenever the content does, like YouTube's. */
export function etagOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27);
}

/** kind, etag and id always come back; the other parts only when named in `part`. */
function withParts(kind: string, id: string, parts: Set<string>, sections: Record<string, object>): object {
  const chosen = Object.fromEntries(Object.entries(sections).filter(([name]) => parts.has(name)));
  return { kind, etag: etagOf({ id, ...sections }), id, ...chosen };
}

function recordingStatus(broadcast: EmulatedBroadcast): string {
  if (broadcast.lifeCycleStatus === 'live') return 'recording';
  return broadcast.lifeCycleStatus === 'complete' ? 'recorded' : 'notRecording';
}

function broadcastSnippet(broadcast: EmulatedBroadcast): object {
  return {
    publishedAt: broadcast.publishedAt,
    channelId: broadcast.channelId,
    title: broadcast.title,
    description: broadcast.description,
    thumbnails: { default: { url: `https://i.ytimg.com/vi/${broadcast.id}/default_live.jpg`, width: 120, height: 90 } },
    scheduledStartTime: broadcast.scheduledStartTime,
    ...(broadcast.scheduledEndTime && { scheduledEndTime: broadcast.scheduledEndTime }),
    ...(broadcast.actualStartTime && { actualStartTime: broadcast.actualStartTime }),
    ...(broadcast.actualEndTime && { actualEndTime: broadcast.actualEndTime }),
    isDefaultBroadcast: false,
    liveChatId: `KicKGFVD${broadcast.id}`,
  };
}

function broadcastContentDetails(broadcast: EmulatedBroadcast): object {
  return {
    ...(broadcast.boundStreamId && { boundStreamId: broadcast.boundStreamId }),
    monitorStream: { enableMonitorStream: true, broadcastStreamDelayMs: 0 },
    enableEmbed: true,
    enableDvr: true,
    recordFromStart: true,
    enableClosedCaptions: false,
    closedCaptionsType: 'closedCaptionsDisabled',
    enableLowLatency: false,
    latencyPreference: 'normal',
    projection: 'rectangular',
    enableAutoStart: broadcast.enableAutoStart,
    enableAutoStop: broadcast.enableAutoStop,
  };
}

export function broadcastJson(broadcast: EmulatedBroadcast, parts: Set<string>): object {
  return withParts('youtube#liveBroadcast', broadcast.id, parts, {
    snippet: broadcastSnippet(broadcast),
    status: {
      lifeCycleStatus: broadcast.lifeCycleStatus,
      privacyStatus: broadcast.privacyStatus,
      recordingStatus: recordingStatus(broadcast),
      madeForKids: false,
      selfDeclaredMadeForKids: false,
    },
    contentDetails: broadcastContentDetails(broadcast),
  });
}

export function streamJson(stream: EmulatedStream, parts: Set<string>): object {
  return withParts('youtube#liveStream', stream.id, parts, {
    snippet: {
      publishedAt: stream.publishedAt, channelId: stream.channelId, title: stream.title, description: stream.description,
      isDefaultStream: false,
    },
    cdn: {
      ingestionType: 'rtmp',
      ingestionInfo: {
        streamName: stream.streamName,
        ingestionAddress: stream.ingestionAddress,
        backupIngestionAddress: `${stream.ingestionAddress}?backup=1`,
      },
      resolution: stream.resolution,
      frameRate: stream.frameRate,
    },
    status: { streamStatus: stream.streamStatus, healthStatus: { status: stream.healthStatus } },
    contentDetails: { isReusable: stream.isReusable },
  });
}
