import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { sendZoomWebhook } from '../../src/emulator/webhooks/sender';

/**
 * Zoom's meeting and webinar events as a test sends them: the body written by hand, so an ID above 2^53
 * can be a bare JSON number with every digit (JSON.stringify could not), signed as Zoom signs.
 */
export interface TestEvent {
  name: string;
  id: string;
  hostId: string;
  /** How Zoom writes object.id: a number in most events, a string in meeting.started/ended. */
  idAs?: 'number' | 'string';
  eventTs?: number;
  /** live_streaming.date_time, with a stream key beside it as Zoom sends. */
  liveSince?: string;
  streamKey?: string;
}

export function eventBody({ name, id, hostId, idAs = 'number', eventTs = Date.now(), liveSince, streamKey = 'event-stream-key' }: TestEvent): string {
  const live = liveSince === undefined ? '' : `,"live_streaming":${JSON.stringify({
    service: 'Custom_Live_Streaming_Service',
    custom_live_streaming_settings: { stream_url: 'rtmp://event.example/live', stream_key: streamKey, page_url: 'https://event.example/watch', resolution: '720p' },
    date_time: liveSince,
  })}`;
  const idJson = idAs === 'number' ? id : JSON.stringify(id);
  return `{"event":${JSON.stringify(name)},"event_ts":${eventTs},"payload":{"account_id":"acct","object":{"id":${idJson},"uuid":"u-${id}","host_id":${JSON.stringify(hostId)},"topic":"t"${live}}}}`;
}

export function sendEvent(url: string, event: TestEvent, delivery: { timestampSeconds?: number } = {}): Promise<Response> {
  return sendZoomWebhook(url, SANDBOX_WEBHOOK_SECRET, {}, { ...delivery, rawBody: eventBody(event) });
}
