import { createZoomEmulator } from '../../src/emulator';
import { useReceivers } from './webhook-receiver';

/** How the emulator delivers its webhooks: only to a target, in order, without holding up the API, failures recorded. */
const SECRET = 'delivery-test-secret-token';
const BIG_MEETING = '90071992547409931'; // above 2^53, seeded in progress with a stream set up
const WAITING = '85746065001';
const BIG_WEBINAR = '93456789012345677';

const { receiver, withReceiver } = useReceivers(SECRET);

const START = { action: 'start', settings: { active_speaker_name: false, display_name: 'Priya live' } };

describe('delivery', () => {
  it('sends nothing without a webhook target, and follows setWebhook', async () => {
    const zoom = await receiver();
    const emulator = createZoomEmulator();

    await emulator.startEvent('meeting', WAITING);
    emulator.setWebhook({ url: zoom.url, secretToken: SECRET });
    await emulator.endEvent('meeting', WAITING);
    emulator.setWebhook(undefined);
    await emulator.startEvent('meeting', WAITING);

    expect(zoom.events()).toEqual(['meeting.ended']);
    expect(emulator.webhookDeliveries()).toHaveLength(1);
  });

  it('answers the API call before the webhook is answered; webhooksDelivered waits for it', async () => {
    const { zoom, emulator, status } = await withReceiver();
    zoom.hold();

    expect((await status('meeting', BIG_MEETING, START)).status).toBe(204);
    expect(emulator.webhookDeliveries()).toEqual([]);
    zoom.release();
    await emulator.webhooksDelivered();

    expect(emulator.webhookDeliveries()).toEqual([{ event: 'meeting.live_streaming_started', id: BIG_MEETING, status: 200 }]);
  });

  it('keeps the order of the changes across meetings and calls made without await', async () => {
    const { zoom, emulator } = await withReceiver();

    void emulator.startEvent('meeting', WAITING);
    void emulator.startEvent('webinar', BIG_WEBINAR);
    void emulator.endEvent('meeting', WAITING);
    await emulator.webhooksDelivered();

    expect(zoom.events()).toEqual(['meeting.started', 'webinar.started', 'meeting.ended']);
  });

  it('records a 500 as 500 and an unreachable receiver as 0, without retrying or throwing', async () => {
    const { zoom, emulator } = await withReceiver();
    zoom.answerWith(500);

    await emulator.startEvent('meeting', WAITING);
    await zoom.close();
    await emulator.endEvent('meeting', WAITING);

    expect(zoom.received).toHaveLength(1);
    expect(emulator.webhookDeliveries()).toEqual([
      { event: 'meeting.started', id: WAITING, status: 500 }, { event: 'meeting.ended', id: WAITING, status: 0 },
    ]);
  });
});
