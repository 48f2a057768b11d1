import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { signedInAs } from './helpers';
import { startReceiver, type Receiver } from './webhook-receiver';

/** /emulator/{meetings|webinars}/:id: the host's Start, End and Stop live stream, as the sandbox and browser tests use them. */
const SECRET = 'control-page-secret';
const BIG_MEETING = '90071992547409931'; // in progress, stream set up
const WAITING = '85746065001';
const WEBINAR = '84129876502';

let zoom: Receiver;
beforeEach(async () => {
  zoom = await startReceiver(SECRET);
});
afterEach(() => zoom.close());

async function pageAndApi() {
  const signedIn = await signedInAs('pro', { webhook: { url: zoom.url, secretToken: SECRET } });
  const page = (path: string) => request(signedIn.app).get(`/emulator${path}`);
  const press = (path: string) => request(signedIn.app).post(`/emulator${path}`);
  return { ...signedIn, page, press };
}

describe('GET /emulator/{meetings|webinars}/:id', () => {
  it('shows the topic, that it has not started nor streams, a Start button and where webhooks go', async () => {
    const { page } = await pageAndApi();

    const res = await page(`/meetings/${WAITING}`);

    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<h1>Product launch stream</h1>');
    expect(res.text).toContain('Status: <strong>not started</strong>');
    expect(res.text).toContain('Live stream: <strong>not streaming</strong>');
    expect(res.text).toContain(`<form method="post" action="/emulator/meetings/${WAITING}/start"><button>Start meeting</button></form>`);
    expect(res.text).not.toContain('stop-stream');
    expect(res.text).toContain(zoom.url);
  });

  it('shows a live stream\'s destination and a Stop live stream button, never the stream key', async () => {
    const { page, patch } = await pageAndApi();
    await patch(`/v2/meetings/${BIG_MEETING}/livestream/status`, { action: 'start' });

    const res = await page(`/meetings/${BIG_MEETING}`);

    expect(res.text).toContain('Status: <strong>in progress</strong>');
    expect(res.text).toContain('Live stream: <strong>streaming</strong> to <code>rtmp://live.example.com/app</code>');
    expect(res.text).toContain('<button>End meeting</button>');
    expect(res.text).toContain(`action="/emulator/meetings/${BIG_MEETING}/stop-stream"><button>Stop live stream</button>`);
    expect(res.text).not.toContain('seed-key-');
  });

  it('serves webinars on their own path, and says when no webhook URL is set', async () => {
    const emulator = createZoomEmulator();

    const res = await request(emulator.app).get(`/emulator/webinars/${WEBINAR}`);

    expect(res.status).toBe(200);
    expect(res.text).toContain('<button>Start webinar</button>');
    expect(res.text).toContain('No webhook URL is set');
  });

  it('answers an unknown id (or a meeting id on the webinar path) with a 404 page', async () => {
    const { page, press } = await pageAndApi();

    const unknown = await page('/meetings/12345');
    const wrongKind = await page(`/webinars/${WAITING}`);
    const pressed = await press('/meetings/12345/start');

    expect([unknown.status, wrongKind.status, pressed.status]).toEqual([404, 404, 404]);
    expect(unknown.type).toBe('text/html');
    expect(unknown.text).toContain('<h1>No meeting 12345</h1>');
    expect(zoom.received).toEqual([]);
  });
});

describe('POST /emulator/{meetings|webinars}/:id/{start|end|stop-stream}', () => {
  it('start runs the host\'s action, waits for its webhook to be answered, then 303s back to the page', async () => {
    const { emulator, page, press } = await pageAndApi();

    const res = await press(`/meetings/${WAITING}/start`);

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/emulator/meetings/${WAITING}`);
    expect(emulator.webhookDeliveries()).toEqual([{ event: 'meeting.started', id: WAITING, status: 200 }]);
    expect((await page(`/meetings/${WAITING}`)).text).toContain('Status: <strong>in progress</strong>');
  });

  it('stop-stream stops the live stream; end then ends the meeting', async () => {
    const { emulator, page, press, patch } = await pageAndApi();
    await patch(`/v2/meetings/${BIG_MEETING}/livestream/status`, { action: 'start' });

    const stopped = await press(`/meetings/${BIG_MEETING}/stop-stream`);
    const ended = await press(`/meetings/${BIG_MEETING}/end`);

    expect([stopped.status, ended.status]).toEqual([303, 303]);
    expect(emulator.liveStateOf(BIG_MEETING)).toMatchObject({ live: false });
    expect(zoom.events()).toEqual(['meeting.live_streaming_started', 'meeting.live_streaming_stopped', 'meeting.ended']);
    const after = (await page(`/meetings/${BIG_MEETING}`)).text;
    expect(after).toContain('Status: <strong>not started</strong>');
    expect(after).toContain('<button>Start meeting</button>');
  });

  it('refuses a form sent from another origin, and changes nothing', async () => {
    const { emulator, press } = await pageAndApi();

    const res = await press(`/meetings/${WAITING}/start`).set('Origin', 'http://127.0.0.1:9');

    expect(res.status).toBe(403);
    expect(emulator.meetingsOf('pro').find((meeting) => meeting.id === WAITING)?.status).toBe('waiting');
    expect(zoom.received).toEqual([]);
  });

  it('stays out of the request log and of injected faults, which are kept for Zoom\'s API', async () => {
    const { emulator, page, press, get } = await pageAndApi();
    emulator.clearRequests();
    emulator.failNext({ status: 500 });

    await press(`/webinars/${WEBINAR}/start`).expect(303);
    await page(`/webinars/${WEBINAR}`).expect(200);

    expect(emulator.requests).toEqual([]);
    expect((await get('/v2/users/me')).status).toBe(500);
  });
});

/** The Delete button: the host deleting a meeting or a webinar series in Zoom. */
describe('POST /emulator/{meetings|webinars}/:id/delete', () => {
  it('the page offers Delete; pressing it removes the meeting, sends meeting.deleted and says so', async () => {
    const { emulator, page, press, get } = await pageAndApi();
    expect((await page(`/meetings/${WAITING}`)).text)
      .toContain(`<form method="post" action="/emulator/meetings/${WAITING}/delete"><button>Delete meeting</button></form>`);

    const res = await press(`/meetings/${WAITING}/delete`);

    expect(res.status).toBe(200);
    expect(res.text).toContain(`Meeting ${WAITING} deleted`);
    expect(emulator.webhookDeliveries()).toEqual([{ event: 'meeting.deleted', id: WAITING, status: 200 }]);
    expect((await get(`/v2/meetings/${WAITING}`)).status).toBe(404);
    expect((await page(`/meetings/${WAITING}`)).status).toBe(404);
  });

  it('deletes a whole webinar series, and refuses a form from another origin', async () => {
    const { emulator, page, press } = await pageAndApi();
    expect((await page(`/webinars/${WEBINAR}`)).text).toContain('<button>Delete webinar series</button>');

    expect((await press(`/webinars/${WEBINAR}/delete`).set('Origin', 'http://127.0.0.1:9')).status).toBe(403);
    expect(zoom.received).toEqual([]);
    await press(`/webinars/${WEBINAR}/delete`).expect(200);

    expect(zoom.received[0].body.payload).toMatchObject({ operation: 'all', object: { type: 9 } });
    expect(emulator.webinarsOf('pro').map((webinar) => webinar.id)).not.toContain(WEBINAR);
  });
});
