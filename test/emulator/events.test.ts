import { useReceivers } from './webhook-receiver';

/** Zoom's webhooks from the emulator: each event's name, shape, ids, signature and order. */
const SECRET = 'events-test-secret-token';
const NOW = Date.UTC(2026, 4, 2, 9, 30, 15, 250);
const NOW_ZOOM = '2026-05-02T09:30:15Z';
const BIG_MEETING = '90071992547409931'; // above 2^53, seeded in progress with a stream set up
const WAITING = '85746065001';
const LIVE_WEBINAR = '84129876501';
const BIG_WEBINAR = '93456789012345677';
const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';

const { withReceiver } = useReceivers(SECRET, () => NOW);

const START = { action: 'start', settings: { active_speaker_name: false, display_name: 'Priya live' } };

describe('meeting and webinar lifecycle events', () => {
  it('startEvent and endEvent send meeting.started and meeting.ended, the id as a string, signed as Zoom signs', async () => {
    const { zoom, emulator } = await withReceiver();
    const meeting = emulator.meetingsOf('pro').find((candidate) => candidate.id === WAITING)!;

    await emulator.startEvent('meeting', WAITING);
    await emulator.endEvent('meeting', WAITING);

    expect(zoom.events()).toEqual(['meeting.started', 'meeting.ended']);
    const [started, ended] = zoom.received;
    expect(started.signatureValid).toBe(true);
    expect(started.timestamp).toBe(String(Math.floor(NOW / 1000)));
    expect(started.body).toEqual({
      event: 'meeting.started', event_ts: NOW,
      payload: {
        account_id: PRO_ACCOUNT,
        object: {
          id: WAITING, uuid: expect.any(String), host_id: emulator.hosts.pro.id, topic: 'Product launch stream', type: 2,
          start_time: meeting.start_time, duration: 90, timezone: 'Europe/London',
        },
      },
    });
    // Each time a meeting is held is an instance of its own, with a new UUID (its ID stays); it ends with that UUID.
    expect(started.body.payload.object.uuid).not.toBe(meeting.uuid);
    expect(ended.body.payload.object).toMatchObject({ id: WAITING, end_time: NOW_ZOOM, uuid: started.body.payload.object.uuid });
    expect(emulator.webhookDeliveries()).toEqual([
      { event: 'meeting.started', id: WAITING, status: 200 }, { event: 'meeting.ended', id: WAITING, status: 200 },
    ]);
  });

  it('webinars send webinar.started and webinar.ended, the id as a string', async () => {
    const { zoom, emulator } = await withReceiver();

    await emulator.startEvent('webinar', BIG_WEBINAR);
    await emulator.endEvent('webinar', BIG_WEBINAR);

    expect(zoom.events()).toEqual(['webinar.started', 'webinar.ended']);
    expect(zoom.received[0].raw).toContain(`"id":"${BIG_WEBINAR}"`);
    expect(zoom.received[0].body.payload).toMatchObject({ account_id: PRO_ACCOUNT, object: { host_id: emulator.hosts.pro.id, type: 5 } });
  });

  it('sends nothing for starting what is already started, or ending what has not started', async () => {
    const { zoom, emulator } = await withReceiver();

    await emulator.startEvent('meeting', BIG_MEETING);
    await emulator.endEvent('meeting', WAITING);

    expect(zoom.received).toEqual([]);
  });
});

