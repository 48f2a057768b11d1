import { useReceivers } from './webhook-receiver';

/** startRefusalSeconds: Zoom refusing a live stream started too soon after the meeting, on the emulator's clock. */
const SECRET = 'start-window-secret-token';
const WAITING = '85746065001';
const STARTED_LONG_AGO = '90071992547409931'; // seeded in progress: its host started it before the emulator's clock began
const WAITING_WEBINAR = '93456789012345677';
let clock = Date.UTC(2026, 4, 2, 9, 30, 0);

const { withReceiver } = useReceivers(SECRET, () => clock);
const START = { action: 'start' };

describe('start refusal for the first seconds of a meeting', () => {
  it('refuses PATCH …/livestream/status start within N seconds of startEvent with 4927, and accepts it after', async () => {
    const { emulator, status, get } = await withReceiver({ startRefusalSeconds: 10 });
    await emulator.startEvent('meeting', WAITING);

    const tooSoon = await status('meeting', WAITING, START);
    clock += 9_999;
    const stillTooSoon = await status('meeting', WAITING, START);
    clock += 1;
    const afterWindow = await status('meeting', WAITING, START);

    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body).toEqual({ code: 4927, message: `Meeting ${WAITING} has not started.` });
    expect(stillTooSoon.status).toBe(400);
    expect(afterWindow.status).toBe(204);
    expect(emulator.liveStateOf(WAITING)).toMatchObject({ live: true });
    expect((await get(`/v2/meetings/${WAITING}`)).body.status).toBe('started');
  });

  it('webinars answer the generic code 200 within the window', async () => {
    const { emulator, status } = await withReceiver({ startRefusalSeconds: 5 });
    await emulator.startEvent('webinar', WAITING_WEBINAR);

    const tooSoon = await status('webinar', WAITING_WEBINAR, START);
    clock += 5_000;

    expect(tooSoon.body).toEqual({ code: 200, message: `Webinar ${WAITING_WEBINAR} has not started.` });
    expect((await status('webinar', WAITING_WEBINAR, START)).status).toBe(204);
  });

  it('leaves alone meetings started before the emulator began, stop and mode, and everything without the option', async () => {
    const refusing = await withReceiver({ startRefusalSeconds: 30 });
    const plain = await withReceiver();
    await plain.emulator.startEvent('meeting', WAITING);

    expect((await refusing.status('meeting', STARTED_LONG_AGO, START)).status).toBe(204);
    expect((await refusing.status('meeting', STARTED_LONG_AGO, { action: 'stop' })).status).toBe(204);
    expect((await plain.status('meeting', WAITING, START)).status).toBe(204);
  });

  it('the window starts again when the meeting is ended and started again', async () => {
    const { emulator, status } = await withReceiver({ startRefusalSeconds: 10 });
    await emulator.startEvent('meeting', WAITING);
    clock += 60_000;
    await emulator.endEvent('meeting', WAITING);
    await emulator.startEvent('meeting', WAITING);

    expect((await status('meeting', WAITING, START)).body.code).toBe(4927);
  });
});