describe('meeting live streaming events', () => {
  it('PATCH …/livestream/status start and stop send live_streaming_started and _stopped, the id a number with every digit', async () => {
    const { zoom, emulator, status } = await withReceiver();

    expect((await status('meeting', BIG_MEETING, START)).status).toBe(204);
    expect((await status('meeting', BIG_MEETING, START)).status).toBe(204); // already live: no second event
    expect((await status('meeting', BIG_MEETING, { action: 'mode', settings: { layout: 'gallery_view' } })).status).toBe(204);
    expect((await status('meeting', BIG_MEETING, { action: 'stop' })).status).toBe(204);
    await emulator.webhooksDelivered();

    expect(zoom.events()).toEqual(['meeting.live_streaming_started', 'meeting.live_streaming_stopped']);
    const [started] = zoom.received;
    expect(started.signatureValid).toBe(true);
    expect(started.raw).toContain(`"object":{"id":${BIG_MEETING},`);
    expect(started.body.payload).toMatchObject({
      account_id: PRO_ACCOUNT, operator: 'pro.host@example.com', operator_id: emulator.hosts.pro.id,
      object: {
        host_id: emulator.hosts.pro.id, topic: 'Quarterly all-hands (live)', type: 2,
        live_streaming: {
          service: 'Custom_Live_Streaming_Service',
          custom_live_streaming_settings: {
            stream_url: 'rtmp://live.example.com/app', stream_key: `seed-key-${BIG_MEETING}`,
            page_url: `https://example.com/live/${BIG_MEETING}`, resolution: '720p',
          },
          date_time: NOW_ZOOM,
        },
      },
    });
    expect(emulator.webhookDeliveries().map((delivery) => delivery.id)).toEqual([BIG_MEETING, BIG_MEETING]);
  });

  it('webinar live streams start and stop without any event (Zoom has none for webinars)', async () => {
    const { zoom, emulator, status } = await withReceiver();

    expect((await status('webinar', LIVE_WEBINAR, { action: 'start' })).status).toBe(204);
    await emulator.stopLivestream('webinar', LIVE_WEBINAR);
    await emulator.webhooksDelivered();

    expect(emulator.liveStateOf(LIVE_WEBINAR, 'webinar')).toMatchObject({ live: false });
    expect(zoom.received).toEqual([]);
  });

  it('endEvent on a live meeting sends live_streaming_stopped, then meeting.ended', async () => {
    const { zoom, emulator, status } = await withReceiver();
    await status('meeting', BIG_MEETING, START);

    await emulator.endEvent('meeting', BIG_MEETING);

    expect(zoom.events()).toEqual(['meeting.live_streaming_started', 'meeting.live_streaming_stopped', 'meeting.ended']);
    expect(zoom.received[2].raw).toContain(`"id":"${BIG_MEETING}"`);
  });

  it('stopLivestream is the host pressing Stop in the Zoom client: not live, settings kept, live_streaming_stopped', async () => {
    const { zoom, emulator, status } = await withReceiver();
    await status('meeting', BIG_MEETING, START);

    await emulator.stopLivestream('meeting', BIG_MEETING);
    await emulator.stopLivestream('meeting', BIG_MEETING); // not live any more: nothing to announce

    expect(emulator.liveStateOf(BIG_MEETING)).toEqual({ live: false, settings: START.settings });
    expect(zoom.events()).toEqual(['meeting.live_streaming_started', 'meeting.live_streaming_stopped']);
    expect(() => void emulator.stopLivestream('meeting', '12345')).toThrow('No meeting 12345 in the emulator');
  });
});

describe('settings updates', () => {
  const NEW = { stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'new-secret-key', page_url: `https://example.com/live/${BIG_MEETING}` };
  const { stream_key: _key, ...NEW_VISIBLE } = NEW;

  it('PATCH …/livestream sends meeting.updated with what changed and old_object, and never a stream key', async () => {
    const { zoom, emulator, patch } = await withReceiver();

    expect((await patch(`/v2/meetings/${BIG_MEETING}/livestream`, NEW)).status).toBe(204);
    await emulator.webhooksDelivered();

    const [updated] = zoom.received;
    expect(updated.body.event).toBe('meeting.updated');
    expect(updated.raw).toContain(`"object":{"id":${BIG_MEETING},`);
    expect(updated.raw).toContain(`"old_object":{"id":${BIG_MEETING},`);
    expect(updated.body.payload).toMatchObject({
      account_id: PRO_ACCOUNT, operator_id: emulator.hosts.pro.id, time_stamp: NOW,
      object: { settings: { live_stream: { stream_url: NEW.stream_url } } },
      old_object: { settings: { live_stream: { stream_url: 'rtmp://live.example.com/app' } } },
    });
    expect(updated.raw).not.toMatch(/new-secret-key|seed-key-|stream_key/);
  });

  it('webinars send webinar.updated, an id past 2^53 exact', async () => {
    const { zoom, emulator, patch } = await withReceiver();

    await patch(`/v2/webinars/${BIG_WEBINAR}/livestream`, { ...NEW, resolution: '1080p' });
    await emulator.webhooksDelivered();

    expect(zoom.events()).toEqual(['webinar.updated']);
    expect(zoom.received[0].raw).toContain(`"id":${BIG_WEBINAR},`);
    expect(zoom.received[0].body.payload.object.settings.live_stream).toEqual({ ...NEW_VISIBLE, resolution: '1080p' });
  });
});
